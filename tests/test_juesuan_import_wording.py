"""Import of a 决算 learns the publisher's wording and house style (措辞, 版式), as the 预算 import does.

The published document here is made up: the 社会工作部 seed spec with a 措辞 and a 版式 other than the format's
defaults (what another office prints), built to PDF by budgetgen; the 措辞 and 版式 expected back are the ones put in,
never our own output. A figure the publisher printed otherwise is an error, not a wording: it stays computed.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.build import narrative
from generator.document import load_document
from generator.importing.document import import_document
from generator.importing.learning import learnt

from .roundtrip import imported_back
from .textcompare import similarity

PDFS = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "pdf"
SPEC = Path(__file__).resolve().parent.parent / "specs" / "2024-shanghai-putuo-shehui-gongzuobu-juesuan.yaml"
FUND = "政府性基金预算财政拨款收入支出决算表"
WORDING = {
    "单位构成": "无部门",  # a variant of the format
    "绩效整改": "不印",  # an optional clause left out
    "收入决算": "本年收入合计{合计}万元，其中：{各项}；",  # the publisher's own words, figures by name
    "国有资产": "截至{年度}年末，{名称}共有车辆{车辆}辆，其中：{各类车辆}。单价100万元（含）以上设备（不含车辆）{设备}台（套）。",
    "名词-事业收入": "事业收入：指事业单位开展专业业务活动及辅助活动所取得的收入。",
}
HOUSE = {
    "第二部分编号": True,
    "表注": False,
    "功能编码表头": "支出功能分类科目编码",
    "使用非财政拨款结余称谓": "使用非财政拨款结余（含专用结余）",
    "三公表用车": "运行费",
    "基金表支出合计": "小计",
    "基金表合计行": "末行",
    "基金表空行": 5,
    "各表": {
        "一般公共预算财政拨款基本支出决算表": {"零值": "0.00"},
        "财政拨款三公经费支出决算表": {"空表说明": "说明：{部门名称}本年度没有财政拨款“三公”经费支出，故本表无数据。"},
        FUND: {"空表说明": "注：{部门名称}无政府性基金预算财政拨款支出，故本表无数据。"},
    },
    "主要职能": "段落",
}


def _made(folder: Path, wording: dict, house: dict) -> Path:
    """The seed spec with this 措辞 and 版式 (its own replaced)."""
    tree = yaml.safe_load(SPEC.read_text("utf-8"))
    tree["措辞"], tree["版式"] = wording, house
    spec = folder / "reworded.yaml"
    spec.write_text(yaml.safe_dump(tree, allow_unicode=True, width=10_000, sort_keys=False), "utf-8")
    return spec


def test_the_pdf_of_a_reworded_juesuan_imports_back_to_its_wording_and_house_style(tmp_path):
    spec = _made(tmp_path, WORDING, HOUSE)
    again = imported_back(spec, tmp_path)
    back = yaml.safe_load(again.read_text("utf-8"))
    assert back["措辞"] == WORDING
    assert back["版式"].keys() == HOUSE.keys()
    assert load_document(again).budget.house == load_document(spec).budget.house  # 零值 0.00 may come back unquoted
    assert similarity(narrative(load_document(again)), narrative(load_document(spec))) == 1.0


def test_a_figure_the_publisher_printed_otherwise_stays_computed_and_is_reported(tmp_path):
    """社会工作部's 住房保障支出 share forced to 9.55% (fact sheet §8; computed 9.56%): not learnt as a wording."""
    text = SPEC.read_text("utf-8")
    published = narrative(load_document(SPEC))
    assert "占9.56%" in published.replace(" ", "")
    wrong = published.replace("占9.56%", "占9.55%")
    result = learnt(text, wrong, Path("公开文本.pdf"), literal=False)
    words = (yaml.safe_load(result.text) or {}).get("措辞") or {}
    assert "9.55" not in str(words)
    assert any(n.code in ("I611", "I613") and "9.55" in n.message for n in result.notes)


def test_the_reference_imports_learn_their_wording_but_not_their_errors():
    """财政局: its 绩效 opening and glossary wording are learnt; its 0.3万元, 6.2万元, 71.73% and the reason copied
    after a 持平 (fact sheet §8) are not, and are reported."""
    done = import_document(PDFS / "2024-shanghai-putuo-caizhengju-juesuan.pdf")
    words = yaml.safe_load(done.text)["措辞"]
    assert "本部门制定了{制度}" in words["绩效"]
    assert words["名词-其他收入"] == "其他收入：指除上述“财政拨款收入”“事业收入”“经营收入”等以外的收入。"
    learnt_text = str(words)
    assert not any(wrong in learnt_text for wrong in ("0.3", "6.2", "71.73", "主要原因"))
    reported = " ".join(n.message for n in done.notes if n.code in ("I611", "I613"))
    assert all(wrong in reported for wrong in ("0.3", "6.2", "71.73"))
