"""Data layer: published formats -> readers -> validated tidy tables -> ``load(name)``.

``load(table, source=..., data_dir=..., la=..., years=...)`` is the one entry point;
``tables()`` lists the catalogue; ``fingerprint(source)`` is the data version of a source;
``prepare(source)`` builds what is missing before a batch of runs.
"""

from analysis_lib.data.api import build_all, fingerprint, load, prepare, tables

__all__ = ["load", "tables", "fingerprint", "build_all", "prepare"]
