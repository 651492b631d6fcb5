"""The 目录 reads as the published documents' 目录 do, line for line: the lines below are transcribed from the
seed PDFs (/work/shared/seeds/pdf, `pdftotext -f 1 -l 3 -layout`), never from our output. Their 目录 word a
section by its kind (一、部门主要职能) where the body heading names the unit (上海市普陀区商务委员会主要职能).

The lines are compared with the publication's 目录 (publication.contents), the list both the DOCX and the PDF
print; test_same_text checks that the PDF prints that list with each line's right page. No LibreOffice.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from generator.build import narrative, published, sheets
from generator.document import load_document
from generator.publishing.contents import contents

ROOT = Path(__file__).resolve().parent.parent


PUBLISHED = {  # each seed PDF's 目录 as printed, leaders and page numbers aside (the 2024 ninth line has no year)
    "2025-shanghai-putuo-shangwuwei": [
        "一、部门主要职能",
        "二、部门机构设置",
        "三、名词解释",
        "四、部门预算编制说明",
        "五、部门预算表",
        "1. 2025年部门财务收支预算总表",
        "2. 2025年部门收入预算总表",
        "3. 2025年部门支出预算总表",
        "4．2025年部门财政拨款收支预算总表",
        "5．2025年部门一般公共预算支出功能分类预算表",
        "6．2025年部门政府性基金预算支出功能分类预算表",
        "7．2025年部门国有资本经营预算支出功能分类预算表",
        "8．2025年部门一般公共预算基本支出部门预算经济分类预算表",
        "9．2025年部门“三公”经费和机关运行经费预算表",
        "六、其他相关情况说明",
        "七、项目经费情况说明",
    ],
    "2025-shanghai-putuo-shangwuwei-unit": [
        "一、单位主要职能",
        "二、单位机构设置",
        "三、名词解释",
        "四、单位预算编制说明",
        "五、单位预算表",
        "1. 2025年预算单位财务收支预算总表",
        "2. 2025年预算单位收入预算总表",
        "3. 2025年预算单位支出预算总表",
        "4．2025年预算单位财政拨款收支预算总表",
        "5．2025年预算单位一般公共预算支出功能分类预算表",
        "6．2025年预算单位政府性基金预算支出功能分类预算表",
        "7．2025年预算单位国有资本经营预算支出功能分类预算表",
        "8．2025年预算单位一般公共预算基本支出部门预算经济分类预算表",
        "9. 2025年单位“三公”经费和机关运行经费预算表",
        "六、其他相关情况说明",
    ],
    "2026-shanghai-putuo-sifaju": [
        "一、部门主要职能",
        "二、部门机构设置",
        "三、名词解释",
        "四、部门预算编制说明",
        "五、部门预算表",
        "1. 2026年部门财务收支预算总表",
        "2. 2026年部门收入预算总表",
        "3. 2026年部门支出预算总表",
        "4．2026年部门财政拨款收支预算总表",
        "5．2026年部门一般公共预算支出功能分类预算表",
        "6．2026年部门政府性基金预算支出功能分类预算表",
        "7．2026年部门国有资本经营预算支出功能分类预算表",
        "8．2026年部门一般公共预算基本支出部门预算经济分类预算表",
        "9．2026年部门“三公”经费和机关运行经费预算表",
        "六、其他相关情况说明",
        "七、项目经费情况说明",
    ],
    "2026-shanghai-putuo-sifaju-unit": [
        "一、单位主要职能",
        "二、单位机构设置",
        "三、名词解释",
        "四、单位预算编制说明",
        "五、单位预算表",
        "1. 2026年预算单位财务收支预算总表",
        "2. 2026年预算单位收入预算总表",
        "3. 2026年预算单位支出预算总表",
        "4．2026年预算单位财政拨款收支预算总表",
        "5．2026年预算单位一般公共预算支出功能分类预算表",
        "6．2026年预算单位政府性基金预算支出功能分类预算表",
        "7．2026年预算单位国有资本经营预算支出功能分类预算表",
        "8．2026年预算单位一般公共预算基本支出部门预算经济分类预算表",
        "9. 2026年单位“三公”经费和机关运行经费预算表",
        "六、其他相关情况说明",
    ],
    "2024-shanghai-putuo-wanli-jiedao": [
        "一、部门主要职能",
        "二、部门机构设置",
        "三、名词解释",
        "四、部门预算编制说明",
        "五、部门预算表",
        "1. 2024年部门财务收支预算总表",
        "2. 2024年部门收入预算总表",
        "3. 2024年部门支出预算总表",
        "4. 2024年部门财政拨款收支预算总表",
        "5．2024年部门一般公共预算支出功能分类预算表",
        "6．2024年部门政府性基金预算支出功能分类预算表",
        "7．2024年部门国有资本经营预算支出功能分类预算表",
        "8．2024年部门一般公共预算基本支出部门预算经济分类预算表",
        "9.部门“三公”经费和机关运行经费预算表",
        "六、其他相关情况说明",
        "七、项目经费情况说明",
    ],
    "2023-shanghai-putuo-wanli-jiedao": [
        "一、部门主要职能",
        "二、部门机构设置",
        "三、名词解释",
        "四、部门预算编制说明",
        "五、部门预算表",
        "1. 2023年部门财务收支预算总表",
        "2. 2023年部门收入预算总表",
        "3. 2023年部门支出预算总表",
        "4．2023年部门财政拨款收支预算总表",
        "5．2023年部门一般公共预算支出功能分类预算表",
        "6．2023年部门政府性基金预算支出功能分类预算表",
        "7．2023年部门国有资本经营预算支出功能分类预算表",
        "8．2023年部门一般公共预算基本支出部门预算经济分类预算表",
        "9. 2023年部门“三公”经费和机关运行经费预算表",
        "六、其他相关情况说明",
        "七、项目经费情况说明",
        "八、绩效目标",
    ],
}


def _same(line: str) -> str:
    """A line with the differences print makes set aside: full-width or half-width “．”, spaces."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", line))


@pytest.mark.parametrize("seed", sorted(PUBLISHED))
def test_contents_lines_are_worded_as_published(seed):
    doc = load_document(ROOT / "specs" / f"{seed}.yaml")
    listed = [text for _, _, text in contents(published(doc, sheets(doc), narrative(doc)))]
    assert [_same(line) for line in listed] == [_same(line) for line in PUBLISHED[seed]]


def test_the_wording_is_the_formats_data(monkeypatch):
    """Without publish.yaml's toc.entries the 目录 lists the body's headings: no wording is in the code."""
    from generator.formats import Format

    plain = Format.publishing
    monkeypatch.setattr(Format, "publishing", lambda self: plain(self) | {"toc": plain(self)["toc"] | {"entries": []}})
    doc = load_document(ROOT / "specs" / "2025-shanghai-putuo-shangwuwei.yaml")
    listed = [text for _, _, text in contents(published(doc, sheets(doc), narrative(doc)))]
    assert listed[0] == "一、上海市普陀区商务委员会主要职能" and listed[3] == "四、2025年部门预算编制说明"
