"""Reading a PDF back with poppler's tools (pdftotext, pdfinfo, pdffonts): text by page, page sizes,
word boxes and fonts, for the preflight and the golden comparisons."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

FOOTER = re.compile(r"^\s*—\s*\d+\s*—\s*$")
NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def available() -> bool:
    return all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm"))


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, timeout=120).stdout.decode("utf-8")


def pages(pdf: Path) -> list[str]:
    """Each page's text as laid out (pdftotext -layout), page numbers in the footer removed."""
    text = _run("pdftotext", "-layout", str(pdf), "-")
    return ["\n".join(line for line in page.splitlines() if not FOOTER.match(line)) for page in text.split("\f")[:-1]]


def sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    info = _run("pdfinfo", "-f", "1", "-l", "9999", str(pdf))
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def info(pdf: Path) -> dict[str, str]:
    """pdfinfo's fields (Title, Author, Tagged, Pages …)."""
    return dict(line.split(":", 1) for line in _run("pdfinfo", str(pdf)).splitlines() if ":" in line)


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """Each font the PDF uses: its name, and whether it is embedded."""
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows if row.strip()]


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (xMin, yMin, xMax, yMax, text), from pdftotext -bbox."""
    root = ET.fromstring(_run("pdftotext", "-bbox", str(pdf), "-").replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    return [[(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
             for w in page.iter("word")] for page in root.iter("page")]


def figures(line: str) -> list[str]:
    """The numbers printed on a line, thousands separators removed ("2023 年" is a year, not a figure)."""
    line = re.sub(r"(\d{4})\s+(年)", r"\1\2", line)
    return [token.replace(",", "") for token in line.split() if NUMBER.match(token)]


def text(pdf: Path) -> str:
    """The whole text as pdftotext -layout prints it, page numbers and all."""
    return _run("pdftotext", "-layout", str(pdf), "-")
