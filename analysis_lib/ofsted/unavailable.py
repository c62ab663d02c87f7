"""A result that could not be computed for this run, carried through later steps.

School inspection files are not published in a form the project can read for every data
source, so notebook sections must say clearly that their data are absent instead of
failing. A step decorated with `guarded` returns `Unavailable` when its data are missing,
and passes on any `Unavailable` it receives; in a notebook it displays as a short note.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from analysis_lib.errors import DataNotAvailableError


@dataclass(frozen=True)
class Unavailable:
    """Why a section has no result."""

    message: str

    def _repr_markdown_(self) -> str:
        return f"**Not available for this run.** {self.message}"


def guarded(step):
    """Return the first `Unavailable` argument unchanged; turn DataNotAvailableError into
    `Unavailable`."""

    @functools.wraps(step)
    def wrapper(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if isinstance(value, Unavailable):
                return value
        try:
            return step(*args, **kwargs)
        except DataNotAvailableError as err:
            return Unavailable(str(err))

    return wrapper
