"""budgetgen's per-user cache folder: work that depends only on a file's text, kept between runs.

The folder is $XDG_CACHE_HOME/budgetgen (~/.cache/budgetgen when that is not set); deleting it is always
safe. One that cannot be made, read or written, a damaged entry, or a folder others could write into
only means doing the work again: the cache never changes a result and never fails a build.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def root() -> Path | None:
    """The cache folder (not made here); None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset or relative: the XDG rule is to ignore it
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "budgetgen"


def folder(name: str) -> Path | None:
    """A private subfolder of the cache, made if need be; None if it cannot be had."""
    found = root()
    if found is None:
        return None
    path = found / f"{name}-py{sys.version_info[0]}{sys.version_info[1]}"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path if _private(path) else None
    except OSError:
        return None


def _private(path: Path) -> bool:
    """The folder is ours and no one else can write to it: what is read back from it is trusted. On Windows,
    whose mode bits say nothing of this, a folder in the user's own profile is private as Windows makes it."""
    if os.name == "nt":
        return True
    found = path.stat()
    return found.st_uid == os.getuid() and not found.st_mode & 0o022


def parsed(text: str, parse: Callable[[str], Any], name: str) -> Any:
    """`parse(text)`, read back when the same text was parsed before into the cache subfolder `name`.

    Only plain data (dicts, lists, text, numbers) is kept; anything else is parsed every time.
    """
    place = folder(name)
    entry = place / hashlib.sha1(text.encode("utf-8")).hexdigest() if place else None
    if entry is not None:
        try:
            return marshal.loads(entry.read_bytes())
        except Exception:  # noqa: BLE001 - missing, unreadable or damaged: parse it again
            pass
    result = parse(text)
    if entry is not None:
        _store(entry, result)
    return result


def _store(entry: Path, value: Any) -> None:
    """Write an entry whole (a temporary renamed into place), or not at all."""
    try:
        data = marshal.dumps(value)
        fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", dir=entry.parent)
    except (OSError, ValueError):  # a value marshal cannot keep, or a folder that cannot be written
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, entry)
    except OSError:  # a full disk, or the folder deleted meanwhile
        Path(tmp).unlink(missing_ok=True)
