"""The validation harness: how often each headline interval covers its planted truth.

Phases of `evidence validate`: (1) plan the replications of each scenario, with seeds drawn
deterministically from a master seed (`plan`); (2) for each replication, generate a synthetic
England in a folder of its own and run every notebook's headline code path on it, with file
writing off (`replication`, `headlines`), saving one JSON record per replication so a rerun
resumes; (3) summarise bias, RMSE, coverage with its Monte Carlo error, interval width,
failures and diagnostic flag rates per estimate and scenario (`summary`); (4) write the CSV,
markdown table, chart and docs/validation.md (`report`). `targets` defines the truth each
estimate targets, for the harness and the notebooks' sidecars alike.
"""
