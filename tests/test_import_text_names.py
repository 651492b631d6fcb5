"""A code the text prints under another name than the catalog's (司法局 2026: 医疗卫生与计划生育支出（210类） where the
tables print 卫生健康支出) is learnt as the spec's 科目名称 for the text only: on a document made with such a name and
on the two published 司法局 documents, whose hand-written specs say the same."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.build import build
from generator.importing.document import import_document

ROOT = Path(__file__).resolve().parent.parent
PDFS = Path(__file__).resolve().parent / "seeds" / "pdf"


def test_a_name_the_made_documents_text_prints_for_a_code_becomes_its_text_name(tmp_path):
    spec = yaml.safe_load((ROOT / "specs" / "2026-shanghai-putuo-sifaju-unit.yaml").read_text("utf-8"))
    spec["科目名称"] = {"功能科目": {"210": {"名称": "医疗卫生支出", "各表": ["文字"]}, "21011": {"名称": "行政单位医疗支出", "各表": ["文字"]}}}
    made = tmp_path / "made.yaml"
    made.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8")
    build(made, tmp_path / "out", kinds=frozenset({"pdf"}))
    got = yaml.safe_load(import_document(tmp_path / "out" / "made.pdf").text)
    assert got["科目名称"] == {"功能科目": {210: {"名称": "医疗卫生支出", "各表": ["文字"]},
                                      21011: {"名称": "行政单位医疗支出", "各表": ["文字"]}}}


def test_the_published_documents_text_names_are_learnt_as_their_hand_specs_write_them():
    for name in ("2026-shanghai-putuo-sifaju", "2026-shanghai-putuo-sifaju-unit"):
        hand = yaml.safe_load((ROOT / "specs" / f"{name}.yaml").read_text("utf-8"))["科目名称"]
        got = yaml.safe_load(import_document(PDFS / f"{name}.pdf").text)["科目名称"]
        assert {str(k): v for k, v in got["功能科目"].items()} == hand["功能科目"], name
