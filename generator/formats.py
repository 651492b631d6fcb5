"""Formats live under templates/: a folder per format, which may extend another one.

This is the only module that finds a format by name; nothing else knows formats exist.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import cache, format_schema
from .catalogs import categories
from .shipped import templates_root


@dataclass(frozen=True)
class Format:
    """A format: settings merged down its `extends` chain, and a search path for its files."""

    name: str
    settings: Mapping[str, Any]
    search_path: tuple[Path, ...]

    def find(self, relative: str) -> Path:
        """A template file from the most specific folder that has it, never from outside that folder."""
        found = _find(self.search_path, relative)
        if found is not None:
            return found
        raise FormatError(self.search_path[0] / "format.yaml", f"格式“{self.name}”中没有文件 {relative}")

    def tables(self, kind: str = "unit") -> list[dict]:
        """The table layouts in published order; a format may list other tables for department documents."""
        if kind not in self._tables:
            names = self.settings.get("tables_by_kind", {}).get(kind, self.settings.get("tables", []))
            layouts = [_table(self.find(f"tables/{name}")) for name in names]
            sheets = [str(t["sheet"]) for t in layouts]
            twice = next((s for s in sheets if sheets.count(s) > 1), None)
            if twice is not None:  # a workbook has one sheet of a name
                raise FormatError(self.search_path[0] / "format.yaml", f"工作表“{twice}”的表样列了不止一次", None, "tables")
            self._tables[kind] = layouts
        return list(self._tables[kind])

    @functools.cached_property
    def _tables(self) -> dict[str, list[dict]]:
        """Layouts found once per format (finding one resolves paths on disk; a build asks six times)."""
        return {}

    def sheet_columns(self) -> dict[str, tuple[str, ...]]:
        """Every table's sheet name with its columns' keys, for department and unit documents alike."""
        kinds = ("unit", "department", *self.settings.get("tables_by_kind", {}))
        return {t["sheet"]: tuple(c["key"] for c in t["columns"] if "key" in c) for k in kinds for t in self.tables(k)}

    def wording(self, kind: str) -> dict[str, str]:
        """Words that differ between a department's and a unit's document (部门/单位, 编制部门/编制单位 …)."""
        return dict(self.settings.get("wordings", {}).get(kind, {}))

    def titles(self, kind: str = "unit") -> list[str]:
        """Each table's published title, in order (placeholders left as written)."""
        return [table.get("title", table["sheet"]) for table in self.tables(kind)]

    def publishing(self) -> dict[str, Any]:
        """The DOCX/PDF layout: templates/publish.yaml, changed by each publish.yaml down the chain."""
        merged = _yaml(str(templates_root() / "publish.yaml"))
        for folder in reversed(self.search_path):
            if (folder / "publish.yaml").is_file():
                merged = _deep_merge(merged, _yaml(str(folder / "publish.yaml")))
        own = self.search_path[0] / "publish.yaml"
        if own.is_file() and not own.is_relative_to(templates_root()):
            _check_merged(own, merged, "publish_merged")
        return merged

    @property
    def description(self) -> str:
        return str(self.settings.get("description", ""))

    def merged(self, filename: str) -> dict[str, Any]:
        """A data file of the format (import.yaml …) merged down its `extends` chain: a later year's file changes only what differs."""
        merged: dict[str, Any] = {}
        for folder in reversed(self.search_path):
            if (folder / filename).is_file():
                merged = _deep_merge(merged, _yaml(str(folder / filename)))
        return merged


@functools.lru_cache(maxsize=256)
def _layout(path: str) -> dict:
    """A format's YAML file, parsed once per process (a batch worker builds many specs with the same layouts);
    FormatError, naming the file and line, for one that is not YAML or not a mapping."""
    try:
        text = Path(path).read_text("utf-8")
        loaded = cache.parsed(text, _parse, f"layouts-yaml{yaml.__version__}")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(Path(path), f"无法读取：{exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FormatError(Path(path), f"不是正确的 YAML：{getattr(exc, 'problem', exc)}",
                          mark.line + 1 if mark else None) from None
    if loaded is not None and not isinstance(loaded, dict):
        raise FormatError(Path(path), "顶层应为键值表（“键: 值”）", 1)
    if not Path(path).is_relative_to(templates_root()):  # the shipped formats are checked by the tests
        _check_schema(Path(path), loaded or {}, text)
    return loaded


def _check_schema(path: Path, loaded: dict, text: str) -> None:
    """An officer's format file against format.schema.json: FormatError naming every wrong value's line and key."""
    kind = format_schema.kind_of(path)
    found = [FormatError(path, message, format_schema.line_of(text, key), format_schema.dotted(key))
             for key, message in (format_schema.problems(loaded, kind) if kind else [])]
    if found:
        found[0].also = tuple(found[1:])
        raise found[0]


def _parse(text: str) -> Any:
    """A format file's YAML as data; kept in budgetgen's cache folder by its text, since a cold build of one
    spec would otherwise spend ~10-20 ms parsing its format's dozen layouts."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def folder_settings(folder: Path) -> dict[str, Any]:
    """A format folder's own format.yaml (not merged down its chain), parsed once per process."""
    return _yaml(str(folder / "format.yaml"))


