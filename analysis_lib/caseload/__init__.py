"""How social-worker caseloads, agency use, vacancies and turnover relate to outcomes.

Modules: `panel` (LA x year panel and its exclusions), `models` (FE/RE/FD/pooled wrappers
over linearmodels, tidy table, Hausman test), `diagnostics`, `effects` (marginal effects,
counterfactual at the England median), `descriptive`, `caveats`, `report` (headline
estimates and verdict), `suite` (the LA-independent work, memoised) and `charts`.
"""
