"""import.yaml merged down the extends chain by the format itself; the helpers the importer shares (no LibreOffice)."""

from __future__ import annotations

from decimal import Decimal

from generator.formats import load_format
from generator.importing.candidates import _sources, fiscal_functions
from generator.importing.text import import_rules
from generator.model import Line
from generator.problems import Place


def test_an_officers_import_yaml_changes_only_what_it_names(tmp_path):
    own = tmp_path / "我的格式"
    own.mkdir()
    (own / "format.yaml").write_text("extends: shanghai-2026\n", "utf-8")
    (own / "import.yaml").write_text("文字:\n  上年执行数: {万元: false}\n", "utf-8")
    fmt, base = load_format("./我的格式", near=tmp_path), load_format("shanghai-2026")
    rules = import_rules(fmt)
    assert rules == fmt.merged("import.yaml")
    assert rules["文字"]["上年执行数"] == base.merged("import.yaml")["文字"]["上年执行数"] | {"万元": False}
    assert rules["目录"] == base.merged("import.yaml")["目录"]  # from shanghai-2025, two steps up


def test_fiscal_functions_are_those_with_government_appropriations():
    def line(function: str, group: str) -> Line:
        return Line("单位", None, None, "基本支出", function, "30101", "来源", group, Decimal(1), Place("x"))

    lines = [line("2080505", "政府预算拨款"), line("2011301", "其他资金"), line("2010101", "政府预算拨款"),
             line("2080505", "政府预算拨款")]
    assert fiscal_functions(lines) == ["2010101", "2080505"]
    assert _sources()[0] == "一般公共预算拨款"


def test_the_importing_package_documents_each_public_function():
    import ast
    from pathlib import Path

    import generator

    folder = Path(generator.__file__).parent / "importing"
    assert ast.get_docstring(ast.parse((folder / "__init__.py").read_text("utf-8")))
    missing = [f"{path.name}:{node.name}" for path in sorted(folder.glob("*.py"))
               for node in ast.walk(ast.parse(path.read_text("utf-8")))
               if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and not ast.get_docstring(node)]
    assert not missing, missing
    solve = ast.parse((folder / "solve.py").read_text("utf-8"))
    assert not [n for f in ast.walk(solve) if isinstance(f, ast.FunctionDef) for n in ast.walk(f)
                if isinstance(n, ast.Import | ast.ImportFrom)]  # highspy, os, sys imported once, at the top
