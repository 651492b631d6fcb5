"""§8 of ../shared/juesuan.md: the published errors of the two reference 决算, each found by the §7 rules over the
figures as printed. The tables come from the golden transcription (tests/golden/*-juesuan.yaml, read off the PDFs);
the text's figures are transcribed here from the seed texts (../shared/seeds/*-juesuan.txt), sentence by sentence."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from generator.checks.printed import Printed, layout
from generator.checks.printed_grid import grid_table
from generator.checks.printed_lists import list_problems
from generator.checks.printed_said import printed_document, said_from_text
from generator.checks.printed_style import style_problems
from generator.checks.printed_text import Change, Item, Said, Share, published_errors

from .golden import GOLDEN
from .golden_juesuan import load
from .textcompare import seed_text

CZ, SH = "2024-shanghai-putuo-caizhengju-juesuan", "2024-shanghai-putuo-shehui-gongzuobu-juesuan"
CZ_PEOPLE = ("基本工资", "津贴补贴", "机关事业单位基本养老保险缴费", "职业年金缴费", "职工基本医疗保险缴费", "其他社会保障缴费",
             "住房公积金", "其他工资福利支出", "退休费", "个人农业生产补贴")
CZ_PUBLIC = ("办公费", "印刷费", "手续费", "邮电费", "差旅费", "维修（护）费", "培训费", "劳务费", "工会经费", "福利费",
             "其他交通费用", "其他商品和服务支出", "办公设备购置")
CZ_REASON = "基本支出中人员进出及退休变化，以及项目支出中合同支付进度条款等原因减少支付"
CZ_ITEMS = [("1560.05", "1511.89", "小于"), ("10.00", "10.00", "持平"), ("135.90", "135.25", "小于"), ("450.52", "449.52", "小于"),
            ("85.55", "84.65", "小于"), ("161.62", "160.75", "小于"), ("80.81", "80.38", "小于"), ("0.94", "0.94", "持平"),
            ("62.29", "60.99", "小于"), ("187.75", "187.19", "小于"), ("258.50", "258.50", "持平")]
NONE = frozenset({"七", "八", "九"})

CZ_SAID = Said(
    total=Change(D("2995.39"), D("56.95"), "减少", D("1.87"), CZ_REASON),
    income_total=D("2946.25"), incomes=(Share("财政拨款收入", D("2940.05"), D("99.79")), Share("其他收入", D("6.2"), D("0.21"))),
    spending_total=D("2940.05"), spendings=(Share("基本支出", D("2336.91"), D("79.49")), Share("项目支出", D("603.14"), D("20.51"))),
    fiscal_total=Change(D("0.3"), None, "持平", None, CZ_REASON),
    general=Change(D("2940.05"), D("63.14"), "减少", D("2.10"), CZ_REASON), general_share=D("100.00"),
    structure=(Share("一般公共服务支出（类）", D("2106.66"), D("71.73")), Share("社会保障和就业支出（类）", D("326.72"), D("11.11")),
               Share("卫生健康支出（类）", D("60.99"), D("2.07")), Share("住房保障支出（类）", D("445.69"), D("15.16"))),
    detail=Item("", D("2993.92"), None, D("2940.05"), D("98.20"), "年初", "小于", "因年度工作计划安排"),
    items=tuple(Item(f"第{n}项", D(p), None, D(a), None, "年初", w, "" if w == "持平" else "原因")
                for n, (p, a, w) in enumerate(CZ_ITEMS, 1)),
    basic=D("2336.91"), people=D("2152.26"), public=D("184.65"), people_names=CZ_PEOPLE, public_names=CZ_PUBLIC,
    office=Change(D("184.65"), D("2.55"), "增加", D("1.40"), "优化办公环境"),
    facts={"政府采购": {"合计": D("251.25"), "货物": D("4.79"), "工程": D(0), "服务": D("246.47"), "面向中小企业预留": D("246.47"),
                    "面向小微企业预留": D(0), "中小企业预留中标": D("246.47"), "小微企业预留中标": D(0), "其他项目中小企业中标": D("4.79")},
           "车辆": {"合计": D(0)} | {k: D(0) for k in ("部级领导干部用车", "主要领导干部用车", "其他用车")},
           "绩效": {"自评项目数": D(4), "优": D(4), "良": D(0), "合格": D(0), "不合格": D(0), "发现问题": D(0), "已整改": D(0),
                  "正在整改": D(0)}},
    none=NONE)

SH_NEW = "单位于2024年成立"
SH_ITEMS = [("52.00", "51.32", "小于", "98.69"), ("17.68", "11.31", "小于", None), ("202.24", "202.24", "持平", None),
            ("9.00", "6.18", "小于", None), ("5.74", "4.64", "小于", None), ("2.23", "2.22", "小于", "99.55"),
            ("2.29", "0.49", "小于", None), ("18.12", "17.70", "小于", "97.68"), ("11.72", "11.72", "持平", None)]
SH_SAID = Said(
    total=Change(D("307.82"), D("307.82"), "增加", D("100.00"), SH_NEW),
    income_total=D("307.82"), incomes=(Share("财政拨款收入", D("307.82"), D("100.00")),),
    spending_total=D("307.82"), spendings=(Share("基本支出", D("105.58"), D("34.30")), Share("项目支出", D("202.24"), D("65.70"))),
    fiscal_total=Change(D("307.82"), D("307.82"), "增加", D("100.00"), SH_NEW),
    general=Change(D("307.82"), D("307.82"), "增加", D("100.00"), SH_NEW), general_share=D("100.00"),
    structure=(Share("一般公共服务支出（类）", D("264.87"), D("86.05")), Share("社会保障和就业支出（类）", D("10.82"), D("3.52")),
               Share("卫生健康支出（类）", D("2.71"), D("0.88")), Share("住房保障支出（类）", D("29.42"), D("9.55"))),
    detail=Item("", D(0), D("321.02"), D("307.82"), D("95.89"), "年初", "小于", "人员经费支出数小于预算数"),
    items=tuple(Item(f"第{n}项", None, D(b), D(a), D(c) if c else None, "全年", w, "" if w == "持平" else "原因")
                for n, (b, a, w, c) in enumerate(SH_ITEMS, 1)),
    basic=D("105.58"), people=D("95.36"), public=D("10.23"),
    people_names=("基本工资", "津贴补贴", "绩效工资", "机关事业单位基本养老保险缴费", "职业年金缴费", "职工基本医疗保险缴费",
                  "其他社会保障缴费", "住房公积金", "其他工资福利支出"),
    public_names=("办公费", "邮电费", "差旅费", "维修（护）费", "劳务费", "委托业务费", "福利费", "其他交通费用", "其他商品和服务支出"),
    office=Change(D("10.23"), D("10.23"), "增加", D("100.00"), SH_NEW),
    facts={"政府采购": {"合计": D("21.07"), "货物": D("21.07"), "工程": D(0), "服务": D(0), "面向中小企业预留": D("21.07"),
                    "面向小微企业预留": D("21.07"), "中小企业预留中标": D("21.07"), "小微企业预留中标": D("21.07"),
                    "其他项目中小企业中标": D("21.07")},
           "绩效": {"自评项目数": D(1), "优": D(1), "良": D(0), "合格": D(0), "不合格": D(0), "发现问题": D(0)}},
    none=NONE)


def printed(name: str, said: Said | None) -> Printed:
    """The golden transcription's nine tables read as the rules read a PDF: each body row a list of cells."""
    golden, keys = load(name), {title: key for key, title in layout()["标题"].items()}
    tables = {keys[t.title]: grid_table(keys[t.title], t.rows, "\n".join(t.notes)) for t in golden.tables}
    return Printed(f"{name}.pdf", tables, said)


