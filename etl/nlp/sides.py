"""What the role rules produce: the `Side`s of an event and the `Frame` that holds them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from etl.records import Actor


@dataclass
class Side:
    codes: list[str] = field(default_factory=list)
    how: str = ""  # syntax | modifier | context | speaker
    actors: list[Actor] = field(default_factory=list)

    def add(self, codes: Iterable[str], how: str, actors: Iterable[Actor] = ()) -> None:
        for c in codes:
            if c not in self.codes:
                self.codes.append(c)
        if not self.how and self.codes:
            self.how = how
        for a in actors:
            if a not in self.actors:
                self.actors.append(a)

    def __bool__(self) -> bool:
        return bool(self.codes)


@dataclass
class Frame:
    type: str
    action: str
    status: str
    category: str
    sources: list[str]
    targets: list[str]
    predicate: int
    confidence: float
    actors: list[Actor] = field(default_factory=list)
    weapon: str | None = None
    quantity: int | None = None
    claimant: str | None = None
    future: bool = False
    source_how: str = ""
    target_how: str = ""
    # A sender-only measure kept while its sentence's tit for tat may give it a target.
    provisional: bool = False
    # A tariff or duty with a target but no sender in a story about coercion: kept only if
    # the article's other records of its target name the sender.
    open_sender: bool = False
    # A retaliation: with no target in its sentence, it answers the article's other party.
    retaliation: bool = False
    # A retaliation that names no measure ("vowed to retaliate", "retaliatory action"): in a
    # story whose retaliation is by force, it is that armed answer, no sanction.
    bare_answer: bool = False
    # The same parties again with other attributes: a rejected claim is also an allegation;
    # "would not lift the sanctions it imposed" also reports the imposition.
    # "sent 14 tanks to Ukraine and Poland 10 Leopards": another supplier's gapped clause.
    extra: list[dict[str, str | list[str] | None]] = field(default_factory=list)


def unpack(side: Side) -> tuple[list[str], str, list[Actor]]:
    """A side as arguments to `Side.add` (an unset `how` counts as syntax)."""
    return side.codes, side.how or "syntax", side.actors


def confidence(a: Side, b: Side, *, base: float) -> float:
    """How sure a frame is, from how each side was found (grammar beats context)."""
    conf = base
    for side in (a, b):
        if side.how == "syntax":
            conf += 0.15
        elif side.how == "modifier":
            conf += 0.1
        elif side.how in ("context", "speaker"):
            conf -= 0.05
        elif not side:
            conf -= 0.15
    return max(0.05, min(conf, 0.95))
