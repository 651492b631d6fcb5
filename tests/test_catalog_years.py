"""The shipped catalogs: complete 类/款 for 2022–2026, and every code and name a published seed prints."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from generator.catalogs import catalog_years, load_catalog

GOLDEN = Path(__file__).parent / "golden" / "seed-catalog.csv"
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
YEARS = range(2022, 2027)
ECONOMIC_CLASSES = {"301", "302", "303", "307", "309", "310", "311", "312", "313", "399"}
COMMON = ["2010601", "20103", "2010301", "204", "20402", "2040601", "212", "21201", "213", "21301"]
COMMON_ECONOMIC = ["30103", "30205", "30206", "30209", "30215", "30299", "31099", "39999"]
_CODE_ROW = re.compile(r"^\s*\|?\s*\|?\s*([23]\d{2}(?:\s+\d{2}){0,2}|[23]\d{4}|[23]\d{6})\s*\|?\s*([\u4e00-\u9fff][^\s|]*)")


def _golden() -> list[dict[str, str]]:
    lines = [line for line in GOLDEN.read_text("utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _printed(name: str) -> str:
    """A name as the text layer prints it, with the catalog's full-width brackets."""
    return name.replace("(", "（").replace(")", "）")


def _name(row: dict[str, str]) -> str | None:
    catalog = load_catalog(int(row["年度"]))
    return {**catalog.functions, **catalog.economics}.get(row["编码"])


def test_every_year_from_2022_to_2026_ships_its_own_catalog():
    assert set(YEARS) <= set(catalog_years())


@pytest.mark.parametrize("year", YEARS)
def test_each_catalog_is_complete_where_officers_need_it(year):
    catalog = load_catalog(year)
    assert {c for c in catalog.economics if len(c) == 3} == ECONOMIC_CLASSES
    assert all(code in catalog.functions for code in COMMON) and all(c in catalog.economics for c in COMMON_ECONOMIC)
    assert sum(len(c) == 3 for c in catalog.functions) >= 25 and sum(len(c) == 5 for c in catalog.functions) >= 180


@pytest.mark.parametrize("year", YEARS)
def test_every_code_has_its_parent(year):
    catalog = load_catalog(year)
    for codes in (catalog.functions, catalog.economics):
        assert [c for c in codes if len(c) > 3 and c[:-2] not in codes] == []


def test_every_code_and_name_a_seed_prints_is_in_the_catalog_of_its_year():
    rows = _golden()
    assert {row["文本"].split()[0][:4] for row in rows} == {"2022", "2023", "2024", "2025", "2026"}
    wrong = [(r["年度"], r["编码"], r["名称"], _name(r)) for r in rows if _name(r) != _printed(r["名称"])]
    assert wrong == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the clone")
def test_the_golden_file_holds_every_code_the_budget_seeds_print():
    golden = {(r["年度"], r["编码"]) for r in _golden()}
    printed = set()
    for seed in sorted(s for s in SEEDS.glob("*.txt") if "juesuan" not in s.name):  # the 预算 seeds; 决算 has its own
        for line in seed.read_text("utf-8").splitlines():
            if (match := _CODE_ROW.match(line)) and len(code := re.sub(r"\s", "", match.group(1))) in (3, 5, 7):
                printed.add((seed.name[:4], code))
    assert len(printed) > 300 and printed - golden <= {("2023", "211")}, printed - golden
