"""`ketenradar serve`: the dashboard and JSON API on the store, with uvicorn."""

from __future__ import annotations

from ketenradar.config import Config
from ketenradar.stage import err_console


def serve(config: Config, *, host: str | None = None, port: int | None = None, quiet: bool = False) -> None:
    import uvicorn

    from ketenradar.web.app import create_app

    host = host or config.serve.host
    port = port or config.serve.port
    if not quiet:
        err_console.print(f"loading {config.store.path} (read-only) ...")
    app = create_app(config.store.path, model=config.embed.model)
    # Load the query embedder now, so that the first matchmaking request does not wait for it.
    app.state.ctx.embedder()
    if not quiet:
        err_console.print(
            f"ketenradar dashboard on http://{host}:{port}/  (API: /api/..., OpenAPI: /openapi.json); "
            "stages cannot write to the store while it is served"
        )
    uvicorn.run(app, host=host, port=port, log_level="warning" if quiet else "info")
