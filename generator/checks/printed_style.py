"""§7 rules 58, 59 and 61 on a 决算 as printed (../shared/juesuan.md): the 目录 against the body's headings (C434), the
department's name the same wherever it is printed (C435), figures with the decimals and separators of §0 (C436).
Cosmetic: each finding a warning, at the place it is printed. The text is read flattened (no spaces or line breaks),
as import hands it over; a part the text does not have (no 目录, no cover) leaves its rule silent."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..problems import Place, Problem
from .printed import Printed, layout
from .printed_said import flat, headings, sections

PARTS = ("第一部分", "第二部分", "第三部分", "第四部分")
_ENTRY = re.compile(r"(第[一二三四]部分|(?<![一二三四五六七八九十])[一二三四五六七八九十]+、)")
_AMOUNT = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)万元(?!（含）)")
_PERCENT = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)%")
_SUB = re.compile(r"（([一二三四五六七八九十]+)）")


@dataclass(frozen=True)
class Cut:
    """The flattened text and where its parts are: the 目录 [toc, body) (body is where the 第一部分 begins), the
    第三部分's section headings and where its body ends."""

    text: str
    toc: int
    body: int
    heads: tuple[tuple[int, int, str], ...]
    stop: int
    third: int

    @classmethod
    def of(cls, text: str) -> Cut:
        run = flat(text)
        toc = run.find("目录")
        last = run.find("第四部分", max(toc, 0))
        body = run.find("第一部分", last) if toc >= 0 and last >= 0 else -1
        heads, stop = headings(run)
        return cls(run, toc, body, tuple(heads), stop, run.rfind("第三部分"))

    def where(self, at: int) -> str:
        """The place of a position: 封面, 目录, 第一部分, a section of 第三部分 (一…十一), 第四部分."""
        if self.toc >= 0 and at < self.toc:
            return "文字部分·封面"
        if self.body >= 0 and at < self.body:
            return "文字部分·目录"
        before = [n for start, _, n in self.heads if start <= at]
        if self.heads and at >= self.stop:
            return "文字部分·第四部分"
        if before:
            return f"文字部分·{before[-1]}"
        return "文字部分·第三部分" if 0 <= self.third <= at else "文字部分·第一部分"


def style_problems(doc: Printed) -> list[Problem]:
    """Rules 58, 59 and 61 on the document as printed (its text as import reads it, its tables)."""
    cut = Cut.of(doc.raw_text) if doc.raw_text else None
    found = list(table_decimals(doc))
    if cut is not None:
        found += [*contents(doc, cut), *one_name(doc, cut), *text_figures(doc)]
    return found


def _toc(cut: Cut) -> list[tuple[str, str, str]]:
    """The 目录's entries, each (part, numeral, title): ("第一部分", "", "…概况"), ("第一部分", "一", "主要职能")…"""
    tokens, part, entries = _ENTRY.split(cut.text[cut.toc + 2:cut.body]), "", []
    for mark, title in zip(tokens[1::2], tokens[2::2], strict=True):
        if mark.startswith("第"):
            part = mark
            entries.append((part, "", title))
        else:
            entries.append((part, mark.rstrip("、"), title))
    return entries


def contents(doc: Printed, cut: Cut) -> Iterable[Problem]:
    """C434 (rule 58): each 目录 entry is a heading of the body (the 十一 difference of 目录与正文 allowed), each table
    of the 目录 a table printed, each section of 第三部分 in the 目录. The 第二部分 heading is not sought: it is printed
    on a table's page, which the text of import leaves out."""
    if cut.toc < 0 or cut.body < 0:
        return
    place, same = Place(doc.file, None, "文字部分·目录"), layout()["目录与正文"]
    entries, third = _toc(cut), cut.heads[0][0] if cut.heads else cut.stop
    regions = {"第一部分": (cut.body, third), "第三部分": (cut.text.rfind("第三部分"), cut.stop)}
    for part, numeral, title in entries:
        if part == "第二部分":
            if numeral and title not in layout()["标题"].values():
                yield Problem("C434", place, f"目录中的“{numeral}、{title}”不是决算表的标题（应为九张表的标题之一）", "warning")
            continue
        wanted = [f"{numeral}、{t}" if numeral else part + t for t in (title, same.get(title, title))]
        start, end = regions.get(part, (cut.body, len(cut.text))) if numeral else (cut.body, len(cut.text))
        if not any(cut.text.find(w, start, end) >= 0 for w in wanted):
            yield Problem("C434", place, f"目录中的“{wanted[0]}”在正文中没有同样的标题{_printed(cut, part, numeral, len(wanted[0]))}",
                          "warning")
    listed = {n for p, n, _ in entries if p == "第三部分" and n}
    for start, end_at, numeral in cut.heads:
        if listed and numeral not in listed:
            yield Problem("C434", place, f"正文第三部分的“{cut.text[start:end_at]}”不在目录中", "warning")


