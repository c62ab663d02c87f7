"""The SYNTHETIC example of an LA's own family records, in the template of
``docs/troubled_families_template.md`` (shipped in ``data/examples/troubled_families/``).

One LA's families only, as a council's own file would be: the families it worked with in
phase 1 and eligible families it did not work with. Covariates, selection and outcomes come
from the same generator as the synthetic England (selection on the recorded covariates only;
a planted effect from each family's start year), with its own seed, so the files are
reproducible: ``python -m analysis_lib.data.synth.tf_example`` rewrites them byte for byte.
The file names carry the word SYNTHETIC, which makes every output built from them say so.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from analysis_lib.data.catalogue import PROJECT_DIR
from analysis_lib.data.synth.config import SynthConfig
from analysis_lib.data.synth.troubled_families import family_traits, join_programme, outcomes
from analysis_lib.data.synth.writer import write_csv

EXAMPLE_DIR = PROJECT_DIR / "data" / "examples" / "troubled_families"
RECORDS_FILE = "tf_family_records_SYNTHETIC_example.csv"
OUTCOMES_FILE = "tf_family_outcomes_SYNTHETIC_example.csv"
SEED = 2013
N_FAMILIES = 300
LA_CODE = 335  # Walsall, the project's default LA
YEARS = np.arange(2010, 2019)  # two years before the first phase 1 start, four after the last
FLAGS = ["treated", "lone_parent", "workless", "prior_cin", "prior_persistent_absence",
         "prior_offending"]


def example_records(seed: int = SEED, n_families: int = N_FAMILIES, la_code: int = LA_CODE
                    ) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Family records, yearly outcomes (template columns) and the truth file's content."""
    rng = np.random.default_rng(seed)
    ids = pd.DataFrame({"family_id": np.arange(1, n_families + 1), "la_code": la_code})
    fam = join_programme(pd.concat([ids, family_traits(n_families, rng, phase_1_share=1.0)],
                                   axis=1), rng)
    effects = SynthConfig().tf_effects_pp
    yearly, realised = outcomes(fam, effects, rng, years=YEARS)
    records = fam[["family_id", "la_code", "phase", "treated", "start_year", "n_children",
                   "lone_parent", "workless", "prior_cin", "prior_persistent_absence",
                   "prior_offending", "deprivation_decile"]].astype({f: int for f in FLAGS})
    truth = {
        "description": "SYNTHETIC example of an LA's own family records: invented families "
                       "with a planted programme effect, not real data.",
        "config": {"seed": seed, "n_families": n_families, "la_code": la_code,
                   "years": [int(YEARS[0]), int(YEARS[-1])], "phase": 1,
                   "treated_families": int(fam.treated.sum())},
        "effects": {"troubled_families": {
            "estimand": "ATT on the yearly probability of each outcome from the family's "
                        "start year on (percentage points), the same for every start cohort",
            "outcomes": {o: {"value": tau, "unit": "percentage points",
                             "finite_sample_att_pp": round(
                                 realised[o]["finite_sample_att_pp"], 4)}
                         for o, tau in effects.items()}}},
    }
    return records, yearly, truth


def write_example(folder: Path = EXAMPLE_DIR, seed: int = SEED) -> list[Path]:
    """Write the two template files and ``truth.json`` into ``folder``."""
    records, yearly, truth = example_records(seed)
    folder = Path(folder)
    truth_path = folder / "truth.json"
    folder.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return [write_csv(records, folder / RECORDS_FILE), write_csv(yearly, folder / OUTCOMES_FILE),
            truth_path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the SYNTHETIC example family records.")
    parser.add_argument("folder", nargs="?", type=Path, default=EXAMPLE_DIR)
    for path in write_example(parser.parse_args(argv).folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
