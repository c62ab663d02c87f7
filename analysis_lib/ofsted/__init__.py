"""Ofsted trajectory of an LA before, during and after outsourcing (notebook 02).

Estimators (pure functions on tidy frames): `frameworks` (framework and grade labels by
date), `as_at` (each open school's latest grade at 31 August), `period_shares` (shares during
and after, with CIs), `transitions` (grade changes between consecutive inspections), `ordered`
(inspection-level ordered logit), `design`, `did` (LA x year difference-in-differences / event
study), `synth` (synthetic control with placebo inference), `events` (the event window and
donor-pool exclusions from the interventions table), `survivorship` (the bias of listing only
schools open in 2017-18, measured on the synthetic England) and `timeline` (LA inspection
judgements).

What the notebook calls: `sections` (one function per section). The steps it uses load, cache
and save over a run context: `workflow` (records, snapshots, shares), `comparison` (who is
compared, what is evaluated), `history` (inspection-level steps), `counterfactual` (DiD,
synthetic control) and `survivorship_report`. `charts` / `charts_counterfactual` draw;
`verdict` builds the headline `Estimate` records and the plain-English verdict.
"""
