"""Ofsted trajectory of an LA before, during and after outsourcing (notebook 02).

Modules: `frameworks` (framework and grade labels by date), `as_at` (each open school's latest
grade at 31 August), `transitions` (grade changes between consecutive inspections), `ordered`
(inspection-level ordered logit), `did` (LA x year difference-in-differences / event study),
`synth` (synthetic control with placebo inference), `timeline` (LA inspection judgements),
`verdict` (plain-English verdict) and `charts`.
"""
