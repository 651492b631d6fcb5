"""LibreOffice as the independent engine: recalculate xlsx files in one headless run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(files: list[Path], workdir: Path) -> dict[Path, Path]:
    """Open every file in LibreOffice (recalculating all formulas on load) and save it again."""
    profile = workdir / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, "utf-8")
    outdir = workdir / "recalculated"
    outdir.mkdir(exist_ok=True)
    command = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "xlsx", "--outdir", str(outdir), *map(str, files)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    result = {f: outdir / f.name for f in files}
    missing = [str(f) for f, out in result.items() if not out.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert: {missing}")
    return result
