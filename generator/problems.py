"""Problems found in input: a value with a code, a place and a Chinese message.

Nothing below the CLI prints or exits; every step returns or raises these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "note": "提示"}
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

    def __str__(self) -> str:
        label = SEVERITY_NAMES.get(self.severity, self.severity)
        return f"{self.place}: {label} {self.code}: {self.message}"


class SpecError(Exception):
    """Input that cannot become a budget; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [p for p in problems if p.severity == "error"]


def note_counts(problems: Iterable[Problem]) -> str:
    """The notes counted by kind, as a summary line says them: 尾数误差 15 条，目录外的科目 1 条."""
    counts: dict[str, int] = {}
    for p in problems:
        if p.severity == "note":
            kind = NOTE_KINDS.get(p.code, "其他")
            counts[kind] = counts.get(kind, 0) + 1
    return "，".join(f"{kind} {count} 条" for kind, count in counts.items())
