"""Readers for the published formats: one module per publisher format, each ``read_*(path)``.

Each reader returns a tidy frame in the shape of one table in ``analysis_lib.data.schemas``
(or a part of it); rows dropped on purpose are listed in ``frame.attrs["dropped"]``.
"""
