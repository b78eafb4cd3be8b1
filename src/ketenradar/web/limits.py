"""Request limits of the dashboard and API: refuse oversized input before any work is done.

A request body above `MAX_BODY_BYTES` is answered 413 from its Content-Length alone, or, when it is
sent without one (chunked), as soon as the bytes read pass the limit; a URL whose query string is
longer than `MAX_QUERY_BYTES` gets 413 too. Field and list lengths are capped in the API models
(web/models.py), so a body under the limit that asks for too much is a 422 from validation.
Both answers cost microseconds: nothing is parsed, embedded or searched (bench/bench_limits.py).
"""

from __future__ import annotations

import json
from typing import Any

MAX_BODY_BYTES = 64 * 1024
"""The largest request body: a consortium of 30 capabilities of 500 characters is about 16 KB."""
MAX_QUERY_BYTES = 32 * 1024
"""The longest query string: the consortium form sends up to 30 capabilities of 300 characters
(percent-encoded, up to three bytes per character) in its URL."""


async def _send_413(send: Any, message: str) -> None:
    body = json.dumps({"detail": message, "field": None}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestLimits:
    """ASGI middleware: 413 for a body over `max_body` bytes or a query string over `max_query` bytes."""

    def __init__(self, app: Any, max_body: int = MAX_BODY_BYTES, max_query: int = MAX_QUERY_BYTES) -> None:
        self.app, self.max_body, self.max_query = app, max_body, max_query

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_query:
            await _send_413(send, f"the query string is longer than {self.max_query} bytes")
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = self.max_body + 1
                if length > self.max_body:
                    await _send_413(send, f"the request body is larger than {self.max_body} bytes")
                    return
        seen = 0
        too_large = started = False

        async def limited_receive() -> dict:
            nonlocal seen, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    # Stop feeding the app: it sees a client that went away and stops reading.
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict) -> None:
            nonlocal started
            if too_large:  # whatever the app answers to a cut-off body, the client gets the 413
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            await _send_413(send, f"the request body is larger than {self.max_body} bytes")
