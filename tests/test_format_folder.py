"""An officer's own format folder, as someone else may send it: every wrong value is named with its file, line and
key (E243), text from it is escaped in the DOCX's XML, and random damage to a shipped format's files always
builds or fails with a message (exit 2), never an internal error."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator import format_schema
from generator.build import narrative, published, sheets
from generator.cli import main
from generator.document import load_document
from generator.problems import SpecError
from generator.publishing.publish import docx
from generator.shipped import templates_root
from generator.tables.data import LINE_FIELDS

from .specgen import damaged

ROOT = Path(__file__).resolve().parent.parent
UNIT = (ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml").read_text("utf-8")
DEPARTMENT = (ROOT / "specs" / "2025-shanghai-putuo-shangwuwei.yaml").read_text("utf-8")
OWN = UNIT.replace("格式: shanghai-2025", "格式: ./我的格式")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    """A spec beside an own format folder extending shanghai-2025 with the given files."""
    folder = tmp_path / "我的格式"
    for name, text in ({"format.yaml": "extends: shanghai-2025\n"} | files).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    spec = tmp_path / "u.yaml"
    spec.write_text(OWN, "utf-8")
    return spec


def _problems(spec: Path) -> list:
    with pytest.raises(SpecError) as caught:
        load_document(spec)
    return list(caught.value.problems)


BROKEN = [  # (file, text, line, key, words): each ended in E999 with no place before
    ("format.yaml", "extends: shanghai-2025\ndivisor: 0\n", 2, "divisor", "应大于 0"),
    ("format.yaml", "extends: shanghai-2025\nyear: abc\n", 2, "year", "应为整数"),
    ("format.yaml", "extends: shanghai-2025\nstyles: abc\n", 2, "styles", "应为键值表"),
    ("format.yaml", "extends: [a]\n", 1, "extends", "应为文字"),
    ("format.yaml", "extends: shanghai-2025\n版式: [1]\n", 2, "版式", "应为键值表"),
    ("format.yaml", "extends: shanghai-2025\nrewrite: 5\n", 2, "rewrite", "应为列表"),
    ("format.yaml", "extends: shanghai-2025\ncharts:\n  items:\n    - {title: 图, kind: donut, by: 功能类}\n", 4,
     "charts.items[1].kind", "bar、pie、column 之一"),
    ("format.yaml", "extends: shanghai-2025\nfigures: {甲: {功能类别: '201'}}\n", 2, "figures.甲.功能类别", "没有“功能类别”这一项"),
    ("format.yaml", "extends: shanghai-2025\ndecimals: x\n", 2, "decimals", "应为整数"),
    ("format.yaml", "extends: shanghai-2025\nwidth: abc\n", 2, "width", "应为数"),
    ("format.yaml", "extends: shanghai-2025\nsubtitle_left: [1]\n", 2, "subtitle_left", "应为文字"),
    ("format.yaml", "extends: shanghai-2025\ndivisr: 10000\n", 2, "divisr", "没有设置“divisr”"),
    ("publish.yaml", "page: 5\n", 1, "page", "应为键值表"),
    ("publish.yaml", "toc:\n  title: 目录\n  levels: two\n", 3, "toc.levels", "应为整数"),
    ("publish.yaml", "styles:\n  正文: {size: abc}\n", 2, "styles.正文.size", "应为数"),
    ("publish.yaml", "toc: {entries: [{entry: 甲, match: '(('}]}\n", 1, "toc.entries[1].match", "正则表达式"),
    ("publish.yaml", "tables_at: {match: '(('}\n", 1, "tables_at.match", "正则表达式"),
    ("publish.yaml", "tables_at: 5\n", 1, "tables_at", "应为文字或空或键值表"),
    ("publish.yaml", "toc:\n  printed: {match: 目录, title: 目录标题}\n", 2, "toc.printed", "缺少“line”"),
    ("tables/t.yaml", "sheet: 表\ncolumns: [{width: -1}]\nheader: []\nbody: []\n", 2, "columns[1].width", "应大于 0"),
]


@pytest.mark.parametrize("name, text, line, key, words", BROKEN, ids=[b[3] for b in BROKEN])
def test_a_wrong_value_in_an_own_format_is_named_with_its_file_line_and_key(tmp_path, name, text, line, key, words):
    files = {name: text}
    if name.startswith("tables/"):
        files["format.yaml"] = "extends: shanghai-2025\ntables: [t.yaml]\ntables_by_kind: {unit: [t.yaml]}\n"
    problems = _problems(_folder(tmp_path, files))
    found = [p for p in problems if p.place.path == key]
    assert found and found[0].code == "E243" and words in found[0].message, problems
    assert found[0].place.file.endswith(name) and found[0].place.line == line


def test_an_own_publish_yaml_may_change_one_margin_but_not_lose_one(tmp_path):
    assert load_document(_folder(tmp_path / "a", {"publish.yaml": "page: {portrait: {top: 30}}\n"})).format.publishing()[
        "page"]["portrait"] == {"width": 210, "height": 297, "top": 30, "bottom": 35, "left": 28, "right": 26, "footer": 21}
    problems = _problems(_folder(tmp_path / "b", {"publish.yaml": "page: {portrait: {top: ~}}\n"}))
    assert problems[0].code == "E243" and problems[0].place.path == "page.portrait.top", problems


def test_every_wrong_value_of_a_file_is_named_not_only_the_first(tmp_path):
    problems = _problems(_folder(tmp_path, {"format.yaml": "extends: shanghai-2025\nyear: abc\ndivisor: -1\n"}))
    assert [(p.code, p.place.line, p.place.path) for p in problems] == [("E243", 2, "year"), ("E243", 3, "divisor")]


def test_next_year_with_a_wrong_rewrite_names_it_instead_of_failing_inside(tmp_path, capsys):
    spec = _folder(tmp_path, {"format.yaml": "extends: shanghai-2025\nrewrite: 5\n"})
    status = main(["next-year", str(spec), "-o", str(tmp_path / "next.yaml")])
    err = capsys.readouterr().err
    assert status == 2 and "E243" in err and "format.yaml:2 [rewrite]" in err and "E999" not in err


def test_every_shipped_format_file_follows_the_schema_by_our_reading_and_by_jsonschema():
    files = [p for p in templates_root().rglob("*.yaml") if format_schema.kind_of(p)]
    assert len(files) > 40
    for path in files:
        kind, data = format_schema.kind_of(path), yaml.safe_load(path.read_text("utf-8")) or {}
        assert format_schema.problems(data, kind) == [], path
        assert list(_jsonschema(kind).iter_errors(data)) == [], path


def test_the_schema_s_field_names_are_the_data_sheet_s_fields():
    assert format_schema.schema()["$defs"]["filter"]["propertyNames"]["enum"] == list(LINE_FIELDS)


def _jsonschema(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(format_schema.schema() | {"$ref": f"#/$defs/{kind}"},
                                           format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("font", ["Times & 仿宋", '仿宋"/><w:b/><w:i w:val="1', "<宋体>"])
def test_a_font_name_from_an_own_format_is_text_in_the_docx_never_markup(tmp_path, font):
    spec = _folder(tmp_path, {"publish.yaml": f"styles:\n  正文: {{font: {json.dumps(font, ensure_ascii=False)}}}\n"})
    doc = load_document(spec)
    tables = sheets(doc)
    data = docx(published(doc, tables, narrative(doc)), datetime(2025, 1, 1))
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml"))
    body = next(s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "正文")
    assert {f.get(f"{W}eastAsia") for f in body.iter(f"{W}rFonts")} == {font}
    assert body.find(f"{W}rPr/{W}i") is None  # nothing written into the style but the name


def test_a_nul_byte_in_the_format_s_name_is_a_message(tmp_path, capsys):
    spec = tmp_path / "u.yaml"
    spec.write_text(UNIT.replace("格式: shanghai-2025", '格式: "./我的格式\\0x"'), "utf-8")
    assert main(["check", str(spec)]) == 2
    err = capsys.readouterr().err
    assert "u.yaml:11 [格式]" in err and "E999" not in err and "\0" not in err  # E213 (a control character) or E230


def test_a_nul_byte_in_a_unit_s_file_name_is_a_message(tmp_path, capsys):
    (tmp_path / "unit.yaml").write_text(UNIT, "utf-8")
    spec = tmp_path / "d.yaml"
    spec.write_text(DEPARTMENT.replace("下属单位: [2025-shanghai-putuo-shangwuwei-unit.yaml]",
                                       '下属单位: ["a\\0b.yaml", unit.yaml]'), "utf-8")
    assert main(["check", str(spec)]) == 2
    err = capsys.readouterr().err
    assert "E231" in err and "控制字符" in err and "E999" not in err


def test_a_link_inside_an_own_format_is_refused_for_being_a_link(tmp_path):
    spec = _folder(tmp_path, {})
    os.symlink("/etc/hostname", tmp_path / "我的格式" / "glossary.md.j2")
    problems = _problems(spec)
    assert problems[0].code == "E235" and "链接“glossary.md.j2”" in problems[0].message
    assert "不在规格文件所在的文件夹之内" not in problems[0].message


QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
SHIPPED = templates_root() / "shanghai-2025"
FILES = ["format.yaml", "publish.yaml", "import.yaml", *(f"tables/{p.name}" for p in sorted((SHIPPED / "tables").iterdir()))]


def _whole_publish() -> str:
    """shanghai-2025's publish.yaml with the shared one under it, so damage reaches every publishing value."""
    shared, own = (yaml.safe_load(p.read_text("utf-8")) for p in (templates_root() / "publish.yaml", SHIPPED / "publish.yaml"))
    return yaml.safe_dump(shared | own, allow_unicode=True, sort_keys=False, width=200)


