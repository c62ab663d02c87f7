"""Configuration of the synthetic England: sizes, years and the planted effects."""

from __future__ import annotations

from dataclasses import dataclass, field

GENERATOR_VERSION = "1.2.0"


@dataclass(frozen=True)
class SynthConfig:
    """Everything the generator can vary. Effects are in the units their names say.

    ``school_scale`` shrinks the number of schools (1.0 = England's ~16,800 primary and
    ~3,400 secondary) and ``family_scale`` the number of Troubled Families records; tests
    use small values for speed.
    """

    first_year: int = 2000
    last_year: int = 2025
    school_scale: float = 1.0
    family_scale: float = 1.0
    focus_la: int = 335
    # 1. Outsourcing of Walsall's education services (Serco, Dec 2002 - Mar 2013): shift in
    # the latent (probit) inspection outcome of the focus LA's schools inspected in the window.
    outsourcing_start: str = "2002-12-01"
    outsourcing_end: str = "2013-03-31"
    outsourcing_probit_shift: float = 0.18
    # 2. Assessment timeliness (% within 45 working days) on workforce, within LA and year.
    beta_caseload: float = -0.8  # percentage points per case per FTE
    beta_agency: float = -0.15  # percentage points per percentage point of agency rate
    timeliness_noise_sd: float = 8.0  # percentage points (AR(1) within an LA, see workforce.py)
    # 3. Troubled Families: effect on the yearly probability of each outcome, in years >= start.
    tf_effects_pp: dict[str, float] = field(default_factory=lambda: {
        "child_entered_care": -3.0, "youth_custody": -1.0,
        "persistent_absence": -2.0, "out_of_work_benefits": 0.0})
    tf_families_per_la: int = 120
    tf_families_focus_la: int = 2500
    # 4. KS2 disadvantage gap (pp, % meeting the measure) of the focus LA in the last year,
    # and its LA effect (probit shift of every pupil's latent attainment).
    focus_gap_pp: float = 24.0
    focus_la_effect: float = -0.12
    pupil_level_years: tuple[int, ...] = (2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018,
                                          2019, 2022, 2023, 2024, 2025)
    # 5. Failure scenarios for the validation harness (`analysis_lib.validation.scenarios`),
    # all off by default. Their random numbers come from a stream of their own, so switching
    # one on leaves every other number drawn for the same seed unchanged.
    la_year_shock_sd: float = 0.0  # probit shock shared by an LA's pupils / inspections a year
    tf_la_year_shock_pp: float = 0.0  # pp shock to every family of an LA in a year (SD)
    ks2_school_year_sd: float = 0.0  # probit shock shared by a school's KS2 cohort (SD)
    focus_ofsted_trend: float = 0.0  # focus LA's own inspection trend, probit units per year
    outsourcing_ramp_years: float = 0.0  # years for the outsourcing shift to reach full size
    tf_unobserved_selection: float = 0.0  # log-odds of joining per SD of an unrecorded risk
    tf_unobserved_risk_pp: float = 0.0  # pp of each outcome's untreated chance per SD of it

    def scenario_switches(self) -> dict[str, float]:
        """The failure-scenario switches that are on (empty for the default England)."""
        names = ("la_year_shock_sd", "tf_la_year_shock_pp", "ks2_school_year_sd",
                 "focus_ofsted_trend", "outsourcing_ramp_years", "tf_unobserved_selection",
                 "tf_unobserved_risk_pp")
        return {name: getattr(self, name) for name in names if getattr(self, name)}
