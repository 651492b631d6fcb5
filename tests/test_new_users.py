"""What new users rebuilding real documents hit (issue 23): each found, not silently printed."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli import main

SPECS = Path(__file__).resolve().parent.parent / "specs"


def test_whole_yuan_printing_a_total_unlike_its_printed_parts_is_c301(tmp_path, capsys):
    """版式 表格小数位: 0 prints whole yuan in a format of fen: 2,486,039.50 and 9,036,477.50 print 2,486,040 and
    9,036,478, while the 301 class they add to prints a yuan less than its printed items; C301 compared at fen."""
    text = (SPECS / "2026-shanghai-putuo-sifaju-unit.yaml").read_text("utf-8")
    text = text.replace("  三公比较口径: 预算数\n", "  三公比较口径: 预算数\n  表格小数位: 0\n", 1)
    for economic, amount in (("30101", "2486040"), ("30102", "9036477")):
        line = f"- [基本支出, 2040601, {economic}, 一般公共预算拨款, {amount}]"
        assert line in text
        text = text.replace(line, line.replace(f"{amount}]", f"{int(amount) - 1}.5]" if economic == "30101" else f"{amount}.5]"))
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, "utf-8")
    main(["check", str(spec)])
    notes = [line for line in capsys.readouterr().err.splitlines() if "C301" in line]
    assert any(re.search(r"“301 工资福利支出”一行印为 [\d,]+元，各项印出的数相加为", line) for line in notes), notes
