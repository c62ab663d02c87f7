"""Ofsted trajectory of an LA before, during and after outsourcing (notebook 02).

Modules: `frameworks` (framework and grade labels by date), `as_at` (each open school's latest
grade at 31 August), `period_shares` (shares during and after, with CIs), `transitions` (grade
changes between consecutive inspections), `ordered` (inspection-level ordered logit), `did`
(LA x year difference-in-differences / event study), `synth` (synthetic control with placebo
inference), `events` (the event window and donor-pool exclusions from the interventions
table), `survivorship` (the bias of listing only schools open in 2017-18, measured on the
synthetic England), `timeline` (LA inspection judgements), `verdict` (plain-English verdict)
and `charts` / `charts_counterfactual`. Notebook steps over a run context: `workflow`
(records, snapshots, shares), `comparison` (who is compared, what is evaluated), `history`
(inspection-level steps), `counterfactual` (DiD, synthetic control) and
`survivorship_report`.
"""
