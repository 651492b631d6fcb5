"""The DOCX printed to PDF by LibreOffice, with Chinese fonts chosen and embedded, and stable bytes.

LibreOffice lays the document out as Word would (fields, repeated header rows, sections), so the
PDF is the DOCX as printed. templates/fonts.conf maps the fonts the document names (仿宋_GB2312,
黑体, 楷体_GB2312, 方正小标宋简体 …) to installed Simplified Chinese faces where they are missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from ..formats import templates_root


class PdfUnavailable(Exception):
    """LibreOffice is not installed, or could not print the document."""


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, created: datetime, options: Mapping[str, bool | int | str] | None = None) -> bytes:
    """The PDF of a DOCX; the same DOCX gives the same bytes. `options` are LibreOffice's PDF export
    settings by name (publish.yaml `pdf`: UseTaggedPDF …)."""
    program = soffice()
    if program is None:
        raise PdfUnavailable("未找到 LibreOffice（soffice）")
    with tempfile.TemporaryDirectory(prefix="budgetgen-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "document.docx").write_bytes(docx)
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", export_filter(options or {}), "--outdir", str(folder), str(folder / "document.docx")]
        env = os.environ | {"FONTCONFIG_FILE": str(templates_root() / "fonts.conf")}
        try:
            done = subprocess.run(command, capture_output=True, env=env, timeout=600, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(f"LibreOffice 未能运行：{exc}") from None
        result = folder / "document.pdf"
        if done.returncode != 0 or not result.is_file():
            raise PdfUnavailable(f"LibreOffice 未能生成 PDF：{done.stderr.decode(errors='replace').strip()[-300:]}")
        return stable(result.read_bytes(), created)


def export_filter(options: Mapping[str, bool | int | str]) -> str:
    """The --convert-to argument: the PDF filter with its options as LibreOffice's typed JSON."""
    if not options:
        return "pdf:writer_pdf_Export"
    typed = {name: {"type": "boolean", "value": str(value).lower()} if isinstance(value, bool)
             else {"type": "long", "value": str(value)} if isinstance(value, int)
             else {"type": "string", "value": str(value)} for name, value in sorted(options.items())}
    return "pdf:writer_pdf_Export:" + json.dumps(typed, ensure_ascii=False, separators=(",", ":"))


_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\(D:)\d{14}")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def stable(pdf: bytes, created: datetime) -> bytes:
    """LibreOffice stamps the clock, and an id and checksum made with it: put the budget's date and a
    hash of the content in their place, at the same length, so byte offsets (the xref table) stay right."""
    dated = _DATE.sub(lambda m: m.group(1) + created.strftime("%Y%m%d%H%M%S").encode(), pdf)
    digest = hashlib.md5(_CHECKSUM.sub(b"", _ID.sub(b"", dated))).hexdigest().upper().encode()
    dated = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), digest[: len(m.group(1))]), dated)

    def ident(match: re.Match) -> bytes:
        first, second = match.group(1), match.group(2)
        return match.group(0).replace(first, digest[: len(first)]).replace(second, digest[: len(second)])

    return _ID.sub(ident, dated)
