"""The JSON Schema of a spec: generated from generator/reading/shape.py, shipped, and obeyed by every spec we have."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.build import check
from generator.cli import main
from generator.problems import SpecError
from generator.reading.shape import schema

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.yaml")) + sorted((ROOT / "tests" / "specs" / "department").glob("*.yaml"))
VALIDATOR = jsonschema.Draft202012Validator(schema())


def test_the_shipped_schema_is_the_generated_one(capsys):
    assert json.loads((ROOT / "generator" / "spec.schema.json").read_text("utf-8")) == schema()
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema()


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_every_spec_obeys_the_schema(spec):
    data = yaml.safe_load(spec.read_text("utf-8"))
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []


def test_specs_name_the_schema_for_editors():
    for spec in sorted((ROOT / "specs").glob("*.yaml")):
        assert spec.read_text("utf-8").startswith("# yaml-language-server: $schema=../generator/spec.schema.json\n")


@pytest.mark.parametrize(("old", "new", "code"), [
    ("  - [基本支出,            2080109, 30101, 一般公共预算拨款,     4200000]", "  - [基本支出, 2080109, 一般公共预算拨款, 4200000]", "E224"),
    ("预算明细:", "预算名细:", "E212"),
    ("  公务接待费: 10000", "  公务接待费: 一万", "E205"),
])
def test_a_wrong_spec_is_rejected_by_the_schema_and_by_check(tmp_path, old, new, code):
    text = (ROOT / "specs" / "2022-shenzhen-luohu.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / "wrong.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    assert list(VALIDATOR.iter_errors(yaml.safe_load(path.read_text("utf-8"))))
    with pytest.raises(SpecError) as caught:
        check(path)
    assert code in [p.code for p in caught.value.problems]
