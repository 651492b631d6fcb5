"""Compiled narrative templates kept between runs, so a one-spec build does not compile them every time.

Jinja's own file cache, keyed by each template's name, file and source checksum: an edited template is
compiled anew. It lives in budgetgen's cache folder (generator/cache.py), which may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import sys

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from .. import cache


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


def bytecode_cache(env: jinja2.Environment) -> QuietCache | None:
    """A cache for templates compiled by `env`, or None when no private folder can be had for it.

    The folder's name holds a digest of Jinja's and Python's versions and of everything in `env` that
    shapes compiled code, so code compiled under other settings (another release) is never run.
    """
    found = cache.folder(f"templates-{_fingerprint(env)}")
    return QuietCache(str(found)) if found else None


def _fingerprint(env: jinja2.Environment) -> str:
    settings = [getattr(env, name) for name in _SHAPING] + [sorted(env.extensions), sorted(env.filters),
                                                          sorted(env.tests), sorted(env.globals)]
    settings += [sorted(getattr(env, name, ())) for name in ("intercepted_binops", "intercepted_unops")]  # compiled in
    return hashlib.sha1(repr((jinja2.__version__, sys.version, settings)).encode()).hexdigest()[:16]


_SHAPING = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
            "autoescape", "sandboxed", "is_async")
"""The environment's settings that the compiled code of a template depends on."""
