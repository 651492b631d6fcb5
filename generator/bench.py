"""The benchmark: `python -m generator.bench [--units N]`. Timing goals live here, not in tests.

It generates synthetic but valid unit specs sized like real ones (50–400 budget lines,
1–30 projects, several funding sources) and prints, in one run: one unit as a whole
process (cold start), one unit in-process, N units as one batch (wall time, peak memory,
and the peak for a tenth of N to show it is flat), and the floor: the same cells written
by bare xlsxwriter, without our model, templates or checks; with the ratios between them.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
import yaml

from .build import build, load_document, sheets
from .formats import load_catalog
from .publishing.pdf import soffice

TEXT_AND_TABLES = frozenset({"xlsx", "md"})

FACTS = {
    "部门职责": "负责本单位职责。", "机构设置": "无下属单位。", "主要工作目标": ["完成年度工作"], "重点项目": [],
    "公务接待费说明": "说明。", "公务用车购置费说明": "说明；", "公务用车运行维护费说明": "说明。", "收支变动原因": "原因。",
    "人员支出用途": "用途。", "公用支出用途": "用途。", "对个人和家庭的补助用途": "用途。", "三公经费说明": "说明。",
    "机关运行经费变动原因": "原因。",
    "国有资产": {"截至": "2022年10月", "车辆": 0, "通用设备50万元以上": 0, "专用设备100万元以上": 0, "新增车辆": 0,
             "新增通用设备50万元以上": 0, "新增专用设备100万元以上": 0},
}
SOURCES = ["一般公共预算拨款", "一般公共预算拨款", "一般公共预算拨款", "政府性基金预算拨款", "事业收入", "其他收入"]


def synthetic_spec(seed: int) -> dict:
    """A valid unit spec of the 2023 Shenzhen format, sized like a real unit's."""
    rng = random.Random(seed)
    catalog = load_catalog(2023)
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
    return {"格式": "shenzhen-2023", "年度": 2023, "部门名称": f"单位{seed}", "主管部门": "主管部门",
            "单位名称": f"单位{seed}", "项目": projects, "预算明细": lines,
            "上年三公经费": {"因公出国（境）费": 0, "公务接待费": 0, "公务用车购置费": 0, "公务用车运行维护费": 0},
            "绩效目标": {"任务": list(tasks.values()), "年度总体目标": "目标。", "指标": [["产出指标", "数量指标", "指标", "1个"]]},
            "上年": {"收入合计": 10**9, "支出合计": 10**9, "机关运行经费": 10**6}, "概况": FACTS}


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
    """The floor: the same cells (values, formulas, merges) written with xlsxwriter alone."""
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


def batch(folder: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB, the largest process) of `budgetgen build FOLDER` as a whole."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--no-docx", "--no-pdf", str(folder), "-o", str(out)],
                   check=True, capture_output=True)
    wall = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return wall, peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000, help="units in the batch (default 1000)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (one,) = write_specs(root / "one", 1, first=10**6)
        cold = median_seconds(lambda: subprocess.run(
            [sys.executable, "-m", "generator", "build", "--no-docx", "--no-pdf", str(one), "-o", str(root / "cold")],
            check=True, capture_output=True), runs=5)
        warm = median_seconds(lambda: build(one, root / "warm", kinds=TEXT_AND_TABLES))
        tables = sheets(load_document(one))
        floor = median_seconds(lambda: bare_xlsxwriter(tables))
        lines = len(load_document(one).budget.lines)
        small_wall, small_peak = batch(_specs(root / "small", max(1, args.units // 10)), root / "out-small")
        wall, peak = batch(_specs(root / "many", args.units), root / "out-many")
        # last: LibreOffice is a child process too, and would count in the batches' peak memory
        docx = median_seconds(lambda: build(one, root / "docx", kinds=frozenset({"docx"}) | TEXT_AND_TABLES), runs=3)
        pdf = median_seconds(lambda: build(one, root / "pdf"), runs=3) if soffice() else None
    print(f"one unit ({lines} lines), whole process (cold start): {cold:.3f} s   target ≤ 0.3 s")
    print(f"one unit, in-process (load, checks, tables, xlsx, text): {warm * 1000:.0f} ms")
    print(f"floor, the same cells by bare xlsxwriter: {floor * 1000:.0f} ms   in-process / floor = {warm / floor:.1f}×"
          "   target ≤ 2×")
    print(f"{max(1, args.units // 10)} units batch: {small_wall:.1f} s, peak memory {small_peak:.0f} MiB")
    print(f"{args.units} units batch: {wall:.1f} s ({wall / args.units * 1000:.0f} ms a unit), peak memory {peak:.0f} MiB"
          "   target ≤ 60 s for 1,000, memory flat in N")
    print(f"one unit with DOCX (charts drawn, in-process): {docx * 1000:.0f} ms; with DOCX and PDF (LibreOffice): "
          + (f"{pdf:.2f} s" if pdf is not None else "LibreOffice not installed"))
    return 0


def _specs(folder: Path, count: int) -> Path:
    write_specs(folder, count)
    return folder


if __name__ == "__main__":
    raise SystemExit(main())
