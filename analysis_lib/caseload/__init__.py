"""How social-worker caseloads, agency use, vacancies and turnover relate to outcomes.

Estimators (pure functions on tidy frames): `panel` (LA x year panel and its exclusions),
`models` (FE/RE/FD/pooled wrappers over linearmodels, tidy table, Hausman test),
`diagnostics`, `effects` (marginal effects, counterfactual at the England median),
`descriptive`, `suite` (the LA-independent work of one specification) and `estimates`
(what the notebook records). `charts` draws; `verdict` and `caveats` write the plain-English
text from the results; `saved_tables` describes each table the notebook saves; `sections`
is what the notebook calls (load, compute, record, chart, save and show one section).
"""
