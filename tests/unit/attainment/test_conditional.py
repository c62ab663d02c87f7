"""School-level binomial GLM: LA effects conditional on disadvantaged share and year."""

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from analysis_lib.attainment.conditional import la_effects, model_frame
from analysis_lib.errors import DataNotAvailableError

LA_EFFECTS = {301: -0.4, 302: -0.1, 303: 0.0, 304: 0.1, 305: 0.4}


def _schools(seed=5):
    rng = np.random.default_rng(seed)
    rows = []
    for la, effect in LA_EFFECTS.items():
        for school in range(40):
            share = rng.uniform(0.1, 0.6)
            for year, year_effect in ((2017, 0.0), (2018, 0.1), (2019, 0.2)):
                cohort = int(rng.integers(30, 60))
                dis = max(1, int(round(share * cohort)))
                p = expit(-0.2 + effect - 1.0 * share + year_effect)
                rows.append({"year": year, "urn": la * 100 + school, "la_code": la,
                             "cohort": float(cohort), "disadvantaged_pupils": float(dis),
                             "disadvantaged_meeting": float(rng.binomial(dis, p))})
    return pd.DataFrame(rows)


def test_recovers_planted_la_effects_relative_to_average():
    effects, info = la_effects(_schools())
    effects = effects.set_index("la_code")
    mean = np.mean(list(LA_EFFECTS.values()))
    for la, truth in LA_EFFECTS.items():
        row = effects.loc[la]
        assert row["ci_low"] < truth - mean < row["ci_high"]
        assert np.sign(row["effect_pp"]) == np.sign(row["effect_logodds"])
        assert row["pp_low"] < row["effect_pp"] < row["pp_high"]
    assert effects.loc[305, "rank"] == 1 and effects.loc[301, "rank"] == 5
    assert effects["effect_logodds"].sum() == pytest.approx(0, abs=1e-8)
    assert info["share_ci"][0] < -1.0 < info["share_ci"][1]
    assert info["school_years"] == 600 and info["las"] == 5
    assert 0.75 < info["dispersion"] < 1.3  # binomial data: quasi-binomial scale near 1


def test_model_frame_drops_unusable_rows_and_small_las():
    schools = _schools()
    schools.loc[0, "disadvantaged_meeting"] = np.nan
    extra = pd.DataFrame({"year": 2017, "urn": [1, 2], "la_code": 399, "cohort": 30.0,
                          "disadvantaged_pupils": 10.0, "disadvantaged_meeting": 5.0})
    rows = model_frame(pd.concat([schools, extra]))
    assert 399 not in rows["la_code"].tolist() and len(rows) == 599
    with pytest.raises(DataNotAvailableError):
        la_effects(schools[schools["la_code"] == 301])
