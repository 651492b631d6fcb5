"""The narrative: regenerated against the seed's text, and its figures are the tables' figures."""

from __future__ import annotations

import dataclasses
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from generator.build import narrative, sheets
from generator.document import Document

from .textcompare import seed_text, similarity


def _text_part(markdown: str) -> str:
    """The text without the list of tables: Shenzhen lists them at the end, Shanghai as its part 五."""
    if "## 二、表格部分" in markdown:
        markdown = markdown[: markdown.rindex("## 二、表格部分")]
    return re.sub(r"^## 五、.*?(?=^## 其他相关情况说明)", "", markdown, flags=re.S | re.M)


def _printed(value: Decimal) -> str:
    return f"{value.quantize(Decimal(1), ROUND_HALF_UP):,}"


@pytest.mark.parametrize("seed", ["2023-shenzhen-sibj", "2022-shenzhen-luohu", "2025-shanghai-putuo-shangwuwei",
                                  "2025-shanghai-putuo-shangwuwei-unit"])
def test_text_matches_the_seed(documents, seed):
    """The Shanghai seeds' text is kept without the tables printed inside it (and without the department
    document's items 7–12 of 主要职能 printed twice); see tests/golden/*.text.txt."""
    ours = _text_part(narrative(documents[seed]))
    assert similarity(ours, seed_text(seed)) >= 0.98


def test_document_ends_with_the_list_of_tables(documents):
    text = narrative(documents["2023-shenzhen-sibj"])
    tail = text[text.rindex("## 二、表格部分"):]
    assert "（一）收支总表" in tail and "（十二）部门（单位）整体支出绩效目标表" in tail


def _cell(doc: Document, sheet: str, label: str, col: int) -> str:
    table = {s.name: s for s in sheets(doc)}[sheet]
    row = next(r for (r, c), cell in table.cells.items() if cell.value == label)
    return _printed(table.cells[(row, col)].value)


def test_text_figures_are_the_table_figures(documents):
    doc = documents["2023-shenzhen-sibj"]
    text = narrative(doc)
    expected = {
        "部门预算收入": _cell(doc, "收支总表", "收入总计", 1),
        "部门预算支出": _cell(doc, "收支总表", "支出总计", 3),
        "人员支出": _cell(doc, "基本支出总表", "工资福利支出", 1),
        "公用支出": _cell(doc, "基本支出总表", "商品和服务支出", 1),
        "对个人和家庭的补助支出": _cell(doc, "基本支出总表", "对个人和家庭的补助", 1),
        "项目支出": _cell(doc, "项目支出总表", "深圳市社会保险基金管理局本级", 1),
        "社会保险综合管理": _cell(doc, "项目支出总表", "社会保险综合管理", 1),
        "社会保险业务管理": _cell(doc, "项目支出总表", "社会保险业务管理", 1),
        "纳入2023年部门预算共计": _cell(doc, "支出总表", "深圳市社会保险基金管理局本级", 6),
        "机关运行经费财政拨款预算": _cell(doc, "基本支出总表", "商品和服务支出", 3),
        "“三公”经费预算": _cell(doc, "三公经费支出表", "2023年", 2),
        "政府性基金预算支出": _cell(doc, "政府性基金预算支出表", "深圳市社会保险基金管理局本级", 3),
    }
    for words, figure in expected.items():
        assert f"{words}{figure}万元" in text, (words, figure)


