"""The command line: the only place that prints or exits (its arguments are declared in cli_args.py)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .batch import Outcome, build_many
from .build import ALL_KINDS, check, write_atomic
from .cli_args import EXIT_BAD_INPUT, parser
from .document import wording_reference
from .formats import available, load_format
from .problems import SEVERITY_NAMES, Place, Problem, SpecError, errors, note_counts, summarised
from .reading.shape import schema
from .starting import input_workbook, official, skeleton, workbook_to_spec
from .tables.rows import LayoutError, fill

EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE: what a shell shows for a command whose reader went away


def main(argv: list[str] | None = None) -> int:
    """Run budgetgen; return the exit status. A reader that stops early (`budgetgen formats | head`) ends it
    quietly, as it ends any Unix command, instead of with a traceback."""
    try:
        return _main(argv)
    except BrokenPipeError:
        _silence()
        return EXIT_CLOSED_PIPE


def _silence() -> None:
    """Point stdout and stderr at /dev/null: Python's own flush at exit would otherwise fail on the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError):
            pass


def _main(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    if args.command == "export-template":
        return _one(args.spec, lambda: _write(args.output, official(args.spec), args.spec))
    if args.command == "next-year":
        return _one(args.spec, lambda: _next_year(args.spec, args.output))
    if args.command == "juesuan":
        return _one(args.spec, lambda: _juesuan(args.spec, args.output, args.format))
    if args.command == "excel-template":
        return _one(args.output, lambda: _write(args.output, input_workbook(args.source, args.year, args.format),
                                                        args.source))
    if args.command == "import":
        return _one(args.workbook, lambda: _import(args.workbook, args.output))
    if args.command == "compare":
        return _compare(args.built, args.reference)
    if args.command == "formats":
        return _formats()
    if args.command == "sentences":
        return _one(Path(args.format), lambda: _sentences(args.format, args.output))
    if args.command == "new":
        kind = "department" if args.department else "unit"
        return _one(args.output, lambda: _write(args.output, skeleton(args.format, args.output, kind).encode(), keep=True))
    if args.command == "schema":
        print(json.dumps(schema(), ensure_ascii=False, indent=2))
        return 0
    specs = _specs(args.specs)
    if not specs:
        _report([Problem("E313", Place(" ".join(map(str, args.specs))), "没有找到规格文件（.yaml、.yml 或填好的 .xlsx）")])
        return EXIT_BAD_INPUT
    if args.command == "check":
        return _each(specs, lambda spec: _check(spec, args.catalog))
    clashes = [spec for i, spec in enumerate(specs) if spec.stem in {s.stem for s in specs[:i]}]
    if clashes:
        _report([Problem("E314", Place(str(spec)), f"与另一个规格同名，会生成同名的 {spec.stem}.xlsx：请改名后再生成")
                 for spec in clashes])
        return EXIT_BAD_INPUT
    kinds = ALL_KINDS - {kind for kind, off in (("docx", args.no_docx), ("pdf", args.no_pdf)) if off}
    return _build_all(specs, args.output, args.force, args.catalog, args.jobs, kinds)


def _import(document: Path, target: Path) -> bool:
    """A published document, a workbook of its tables, or the fill-in workbook (decided by content) as a spec."""
    from .importing.document import import_document, is_fill_in_workbook

    if is_fill_in_workbook(document):
        return _write(target, workbook_to_spec(document).encode(), document)
    imported = import_document(document)
    _report(list(imported.notes))
    return _write(target, imported.text.encode(), document)


def _compare(built: Path, reference: Path) -> int:
    """Print what differs between a built document and its reference: exit 0 when the same, 1 when not, 2 on bad input."""
    from .comparing.compare import compare
    from .comparing.report import report_lines

    found = []
    status = _one(built, lambda: found.append(compare(built, reference)) is None)
    if status:
        return status
    for line in report_lines(found[0]):
        print(line)
    return 0 if found[0].same else 1


def _next_year(spec: Path, target: Path) -> bool:
    from .importing.rollover import next_year

    text, todo = next_year(spec)
    written = _write(target, text.encode(), spec)
    print("请填写或核对：" + "、".join(todo), file=sys.stderr)
    return written


def _juesuan(spec: Path, target: Path, format_name: str | None) -> bool:
    from .importing.juesuan import juesuan

    text, todo = juesuan(spec, format_name)
    written = _write(target, text.encode(), spec)
    print("请填写或核对：" + "、".join(todo), file=sys.stderr)
    return written


def _sentences(name: str, target: Path | None) -> bool:
    """The wording reference of a format (generator/text/reference.py), printed or written to `target`."""
    text = wording_reference(name, Path.cwd())
    if target is None:
        print(text, end="")
        return True
    return _write(target, text.encode())


def _formats() -> int:
    for name in available():
        fmt = load_format(name)
        base = f"（在 {fmt.settings['extends']} 基础上）" if fmt.settings.get("extends") else ""
        print(f"{name}：{fmt.description}{base}")
        for number, title in enumerate(fmt.titles(), 1):
            print(f"  表{number} {fill(title, fmt.wording('unit') | {'year': '××××'})}")
    return 0


def _specs(paths: list[Path]) -> list[Path]:
    """The specs named, and those in named folders (YAML specs; a folder's workbooks are built when named)."""
    found: list[Path] = []
    for path in paths:
        found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")) if path.is_dir() else [path]
    return found


def _one(place: Path, action: Callable[[], bool]) -> int:
    return _each([place], lambda _: action())


def _write(target: Path, data: bytes, source: Path | None = None, keep: bool = False) -> bool:
    """Write one file the user named, never over a folder, the command's own input, or (when `keep`) any file."""
    if target.is_dir():
        raise SpecError([Problem("E310", Place(str(target)), "这是一个文件夹：请写出要生成的文件名")])
    if source is not None and target.resolve() == source.resolve():
        raise SpecError([Problem("E311", Place(str(target)), "输出文件与输入文件相同，会把输入覆盖：请换一个文件名")])
    if keep and target.exists():
        raise SpecError([Problem("E312", Place(str(target)), "文件已存在，未覆盖：请换一个文件名或先删除它")])
    write_atomic({target: data})
    print(f"已生成 {target}")
    return True


def _each(paths: list[Path], action: Callable[[Path], bool]) -> int:
    """Run `action` on every spec; one bad spec does not stop the others. Exit 2 if any failed."""
    status = 0
    for spec in paths:
        try:
            ok = action(spec)
        except SpecError as exc:
            _report(exc.problems)
            ok = False
        except LayoutError as exc:
            _report([Problem("E900", Place(str(spec)), f"模板有误：{exc}")])
            ok = False
        except BrokenPipeError:
            raise  # the reader went away: main ends quietly
        except Exception as exc:  # noqa: BLE001 - the last net: a message, never a traceback
            _report([Problem("E999", Place(str(spec)), f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}")])
            ok = False
        status = status if ok else EXIT_BAD_INPUT
    return status


def _build_all(specs: list[Path], out_dir: Path, force: bool, catalog: Path | None, jobs: int | None,
               kinds: frozenset[str]) -> int:
    """Build every spec (in parallel when several), report each, then a summary; exit 2 if any failed."""
    failed: list[tuple[str, str]] = []  # only failures are kept: memory stays flat in the number of specs
    progress = _progress(len(specs))
    for outcome in build_many(specs, out_dir, force, catalog, jobs, kinds):
        _report_one(outcome, progress is None)
        if not outcome.ok:
            first = errors(outcome.findings)
            failed.append((str(outcome.spec), first[0].message if first else ""))
        if progress is not None:
            progress.update(1)
    if progress is not None:
        progress.close()
    if len(specs) > 1:
        print(f"共 {len(specs)} 个规格：生成 {len(specs) - len(failed)} 个，失败 {len(failed)} 个", file=sys.stderr)
        for spec, message in sorted(failed):
            print(f"  失败 {spec}：{message}", file=sys.stderr)
    return EXIT_BAD_INPUT if failed else 0


def _progress(total: int):
    """A progress bar on a terminal for several specs; None (plain lines) otherwise."""
    if total < 2 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit="个", desc="生成", file=sys.stderr)


def _report_one(outcome: Outcome, lines: bool) -> None:
    _report([p for p in outcome.findings if p.severity != "note"])
    notes = sum(1 for p in outcome.findings if p.severity == "note")
    if notes:
        print(f"{outcome.spec}: 提示 {notes} 条（{note_counts(outcome.findings)}），用 budgetgen check 查看", file=sys.stderr)
    if lines:
        for path in outcome.written:
            print(f"已生成 {path}")


def _check(spec: Path, catalog: Path | None) -> bool:
    findings = check(spec, catalog)
    _report(findings)
    counts = "，".join(f"{name} {sum(1 for p in findings if p.severity == key)}" for key, name in SEVERITY_NAMES.items())
    print(f"{spec}：{counts}")
    return not errors(findings)


def _report(problems) -> None:
    for line in summarised(problems):
        print(line, file=sys.stderr)
