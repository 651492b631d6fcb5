"""Time building each spec in specs/ in-process (load, check, tables, xlsx bytes); prints milliseconds."""

from __future__ import annotations

import time
from pathlib import Path

from generator.build import load_document, run_checks, workbook

SPECS = Path(__file__).resolve().parents[2] / "specs"


def main(repeat: int = 20) -> None:
    for spec in sorted(SPECS.glob("*.yaml")):
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            doc = load_document(spec)
            run_checks(doc.budget)
            workbook(doc)
            best = min(best, time.perf_counter() - start)
        print(f"{spec.name}: {best * 1000:.0f} ms (best of {repeat})")


if __name__ == "__main__":
    main()