def test_every_project_and_three_public_figure_is_a_table_cell(documents):
    doc = documents["2023-shenzhen-sibj"]
    text = narrative(doc)
    for project in doc.budget.projects:
        name = project.facts.get("文字名称", project.name)
        assert f"{name}{_cell(doc, '项目支出总表', project.name, 1)}万元" in text, name
    parts = {"公务接待费。2023年预算数": 4, "公务用车购置和运行维护费。2023年预算数": 5,
             "公务用车购置费2023年预算数": 6, "公务用车运行维护费2023年预算数": 7, "因公出国（境）费用。2023年预算数": 3}
    for words, col in parts.items():
        assert f"{words}{_cell(doc, '三公经费支出表', '2023年', col)}万元" in text, words
    changes = {"比2022年减少2万元": 4, "比2022年预算数减少18万元": 6, "比2022年预算数增加0万元": 7}
    for words, col in changes.items():
        figure = _cell(doc, "三公经费支出表", "增减变化金额", col).lstrip("-")
        assert words.endswith(f"{figure}万元") and words in text, words


def test_a_changed_line_moves_text_and_tables_together(documents):
    doc = documents["2023-shenzhen-sibj"]
    extra = Decimal(1_000_000)  # 100 万元 more on 社会保险业务管理's 法律服务项目
    lines = tuple(dataclasses.replace(ln, amount=ln.amount + extra) if ln.subitem == "法律服务项目" else ln
                  for ln in doc.budget.lines)
    changed = Document(dataclasses.replace(doc.budget, lines=lines), doc.format)
    before, after = narrative(doc), narrative(changed)
    assert "社会保险业务管理2,970万元" in before and "社会保险业务管理3,070万元" in after
    assert "法律服务项目1,005万元" in after
    assert "较2022年预算减少1,189万元，下降28%" in after
    assert "部门预算收入298,548万元" in after and "项目支出293,443万元" in after
    assert _cell(changed, "项目支出总表", "社会保险业务管理", 1) == "3,070"
    assert _cell(changed, "收支总表", "收入总计", 1) == "298,548"
    assert "人员支出4,072万元" in after


@pytest.mark.parametrize(("source", "line", "code", "words"), [
    ("# 标题\n\n正文\n\n{% if %}\n", 5, "E900", "模板有误"),                       # a syntax error
    ("# 标题\n\n{{ year | no_such_filter }}\n", 3, "E900", "no_such_filter"),     # an unknown filter, when compiling
    ("# 标题\n\n正文\n\n\n{% include \"missing.md.j2\" %}\n", 6, "E900", "找不到模板“missing.md.j2”"),  # when rendering
    ("{% extends \"shenzhen-2023/document.md.j2\" %}\n", 1, "E900", "找不到模板“shenzhen-2023/document.md.j2”"),  # outside
    ("# 标题\n\n{{ f.支出合计 / 0 }}\n", 3, "E241", "模板此处"),                    # a sum of the template's own
    ("# 标题\n\n\n{{ facts.地区 | wan }}\n", 4, "E241", "不是数字"),            # a text where a figure goes
])
def test_a_template_error_names_the_template_file_and_line(documents, tmp_path, source, line, code, words):
    """Found against the template's file and line (the spec's [概况] was named, or the spec with no line)."""
    from generator.problems import SpecError
    from generator.text.narrative import render

    (tmp_path / "document.md.j2").write_text(source, "utf-8")
    doc = documents["2025-shanghai-putuo-shangwuwei-unit"]
    with pytest.raises(SpecError) as raised:
        render(doc.budget, [tmp_path], dict(doc.values))
    [problem] = raised.value.problems
    assert (problem.code, problem.place.file, problem.place.line) == (code, str(tmp_path / "document.md.j2"), line)
    assert words in problem.message


REASONS = ("收支变动原因", "三公经费说明", "功能科目用途", "人员支出用途", "公用支出用途", "对个人和家庭的补助用途",
           "公务接待费说明", "公务用车购置费说明", "公务用车运行维护费说明")


def _blank(value):
    """Every text under a fact emptied, as a publisher who gives no reasons writes it (\"\")."""
    return {k: _blank(v) for k, v in value.items()} if isinstance(value, dict) else ""