def _printed(cut: Cut, part: str, numeral: str, size: int) -> str:
    """What the body prints where a 目录 entry's heading was expected, for the message."""
    if not numeral:
        at = cut.text.find(part, cut.body)
        return f"（正文印为“{cut.text[at:at + size + 2]}…”）" if at >= 0 else "（正文中没有这一部分）"
    head = next((cut.text[s:e] for s, e, n in cut.heads if n == numeral), "") if part == "第三部分" else ""
    return f"（正文印为“{head}”）" if head else ""


def cover_name(cut: Cut, year: int) -> str:
    """The department's name as the cover prints it: what precedes “{年}年度” before the 目录."""
    found = re.match(rf"(.+?){year}年度", cut.text[:cut.toc] if cut.toc > 0 else cut.text[:80])
    return found.group(1) if found else ""


def one_name(doc: Printed, cut: Cut) -> Iterable[Problem]:
    """C435 (rule 59): wherever the format prints the department's name (名称处: headings of 目录 and body, the
    sentences of 第一部分 and 第三部分), the cover's name, and “部门决算” where the template says so."""
    name = cover_name(cut, doc.year)
    if not name:
        return
    seen = set()
    for before, named, after in layout()["名称处"]:
        named, after = named.format(名称=name), after.format(年=doc.year)
        for at, shown in _named_at(cut.text, before, named, after):
            if (cut.where(at), shown) not in seen:
                seen.add((cut.where(at), shown))
                yield Problem("C435", Place(doc.file, None, cut.where(at)), f"印为“{shown}”，应为“{before}{named}{after}”"
                              f"（部门名称以封面为准：{name}）", "warning")


def _named_at(text: str, before: str, named: str, after: str) -> Iterable[tuple[int, str]]:
    """Each place where `after` follows another name than `named` (after `before` when it is given)."""
    if not before:
        for m in re.finditer(re.escape(after), text):
            if not text[:m.start()].endswith(named):
                yield m.start(), "…" + text[max(m.start() - len(named) - 2, 0):m.end()]
        return
    for m in re.finditer(re.escape(before), text):
        end = text.find(after, m.end(), m.end() + len(named) + 30)
        if end >= 0 and text[m.end():end] != named:
            yield m.start(), text[m.start():end + len(after)]


def table_decimals(doc: Printed) -> Iterable[Problem]:
    """C436 (rule 61): a table's amount printed with other than two decimals (6.2, 0, 1,234.5)."""
    for key, table in doc.tables.items():
        for row in table.rows:
            for column, figure in row.figures.items():
                if figure is not None and figure.as_tuple().exponent != -2:
                    yield Problem("C436", doc.place(key, row, column), f"印为 {figure}，表中金额应印两位小数（{figure:,.2f}）",
                                  "warning")


def text_figures(doc: Printed) -> Iterable[Problem]:
    """C436 (rule 61): in 第三部分, an amount in 万元 or a percentage other than two decimals (a zero may print 0万元,
    完成预算的0%, as both references and the format do), an amount with thousands separators (2995.39万元)."""
    for numeral, text in sections(doc.raw_text).items():
        for sub, part in subsections(numeral, text):
            place = Place(doc.file, None, f"文字部分·{sub}")
            amounts = [m.group(1) for m in _AMOUNT.finditer(part)]
            odd = _unique(a for a in amounts if _decimals(a) != 2 and _nonzero(a))
            if odd:
                yield Problem("C436", place, f"金额{_quoted(odd, '万元')}不是两位小数（决算文字的金额印两位小数，如 6.20万元；零可印 0万元）",
                              "warning")
            percents = _unique(p for p in (m.group(1) for m in _PERCENT.finditer(part)) if _decimals(p) != 2 and _nonzero(p))
            if percents:
                yield Problem("C436", place, f"百分比{_quoted(percents, '%')}不是两位小数（应如 99.79%、100.00%）", "warning")
            separated = _unique(a for a in amounts if "," in a)
            if separated:
                yield Problem("C436", place, f"金额{_quoted(separated, '万元')}用了千分位逗号（决算文字的金额不用千分位，如 2995.39万元）",
                              "warning")


def subsections(numeral: str, text: str) -> list[tuple[str, str]]:
    """A section cut at its （一）（二）… headings, each with its place name (五（二）); the section whole if none."""
    marks = list(_SUB.finditer(text))
    if not marks:
        return [(numeral, text)]
    parts = [(numeral, text[:marks[0].start()])] if marks[0].start() else []
    for i, m in enumerate(marks):
        parts.append((f"{numeral}（{m.group(1)}）", text[m.end():marks[i + 1].start() if i + 1 < len(marks) else None]))
    return parts


def _nonzero(figure: str) -> bool:
    return figure.replace(",", "").strip("0.") != ""


def _decimals(figure: str) -> int:
    return len(figure.partition(".")[2])


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _quoted(figures: list[str], unit: str) -> str:
    shown = "、".join(f"“{f}{unit}”" for f in figures[:4])
    return shown + (f"等 {len(figures)} 处" if len(figures) > 4 else "")
