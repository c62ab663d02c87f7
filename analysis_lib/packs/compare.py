"""Quarter on quarter: what changed between a previous pack and this one (`changes.json`).

For each LA and headline estimate: the previous and current value and interval, the
difference, whether the change is larger than the uncertainty, and whether the verdict on it
changed direction (sign) or significance (interval excluding zero); each notebook's verdict
sentence; and what changed in the inputs (code, per-table data fingerprints, packages,
parameters).

"Larger than the uncertainty", by interval kind:
- both estimates have a standard error and a sampling confidence interval: the difference is
  more than 1.96 x sqrt(se_previous^2 + se_current^2) — a two-sided 5% test that treats the
  two estimates as independent (runs that share data are positively correlated, which makes
  this test cautious);
- otherwise (placebo ranges, prediction intervals, coefficient-only intervals, or no standard
  error): the two 95% intervals do not overlap, a stricter criterion;
- without an interval on either side: not assessed ("cannot tell") unless the values are equal.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from analysis_lib.errors import SpecError
from analysis_lib.levels import Z95

RULES = {
    "se": "difference larger than 1.96 x sqrt(se_previous^2 + se_current^2)",
    "overlap": "the two 95% intervals do not overlap",
    "none": "not assessed: no interval",
}


@dataclass(frozen=True)
class PreviousPack:
    """A previous pack as read before this one runs (so that re-running a pack into the same
    folder still compares with what was there): its manifest, folder and results."""

    manifest: dict
    folder: Path
    results: dict


def load_previous(previous: Path) -> PreviousPack:
    """A previous pack from its folder or its manifest.json; `SpecError` if unreadable."""
    path = Path(previous)
    path = path / "manifest.json" if path.is_dir() else path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        runs = data["runs"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise SpecError(f"--compare-to {previous}: cannot read a pack manifest at {path} "
                        f"({err!r}); give a previous pack's folder or its manifest.json"
                        ) from err
    return PreviousPack(data, path.parent.resolve(), pack_results(runs, path.parent))


def _results(pack: Path, entry: dict) -> dict:
    folder = entry.get("outputs", {}).get("output_dir")
    if entry.get("status") != "ok" or not folder:
        return {}
    try:
        return json.loads((pack / folder / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def pack_results(runs: list[dict], pack: Path) -> dict[tuple, dict]:
    """(la_code, notebook) -> that run's results.json (empty when it has none)."""
    return {(e["la_code"], e["notebook"]): _results(pack, e) for e in runs}


def _sign(value) -> int:
    return 0 if not value else int(math.copysign(1, value))


def _excludes_zero(item: dict) -> bool | None:
    low, high = item.get("ci_low"), item.get("ci_high")
    return None if low is None or high is None else (low > 0 or high < 0)


def _side(item: dict | None) -> dict | None:
    if item is None:
        return None
    return {k: item.get(k) for k in ("value", "ci_low", "ci_high", "se", "interval_kind")}


def change_test(before: dict, after: dict) -> tuple[str, bool | None, float | None]:
    """Which rule applies (`RULES`), whether the change exceeds the uncertainty, and the
    threshold the difference is held against (the se rule only)."""
    difference = after["value"] - before["value"]
    ses = before.get("se"), after.get("se")
    if (None not in ses and before.get("interval_kind") == "confidence"
            and after.get("interval_kind") == "confidence"):
        threshold = Z95 * math.sqrt(ses[0] ** 2 + ses[1] ** 2)
        return "se", abs(difference) > threshold, threshold
    if None in (before.get("ci_low"), before.get("ci_high"), after.get("ci_low"),
                after.get("ci_high")):
        return "none", (False if difference == 0 else None), None
    apart = after["ci_low"] > before["ci_high"] or after["ci_high"] < before["ci_low"]
    return "overlap", apart, None


def compare_estimate(before: dict | None, after: dict | None) -> dict:
    """One estimate's row of `changes.json` (either side may be missing)."""
    row = {"previous": _side(before), "current": _side(after)}
    if before is None or after is None or None in (before.get("value"), after.get("value")):
        row["status"] = "new" if before is None else "removed" if after is None else "missing"
        return row
    rule, larger, threshold = change_test(before, after)
    sig = (_excludes_zero(before), _excludes_zero(after))
    row.update({
        "difference": after["value"] - before["value"], "rule": rule, "threshold": threshold,
        "larger_than_uncertainty": larger,
        "direction_changed": _sign(before["value"]) != _sign(after["value"]),
        "significance_changed": None if None in sig else sig[0] != sig[1],
        "excludes_zero": {"previous": sig[0], "current": sig[1]},
        "status": "changed" if after["value"] != before["value"] else "unchanged"})
    return row


