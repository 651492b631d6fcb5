"""The publication's plan: what goes where, from the text's Markdown and publish.yaml."""

from __future__ import annotations

from decimal import Decimal

from generator.publishing.publication import arrange, read_markdown
from generator.tables.cells import Cell, Sheet, printed

TEXT = """# 2025年某单位预算

预算单位：某单位

## 目录

一、文字部分

## 一、文字部分

### 第一部分 概况

正文一段。

| 项目名称 | 预算数（万元） |
|---|---:|
| 甲 | 1,234 |

## 二、表格部分

（一）收支总表

（二）收入总表
"""
LAYOUT = {"drop": ["目录"], "tables_at": "二、表格部分", "charts": {"before": "二、表格部分", "heading": "预算图示",
                                                                "caption": "图{number} {title}"}}


def _sheets() -> list[Sheet]:
    return [Sheet("收支总表", {(0, 0): Cell("收支总表", style="title")}), Sheet("收入总表", {(0, 0): Cell("收入总表", style="title")})]


def _kinds(blocks) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks]


def test_title_goes_on_the_cover_the_contents_are_dropped_and_tables_replace_their_list():
    title, preface, blocks = arrange(read_markdown(TEXT), _sheets(), [("支出结构", b"png")], LAYOUT)
    assert title == "2025年某单位预算" and preface == ["预算单位：某单位"]
    assert _kinds(blocks) == [("heading", "一、文字部分"), ("heading", "第一部分 概况"), ("paragraph", "正文一段。"),
                              ("table", ""), ("heading", "预算图示"), ("picture", "图1 支出结构"),
                              ("heading", "二、表格部分"), ("sheet", "（一）收支总表"), ("sheet", "（二）收入总表")]
    table = blocks[3]
    assert table.rows == (("项目名称", "预算数（万元）"), ("甲", "1,234")) and table.aligns == ("left", "right")


def test_a_misnamed_heading_never_loses_a_table_or_a_chart():
    layout = LAYOUT | {"tables_at": "五、部门预算表", "charts": LAYOUT["charts"] | {"before": "没有这一节"}}
    _, _, blocks = arrange(read_markdown(TEXT), _sheets(), [("支出结构", b"png")], layout)
    assert _kinds(blocks)[-4:] == [("heading", "预算图示"), ("picture", "图1 支出结构"),
                                   ("sheet", "收支总表"), ("sheet", "收入总表")]
    assert ("paragraph", "（一）收支总表") in _kinds(blocks)  # the list stays as text where no tables replace it


def test_printed_follows_the_number_format_as_excel_does():
    assert printed(Decimal("298448.4"), "#,##0") == "298,448"
    assert printed(Decimal("2969.5"), "#,##0") == "2,970"  # half away from zero, as Excel
    assert printed(Decimal("-1234.5"), "#,##0") == "-1,235"
    assert printed(Decimal("0"), "#,##0.00;-#,##0.00;;@") == ""  # the Shanghai tables' blank zero
    assert printed(Decimal("-3.2"), "#,##0.00;-#,##0.00;;@") == "-3.20"
    assert printed("文字", "#,##0") == "文字" and printed(None) == ""


def test_a_pdf_that_cannot_be_typeset_is_a_warning_and_everything_else_is_written(tmp_path, monkeypatch, capsys):
    from pathlib import Path

    from generator.cli import main
    from generator.publishing.typeset import TypesetFailed

    def fail(*_):
        raise TypesetFailed("file not found")

    monkeypatch.setattr("generator.publishing.typeset.pdf_bytes", fail)
    spec = Path(__file__).resolve().parent.parent / "specs" / "2022-shenzhen-luohu.yaml"
    assert main(["build", str(spec), "-o", str(tmp_path)]) == 0
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".md", ".xlsx"]
    assert "警告 W316: 未生成 PDF：Typst 排版失败：file not found" in capsys.readouterr().err


def test_an_officers_angle_brackets_are_text_not_html():
    (block,) = read_markdown("采购单价<5万元的设备，见<b>附件</b>。")
    assert block.text == "采购单价<5万元的设备，见<b>附件</b>。"


def test_an_ordered_list_keeps_its_numbers_as_written():
    """Tight or loose, starting at 1 or 16, interrupting a paragraph: each item prints its number."""
    text = "具体包括：\n1. 商务委本部。\n2. 中小企业服务中心。\n\n主要内容如下：\n\n16. 住房公积金。\n\n17. 购房补贴。\n\n- 收支总表\n"
    assert [(b.kind, b.text) for b in read_markdown(text)] == [
        ("paragraph", "具体包括："), ("item", "1. 商务委本部。"), ("item", "2. 中小企业服务中心。"),
        ("paragraph", "主要内容如下："), ("paragraph", "16. 住房公积金。"), ("paragraph", "17. 购房补贴。"),
        ("item", "收支总表")]


