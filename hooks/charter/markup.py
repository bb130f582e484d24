"""Data text placed into generated pages: always literal text, never markup.

Whatever a school types (a name, a title, a reason) or a browser imports is shown as written. The
only markup data text has is `[[id]]`, turned into links by the renderer; everything else is
escaped where it is placed. `markdown_text` encodes every character that Markdown, its extensions
(attr_list `{: }`, tables `|`, admonitions `!!!`, details `???`, fences) or HTML could read as
syntax as a numeric character reference: the result is the same text in Markdown, in raw HTML
blocks and in attribute values, and no extension can find a pattern in it.

Templates are rendered with `finalize=placed`: every `{{ value }}` is escaped unless it is already
`Markup` (Markdown made by the renderer from escaped parts)."""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

_ALWAYS = "&<>\"'\\`*_{}[]#|!~$^"
_SPECIAL = re.compile("[" + re.escape(_ALWAYS) + "]")
# Characters that start a block (list, heading underline, definition, details) only at a line's start.
_LEADING = re.compile(r"^(\d+)([.)])(?=\s|$)|^[-+=:?]")
_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")


def _entity(character: str) -> str:
    return f"&#{ord(character)};"


def markdown_text(text: object) -> Markup:
    """`text` as inert Markdown (and HTML): one line, every syntax character encoded."""
    if isinstance(text, Markup):
        return text
    one_line = _LINE_BREAKS.sub(" ", str(text))
    escaped = _SPECIAL.sub(lambda m: _entity(m.group(0)), one_line)
    escaped = _LEADING.sub(lambda m: m.group(1) + _entity(m.group(2)) if m.group(1) else _entity(m.group(0)), escaped, count=1)
    return Markup(escaped)


def html_text(text: object) -> Markup:
    """`text` for an HTML element or attribute value (quotes and braces encoded too)."""
    if isinstance(text, Markup):
        return text
    return Markup(html.escape(str(text), quote=True).replace("{", "&#123;").replace("}", "&#125;"))


def code_text(text: object) -> Markup:
    """`text` shown as code (a file name, a field name), without a Markdown code span: entities
    inside backticks would show literally."""
    return Markup(f"<code>{markdown_text(text)}</code>")


def yaml_string(text: object) -> Markup:
    """A value for the front matter: a quoted YAML scalar (JSON is YAML) of HTML-escaped text,
    because themes place page titles into HTML as they are."""
    return Markup(json.dumps(str(html_text(text)), ensure_ascii=False))


def placed(value: object) -> object:
    """Jinja's `finalize`: a value placed into a template is escaped unless it is Markup already."""
    if isinstance(value, Markup) or value is None:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Markup(str(value))
    return markdown_text(value)
