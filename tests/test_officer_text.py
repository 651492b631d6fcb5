"""What an officer new to budgetgen writes and still gets a publishable text: reasons and uses written with or
without their full stop, a department without 参公 units (no "和0家参公事业单位")."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.build import check, narrative
from generator.document import Document, load_document
from generator.problems import SpecError

SIFAJU = Path(__file__).resolve().parent.parent / "specs" / "2026-shanghai-putuo-sifaju.yaml"


def _with(doc: Document, 单位构成: dict | None = None, **changed) -> Document:
    facts = dict(doc.budget.facts)
    facts["概况"] = dict(facts["概况"]) | changed
    if 单位构成 is not None:
        facts["单位构成"] = 单位构成
    return Document(dataclasses.replace(doc.budget, facts=facts), doc.format)


def test_reasons_and_uses_without_a_full_stop_still_end_their_sentences():
    doc = load_document(SIFAJU)
    facts = doc.budget.facts["概况"]
    bare = {key: {code: words.rstrip("。") for code, words in facts[key].items()}
            for key in ("功能科目用途", "功能科目变动原因")}
    text = narrative(_with(doc, **bare))
    assert "主要用于：行政单位的基本支出。2025年当年预算执行数为1690.69万元" in text
    assert "主要原因是：部分人员退休。\n" in text
    assert "支出2025年" not in text and "退休\n" not in text


def test_a_car_purchase_reason_with_its_full_stop_keeps_the_sentence_going():
    doc = load_document(SIFAJU)
    why = dict(doc.budget.facts["概况"]["三公经费说明"]) | {"公务用车购置费": "主要原因是无公车购置计划。"}
    text = narrative(_with(doc, 三公经费说明=why))
    assert "主要原因是无公车购置计划；公务用车运行费" in text and "。；" not in text


def test_a_department_without_canggong_units_names_only_its_offices():
    doc = load_document(SIFAJU)
    text = narrative(_with(doc, 单位构成={"行政单位": 2}))
    assert "下属2家机关财政拨款的机关运行经费预算为" in text and "0家" not in text
    both = narrative(doc)
    assert "下属1家机关和1家参公事业单位财政拨款的机关运行经费预算为" in both


def test_every_missing_fact_is_named_at_once(tmp_path):
    """A new department spec (or last year's spec in this year's format) lacks dozens of facts: check names them
    all, each item of a mapping by its own path, not one a run."""

    unit = SIFAJU.with_name("2026-shanghai-putuo-sifaju-unit.yaml")
    (tmp_path / unit.name).write_text(unit.read_text("utf-8"), "utf-8")
    spec = tmp_path / "部门.yaml"
    spec.write_text(f"格式: shanghai-2026\n年度: 2026\n部门名称: 某区司法局\n下属单位: [{unit.name}]\n", "utf-8")
    with pytest.raises(SpecError) as stop:
        check(spec)
    missing = [p.subject for p in stop.value.problems if p.code == "E240"]
    assert {"概况.地区", "概况.职能概述", "上年.财政拨款收入", "概况.功能科目用途.2040601",
            "上年执行数.2040601", "概况.功能科目变动原因.2040601"} <= set(missing)
    assert "概况.功能科目用途" not in missing and len(missing) == len(set(missing)) > 20


def test_a_project_fact_the_text_needs_is_named_with_its_project(tmp_path):
    """A project whose 用途 was left out: E240 names the project, not only “用途”, and no internal error."""
    spec = (Path(__file__).resolve().parent.parent / "specs" / "2022-shenzhen-luohu.yaml").read_text("utf-8")
    cut = spec.replace("    用途: 主要用于罗湖辖区社保管理和保障等服务\n", "", 1)
    assert cut != spec
    (tmp_path / "u.yaml").write_text(cut, "utf-8")
    with pytest.raises(SpecError) as caught:
        narrative(load_document(tmp_path / "u.yaml"))
    assert [(p.code, p.message) for p in caught.value.problems] == [
        ("E240", "文字部分需要“项目.区财政安排项目.用途”，规格中没有填写")]


def test_last_years_spec_in_this_years_format_is_pointed_to_next_year(tmp_path):
    """A 2025 spec switched to the 2026 format lacks the facts the 2026 text needs: the missing facts come with
    W239, which says the spec is of another year and that `budgetgen next-year` makes this year's spec."""
    spec = (Path(__file__).resolve().parent.parent / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml")
    moved = spec.read_text("utf-8").replace("格式: shanghai-2025", "格式: shanghai-2026", 1)
    (tmp_path / "u.yaml").write_text(moved, "utf-8")
    with pytest.raises(SpecError) as caught:
        check(tmp_path / "u.yaml")
    codes = [p.code for p in caught.value.problems]
    year = next(p for p in caught.value.problems if p.code == "W239")
    assert "E240" in codes and "budgetgen next-year" in year.message and "2025" in year.message
