"""Names the workbook's formulas sum by, and numbers typed in another width or script (issue 23, item 5)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.reading.spec import read_spec
from generator.tables.data import MAX_CRITERION

BASE = Path(__file__).resolve().parent / "bad" / "61-金额写了千分位逗号.yaml"  # a good spec but for one comma


def _spec(tmp_path: Path, *changes: tuple[str, str], name: str = "spec.yaml") -> Path:
    text = BASE.read_text("utf-8").replace("1,000,000]", "1000000]")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    spec = tmp_path / name
    spec.write_text(text, "utf-8")
    return spec


def test_a_project_name_too_long_for_a_sumifs_criterion_is_found_at_its_line(tmp_path, capsys):
    spec = _spec(tmp_path, ("信息化建设", "项" * MAX_CRITERION))
    assert main(["check", str(spec)]) == 2
    assert f"{spec}:8 [项目[1].名称]: 错误 E214: “名称”过长（255 个字）" in capsys.readouterr().err


def test_a_sub_project_name_counts_its_wildcard_escapes(tmp_path, capsys):
    name = "项*" + "项" * (MAX_CRITERION - 3)  # 254 characters fit, but the "*" is written "~*" in the criterion
    spec = _spec(tmp_path, ("系统运维", name))
    assert main(["check", str(spec)]) == 2
    assert "[项目[1].二级项目[1].名称]: 错误 E214" in capsys.readouterr().err


def test_the_longest_name_that_fits_builds_a_criterion_excel_takes(tmp_path):
    longest = "项" * (MAX_CRITERION - 1)
    spec = _spec(tmp_path, ("信息化建设", longest))
    out = tmp_path / "out"
    assert main(["build", "--no-docx", "--no-pdf", str(spec), "-o", str(out)]) == 0
    with zipfile.ZipFile(io.BytesIO(next(out.glob("*.xlsx")).read_bytes())) as z:
        sheets = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
    formulas = re.findall(r"<f>([^<]*)</f>", sheets)
    literals = [x for f in formulas for x in re.findall(r'"((?:[^"]|"")*)"', f)]
    assert f"={longest}" in literals and max(len(x) for x in literals) == MAX_CRITERION


def test_full_width_digits_are_read_as_the_same_amounts_years_and_codes(tmp_path):
    plain = read_spec(_spec(tmp_path, name="plain.yaml"))
    wide = read_spec(_spec(tmp_path, ("年度: 2023", "年度: ２０２３"), ("2080109, 30201, 一般公共预算拨款,     200000",
                                                                   "２０８０１０９, 30201, 一般公共预算拨款, ２０００００．００")))
    assert wide.year == plain.year == 2023
    assert [(ln.function, ln.amount) for ln in wide.lines] == [(ln.function, ln.amount) for ln in plain.lines]


@pytest.mark.parametrize("path, old, new", [("年度", "年度: 2023", "年度: ٢٠٢٣"),
                                            ("上年.收入合计", "收入合计: 5000000", "收入合计: ٥٠٠٠٠٠٠")])
def test_digits_of_another_script_are_refused_as_amounts_and_years_alike(path, old, new, tmp_path, capsys):
    spec = _spec(tmp_path, (old, new))
    assert main(["check", str(spec)]) == 2
    assert f"[{path}]: 错误 E215" in capsys.readouterr().err


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))


def test_markdown_in_spec_text_is_printed_as_typed_in_every_output(tmp_path):
    """`**`, a link, `|`, a leading `# ` or `- ` were read as Markdown: dropped from the DOCX and PDF, raw in the .md."""
    duty, body = "负责**全区**人力资源工作，见[文件](http://x)；a|b。", "# 无下属单位"
    spec = _spec(tmp_path, ("部门职责: 负责全区人力资源工作。", f"部门职责: '{duty}'"),
                 ("机构设置: 无下属单位。", f"机构设置: '{body}'"), ("名称: 信息化建设", "名称: '- 信息化建设'"),
                 ("[信息化建设]", "['- 信息化建设']"))  # also the task of the same name
    out = tmp_path / "out"
    assert main(["build", "--no-pdf", str(spec), "-o", str(out)]) == 0
    from generator.publishing.publication import read_markdown

    printed = [b.text for b in read_markdown((out / "spec.md").read_text("utf-8"))]
    assert any(duty in t for t in printed) and body in printed and any("- 信息化建设" in t for t in printed)
    docx = _docx_text(out / "spec.docx")
    assert duty in docx and body in docx and "- 信息化建设" in docx


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="*_`[]()<>|&#;:-+=!\\.1a中 ", min_size=1, max_size=12))
def test_any_spec_text_reads_back_from_the_markdown_as_typed(text):
    from generator.publishing.publication import read_markdown
    from generator.text.markdown import literal

    assume(text.strip() == text and not re.match(r">[0-9=]", text))  # a target ">150" is printed in a table cell
    blocks = read_markdown(f"{literal(text)}\n")
    assert [b.text for b in blocks] == [text] and blocks[0].kind in ("paragraph", "item")
