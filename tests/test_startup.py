"""A one-spec build without DOCX or PDF starts without the modules only other commands need (issue 18)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_NEEDED = ("multiprocessing", "concurrent.futures", "generator.publishing.publish", "generator.reading.excel_import",
              "generator.reading.excel_template", "openpyxl", "markdown_it", "matplotlib", "importlib.resources",
              "traceback")
PROBE = """
import contextlib, io, sys
from generator.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    status = main(sys.argv[2:])
print(status, *sorted(name for name in sys.argv[1].split(",") if name in sys.modules))
"""


def test_a_workbook_and_text_build_imports_only_what_it_uses(tmp_path):
    spec = ROOT / "specs" / "2023-shenzhen-sibj.yaml"
    command = [sys.executable, "-c", PROBE, ",".join(NOT_NEEDED), "build", "--no-docx", "--no-pdf", str(spec),
               "-o", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0"], done.stdout
    assert (tmp_path / "2023-shenzhen-sibj.xlsx").is_file()
