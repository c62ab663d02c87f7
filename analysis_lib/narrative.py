"""What the cited reference tables record about the chosen LA, in words, for the notebooks'
context sections, so no LA's report carries another LA's story.

Pure functions take the tidy reference tables (``interventions``, ``reference_facts``,
``tf_published_evidence``, the LEA grades of ``la_inspections_lea.csv``) and an LA code and
return Markdown: the LA's recorded arrangements and interventions (with how well each is
sourced), its LEA inspection grades, its cited figures, its published Troubled Families
counts, its comparators' arrangements — or a plain statement that none are recorded. What
the synthetic England plants, and for which LA, is in `analysis_lib.narrative_synthetic`.
`la_context` is the one call a notebook makes.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.ofsted.events import EXCLUDING_KINDS, WEAK, date_words

#: How each kind of interventions row reads after the service it concerns.
ARRANGEMENT_WORDS = {
    "outsourced": "outsourced to {provider}",
    "arms_length": "run at arm's length by {provider}",
    "trust": "run by {provider}, a trust",
    "joint_venture": "run by a joint venture, {provider}",
    "strategic_partner": "{provider} as strategic partner",
    "consultancy": "consultants engaged ({provider})",
    "critical_inspection": "critical inspection ({provider})",
    "inspection": "inspection ({provider})",
    "direction": "statutory direction (by: {provider})",
    "return_in_house": "decision to bring the services back in-house ({provider})",
    "intervention": "{provider}",
    "considered": "intervention considered and not imposed",
}
CONFIDENCE_WORDS = {"documented": "documented (a primary or official source)",
                    "reported": "reported (press or trade reports)",
                    WEAK: "**weakly sourced**"}
#: Which interventions rows and which reference facts each notebook's context shows.
EDUCATION, CHILDREN, ALL = "education", "children", "all"


def _services(rows: pd.DataFrame, services: str) -> pd.DataFrame:
    if services == ALL:
        return rows
    education = rows["service"].str.contains("education", case=False, na=False)
    return rows[education] if services == EDUCATION else rows[~education]


def _event(row) -> str:
    """One interventions row in words: dates, service, what happened, how well sourced."""
    start = date_words(row.start_date, bool(row.start_date_approximate))
    when = start if pd.isna(row.end_date) else (
        f"{start} to {date_words(row.end_date, bool(row.end_date_approximate))}")
    what = ARRANGEMENT_WORDS.get(row.arrangement, row.arrangement.replace("_", " ")
                                 + " ({provider})").format(provider=row.provider)
    text = (f"{when}: {row.service}, {what}; "
            f"{CONFIDENCE_WORDS.get(row.confidence, row.confidence)}. Source: {row.source}.")
    if row.confidence == WEAK:
        text += f" Not treated as established: {str(row.notes).rstrip('.')}."
    return text


def interventions_text(interventions: pd.DataFrame, la_code: int, la_name: str,
                       services: str = ALL) -> str:
    """The LA's rows of the interventions table (``services``: all, education or children's
    services), oldest first, or a statement that none are recorded."""
    own = _services(interventions[interventions["la_code"] == la_code], services)
    scope = {ALL: "", EDUCATION: " for education",
             CHILDREN: " for children's services"}[services]
    if own.empty:
        return (f"**Arrangements and interventions.** The interventions table records no "
                f"outsourcing, partnership, statutory direction or other intervention{scope} "
                f"for {la_name}.")
    lines = [f"**Arrangements and interventions{scope} recorded for {la_name}** (from "
             "`data/reference/interventions.csv`):"]
    lines += [f"- {_event(r)}" for r in own.sort_values("start_date").itertuples()]
    return "\n".join(lines)


def comparator_arrangements_text(interventions: pd.DataFrame, comparator_codes, la_name: str,
                                 *, left_out: bool = False) -> str:
    """Comparators with an education arrangement or direction of their own (weak rows
    aside), each named as a comparator; ``left_out`` says they are out of the comparisons."""
    rows = _services(interventions[interventions["la_code"].isin(list(comparator_codes))
                                   & interventions["arrangement"].isin(EXCLUDING_KINDS)
                                   & (interventions["confidence"] != WEAK)], EDUCATION)
    if rows.empty:
        return (f"**Comparators.** None of {la_name}'s {len(comparator_codes)} comparators "
                "has an education arrangement or direction of its own in the interventions "
                "table (weakly sourced rows aside).")
    role = ("a comparator, left out of the comparisons below" if left_out
            else "one of the comparators")
    lines = ["**Comparators with arrangements of their own:**"]
    lines += [f"- {r.la_name} ({role}): {_event(r)}"
              for r in rows.sort_values(["la_name", "start_date"]).itertuples()]
    return "\n".join(lines)


def lea_grades_text(lea: pd.DataFrame, la_code: int, la_name: str) -> str:
    """Ofsted's LEA inspection grades of the LA (1-7 scale) by inspection, or a statement
    that the reference table holds none."""
    own = lea[lea["la_code"] == la_code].sort_values(["inspection_date", "judgement"])
    if own.empty:
        return (f"**LEA inspections.** The reference table of Ofsted's LEA inspection grades "
                f"(`data/reference/la_inspections_lea.csv`) holds none for {la_name}.")
    approximate = (own["date_basis"] == "approximate").any()
    lines = [f"**Ofsted's LEA inspections of {la_name}** (1-7, 1 best"
             + ("; dates approximate, year shown" if approximate else "") + "):"]
    for (when, kind, basis), part in own.groupby(
            ["inspection_date", "inspection_type", "date_basis"], sort=True, dropna=False):
        date = f"{when:%Y}" if basis == "approximate" else f"{when:%B %Y}"
        grades = ", ".join(f"{r.judgement.replace('_', ' ')} {int(r.grade)} ({r.grade_label})"
                           for r in part.itertuples())
        lines.append(f"- {date}, {kind}: {grades}.")
    lines.append("Source: " + "; ".join(dict.fromkeys(own["source"])) + ".")
    return "\n".join(lines)


def _fact_date(text: str) -> str:
    """'2013-03-31' -> '31 March 2013', '2013-08' -> 'August 2013', '2000' -> '2000'."""
    text = str(text)
    when = pd.Timestamp(text if len(text) > 4 else f"{text}-01-01")
    return {4: f"{when:%Y}", 7: f"{when:%B %Y}"}.get(len(text), f"{when.day} {when:%B %Y}")


def cited_facts_text(facts: pd.DataFrame, la_code: int, la_name: str, topics) -> str:
    """The LA's reference facts of the given topics, a line per measure (values in date
    order), with their sources; or a statement that none are recorded."""
    own = facts[(facts["la_code"] == la_code) & facts["topic"].isin(list(topics))]
    if own.empty:
        return (f"**Cited facts.** The reference facts table records no "
                f"{' or '.join(t.replace('_', ' ') for t in topics)} facts for {la_name}.")
    own = own.assign(_when=[pd.Timestamp(str(d) if len(str(d)) > 4 else f"{d}-01-01")
                            for d in own["date"]]).sort_values(["_when", "fact_id"])
    lines = [f"**Cited facts and figures for {la_name}** (from "
             "`data/reference/reference_facts.csv`):"]
    for (description, unit), part in own.groupby(["description", "unit"], sort=False):
        check = "" if part["verified"].all() else " Not verified against its source."
        if part["value"].isna().all():
            when = _fact_date(part["date"].iloc[0])
            lines.append(f"- {description}" + ("" if when in description else f" ({when})")
                         + f".{check}")
            continue
        values = ", ".join(f"{v:g} ({_fact_date(d)})"
                           for v, d in zip(part["value"], part["date"], strict=True))
        lines.append(f"- {description} ({unit}): {values}.{check}")
    lines.append("Sources: " + "; ".join(dict.fromkeys(own["source"])) + ".")
    return "\n".join(lines)


def tf_counts_text(evidence: pd.DataFrame, la_code: int, la_name: str) -> str:
    """The LA's published Troubled Families counts, with their sources and how the project
    obtained them, or a statement that none are held."""
    from analysis_lib.impact.evidence import STATUS_NOTES

    own = evidence[evidence["la_code"] == la_code].sort_values(["as_at", "evidence_id"])
    if own.empty:
        return (f"**Published Troubled Families counts.** The project holds none for "
                f"{la_name} (`data/reference/tf_published_evidence.csv`); the national "
                "evidence in section 1 still applies.")
    lines = [f"**Published Troubled Families counts for {la_name}** (payment-by-results "
             "counts, not estimates of impact):"]
    for row in own.itertuples():
        how = STATUS_NOTES.get(row.evidence_status, "")
        lines.append(f"- {row.finding} ({row.period}). Source: {row.source}"
                     + (f"; {how}." if how else "."))
    return "\n".join(lines)


#: The reference-fact topics each facts part of a context shows.
FACT_TOPICS = {"facts_intervention": ("intervention",),
               "facts_workforce": ("workforce", "timeliness")}
#: The parts of the context each notebook shows, in order.
SECTIONS = {
    "01_attainment_gaps": ("interventions_education", "lea_grades", "comparators"),
    "02_ofsted_trajectory": ("lea_grades", "facts_intervention", "comparators_left_out"),
    "03_caseload_regressions": ("interventions_children", "facts_workforce"),
    "04_troubled_families_impact": ("tf_counts",),
}


def context_markdown(notebook: str, la_code: int, la_name: str, comparator_codes, *,
                     interventions: pd.DataFrame, facts: pd.DataFrame,
                     evidence: pd.DataFrame, lea: pd.DataFrame) -> str:
    """The notebook's context section for the LA: its parts (see `SECTIONS`) as Markdown."""
    parts = {
        "interventions_education": lambda: interventions_text(
            interventions, la_code, la_name, EDUCATION),
        "interventions_children": lambda: interventions_text(
            interventions, la_code, la_name, CHILDREN),
        "lea_grades": lambda: lea_grades_text(lea, la_code, la_name),
        "comparators": lambda: comparator_arrangements_text(
            interventions, comparator_codes, la_name),
        "comparators_left_out": lambda: comparator_arrangements_text(
            interventions, comparator_codes, la_name, left_out=True),
        "tf_counts": lambda: tf_counts_text(evidence, la_code, la_name),
    }
    parts |= {name: lambda topics=topics: cited_facts_text(facts, la_code, la_name, topics)
              for name, topics in FACT_TOPICS.items()}
    return "\n\n".join(parts[name]() for name in SECTIONS[notebook])


