"""Import of 决算 PDFs unlike the two references, each made here from a small spec, built to PDF by budgetgen, imported
and built again with no hand edit: a 事业单位 of one unit (二、机构设置, no 机关运行经费) with 事业 and 经营 income,
使用非财政拨款结余 and 结余分配, 政府性基金 and 国有资本经营 spending item by item (八, 九), “三公” spending in every
category with its counts, a name with full-width brackets; and the same in 财政局's house style (类/款/项 apart, the
基金 table's 合计 last). Every figure of the nine tables and the text must come back as the spec printed them."""

from __future__ import annotations

import difflib
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from generator.build import build, narrative, sheets
from generator.document import load_document
from generator.importing.document import import_document

from .textcompare import similarity

GP, FUND, SOE = "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"
NAME = "上海市普陀区示例中医医院"
HOUSES = {"模板": {}, "财政局": {"编码列": "分列", "功能编码表头": "支出功能分类科目编码", "基金表合计行": "末行",
                               "基金表支出合计": "小计", "表注": False}}


def _spec(house: str) -> dict:
    """A 事业单位 of one unit with every fund, non-财政拨款 income and balances, and “三公” spending (元)."""
    lines = [["基本支出", "2100202", "30101", GP, 500000, 480000], ["基本支出", "2100202", "30201", GP, 120000.5, 120000],
             ["项目支出", "2100202", "30217", GP, 8000, 10000], ["项目支出", "2100202", "30212", GP, 15000, 15000],
             ["项目支出", "2100202", "30231", GP, 20000, 25000], ["项目支出", "2100202", "31013", GP, 180000, 180000],
             ["项目支出", "2120801", "31002", FUND, 300000, 350000], ["项目支出", "2230105", "30399", SOE, 100000, 100000],
             ["基本支出", "2100202", "30101", "事业收入", 200000], ["经营支出", "2100202", "30201", "经营收入", 50000]]
    why = {"2100202": "医院运行。", "2120801": "征地补偿。", "2230105": "退休人员管理。"}
    return {
        "格式": "shanghai-2024-juesuan", "年度": 2024, "部门名称": NAME, "单位名称": NAME, "单位类型": "事业单位",
        "单位构成": [{"单位名称": NAME, "备注": ""}],
        "补充科目": {"功能科目": {"2100202": "中医（民族）医院", "223": "国有资本经营预算支出",
                               "22301": "解决历史遗留问题及改革成本支出", "2230105": "国有企业退休人员社会化管理补助支出",
                               "2120801": "征地和拆迁补偿支出"}},
        "决算明细": lines,
        "收入明细": [["2100202", GP, 843000.5], ["2120801", FUND, 250000], ["2230105", SOE, 100000],
                 ["2100202", "事业收入", 210000], ["2100202", "经营收入", 60000]],
        "结转结余": [["2120801", FUND, 100000, 50000], ["", "事业收入", 30000, 55000]],
        "使用非财政拨款结余": 10000, "结余分配": 5000,
        "三公经费预算数": {"因公出国（境）费": 15000, "公务用车购置费": 180000, "公务用车运行维护费": 25000, "公务接待费": 10000},
        "上年": {"收入支出总计": 1234567, "财政拨款收入支出总计": 1111111, "一般公共预算财政拨款支出": 777777, "机关运行经费": 0},
        "上年三公经费": {"因公出国（境）费": 12345, "公务用车购置及运行维护费": 23456, "公务接待费": 9876},
        "概况": {"主要职能": ["提供中医医疗服务。", "开展中医药科研和教学。"], "机构设置": f"{NAME}为区卫生健康委所属事业单位。"},
        "情况说明": {
            "收支变动原因": "业务量增加。", "财政拨款收支变动原因": "财政补助增加。", "一般公共预算支出变动原因": "设备购置。",
            "预决算差异原因": "按实际支出。", "功能科目用途": why, "功能科目差异原因": {c: "按实际进度支出。" for c in why},
            "三公经费": {"预决算差异原因": "厉行节约。",
                     "变动原因": {"因公出国（境）费": "学术交流增加", "公务用车购置及运行维护费": "更新救护保障车辆",
                              "公务接待费": "接待任务减少"},
                     "因公出国": {"团组数": 1, "人次": 3, "开支内容": "赴境外参加中医药学术交流"},
                     "公务用车": {"购置数量": 1, "购置用途": "更新保障车辆", "运行维护用途": "燃料、维修和保险", "保有量": 4},
                     "公务接待": {"外宾接待费": 0, "用途": "接待同行考察", "批次": 5, "人次": 30, "外宾批次": 0, "外宾人次": 0}},
            "政府采购": {"货物": 100000, "工程": 0, "服务": 50000, "面向中小企业预留": 50000, "面向小微企业预留": 20000,
                     "中小企业预留中标": 50000, "小微企业预留中标": 20000, "其他项目中小企业中标": 10000},
            "国有资产": {"车辆": {"部级领导干部用车": 0, "主要领导干部用车": 0, "机要通信用车": 0, "应急保障用车": 2,
                             "执法执勤用车": 0, "特种专业技术用车": 2, "离退休干部用车": 0, "其他用车": 0},
                     "单价100万元以上设备": 3},
            "绩效管理": {"制度": "预算绩效管理办法", "目标项目数": 2, "目标金额": 200000, "跟踪项目数": 2, "跟踪金额": 200000,
                     "自评项目数": 2, "自评金额": 200000, "平均得分": "95.00", "优": 1, "良": 1, "合格": 0, "不合格": 0,
                     "发现问题": 0, "已整改": 0, "正在整改": 0}},
    } | ({"版式": HOUSES[house]} if HOUSES[house] else {})


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("unseen")


