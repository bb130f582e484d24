"""The school charter core: load, check and render the charter data, independent of MkDocs."""

from .problems import CharterError, Problem

__all__ = ["Charter", "CharterError", "Problem", "load_charter"]


def __getattr__(name: str):
    # The loader (and the typed model it builds) is imported on first use: a site build whose
    # charter is unchanged takes everything from the cache (`charter.site`) and never needs it.
    if name in ("Charter", "load_charter"):
        from . import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
