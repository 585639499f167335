"""What the lexer cuts a text into, before the phrase tables read it: a number as written, and a raw
token (shared by the lexer in grammar.py and its rewrites of written-out forms in written.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from ldnclass.reading import lexicon


class Number(NamedTuple):
    value: Fraction
    text: str
    warnings: tuple[str, ...] = ()
    is_integer_literal: bool = False
    negative: bool = False  # a minus sign stood right before it


@dataclass(slots=True)
class Raw:
    """A piece of the text before it is read as a word: its kind, its text and, for a number, its value."""

    kind: str
    text: str
    number: Number | None = None
    spaced_before: bool = field(default=False)

    @property
    def key(self) -> str:
        return lexicon.NUM if self.number is not None else self.text


# A rule finding a span of raws at a position: what stands for it, and where it ends; None where
# none starts there.
SpanRule = Callable[[list[Raw], int], "tuple[list[Raw], int] | None"]


def rewritten(raws: list[Raw], rule: SpanRule) -> list[Raw]:
    """The raws with each span the rule finds replaced by what it gives, scanning left to right:
    the one loop of every rewrite that replaces spans (a schema, a restated fraction, a status code)."""
    out: list[Raw] = []
    position = 0
    while position < len(raws):
        found = rule(raws, position)
        if found is None:
            out.append(raws[position])
            position += 1
            continue
        said, end = found
        assert end > position, "a span rule must move on"
        out += said
        position = end
    return out
