"""Read a published document into pages of text and ruled tables: a PDF through pdfplumber, a workbook through openpyxl.

Everything after this step sees only `Page`s, so a PDF and a workbook of the same tables import alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import Place, Problem, SpecError
from ..reading.limits import MAX_COLUMNS, MAX_PAGES, MAX_ROWS, MAX_TEXT, check_unpacked

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "intersection_tolerance": 3}
"""Published Shanghai PDFs are WPS prints of ruled sheets: their tables are found by their rules."""

Grid = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Page:
    """One page (or worksheet): its text lines, and each ruled table on it as rows of cell texts."""

    number: int
    text: str
    tables: tuple[Grid, ...]
    name: str = ""
    """The worksheet's name for a workbook, empty for a PDF page."""
    shown: tuple[Grid, ...] = ()
    """A worksheet's cells as its number formats print them (the tables hold the amounts); empty: as `tables`."""


def read_pages(path: Path) -> tuple[Page, ...]:
    """The pages of a PDF or the sheets of a workbook; SpecError with one Chinese message if it cannot be read
    or is past a limit (pages, text: the import's time grows with them)."""
    head = _head(path)
    if head.startswith(b"%PDF"):
        pages = _pdf_pages(path)
    elif head.startswith(b"PK"):
        check_unpacked(path, "E608")
        pages = _workbook_pages(path)
    else:
        raise _bad(path, "E601", "不是 PDF 文件，也不是 Excel 工作簿（.xlsx）：无法导入")
    if sum(len(page.text) for page in pages) > MAX_TEXT:
        raise _bad(path, "E607", f"文字超过上限 {MAX_TEXT} 字（公开的预算文档不过几万字）：请检查是否选错了文件")
    return pages


def _too_many_pages(path: Path, count: int) -> SpecError:
    return _bad(path, "E606", f"有 {count} 页（或工作表），超过上限 {MAX_PAGES}（公开的预算文档不过几十页）：请检查是否选错了文件")


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError as exc:
        raise _bad(path, "E600", f"无法读取文件：{exc.strerror or exc}") from None


def _bad(path: Path, code: str, message: str) -> SpecError:
    return SpecError([Problem(code, Place(str(path)), message)])


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _pdf_pages(path: Path) -> tuple[Page, ...]:
    """Text of every page through PDFium (fast); ruled tables through pdfplumber, on the pages with rules only."""
    import pypdfium2 as pdfium

    if b"%%EOF" not in path.read_bytes()[-2048:]:
        raise _bad(path, "E603", "PDF 文件不完整（缺少文件结尾，可能下载或复制时被截断）：请重新取得完整的文件")
    try:
        pdf = pdfium.PdfDocument(str(path))
        if len(pdf) > MAX_PAGES:
            raise _too_many_pages(path, len(pdf))
        texts, ruled = [], []
        for n in range(len(pdf)):
            page = pdf[n]
            texts.append(page.get_textpage().get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            if sum(1 for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_PATH) > 4:
                ruled.append(n + 1)
        pdf.close()
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _bad(path, "E602", "PDF 已加密（需要密码）：请导入未加密的公开文本") from None
        raise _bad(path, "E603", f"PDF 文件已损坏，无法读取（{exc}）") from None
    if not any(t.strip() for t in texts):
        raise _bad(path, "E604", "PDF 中没有文字（可能是扫描件）：请导入由 WPS 或 Excel 打印的公开文本，或导入工作簿")
    tables = _pdf_tables(path, ruled)
    return tuple(Page(n, text, tables.get(n, ())) for n, text in enumerate(texts, 1))


def _pdf_tables(path: Path, numbers: list[int]) -> dict[int, tuple[Grid, ...]]:
    import pdfplumber

    if not numbers:
        return {}
    try:
        with pdfplumber.open(path, pages=numbers) as pdf:
            return {page.page_number: tuple(tuple(tuple(_cell(c) for c in row) for row in table)
                                            for table in page.extract_tables(TABLE_SETTINGS)) for page in pdf.pages}
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds (wrapped by pdfplumber) on a bad file
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        raise _bad(path, "E603", f"PDF 文件已损坏或不完整，无法读取（{type(inner).__name__}）") from None


def _workbook_pages(path: Path) -> tuple[Page, ...]:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except InvalidFileException:  # another zip: a .docx, a .zip
        raise _bad(path, "E601", "不是 PDF 文件，也不是 Excel 工作簿（.xlsx）：无法导入") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _bad(path, "E605", f"工作簿已损坏或不完整，无法读取（{type(exc).__name__}）") from None
    if len(book.worksheets) > MAX_PAGES:
        raise _too_many_pages(path, len(book.worksheets))
    pages = []
    for number, sheet in enumerate(book.worksheets, 1):
        cells = _sheet_cells(path, sheet)
        rows = tuple(tuple(_workbook_cell(getattr(c, "value", None)) for c in row) for row in cells)
        printed = tuple(tuple(shown(c) for c in row) for row in cells)
        text = "\n".join(c for row in rows for c in row if c)
        pages.append(Page(number, text, (rows,), sheet.title, (printed,)))
    book.close()
    return tuple(pages)


def _sheet_cells(path: Path, sheet) -> list[list]:
    """A worksheet's rows of cells up to MAX_ROWS; past it only empty rows may follow (a stray blank at row
    1,048,576 is passed over, not read as a million rows), and no more than MAX_COLUMNS columns (E609)."""
    if (sheet.max_column or 0) > MAX_COLUMNS:
        raise _bad(path, "E609", f"工作表“{sheet.title}”有 {sheet.max_column} 列，超过上限 {MAX_COLUMNS} 列")
    cells = [list(row) for row in sheet.iter_rows(max_row=min(sheet.max_row or MAX_ROWS, MAX_ROWS))]
    if sheet.max_row is None or sheet.max_row > MAX_ROWS:
        sheet.reset_dimensions()  # read on as written, rows not padded: a million empty rows pass quickly
        for number, row in enumerate(sheet.iter_rows(min_row=MAX_ROWS + 1, values_only=True), MAX_ROWS + 1):
            if row and any(_cell(value) for value in row):
                raise _bad(path, "E609", f"工作表“{sheet.title}”第 {number} 行仍有内容，超过上限 {MAX_ROWS} 行")
        while cells and not any(_cell(getattr(c, "value", None)) for c in cells[-1]):
            cells.pop()  # the empty rows up to the limit, before the stray blank
    return cells


def shown(cell: object) -> str:
    """A cell as its number format prints it (0.00, a blank zero, thousands separators): the house style, as a
    reader sees it (import, `budgetgen compare` and the tests read a workbook through this one rule)."""
    from decimal import Decimal

    from ..tables.cells import printed

    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return printed(Decimal(str(value)), getattr(cell, "number_format", None) or "General")
    return _cell(value)


def _workbook_cell(value: object) -> str:
    """A cell as text: a number to the fen when it is whole fen, else with all its digits (a 万元 figure of
    0.000127 is 1.27 yuan, not zero): the amount it holds, whatever its display."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        fen = value * 100
        return f"{value:.2f}" if abs(fen - round(fen)) < 1e-6 else f"{value:.10f}".rstrip("0")
    return _cell(value)
