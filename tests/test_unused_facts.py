"""W245: a fact under 概况 (or 上年, 上年执行数) that the chosen format's text never reads is named, not silently
dropped; a mistyped key is pointed at the key the text looked for; the spec still builds."""

from __future__ import annotations

from pathlib import Path

from generator.build import narrative_read
from generator.cli import main

SPECS = Path(__file__).resolve().parent.parent / "specs"


def _with_fact(name: str, fact: str, folder: Path) -> tuple[Path, int]:
    """The seed spec `name` copied into `folder` (with its unit's spec) with `fact` as the first line under 概况, and
    that line's number."""
    for unit in SPECS.glob(f"{name}-unit.yaml"):
        (folder / unit.name).write_bytes(unit.read_bytes())
    lines = (SPECS / f"{name}.yaml").read_text("utf-8").splitlines(keepends=True)
    at = lines.index("概况:\n") + 1
    spec = folder / f"{name}.yaml"
    spec.write_text("".join([*lines[:at], f"  {fact}\n", *lines[at:]]), "utf-8")
    return spec, at + 1


def _warnings(spec: Path, out: Path, capsys) -> list[str]:
    assert main(["build", "--no-docx", "--no-pdf", str(spec), "-o", str(out)]) == 0
    assert (out / f"{spec.stem}.md").exists()
    return [line for line in capsys.readouterr().err.splitlines() if " W245: " in line]


def test_a_mistyped_key_is_named_with_the_key_the_text_looked_for(tmp_path, capsys):
    """shenzhen-2023 prints 概况.重点项目备注 when written (else a default): 重点项目备住 would silently vanish."""
    spec, line = _with_fact("2023-shenzhen-sibj", "重点项目备住: 涉密项目按要求不予公开。", tmp_path)
    found = _warnings(spec, tmp_path / "out", capsys)
    assert found == [f"{spec}:{line} [概况.重点项目备住]: 警告 W245: 文字部分没有用到“概况.重点项目备住”，它不会出现在"
                     "公开文本中；文字部分要读的是“概况.重点项目备注”（规格中没有），是否是它写错了？"]


def test_a_fact_the_format_builds_otherwise_is_named_without_a_guess(tmp_path, capsys):
    """shanghai-2026 writes a department's 机构设置 from its units (版式 部门机构设置: 单位构成), never from 概况."""
    spec, line = _with_fact("2026-shanghai-putuo-sifaju", "机构设置: 本部门内设办公室等机构。", tmp_path)
    found = _warnings(spec, tmp_path / "out", capsys)
    assert len(found) == 1 and found[0].startswith(f"{spec}:{line} [概况.机构设置]: 警告 W245: ")
    assert "本部门内设办公室" not in (tmp_path / "out" / f"{spec.stem}.md").read_text("utf-8")
    assert "写错" not in found[0]


def test_no_warning_for_a_fact_the_text_prints(documents):
    """Every seed's facts are read by its format's text (an empty one, as 2023 万里's 公务用车购置及运行费, is skipped)."""
    for name, doc in documents.items():
        text, unread, _ = narrative_read(doc)
        assert unread == [], name
    text, unread, _ = narrative_read(documents["2022-shenzhen-luohu"])
    assert "罗湖分局本单位" in text and not [p for p in unread if p.subject == "概况.绩效管理单位范围"]