def _yaml(path: str) -> dict[str, Any]:
    return dict(_layout(path) or {})


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` wins key by key; mappings on both sides are merged the same way."""
    merged = dict(base)
    for key, value in over.items():
        both = isinstance(value, Mapping) and isinstance(merged.get(key), Mapping)
        merged[key] = _deep_merge(merged[key], value) if both else value
    return merged


def available() -> list[str]:
    """Names of the formats shipped under templates/."""
    return sorted(p.parent.name for p in templates_root().glob("*/format.yaml"))


def load_format(name: str, near: Path | None = None) -> Format:
    """The format called `name`: shipped, or an officer's folder named relative to `near` (a spec's folder).

    KeyError if there is none; FormatOutside if an officer's folder lies outside `near`'s tree.
    """
    chain: list[Path] = []
    settings: dict[str, Any] = {}
    current: str | None = name
    while current:
        folder = _folder(current, near if not chain else chain[-1].parent, near)
        if not (folder / "format.yaml").is_file() or folder in chain:
            raise KeyError(current, chain[-1] / "format.yaml" if chain else None)  # and the file that extends it
        chain.append(folder)
        own = _yaml(str(folder / "format.yaml"))  # parsed once per process: a batch reads it for every spec
        settings = _inherit(settings, own) if settings else own
        current = own.get("extends")
    if not chain[0].is_relative_to(templates_root()):
        _check_merged(chain[0] / "format.yaml", settings)
    return Format(name, settings, tuple(chain))


def _check_merged(path: Path, settings: dict[str, Any], kind: str = "format_merged") -> None:
    """What every build reads, written in an officer's file or in the format it extends."""
    found = format_schema.problems(settings, kind)
    if found:
        key, message = found[0]
        raise FormatError(path, f"{message}（本格式与它所依据的格式都没有写）", None, format_schema.dotted(key))


@functools.lru_cache(maxsize=1024)
def _find(search_path: tuple[Path, ...], relative: str) -> Path | None:
    """Format.find's answer, worked out once per process: it resolves paths on disk, and every build asks."""
    for folder in search_path:
        path = (folder / relative).resolve()
        if path.is_relative_to(folder.resolve()) and path.is_file():
            return path
    return None


def is_own_format(name: str) -> bool:
    """A format named by a path (./我的格式, ../格式/甲) rather than a shipped format's name."""
    return name.startswith(".") or "/" in name or "\\" in name


class FormatOutside(Exception):
    """An officer's format folder that lies outside the spec's folder tree."""


class FormatLink(FormatOutside):
    """An officer's format folder inside the spec's tree that holds a link (which could reach any file)."""

    def __init__(self, name: str, link: Path) -> None:
        super().__init__(name)
        self.link = link


class FormatError(Exception):
    """A format's file that cannot be used (not YAML, not a mapping, a table layout lacking a part)."""

    def __init__(self, path: Path, message: str, line: int | None = None, key: str = "") -> None:
        super().__init__(message)
        self.path, self.message, self.line, self.key = path, message, line, key
        self.also: tuple[FormatError, ...] = ()  # the file's other wrong values, each with its own line


LAYOUT_PARTS = ("sheet", "columns", "header", "body")


def _table(path: Path) -> dict:
    """A table layout, checked for the parts every layout has (an officer's own may lack one)."""
    layout = _yaml(str(path))
    missing = [part for part in LAYOUT_PARTS if part not in layout]
    if missing:
        raise FormatError(path, f"表样缺少 {'、'.join(missing)}")
    return layout


def _folder(name: str, base: Path | None, near: Path | None) -> Path:
    """A format's folder: shipped by name, or a path relative to `base` that must stay under `near`."""
    if any(ord(c) < 32 or c == "\x7f" for c in name):  # no folder is named so; a NUL would stop the OS call
        raise KeyError(name.encode("unicode_escape").decode("ascii", "replace"))
    if not is_own_format(name):
        return templates_root() / name
    if near is None or Path(name).is_absolute():
        raise FormatOutside(name)
    folder = ((base or near) / name).resolve()
    if not folder.is_relative_to(near.resolve()):
        raise FormatOutside(name)
    link = next((p for p in folder.rglob("*") if p.is_symlink()), None)
    if link is not None:
        raise FormatLink(name, link.relative_to(folder))  # a link inside an officer's folder could reach any file
    return folder


def _inherit(child: Mapping[str, Any], parent: Mapping[str, Any]) -> dict[str, Any]:
    """A format's settings over those it extends: key by key, and the house style (版式) merged deeper."""
    merged = dict(parent) | dict(child)
    for key in ("版式", "版式选项", "版式说明"):
        if key in parent and key in child:
            merged[key] = _deep_merge(parent[key], child[key])
    return merged


def house_style_keys() -> dict[str, str]:
    """Every 版式 key the shipped formats declare, with what it means (for the spec's schema)."""
    keys: dict[str, str] = {}
    for name in available():
        settings = load_format(name).settings
        notes = settings.get("版式说明", {})
        keys |= {key: str(notes.get(key, "")) for key in settings.get("版式", {})}
    return dict(sorted(keys.items()))


def project_categories() -> list[str]:
    """Every project category a shipped format accepts (its 项目类别, or the shipped list), for the schema."""
    shipped = list(categories())
    found = [c for name in available() for c in load_format(name).settings.get("项目类别", shipped)]
    return list(dict.fromkeys(found))
