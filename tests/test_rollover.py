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
    todo = _todo(capsys, "2025-shanghai-putuo-shangwuwei-unit", tmp_path)
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
        following = load_format(fmt.settings["next"])  # every shipped format names next year's
        assert following.settings["year"] in (fmt.settings["year"], fmt.settings["year"] + 1), name
        assert "收支变动原因" in fmt.settings["rewrite"], name
    assert not hasattr(rollover, "REWRITE")
    assert "年" not in Path(recognise.__file__).read_text("utf-8").split("def _contents")[1].split("def ")[0]
    assert load_format("shanghai-2025").merged("import.yaml")["目录"]
