"""Many specs at once: each built in a worker process, one failure never stopping the others.

Workers return small outcomes (files written, findings), nothing of the document, so memory
stays flat however many specs a folder holds. Output is the same bytes as one-by-one builds.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .build import ALL_KINDS, build
from .problems import Place, Problem, SpecError
from .tables.rows import LayoutError


@dataclass(frozen=True)
class Outcome:
    """What building one spec came to: the files written, or the problems that stopped it."""

    spec: Path
    written: tuple[Path, ...]
    findings: tuple[Problem, ...]
    ok: bool


def build_one(spec: Path, out_dir: Path, force: bool = False, catalog: Path | None = None,
              kinds: frozenset[str] = ALL_KINDS) -> Outcome:
    """Build a spec; every failure becomes an Outcome with its messages, never an exception."""
    try:
        written, findings = build(spec, out_dir, force, catalog, kinds)
    except SpecError as exc:
        return Outcome(spec, (), exc.problems, False)
    except LayoutError as exc:
        return Outcome(spec, (), (Problem("E900", Place(str(spec)), f"模板有误：{exc}"),), False)
    except Exception as exc:  # noqa: BLE001 - the last net: a message, never a traceback
        message = f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}"
        return Outcome(spec, (), (Problem("E999", Place(str(spec)), message),), False)
    return Outcome(spec, tuple(written), tuple(findings), True)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def build_many(specs: list[Path], out_dir: Path, force: bool = False, catalog: Path | None = None,
               jobs: int | None = None, kinds: frozenset[str] = ALL_KINDS) -> Iterator[Outcome]:
    """Outcomes as specs finish: in worker processes when there are several, else in this one."""
    jobs = min(jobs or default_jobs(), len(specs))
    if jobs <= 1:
        for spec in specs:
            yield build_one(spec, out_dir, force, catalog, kinds)
        return
    yield from _in_workers(specs, out_dir, force, catalog, jobs, kinds)


def _in_workers(specs: list[Path], out_dir: Path, force: bool, catalog: Path | None, jobs: int,
                kinds: frozenset[str]) -> Iterator[Outcome]:
    """Outcomes as specs finish in `jobs` worker processes, a few specs in flight per worker."""
    # Imported here: multiprocessing and concurrent.futures cost a one-spec build ~20 ms of start-up.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    waiting = iter(specs)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        # A few specs in flight per worker: nothing about finished specs is kept, whatever their number.
        running = {pool.submit(build_one, s, out_dir, force, catalog, kinds) for s in itertools.islice(waiting, jobs * 4)}
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                following = next(waiting, None)
                if following is not None:
                    running.add(pool.submit(build_one, following, out_dir, force, catalog, kinds))


def _context():
    """Workers forked from a fresh server that has imported the build, not from this process: a process
    that has typeset a PDF holds Typst's threads, and a child forked from it could wait forever on a
    lock one of them held."""
    import multiprocessing  # only with workers: see _in_workers

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["generator.build", "generator.publishing.publish"])  # build imports publish lazily
    return context
