"""The command line's arguments: every command and option, with argparse's own words (help, usage, errors) in
Chinese. A usage error exits with EXIT_BAD_INPUT, as argparse exits; everything else is cli.py's."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2

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


def parser() -> argparse.ArgumentParser:
    """budgetgen's parser: one subcommand each, its `command` the name chosen."""
    top = _Parser(prog="budgetgen", description="由预算规格文件生成部门预算公开文档")
    commands = top.add_subparsers(dest="command", metavar="命令", required=True)
    _spec_commands(commands)
    _document_commands(commands)
    return top


def _spec_commands(commands) -> None:
    """The commands that build, check or start a spec, or describe the formats."""
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


def _document_commands(commands) -> None:
    """The commands that turn a spec into or out of another document: workbooks, PDFs, next year's or the 决算's spec."""
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