@cache
def _made(house: str, folder: Path):
    """The spec, its PDF imported (text and notes), and the imported spec's path: one PDF build a house style."""
    spec = folder / f"{house}.yaml"
    spec.write_text(yaml.safe_dump(_spec(house), allow_unicode=True, sort_keys=False), "utf-8")
    build(spec, folder / house, kinds=frozenset({"pdf"}))
    done = import_document(folder / house / f"{house}.pdf")
    back = folder / f"{house}-imported.yaml"
    back.write_text(done.text, "utf-8")
    return spec, done, back


def _printed(doc) -> dict[str, list[str]]:
    """Each of the nine tables as printed, cell by cell (万元 to the fen, zero blank; labels without spaces)."""
    found = {}
    built = {s.name: s for s in sheets(doc)}
    for layout in doc.format.tables(doc.budget.kind):
        sheet = built[layout["sheet"]]
        cells = [sheet.cells[rc].value for rc in sorted(sheet.cells)]
        found[sheet.name] = [shown for v in cells if (shown := _shown(v))]
    return found


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        rounded = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
        return f"{rounded:,.2f}" if rounded else ""
    return "".join(str(value or "").split())


@pytest.mark.parametrize("house", list(HOUSES))
def test_the_imported_spec_builds_with_no_hand_edit_and_prints_every_table_cell_as_before(house, folder):
    spec, _, back = _made(house, folder)
    build(back, folder / f"{house}-rebuilt", kinds=frozenset())  # SpecError if anything were missing or wrong
    before, after = _printed(load_document(spec)), _printed(load_document(back))
    wrong = {name: [d for d in difflib.ndiff(cells, after[name]) if d[0] in "+-"][:4]
             for name, cells in before.items() if cells != after[name]}
    assert not wrong, wrong


@pytest.mark.parametrize("house", list(HOUSES))
def test_the_text_comes_back(house, folder):
    spec, _, back = _made(house, folder)
    before, after = narrative(load_document(spec)), narrative(load_document(back))
    assert similarity(after, before) >= 0.999
    compared = [[s for s in re.split(r"[。；]|其中：", text) if "与2023年度相比" in s or "支出决算增加" in s] for text in (before, after)]
    assert compared[0] and compared[1] == compared[0]  # last year's figures read so each growth rate prints as before


def test_what_the_text_says_is_read(folder):
    """机构设置 (one unit), 事业单位 (无机关运行经费 though 公用经费 were spent), 八 and 九 item by item with their 年初预算,
    the “三公” counts and reasons, a 项 name's full-width brackets as printed; totals adding in 使用非财政拨款结余 and
    结余分配 contradict nothing."""
    _, done, back = _made("模板", folder)
    got = yaml.safe_load(back.read_text("utf-8"))
    assert got["单位类型"] == "事业单位" and got["单位构成"] == [{"单位名称": NAME, "备注": ""}]
    assert got["概况"]["机构设置"] == f"{NAME}为区卫生健康委所属事业单位。"
    assert got["补充科目"]["功能科目"][2100202] == "中医（民族）医院"
    told = got["情况说明"]
    assert told["功能科目用途"] == {2100202: "医院运行。", 2120801: "征地补偿。", 2230105: "退休人员管理。"}
    assert [ln[5] for ln in got["决算明细"] if ln[3] in (FUND, SOE)] == [350000, 100000]
    assert told["三公经费"]["因公出国"] == {"团组数": 1, "人次": 3, "开支内容": "赴境外参加中医药学术交流。"}
    assert told["三公经费"]["公务接待"]["批次"] == 5 and told["三公经费"]["公务用车"]["保有量"] == 4
    assert told["三公经费"]["变动原因"]["公务接待费"] == "接待任务减少。"
    assert not [n for n in done.notes if n.code == "I602"]
    assert "版式" not in got or "功能编码表头" not in got["版式"]  # “…补助支出功能分类科目编码” is two headers side by side


def test_the_publishers_house_style_is_read_from_the_tables(folder):
    got = yaml.safe_load(_made("财政局", folder)[2].read_text("utf-8"))["版式"]
    assert {k: got.get(k) for k in HOUSES["财政局"]} == HOUSES["财政局"]
