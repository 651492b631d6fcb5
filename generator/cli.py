"""The command line: the only place that prints or exits."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build
from .formats import available, load_format
from .problems import Place, Problem, SpecError
from .rows import LayoutError

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    """Run budgetgen; return the exit status."""
    parser = argparse.ArgumentParser(prog="budgetgen", description="由预算规格文件生成部门预算公开文档")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="生成预算公开表格")
    build_cmd.add_argument("specs", nargs="+", type=Path, help="规格文件（.yaml）或包含规格文件的文件夹")
    build_cmd.add_argument("-o", "--output", type=Path, default=Path("output"), help="输出文件夹")
    build_cmd.add_argument("--force", action="store_true", help="有错误时仍然生成")
    commands.add_parser("formats", help="列出可用的格式")
    args = parser.parse_args(argv)
    if args.command == "formats":
        return _formats()
    return _build(args.specs, args.output, args.force)


def _formats() -> int:
    for name in available():
        fmt = load_format(name)
        base = f"（在 {fmt.settings['extends']} 基础上）" if fmt.settings.get("extends") else ""
        print(f"{name}：{fmt.description}{base}")
        for number, title in enumerate(fmt.titles(), 1):
            print(f"  表{number} {title}")
    return 0


def _specs(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return found


def _build(paths: list[Path], out_dir: Path, force: bool) -> int:
    status = 0
    for spec in _specs(paths):
        try:
            written, notes = build(spec, out_dir, force)
        except SpecError as exc:
            _report(exc.problems)
            status = EXIT_BAD_INPUT
            continue
        except LayoutError as exc:
            _report([Problem("E900", Place(str(spec)), f"模板有误：{exc}")])
            status = EXIT_BAD_INPUT
            continue
        _report(notes)
        for path in written:
            print(f"已生成 {path}")
    return status


def _report(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
