"""Headline estimates and the machine-readable results sidecar (`results.json`) of a run.

The sidecar is what the pack index, the tests and reviewers read: the estimates, the
notebook's one-sentence verdict, and the provenance (package version, hash of analysis_lib's
sources, git commit when run from a checkout, data fingerprint). It holds no timestamps or
machine paths, so two runs of the same code on the same inputs write identical files.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis_lib.code_version import code_identity
from analysis_lib.context import PROJECT_ROOT, RunContext
from analysis_lib.unavailable import Unavailable

SIDECAR = "results.json"
DECIMALS = 6
#: What each kind of interval is, in the words every report uses. Only a sampling confidence
#: interval is ever called a "CI".
INTERVAL_KINDS = {
    "confidence": "95% CI",
    "placebo_range": "range of 95% of placebo estimates",
    "prediction": "95% prediction interval",
    "coefficient_only": "95% interval from coefficient uncertainty only",
}
INTERVAL_WORDS = {
    "confidence": "95% confidence interval",
    **{kind: words for kind, words in INTERVAL_KINDS.items() if kind != "confidence"},
}


def interval_label(kind: str | None, *, short: bool = True) -> str:
    """How an interval of ``kind`` is named: ``"95% CI"`` (short) or ``"95% confidence
    interval"`` for a confidence interval; the full name of every other kind."""
    if kind not in INTERVAL_KINDS:
        raise ValueError(f"unknown interval kind {kind!r}; use one of {sorted(INTERVAL_KINDS)}")
    return (INTERVAL_KINDS if short else INTERVAL_WORDS)[kind]


@dataclass(frozen=True)
class Estimate:
    """One headline number: value, 95% interval and what kind of interval it is, standard error
    where one exists, unit, method and (on synthetic data) the truth its estimator targets.

    ``interval_kind`` must be one of `INTERVAL_KINDS` whenever an interval is given.
    """

    name: str
    label: str
    value: float | None
    unit: str
    method: str
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = None
    truth: float | None = None
    headline: bool = True
    caveats: tuple[str, ...] = field(default_factory=tuple)
    interval_kind: str | None = None
    se: float | None = None

    def __post_init__(self):
        has_interval = self.ci_low is not None and self.ci_high is not None
        if has_interval and self.interval_kind not in INTERVAL_KINDS:
            raise ValueError(f"estimate {self.name!r} has an interval but interval_kind="
                             f"{self.interval_kind!r}; use one of {sorted(INTERVAL_KINDS)}")
        if not has_interval and self.interval_kind is not None:
            raise ValueError(f"estimate {self.name!r} has interval_kind="
                             f"{self.interval_kind!r} but no interval")

    @property
    def covers_truth(self) -> bool | None:
        """Whether the 95% interval contains the planted truth (None if either is absent)."""
        if self.truth is None or self.ci_low is None or self.ci_high is None:
            return None
        return self.ci_low <= self.truth <= self.ci_high

    def describe(self, decimals: int = 1) -> str:
        """`label: value unit (<interval name> low to high)` at fixed precision; only a
        confidence interval is written "95% CI"."""
        if self.value is None or (isinstance(self.value, float) and math.isnan(self.value)):
            return f"{self.label}: not available"
        text = f"{self.label}: {self.value:.{decimals}f} {self.unit}"
        if self.ci_low is not None and self.ci_high is not None:
            text += (f" ({interval_label(self.interval_kind)} {self.ci_low:.{decimals}f} to "
                     f"{self.ci_high:.{decimals}f})")
        return text


def _clean(value):
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, DECIMALS)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return value


def write_atomically(path: Path, text: str) -> Path:
    """Write text to `path` via a temporary file and rename, so no half-written file remains."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return path


class ResultsRecorder:
    """Collects a run's estimates and one-sentence verdict and writes them, with provenance,
    to `results.json`."""

    def __init__(self, ctx: RunContext):
        self.ctx = ctx
        self.estimates: dict[str, Estimate] = {}
        self.verdict: str | None = None
        self.unavailable_sections: dict[str, str] = {}

    def add(self, estimate: Estimate) -> Estimate:
        self.estimates[estimate.name] = estimate
        return estimate

    def extend(self, estimates) -> None:
        for estimate in estimates:
            self.add(estimate)

    def unavailable(self, section: str, reason: Unavailable | str) -> Unavailable:
        """Record that a section could not run (kept in `results.json` and shown in the pack
        index) and return the `Unavailable` the notebook displays."""
        result = reason if isinstance(reason, Unavailable) else Unavailable(str(reason))
        self.unavailable_sections[section] = self._portable(result.message)
        return result

    def _portable(self, text: str) -> str:
        """``text`` with this machine's data folder and project root replaced by their names,
        so the sidecar is the same on every machine."""
        if self.ctx.data_dir is not None:
            text = text.replace(str(self.ctx.data_dir), "<data_dir>")
        return text.replace(str(PROJECT_ROOT) + "/", "")

    def record_verdict(self, sentence: str) -> str:
        """Keep the run's verdict in one sentence (what the pack index shows beside the
        estimates); the notebook's verdict function writes it from the same estimates."""
        sentence = " ".join(str(sentence).split())
        if not sentence:
            raise ValueError("a verdict sentence cannot be empty")
        self.verdict = sentence
        return sentence

    def headline_text(self, decimals: int = 1) -> str:
        """Headline estimates, one per line, at fixed precision (what nbval checks)."""
        return "\n".join(e.describe(decimals) for e in self.estimates.values() if e.headline)

    def as_dict(self) -> dict:
        ctx = self.ctx
        from analysis_lib.data import fingerprint

        return _clean({
            "notebook": ctx.notebook,
            "la_code": ctx.la_code,
            "la_name": ctx.la_name,
            "data_source": ctx.data_source,
            "synthetic": ctx.synthetic,
            "parameters": {k: v for k, v in ctx.parameters.items() if k != "output_dir"},
            "results": [asdict(e) | {"covers_truth": e.covers_truth}
                        for e in self.estimates.values()],
            "verdict": self.verdict,
            **({"unavailable": [{"section": k, "message": v}
                                for k, v in self.unavailable_sections.items()]}
               if self.unavailable_sections else {}),
            "provenance": {
                **code_identity(),
                "data_fingerprint": fingerprint(ctx.data_source, ctx.data_dir),
            },
        })

    def write(self) -> Path:
        text = json.dumps(self.as_dict(), indent=2, sort_keys=True) + "\n"
        return write_atomically(self.ctx.output_dir / SIDECAR, text)
