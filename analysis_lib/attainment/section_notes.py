"""The sentences under notebook 01's section tables, written from the section's own results
(no number typed by hand)."""

from __future__ import annotations

import pandas as pd

from analysis_lib.attainment import gap_index


def headline_note(table: pd.DataFrame) -> str:
    """Why some areas have no interval (empty when every area has one)."""
    if not table["ci_low"].isna().any():
        return ""
    return ("Some areas have no interval: " + "; ".join(sorted(
        {n for n in table["interval_note"] if n and n.startswith("no interval")})) + ".")


def gap_index_note(check: pd.DataFrame, synthetic: bool) -> str:
    """DfE's published national values beside the computed England values."""
    published = check.dropna(subset=["published"])
    return (f"DfE's published national values ({published['published'].min():.2f} to "
            f"{published['published'].max():.2f}) beside the computed England values "
            f"({check['gap_index'].min():.2f} to {check['gap_index'].max():.2f}). "
            + ("On synthetic data only closeness to that range is a fair check ('plausible': "
               f"within {gap_index.PLAUSIBLE_TOLERANCE} index points); exact agreement needs "
               "the National Pupil Database." if synthetic else ""))


def _spread(la_name: str, distribution: pd.DataFrame) -> str:
    """The school-gap quartiles in words, LA first."""
    parts = [f"{la_name if r.area == 'LA' else r.area}: median {r.median:.1f} pp "
             f"(quartiles {r.lower_quartile:.1f} to {r.upper_quartile:.1f}; {r.schools} schools, "
             f"{r.share_with_gap_pct:.0f}% with a gap above 0)"
             for r in distribution.itertuples() if r.schools]
    return "School-level gaps (other minus disadvantaged pupils, pp): " + "; ".join(parts) + "."


def school_note(la_name: str, distribution: pd.DataFrame, *, plotted: int, mainstream: int,
                special: int, year: int, info: dict, target_label: str, england: bool,
                scope_label: str, withheld: int) -> str:
    """The school-gap spread, how the funnel was drawn and which schools are left out."""
    return (_spread(la_name, distribution)
            + f" Funnel plot: {plotted} of the LA's {mainstream} mainstream schools have a "
            f"published result for disadvantaged pupils in {year} (DfE suppresses groups of 5 "
            f"or fewer); target {100 * info['target']:.1f}% ({target_label}); overdispersion "
            f"factor {info['phi_estimate']:.2f}, estimated from {info['phi_schools']} mainstream "
            + ("schools in England" if england else scope_label)
            + (" (limits widened)" if info["phi"] > 1 else "") + "."
            + (f" {withheld} school(s) with fewer than 6 disadvantaged pupils "
               "are outside the limits but withheld." if withheld else "")
            + (f" {special} special school(s) are not plotted (their pupils are not comparable "
               "with the national rate; they are in the LA-total check)." if special else ""))


def totals_note(la_name: str, check: pd.DataFrame, bad: pd.DataFrame) -> str:
    """How many of the LA's published figures the school rows reproduce, and which not."""
    years = sorted(check["year"].unique())
    agree = int(check["agrees"].eq(True).sum())
    return (f"{agree} of {int(check['agrees'].notna().sum())} published LA figures "
            f"({years[0]}-{years[-1]}) agree with {la_name}'s school rows within DfE's "
            "rounding and suppression" + ("." if bad.empty else
                                          f". **{len(bad)} do not** ("
                                          + "; ".join(f"{r.year} {r.quantity}"
                                                      for r in bad.itertuples())
                                          + "): the file's LA row cannot be produced from its "
                                          "school rows, so check the file before relying on "
                                          "its school-level results."))


def floor_note(summary: pd.DataFrame, england_everywhere: bool) -> str:
    """Which schools are covered and which years' rules are unverified."""
    unverified = summary.loc[~summary["verified"].astype(bool), "year"].tolist()
    return ("Only mainstream schools with 11 or more eligible pupils are covered, as DfE "
            "counted them." + ("" if england_everywhere else " England's share is shown only "
                               "where the files hold every school in England.")
            + (" Rules marked unverified in the reference table: "
               + ", ".join(map(str, unverified)) + ". Where a year's progress thresholds are "
               "not recorded, schools under the attainment threshold are counted as 'progress "
               "not available', not as below." if unverified else ""))


def conditional_note(info: dict, years: str) -> str:
    """What the all-LA model was fitted to and its intake coefficient."""
    return (f"Model fitted to {info['school_years']} school-years in {info['las']} LAs "
            f"({years}); dispersion {info['dispersion']:.2f}; each 10-point rise in a "
            f"school's disadvantaged share changes the log-odds by "
            f"{info['share_coef'] / 10:.3f}.")
