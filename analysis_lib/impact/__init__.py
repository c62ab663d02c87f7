"""Impact of the Troubled Families programme against a comparison group.

Modules, in the order the notebook uses them:
- `progress`: families identified / attached / turned around against target over time.
- `propensity`: the analysis sample (comparison pool) and the propensity-score model.
- `outcomes`: yearly outcome panel, follow-up windows and matched-family estimation.
- `matching`: nearest-neighbour matching with caliper and the Abadie-Imbens ATT.
- `balance`: standardised mean differences before/after matching, love-plot data.
- `staggered`: Callaway-Sant'Anna staggered DiD with ``moderndid``.
- `sensitivity`: E-values; `fiscal`: outcomes avoided x unit cost; `verdict`: plain text.
- `headline`: the run's headline `Estimate` records; `charts`: the notebook's figures.
"""
