"""One way to say a section cannot run: the notebook note, results.json and the pack index."""

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.unavailable import LEAD, Unavailable, guarded


def test_guarded_turns_missing_data_into_unavailable_and_passes_it_on():
    @guarded
    def step(value):
        if value is None:
            raise DataNotAvailableError("no school records")
        return value * 2

    missing = step(None)
    assert missing == Unavailable("no school records")
    assert step(missing) is missing
    assert step(3) == 6


def test_unavailable_renders_with_the_shared_lead():
    assert Unavailable("why")._repr_markdown_() == f"**{LEAD}** why"