@settings(max_examples=30, deadline=None, suppress_health_check=QUIET)
@given(name=st.sampled_from(FILES), data=st.data())
def test_a_damaged_copy_of_a_shipped_format_builds_or_fails_with_a_message(name, data, capsys):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        shutil.copytree(SHIPPED, folder / "我的格式")
        (folder / "我的格式" / "publish.yaml").write_text(_whole_publish(), "utf-8")
        target = folder / "我的格式" / name
        text = data.draw(damaged(target.read_text("utf-8")))
        target.write_text(text, "utf-8")
        _same_verdict_as_jsonschema(text, format_schema.kind_of(target))
        (folder / "u.yaml").write_text(OWN, "utf-8")
        status = main(["build", "--no-pdf", str(folder / "u.yaml"), "-o", str(folder / "out")])
        err = capsys.readouterr().err
        assert "E999" not in err and "Traceback" not in err, err
        assert status == 0 or (status == 2 and "错误" in err), err


def _same_verdict_as_jsonschema(text: str, kind: str) -> None:
    """Our reading of the schema refuses a damaged file exactly when jsonschema does."""
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    if isinstance(loaded, dict):
        assert bool(format_schema.problems(loaded, kind)) == bool(list(_jsonschema(kind).iter_errors(loaded))), text
