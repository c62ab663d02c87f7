"""Notebook 03 names its tables; the library holds what each one is."""

import inspect
import json
import re

import pandas as pd

from analysis_lib.caseload import sections
from analysis_lib.caseload.saved_tables import TABLES, save
from analysis_lib.context import start_run


def test_every_table_the_notebook_saves_is_described():
    code = inspect.getsource(sections)  # the notebook's sections save its tables
    named = set(re.findall(r'save\(ctx, .*?"(caseload_\w+)"\)', code))
    assert named == set(TABLES)


def test_a_saved_table_carries_its_description_and_units(tmp_path):
    ctx = start_run("03_caseload_regressions", la="Walsall", first_year=2016, last_year=2020,
                    output_dir=str(tmp_path))
    save(ctx, pd.DataFrame({"vif_levels": [1.2]}), "caseload_vif")
    (path,) = tmp_path.glob("*vif.meta.json")
    meta = json.loads(path.read_text())
    assert meta["description"] == "Variance inflation factors of the regressors"
    assert meta["units"] == {"vif_levels": "ratio", "vif_within": "ratio"}
