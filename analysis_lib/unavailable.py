"""The one way a notebook section says it cannot run on this run's data.

A section that cannot run returns `Unavailable(message)` instead of failing: in a notebook it
displays as "**Not available for this run.** <message>", later steps that receive it pass it on
(`guarded`), and `ResultsRecorder.unavailable` writes it to `results.json`, from which the pack
index shows the same words.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from analysis_lib.errors import DataNotAvailableError

LEAD = "Not available for this run."


@dataclass(frozen=True)
class Unavailable:
    """Why a section has no result."""

    message: str

    def _repr_markdown_(self) -> str:
        return f"**{LEAD}** {self.message}"


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
