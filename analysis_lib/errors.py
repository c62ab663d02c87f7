"""One exception hierarchy, with messages a council analyst can act on."""

from __future__ import annotations


class EvidenceError(Exception):
    """Base class for every error this project raises on purpose."""


class DataFileError(EvidenceError):
    """A data file is missing, unreadable or does not match its expected format.

    The message always names the file, and where known the column, the first
    offending rows (1-based data rows, header excluded) and what was expected.
    """

    def __init__(self, path, problem: str, *, column: str | None = None,
                 rows: list[int] | None = None, expected: str | None = None):
        self.path, self.problem, self.column, self.rows, self.expected = (
            str(path), problem, column, rows, expected)
        parts = [f"{self.path}: {problem}"]
        if column is not None:
            parts.append(f"column {column!r}")
        if rows:
            shown = ", ".join(str(r) for r in rows[:5])
            more = f" (and {len(rows) - 5} more)" if len(rows) > 5 else ""
            parts.append(f"rows {shown}{more}")
        if expected is not None:
            parts.append(f"expected {expected}")
        super().__init__("; ".join(parts))


class DataNotAvailableError(EvidenceError):
    """The requested table has no data for this source, LA or year range."""


class ParameterError(EvidenceError):
    """A notebook or pack parameter is unknown, wrongly typed or impossible."""


class SpecError(EvidenceError):
    """A pack spec is invalid; the message lists every problem found."""
