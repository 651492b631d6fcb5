"""Texts the outputs cannot carry are found by `check` at their line, so `check` and `build` never disagree
(issue 23, item 3): a control character, a text longer than a workbook cell holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.reading.texts import MAX_TEXT

BASE = Path(__file__).resolve().parent / "bad" / "61-金额写了千分位逗号.yaml"  # a good spec but for one comma
DUTY = "  部门职责: 负责全区人力资源工作。"


def _spec(tmp_path: Path, duty: str) -> Path:
    text = BASE.read_text("utf-8").replace("1,000,000]", "1000000]")
    assert DUTY in text
    spec = tmp_path / "spec.yaml"
    spec.write_text(text.replace(DUTY, f"  部门职责: {duty}"), "utf-8")
    return spec


@pytest.mark.parametrize("escape", ["\\x01", "\\a", "\\v", "\\e", "\\uFFFE", "\\0", "\\x7f"])
def test_a_control_character_is_found_at_its_line_by_check_and_build(escape, tmp_path, capsys):
    spec = _spec(tmp_path, f'"a{escape}b"')
    assert main(["check", str(spec)]) == 2
    assert f"{spec}:42 [概况.部门职责]: 错误 E213" in capsys.readouterr().err
    out = tmp_path / "out"
    assert main(["build", "--no-pdf", str(spec), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "E213" in err and "E999" not in err
    assert not out.exists() or not any(out.iterdir())


def test_a_key_with_a_control_character_is_found(tmp_path, capsys):
    spec = _spec(tmp_path, "负责。\n  \"机构\\x01\": 无")
    assert main(["check", str(spec)]) == 2
    assert "E213: 键中有 1 个不可见的控制字符" in capsys.readouterr().err


def test_a_text_longer_than_a_cell_is_found_and_one_that_fits_is_not(tmp_path, capsys):
    assert main(["check", str(_spec(tmp_path, "字" * (MAX_TEXT + 1)))]) == 2
    assert "E213: 文字过长（32,768 个字）" in capsys.readouterr().err
    assert main(["check", str(_spec(tmp_path, "字" * 2000))]) == 0


def test_tabs_and_line_breaks_are_text(tmp_path):
    assert main(["check", str(_spec(tmp_path, '"负责\\t全区\\n人力资源工作。"'))]) == 0


def test_a_lone_surrogate_is_a_yaml_slip_said_in_chinese(tmp_path, capsys):
    assert main(["check", str(_spec(tmp_path, '"a\\ud800b"'))]) == 2
    assert "E102: YAML 格式错误：双引号中的“\\u”转义不是有效的字符" in capsys.readouterr().err
