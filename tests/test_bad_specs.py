"""The bad-spec corpus (tests/bad/): each file gets its Chinese message with file, line and path; exit 2; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.cli import main

BAD = Path(__file__).resolve().parent / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))


def test_corpus_is_complete():
    files = sorted(p.name for p in BAD.glob("*.yaml") if p.name != "expected.yaml")
    assert files == sorted(EXPECTED) and len(files) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_spec_is_answered_clearly(name, tmp_path, capsys):
    want = EXPECTED[name]
    out = tmp_path / "out"
    assert main(["build", "--no-docx", "--no-pdf", str(BAD / name), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "E999" not in err
    assert not out.exists() or not any(out.iterdir())
    place = f"{BAD / name}" + (f":{want['line']}" if want["line"] else "") + (f" [{want['path']}]" if "path" in want else "")
    head = f"{place}: 错误 {want['code']}: "
    lines = [line for line in err.splitlines() if line.startswith(head)]
    assert lines, f"没有“{head}”：\n{err}"
    assert any(want["message"] in line for line in lines), err


@pytest.mark.parametrize("name", sorted(n for n, want in EXPECTED.items() if want["code"] == "E102"))
def test_a_yaml_slip_is_explained_in_chinese_only(name, tmp_path, capsys):
    """PyYAML's English ('did not find expected key') was printed beside the Chinese; an officer reads Chinese."""
    import re

    assert main(["check", str(BAD / name)]) == 2
    line = next(line for line in capsys.readouterr().err.splitlines() if "E102" in line)
    assert not re.search(r"[A-Za-z]{4,}", line.split("E102:", 1)[1].replace("YAML", "")), line
