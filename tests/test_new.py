"""`budgetgen new`: a commented skeleton per format that check accepts once filled, naming each unfilled fact."""

from __future__ import annotations

import pytest
import yaml

from generator.build import check
from generator.cli import main
from generator.formats import available

from .test_schema import VALIDATOR


@pytest.mark.parametrize("name", available())
def test_skeleton_names_each_unfilled_fact_and_passes_once_filled(name, tmp_path, capsys):
    path = tmp_path / "new.yaml"
    assert main(["new", "--format", name, "-o", str(path)]) == 0
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server:") and f"格式: {name}\n" in text
    assert list(VALIDATOR.iter_errors(yaml.safe_load(text))) == []
    unfilled = [p for p in check(path) if p.severity == "error"]
    assert unfilled and {p.code for p in unfilled} == {"C350"}
    assert {"概况.部门职责", "部门名称"} & {p.place.path for p in unfilled}
    assert all(p.place.line and f"“{p.place.path}”还没有填写" in p.message for p in unfilled)
    path.write_text(text.replace("待填写", "示例"), "utf-8")
    assert [p for p in check(path) if p.severity == "error"] == []


def test_unknown_format_is_named(tmp_path, capsys):
    assert main(["new", "--format", "beijing-1999", "-o", str(tmp_path / "x.yaml")]) == 2
    assert "格式“beijing-1999”不存在" in capsys.readouterr().err and not (tmp_path / "x.yaml").exists()
