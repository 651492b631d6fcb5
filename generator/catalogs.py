"""The shipped catalogs: function and economic classification codes by year, funding sources and project
categories (templates/catalogs/), and an officer's own catalog CSV over them."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from .model import Catalog
from .shipped import templates_root

CATALOG_HEADER = ("编码", "名称")


def catalog_years() -> list[int]:
    """The years the shipped catalogs cover (templates/catalogs/<year>/)."""
    return sorted(int(p.name) for p in (templates_root() / "catalogs").iterdir() if p.name.isdigit())


def load_catalog(year: int | None = None, extra: Path | None = None) -> Catalog:
    """The year's catalog (or the nearest earlier one shipped), extended or corrected by an officer's CSV file."""
    folder = templates_root() / "catalogs"
    years = catalog_years()
    chosen = max((y for y in years if year is None or y <= year), default=years[0])
    functions, economics = _codes(folder / str(chosen) / "功能分类.csv"), _codes(folder / str(chosen) / "经济分类.csv")
    for code, name in (_officer_codes(extra) if extra else {}).items():
        (functions if len(code) in (3, 5, 7) and code[0] == "2" else economics)[code] = name
    return Catalog(
        functions=functions,
        economics=economics,
        source_groups=source_groups(),
        categories=categories(),
        label=f"{chosen} 年的科目目录（没有 {year} 年的目录）" if year not in (None, chosen) else "本年度科目目录",
    )


def categories() -> tuple[str, ...]:
    """The shipped project categories (templates/catalogs/项目类别.csv)."""
    return tuple(row[0] for row in _rows(templates_root() / "catalogs" / "项目类别.csv"))


def source_groups(name: str = "资金来源.csv") -> dict[str, str]:
    """Funding sources and the group each belongs to (templates/catalogs/资金来源.csv), the same every year; a
    format may name its own list (a 决算's `source_catalog`: the funds its tables print, 财政拨款 or not)."""
    return {source: group for source, group in _rows(templates_root() / "catalogs" / name)}


@functools.lru_cache(maxsize=64)
def _rows(path: Path) -> tuple[tuple[str, ...], ...]:
    """A shipped CSV's rows under its header, read once per process (a batch worker reads them for every spec)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return tuple(tuple(row) for row in csv.reader(handle))[1:]


def _officer_codes(path: Path) -> dict[str, str]:
    """An officer's catalog CSV (编码,名称), saved as UTF-8 or as Excel saves it on Chinese Windows (GBK)."""
    from .problems import Place, Problem, SpecError
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError([Problem("E229", Place(str(path)), f"无法读取科目目录文件：{exc.strerror}")]) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            rows = list(csv.reader(data.decode(encoding).splitlines()))
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpecError([Problem("E229", Place(str(path)), "科目目录文件不是 UTF-8 或 GBK 编码的 CSV")])
    if [cell.strip() for cell in (rows[0] if rows else [])[:2]] != list(CATALOG_HEADER):
        first = "，".join(rows[0]) if rows else "空文件"
        raise SpecError([Problem("E238", Place(str(path), 1), f"科目目录文件的第一行应为表头“{','.join(CATALOG_HEADER)}”，"
                                                              f"而不是“{first}”（没有表头时第一个科目会被当作表头）")])
    return {row[0].strip(): row[1].strip() for row in rows[1:] if len(row) >= 2 and row[0].strip()}


def _codes(path: Path) -> dict[str, str]:
    return {row[0].strip(): row[1].strip() for row in _rows(path) if len(row) >= 2 and row[0].strip()}
