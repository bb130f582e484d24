"""The charter as typed objects, built from checked data."""

from __future__ import annotations

import dataclasses
import functools
import math
import typing
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass
class SourceRef:
    ref: str
    at: str = ""


@dataclass
class AppliesTo:
    org_types: list[str] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)

    def fits(self, school: School) -> bool:
        return (not self.org_types or school.org_type in self.org_types) and (not self.modes or school.leadership_mode in self.modes)

    def describe(self) -> str:
        return "、".join(self.org_types + self.modes)


@dataclass
class ChangeRecord:
    entry: str
    change: str
    note: str


@dataclass
class Release:
    version: str
    date: str
    changes: list[ChangeRecord] = field(default_factory=list)


@dataclass
class Model:
    title: str
    version: str
    summary: str
    status: str
    changelog: list[Release] = field(default_factory=list)


@dataclass
class School:
    name: str
    short_name: str
    org_type: str
    leadership_mode: str
    members: dict[str, int]
    effective_date: str
    model_version: str
    example: bool = False

    @property
    def combined(self) -> bool:
        return self.leadership_mode == "一肩挑"


@dataclass
class Source:
    id: str
    title: str
    kind: str
    issuer: str = ""
    number: str = ""
    year: int | None = None
    file: str = ""
    cites: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Term:
    id: str
    term: str
    definition: str
    sources: list[SourceRef]
    aliases: list[str] = field(default_factory=list)


@dataclass
class Role:
    id: str
    title: str
    description: str
    sources: list[SourceRef]
    titles: dict[str, str] = field(default_factory=dict)
    applies_to: AppliesTo | None = None

    def title_for(self, school: School) -> str:
        return self.titles.get(school.org_type, self.title)


@dataclass
class Body:
    id: str
    title: str
    kind: str
    description: str
    sources: list[SourceRef]


@dataclass
class Entry:
    id: str
    title: str
    text: str
    sources: list[SourceRef]
    items: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    applies_to: AppliesTo | None = None
    children: list[Entry] = field(default_factory=list)
    # matters only
    matters: list[str] = field(default_factory=list)
    route: str = ""
    proposes: list[str] = field(default_factory=list)
    deliberates: list[str] = field(default_factory=list)
    decides: str = ""
    consult: list[str] = field(default_factory=list)
    consult_experts: bool = False
    approval: str = ""


@dataclass
class Section:
    id: str
    title: str
    parent: str  # the chapter it belongs to (`chapters.CHAPTERS`), or the appendix
    order: int  # among the chapter's sections
    entries: list[Entry]
    intro: str = ""


@dataclass
class DutyList:
    id: str
    role: str
    title: str
    order: int
    items: list[Entry]
    intro: str = ""
    sources: list[SourceRef] = field(default_factory=list)


@dataclass
class Threshold:
    op: str
    fraction: str

    @property
    def value(self) -> Fraction:
        return Fraction(self.fraction)

    # The one place that reads `op`: every count, table, page, check and the calculator in the browser
    # follow `accepts`. 超过 (`more_than`) is strictly more than the fraction; 不少于 (`at_least`)
    # includes it.
    def accepts(self, share: Fraction) -> bool:
        """Whether a share (of members present, or of votes in favour) meets the threshold."""
        return share > self.value if self.op == "more_than" else share >= self.value

    def met_by(self, count: int, base: int) -> bool:
        return self.accepts(Fraction(count, base) if base else Fraction(0))

    def minimum(self, base: int) -> int:
        """The smallest count out of `base` that meets the threshold (`base + 1` when none does). No count
        below `base × fraction` does, and the next whole number above it does: `met_by` decides between them."""
        if base <= 0:
            return 0 if base == 0 and self.met_by(0, 0) else base + 1
        least = max(0, math.floor(self.value * base))
        if not self.met_by(least, base):
            least += 1
        return least if least <= base else base + 1

    def minimums(self, largest: int) -> list[int]:
        """`minimum(base)` for every base from 0 to `largest`: the table the calculator looks up."""
        return [self.minimum(base) for base in range(largest + 1)]

    def within(self, floor: Threshold) -> bool:
        """Whether every share that meets this threshold meets `floor` too (the floor is kept).
        The shares a threshold accepts run up from its fraction, the fraction itself in or out."""
        return floor.accepts(self.value) or (not self.accepts(self.value) and self.value >= floor.value)


