"""Limits on rendering a format's templates: an own format's template is input, and the sandbox alone stops code,
not loops, huge strings or endless time. Each exceeded limit is a TemplateLimit with a code and a Chinese message;
its traceback (or its cause's, for a MemoryError or RecursionError) holds the template's file and line.

Far above what a narrative needs (the shipped ones render ~30 KB in well under a second, with loops of a few dozen).
"""

from __future__ import annotations

import contextlib
import re
import signal
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Template, TemplateError, pass_context
from jinja2.sandbox import SandboxedEnvironment

MAX_LOOP = 100_000
"""Items all `range` calls of one rendering may produce together (two nested ranges of 1,000 are 1,001,000)."""
MAX_SIZE = 1_000_000
"""Items of a list or characters of a text one operator may make, and the exponent's bits of a power."""
MAX_OUTPUT = 20 * 2**20
"""Characters of the rendered text."""
MAX_SECONDS = 10.0
"""Seconds one document's renderings may take together (a missing fact renders the text again)."""
MAX_MEMORY = 1024 * 2**20
"""Bytes of address space a rendering may add (where the system can limit it): a filter asked for a
billion-character text fails here instead of taking the machine's memory."""


class TemplateLimit(TemplateError):
    """A template went past one of the limits: its code and Chinese message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Limits:
    """What is left for one document's renderings."""

    deadline: float = field(default_factory=lambda: time.monotonic() + MAX_SECONDS)
    loop: int = MAX_LOOP

    def spend(self, items: int) -> None:
        self.loop -= items
        if self.loop < 0:
            raise TemplateLimit("E910", f"循环次数超过上限（range 共 {MAX_LOOP} 次）")

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit("E912", f"生成文字部分超过 {MAX_SECONDS:.0f} 秒的上限（可能是循环过多）")


_LIMITS: ContextVar[Limits | None] = ContextVar("limits", default=None)


def bounded_range(*args: int) -> range:
    """`range` for templates: every item counts against the rendering's loop budget."""
    items = range(*args)
    limits = _LIMITS.get()
    if limits is None:
        limits = Limits()  # outside a bounded rendering: one call still may not pass the limit
    limits.spend(len(items))
    return items


def _too_big(what: str) -> TemplateLimit:
    return TemplateLimit("E911", f"{what}超过上限（{MAX_SIZE} 项或字）")


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox with the operators that can make huge values (the documented “operator intercepting”)
    checked before they run, and `range` counted."""

    intercepted_binops = frozenset(["*", "+", "%", "**"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = bounded_range

    def run_filters_when_rendering(self) -> None:
        """Every filter called through a render-time wrapper: Jinja runs a filter on constants while compiling
        (`"x" | center(3000000000)`), outside every limit; a filter that asks for the context never is.
        The filter itself stays under a name no template can write, called the way the compiler calls it."""
        self.filters = {f"\0{name}": f for name, f in self.filters.items()} | {n: _at_render(n) for n in self.filters}

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator_ == "+" and _size(left) is not None and _size(right) is not None:
            if _size(left) + _size(right) > MAX_SIZE:
                raise _too_big("相加得到的文字或列表")
        elif operator_ == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            if right * max(abs(left).bit_length(), 1) > MAX_SIZE:
                raise _too_big("乘方得到的数")
        elif operator_ == "%" and isinstance(left, str):
            _check_format(left)
        return super().call_binop(context, operator_, left, right)


def _at_render(name: str) -> Any:
    @pass_context
    def at_render(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        return context.environment.call_filter(f"\0{name}", value, args, kwargs, context=context)
    return at_render


def _check_repeat(sequence: Any, times: Any) -> None:
    size = _size(sequence)
    if size is not None and isinstance(times, int) and size * times > MAX_SIZE:
        raise _too_big("重复得到的文字或列表")


def _check_format(text: str) -> None:
    """A %-format whose width or precision would make a huge text (`"%999999999d" % 1`)."""
    if any(int(n) > MAX_SIZE for n in re.findall(r"%[-+ #0]*(\d+)", text) + re.findall(r"%[-+ #0\d]*\.(\d+)", text)):
        raise _too_big("格式化得到的文字")


def render(template: Template, context: dict[str, Any], limits: Limits) -> str:
    """The template rendered within `limits` and MAX_OUTPUT; a limit passed is a TemplateLimit raised inside the
    template (so its traceback names the template's line)."""
    token = _LIMITS.set(limits)
    try:
        with _alarm(limits), _memory():
            return "".join(_chunks(template.generate(context), limits))
    except RecursionError as exc:
        raise TemplateLimit("E914", "宏或模板的调用层数过深（可能是宏调用了自己）") from exc
    finally:
        _LIMITS.reset(token)


def _chunks(parts: Iterator[str], limits: Limits) -> Iterator[str]:
    """The rendered pieces, counted: past a limit the error is thrown into the template where it stands."""
    written = 0
    for part in parts:
        written += len(part)
        try:
            if written > MAX_OUTPUT:
                raise TemplateLimit("E913", f"生成的文字超过上限（{MAX_OUTPUT // 2**20} M 字）")
            limits.check_time()
        except TemplateLimit as exc:
            parts.throw(exc)  # type: ignore[attr-defined] - a generator: raised at the template's yield
        yield part


@contextlib.contextmanager
def _alarm(limits: Limits) -> Iterator[None]:
    """A timer that stops a rendering at its deadline even where it writes nothing (empty nested loops);
    only where signals can be used (the main thread of a POSIX process)."""
    def expired(signum: int, frame: Any) -> None:
        limits.check_time()

    try:
        previous = signal.signal(signal.SIGALRM, expired)
    except (AttributeError, ValueError):  # no SIGALRM (Windows), or not the main thread
        yield
        return
    try:
        signal.setitimer(signal.ITIMER_REAL, max(limits.deadline - time.monotonic(), 0.001) + 0.01)
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory() -> Iterator[None]:
    """The process's address space limited to what it has plus MAX_MEMORY while a template renders, where the
    system allows it: a huge allocation is then a MemoryError, reported as a limit, not a machine out of memory."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError):
        yield
        return
    wanted = used + MAX_MEMORY
    if soft != resource.RLIM_INFINITY and soft <= wanted or hard != resource.RLIM_INFINITY and hard < wanted:
        yield  # already limited more tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    except MemoryError as exc:
        raise TemplateLimit("E911", f"生成文字部分所需内存超过上限（{MAX_MEMORY // 2**20} MB）") from exc
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