def found(doc: Printed) -> set[tuple[str, str, str]]:
    """(severity, code, place) of every finding, and each message kept for the assertions' words."""
    return {(p.severity, p.code, p.place.path) for p in published_errors(doc)}


def messages(doc: Printed, code: str) -> str:
    return "\n".join(p.message for p in published_errors(doc) if p.code == code)


# (severity, code, place, words of the message): §8's list for 普陀区财政局, in its order.
CZ_ERRORS = [
    ("error", "C420", "文字部分·四", "财政拨款收入支出总计文字中为 0.30，而财政拨款收支总表总计印为 2,961.68"),
    ("warning", "C425", "文字部分·四", "写“持平”却又写了原因"),
    ("error", "C421", "文字部分·五（二）", "一般公共服务支出（类）的占比印为 71.73%，按印出的数 2,106.66 ÷ 2,940.05 应为 71.65%"),
    ("error", "C422", "文字部分·五（二）", "各类的占比相加为 100.07%"),
    ("error", "C411", "收入支出决算总表 第8行“社会保障和就业支出”“决算数”列", "印为 326.71，支出决算表“社会保障和就业支出”本年支出合计印为 326.72"),
    ("error", "C411", "财政拨款收入支出决算总表 第8行“社会保障和就业支出”“一般公共预算财政拨款”列",
     "一般公共预算财政拨款支出决算表“社会保障和就业支出”合计印为 326.72"),
    ("error", "C426", "文字部分·六", "人员经费主要包括中列出“个人农业生产补贴”，而基本支出决算表中它印为空白"),
    ("error", "C426", "文字部分·六", "基本支出决算表中“奖励金”有数，人员经费主要包括中却没有列出"),
    ("warning", "C410", "一般公共预算财政拨款基本支出决算表", "没有印出固定行（经济分类款级）：30306"),
    ("warning", "C405", "收入决算表 第1行“合计”“本年收入合计”列", "合计印为 2,946.25，而2,112.86 + 326.72 + 60.99 + 445.69 = 2,946.26"),
    ("warning", "C405", "收入决算表 第1行“合计”“财政拨款收入”列", "合计印为 2,940.05，而2,106.66 + 326.72 + 60.99 + 445.69 = 2,940.06"),
    ("warning", "C405", "支出决算表 第1行“合计”“本年支出合计”列", "= 2,940.06"),
    ("warning", "C405", "一般公共预算财政拨款支出决算表 第20行“合计”“基本支出”列", "= 2,336.92"),
    ("warning", "C405", "一般公共预算财政拨款支出决算表 第20行“合计”“合计”列", "= 2,940.06"),
    ("warning", "C405", "支出决算表 第1行“合计”“基本支出”列", "合计印为 2,336.91，而1,503.52 + 326.72 + 60.99 + 445.69 = 2,336.92"),
    ("warning", "C405", "一般公共预算财政拨款基本支出决算表 第1行“工资福利支出”“决算数”列", "“301”印为 2,082.85，而各项之和 = 2,082.86"),
    ("warning", "C405", "一般公共预算财政拨款基本支出决算表 第1行“商品和服务支出”“决算数”列", "“302”印为 171.07，而各项之和 = 171.09"),
    ("warning", "C420", "文字部分·五（三）", "年初预算印为 2,993.92，而各项年初预算之和 = 2,993.93"),
    ("warning", "C430", "文字部分·十·十一·政府采购", "政府采购合计印为 251.25，而4.79 + 0.00 + 246.47 = 251.26"),
]
SH_ERRORS = [
    ("error", "C423", "文字部分·五（三）", "完成年初预算的比例印为 95.89%，而作比的数为 0"),
    ("warning", "C421", "文字部分·五（二）", "住房保障支出（类）的占比印为 9.55%，按印出的数 29.42 ÷ 307.82 应为 9.56%"),
    ("error", "C430", "文字部分·十·十一·政府采购", "中小企业预留中标与其他项目中小企业中标 42.14 超过合计 21.07"),
    ("warning", "C433", "政府性基金预算财政拨款收入支出决算表", "仍保留该表格式"),
    ("warning", "C433", "国有资本经营预算财政拨款收入支出决算表", "仍保留该表格式"),
    ("warning", "C426", "文字部分·六", "公用经费主要包括中列出“邮电费”，而基本支出决算表中它印为0.00"),
    ("warning", "C411", "一般公共预算财政拨款支出决算表 第18行“合计”“基本支出”列", "印为 105.58，而基本支出决算表人员经费合计 + 公用经费合计 = 105.59"),
    ("warning", "C405", "一般公共预算财政拨款基本支出决算表 第1行“商品和服务支出”“决算数”列", "“302”印为 10.23，而各项之和 = 10.22"),
    ("note", "C427", "文字部分·一", "上年为 0，增长率无从计算（文字印为 100.00%）"),
    ("note", "C427", "文字部分·四", "上年为 0"),
    ("note", "C427", "文字部分·五（一）", "上年为 0"),
    ("note", "C427", "文字部分·十一（一）", "上年为 0"),
]


