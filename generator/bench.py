"""The benchmark: `python -m generator.bench [--units N] [--published N]`. Timing goals live here, not in tests.

It generates synthetic but valid unit specs sized like real ones (50–400 budget lines,
1–30 projects, several funding sources) and prints, in one run, each against its target: one unit
as a whole process (cold start) and in-process; the floor (the same cells written by bare
xlsxwriter, without our model, templates or checks) and our ratio to it; N units as one batch
without publishing and with DOCX and PDF (wall time, CPU time of all its processes, and the peak memory
of the largest process, with the batch of a tenth of N beside it to show memory is flat); one document's
PDF alone.
The machine's cores and load are printed too: on a shared machine the figures move with the load.
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import xlsxwriter
import yaml

from .build import build, narrative, published, sheets
from .catalogs import load_catalog
from .document import load_document
from .shipped import templates_root

TEXT_AND_TABLES = frozenset({"xlsx", "md"})

SYNTHETIC = yaml.safe_load((templates_root() / "synthetic.yaml").read_text("utf-8"))
"""The synthetic unit's fixed parts (format, year, the text's facts): data, so no format is named here."""
FACTS = SYNTHETIC["概况"]
SOURCES = ["一般公共预算拨款", "一般公共预算拨款", "一般公共预算拨款", "政府性基金预算拨款", "事业收入", "其他收入"]


def synthetic_spec(seed: int) -> dict:
    """A valid unit spec of the format templates/synthetic.yaml names, sized like a real unit's."""
    rng = random.Random(seed)
    catalog = load_catalog(SYNTHETIC["年度"])
    functions = [c for c in catalog.functions if len(c) == 7 and c[:5] in catalog.functions]
    economics = [c for c in catalog.economics if len(c) == 5]
    basic_economics = [c for c in economics if c[:3] in ("301", "302", "303")]
    projects = [{"名称": f"项目{i}", "类别": rng.choice(catalog.categories), "上年预算": rng.randint(0, 10**8),
                 "用途": "用途", "绩效目标": "目标。"} for i in range(rng.randint(1, 30))]
    lines, tasks = [], {}
    for _ in range(rng.randint(50, 400)):
        owner = rng.choice(["基本支出"] * 3 + [p["名称"] for p in projects])
        source, amount = rng.choice(SOURCES), rng.randint(1, 10**9) / 100
        lines.append([owner, rng.choice(functions), rng.choice(basic_economics if owner == "基本支出" else economics),
                      source, amount])
        task = tasks.setdefault(owner, {"任务名称": owner, "主要内容": "内容。", "财政拨款": 0, "其他资金": 0})
        key = "财政拨款" if catalog.source_groups[source] == "政府预算拨款" else "其他资金"
        task[key] = round(task[key] + amount, 2)
    fixed = {k: SYNTHETIC[k] for k in ("格式", "年度", "主管部门", "上年三公经费", "上年", "概况")}
    return fixed | {"部门名称": f"单位{seed}", "单位名称": f"单位{seed}", "项目": projects, "预算明细": lines,
                    "绩效目标": {"任务": list(tasks.values()), "年度总体目标": "目标。", "指标": SYNTHETIC["指标"]}}


