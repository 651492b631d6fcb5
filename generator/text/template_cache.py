"""Compiled narrative templates kept between runs, so a one-spec build does not compile them every time.

Jinja's own file cache, keyed by each template's name, file and source checksum: an edited template is
compiled anew. The folder (under $XDG_CACHE_HOME or ~/.cache, `budgetgen/`) may be deleted at any time;
one that cannot be made, read or written, or that others could write into, only means compiling again.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache


class QuietCache(FileSystemBytecodeCache):
    """Jinja's file cache that never fails a build: whatever goes wrong with it, the template is compiled."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged or unreadable entry is only a miss
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a read-only or full disk: the next run compiles again
            pass


def cache_root() -> Path | None:
    """budgetgen's per-user cache folder (not created here); None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset or relative: the XDG rule is to ignore it
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "budgetgen"


def bytecode_cache(env: jinja2.Environment) -> QuietCache | None:
    """A cache for templates compiled by `env`, or None when no private folder can be had for it.

    The folder's name holds a digest of Jinja's and Python's versions and of everything in `env` that
    shapes compiled code, so code compiled under other settings (another release) is never run.
    """
    root = cache_root()
    if root is None:
        return None
    folder = root / f"templates-{_fingerprint(env)}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return None
    except OSError:
        return None
    return QuietCache(str(folder))


def _fingerprint(env: jinja2.Environment) -> str:
    settings = [getattr(env, name) for name in _SHAPING] + [sorted(env.extensions), sorted(env.filters),
                                                          sorted(env.tests), sorted(env.globals)]
    return hashlib.sha1(repr((jinja2.__version__, sys.version, settings)).encode()).hexdigest()[:16]


_SHAPING = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
            "autoescape", "sandboxed", "is_async")
"""The environment's settings that the compiled code of a template depends on."""


def _private(folder: Path) -> bool:
    """The folder is ours and no one else can write to it: code found in it will be run."""
    found = folder.stat()
    owner = getattr(os, "getuid", lambda: found.st_uid)()
    return found.st_uid == owner and not found.st_mode & 0o022
