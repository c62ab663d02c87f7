"""Attainment gaps between disadvantaged pupils (or another group) and their peers.

The estimators, one concern per module, are pure functions over the tidy tables of
``analysis_lib.data.schemas`` (``ks_attainment_la``, ``ks_attainment_school`` and its
``ks_attainment_school_totals``, ``ks2_pupils``):

- ``measures``     which measure and pupil groups a run compares, and the regime of each year;
- ``gaps``         percentage-point gaps with Newcombe hybrid-score intervals, per area;
- ``trends``       time series that break at assessment changes and missing years;
- ``gap_index``    DfE's disadvantage gap index (mean national percentile rank method);
- ``schools``      school-level gaps, funnel-plot limits and schools outside them;
- ``school_totals`` do a performance table's schools add up to its published LA row?
- ``coverage``     whether the school rows cover England or only some LAs' files;
- ``floors``       floor standards in force each year and the schools below them;
- ``conditional``  a school-level binomial GLM giving each LA's effect conditional on intake;
- ``estimates``    what the notebook records, as ``Estimate``s built from the sections' tables;
- ``verdict``      the plain-English verdict built from the results;
- ``charts``       the notebook's charts in the house style;
- ``sections``     what the notebook calls: load, compute, record, chart, save and show one
                   section (``section_inputs``: what they read and the memoised all-LA work;
                   ``section_notes``: the sentences under their tables).
"""
