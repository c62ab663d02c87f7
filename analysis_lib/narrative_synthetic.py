"""Which LA the synthetic England's planted effects concern, in words, for a run's context.

The generator plants some effects for its focus LA only (``truth.json``'s ``config.focus_la``:
the KS2 gap, the outsourcing effect on school inspections) and others for every LA (the
caseload coefficients, the Troubled Families effects). A run for another LA must not read
the focus LA's planted effects as its own, and a run at another LA's recorded dates must
not read chance as an effect. Pure functions over the parsed ``truth.json``.
"""

from __future__ import annotations

import pandas as pd

FOCUS, EVERY_LA = "focus", "every LA"


def _gap(effect: dict, config: dict) -> str:
    return (f"a KS2 disadvantage gap of {effect['value']:g} percentage points in "
            f"{effect['year']}, with attainment below the average LA "
            f"({effect['focus_la_effect_pp_at_national_mean']:+.1f} percentage points)")


def _gap_index(effect: dict, config: dict) -> str:
    return "a DfE-style gap index realised from its own pupils' scores"


def _outsourcing(effect: dict, config: dict) -> str:
    start, end = (pd.Timestamp(config[k]) for k in ("outsourcing_start", "outsourcing_end"))
    return (f"an effect of outsourcing of {effect['value']:+.1f} percentage points on the share "
            f"of its schools judged good or outstanding, for inspections from "
            f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}")


def _caseload(effect: dict, config: dict) -> str:
    return (f"coefficients of {effect['beta_caseload']:+g} percentage points of assessments "
            f"completed within 45 working days per extra case per FTE and "
            f"{effect['beta_agency']:+g} per percentage point of agency staff")


def _troubled_families(effect: dict, config: dict) -> str:
    effects = "; ".join(f"{name.replace('_', ' ')} {entry['value']:+g}"
                        for name, entry in sorted(effect["outcomes"].items()))
    return ("effects of the programme on the yearly chance of each outcome for the families "
            f"it worked with, in percentage points ({effects})")


#: Planted effect -> (whom it concerns, short name, full description from truth.json).
EFFECTS = {
    "ks2_disadvantage_gap": (FOCUS, "the KS2 disadvantage gap", _gap),
    "ks2_gap_index": (FOCUS, "the gap index of its pupils", _gap_index),
    "outsourcing_inspections": (FOCUS, "the effect of outsourcing on school inspection "
                                "outcomes", _outsourcing),
    "caseload_timeliness": (EVERY_LA, "caseload and agency coefficients", _caseload),
    "troubled_families": (EVERY_LA, "Troubled Families effects", _troubled_families),
}
SIMULATED = ("Everything this run computes comes from simulated data; only the facts listed "
             "above, from the cited reference tables, are real.")


def notebook_effects(truth: dict, notebook: str) -> dict[str, dict]:
    """The planted effects a notebook is meant to recover (truth.json's ``notebook`` field
    starts with the notebook's number); ValueError for an effect this module cannot word."""
    own = {name: effect for name, effect in truth["effects"].items()
           if str(effect.get("notebook", "")).startswith(notebook[:2])}
    unknown = sorted(set(own) - set(EFFECTS))
    if unknown:
        raise ValueError(f"truth.json has planted effects {unknown} that "
                         "analysis_lib.narrative_synthetic.EFFECTS does not describe")
    return own


def synthetic_scope_text(truth: dict, notebook: str, la_code: int, la_name: str,
                         focus_name: str, window=None) -> str:
    """Markdown saying which planted effects concern this LA. ``window`` is notebook 02's
    event window (``has_event``), if any: on another LA's dates nothing is planted."""
    config = truth["config"]
    effects = notebook_effects(truth, notebook)
    focus_only = [n for n in effects if EFFECTS[n][0] == FOCUS]
    shared = [n for n in effects if EFFECTS[n][0] == EVERY_LA]
    described = {n: EFFECTS[n][2](effects[n], config) for n in effects}
    lines = ["**Synthetic data.**"]
    if focus_only and int(config["focus_la"]) == la_code:
        lines.append(f"{la_name} is the synthetic England's focus LA. The generator plants "
                     "for it " + "; ".join(described[n] for n in focus_only)
                     + " (`data/synthetic/truth.json`); the results say whether the methods "
                     "recover them.")
    elif focus_only:
        names = " and ".join(EFFECTS[n][1] for n in focus_only)
        lines.append(f"The effects planted for this question ({names}) concern {focus_name}, "
                     f"the synthetic England's focus LA, not {la_name}: {la_name}'s figures "
                     "are simulated with no planted effect of their own, so there is no "
                     "planted value to check them against.")
        if window is not None and window.has_event:
            lines.append(f"Nothing is planted for {la_name} at the dates evaluated, so any "
                         "effect estimated there shows only how large differences are by "
                         "chance.")
    if shared:
        lines.append("Planted for every LA, this one included (`data/synthetic/truth.json`): "
                     + "; ".join(described[n] for n in shared) + ".")
    lines.append(SIMULATED)
    return " ".join(lines)
