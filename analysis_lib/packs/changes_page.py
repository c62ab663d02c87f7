"""`changes.html`: the content of `changes.json` (see `compare`) for a reader."""

from __future__ import annotations

import html

from analysis_lib.packs.index_page import STYLE, number
from analysis_lib.results import interval_label

YES_NO = {True: "yes", False: "no", None: "cannot tell"}


def _value(side: dict | None, unit: str) -> str:
    if not side or side.get("value") is None:
        return "not available"
    text = f"{number(side['value'])} {unit}".rstrip()
    if side.get("ci_low") is not None and side.get("ci_high") is not None:
        kind = (interval_label(side["interval_kind"]) if side.get("interval_kind")
                else "95% interval")
        text += f" ({kind} {number(side['ci_low'])} to {number(side['ci_high'])})"
    return text


def _table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    e = html.escape
    if not rows:
        return f"<p>{e(caption)}: none.</p>"
    header = "".join(f'<th scope="col">{e(h)}</th>' for h in head)
    body = "".join("<tr>" + f'<th scope="row">{e(r[0])}</th>'
                   + "".join(f"<td>{e(c)}</td>" for c in r[1:]) + "</tr>" for r in rows)
    return (f"<table><caption>{e(caption)}</caption><thead><tr>{header}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _inputs(inputs: dict) -> str:
    code = inputs["code"]
    rows = [[f"code: {k.replace('_', ' ')}", str(v["previous"]), str(v["current"]),
             YES_NO[v["previous"] != v["current"]]]
            for k, v in code.items() if k != "changed"]
    for key in ("data_source", "data_fingerprint"):
        v = inputs[key]
        rows.append([key.replace("_", " "), str(v["previous"]), str(v["current"]),
                     YES_NO[v["previous"] != v["current"]]])
    parts = [_table("Code and data version", ["Input", "Previous pack", "This pack",
                                               "Changed"], rows)]
    parts.append(_table("Data tables whose fingerprint changed",
                        ["Table", "Previous fingerprint", "This fingerprint"],
                        [[t["name"], str(t["previous"])[:16], str(t["current"])[:16]]
                         for t in inputs["tables"]]))
    if inputs["tables_unchanged"]:
        parts.append(f"<p>Tables with unchanged data: "
                     f"{html.escape(', '.join(inputs['tables_unchanged']))}.</p>")
    parts.append(_table("Packages whose version changed", ["Package", "Previous", "This"],
                        [[p["name"], str(p["previous"]), str(p["current"])]
                         for p in inputs["packages"]]))
    parts.append(_table("Run parameters that changed",
                        ["Run and parameter", "Previous", "This"],
                        [[f"{p['run_id']}: {p['name']}", str(p["previous"]),
                          str(p["current"])] for p in inputs["parameters"]]))
    return "".join(parts)


def _estimate_row(r: dict) -> list[str]:
    if "rule" not in r:
        status = {"new": "new in this pack", "removed": "not in this pack"}.get(
            r["status"], "value missing")
        return [f"{r['notebook']}: {r['label']}", _value(r["previous"], r["unit"]),
                _value(r["current"], r["unit"]), "", status, "", ""]
    return [f"{r['notebook']}: {r['label']}", _value(r["previous"], r["unit"]),
            _value(r["current"], r["unit"]), number(r["difference"]),
            f"{YES_NO[r['larger_than_uncertainty']]} ({r['rule']} rule)",
            YES_NO[r["direction_changed"]], YES_NO[r["significance_changed"]]]


def render_changes(data: dict, *, synthetic: bool) -> str:
    """The changes page: summary, per-LA estimate tables, verdicts, inputs, the rules used."""
    e = html.escape
    s = data["summary"]
    banner = ('<div class="synthetic" role="note">SYNTHETIC DATA — both packs come from a '
              "seeded generator, not from real published statistics.</div>"
              if synthetic else "")
    by_la: dict[str, list] = {}
    for row in data["estimates"]:
        by_la.setdefault(row["la_name"], []).append(row)
    head = ["Estimate", "Previous pack", "This pack", "Difference",
            "Change larger than the uncertainty?", "Direction changed?",
            "Significance changed?"]
    sections = "".join(
        f"<h3>{e(la)}</h3>" + _table(f"{la}: headline estimates, previous and this pack",
                                     head, [_estimate_row(r) for r in rows])
        for la, rows in by_la.items())
    verdicts = _table("Verdicts that changed", ["Run", "Previous verdict", "This verdict"],
                      [[f"{v['la_name']}, {v['notebook']}", str(v["previous"]),
                        str(v["current"])] for v in data["verdicts"] if v["changed"]])
    rules = "".join(f"<li><strong>{e(k)}</strong>: {e(v)}</li>"
                    for k, v in data["rules"].items())
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Changes since the previous pack: {e(str(data['current']['pack']))}"
            f"</title><style>{STYLE}</style></head><body>"
            f'<a class="skip-link" href="#main">Skip to the changes</a>'
            f'<header><nav aria-label="Evidence pack"><ul><li><a href="index.html">Pack index'
            f'</a></li><li><a href="changes.json">changes.json</a></li></ul></nav></header>'
            f'<main id="main" tabindex="-1"><h1>What changed since the previous pack</h1>'
            f"{banner}<p>Previous pack: {e(str(data['previous']['folder']))} (started "
            f"{e(str(data['previous']['started']))}). This pack started "
            f"{e(str(data['current']['started']))}.</p>"
            f"<p>{s['estimates_compared']} headline estimates compared: "
            f"{s['larger_than_uncertainty']} changed by more than their uncertainty, "
            f"{s['direction_changed']} changed direction, {s['significance_changed']} changed "
            f"significance; {s['verdicts_changed']} verdicts changed; "
            f"{s['new_or_removed']} estimates new, removed or missing.</p>"
            f"<h2>Headline estimates</h2>{sections}<h2>Verdicts</h2>{verdicts}"
            f"<h2>What changed in the inputs</h2>{_inputs(data['inputs'])}"
            f"<h2>How a change is judged</h2><ul>{rules}</ul>"
            "<p>Direction: the sign of the estimate. Significance: whether its interval "
            "excludes zero.</p></main></body></html>\n")
