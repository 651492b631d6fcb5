"""Problems found in input: a value with a code, a place and a Chinese message.

Nothing below the CLI prints or exits; every step returns or raises these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "note": "提示"}
QUOTE_MOST = 80
"""Characters of a quoted value a message prints whole; a longer one (a 300 MB cell) is cut, and its length said."""
MESSAGE_MOST = 2000
_LONG_QUOTE = re.compile(rf"“([^”]{{{QUOTE_MOST + 1},}})”")
REPEAT_MOST = 20
"""Problems of one code printed one by one; the rest are counted in one line."""
NOTE_KINDS = {"C301": "尾数误差", "C302": "尾数误差", "C330": "没有预算明细的项目", "N228": "目录外的科目"}


@dataclass(frozen=True)
class Place:
    """Where a problem is: a file, and a line, a path inside the spec, and for workbooks a sheet!cell."""

    file: str
    line: int | None = None
    path: str = ""
    cell: str = ""
    """For a workbook: the sheet!cell the value came from (`path` stays the spec path, as in YAML)."""

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        if self.cell or self.path:
            text += f" [{self.cell or self.path}]"
        return text


@dataclass(frozen=True)
class Problem:
    """One finding: an `error` stops a build; a `warning` (a known, explained difference) or a `note` does not."""

    code: str
    place: Place
    message: str
    severity: str = "error"
    subject: str = ""
    """What the finding is about, for programs rather than readers (E240: the missing fact's spec path)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", shorten(self.message))  # the one place: every message is made here

    def __str__(self) -> str:
        label = SEVERITY_NAMES.get(self.severity, self.severity)
        return f"{self.place}: {label} {self.code}: {self.message}"


def shorten(message: str) -> str:
    """A message with each long quoted value cut to its start and its length (“xxxx…”（共 300000000 字）),
    and cut as a whole past MESSAGE_MOST characters: a huge input is named, never printed."""
    if len(message) <= QUOTE_MOST:
        return message
    message = _LONG_QUOTE.sub(lambda m: f"“{m.group(1)[:QUOTE_MOST // 2]}…”（共 {len(m.group(1))} 字）", message)
    return message if len(message) <= MESSAGE_MOST else f"{message[:MESSAGE_MOST]}…（以下从略）"


class SpecError(Exception):
    """Input that cannot become a budget; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [p for p in problems if p.severity == "error"]


def summarised(problems: Iterable[Problem], most: int = REPEAT_MOST) -> list[str]:
    """The lines that report `problems`: the first `most` of each code, then one line for the rest of that code
    (a spec with a million unknown keys gives 20 W245 lines and “另有 999980 处同类问题”)."""
    lines: list[str] = []
    rest: dict[str, tuple[Problem, int]] = {}
    for problem in problems:
        first, count = rest.get(problem.code, (problem, 0))
        rest[problem.code] = (first, count + 1)
        if count < most:
            lines.append(str(problem))
    for code, (first, count) in rest.items():
        if count > most:
            label = SEVERITY_NAMES.get(first.severity, first.severity)
            lines.append(f"{first.place.file}: {label} {code}: 另有 {count - most} 处同类问题（同一代码只逐条列出前 {most} 处）")
    return lines


def note_counts(problems: Iterable[Problem]) -> str:
    """The notes counted by kind, as a summary line says them: 尾数误差 15 条，目录外的科目 1 条."""
    counts: dict[str, int] = {}
    for p in problems:
        if p.severity == "note":
            kind = NOTE_KINDS.get(p.code, "其他")
            counts[kind] = counts.get(kind, 0) + 1
    return "，".join(f"{kind} {count} 条" for kind, count in counts.items())
