"""Building a folder: specs in parallel workers, one broken spec reported and the others built the same as alone."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["2023-shenzhen-sibj", "2022-shenzhen-luohu", "2025-shanghai-putuo-shangwuwei-unit"]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(ROOT / "specs" / f"{seed}.yaml", folder / f"{seed}.yaml")
    (folder / "broken.yaml").write_text("格式: shenzhen-2023\n年度: 二〇二三\n", "utf-8")
    return folder


def test_a_broken_spec_does_not_stop_the_others(tmp_path, capsys):
    folder = _folder(tmp_path)
    assert main(["build", "--no-docx", "--no-pdf", str(folder), "-o", str(tmp_path / "all"), "--jobs", "2"]) == 2
    captured = capsys.readouterr()
    assert "共 4 个规格：生成 3 个，失败 1 个" in captured.err
    assert f"失败 {folder / 'broken.yaml'}：" in captured.err and "broken.yaml:2 [年度]: 错误 E209" in captured.err
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == sorted(f"{s}{x}" for s in SEEDS for x in (".md", ".xlsx"))
    for seed in SEEDS:
        assert main(["build", "--no-docx", "--no-pdf", str(folder / f"{seed}.yaml"), "-o", str(tmp_path / "one")]) == 0
        for suffix in (".xlsx", ".md"):
            assert (tmp_path / "all" / f"{seed}{suffix}").read_bytes() == (tmp_path / "one" / f"{seed}{suffix}").read_bytes()


def test_plain_lines_off_a_terminal_and_a_progress_bar_on_one(tmp_path, capsys, monkeypatch):
    folder = _folder(tmp_path)
    (folder / "broken.yaml").unlink()
    assert main(["build", "--no-docx", "--no-pdf", str(folder), "-o", str(tmp_path / "plain")]) == 0
    assert capsys.readouterr().out.count("已生成 ") == 6
    terminal = io.StringIO()
    terminal.isatty = lambda: True
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["build", "--no-docx", "--no-pdf", str(folder), "-o", str(tmp_path / "bar")]) == 0
    assert "已生成 " not in capsys.readouterr().out and "3/3" in terminal.getvalue()
