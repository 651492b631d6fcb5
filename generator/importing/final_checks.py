"""What an imported 决算 says about its publisher: the §7 rules over the document as printed (its contradictions,
reported on import), and the spec's own check, whose errors on figures read as printed become 已知差异 so the
spec builds and the officer sees each one named."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..build import check
from ..checks.printed import layout
from ..checks.printed_lists import list_problems
from ..checks.printed_said import printed_document
from ..checks.printed_style import style_problems
from ..checks.printed_text import published_errors
from ..problems import Problem, SpecError
from ..reading.spec_text import to_yaml
from .recognise import NOTE_LINE, Recognised
from .source import Page

"""A line under a table that the rules read as its note (注：…, 说明：…, a template instruction printed)."""


def printed_errors(rec: Recognised, pages: tuple[Page, ...], text: str, path: Path) -> list[Problem]:
    """Every finding of the §7 rules on the tables and text as printed, and of §8's wording (the publisher's own errors)."""
    keys = {title: key for key, title in layout()["标题"].items()}
    grids = {}
    for table in rec.tables:
        key = keys.get(table.title)
        if key is None:
            continue
        page = next((p for p in pages if p.number == table.page), None)
        note = "\n".join(line.strip() for line in (page.text if page else "").splitlines() if NOTE_LINE.match(line) or "仍保留该表格式" in line)
        grids[key] = (table.rows, note)
    try:
        doc = printed_document(str(path), grids, text, rec.year)
        return published_errors(doc) + style_problems(doc) + list_problems(doc)
    except (KeyError, ValueError, IndexError):  # a table shaped otherwise than the rules read: the spec's check still runs
        return []


def accepted(spec: str, name: str) -> tuple[str, list[Problem], list[str]]:
    """The spec with each error its check finds recorded in 已知差异 (the document prints it so), those errors, and
    the facts its text asks for and it lacks (E240, or a placeholder C350): what the officer must add."""
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / name
        file.write_text(spec, "utf-8")
        try:
            problems = check(file)
            found = [p for p in problems if p.severity == "error"]
        except SpecError as exc:
            problems = list(exc.problems)
            found = [p for p in problems if p.severity == "error" and p.code.startswith("C")]
    asked = list(dict.fromkeys(p.subject or p.place.path for p in problems if p.code in ("E240", "C350")))
    if not found:
        return spec, [], asked
    entries = [{"规则": p.code, "位置": p.place.path, "说明": f"公开文本如此（导入照录）：{p.message}"}
               for p in found if p.place.path]
    block = to_yaml({"已知差异": entries}, "").split("\n", 2)[2]
    if "\n已知差异:\n" in spec:
        return spec.rstrip("\n") + "\n" + block.split("\n", 1)[1], found, asked
    return spec.rstrip("\n") + "\n" + block, found, asked
