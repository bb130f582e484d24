"""The school charter core: load, check and render the charter data, independent of MkDocs."""

from .loader import Charter, load_charter
from .problems import CharterError, Problem

__all__ = ["Charter", "CharterError", "Problem", "load_charter"]
