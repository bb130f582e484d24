"""Words that Chinese search must keep whole: glossary terms, short entry titles, role titles."""

from __future__ import annotations

from .loader import Charter

_BREAKS = set(" ，、（）()“”：:")


def search_words(charter: Charter) -> list[str]:
    words = set()
    for term in charter.terms:
        words.update([term.term, *term.aliases])
    for obj in charter.by_id.values():
        title = getattr(obj, "title", "")
        if isinstance(title, str) and 2 <= len(title) <= 8:
            words.add(title)
    for role in charter.roles:
        words.update(role.titles.values())
    return sorted(w for w in words if len(w) >= 2 and not _BREAKS.intersection(w))


def user_dictionary(charter: Charter) -> str:
    """The same words in jieba's user-dictionary format (one word per line)."""
    return "".join(f"{word}\n" for word in search_words(charter))
