"""View data: what a page shows, as plain objects built from the charter, apart from any markup.

A template turns these into Markdown for the site; another output (a Word document, a plain-text
export) can turn the same objects into its own form. Text is a list of `Run`s — plain text, or a
link to an id with the label a reader sees — never Markdown or HTML: escaping is the output's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import checks, model
from .loader import Charter
from .outline import Outline, applies


@dataclass(frozen=True)
class Run:
    text: str
    target: str | None = None  # an id: the run links to it


Rich = list[Run]


@dataclass
class Article:
    """One numbered article of the complete charter."""

    id: str
    number: str  # 第12条
    title: str
    text: Rich
    kind: str = "entry"  # entry / route / phase / other
    adapted: bool = False  # changed by the school (本校调整)
    decides: str = ""  # the body that decides, for an entry that names one
    items: list[Rich] = field(default_factory=list)
    children: list[Article] = field(default_factory=list)
    when: str = ""  # a phase of the timeline: when
    steps: list[tuple[str, str]] = field(default_factory=list)  # a decision route: (step, who)
    tasks: list[str] = field(default_factory=list)  # a phase: its tasks


@dataclass
class ChapterView:
    key: str
    number: int
    title: str
    articles: list[Article]


class Views:
    """Builds view data; `title_of` gives the title a reader sees for an id (it follows the school's profile)."""

    def __init__(self, charter: Charter, outline: Outline, title_of, adapted: set[str]):
        self.charter, self.outline, self.title_of, self.adapted = charter, outline, title_of, adapted

    def rich(self, text: str) -> Rich:
        """Data text with its `[[id]]` and `[[id|label]]` links as runs."""
        text, runs, last = text.strip(), [], 0
        for match in checks.INLINE_REF.finditer(text):
            if match.start() > last:
                runs.append(Run(text[last : match.start()]))
            target = match.group(1).strip()
            runs.append(Run(match.group(2) or self.title_of(target), target))
            last = match.end()
        if last < len(text):
            runs.append(Run(text[last:]))
        return runs

    def chapters(self) -> list[ChapterView]:
        """The complete charter: chapters and their articles, numbered."""
        return [
            ChapterView(chapter.key, number, chapter.title, [self.article(i) for i in chapter.ids])
            for number, chapter in enumerate(self.outline.chapters, 1)
        ]

    def article(self, target: str) -> Article:
        obj = self.charter.by_id[target]
        article = Article(target, self.outline.numbers.get(target, ""), self.title_of(target), self.rich(obj.text))
        article.adapted = target in self.adapted
        if isinstance(obj, model.Entry):
            article.decides = self.title_of(obj.decides) if obj.decides else ""
            article.items = [self.rich(item) for item in obj.items]
            article.children = [self._child(c) for c in obj.children if applies(self.charter, c.applies_to)]
        elif isinstance(obj, model.Route):
            article.kind = "route"
            article.steps = [(step.title, self.title_of(step.actor)) for step in obj.steps]
        elif isinstance(obj, model.Phase):
            article.kind = "phase"
            article.when = obj.when
            article.tasks = [task.title for task in obj.tasks]
        else:
            article.kind = "other"
        return article

    def _child(self, child: model.Entry) -> Article:
        return Article(child.id, self.outline.numbers.get(child.id, ""), child.title, self.rich(child.text))
