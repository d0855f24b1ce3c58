"""NaIF: the knowledge graph of the sodium metal / inorganic solid electrolyte interface.

The public surface is small: build the graph, validate it, count it. Names are imported
lazily, so ``import kg`` (and the ``kg`` command's start-up) stays cheap.

Example:
    >>> import kg
    >>> kg.validate_graph(kg.load_project()).conforms
    True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.errors import CheckFailed, InputError, KGError, UsageError
    from kg.load import LoadedGraph, load_graph
    from kg.load import load as load_project
    from kg.stats import Stats, compute_stats
    from kg.validate import ValidationReport, validate_project
    from kg.validate import validate as validate_graph

#: The package version, read by the build (pyproject's dynamic version) and kept equal to the
#: ontology's owl:versionInfo. A literal: reading package metadata costs 15 ms at start-up.
__version__ = "0.6.0"

# Public name -> (module, attribute). The package-level names differ from the submodule
# names (``kg.load``, ``kg.validate``), which importing a submodule would overwrite.
_EXPORTS = {
    "CheckFailed": ("kg.errors", "CheckFailed"),
    "InputError": ("kg.errors", "InputError"),
    "KGError": ("kg.errors", "KGError"),
    "UsageError": ("kg.errors", "UsageError"),
    "LoadedGraph": ("kg.load", "LoadedGraph"),
    "load_project": ("kg.load", "load"),
    "load_graph": ("kg.load", "load_graph"),
    "Stats": ("kg.stats", "Stats"),
    "compute_stats": ("kg.stats", "compute_stats"),
    "ValidationReport": ("kg.validate", "ValidationReport"),
    "validate_graph": ("kg.validate", "validate"),
    "validate_project": ("kg.validate", "validate_project"),
}

__all__ = [
    "CheckFailed",
    "InputError",
    "KGError",
    "LoadedGraph",
    "Stats",
    "UsageError",
    "ValidationReport",
    "__version__",
    "compute_stats",
    "load_graph",
    "load_project",
    "validate_graph",
    "validate_project",
]


def __getattr__(name: str) -> Any:
    """Import public names on first use."""
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    module, attribute = target
    return getattr(import_module(module), attribute)
