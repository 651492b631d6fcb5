"""What an officer starts from: a new spec's skeleton, the fill-in workbook (empty, pre-filled or the official
one), and a filled workbook turned back into spec text."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from .build import narrative, sheets
from .catalogs import load_catalog
from .document import find_format, load_document
from .problems import Place, Problem, SpecError
from .reading.spec import UNIT_KEYS, load_tree, plain, read_spec
from .reading.spec_text import to_yaml

SCHEMA_FILE = Path(__file__).with_name("spec.schema.json")  # shipped beside the code; editors read it


def input_workbook(source: Path | None, year: int | None = None, format_name: str | None = None) -> bytes:
    """The fill-in workbook: empty (drop-downs from the year's catalog), holding a valid unit spec, or holding a
    format's `new` skeleton, so an officer sees every key that format's text needs and its own drop-downs."""
    from .reading.excel_template import template_bytes  # only for this command, as `official` below

    if source is None and format_name is not None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "新单位.yaml"
            path.write_text(skeleton(format_name), "utf-8")
            return input_workbook(path)
    if source is None:
        return template_bytes(None, load_catalog(year))
    doc = load_document(source)
    if len(doc.budget.units) > 1:
        raise SpecError([Problem("E308", Place(str(source)), "部门规格由多个单位合成，请分别导出各下属单位的规格")])
    return template_bytes(plain(load_tree(source)), doc.budget.catalog, doc.format.settings.get("document", "预算"))


def official(spec: Path) -> bytes:
    """The official fill-in workbook of the spec's format, filled with its tables and texts (E621 if it has none)."""
    from .publishing.fillin import filled, official_workbook  # openpyxl: only when this is asked for

    doc = load_document(spec)
    b = doc.budget
    book = official_workbook(doc.format, b.kind, str(spec))
    return filled(sheets(doc), narrative(doc), b.title_name, b.year, book, doc.format.settings.get("styles", {}))


def workbook_to_spec(path: Path) -> str:
    """A filled input workbook as YAML spec text; SpecError naming sheet!cell if it is not a valid spec."""
    read_spec(path)
    tree = plain(load_tree(path))
    ordered = {k: tree[k] for k in UNIT_KEYS if k in tree} | tree
    if isinstance(ordered.get("绩效目标"), dict):
        ordered["绩效目标"] = {k: ordered["绩效目标"][k] for k in ("任务", "年度总体目标", "指标") if k in ordered["绩效目标"]}
    return to_yaml(ordered, f"由 budgetgen import 从 {path.name} 导入的预算规格")


def skeleton(format_name: str, beside: Path | None = None, kind: str = "unit") -> str:
    """A commented spec to fill for a new unit (or, kind "department", a department) of the format, from its own
    folder or the format it extends; written to `beside`, its editor line points at budgetgen's schema from there
    (the shipped line holds only inside specs/)."""
    name = "skeleton.yaml" if kind == "unit" else f"skeleton-{kind}.yaml"
    text = find_format(format_name, Place(format_name)).find(name).read_text("utf-8")
    text = re.sub(r"^格式: .*$", f"格式: {format_name}", text, count=1, flags=re.M)
    if beside is None:
        return text
    return re.sub(r"^# yaml-language-server: \$schema=.*$", lambda _: _schema_line(beside), text, count=1, flags=re.M)


def _schema_line(beside: Path) -> str:
    """The editor line for a spec written to `beside`: the schema's path from there, when budgetgen runs from its
    source tree. An installed budgetgen's schema is inside its virtualenv, which is rebuilt or moved at will: the
    line then says how to put the schema beside the spec instead of pointing into it."""
    if SCHEMA_FILE.resolve().is_relative_to(Path(sys.prefix).resolve()):
        return ("# 编辑器检查与补全中文键：运行 budgetgen schema > spec.schema.json，"
                "再把本行改为 # yaml-language-server: $schema=spec.schema.json")
    try:
        schema_ref = Path(os.path.relpath(SCHEMA_FILE, beside.resolve().parent)).as_posix()
    except ValueError:  # another drive: no relative path
        schema_ref = SCHEMA_FILE.as_uri()
    return f"# yaml-language-server: $schema={schema_ref}"
