"""决算 import of documents made for the rounding of rates and for what the officer is asked to add: a 年初预算 whose
万元 (83.00) alone gives another completion rate (101.57% for the printed 101.56%), “三公” items of last year each
printing its own difference and rate whose sum would give another total rate (252.90% for 252.91%); and a body of two
units without “三公” spending, whose text needs no 机构设置 and no “三公” facts, so import asks for none (I604)."""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from generator.build import build, load_document, narrative
from generator.importing.document import import_document
from generator.importing.final_checks import accepted

from .test_juesuan_unseen import _spec

THREE = ("30212", "30217", "30231", "31013")


def _rates() -> dict:
    """One unit with “三公” spending; its 年初预算 830,030 yuan and last year's “三公” 12,300 + 41,013 + 9,876."""
    spec = _spec("模板")
    spec["决算明细"][0][5] = 480030
    spec["上年三公经费"] = {"因公出国（境）费": 12300, "公务用车购置及运行维护费": 41013, "公务接待费": 9876}
    return spec


def _units() -> dict:
    """Two units, no “三公” spending nor budget: no 机构设置 and no “三公” facts in its text."""
    spec = copy.deepcopy(_spec("模板"))
    spec["决算明细"] = [ln for ln in spec["决算明细"] if ln[2] not in THREE]
    spec["收入明细"][0][2] = 620000.5
    spec["单位构成"] = [{"单位名称": "示例一院", "备注": ""}, {"单位名称": "示例二院", "备注": ""}]
    spec["三公经费预算数"] = {k: 0 for k in spec["三公经费预算数"]}
    spec["上年三公经费"] = {k: 0 for k in spec["上年三公经费"]}
    del spec["概况"]["机构设置"], spec["情况说明"]["三公经费"]
    return spec


MADE = {"rates": _rates, "units": _units}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("rates")


@cache
def _made(name: str, folder: Path):
    """The spec, its PDF imported, and the imported spec's path."""
    spec = folder / f"{name}.yaml"
    spec.write_text(yaml.safe_dump(MADE[name](), allow_unicode=True, sort_keys=False), "utf-8")
    build(spec, folder / name, kinds=frozenset({"pdf"}))
    done = import_document(folder / name / f"{name}.pdf")
    back = folder / f"{name}-imported.yaml"
    back.write_text(done.text, "utf-8")
    return spec, done, back


def _sentences(text: str, pattern: str) -> list[str]:
    return [s for s in re.split(r"[。；]", text) if re.search(pattern, s)]


def test_the_completion_rate_comes_back_though_the_printed_budget_alone_gives_another(folder):
    spec, _, back = _made("rates", folder)
    before, after = narrative(load_document(spec)), narrative(load_document(back))
    wanted = _sentences(before, "完成年初预算的")
    assert wanted and "完成年初预算的101.56%" in wanted[0]  # 843,000.50 ÷ 830,030 (÷ 830,000 gives 101.57)
    assert _sentences(after, "完成年初预算的") == wanted


def test_the_three_public_totals_growth_rate_comes_back_with_each_items(folder):
    spec, _, back = _made("rates", folder)
    before, after = narrative(load_document(spec)), narrative(load_document(back))
    wanted = _sentences(before, "“三公”经费财政拨款支出决算数比|支出决算(?:增加|减少)")
    assert any("增长252.91%" in s for s in wanted)  # 223,000 against 63,189 (63,190, each item's own choice: 252.90)
    assert _sentences(after, "“三公”经费财政拨款支出决算数比|支出决算(?:增加|减少)") == wanted


def test_nothing_is_asked_for_that_the_text_does_not_need(folder):
    for name in MADE:
        _, done, back = _made(name, folder)
        build(back, folder / f"{name}-rebuilt", kinds=frozenset())  # builds with no hand edit
        assert not [n for n in done.notes if n.code == "I604"], name


def test_a_fact_the_text_needs_and_the_import_lacks_is_asked_for(folder):
    _, _, back = _made("units", folder)
    text = re.sub(r"(?m)^  收支变动原因: .*\n", "", back.read_text("utf-8"))
    assert accepted(text, "units.yaml")[2] == ["情况说明.收支变动原因"]
