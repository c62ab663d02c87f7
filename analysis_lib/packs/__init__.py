"""Evidence packs: run every (LA x notebook) of a YAML spec and publish the results.

Phases: `spec.load_spec` validates the spec against each notebook's tagged parameters;
`plan.plan_runs` expands LAs x notebooks into runs; `runner.run_pack` executes them with
papermill on a local worker pool or a dask.distributed cluster (`executors`), with retries,
resume and atomic writes; `report` writes HTML reports, `index.html`, `manifest.json` and one
Excel workbook per LA under ``<output-root>/<pack>/``.
"""
