"""Where budgetgen's shipped data lives: the templates/ folder of formats, catalogs and fill-in layouts."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def templates_root() -> Path:
    """templates/ beside the package in a checkout, or inside it when installed from a wheel.

    Found from this file, as importlib.resources would find it for a package on disk, without the ~5 ms
    that importing and first calling importlib.resources add to every command's start.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent / "templates"
