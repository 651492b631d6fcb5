"""Import of a document in another publisher's house style: the 2025 商务委 unit spec given a 版式 and 措辞 no
reference prints (whole-yuan tables whose zeros print 0.00, duties led in by “主要职责是”), built to PDF by
budgetgen and imported. What comes back is compared with the spec that printed it, never with our own import."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.build import narrative
from generator.document import load_document

from .roundtrip import imported_back
from .test_import import _fold, _printed

SPEC = Path(__file__).resolve().parent.parent / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
STYLE = {"版式": {"表格小数位": 0, "表格零值": "0.00", "主要内容样式": "编码"}, "措辞": {"职能引语": "主要职责是"}}
WANLI_2024 = SPEC.parent / "2024-shanghai-putuo-wanli-jiedao.yaml"


def _imported(folder: Path, seed: Path, style: dict) -> tuple[Path, Path]:
    """(the seed spec restyled, its PDF imported back to a spec)."""

    spec = folder / "restyled.yaml"
    data = yaml.safe_load(seed.read_text("utf-8"))
    for key, value in style.items():
        data[key] = (data.get(key) or {}) | value
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    again = imported_back(spec, folder)
    return spec, again


@pytest.fixture(scope="module")
def restyled(tmp_path_factory) -> tuple[Path, Path]:
    return _imported(tmp_path_factory.mktemp("house"), SPEC, STYLE)


def _uses(spec: Path) -> dict:
    return {str(code): _fold(use) for code, use in yaml.safe_load(spec.read_text("utf-8"))["概况"]["功能科目用途"].items()}


def test_whole_yuan_tables_with_zeros_printed_as_0_00_stay_whole_yuan(restyled):
    """A zero printed 0.00 says nothing of a table's decimals: the figures print whole yuan as before."""
    spec, again = restyled
    assert yaml.safe_load(again.read_text("utf-8"))["版式"]["表格小数位"] == 0
    before, after = _printed(load_document(spec)), _printed(load_document(again))
    for sheet in ("财务收支预算总表", "收入预算总表", "支出预算总表", "一般公共预算支出功能分类预算表"):
        assert after[sheet] == before[sheet], sheet


def test_duties_led_in_by_main_responsibilities_are_read(restyled):
    """“{职能概述}，主要职责是：1、……” (the 2026 wording) in a 2025 document: the summary and each duty come back."""
    spec, again = restyled
    facts = [yaml.safe_load(p.read_text("utf-8"))["概况"] for p in (spec, again)]
    assert _fold(facts[1]["职能概述"]) == _fold(facts[0]["职能概述"])  # the seed's stray space is not typeset
    assert [_fold(d) for d in facts[1]["主要职能"]] == [_fold(d) for d in facts[0]["主要职能"]]


def test_items_printed_by_their_codes_give_back_their_uses(restyled):
    """`1、一般公共服务支出（201类）商贸事务（13款）行政运行（01项）938.99万元。主要用于：……` (主要内容样式 编码) in a
    2025 document: each item's use is read (was 待填写, and the first item's use learnt into every item's wording)."""
    spec, again = restyled
    assert _uses(again) == _uses(spec)
    assert "主要内容项" not in (yaml.safe_load(again.read_text("utf-8")).get("措辞") or {})


def test_items_written_class_dash_group_dash_item_give_back_their_uses(tmp_path):
    """区府办25D/U's `“{类}-{款}-{项}”科目{金额}万元，主要用于……` in a 2024 document (万里街道)."""
    spec, again = _imported(tmp_path, WANLI_2024, {"措辞": {"主要内容项": "类款项连写"}})
    assert _uses(again) == _uses(spec)


def test_a_2026_document_with_items_in_quotes_and_its_level_in_headings_reads_back_and_builds(tmp_path):
    """司法局 2026 unit printed with `1.“公共安全支出（类）司法（款）行政运行（项）”…万元，…` and “（单位）” in its
    headings: its duties, uses and reasons come back, so the imported spec prints its text (was E240, nothing built)."""
    unit = SPEC.parent / "2026-shanghai-putuo-sifaju-unit.yaml"
    spec, again = _imported(tmp_path, unit, {"版式": {"主要内容样式": "类款项", "名称标注层级": True}})
    facts = [yaml.safe_load(p.read_text("utf-8"))["概况"] for p in (spec, again)]
    assert [_fold(d) for d in facts[1]["主要职能"]] == [_fold(d) for d in facts[0]["主要职能"]]
    assert _uses(again) == _uses(spec)
    reasons = [{str(k): _fold(v) for k, v in f["功能科目变动原因"].items()} for f in facts]
    assert reasons[1] == reasons[0]
    assert "主要原因是：业务量增加。" in narrative(load_document(again))


def test_items_listed_by_class_come_back_by_class(tmp_path):
    """市财25U lists 财政拨款支出主要内容 by 类 (`1.“一般公共服务支出”科目12,789万元，主要用于……`): import reads the
    版式 and each class's use, and the text comes back as printed."""
    from tests.textcompare import similarity

    classes = ("201", "206", "208", "210", "215", "216", "221")
    text = SPEC.read_text("utf-8").replace(
        "  功能科目用途:   # 财政拨款支出主要内容，逐项\n",
        "  功能科目用途:   # 财政拨款支出主要内容，逐项\n" + "".join(f'    "{c}": 主要用于第{c}类的事务。\n' for c in classes))
    seed = tmp_path / "seed.yaml"
    seed.write_text(text, "utf-8")
    spec, again = _imported(tmp_path, seed, {"版式": {"主要内容层级": "类"}})
    data = yaml.safe_load(again.read_text("utf-8"))
    assert data["版式"]["主要内容层级"] == "类"
    assert {str(k): v for k, v in data["概况"]["功能科目用途"].items()} == {c: f"主要用于第{c}类的事务。" for c in classes}
    assert similarity(narrative(load_document(again)), narrative(load_document(spec))) >= 0.995