def _headlines(results: dict) -> dict[str, dict]:
    return {i["name"]: i for i in results.get("results", []) if i.get("headline", True)}


def compare_estimates(previous: dict, current: dict, names: dict) -> tuple[list, list]:
    """Rows for every headline estimate and every notebook verdict of either pack."""
    estimates, verdicts = [], []
    for key in dict.fromkeys([*current, *previous]):
        before, after = previous.get(key, {}), current.get(key, {})
        la_code, notebook = key
        where = {"la_code": la_code, "la_name": names.get(la_code, str(la_code)),
                 "notebook": notebook}
        old, new = _headlines(before), _headlines(after)
        for name in dict.fromkeys([*new, *old]):
            item = new.get(name) or old[name]
            estimates.append({**where, "name": name, "label": item.get("label") or name,
                              "unit": item.get("unit", ""),
                              **compare_estimate(old.get(name), new.get(name))})
        if before.get("verdict") or after.get("verdict"):
            verdicts.append({**where, "previous": before.get("verdict"),
                             "current": after.get("verdict"),
                             "changed": before.get("verdict") != after.get("verdict")})
    return estimates, verdicts


def _changed_items(before: dict, after: dict) -> list[dict]:
    return [{"name": k, "previous": before.get(k), "current": after.get(k)}
            for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]


def compare_inputs(previous: dict, current: dict) -> dict:
    """What the runs depended on that differs: code, data (per table), packages, parameters."""
    code_keys = ("version", "git_commit", "analysis_lib_version", "analysis_lib_sources_sha256")
    code = {k: {"previous": previous.get("code", {}).get(k), "current": current["code"].get(k)}
            for k in code_keys}
    params_before = {(r["la_code"], r["notebook"]): r.get("parameters", {})
                     for r in previous["runs"]}
    parameters = []
    for run in current["runs"]:
        before = params_before.get((run["la_code"], run["notebook"]))
        if before is None:
            continue
        for item in _changed_items({k: v for k, v in before.items() if k != "output_dir"},
                                   {k: v for k, v in run["parameters"].items()
                                    if k != "output_dir"}):
            parameters.append({"run_id": run["run_id"], **item})
    before_runs = {(r["la_code"], r["notebook"]) for r in previous["runs"]}
    after_runs = {(r["la_code"], r["notebook"]) for r in current["runs"]}
    return {
        "code": {"changed": any(v["previous"] != v["current"] for v in code.values()), **code},
        "data_fingerprint": {"previous": previous.get("data", {}).get("fingerprint"),
                             "current": current["data"]["fingerprint"]},
        "data_source": {"previous": previous.get("data", {}).get("source"),
                        "current": current["data"]["source"]},
        "tables": _changed_items(previous.get("data", {}).get("tables", {}),
                                 current["data"].get("tables", {})),
        "tables_unchanged": sorted(k for k, v in current["data"].get("tables", {}).items()
                                   if previous.get("data", {}).get("tables", {}).get(k) == v),
        "packages": _changed_items(previous.get("packages", {}), current.get("packages", {})),
        "parameters": parameters,
        "runs_added": sorted(map(list, after_runs - before_runs)),
        "runs_removed": sorted(map(list, before_runs - after_runs)),
    }


def changes(previous: PreviousPack, current_manifest: dict, current_dir: Path) -> dict:
    """The content of `changes.json`."""
    previous_manifest, previous_dir = previous.manifest, previous.folder
    names = {r["la_code"]: r["la_name"] for r in
             [*previous_manifest["runs"], *current_manifest["runs"]]}
    estimates, verdicts = compare_estimates(
        previous.results, pack_results(current_manifest["runs"], current_dir), names)
    compared = [r for r in estimates if "rule" in r]
    return {
        "previous": {"pack": previous_manifest.get("pack"), "folder": str(previous_dir),
                     "started": previous_manifest.get("started")},
        "current": {"pack": current_manifest.get("pack"), "folder": str(current_dir),
                    "started": current_manifest.get("started")},
        "rules": RULES,
        "summary": {
            "estimates_compared": len(compared),
            "larger_than_uncertainty": sum(r["larger_than_uncertainty"] is True
                                           for r in compared),
            "direction_changed": sum(r["direction_changed"] for r in compared),
            "significance_changed": sum(r["significance_changed"] is True for r in compared),
            "verdicts_changed": sum(v["changed"] for v in verdicts),
            "new_or_removed": len(estimates) - len(compared)},
        "inputs": compare_inputs(previous_manifest, current_manifest),
        "estimates": estimates,
        "verdicts": verdicts,
    }
