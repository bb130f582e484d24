"""Glossary terms in rendered HTML, for Material's tooltips (`content.tooltips`): each occurrence of a
term in running text becomes `<abbr title>` with its definition, which Material shows on hover, focus
or tap. Material-specific: it works on the HTML Material renders and on how its tooltip reads `title`."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

# This module's code as it runs (hook modules are not reloaded under `mkdocs serve`): part of the marks' cache key.
CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

# Text inside these elements is left alone.
_SKIP = {
    "a",
    "abbr",
    "code",
    "pre",
    "script",
    "style",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "button",
    "label",
    "option",
    "textarea",
    "title",
    "svg",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "param", "track"}


def term_pattern(terms: list[tuple[str, list[str], str]]) -> tuple[re.Pattern | None, dict[str, tuple[str, str]]]:
    """One pattern that matches every term and alias, longest first; `terms` holds (id, words, definition)."""
    words: dict[str, tuple[str, str]] = {}
    for term_id, names, definition in terms:
        for word in names:
            if len(word) >= 2:
                words.setdefault(word, (term_id, definition))
    if not words:
        return None, words
    alternatives = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in alternatives)), words


def mark_terms(content: str, pattern: re.Pattern | None, words: dict[str, tuple[str, str]]) -> str:
    """Wrap glossary terms in running text with `<abbr>` carrying the definition and a link target."""
    if pattern is None:
        return content
    out, position, stack = [], 0, []
    for tag in _TAG.finditer(content):
        out.append(_mark(content[position : tag.start()], pattern, words) if not _skipping(stack) else content[position : tag.start()])
        out.append(tag.group(0))
        position = tag.end()
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            if name in stack:
                while stack and stack.pop() != name:
                    pass
        else:
            stack.append(name)
    rest = content[position:]
    out.append(_mark(rest, pattern, words) if not _skipping(stack) else rest)
    return "".join(out)


def _skipping(stack: list[str]) -> bool:
    return any(name in _SKIP for name in stack)


def _mark(text: str, pattern: re.Pattern, words: dict[str, tuple[str, str]]) -> str:
    def replace(match: re.Match) -> str:
        term_id, definition = words[match.group(0)]
        title = tooltip_text(definition)
        return f'<abbr class="term" title="{title}" tabindex="0" data-term="{term_id}">{match.group(0)}</abbr>'

    return pattern.sub(replace, text)


def tooltip_text(text: str) -> str:
    """A plain-text definition for `<abbr title>`. Material's tooltip inserts the attribute's value
    as HTML, so the text is escaped for that before being escaped for the attribute itself."""
    return html.escape(html.escape(text, quote=False), quote=True)