@dataclass
class Parameter:
    id: str
    text: str
    sources: list[SourceRef]
    role: str = ""
    substitute: str = ""
    roles: list[str] = field(default_factory=list)
    status: str = ""
    may_vote: bool = False
    proposed_by: list[str] = field(default_factory=list)
    decided_by: str = ""
    circulated_in_advance: bool = False
    times: int = 0
    per: str = ""
    as_needed: bool = False
    threshold: Threshold | None = None
    matters: list[str] = field(default_factory=list)
    special: list[Parameter] = field(default_factory=list)
    method: str = ""
    voting_methods: list[str] = field(default_factory=list)
    base: str = "members"
    absent_opinions_counted: bool = False
    supervisors: int = 0
    recorders: int = 0
    to: str = ""
    book: str = ""


@dataclass
class Rule:
    id: str
    body: str
    title: str
    order: int
    sources: list[SourceRef]
    nature: Parameter
    convener: Parameter
    members: Parameter
    agenda: Parameter
    frequency: Parameter
    quorum: Parameter
    decision: Parameter
    clauses: list[Entry]
    attendees: list[Parameter] = field(default_factory=list)
    last_speaker: Parameter | None = None
    officers: Parameter | None = None
    disagreement: Parameter | None = None
    escalation: Parameter | None = None
    records: Parameter | None = None

    def parameters(self) -> list[Parameter]:
        found = [self.nature, self.convener, self.members, *self.attendees, self.agenda, self.frequency, self.quorum]
        found += [*self.quorum.special, self.decision, self.last_speaker, self.officers, self.disagreement]
        found += [self.escalation, self.records]
        return [p for p in found if p is not None]


@dataclass
class RouteStep:
    id: str
    title: str
    actor: str
    text: str


@dataclass
class Route:
    id: str
    title: str
    text: str
    sources: list[SourceRef]
    steps: list[RouteStep]


@dataclass
class MatterCategory:
    id: str
    title: str
    text: str
    sources: list[SourceRef]
    matters: list[Entry]


@dataclass
class Matters:
    intro: str
    routes: list[Route]
    categories: list[MatterCategory]


@dataclass
class Task:
    id: str
    title: str
    owner: str
    sources: list[SourceRef]
    target: str = ""
    text: str = ""


@dataclass
class Phase:
    id: str
    title: str
    when: str
    text: str
    sources: list[SourceRef]
    tasks: list[Task]


@dataclass
class Timeline:
    id: str
    title: str
    level: str
    text: str
    sources: list[SourceRef]
    phases: list[Phase]


@dataclass
class Timelines:
    intro: str
    timelines: list[Timeline]


@dataclass
class Floor:
    id: str
    title: str
    target: str
    minimum: dict
    text: str
    sources: list[SourceRef]


@dataclass
class Rating:
    min_percent: float
    label: str
    stars: int | None = None


@dataclass
class ChecklistItem:
    id: str
    question: str
    guidance: str
    evidence: str
    points: float
    verifies: list[str]
    applies_to: AppliesTo | None = None
    sources: list[SourceRef] = field(default_factory=list)


@dataclass
class ChecklistSection:
    id: str
    title: str
    items: list[ChecklistItem]


@dataclass
class Checklist:
    id: str
    title: str
    version: str
    order: int
    scoring: dict[str, float]
    ratings: list[Rating]
    sections: list[ChecklistSection]
    intro: str = ""
    sources: list[SourceRef] = field(default_factory=list)


# Building typed objects from checked data


def build(cls, data):
    """Build dataclass `cls` from a dict that passed its schema; nested dataclasses follow type hints."""
    fields = _fields(cls)
    unknown = set(data) - {name for name, _ in fields}
    if unknown:  # the schema allows a field this class lacks: it would be dropped without a word
        raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}: declare it in charter/model.py")
    return cls(**{name: _convert(hint, data[name]) for name, hint in fields if name in data})


@functools.cache
def _fields(cls) -> list[tuple[str, object]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]


def _convert(hint, value):
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_convert(item, v) for v in value]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(options[0], value) if value is not None else None
    if hint is SourceRef and isinstance(value, str):
        return SourceRef(value)
    if dataclasses.is_dataclass(hint):
        return build(hint, value)
    return value


@dataclass
class Answer:
    answer: str
    note: str = ""


@dataclass
class Assessment:
    file: str
    checklist: str
    checklist_version: str
    school: str
    date: str
    answers: dict[str, Answer]
