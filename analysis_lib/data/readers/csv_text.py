"""Reading a published CSV as text: encoding, delimiter, shape, header and required columns.

Every reader starts here, so a damaged file stops with one :class:`DataFileError` naming the
file, the column, the first offending rows (1-based data rows, header excluded) and what was
expected, before any value is parsed.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

import pandas as pd

from analysis_lib.errors import DataFileError


def decode(path) -> str:
    """File text, UTF-8 (BOM stripped) or else cp1252; empty or undecodable files raise."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as err:
            line = raw[:err.start].count(b"\n")
            raise DataFileError(path, f"byte {raw[err.start]:#04x} is neither UTF-8 nor cp1252",
                                rows=[line] if line else None,
                                expected="a CSV saved as UTF-8 or Windows-1252 (cp1252)"
                                ) from err
    if not text.strip():
        raise DataFileError(path, f"the file is empty ({len(raw)} bytes)",
                            expected="a header row naming the columns, then data rows")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00"))
        raise DataFileError(path, "the file holds NUL bytes (saved as UTF-16 'Unicode text'?)",
                            rows=[line] if line else None,
                            expected="a CSV saved as UTF-8 or Windows-1252 (cp1252)")
    return text


DELIMITERS = {";": "semicolon", "\t": "tab", "|": "pipe"}
_QUOTED = re.compile(r'"[^"]*"')


def read_csv_text(path, required: list[str], *, short_rows: bool = False) -> pd.DataFrame:
    """Read a published CSV, checking its shape and that the required columns exist.

    Columns that are wholly numeric are parsed by the CSV engine; any column holding text
    (names, dates, suppression symbols, ``85%``) stays text for the readers to parse. Raises
    :class:`DataFileError` for empty or header-only files, a delimiter other than a comma,
    rows with more or fewer fields than the header (truncated or mis-split rows) and missing
    or renamed columns (naming the header cell that looks like the one expected).
    ``short_rows=True`` accepts rows with fewer fields than the header (publishers that omit
    trailing empty fields, as DfE's performance tables do; the missing fields are empty), but
    still refuses a short last row without a final line break (a truncated file).
    """
    text = decode(path)
    header = text.lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    _check_delimiter(path, text, header)
    _check_shape(path, text, header, short_rows)
    try:
        df = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""],
                         low_memory=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise DataFileError(path, f"the CSV cannot be parsed ({err})",
                            expected="a comma-separated file with one header row") from err
    header_names = [c.strip() for c in next(csv.reader([header]))]
    twice = [c for c in required if header_names.count(c) > 1]
    if twice:
        raise DataFileError(path, "a required column appears twice in the header row",
                            column=twice[0], expected="each required column once")
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataFileError(path, "required column missing from the header row",
                            column=missing[0], expected=_expected_columns(missing, df.columns))
    if df.empty:
        raise DataFileError(path, "the file has a header row but no data rows",
                            expected="at least one data row below the header")
    return df


def _expected_columns(missing: list[str], found) -> str:
    """'columns [...]' plus, for each missing column, a header cell it may have been renamed to."""
    found = [str(c) for c in found]
    hints = []
    for name in missing:
        close = difflib.get_close_matches(name, found, n=1, cutoff=0.6)
        if not close:
            close = [c for c in found if c and (c.lower() in name.lower()
                                                 or name.lower() in c.lower())][:1]
        if close:
            hints.append(f"{name!r} (renamed to {close[0]!r}?)")
    hint = f"; the header has {', '.join(hints)}" if hints else ""
    return f"columns {missing} in the header row{hint} (found {found[:12]})"


def _check_delimiter(path, text: str, header: str) -> None:
    if "," in header:
        return
    for delim, name in DELIMITERS.items():
        if delim in header:
            lines = text.lstrip("\r\n").splitlines()[1:]
            rows = [i for i, line in enumerate(lines, 1) if delim in line][:10]
            raise DataFileError(path, f"the file is {name}-separated, not comma-separated",
                                column=header[:60], rows=rows or None,
                                expected="comma-separated values (save as 'CSV (comma "
                                "delimited)')")


def _check_shape(path, text: str, header: str, short_rows: bool = False) -> None:
    """Every data row has as many fields as the header (quoted commas aside); with
    ``short_rows`` a row may have fewer, except a truncated last row."""
    body = _QUOTED.sub("", text) if '"' in text else text
    records = [r for r in body.replace("\r", "").split("\n") if r]
    names = next(csv.reader([header]))
    n = len(names) - 1
    repeats = [i for i, r in enumerate(records[1:], 1) if r == records[0]]
    if repeats:
        raise DataFileError(path, "the header row is repeated (files pasted together?)",
                            column=names[0], rows=repeats[:10],
                            expected="one header row at the top of the file")
    if '"' not in body and body.count(",") == n * len(records):
        return
    counts = [r.count(",") if '"' not in r else -1 for r in records[1:]]
    filler = {i for i, r in enumerate(records[1:], 1) if not r.strip(", \t")}  # ",,,," rows
    ends_cleanly = text.endswith(("\n", "\r"))
    bad = [i for i, c in enumerate(counts, 1) if c != n and i not in filler
           and not (short_rows and 0 <= c < n and (i < len(counts) or ends_cleanly))]
    if not bad:
        return
    first = counts[bad[0] - 1]
    truncated = bad == [len(counts)] and not ends_cleanly
    if first == -1:
        record = records[bad[0]]
        problem = "a quoted value is not closed (file truncated?)"
        column = names[min(record[:record.index('"')].count(","), n)]
    elif first < n:
        problem = ("the last row is incomplete (file truncated?)" if truncated
                   else f"a row has {first + 1} fields, the header has {n + 1}")
        column = names[first + 1]
    else:
        problem = f"a row has {first + 1} fields, the header has {n + 1} (unquoted comma?)"
        column = names[-1]
    raise DataFileError(path, problem, column=column, rows=bad[:10],
                        expected=f"{n + 1} comma-separated fields on every row, as in the "
                        "header")
