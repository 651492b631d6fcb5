"""budgetgen next-year: what the officer is told to write again, and where the next format comes from (no LibreOffice)."""

from __future__ import annotations

from pathlib import Path

from generator.cli import main

SPECS = Path(__file__).resolve().parent.parent / "specs"


def _todo(capsys, name: str, tmp_path: Path) -> list[str]:
    assert main(["next-year", str(SPECS / f"{name}.yaml"), "-o", str(tmp_path / "next.yaml")]) == 0
    line = next(ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("请填写或核对："))
    return line.removeprefix("请填写或核对：").split("、")


def test_each_place_to_fill_is_listed_once(tmp_path, capsys):
    """A 2025 spec that compares each item with last year's execution (执行数比较, kept into 2026) needs the 2026
    text's reasons by function 项: filled by the trial render, listed once with the rest."""
    spec = tmp_path / "2025-shanghai-putuo-shangwuwei-unit.yaml"
    text = (SPECS / spec.name).read_text("utf-8")
    spec.write_text(text.replace("\n预算明细:", "\n版式:\n  执行数比较: true\n预算明细:", 1), "utf-8")
    assert main(["next-year", str(spec), "-o", str(tmp_path / "next.yaml")]) == 0
    line = next(ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("请填写或核对："))
    todo = line.removeprefix("请填写或核对：").split("、")
    assert "概况.功能科目变动原因" in todo and len(todo) == len(set(todo)), todo


def test_a_departments_units_must_be_rolled_too(tmp_path, capsys):
    todo = _todo(capsys, "2025-shanghai-putuo-shangwuwei", tmp_path)
    units = [item for item in todo if item.startswith("下属单位")]
    assert len(units) == 1 and "2025-shanghai-putuo-shangwuwei-unit.yaml" in units[0], todo
    assert "budgetgen next-year" in units[0]


def test_next_years_format_and_what_to_rewrite_are_data_of_the_format():
    import generator.importing.recognise as recognise
    import generator.importing.rollover as rollover
    from generator.formats import available, load_format

    for name in available():
        fmt = load_format(name)
        if fmt.settings.get("document", "预算") != "预算":
            continue  # next-year rolls a 预算 over; a 决算 spec starts from its 预算 (budgetgen juesuan)
        following = load_format(fmt.settings["next"])  # every shipped 预算 format names next year's
        assert following.settings["year"] in (fmt.settings["year"], fmt.settings["year"] + 1), name
        assert "收支变动原因" in fmt.settings["rewrite"], name
    assert not hasattr(rollover, "REWRITE")
    assert "年" not in Path(recognise.__file__).read_text("utf-8").split("def _contents")[1].split("def ")[0]
    assert load_format("shanghai-2025").merged("import.yaml")["目录"]


def test_a_format_change_keeps_the_tables_and_wording_the_office_printed(tmp_path, capsys):
    """2024 → 2025: the 2024 format's whole-yuan tables, printed zeros and 一、 numbering, which the 2025 format's
    defaults would change, are written into the new spec's 版式; every table prints as last year's."""
    from generator.document import load_document

    from .test_import import _printed

    spec, new = SPECS / "2024-shanghai-putuo-wanli-jiedao.yaml", tmp_path / "next.yaml"
    assert main(["next-year", str(spec), "-o", str(new)]) == 0
    text = new.read_text("utf-8")
    assert "格式: shanghai-2025" in text and "  表格小数位: 0\n" in text and "  职能编号: 一、\n" in text
    assert '  文字零值: 0.00\n' in text and "    三公经费和机关运行经费预算表:\n      小数位: 通用\n      零值: 0\n" in text
    capsys.readouterr()
    assert main(["check", str(new)]) == 2
    assert {line.split("错误 ")[1][:4] for line in capsys.readouterr().err.splitlines() if "错误 " in line[:160]} == {"C350"}
    before, after = _printed(load_document(spec)), _printed(load_document(new))
    differ = [(sheet, row) for sheet in before for row, (a, b) in enumerate(zip(before[sheet], after[sheet], strict=True))
              if a != b and not a[0].startswith("注")]  # a 注 names its year
    assert differ == []


def test_the_facts_of_one_year_and_the_names_import_made_up_are_listed(tmp_path, capsys):
    """绩效目标设置, vehicle and equipment counts stay as a start but are listed; so is a project still named as
    import names one it cannot see (its function 项's name and code)."""
    spec = tmp_path / "2025.yaml"
    text = (SPECS / "2025-shanghai-putuo-shangwuwei-unit.yaml").read_text("utf-8")
    spec.write_text(text.replace("商贸事务管理", "一般行政管理事务项目（2011302）"), "utf-8")
    assert main(["next-year", str(spec), "-o", str(tmp_path / "next.yaml")]) == 0
    todo = next(ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("请填写或核对："))
    for fact in ("概况.绩效目标设置", "概况.国有资产.车辆", "概况.国有资产.购置车辆", "概况.国有资产.单价100万元以上设备"):
        assert f"{fact}（2025年的数，请按本年改写）" in todo, todo
    assert "项目名称 一般行政管理事务项目（2011302）（导入时按功能科目命名" in todo
    assert "  绩效目标设置:\n    项目数: 25\n" in (tmp_path / "next.yaml").read_text("utf-8")  # kept as a start


def test_a_format_change_keeps_the_sentences_the_office_printed(tmp_path, capsys):
    """2024 → 2025: the 2024 wording of the 三公 sentences (their number style too) and the 项目概况 heading are
    written into the new spec's 措辞, so the new text differs from last year's in its figures and years only."""
    import re

    from generator.build import narrative
    from generator.document import load_document

    spec, new = SPECS / "2024-shanghai-putuo-wanli-jiedao.yaml", tmp_path / "next.yaml"
    assert main(["next-year", str(spec), "-o", str(new)]) == 0
    assert "措辞:\n" in new.read_text("utf-8") and "  项目概述标题: 一、项目概况\n" in new.read_text("utf-8")
    mask = lambda text: re.sub(r"[\d.,]+|待填写|持平|增加|减少|保持不变", "#", text)  # noqa: E731 - figures, their direction words, the reasons to fill
    before = [mask(line) for line in narrative(load_document(spec)).splitlines() if line.startswith(("（", "####"))]
    after = [mask(line) for line in narrative(load_document(new)).splitlines() if line.startswith(("（", "####"))]
    assert len(before) > 10 and [(a, b) for a, b in zip(before, after, strict=True) if a.split("#")[0] != b.split("#")[0]] == []
    three = [line for line in narrative(load_document(new)).splitlines() if line.startswith("（一）因公出国")]
    assert three and three[0].startswith("（一）因公出国（境）费0万元，比2024年预算持平。")  # 0, not 0.00: 2024's style
