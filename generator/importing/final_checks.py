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
from ..problems import Place, Problem, SpecError
from ..reading.spec_text import to_yaml
from .recognise import NOTE_LINE, Recognised
from .source import Page

SHAPED = (KeyError, ValueError, IndexError)
"""What the rules' reading of a table raises when it is shaped otherwise than they read (a column or row missing)."""
PRINTED = "C4"
"""The codes of the rules on figures as printed (the 决算 tables and text, C430's sums of facts): only their errors are
the publisher's, recorded in 已知差异."""


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
    except SHAPED:  # the spec's own check still runs
        return [_not_run(path, grids, keys, rec.year)]


def _not_run(path: Path, grids: dict, keys: dict[str, str], year: int) -> Problem:
    """I615: the §7/§8 checks of the publisher's errors did not run, naming the table they could not read."""
    titles = {key: title for title, key in keys.items()}
    odd = []
    for key, grid in grids.items():
        try:
            printed_document(str(path), {key: grid}, "", year)
        except SHAPED:
            odd.append(titles.get(key, key))
    where = f"“{'”“'.join(odd)}”的格式与检查规则所读的不同" if odd else "各表与文字的格式与检查规则所读的不同"
    return Problem("I615", Place(str(path)), f"{where}，未能对本文件运行公开文本差错的检查（§7、§8），"
                   "请人工核对公开文本", "warning")


def accepted(spec: str, name: str) -> tuple[str, list[Problem], list[str], list[Problem]]:
    """The spec with each error its check finds on figures as printed (a C4xx rule: the tables and text of the
    document, its facts' sums) recorded in 已知差异 (the document prints it so), those errors, the facts its text asks
    for and it lacks (E240, or a placeholder C350: what the officer must add), and every other error, left in the
    spec for the officer to check (an import of ours may be wrong there: it is not the publisher's)."""
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
    printed = [p for p in found if p.code.startswith(PRINTED)]
    other = [p for p in found if not p.code.startswith(PRINTED)]
    if not printed:
        return spec, [], asked, other
    entries = [{"规则": p.code, "位置": p.place.path, "说明": f"公开文本如此（导入照录）：{p.message}"}
               for p in printed if p.place.path]
    block = to_yaml({"已知差异": entries}, "").split("\n", 2)[2]
    if "\n已知差异:\n" in spec:
        return spec.rstrip("\n") + "\n" + block.split("\n", 1)[1], printed, asked, other
    return spec.rstrip("\n") + "\n" + block, printed, asked, other
