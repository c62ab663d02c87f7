"""Calibration of the synthetic England against the real published panels.

Phases: load the four tidy tables (``workforce_la``, ``cin_la``, ``ks_attainment_la``,
``la_inspections``) for each source through ``load()`` (``report``); take each measure's
LA x year values the same way for both (``measures``); compute the cross-LA mean, the
spread between LAs and the persistence within an LA, or the distribution of Ofsted grades
(``statistics``); compare them against stated tolerances (``compare``).
"""

from analysis_lib.data.calibration.compare import calibration_table
from analysis_lib.data.calibration.statistics import (
    consecutive_grade_correlation,
    grade_shares,
    panel_statistics,
)

__all__ = ["calibration_table", "consecutive_grade_correlation", "grade_shares",
           "panel_statistics"]
