"""Derive data/reference/las.csv and statistical_neighbours.csv from published DfE/ONS files.

Run once by hand when the published lookups change (not part of the pipeline):

    .venv/bin/python data/reference/derive_geography.py ../shared/data/real

The published files are read, never copied; only the facts (codes, names, regions,
neighbour ranks) are written, each row with the publication it comes from.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
FIRST_YEAR = 1998  # the project covers 1998 onwards; earlier history is not recorded

SRC_EES = ("DfE Explore Education Statistics geography columns (old_la_code, new_la_code, "
           "region): Children's social work workforce 2025 and Children in need 2025 releases")
SRC_LAIT = "DfE LAIT LA code list (lait_la_code_list.xlsx, 2025)"
SRC_PRE2009 = ("DfE 3-digit LA code of the pre-April-2009 county (Edubase); GSS code: ONS "
               "Register of Geographic Codes terminated E10 county code (inferred from the "
               "alphabetical E10 sequence; unverified)")
SRC_PRE2009_SAME = ("DfE 3-digit LA code unchanged in April 2009; GSS code: ONS Register of "
                    "Geographic Codes terminated E10 county code (inferred from the alphabetical "
                    "E10 sequence; unverified)")

REGIONS = {
    "E12000001": "North East", "E12000002": "North West", "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands", "E12000005": "West Midlands", "E12000006": "East of England",
    "E12000007": "London", "E12000008": "South East", "E12000009": "South West",
}

# Last year of existence for LAs abolished since 2012 (change on 1 April of the following year),
# and first year for successors. Year = calendar year of the 1 April on which the LA existed.
CHANGES = {
    # la_code: (gss_code, valid_from, valid_to)
    835: ("E10000009", FIRST_YEAR, 2018), 836: ("E06000029", FIRST_YEAR, 2018),
    837: ("E06000028", FIRST_YEAR, 2018), 838: ("E06000059", 2019, None),
    839: ("E06000058", 2019, None), 928: ("E10000021", FIRST_YEAR, 2020),
    940: ("E06000061", 2021, None), 941: ("E06000062", 2021, None),
    909: ("E10000006", FIRST_YEAR, 2022), 942: ("E06000063", 2023, None),
    943: ("E06000064", 2023, None),
    895: ("E06000049", 2009, None), 896: ("E06000050", 2009, None),
    822: ("E06000055", 2009, None), 823: ("E06000056", 2009, None),
}
# Same DfE code, new GSS code when the council changed type (county -> unitary) or boundary
# (Barnsley and Sheffield: new codes first seen in DfE's 2025 workforce release).
GSS_SPLITS = {
    825: [("E10000002", FIRST_YEAR, 2019), ("E06000060", 2020, None)],
    815: [("E10000023", FIRST_YEAR, 2022), ("E06000065", 2023, None)],
    933: [("E10000027", FIRST_YEAR, 2022), ("E06000066", 2023, None)],
    370: [("E08000016", FIRST_YEAR, 2024), ("E08000038", 2025, None)],
    373: [("E08000019", FIRST_YEAR, 2024), ("E08000039", 2025, None)],
    908: [("E10000005", FIRST_YEAR, 2008), ("E06000052", 2009, None)],
    840: [("E10000010", FIRST_YEAR, 2008), ("E06000047", 2009, None)],
    929: [("E10000022", FIRST_YEAR, 2008), ("E06000057", 2009, None)],
    893: [("E10000026", FIRST_YEAR, 2008), ("E06000051", 2009, None)],
    865: [("E10000033", FIRST_YEAR, 2008), ("E06000054", 2009, None)],
}
PRE_2009 = [  # abolished 1 April 2009, not in any EES file
    (875, "E10000004", "Cheshire", "E12000002"),
    (820, "E10000001", "Bedfordshire", "E12000006"),
]


def _ees_geography(real: Path) -> pd.DataFrame:
    files = ["csc_workforce/csww_indicators_2017_to_2025.csv",
             "children_in_need/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"]
    frames = [pd.read_csv(real / f, dtype=str, encoding="utf-8-sig") for f in files]
    geo = pd.concat(frames)
    single = ~geo.old_la_code.fillna("/").str.contains("/")  # drop combined "314 / 318" rows
    geo = geo[(geo.geographic_level == "Local authority") & single]
    geo = geo[["old_la_code", "new_la_code", "la_name", "region_code"]].drop_duplicates()
    geo["region_code"] = geo.region_code.replace({"E13000001": "E12000007",
                                                  "E13000002": "E12000007"})
    return geo.astype({"old_la_code": int})


def build_las(real: Path) -> pd.DataFrame:
    """One row per LA code and GSS-code period, with validity years."""
    geo = _ees_geography(real)
    rows = []
    for code, grp in geo.groupby("old_la_code"):
        name, region = grp.la_name.iloc[-1], grp.region_code.iloc[0]
        if code in GSS_SPLITS:
            periods = GSS_SPLITS[code]
            src = [SRC_PRE2009_SAME if p[0].startswith("E10") and p[2] == 2008 else SRC_EES
                   for p in periods]
        elif code in CHANGES:
            periods, src = [CHANGES[code]], [SRC_EES]
        else:
            periods, src = [(grp.new_la_code.iloc[0], FIRST_YEAR, None)], [SRC_EES]
        for (gss, start, end), s in zip(periods, src, strict=True):
            rows.append((code, gss, name, region, start, end, s))
    for code, gss, name, region in PRE_2009:
        rows.append((code, gss, name, region, FIRST_YEAR, 2008, SRC_PRE2009))
    out = pd.DataFrame(rows, columns=["la_code", "gss_code", "la_name", "region_code",
                                      "valid_from", "valid_to", "source"])
    out.insert(4, "region_name", out.region_code.map(REGIONS))
    out["valid_to"] = out.valid_to.astype("Int64")
    return out.sort_values(["la_code", "valid_from"]).reset_index(drop=True)


def build_neighbours(real: Path) -> pd.DataFrame:
    """Long table model x LA x rank from the 2021 and 2025 DfE neighbour files."""
    w21 = pd.read_csv(real / "lookups/New_Statistical_Neighbour_Groupings_April_2021.csv",
                      dtype=str, encoding="utf-8-sig")
    w21 = w21[w21["LA num"].notna() & w21["LA num"].str.isdigit()]
    rows = []
    src21 = ("DfE Children's Services Statistical Neighbour Benchmarking Tool, "
             "New Statistical Neighbour Groupings, April 2021")
    for _, r in w21.iterrows():
        for k in range(1, 11):
            close = r["SNP" if k == 1 else f"SNP.{k - 1}"]
            rows.append(("2021", int(r["LA num"]), k, int(r[f"SN{k}"]), close.strip(), src21))
    w25 = pd.read_csv(real / "lookups/sn_model_2025_wide.csv", dtype=str, encoding="utf-8-sig")
    src25 = "DfE statistical neighbours model, May 2025 (LAIT SN groupings)"
    for _, r in w25.iterrows():
        for k in range(1, 11):
            rows.append(("2025", int(r.old_la_code), k, int(r[f"SN_{k}"]),
                         r[f"SN_{k}P"].strip(), src25))
    return pd.DataFrame(rows, columns=["model", "la_code", "rank", "neighbour_code",
                                       "closeness", "source"])


def main(real: Path) -> None:
    build_las(real).to_csv(HERE / "las.csv", index=False, lineterminator="\n")
    build_neighbours(real).to_csv(HERE / "statistical_neighbours.csv", index=False,
                                  lineterminator="\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
