"""Problems found in input: a value with a code, a place and a Chinese message.

Nothing below the CLI prints or exits; every step returns or raises these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "note": "提示"}


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
