"""Rules that are one loop, as data: "for each X of the target, assert Y".

Most rules pick some things out of a target (every operation, every parameter users see,
every schema) and test each one alone. Written out, each of them is the same loop; here the
loop is written once:

    each(select, test, ...)  # a check function: every test on every selected item
    chain(check, ...)        # a check function made of several (two kinds of items)
    flag(when, message, at)  # a test: one Hit at the item (or below it) when ``when`` holds

A *selector* is any ``(ctx) -> Iterable[item]``; a *test* is any ``(item) -> Iterable[Hit]``.
Items are anything ``Located``: a JSON pointer and the object found there. Targets supply
their own selectors (connector/selectors.py for Swagger, built on ApiView); this module only
knows the shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

from .rules import Hit


class Located(Protocol):
    """Something a rule looks at: where it is (a JSON pointer) and the object there."""

    @property
    def pointer(self) -> str: ...

    @property
    def value(self) -> Mapping[str, Any]: ...


C = TypeVar("C")  # the target's context
S = TypeVar("S", bound=Located)
Selector = Callable[[C], Iterable[S]]
Test = Callable[[S], Iterable[Hit]]
Text = str | Callable[[S], str]


def each(select: Selector[C, S], *tests: Test[S]) -> Callable[[C], Iterator[Hit]]:
    """A check function running every test on every item ``select`` picks, in that order."""

    def check(ctx: C) -> Iterator[Hit]:
        for item in select(ctx):
            for test in tests:
                yield from test(item)

    return check


def chain(*checks: Callable[[C], Iterable[Hit]]) -> Callable[[C], Iterator[Hit]]:
    """One check function made of several (a rule that loops over two kinds of things)."""

    def check(ctx: C) -> Iterator[Hit]:
        for one in checks:
            yield from one(ctx)

    return check


def flag(when: Callable[[S], bool], message: Text[S], at: Text[S] = "") -> Test[S]:
    """A test: one Hit when ``when(item)`` holds, at the item's pointer followed by ``at``.

    ``message`` and ``at`` are text, or functions of the item for those that name it.
    """

    def test(item: S) -> Iterator[Hit]:
        if when(item):
            yield Hit(_text(message, item), item.pointer + _text(at, item))

    return test


def _text(value: Text[S], item: S) -> str:
    return value if isinstance(value, str) else value(item)


__all__ = ["Located", "Selector", "Test", "chain", "each", "flag"]
