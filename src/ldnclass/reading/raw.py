"""What the lexer cuts a text into, before the phrase tables read it: a number as written, and a raw
token (shared by the lexer in grammar.py and its rewrites of written-out forms in written.py)."""

from __future__ import annotations

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
    kind: str
    text: str
    number: Number | None = None
    spaced_before: bool = field(default=False)

    @property
    def key(self) -> str:
        return lexicon.NUM if self.number is not None else self.text
