"""Tables a reader may want: CSV with a metadata file, and one Excel workbook per run.

Every saved table carries a `data_source` column, so synthetic figures can never be mistaken
for real ones once a CSV leaves the notebook.
"""

from __future__ import annotations

import json

import pandas as pd

from analysis_lib.context import RunContext, slug
from analysis_lib.results import write_atomically

WORKBOOK = "tables.xlsx"


def save_table(ctx: RunContext, table: pd.DataFrame, name: str, description: str,
               units: dict[str, str] | None = None) -> pd.DataFrame:
    """Write `table` to `<output_dir>/<name>.csv` plus `<name>.meta.json`; return it labelled.

    Nothing is written when ``ctx.write_files`` is off."""
    labelled = table.assign(data_source=ctx.source_label)
    if not ctx.write_files:
        return labelled
    stem = slug(name)
    write_atomically(ctx.output_dir / f"{stem}.csv", labelled.to_csv(index=False))
    meta = {"name": stem, "description": description, "units": units or {},
            "data_source": ctx.data_source, "synthetic": ctx.synthetic,
            "la_code": ctx.la_code, "la_name": ctx.la_name, "rows": len(labelled),
            "columns": list(labelled.columns)}
    write_atomically(ctx.output_dir / f"{stem}.meta.json",
                     json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return labelled


def write_workbook(ctx: RunContext) -> str:
    """Collect every CSV table of the run into one Excel workbook, a sheet per table."""
    path = ctx.output_dir / WORKBOOK
    tmp = ctx.output_dir / f".{WORKBOOK}.tmp"
    csvs = sorted(ctx.output_dir.glob("*.csv"))
    with pd.ExcelWriter(tmp, engine="xlsxwriter") as writer:
        readme = pd.DataFrame({"item": ["LA", "data source", "tables"],
                               "value": [ctx.la_name, ctx.source_label, len(csvs)]})
        readme.to_excel(writer, sheet_name="about", index=False)
        for csv in csvs:
            pd.read_csv(csv).to_excel(writer, sheet_name=csv.stem[:31], index=False)
    tmp.replace(path)
    return str(path)
