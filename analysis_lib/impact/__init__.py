"""Impact of the Troubled Families programme against a comparison group (notebook 04).

Estimators (pure functions on tidy frames), in the order the notebook uses them:
- `progress`: families identified / attached / turned around against target over time.
- `propensity`: the analysis sample (comparison pool) and the propensity-score model.
- `outcomes`: yearly outcome panel, follow-up windows and matched-family estimation.
- `matching`: nearest-neighbour matching with caliper and the Abadie-Imbens ATT.
- `balance`: standardised mean differences before/after matching, love-plot data.
- `staggered`: Callaway-Sant'Anna staggered DiD with ``moderndid``.
- `sensitivity`: E-values; `fiscal`: outcomes avoided x unit cost; `evidence`: the published
  figures as a benchmark.

What the notebook calls: `sections` (one function per section), using `workflow` (the
parameter check and the family records); `charts` draws; `verdict` builds the headline
`Estimate` records and the plain-English verdict.
"""
