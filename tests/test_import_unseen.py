"""Import of documents unlike the references, made for each case from a reference PDF's pages as import reads them
(text and ruled tables): a code outside the catalog, misprinted or split codes, a table that reads as empty."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.document import load_document
from generator.importing.document import import_pages
from generator.importing.recognise import norm
from generator.importing.source import Page, read_pages
from generator.problems import SpecError

PDFS = Path(__file__).resolve().parent / "seeds" / "pdf"
SPECS = Path(__file__).resolve().parent.parent / "specs"
UNIT = "2025-shanghai-putuo-shangwuwei-unit"


@pytest.fixture(scope="module")
def unit_pages() -> tuple[Page, ...]:
    return read_pages(PDFS / f"{UNIT}.pdf")


def _cells(pages: tuple[Page, ...], change) -> tuple[Page, ...]:
    """The pages with every table row passed through `change` (a row's cells → its new cells)."""
    return tuple(replace(p, tables=tuple(tuple(change(tuple(row)) for row in grid) for grid in p.tables))
                 for p in pages)


def _texts(pages: tuple[Page, ...], old: str, new: str) -> tuple[Page, ...]:
    return tuple(replace(p, text=p.text.replace(old, new)) for p in pages)


def _spec(tmp_path: Path, pages: tuple[Page, ...], name: str = "imported") -> tuple[Path, object]:
    result = import_pages(pages, tmp_path / f"{name}.pdf")
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(result.text, "utf-8")
    return spec, result


def test_a_code_outside_the_catalog_is_written_as_the_spec_takes_it_with_its_printed_name(tmp_path, unit_pages, capsys):
    """2011302 一般行政管理事务 printed as 2011308 招商引资 (not in the 2025 catalog), in the tables and the text."""
    def change(row):
        return ("201", "13", "08", "招商引资", *row[4:]) if row[:4] == ("201", "13", "02", "一般行政管理事务") else row

    pages = _texts(_cells(unit_pages, change), "一般行政管理事务", "招商引资")
    spec, _ = _spec(tmp_path, pages)
    text = spec.read_text("utf-8")
    assert re.search(r'补充科目:\n  功能科目:\n    "?2011308"?: 招商引资\n', text), text.split("预算明细")[0]
    assert ", 2011308, " in text
    main(["check", str(spec)])
    err = capsys.readouterr().err
    assert "E212" not in err and "E222" not in err and "N228" in err, err
    assert load_document(spec).budget.catalog.functions["2011308"] == "招商引资"


def _as_printed(pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """A workbook's sheets as a PDF of them reads: each table as its number formats print it, no amounts behind."""
    return tuple(replace(p, tables=p.shown, shown=(), name="") for p in pages)


def _tables(spec: Path) -> dict:
    from .test_import import _printed

    return {k: v for k, v in _printed(load_document(spec)).items() if k not in ("预算明细", "政府采购明细")}


def test_lines_get_cents_when_the_printed_total_is_the_rounded_sum_of_lines_with_cents(tmp_path):
    """Whole-yuan tables (表格小数位 0) of lines with cents: 款 20113 prints 21,601,734 (the rounded 21,601,733.60)
    while its 项 print 9,389,913 + 4,545,000 + 2,901,820 + 4,765,000 = 21,601,733; whole-yuan lines cannot give it."""
    from generator.build import workbook

    text = (SPECS / f"{UNIT}.yaml").read_text("utf-8")
    text = text.replace("2011302, 30227, 一般公共预算拨款, 4545000]", "2011302, 30227, 一般公共预算拨款, 4545000.30]")
    text = text.replace("2011399, 30227, 一般公共预算拨款, 4765000]", "2011399, 30227, 一般公共预算拨款, 4765000.30]")
    original = tmp_path / "cents.yaml"
    original.write_text(text.replace("\n预算明细:", "\n版式:\n  表格小数位: 0\n预算明细:", 1), "utf-8")
    book = tmp_path / "cents.xlsx"
    book.write_bytes(workbook(load_document(original)))
    printed = _tables(original)
    assert ["201", "13", "", "商贸事务", "21,601,734", "12,291,733", "9,310,001"] in printed["支出预算总表"]
    spec, result = _spec(tmp_path, _as_printed(read_pages(book)))
    assert not [n for n in result.notes if n.code == "I602"], [n.message for n in result.notes if n.code == "I602"]
    assert _tables(spec) == printed
    assert any(re.search(r"\d\.\d[1-9]\]|\d\.[1-9]\d\]", line) for line in spec.read_text("utf-8").splitlines())


def _body(spec: Path) -> str:
    """The spec below its header comment, without the known differences (the document's own contradictions)."""
    return spec.read_text("utf-8").split("\n", 1)[1]


def _misprinted(row: tuple[str, ...]) -> tuple[str, ...]:
    """Codes as unseen documents print them: a 项 in one cell with its 类 cut to the last digit (“ 1 13 01” under
    201), a 款 whole in one cell (“20113”), an economic code in one cell with a space (“301 01”)."""
    code = row[:3]
    if len(row) >= 7 and code[0].isdigit() and code[0][0] == "2" and code[2]:
        return (f" {code[0][-1]} {code[1]} {code[2]}", "", "", *row[3:])
    if len(row) >= 7 and code[0].isdigit() and code[1]:
        return (code[0] + code[1], "", "", *row[3:])
    if len(row) == 6 and code[0].isdigit() and code[0][0] == "3" and code[1]:
        return (f"{code[0]} {code[1]}", "", *row[2:])
    return row


def _one_code_column(pages: tuple[Page, ...], numbers: tuple[int, ...]) -> tuple[Page, ...]:
    """The tables of these pages printed with one code column (科目编码) instead of 类/款/项."""
    def narrow(row):
        whole = "".join(c for c in row[:3] if c.strip()) if row[0][:1].isdigit() else row[0]
        return (whole, *row[3:])
    return tuple(replace(p, tables=tuple(tuple(narrow(r) for r in g) for g in p.tables)) if p.number in numbers else p
                 for p in pages)


def test_misprinted_and_split_codes_are_read_as_the_codes_they_are(tmp_path, unit_pages):
    """Every code table of the 2025 unit document with its codes misprinted (spaced, whole in one cell, 类 cut short)
    and table 5 (pages 15–16, running over two pages) with one code column: the same lines as the document itself."""
    as_published, _ = _spec(tmp_path, unit_pages, "published")
    pages = _one_code_column(_cells(unit_pages, _misprinted), (15, 16))
    assert pages[9].tables[0][5][:3] == (" 1 13 01", "", "") and pages[14].tables[0][4][:2] == ("20113", "商贸事务")
    spec, result = _spec(tmp_path, pages)
    assert not [n for n in result.notes if n.code in ("I601", "I602")], [n.message for n in result.notes]
    assert _body(spec) == _body(as_published)


def _unreadable(row: tuple[str, ...]) -> tuple[str, ...]:
    return ("", "", "", *row[3:]) if row[0].strip().isdigit() else row


def test_a_table_that_prints_figures_but_reads_as_empty_is_an_error_naming_table_and_page(tmp_path, unit_pages, capsys,
                                                                                         monkeypatch):
    """No code can be read (the code cells blank): no line, so every table with figures is named, nothing written."""
    pages = _cells(unit_pages, _unreadable)
    with pytest.raises(SpecError) as caught:
        import_pages(pages, tmp_path / "x.pdf")
    places = {p.place.path for p in caught.value.problems if p.code == "E612"}
    assert "支出预算总表（第12页）" in places and "一般公共预算基本支出经济分类预算表（第19页）" in places
    message = next(p.message for p in caught.value.problems if p.place.path == "支出预算总表（第12页）")
    assert "第12页的表“2025年预算单位支出预算总表”印有金额" in message and "一般公共服务支出" in message
    monkeypatch.setattr("generator.importing.document.read_pages", lambda path: pages)
    document, target = tmp_path / "x.pdf", tmp_path / "x.yaml"
    document.write_bytes(b"%PDF")
    assert main(["import", str(document), "-o", str(target)]) == 2
    assert "E612" in capsys.readouterr().err and not target.exists()


def _wrap_labels(pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """Long names wrapped as a narrow column prints them: in the cell (“其他城乡社区公共\\n设施支出”), and every
    other one as a second ruled row under its row (the label's rest alone, no code, no figure)."""
    def wrap(grid):
        out, n = [], 0
        for row in grid:
            at = next((i for i, c in enumerate(row) if len(c) > 8 and not c[:1].isdigit() and i > 1), None)
            if at is None or not row[0].strip().isdigit():
                out.append(row)
                continue
            n += 1
            head, tail = row[at][:6], row[at][6:]
            if n % 2:
                out.append(row[:at] + (f"{head}\n{tail}",) + row[at + 1:])
            else:
                out += [row[:at] + (head,) + row[at + 1:], tuple(tail if i == at else "" for i in range(len(row)))]
        return tuple(out)
    return tuple(replace(p, tables=tuple(wrap(g) for g in p.tables)) for p in pages)


def test_our_own_pdf_of_a_large_spec_tables_over_pages_and_wrapped_labels(tmp_path):
    """The 2024 万里街道 spec (60 lines) printed by budgetgen: its function tables run over three pages and the
    economic table over two; imported with its long labels wrapped, every table prints as the spec's."""
    spec = SPECS / "2024-shanghai-putuo-wanli-jiedao.yaml"
    assert main(["build", str(spec), "-o", str(tmp_path), "--no-docx"]) == 0
    pages = read_pages(tmp_path / f"{spec.stem}.pdf")
    runs = [p.number for p in pages if p.tables and norm(p.tables[0][0][0]) == "项目" and not _title(p)]
    assert len(runs) >= 5, runs  # pages that go on with a table begun on an earlier page
    wrapped = _wrap_labels(pages)
    assert any(len(g) > len(o) for p, q in zip(pages, wrapped, strict=True) for g, o in zip(q.tables, p.tables, strict=True))
    again, result = _spec(tmp_path, wrapped, "again")
    assert not [n for n in result.notes if n.code in ("I601", "I602")], [n.message for n in result.notes]
    assert _tables(again) == _tables(spec)


def _title(page: Page) -> bool:
    return "预算表" in page.text.split("项目")[0] or "总表" in page.text.split("项目")[0]


def _minus(a: str, b: str) -> str:
    """A printed figure less another, printed alike (blank for zero)."""
    value = Decimal(a.replace(",", "") or 0) - Decimal(b.replace(",", "") or 0)
    return f"{value:,.2f}" if value else ""


def _with_new_part(pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """2011399 其他商贸事务支出 printed as 2019801 某新业务 under a new 款 20198 新业务 (a row of its own with the
    same figures), 款 20113 less them, in every table that prints the 项."""
    def grid(rows):
        rows = list(rows)
        at = next((n for n, r in enumerate(rows) if r[:4] == ("201", "13", "99", "其他商贸事务支出")), None)
        if at is None:
            return tuple(rows)
        item = rows[at]
        part = next(n for n, r in enumerate(rows) if r[:3] == ("201", "13", ""))
        rows[part] = (*rows[part][:4], *(_minus(a, b) for a, b in zip(rows[part][4:], item[4:], strict=True)))
        rows[at:at + 1] = [("201", "98", "", "新业务", *item[4:]), ("201", "98", "01", "某新业务", *item[4:])]
        return tuple(rows)
    return tuple(replace(p, tables=tuple(grid(g) for g in p.tables)) for p in pages)


def test_a_new_item_under_a_new_class_part_names_both(tmp_path, unit_pages, capsys):
    """A 项 under a 款 the 2025 catalog lacks: both in 补充科目 with their printed names; the spec checks without
    E222 and its tables print as the document."""
    pages = _texts(_with_new_part(unit_pages), "其他商贸事务支出", "某新业务")
    assert ("201", "13", "", "商贸事务", "16,836,733.00", "12,291,733.00", "4,545,000.00") in pages[11].tables[0]
    spec, result = _spec(tmp_path, pages)
    text = spec.read_text("utf-8")
    assert re.search(r'补充科目:\n  功能科目:\n    "?20198"?: 新业务\n    "?2019801"?: 某新业务\n', text), text[:600]
    assert not [n for n in result.notes if n.code in ("I601", "I602")], [n.message for n in result.notes]
    main(["check", str(spec)])
    assert "E222" not in capsys.readouterr().err


def _fund_zeros(row: tuple[str, ...]) -> tuple[str, ...]:
    """Table 4's left column printing its two empty funds as 0.00 (the right side keeps blank zeros)."""
    return (row[0], "0.00", *row[2:]) if row[0] in ("二、政府性基金", "三、国有资本经营预算") and not row[1] else row


def test_zeros_printed_in_one_side_of_a_two_sided_table_are_learnt_for_that_side(tmp_path, unit_pages):
    """财政拨款收支预算总表 prints income (left) and spending (right) side by side; the left side's zeros are 0.00
    while its rows below the last fund are empty (the right side runs on): those empty cells are no zeros, so the
    left column's zero style is learnt and both fund rows print 0.00 again, every other cell as the document."""
    as_published, _ = _spec(tmp_path, unit_pages, "published")
    spec, _ = _spec(tmp_path, _cells(unit_pages, _fund_zeros))
    tables, before = _tables(spec), _tables(as_published)
    assert [row[:2] for row in tables["财政拨款收支预算总表"][:3]] == [
        ["一、一般公共预算资金", "371,514,655.00"], ["二、政府性基金", "0.00"], ["三、国有资本经营预算", "0.00"]]
    assert tables["财政拨款收支预算总表"][1][2:] == before["财政拨款收支预算总表"][1][2:]
    assert {k: v for k, v in tables.items() if k != "财政拨款收支预算总表"} == {
        k: v for k, v in before.items() if k != "财政拨款收支预算总表"}


def test_forms_printed_by_budgetgen_over_pages_are_read_as_the_spec_writes_them(tmp_path):
    """The 2023 万里街道 spec printed by budgetgen: each 绩效目标填报表 is three ruled tables (head, goals,
    indicators), not WPS's one grid, and the 43 indicators of 各类工作经费 run over two pages under a header
    printed again with other column rules; every form comes back as the spec writes it, with its project. Its 目录
    prints page numbers after the leaders, which are no part of the heading printed after them."""
    import yaml

    spec = SPECS / "2023-shanghai-putuo-wanli-jiedao.yaml"
    assert main(["build", str(spec), "-o", str(tmp_path), "--no-docx"]) == 0
    pages = read_pages(tmp_path / f"{spec.stem}.pdf")
    heads = [p.number for p in pages for g in p.tables for row in g if row[0] == "一级指标"]
    assert len(heads) > 5  # five forms, and the header again on each page a list of indicators runs on to
    again, _ = _spec(tmp_path, pages, "again")
    got = [(p["名称"], p["类别"], p["绩效目标填报表"]) for p in yaml.safe_load(again.read_text("utf-8"))["项目"]
           if "绩效目标填报表" in p]
    hand = yaml.safe_load(spec.read_text("utf-8"))["项目"]
    assert got == [(p["名称"], p["类别"], p["绩效目标填报表"]) for p in hand if "绩效目标填报表" in p]
    # its 目录 prints page numbers after the leaders (……37 before the heading 部门主要职能): no part of a heading
    assert "职能标题" not in (yaml.safe_load(again.read_text("utf-8")).get("措辞") or {})


DEPARTMENT = "2026-shanghai-putuo-sifaju"
_LISTED = ("依法治区和法制业务3845.49万元，社区矫正和安置帮教等基层司法业务1375.39万元，人民调解795万元，法律援助570万元，"
           "信息化建设及运行维护227.88万元，法治宣传124.29万元，公共法律服务116万元")


def test_a_department_that_words_its_goals_as_a_unit_and_lists_its_projects(tmp_path):
    """The 2026 司法局 department document with its 绩效目标 sentence as a unit words it (no “本部门2个预算单位
    开展了”) and listing its projects with their amounts, as the 2026 unit document's projects are: 部门绩效句 false
    is learnt, each listed project is named after the line of its amount, and the sentence comes back as printed
    (the format's variant 其中各项目; whole 万元 printed without decimals, as this document prints them)."""
    pages = read_pages(PDFS / f"{DEPARTMENT}.pdf")
    pages = _texts(pages, "按照本区预算绩效管理工作的总体要求，本部门2个预算单位开展了2026年项目预算绩效目标编报工作，编报绩效目标的项目20个，涉",
                   "2026年度，本部门编报绩效目标的项目共20个，涉")
    pages = _texts(pages, "及项目预算资金7054.05万元。\n五、", f"及项目预算资金7054.05万元，其中：{_LISTED}。\n五、")
    spec, _ = _spec(tmp_path, pages)
    data = yaml.safe_load(spec.read_text("utf-8"))
    assert data["版式"]["部门绩效句"] is False
    assert data["措辞"]["绩效"] == "其中各项目"
    names = [re.match(r"\D+", item).group() for item in _LISTED.split("，")]
    assert set(names) <= {p["名称"] for p in data["项目"]}
    from generator.build import narrative
    assert f"2026年度，本部门编报绩效目标的项目共20个，涉及项目预算资金7054.05万元，其中：{_LISTED}。" in narrative(load_document(spec))



def test_the_contents_worded_otherwise_are_learnt_line_by_line(tmp_path, unit_pages):
    """A 目录 whose lines the publisher words otherwise (一、主要职能, 三、有关名词解释): each line is a sentence of
    the format (目录-职能 …), so the import learns it as 措辞 and the text prints the contents as published."""
    pages = _texts(unit_pages, "一、单位主要职能\n", "一、主要职能\n")
    pages = _texts(pages, "三、名词解释\n", "三、有关名词解释\n")
    assert sum("一、主要职能\n" in p.text and "三、有关名词解释\n" in p.text for p in pages) == 1
    spec, _ = _spec(tmp_path, pages)
    learnt = yaml.safe_load(spec.read_text("utf-8"))["措辞"]
    assert (learnt["目录-职能"], learnt["目录-名词"]) == ("一、主要职能", "三、有关名词解释")
    from generator.build import narrative
    text = narrative(load_document(spec))
    assert "\n一、主要职能\n\n二、单位机构设置\n\n三、有关名词解释\n" in text and "\n## 名词解释\n" in text


def test_the_budget_level_is_learnt_from_the_glossary_when_the_title_does_not_say_it(tmp_path, unit_pages):
    """A 市级 document titled by its name (上海市普陀区商务委员会2025年单位预算, no 级次 in it) whose 名词解释 say
    市级 throughout: 版式.预算级次 市级 is learnt from the words (not eight sentences reworded with 市级 as text)."""
    pages = _texts(unit_pages, "上海市普陀区2025年区级单位预算", "上海市普陀区商务委员会2025年单位预算")
    pages = _texts(pages, "区级", "市级")
    spec, _ = _spec(tmp_path, pages)
    data = yaml.safe_load(spec.read_text("utf-8"))
    assert data["版式"]["预算级次"] == "市级"
    assert not [name for name, words in (data.get("措辞") or {}).items() if "市级" in str(words)], data.get("措辞")
    from generator.build import narrative
    text = narrative(load_document(spec))
    assert text.count("市级") == 5 and "区级" not in text  # five times in the 名词解释, as printed


def test_wording_choices_of_the_format_are_learnt_from_the_words(tmp_path, unit_pages):
    """The 2025 unit document numbering its “三公” items （一）、, writing 主要原因是 without a colon and printing the
    中小企业 sentence a unit document does not print by default: 三公编号 （一）、, 原因冒号 false and 中小企业句 全部
    are learnt as 版式 (the format's choices), and the text prints those sentences as published."""
    pages = unit_pages
    for item in ("（一）因公出国", "（二）公务用车购置及运行费", "（三）公务接待费"):
        pages = _texts(pages, item, item.replace("）", "）、", 1))
    pages = _texts(pages, "收入支出增加的主要原因是：", "收入支出增加的主要原因是")
    smes = "2025年本单位面向中小企业预留政府采购项目预算金额0万元，其中，预留给小型和微型企业的政府采购项目预算为0万元。"
    pages = _texts(pages, "政府采购服务预算30.40万\n元。\n", f"政府采购服务预算30.40万\n元。\n{smes}\n")
    spec, _ = _spec(tmp_path, pages)
    house = yaml.safe_load(spec.read_text("utf-8"))["版式"]
    assert (house["三公编号"], house["原因冒号"], house["中小企业句"]) == ("（一）、", False, "全部")
    from generator.build import narrative
    text = narrative(load_document(spec))
    assert "（一）、因公出国（境）费0万元" in text and "增加的主要原因是政策资金" in text and smes in text


def test_duties_numbered_otherwise_in_a_2026_document_are_read_one_by_one(tmp_path):
    """The 2026 司法局 unit document numbering its ten 主要职能 1.–10. instead of （一）–（十）: each duty is an item
    of 概况.主要职能 and 版式.职能编号 1. is learnt (before, the ten came back as one item and 职能条目 as one
    long literal wording)."""
    pages = read_pages(PDFS / "2026-shanghai-putuo-sifaju-unit.pdf")
    ordinals = "一二三四五六七八九十"
    duties = pages[2]
    for n, ordinal in enumerate(ordinals, 1):
        duties = replace(duties, text=duties.text.replace(f"\n（{ordinal}）", f"\n{n}."))
    assert "\n10.完成区委" in duties.text
    spec, _ = _spec(tmp_path, (*pages[:2], duties, *pages[3:]))
    data = yaml.safe_load(spec.read_text("utf-8"))
    assert len(data["概况"]["主要职能"]) == 10 and data["概况"]["主要职能"][9] == "完成区委、区政府交办的其他任务。"
    assert data["版式"]["职能编号"] == "1." and "职能条目" not in (data.get("措辞") or {})
