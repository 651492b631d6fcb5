"""The dependencies installed are the ones tested (constraints.txt), and budgetgen uses none of their private names.

A new release of a dependency must never reach users untested: pyproject.toml bounds the ranges, constraints.txt
pins what CI ran, and this test notices a drift (an environment not installed from the lock) before users do.
"""

from __future__ import annotations

import ast
import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED = {"_replace", "_asdict", "_fields",  # collections.namedtuple's documented methods
              "_undefined_hint", "_undefined_obj", "_undefined_name",  # jinja2.Undefined's documented API
              "_fail_with_undefined_error"}


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _required(name: str, extras: tuple[str, ...] = (), seen: set[str] | None = None) -> set[str]:
    """Every distribution `name` needs, installed for this Python, followed down its own requirements."""
    seen = set() if seen is None else seen
    for text in metadata.requires(name) or []:
        req = Requirement(text)
        wanted = any(req.marker.evaluate({"extra": e}) for e in extras or ("",)) if req.marker else True
        key = canonicalize_name(req.name)
        if wanted and key not in seen:
            seen.add(key)
            _required(req.name, tuple(req.extras), seen)
    return seen


def test_installed_versions_are_the_locked_ones():
    pins = _lock()
    needed = _required("budgetgen", ("test",))
    missing = sorted(needed - set(pins))
    drift = {name: (pins[name], metadata.version(name)) for name in sorted(needed & set(pins))
             if metadata.version(name) != pins[name]}
    assert not missing, f"constraints.txt does not pin {missing}"
    assert not drift, f"installed versions differ from constraints.txt (locked, installed): {drift}"


def test_the_lock_satisfies_pyproject():
    pins = _lock()
    for text in metadata.requires("budgetgen") or []:
        req = Requirement(text)
        assert req.specifier.contains(pins[canonicalize_name(req.name)], prereleases=True), text


def _private_uses(path: Path) -> list[str]:
    """Imports of an underscore name from another package, and `x._name` on anything but self/cls."""
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            found += [f"{node.lineno}: from {node.module} import {a.name}" for a in node.names if a.name.startswith("_")]
            if any(re.fullmatch(r"_[^_].*", part) for part in (node.module or "").split(".")):
                found.append(f"{node.lineno}: from {node.module}")
        elif isinstance(node, ast.Attribute) and re.fullmatch(r"_[^_].*", node.attr) and node.attr not in DOCUMENTED:
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if owner not in ("self", "cls"):
                found.append(f"{node.lineno}: .{node.attr}")
    return found


def _overrides(path: Path, own: set[str]) -> list[str]:
    """Underscore methods defined in a class built on another package's class (overriding its internals)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ClassDef):
            bases = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}
            if bases - own - {"", "Exception", "ValueError", "NamedTuple", "object", "dict", "str"}:
                found += [f"{f.lineno}: {node.name}.{f.name}" for f in node.body if isinstance(f, ast.FunctionDef)
                          and re.fullmatch(r"_[^_].*", f.name)]
    return found


def test_no_private_names_of_other_packages():
    files = sorted((ROOT / "generator").rglob("*.py"))
    own = {n.name for f in files for n in ast.walk(ast.parse(f.read_text("utf-8"))) if isinstance(n, ast.ClassDef)}
    uses = {str(f.relative_to(ROOT)): _private_uses(f) + _overrides(f, own) for f in files}
    assert not {f: u for f, u in uses.items() if u}
