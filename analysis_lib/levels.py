"""The interval level of every headline (95%, two-sided) and its critical values, in one
place: no module types 1.96 or 0.975 itself."""

from __future__ import annotations

from scipy import stats

LEVEL = 0.95


def z_value(level: float = LEVEL) -> float:
    """Two-sided standard normal critical value (1.959964 for 95%)."""
    return float(stats.norm.ppf(0.5 + level / 2))


def t_value(dof, level: float = LEVEL):
    """Two-sided Student t critical value(s) for ``dof`` degrees of freedom."""
    return stats.t.ppf(0.5 + level / 2, dof)


Z95 = z_value()