def la_context(ctx) -> str:
    """The run's context section: what the reference tables record for the LA and, on
    synthetic data, which LA the planted effects concern."""
    from analysis_lib import geography
    from analysis_lib.data.build import read_reference
    from analysis_lib.narrative_synthetic import synthetic_scope_text

    text = context_markdown(
        ctx.notebook, ctx.la_code, ctx.la_name, ctx.comparator_codes,
        interventions=ctx.load("interventions"), facts=ctx.load("reference_facts"),
        evidence=ctx.load("tf_published_evidence"),
        lea=read_reference("la_inspections_lea.csv"))
    if ctx.synthetic and not ctx.local_synthetic:
        truth = ctx.planted_truths()
        _, focus_name = geography.resolve_la(int(truth["config"]["focus_la"]))
        text += "\n\n" + synthetic_scope_text(truth, ctx.notebook, ctx.la_code, ctx.la_name,
                                              focus_name, window=_window(ctx))
    return text


def _window(ctx):
    """The event notebook 02 evaluates (None for other notebooks)."""
    if ctx.notebook != "02_ofsted_trajectory":
        return None
    from analysis_lib.ofsted.comparison import event_window

    return event_window(ctx, ctx.parameters.get("outsourcing_start", ""),
                        ctx.parameters.get("outsourcing_end", ""))
