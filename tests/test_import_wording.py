"""Import learns the publisher's wording: each named sentence printed otherwise becomes the spec's 措辞.

The published texts here are the seed spec's own text reworded through 措辞 (what an office that words its
document otherwise prints), so the 措辞 expected back is the one put in, never our own output.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from generator.build import narrative
from generator.document import load_document
from generator.importing.learning import learnt

from .roundtrip import imported_back
from .test_narrative import _text_part
from .textcompare import similarity

SPEC = Path(__file__).resolve().parent.parent / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
SOURCE = Path("公开文本.pdf")
REWORDED = {
    "收入预算": "{年度}年，{名称}全年收入预算共计{收入合计}万元，其中：财政拨款收入{财政拨款收入}万元，{财政拨款收入比较}；"
                "事业收入{事业收入}万元；事业单位经营收入{事业单位经营收入}万元；其他收入{其他收入}万元。",
    "机关运行经费": "{年度}年{名称}安排财政拨款的机关运行经费{金额}万元，用于保障机关正常运转。",
}


@functools.cache
def _spec() -> str:
    return SPEC.read_text("utf-8")


def _printed_with(wording: dict, folder: Path) -> str:
    """The seed's text as an office that words it by `wording` (a spec's 措辞) prints it."""
    spec = folder / "reworded.yaml"
    spec.write_text(_spec() + "\n" + yaml.safe_dump({"措辞": wording}, allow_unicode=True, width=10_000), "utf-8")
    return narrative(load_document(spec))


def _learnt(published: str) -> tuple[dict, list]:
    result = learnt(_spec(), published, SOURCE)
    return (yaml.safe_load(result.text).get("措辞") or {}), list(result.notes)


@pytest.mark.parametrize("wording", [
    REWORDED,
    {"公务接待": "逗号"},  # a variant of the format that prints it: its name
    {"名词-事业单位经营收入": "不印"},  # an optional sentence the document leaves out
    {"绩效": {"数字": {"千分位": False}}},  # the 2025 商务委 document prints 11381.60 here, 3,136.40 elsewhere
    {"三公合计比较": {"持平": "{持平连词}{上年}年{口径}数持平"}},  # a sentence with cases: the case printed
], ids=["reworded", "variant", "dropped", "number-style", "case"])
def test_a_sentence_worded_otherwise_comes_back_as_the_offices_wording(tmp_path, wording):
    found, notes = _learnt(_printed_with(wording, tmp_path))
    assert found == wording
    assert not [n for n in notes if n.code in ("I611", "I612", "I613")]


def test_the_text_prints_as_published_with_the_learnt_wording(tmp_path):
    published = _printed_with(REWORDED, tmp_path)
    result = learnt(_spec(), published, SOURCE)
    assert result.before < result.after == 1.0


def test_a_figure_that_ties_to_nothing_stays_as_printed_and_is_listed(tmp_path):
    published = _printed_with({"财政拨款收入比较": {"增加": "比{上年}年{口径}增加24,558.19万元"}}, tmp_path)
    assert "增加24,558.19万元" in published  # the seed computes 24,558.18
    found, notes = _learnt(published)
    assert found == {"财政拨款收入比较": {"增加": "比{上年}年{口径}增加24,558.19万元"}}
    listed = [n for n in notes if n.code == "I611"]
    assert len(listed) == 1 and "24,558.19" in listed[0].message and listed[0].place.path == "措辞.财政拨款收入比较"


def test_a_figure_the_publisher_adds_is_tied_by_its_name():
    published = narrative(load_document(SPEC)).replace("与2024年预算持平。其中：", "与2024年预算持平，全部为公务接待费1.00万元。其中：")
    found, _ = _learnt(published)
    assert found == {"三公合计": "{年度}年“三公”经费预算数为{合计}万元，{比较}，全部为公务接待费{合计}万元。其中："}


def test_a_figure_printed_otherwise_in_one_of_many_alike_sentences_is_listed_not_learnt():
    """One 主要内容项 of sixteen without thousands separators (as the 2025 商务委 document prints it): no wording
    fits all sixteen; the officer is told."""
    published = narrative(load_document(SPEC)).replace("3,136.40万元", "3136.40万元")
    found, notes = _learnt(published)
    assert "主要内容项" not in found
    assert any(n.code == "I613" and n.place.path == "措辞.主要内容项" and "3136.40" in n.message for n in notes)


def test_text_the_publisher_adds_after_a_sentence_stays_in_its_place(tmp_path):
    added = "机关运行经费主要用于办公、水电和物业管理。"
    published = narrative(load_document(SPEC)).replace("机关运行经费预算为171.01万元。", f"机关运行经费预算为171.01万元。{added}")
    found, _ = _learnt(published)
    assert found == {"机关运行经费": f"{{年度}}年{{名称}}财政拨款的机关运行经费预算为{{金额}}万元。{added}"}


def test_a_paragraph_that_fits_no_sentence_is_listed():
    added = "本单位另有若干说明事项，详见附件材料，此处不另赘述。"  # after the last of the 主要职能: one wording for all
    published = narrative(load_document(SPEC)).replace("交办的其他任务。", f"交办的其他任务。\n\n{added}")
    _, notes = _learnt(published)
    assert any(n.code == "I612" and added[:20] in n.message for n in notes)


def test_a_published_text_as_ours_learns_nothing():
    result = learnt(_spec(), narrative(load_document(SPEC)), SOURCE)
    assert result.text == _spec() and result.notes == ()


def test_the_pdf_of_a_reworded_spec_imports_back_to_its_wording(tmp_path):
    """Acceptance: the 2025 商务委 unit with two sentences reworded (and a variant, a sentence left out), built to
    PDF by budgetgen and imported: the 措辞 comes back and the text reaches 0.995 of what was printed."""
    wording = REWORDED | {"公务接待": "逗号", "名词-事业单位经营收入": "不印"}
    spec = tmp_path / "reworded.yaml"
    spec.write_text(_spec() + "\n" + yaml.safe_dump({"措辞": wording}, allow_unicode=True, width=10_000), "utf-8")
    again = imported_back(spec, tmp_path)
    assert yaml.safe_load(again.read_text("utf-8"))["措辞"] == wording
    ours, printed = (_text_part(narrative(load_document(p))) for p in (again, spec))
    assert similarity(ours, printed) >= 0.995
