"""The synthetic demo world: a latent-trait population, its sources, websites and ground truth.

`generate_world(out_dir, firms=..., seed=..., preset="medium", style="default")` writes one world;
see docs/demo-world.md. This package shares nothing with the indicator taxonomy but indicator ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ketenradar.demo.config import PRESETS, STYLES, WorldConfig, load_world_config, preset

# Load the submodule `generate` before the function of the same name is defined below: importing a
# submodule for the first time rebinds the package attribute to the module, which would otherwise
# replace `ketenradar.demo.generate` (the function) as soon as anything imports demo/generate.py.
from ketenradar.demo import generate as _generate_module  # noqa: E402,F401  isort: skip

__all__ = ["PRESETS", "STYLES", "WorldConfig", "generate", "load_world_config", "preset"]


def generate(
    out_dir: str | Path,
    firms: int,
    seed: int,
    preset: str = "medium",
    style: str | None = None,
    *,
    config: WorldConfig | str | Path | None = None,
    quiet: bool = True,
    workers: int | None = None,
) -> dict[str, Any]:
    """Write a demo world into `out_dir` and return its counts (see `generate.generate_world`)."""
    from ketenradar.demo.generate import generate_world

    return generate_world(
        Path(out_dir), firms=firms, seed=seed, preset=preset, style=style, config=config, quiet=quiet,
        workers=workers,
    )  # fmt: skip
