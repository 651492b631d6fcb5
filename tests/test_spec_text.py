"""A spec written back as YAML reads back as the same texts, with amounts written bare as an officer writes them."""

from __future__ import annotations

from generator.reading.load import load_text
from generator.reading.spec_text import to_yaml


def _plain(node):
    if isinstance(node.value, dict):
        return {k: _plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(v) for v in node.value]
    return node.value


def test_amounts_with_decimals_are_written_bare_and_read_back_as_written():
    spec = {"金额": "0.00", "上年": "1484.20", "代码": "2010601", "明细": [["基本支出", "2010601", "30101", "-0.50"]]}
    text = to_yaml(spec, "测试")
    assert "!!" not in text
    assert "金额: 0.00\n" in text and "[基本支出, 2010601, 30101, -0.50]" in text
    assert _plain(load_text(text, "t.yaml")) == spec
