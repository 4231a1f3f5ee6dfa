"""Role rules as data: spaCy `DependencyMatcher` patterns in `etl/lexicons/patterns/*.jsonl`.

Each line is one rule: a pattern whose anchor is the trigger and whose other nodes are named
by what they are ("recipient", "supplier"), the node that is the event's predicate, which
nodes give which side, and the example sentences it must handle (checked by
tests/test_patterns.py). A pattern may name a word list instead of spelling it out:
"@receiving_verbs" is a roles.json list, "@arms.nouns_out" a triggers.json arms list.

Nodes listed as `optional` (with the nodes that hang from them) may be missing: spaCy's
matcher has no optional nodes, so each is added as its own pattern, the required nodes plus
that branch, and a match of a branch fills the role of the required match it extends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from etl import lexicons

PATTERN_DIR = lexicons.LEXICON_DIR / "patterns"


@dataclass(frozen=True)
class PatternRule:
    """One line of a pattern file, with its word-list references expanded."""

    id: str
    family: str
    doc: str
    pattern: list[dict[str, Any]]
    predicate: str
    roles: dict[str, list[str]]
    examples: list[dict[str, Any]]
    optional: tuple[str, ...] = ()
    action: str | None = None
    lists: frozenset[str] = frozenset()  # the word lists the pattern names
    companies: tuple[str, ...] = ()  # role nodes a company may name (its home state)


@dataclass
class PatternMatch:
    """A rule matched in a sentence: the token of each required node, and the tokens the
    optional branches found for each role node."""

    rule: PatternRule
    nodes: dict[str, Token]
    roles: dict[str, list[Token]] = field(default_factory=dict)

    @property
    def predicate(self) -> Token:
        return self.nodes[self.rule.predicate]

    def tokens(self, node: str) -> list[Token]:
        """The tokens a node matched: one for a required node, any number for an optional one."""
        if node in self.nodes:
            return [self.nodes[node]]
        return self.roles.get(node, [])


def _word_list(name: str) -> list[str]:
    """The words of a list named in a pattern ("receiving_verbs", "arms.nouns_out")."""
    if "." in name:
        section, key = name.split(".", 1)
        found = lexicons.load("triggers").get(section, {}).get(key)
    else:
        found = lexicons.load("roles")["lists"].get(name, {}).get("words")
    if not isinstance(found, (list, dict)):
        raise lexicons.LexiconError(f"pattern names an unknown word list @{name}")
    return sorted(found)


def _expand(value: Any, used: set[str]) -> Any:
    """The pattern with each "@name" replaced by the words of that list."""
    if isinstance(value, dict):
        return {k: _expand(v, used) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, used) for v in value]
    if isinstance(value, str) and value.startswith("@"):
        used.add(value[1:])
        return _word_list(value[1:])
    return value


def parse_rule(data: dict[str, Any], where: str) -> PatternRule:
    """Check one pattern line against its schema and the names it uses; expand its lists."""
    try:
        lexicons.validate("patterns", data)
    except lexicons.LexiconError as exc:
        raise lexicons.LexiconError(f"{where}: {exc}") from None
    names = [n["RIGHT_ID"] for n in data["pattern"]]
    roles = {k: list(v) for k, v in data["roles"].items()}
    for name in [
        data["predicate"],
        *data.get("optional", []),
        *data.get("companies", []),
        *(n for v in roles.values() for n in v),
    ]:
        if name not in names:
            raise lexicons.LexiconError(f"{where}: {data['id']} names no node {name!r}")
    used: set[str] = set()
    pattern = _expand(data["pattern"], used)
    return PatternRule(
        id=data["id"],
        family=data["family"],
        doc=data["doc"],
        pattern=pattern,
        predicate=data["predicate"],
        roles=roles,
        examples=data["examples"],
        optional=tuple(data.get("optional", [])),
        action=data.get("action"),
        lists=frozenset(used),
        companies=tuple(data.get("companies", [])),
    )


@cache
def load_rules() -> tuple[PatternRule, ...]:
    """Every rule of every pattern file, in file and line order; cached, read-only."""
    rules: list[PatternRule] = []
    for path in sorted(PATTERN_DIR.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise lexicons.LexiconError(f"{where}: not JSON: {exc.msg}") from None
            rules.append(parse_rule(data, where))
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise lexicons.LexiconError(
            f"pattern ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}"
        )
    return tuple(rules)


def _branches(rule: PatternRule) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The required nodes, and for each optional node the nodes of its branch."""
    branch_of: dict[str, str] = {}
    for node in rule.pattern:
        name, left = node["RIGHT_ID"], node.get("LEFT_ID")
        if name in rule.optional:
            branch_of[name] = name
        elif left in branch_of:
            branch_of[name] = branch_of[left]
    core = [n for n in rule.pattern if n["RIGHT_ID"] not in branch_of]
    branches = {
        o: [n for n in rule.pattern if branch_of.get(n["RIGHT_ID"]) == o] for o in rule.optional
    }
    return core, branches


class PatternMatcher:
    """The rules of the pattern files compiled for one vocab; call it on a parsed sentence."""

    def __init__(self, vocab: Vocab, rules: tuple[PatternRule, ...] | None = None) -> None:
        self.rules = {r.id: r for r in (load_rules() if rules is None else rules)}
        self._matcher = DependencyMatcher(vocab)
        self._core: dict[str, list[str]] = {}
        self._branch: dict[str, list[str]] = {}
        for rule in self.rules.values():
            core, branches = _branches(rule)
            self._core[rule.id] = [n["RIGHT_ID"] for n in core]
            self._matcher.add(rule.id, [core])
            for name, nodes in branches.items():
                key = f"{rule.id}|{name}"
                self._branch[key] = [n["RIGHT_ID"] for n in nodes]
                self._matcher.add(key, [core + nodes])

    def __call__(self, doc: Doc) -> list[PatternMatch]:
        """The matches in `doc`, in rule order then token order, one per required match."""
        found: dict[tuple[str, tuple[int, ...]], PatternMatch] = {}
        extra: list[tuple[str, list[int]]] = []
        for key_id, ids in self._matcher(doc):
            key = doc.vocab.strings[key_id]
            if "|" in key:
                extra.append((key, ids))
                continue
            rule = self.rules[key]
            nodes = {name: doc[i] for name, i in zip(self._core[key], ids, strict=True)}
            found[(key, tuple(ids))] = PatternMatch(rule, nodes)
        for key, ids in extra:
            rule_id = key.split("|", 1)[0]
            n = len(self._core[rule_id])
            m = found.get((rule_id, tuple(ids[:n])))
            if m is None:
                continue
            for name, i in zip(self._branch[key], ids[n:], strict=True):
                toks = m.roles.setdefault(name, [])
                if doc[i] not in toks:
                    toks.append(doc[i])
        order = list(self.rules)
        return sorted(found.values(), key=lambda m: (order.index(m.rule.id), m.predicate.i))

    def by_predicate(self, doc: Doc, family: str) -> dict[int, PatternMatch]:
        """The first match of a family's rules for each predicate token (rule order decides)."""
        out: dict[int, PatternMatch] = {}
        for m in self(doc):
            if m.rule.family == family:
                out.setdefault(m.predicate.i, m)
        return out


def used_lists() -> Iterator[str]:
    """The word lists the pattern files name (counted as read by the unused-list test)."""
    for rule in load_rules():
        yield from rule.lists
