"""Data layer: published formats -> readers -> validated tidy tables -> ``load(name)``.

``load(table, source=..., data_dir=..., la=..., years=...)`` is the one entry point;
``tables()`` lists the catalogue; ``fingerprint(source)`` is the data version of a source.
"""

from analysis_lib.data.api import build_all, fingerprint, load, tables

__all__ = ["load", "tables", "fingerprint", "build_all"]
