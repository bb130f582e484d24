"""Glossary terms in rendered HTML, for Material's tooltips (`content.tooltips`): each occurrence of a
term in running text becomes `<abbr title>` with its definition, which Material shows on hover, focus
or tap. Material-specific: it works on the HTML Material renders and on how its tooltip reads `title`."""

from __future__ import annotations

import html
import re

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
_TAG = re.compile(r"(<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>)")
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
    """Wrap glossary terms in running text with `<abbr>` carrying the definition and a link target.

    Running text is the text between two tags outside the elements in `_SKIP`; each stretch is marked
    on its own (a term split by `<strong>` is not one). A page in which no word occurs anywhere is
    returned as it is, without walking its tags."""
    if pattern is None or pattern.search(content) is None:
        return content

    def replace(match: re.Match) -> str:
        term_id, definition = words[match.group(0)]
        return f'<abbr class="term" title="{tooltip_text(definition)}" tabindex="0" data-term="{term_id}">{match.group(0)}</abbr>'

    parts = _TAG.split(content)  # text, then each tag as (whole tag, "/" or "", name, "/" or "") and the text after it
    stack, skipped = [], 0  # open elements; how many of them are in _SKIP
    for index in range(0, len(parts), 5):
        if parts[index] and not skipped:
            parts[index] = pattern.sub(replace, parts[index])
        if index + 1 == len(parts):
            break
        closing, name, self_closing = parts[index + 2], parts[index + 3].lower(), parts[index + 4]
        parts[index + 2] = parts[index + 3] = parts[index + 4] = ""  # only the whole tag is written out
        if name in _VOID or self_closing:
            continue
        if closing:
            if name in stack:
                while stack:
                    top = stack.pop()
                    skipped -= top in _SKIP
                    if top == name:
                        break
        else:
            stack.append(name)
            skipped += name in _SKIP
    return "".join(parts)


def tooltip_text(text: str) -> str:
    """A plain-text definition for `<abbr title>`. Material's tooltip inserts the attribute's value
    as HTML, so the text is escaped for that before being escaped for the attribute itself."""
    return html.escape(html.escape(text, quote=False), quote=True)
