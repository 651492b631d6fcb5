"""Size limits on what budgetgen reads, so a hostile or broken file ends in a message, not in hours or gigabytes.

Each limit is far above any real budget (the largest seed spec is 38 KB, a department's workbook a few thousand
rows) and low enough that a file just under it is checked within seconds and a few hundred MB.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..problems import Place, Problem, SpecError

MAX_SPEC_BYTES = 2 * 2**20
"""A spec file (YAML): ~50 times the largest real spec; a spec just under it (30,000 lines or 20,000 projects)
builds in ~15 s and ~450 MB."""
MAX_UNITS = 300
"""Unit specs one department may list (a district department has at most a few dozen)."""
MAX_DEPARTMENT_BYTES = 8 * 2**20
"""All the unit specs of one department together: ~100 times a real department's (50 units of ~40 KB would be 2 MB)."""
MAX_UNPACKED_BYTES = 64 * 2**20
"""A workbook's XML, unpacked (a zip packs a long run of one letter a thousandfold)."""
MAX_ROWS = 20_000
"""Filled rows of one sheet of a fill-in workbook."""
MAX_COLUMNS = 256
"""Header columns of one sheet of a fill-in workbook."""
MAX_PAGES = 80
"""Pages of a published document to import (the published ones have 21–35; 70 pages import in ~15 s)."""
MAX_TEXT = 300_000
"""Characters of a document's text to import (the published ones have 8,000–26,000)."""
MAX_CELL_CHARS = 32_767
"""Characters in one cell: Excel's own limit, so a longer cell was not written by Excel or WPS."""


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


def check_spec_size(path: Path, size: int) -> None:
    """A spec larger than MAX_SPEC_BYTES is refused before it is parsed (E107)."""
    if size > MAX_SPEC_BYTES:
        raise SpecError([Problem("E107", Place(str(path)), f"规格文件有 {_mb(size)}，超过上限 {_mb(MAX_SPEC_BYTES)}"
                                 "（真实的规格不过几十 KB）：请检查是否选错了文件")])


def check_unpacked(path: Path, code: str) -> None:
    """A workbook whose parts unpack to more than MAX_UNPACKED_BYTES is refused before it is opened;
    a file that is not a zip is left to the reader, which has its own message for it."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if size > MAX_UNPACKED_BYTES:
        raise SpecError([Problem(code, Place(str(path)), f"工作簿解压后有 {_mb(size)}，超过上限 {_mb(MAX_UNPACKED_BYTES)}"
                                 "（填好的预算工作簿不过几 MB）：请检查是否选错了文件，或删去多余的内容")])


def check_department_size(path: Path, listed: list[Path]) -> None:
    """A department listing more than MAX_UNITS unit specs, or more than MAX_DEPARTMENT_BYTES of them together, is refused
    before any is parsed (E108): each file within its own limit could still add up to hours of reading."""
    if len(listed) > MAX_UNITS:
        raise SpecError([Problem("E108", Place(str(path)), f"“下属单位”列出了 {len(listed)} 个单位，超过上限 {MAX_UNITS} 个"
                                 "（一个部门不过几十个单位）：请检查是否选错了文件")])
    size = sum(p.stat().st_size for p in set(listed))
    if size > MAX_DEPARTMENT_BYTES:
        raise SpecError([Problem("E108", Place(str(path)), f"“下属单位”的规格文件共 {_mb(size)}，超过上限 "
                                 f"{_mb(MAX_DEPARTMENT_BYTES)}（一个部门的全部规格不过几 MB）：请检查是否选错了文件")])
