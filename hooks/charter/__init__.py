"""The school charter core: load, check and render the charter data, independent of MkDocs.

Its one import name is `charter` (installed from hooks/ by `pip install -e .`; MkDocs finds it next to
the hook). Imported under another name (`hooks.charter`) every module would exist twice, with two
caches and two sets of classes: that is refused.
"""

from .problems import CharterError, Problem

__all__ = ["Charter", "CharterError", "Problem", "load_charter"]

if __name__.partition(".")[0] != "charter":  # `charter` (or `charter.__init__`), never `hooks.charter`
    raise ImportError(f"the charter core is imported as `charter`, not `{__name__}`: run `charter …` or `python -m charter …`")


def __getattr__(name: str):
    # The loader (and the typed model it builds) is imported on first use: a site build whose
    # charter is unchanged takes everything from the cache (`charter.site`) and never needs it.
    if name in ("Charter", "load_charter"):
        from . import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
