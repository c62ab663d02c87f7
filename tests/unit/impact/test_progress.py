"""Programme progress against target for LA, comparators and England."""

import pandas as pd
import pytest

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.impact.progress import latest_progress, programme_progress


def tf_la():
    dates = pd.to_datetime(["2013-06-30", "2013-12-31"])
    rows = []
    for la, target in ((335, 800), (336, 400), (337, 200)):
        for k, d in enumerate(dates, start=1):
            rows.append({"la_code": la, "phase": 1, "period_end": d, "target_families": target,
                         "families_identified": target * 0.4 * k,
                         "families_attached": target * 0.3 * k,
                         "families_turned_around": target * 0.05 * k})
    return pd.DataFrame(rows)


def test_percent_of_target_by_area():
    p = programme_progress(tf_la(), 335, "Walsall", [336], phase=1)
    assert set(p["area"]) == {"Walsall", "Comparators (combined)", "England"}
    last = latest_progress(p).set_index(["area", "measure"])
    assert last.loc[("Walsall", "identified"), "families"] == pytest.approx(640)
    assert last.loc[("Walsall", "identified"), "pct_of_target"] == pytest.approx(80)
    assert last.loc[("England", "turned around"), "families"] == pytest.approx(140)
    assert last.loc[("England", "turned around"), "pct_of_target"] == pytest.approx(10)
    with pytest.raises(DataNotAvailableError):
        programme_progress(tf_la(), 335, "Walsall", [336], phase=2)
