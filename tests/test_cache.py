"""budgetgen's cache folder (compiled narrative templates, parsed format files): the same output, an edited file
seen at once, never a failed build."""

from __future__ import annotations

import os

import pytest
import yaml
from jinja2.sandbox import SandboxedEnvironment

from generator import cache
from generator.build import narrative
from generator.text.narrative import environment


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """A cache folder of the test's own, and environments made afresh (as in a new process) on each call."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    environment.cache_clear()
    yield home
    environment.cache_clear()


def _fresh(folder):
    """The template as a new process would get it: a new environment, nothing compiled in memory."""
    environment.cache_clear()
    return environment((folder,)).get_template("document.md.j2")


def _compiling_fails(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compiled although the cache held the template")
    monkeypatch.setattr(SandboxedEnvironment, "compile", refuse)


def test_a_cached_template_prints_the_same_text_without_compiling(documents, cache_home, monkeypatch):
    doc = documents["2025-shanghai-putuo-shangwuwei"]
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home / "file"))
    (cache_home).mkdir()
    (cache_home / "file").write_text("not a folder")  # no cache can be made here: compiled every time
    environment.cache_clear()
    uncached = narrative(doc)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    environment.cache_clear()
    first = narrative(doc)
    assert list(cache_home.glob("budgetgen/templates-*/*.cache"))
    environment.cache_clear()
    _compiling_fails(monkeypatch)
    assert narrative(doc) == first == uncached


def test_an_edited_template_is_compiled_anew(tmp_path, cache_home):
    folder = tmp_path / "narrative"
    folder.mkdir()
    template = folder / "document.md.j2"
    template.write_text("旧 {{ x }}\n", "utf-8")
    assert _fresh(folder).render(x=1) == "旧 1\n"
    stat = template.stat()
    template.write_text("新 {{ x }}\n", "utf-8")
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and time: only the text tells
    assert _fresh(folder).render(x=1) == "新 1\n"


def test_a_damaged_or_vanished_cache_still_renders(tmp_path, cache_home):
    folder = tmp_path / "narrative"
    folder.mkdir()
    (folder / "document.md.j2").write_text("{{ x }} 万元\n", "utf-8")
    assert _fresh(folder).render(x=2) == "2 万元\n"
    for entry in cache_home.glob("budgetgen/templates-*/*.cache"):
        entry.write_bytes(entry.read_bytes()[:40])
    assert _fresh(folder).render(x=2) == "2 万元\n"
    environment.cache_clear()
    env = environment((folder,))
    for entry in cache_home.glob("budgetgen/templates-*/*"):
        entry.unlink()
    for made in cache_home.glob("budgetgen/templates-*"):
        made.rmdir()  # deleted while the build runs: nothing can be written, the text is still made
    assert env.get_template("document.md.j2").render(x=3) == "3 万元\n"


def test_a_folder_others_can_write_to_is_not_used(tmp_path, cache_home):
    folder = tmp_path / "narrative"
    folder.mkdir()
    (folder / "document.md.j2").write_text("{{ x }}\n", "utf-8")
    _fresh(folder)
    made = next(cache_home.glob("budgetgen/templates-*"))
    made.chmod(0o777)
    assert environment.__wrapped__((folder,)).bytecode_cache is None


def _parse_counting(calls):
    def parse(text):
        calls.append(text)
        return yaml.safe_load(text)
    return parse


def test_a_parsed_file_is_read_back_and_an_edited_one_parsed_anew(cache_home):
    calls: list[str] = []
    parse = _parse_counting(calls)
    text = "sheet: 收支总表\ncolumns: [{key: 金额, width: 12.5}]\n"
    assert cache.parsed(text, parse, "test") == {"sheet": "收支总表", "columns": [{"key": "金额", "width": 12.5}]}
    assert cache.parsed(text, parse, "test") == yaml.safe_load(text) and len(calls) == 1
    assert cache.parsed(text.replace("12.5", "13"), parse, "test")["columns"][0]["width"] == 13 and len(calls) == 2


def test_what_the_cache_cannot_keep_is_parsed_every_time(cache_home):
    calls: list[str] = []
    parse = _parse_counting(calls)
    dated = "updated: 2025-01-01\n"  # a date: not plain data, so never kept
    assert cache.parsed(dated, parse, "test") == cache.parsed(dated, parse, "test") == yaml.safe_load(dated)
    assert len(calls) == 2
    cache.parsed("a: 1\n", parse, "test")
    for entry in cache_home.glob("budgetgen/test-*/*"):
        entry.write_bytes(b"\xff damaged")
    assert cache.parsed("a: 1\n", parse, "test") == {"a": 1} and len(calls) == 4


def test_no_cache_folder_still_parses(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert cache.folder("test") is None
    assert cache.parsed("a: [1, 2]\n", yaml.safe_load, "test") == {"a": [1, 2]}
