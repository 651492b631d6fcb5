"""The command line: the only place that prints or exits."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from .batch import Outcome, build_many
from .build import ALL_KINDS, check, write_atomic
from .document import wording_reference
from .formats import available, load_format
from .problems import SEVERITY_NAMES, Place, Problem, SpecError, errors, note_counts, summarised
from .reading.shape import schema
from .starting import input_workbook, official, skeleton, workbook_to_spec
from .tables.rows import LayoutError, fill

EXIT_BAD_INPUT = 2
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


# argparse's own words are English; an officer reading Chinese gets them in Chinese (help, usage and errors).
_HELP_WORDS = (("usage: ", "用法："), ("positional arguments:", "命令与参数："), ("options:", "选项："),
               ("show this help message and exit", "显示本说明并退出"))
_ERROR_WORDS = (("the following arguments are required: ", "缺少参数："), ("unrecognized arguments: ", "无法识别的参数："),
                ("expected one argument", "后面应写一个值"),
                ("not allowed with argument ", "不能与此同时使用："), ("invalid int value: ", "应为整数，而不是 "),
                ("argument ", "参数 "))


def _chinese(text: str, words: tuple[tuple[str, str], ...]) -> str:
    text = re.sub(r"invalid choice: '([^']*)' \(choose from (.*)\)", r"没有“\1”这一项，可用：\2", text)
    for english, chinese in words:
        text = text.replace(english, chinese)
    return text


class _Parser(argparse.ArgumentParser):
    """argparse with its help, usage and error messages in Chinese (each subcommand's parser is one too)."""

    def format_usage(self) -> str:
        return _chinese(super().format_usage(), _HELP_WORDS)

    def format_help(self) -> str:
        return _chinese(super().format_help(), _HELP_WORDS)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}：错误：{_chinese(message, _ERROR_WORDS)}（{self.prog} -h 查看用法）\n")


def _main(argv: list[str] | None) -> int:
    parser = _Parser(prog="budgetgen", description="由预算规格文件生成部门预算公开文档")
    commands = parser.add_subparsers(dest="command", metavar="命令", required=True)
    build_cmd = commands.add_parser("build", help="检查并生成预算公开表格和文字部分")
    build_cmd.add_argument("specs", nargs="+", type=Path, help="规格文件（.yaml）或包含规格文件的文件夹")
    build_cmd.add_argument("-o", "--output", type=Path, default=Path("output"), help="输出文件夹")
    build_cmd.add_argument("--force", action="store_true", help="检查有错误时仍然生成")
    build_cmd.add_argument("--catalog", type=Path, help="补充或改写科目目录的 CSV 文件（编码,名称）")
    build_cmd.add_argument("-j", "--jobs", type=int, help="同时生成的进程数（默认为处理器核数）")
    build_cmd.add_argument("--no-docx", action="store_true", help="不生成 Word 文档（.docx）")
    build_cmd.add_argument("--no-pdf", action="store_true", help="不生成 PDF")
    check_cmd = commands.add_parser("check", help="只检查规格：勾稽关系、尾数误差、文字部分所需事实")
    check_cmd.add_argument("specs", nargs="+", type=Path, help="规格文件（.yaml）或包含规格文件的文件夹")
    check_cmd.add_argument("--catalog", type=Path, help="补充或改写科目目录的 CSV 文件（编码,名称）")
    commands.add_parser("formats", help="列出可用的格式及其表格")
    commands.add_parser("schema", help="打印规格的 JSON Schema（编辑器据此检查和补全中文键）")
    words_cmd = commands.add_parser("sentences", help="列出格式的每一句话（名称、印出的数、写法、变体）和每个版式键：规格的“措辞”据此改写")
    words_cmd.add_argument("--format", required=True, help="格式名称（budgetgen formats 列出），或规格旁边的格式文件夹")
    words_cmd.add_argument("-o", "--output", type=Path, help="写入这个文件（.md）；不写则打印")
    new_cmd = commands.add_parser("new", help="为新单位（或 --部门 为新部门）写一份带说明的空白规格")
    new_cmd.add_argument("--format", required=True, help="格式名称（budgetgen formats 列出）")
    new_cmd.add_argument("-o", "--output", type=Path, required=True, help="规格文件（.yaml）")
    new_cmd.add_argument("--部门", dest="department", action="store_true",
                         help="写部门规格：“下属单位”列出各单位的规格文件，表中数字由各单位相加")
    template_cmd = commands.add_parser("excel-template", help="生成填报用 Excel 工作簿（可用 --from 预先填好）")
    start = template_cmd.add_mutually_exclusive_group()
    start.add_argument("--from", dest="source", type=Path, help="用这个规格文件填好工作簿")
    start.add_argument("--format", help="按这个格式列出要填写的各项（同 budgetgen new，“待填写”处逐项替换）")
    template_cmd.add_argument("-o", "--output", type=Path, required=True, help="工作簿文件（.xlsx）")
    template_cmd.add_argument("--year", type=int, help="下拉列表所用科目目录的年度（默认最新）")
    import_cmd = commands.add_parser("import", help="把公开文本（PDF）、含各表的工作簿或填好的填报工作簿转成规格文件（.yaml）")
    import_cmd.add_argument("workbook", type=Path, help="公开的 PDF，含各表的工作簿，或填好的填报工作簿（.xlsx）")
    import_cmd.add_argument("-o", "--output", type=Path, required=True, help="规格文件（.yaml）")
    next_cmd = commands.add_parser("next-year", help="由本年规格生成下一年的规格：本年数成为上年数，须重写的说明留作占位")
    next_cmd.add_argument("spec", type=Path, help="本年的规格文件（.yaml）")
    next_cmd.add_argument("-o", "--output", type=Path, required=True, help="下一年的规格文件（.yaml）")
    juesuan_cmd = commands.add_parser("juesuan", help="由同一年度的预算规格起草决算规格：预算数成为年初预算数，决算数留待填写")
    juesuan_cmd.add_argument("spec", type=Path, help="同一单位（部门）同一年度的预算规格文件（.yaml）")
    juesuan_cmd.add_argument("-o", "--output", type=Path, required=True, help="决算规格文件（.yaml）")
    juesuan_cmd.add_argument("--format", help="决算格式（默认为预算所在地区、年度最近的决算格式）")
    export_cmd = commands.add_parser("export-template", help="把规格填入财政局的官方填报工作簿（各表和文字部分）")
    export_cmd.add_argument("spec", type=Path, help="规格文件（.yaml）")
    export_cmd.add_argument("-o", "--output", type=Path, required=True, help="填好的官方工作簿（.xlsx）")
    compare_cmd = commands.add_parser("compare", help="比较生成的文档与参照（公开的 PDF、其文本或工作簿）：表格逐格，文字逐句，"
                                                     "给出相似度；相同退出码 0，不同 1")
    compare_cmd.add_argument("built", metavar="生成的", type=Path, help="生成的文档：规格文件（.yaml），或 budgetgen build 生成的 .xlsx（文字取旁边的 .md）或 .pdf")
    compare_cmd.add_argument("reference", metavar="参照的", type=Path, help="参照：公开的 PDF、其文本（pdftotext -layout 得到的 .txt）或工作簿（.xlsx）")
    args = parser.parse_args(argv)
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