def _without_reasons(doc: Document) -> Document:
    facts = dict(doc.budget.facts)
    facts["概况"] = {k: _blank(v) if k in REASONS else v for k, v in facts["概况"].items()}
    projects = tuple(dataclasses.replace(
        p, facts={k: "" if k in ("用途", "变动原因") else v for k, v in p.facts.items()},
        subitems=tuple(dataclasses.replace(s, purpose="") for s in p.subitems)) for p in doc.budget.projects)
    return Document(dataclasses.replace(doc.budget, facts=facts, projects=projects), doc.format)


@pytest.mark.parametrize("seed", ["2025-shanghai-putuo-shangwuwei-unit", "2023-shenzhen-sibj", "2022-shenzhen-luohu"])
def test_an_empty_reason_or_use_drops_its_clause(documents, seed):
    """No `持平，；`, no dangling `，` or `：` at a sentence's end: the clause goes and the sentence ends there."""
    text = _text_part(narrative(_without_reasons(documents[seed])))
    for dangling in ("，；", "，。", "；。", "，\n", "原因：\n", "原因是：\n"):
        assert dangling not in text, (dangling, text[max(0, text.find(dangling) - 60):text.find(dangling) + 5])
    assert "主要原因" not in text


def test_a_zero_change_without_reason_ends_the_sentence(documents):
    text = narrative(_without_reasons(documents["2025-shanghai-putuo-shangwuwei-unit"]))
    assert "（一）因公出国（境）费0万元，与2024年预算持平。\n" in text
    assert "公务用车购置费0万元，与2024年预算持平；公务用车运行费0万元，与2024年预算持平。\n" in text
    assert "购房补贴（项）”148.80万元。\n" in text


def _with_fact(doc: Document, **changed) -> Document:
    facts = dict(doc.budget.facts)
    facts["概况"] = dict(facts["概况"]) | changed
    return Document(dataclasses.replace(doc.budget, facts=facts), doc.format)


def test_a_list_fact_written_as_one_text_is_a_list_of_one(documents):
    """`主要职能: "…"` (one duty, no brackets) prints one numbered duty, not one per character."""
    text = narrative(_with_fact(documents["2025-shanghai-putuo-shangwuwei-unit"], 主要职能="负责本区商务工作。"))
    assert "主要职能包括：\n\n1、负责本区商务工作。\n\n## " in text and "2、" not in text.split("## ")[2]
    doc = documents["2025-shanghai-putuo-shangwuwei"]
    project = next(p for p in doc.budget.projects if "项目经费情况说明" in p.facts)
    explained = dict(project.facts) | {"项目经费情况说明": dict(project.facts["项目经费情况说明"]) | {"立项依据": "普建委[2025]127号"}}
    projects = tuple(dataclasses.replace(p, facts=explained) if p is project else p for p in doc.budget.projects)
    text = narrative(Document(dataclasses.replace(doc.budget, projects=projects), doc.format))
    assert "二、立项依据\n\n1、普建委[2025]127号\n\n#### 三、实施主体" in text
    goals = narrative(_with_fact(documents["2023-shenzhen-sibj"], 主要工作目标="全面完成年度任务"))
    assert "1.全面完成年度任务\n" in goals and "2." not in goals.split("主要工作目标包括：")[1].split("###")[0]


def test_a_format_extending_one_not_found_is_named_at_its_extends_line(tmp_path, capsys):
    from pathlib import Path

    from generator.cli import main

    spec = tmp_path / "s.yaml"
    text = (Path(__file__).resolve().parent.parent / "specs" / "2026-shanghai-putuo-sifaju-unit.yaml").read_text("utf-8")
    spec.write_text(text.replace("格式: shanghai-2026", "格式: ./我的格式", 1), "utf-8")
    (tmp_path / "我的格式").mkdir()
    (tmp_path / "我的格式" / "format.yaml").write_text("description: 本单位\nextends: shanghai-1999\n", "utf-8")
    assert main(["check", str(spec)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / '我的格式' / 'format.yaml'}:2 [extends]: 错误 E230: extends 所指的格式“shanghai-1999”不存在" in err
