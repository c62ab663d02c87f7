from analysis_lib.ofsted.transitions import (
    consecutive_pairs,
    transition_counts,
    transition_matrix,
    transition_summary,
)


def test_pairs_follow_conversion(history):
    inspections, schools = history
    pairs = consecutive_pairs(inspections, schools)
    got = {(r.urn, r.previous_grade, r.grade, r.across_conversion) for r in pairs.itertuples()}
    assert got == {(1, 3, 2, False), (11, 2, 1, True), (2, 4, 3, False)}
    assert consecutive_pairs(inspections, None).shape[0] == 3


def test_transition_counts_by_period(history):
    inspections, schools = history
    pairs = consecutive_pairs(inspections, schools)
    counts = transition_counts(pairs, 335, "2008-01-01", "2012-01-01")
    assert counts["count"].sum() == 3 and len(counts) == 48
    during = transition_matrix(counts, "during")
    assert during.loc["Requires improvement", "Good"] == 1  # 2010: 3 -> 2
    before = transition_matrix(counts, "before")
    assert before.to_numpy().sum() == 0
    after = transition_matrix(counts, "after")
    assert after.loc["Good", "Outstanding"] == 1
    summary = transition_summary(counts).set_index("period")
    assert summary.loc["during", "transitions"] == 2
    assert summary.loc["during", "improved_pct"] == 100
    secondary = transition_counts(pairs, 335, "2008-01-01", "2012-01-01", phase="secondary")
    assert secondary["count"].sum() == 1