@pytest.mark.parametrize(("name", "said", "expected"), [(CZ, CZ_SAID, CZ_ERRORS), (SH, SH_SAID, SH_ERRORS)], ids=["财政局", "社会工作部"])
def test_each_published_error_is_found_with_its_place(name, said, expected):
    findings = published_errors(printed(name, said))
    for severity, code, place, words in expected:
        assert any((p.severity, p.code, p.place.path) == (severity, code, place) and words in p.message for p in findings), \
            (code, place, words, [str(p) for p in findings if p.code == code])


@pytest.mark.parametrize(("name", "said", "expected"), [(CZ, CZ_SAID, CZ_ERRORS), (SH, SH_SAID, SH_ERRORS)], ids=["财政局", "社会工作部"])
def test_nothing_else_is_reported(name, said, expected):
    """Every finding is one of §8's (a code outside the tool's catalog is a note only)."""
    named = {(s, c, p) for s, c, p, _ in expected}
    rest = [str(p) for p in published_errors(printed(name, said))
            if (p.severity, p.code, p.place.path) not in named and not (p.code == "C410" and p.severity == "note")]
    assert rest == []


def test_tables_alone_give_the_table_errors():
    """Without its text read, a document still has its tables' contradictions named (import of tables only)."""
    codes = {(p.severity, p.code) for p in published_errors(printed(CZ, None))}
    assert ("error", "C411") in codes and not any(code.startswith("C42") for _, code in codes)