def write_specs(folder: Path, count: int, first: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(first, first + count):
        path = folder / f"unit-{seed:05d}.yaml"
        path.write_text(yaml.safe_dump(synthetic_spec(seed), allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    return paths


def median_seconds(action: Callable[[], object], runs: int = 5) -> float:
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_xlsxwriter(tables) -> bytes:
    """The floor: the same cells (values, formulas, merges) written with xlsxwriter alone, through the same
    public writers as ours, so nothing of our own is counted in it."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    for sheet in tables:
        ws = book.add_worksheet(sheet.name[:31])
        for r1, c1, r2, c2 in sheet.merges:
            if (r1, c1) != (r2, c2):
                ws.merge_range(r1, c1, r2, c2, None)
        for (row, col), cell in sheet.cells.items():
            if cell.formula:
                ws.write_formula(row, col, f"={cell.formula}", None, float(cell.value))
            elif isinstance(cell.value, str):
                ws.write_string(row, col, cell.value)
            elif cell.value is not None:
                ws.write_number(row, col, float(cell.value))
    book.close()
    return out.getvalue()


def floor_per_unit(folder: Path, sample: int = 20) -> float:
    """Mean seconds bare xlsxwriter takes to write a unit of a batch (its first `sample` specs): no batch
    of workbooks can take less than this on each core, whatever our own code does."""
    tables = [sheets(load_document(spec)) for spec in sorted(folder.glob("*.yaml"))[:sample]]
    bare_xlsxwriter(tables[0])
    start = time.perf_counter()
    for sheet_list in tables:
        bare_xlsxwriter(sheet_list)
    return (time.perf_counter() - start) / len(tables)


def batch(folder: Path, out: Path, publish: bool = False) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MiB, the largest process: the build or one of its workers) and CPU seconds
    (all its processes: on a shared machine the wall time moves with the load, this much less) of
    `budgetgen build FOLDER` as a whole, with or without the DOCX and PDF."""
    command = [sys.executable, "-m", "generator", "build", str(folder), "-o", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command + ([] if publish else ["--no-docx", "--no-pdf"]),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = _Peak(process.pid)
    _, errors = process.communicate()
    wall = time.perf_counter() - start
    peak.stop()
    if process.returncode != 0:
        raise RuntimeError(errors.decode(errors="replace")[-500:])
    return wall, peak.mib, sum(peak.cpu.values())


class _Peak(threading.Thread):
    """The largest resident size of a process or any of its descendants, and the CPU time each has used,
    sampled ten times a second (workers start from a forkserver, so getrusage would not see them)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.mib, self.done = pid, 0.0, threading.Event()
        self.cpu: dict[int, float] = {}  # pid → user + system seconds when last seen
        self.start()

    def run(self) -> None:
        while not self.done.wait(0.1):
            pids = _descendants(self.pid)
            self.mib = max([self.mib] + [_rss(p) for p in pids])
            self.cpu |= {p: seconds for p in pids if (seconds := _cpu(p)) is not None}

    def stop(self) -> None:
        self.done.set()
        self.join()


def _descendants(root: int) -> list[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _rss(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def paired(ours: Callable[[], object], floor: Callable[[], object], runs: int = 9) -> tuple[float, float]:
    """Median seconds of two actions measured turn about, so a busy moment of a shared machine falls on both."""
    ours(), floor()
    a, b = [], []
    for _ in range(runs):
        for action, times in ((ours, a), (floor, b)):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def pdf_alone(folder: Path, count: int = 6) -> tuple[float, float]:
    """Seconds to typeset one document's PDF from its publication, in this process: the first document
    (Typst finding and reading the fonts), then the median of the others, each a different unit, as a batch
    typesets them."""
    from .publishing.typeset import pdf_bytes

    times = []
    for spec in write_specs(folder, count, first=2 * 10**6):
        doc = load_document(spec)
        pub = published(doc, sheets(doc), narrative(doc))
        start = time.perf_counter()
        pdf_bytes(pub, datetime(doc.budget.year, 1, 1))
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000, help="units in the batch (default 1000)")
    parser.add_argument("--published", type=int, help="units in the batch with DOCX and PDF (default: --units)")
    args = parser.parse_args(argv)
    n, n_pub = args.units, args.published if args.published is not None else args.units
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {cores} cores, load average {_load()} at start")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (one,) = write_specs(root / "one", 1, first=10**6)
        lines = len(load_document(one).budget.lines)
        # As pip does on install: a session started with PYTHONDONTWRITEBYTECODE would otherwise compile every module
        # of the package again in each cold start, which no installed budgetgen does.
        compileall.compile_dir(Path(__file__).resolve().parent, quiet=1)
        cold = median_seconds(lambda: subprocess.run(
            [sys.executable, "-m", "generator", "build", "--no-docx", "--no-pdf", str(one), "-o", str(root / "cold")],
            check=True, capture_output=True), runs=5)
        print(f"one unit ({lines} lines), whole process (cold start): {cold:.3f} s   target ≤ 0.3 s", flush=True)
        tables = sheets(load_document(one))
        warm, floor = paired(lambda: build(one, root / "warm", kinds=TEXT_AND_TABLES), lambda: bare_xlsxwriter(tables))
        print(f"one unit, in-process (load, checks, tables, xlsx, text): {warm * 1000:.0f} ms")
        print(f"floor, the same cells by bare xlsxwriter: {floor * 1000:.0f} ms   in-process / floor = "
              f"{warm / floor:.1f}×   target ≤ 2×", flush=True)
        runs = [(max(1, n // 10), False), (n, False)] + ([(max(1, n_pub // 10), True), (n_pub, True)] if n_pub else [])
        for count, publish in runs:
            folder = _specs(root / f"specs-{count}", count)
            wall, peak, cpu = batch(folder, root / f"out-{count}-{publish}", publish)
            print(_batch_line(count, publish, wall, peak, cpu), flush=True)
            if count >= 100 and not publish:
                floor_unit = floor_per_unit(folder)
                print(f"  floor of this batch: xlsxwriter alone writing its cells, {floor_unit * 1000:.0f} ms a unit, "
                      f"{floor_unit * count / cores:.1f} s on {cores} cores with no time lost "
                      f"({floor_unit * 1000 / cores:.0f} s for 1,000)", flush=True)
        cold_pdf, warm_pdf = pdf_alone(root / "pdf-alone")
        docx = median_seconds(lambda: build(one, root / "docx", kinds=frozenset({"docx"}) | TEXT_AND_TABLES), runs=3)
        full = median_seconds(lambda: build(one, root / "pdf"), runs=3)
    print(f"one document's PDF alone (typeset by Typst from its publication, in-process, median of 5 units): "
          f"{warm_pdf * 1000:.0f} ms (the first in a process, fonts read: {cold_pdf * 1000:.0f} ms)   target well under 0.5 s")
    print(f"one unit in-process with DOCX (charts drawn): {docx * 1000:.0f} ms; with DOCX and PDF: {full * 1000:.0f} ms")
    print(f"load average {_load()} at the end")
    return 0


def _batch_line(count: int, publish: bool, wall: float, peak: float, cpu: float) -> str:
    what = "with DOCX and PDF" if publish else "workbook and text"
    goal = 240 if publish else 45
    line = (f"{count} units batch, {what}: {wall:.1f} s ({wall / count * 1000:.0f} ms a unit), CPU {cpu:.1f} s "
            f"({cpu / count * 1000:.0f} ms a unit), peak memory {peak:.0f} MiB")
    if count >= 100:
        line += f"   target ≤ {goal} s for 1,000 ({wall / count * 1000:.0f} s at this rate), memory flat in N"
    return line


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _specs(folder: Path, count: int) -> Path:
    write_specs(folder, count)
    return folder


if __name__ == "__main__":
    raise SystemExit(main())