def test_a_run_of_project_sections_is_one_contents_line_with_the_projects_under_it():
    """publish.yaml toc.groups: “七、项目经费情况说明” over each project's own section, as published 目录 list them;
    toc.tables_entry lists the tables, which have no heading in the text, under “五、部门预算表”."""
    from generator.publishing.contents import contents
    from generator.publishing.publication import Publication

    text = ("# 标题\n\n## 甲主要职能\n\n文。\n\n## 其他相关情况说明\n\n文。\n\n"
            "## 科技专项经费情况说明\n\n文。\n\n## 商业专项经费情况说明\n\n文。\n")
    sheet = Sheet("表", cells={(0, 0): Cell("表一", style="title")})
    layout = {"drop": [], "tables_at": None, "tables_before": "其他相关情况说明",
              "toc": {"levels": 2, "number": "{n}、", "tables_entry": "部门预算表",
                      "groups": [{"entry": "项目经费情况说明", "match": "经费情况说明$"}]}}
    _, _, blocks = arrange(read_markdown(text), [sheet], [], layout)
    listed = [(depth, line) for _, depth, line in contents(Publication("标题", "", (), (), tuple(blocks), layout, {}))]
    assert listed == [(1, "一、甲主要职能"), (1, "二、部门预算表"), (2, "表一"), (1, "三、其他相关情况说明"),
                      (1, "四、项目经费情况说明"), (2, "科技专项经费情况说明"), (2, "商业专项经费情况说明")]


def test_contents_word_sections_as_toc_entries_say_and_keep_each_entrys_block():
    """publish.yaml toc.entries words a section in the 目录 unlike its heading (一、部门主要职能), the entry still
    names the heading's block (its page); toc.levels 1 leaves the sub-headings out, never the tables."""
    from generator.publishing.contents import contents
    from generator.publishing.publication import Publication

    text = "# 标题\n\n## 甲委主要职能\n\n文。\n\n### 小节\n\n文。\n\n## 其他相关情况说明\n\n### 一、小节\n\n文。\n"
    sheet = Sheet("表", cells={(0, 0): Cell("表一", style="title")})
    layout = {"drop": [], "tables_at": None, "tables_before": "其他相关情况说明",
              "toc": {"levels": 1, "number": "{n}、", "table_number": "{n}. ", "tables_entry": "部门预算表",
                      "entries": [{"entry": "部门主要职能", "match": "主要职能$"}]}}
    _, _, blocks = arrange(read_markdown(text), [sheet], [], layout)
    listed = contents(Publication("标题", "", (), (), tuple(blocks), layout, {}))
    assert [(depth, line) for _, depth, line in listed] == [
        (1, "一、部门主要职能"), (1, "二、部门预算表"), (2, "1. 表一"), (1, "三、其他相关情况说明")]
    assert [blocks[i].text for i, _, _ in listed] == ["甲委主要职能", "表一", "表一", "其他相关情况说明"]


def test_a_chart_picture_is_a_png_of_exactly_its_pixels_at_its_print_size():
    import io

    import numpy
    from PIL import Image

    from generator.publishing.plots import DPI, png

    pixels = numpy.random.default_rng(7).integers(0, 256, size=(37, 53, 4), dtype=numpy.uint8)
    picture = Image.open(io.BytesIO(png(pixels)))
    assert (picture.mode, picture.size) == ("RGBA", (53, 37))
    assert numpy.array_equal(numpy.asarray(picture), pixels)
    assert round(picture.info["dpi"][0]) == DPI


JUESUAN = """# 某局2024年度部门决算

## 目 录

第一部分 某局概况

一、主要职能

第二部分 某局2024年度部门决算表

一、收支总表

## 第一部分 某局概况

### 一、主要职能

正文一段。

## 第二部分 某局2024年度部门决算表

## 第三部分 某局2024年度部门决算情况说明
"""
PRINTED = {"drop": [], "tables_at": {"match": "部门决算表$"},
           "toc": {"title": "目 录", "printed": {"match": r"^目\s*录$", "title": "目录标题", "line": "目录2",
                                                "lines": [{"match": "^第[一二三四]部分", "style": "目录1"}]}}}


def test_a_texts_own_contents_is_printed_as_written_and_generates_none():
    """publish.yaml toc.printed: the text's 目录 (a 决算's) stays where it is, each line a paragraph in its style, the
    heading in the title's style; no 目录 with page numbers is made from the headings."""
    from generator.publishing.contents import contents, generated_contents
    from generator.publishing.publication import Publication

    _, _, blocks = arrange(read_markdown(JUESUAN), _sheets()[:1], [], PRINTED)
    assert [(b.text, b.style) for b in blocks[:5]] == [
        ("目 录", "目录标题"), ("第一部分 某局概况", "目录1"), ("一、主要职能", "目录2"),
        ("第二部分 某局2024年度部门决算表", "目录1"), ("一、收支总表", "目录2")]
    assert all(b.kind == "paragraph" for b in blocks[:5]) and blocks[5] == read_markdown(JUESUAN)[6]
    assert not generated_contents(PRINTED) and generated_contents({"toc": {"levels": 1}})
    assert contents(Publication("标题", "", (), (), tuple(blocks), PRINTED | {"toc": PRINTED["toc"] | {"levels": 2}}, {})) == []


def test_tables_go_under_the_heading_found_by_match_as_the_text_prints_it():
    """tables_at {match: regex}: the part heading names the department (and may lack 第二部分), so the format names it
    by pattern; the heading stays above the first table, the next part follows the last; the 目录's line of the
    same words, a paragraph, is not taken for it."""
    for heading in ("第二部分 某局2024年度部门决算表", "某局2024年度部门决算表"):
        text = JUESUAN.replace("## 第二部分 某局2024年度部门决算表", f"## {heading}")
        _, _, blocks = arrange(read_markdown(text), _sheets(), [], PRINTED)
        kinds = _kinds(blocks)
        at = kinds.index(("heading", heading))
        assert kinds[at:] == [("heading", heading), ("sheet", "收支总表"), ("sheet", "收入总表"),
                              ("heading", "第三部分 某局2024年度部门决算情况说明")]
