"""One error hierarchy for the package; the CLI turns each into a one-line message.

Exit codes (see README): 0 ok, 1 a check failed, 2 a usage or input error.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CheckFailed", "InputError", "KGError", "UsageError"]


class KGError(Exception):
    """Base class of every error the ``kg`` package raises on purpose."""

    exit_code = 2


class UsageError(KGError):
    """The command was called with arguments that cannot work."""


class InputError(KGError):
    """An input file (Turtle, BibTeX, SPARQL) cannot be read or is malformed.

    Example:
        >>> str(InputError("unexpected '.'", path=Path("graph_data/x.ttl"), line=3))
        "graph_data/x.ttl:3: unexpected '.'"
    """

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class CheckFailed(KGError):
    """A validation or check ran and found defects (exit code 1)."""

    exit_code = 1