@pytest.mark.parametrize(("name", "said"), [(CZ, CZ_SAID), (SH, SH_SAID)], ids=["财政局", "社会工作部"])
def test_the_text_reader_finds_what_was_transcribed(name, said):
    """said_from_text on the printed text (tests/golden/*.text.txt, as the PDF reads) gives the same findings as the
    figures transcribed above: import reports §8's text errors from the PDF's own words."""
    text = (GOLDEN / f"{name}.text.txt").read_text("utf-8")
    read = replace(printed(name, None), said=said_from_text(text), raw_text=text)
    assert found(read) == found(printed(name, said))


def test_import_hands_over_grids_and_text():
    """printed_document: what import holds (each table's rows and note by key, the text) is all the rules need."""
    golden, keys = load(SH), {title: key for key, title in layout()["标题"].items()}
    text = (GOLDEN / f"{SH}.text.txt").read_text("utf-8")
    doc = printed_document("sh.pdf", {keys[t.title]: (t.rows, "\n".join(t.notes)) for t in golden.tables}, text)
    codes = {(p.severity, p.code) for p in published_errors(doc)}
    assert {("error", "C423"), ("error", "C430"), ("warning", "C433"), ("warning", "C426")} <= codes


# §7 rules 58, 59, 61 and §8's wording (generator/checks/printed_style.py, printed_lists.py) on the reference texts as
# printed (tests/golden/*.text.txt, the seeds' text part) with their tables: (severity, code, place, words).
STYLE_ERRORS = {
    CZ: [("warning", "C436", "文字部分·二", "“6.2万元”不是两位小数"), ("warning", "C436", "文字部分·四", "“0.3万元”不是两位小数"),
         ("warning", "C439", "文字部分·二", "占0.21%；"), ("warning", "C439", "文字部分·三", "占20.51%；"),
         ("warning", "C439", "文字部分·五（二）", "占15.16%；"),
         ("note", "C438", "文字部分·五（三）", "第5项“社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）”与第8项")],
    SH: [("warning", "C435", "文字部分·第一部分", "印为“从预算单位构成看，中共上海市普陀区委社会工作部决算包括”"),
         ("warning", "C437", "文字部分·五（三）", "第5项“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”写“决算数小于预算数”"),
         ("warning", "C438", "文字部分·五（三）", "第7项“卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）”与第8项“住房保障支出（类）"
          "住房改革支出（款）住房公积金（项）”的用途同为“事业单位医疗保险支出”，而用途只合于第7项：第8项的用途或为复制粘贴")],
}


@pytest.mark.parametrize("name", [CZ, SH], ids=["财政局", "社会工作部"])
def test_wording_and_typography_errors_are_found_with_their_place(name):
    """§8: 财政局's 6.2万元 and 0.3万元 and its paragraphs ending in “；”, the two 项 of the same 用途 in both, 社会工作部's
    “…社会工作部决算包括” without 部门, its item 5 worded otherwise than its siblings and its item 8's 用途 copied.
    The 目录's 十一、其他重要事项说明 against the body's 其他重要事项的情况说明 is the known difference: nothing else."""
    doc = replace(printed(name, None), raw_text=seed_text(name))
    findings = style_problems(doc) + list_problems(doc)
    for severity, code, place, words in STYLE_ERRORS[name]:
        assert any((p.severity, p.code, p.place.path) == (severity, code, place) and words in p.message for p in findings), \
            (code, place, [str(p) for p in findings])
    assert len(findings) == len(STYLE_ERRORS[name]), [str(p) for p in findings]
