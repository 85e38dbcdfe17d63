"""The distribution curve of SE MenPANRB 03/2023 (domain reference §5.5): each organisation
predikat, its edges (exactly 70 %, 60 %, 10 %: conforming) and one just past each edge, with the
exact message."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simerit.performance import rules
from simerit.performance.models import OrganisationPredikat, Predikat
from simerit.performance.rules import DistributionFinding

ORG = OrganisationPredikat
SB, BA, BP, KU, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)


def check(organisation, **counts):
    keyed = {Predikat(name): count for name, count in counts.items()}
    return rules.check_distribution(organisation=organisation, counts=keyed)


def messages(findings):
    return [finding.message for finding in findings]


def test_every_organisation_predikat_has_a_rule():
    assert set(rules.DISTRIBUTION_RULES) == set(OrganisationPredikat)


@pytest.mark.parametrize("organisation", list(OrganisationPredikat))
def test_an_empty_unit_has_no_findings(organisation):
    assert rules.check_distribution(organisation=organisation, counts={}) == []
    assert (
        rules.check_distribution(organisation=organisation, counts=dict.fromkeys(Predikat, 0)) == []
    )


# --- Istimewa: at most 70 % Sangat Baik


def test_istimewa_exactly_70_percent_sangat_baik_conforms():
    assert check(ORG.ISTIMEWA, sangat_baik=7, baik=3) == []
    assert check(ORG.ISTIMEWA, sangat_baik=70, baik=20, kurang=10) == []


def test_istimewa_example_from_the_brief():
    assert check(ORG.ISTIMEWA, sangat_baik=8, baik=2) == [
        DistributionFinding(
            SB,
            "8 dari 10 pegawai (80,0 %) berpredikat Sangat Baik; paling banyak 70 % untuk unit "
            "berpredikat Istimewa.",
        )
    ]


def test_istimewa_just_over_70_percent():
    assert messages(check(ORG.ISTIMEWA, sangat_baik=71, baik=29)) == [
        "71 dari 100 pegawai (71,0 %) berpredikat Sangat Baik; paling banyak 70 % untuk unit "
        "berpredikat Istimewa."
    ]


def test_a_share_just_over_the_bound_is_not_shown_as_the_bound():
    # 70,01 % would read 70,0 % with one decimal: more decimals are shown.
    assert messages(check(ORG.ISTIMEWA, sangat_baik=7001, baik=2999)) == [
        "7001 dari 10000 pegawai (70,01 %) berpredikat Sangat Baik; paling banyak 70 % untuk unit "
        "berpredikat Istimewa."
    ]


def test_istimewa_allows_any_other_mix():
    assert check(ORG.ISTIMEWA, baik=5, butuh_perbaikan=3, sangat_kurang=2) == []


# --- Baik: at most 70 % Baik; some Butuh Perbaikan and/or Kurang


def test_baik_exactly_70_percent_with_one_butuh_perbaikan_conforms():
    assert check(ORG.BAIK, baik=7, sangat_baik=2, butuh_perbaikan=1) == []
    assert check(ORG.BAIK, baik=7, sangat_kurang=2, kurang=1) == []


def test_baik_just_over_70_percent():
    assert check(ORG.BAIK, baik=71, kurang=29) == [
        DistributionFinding(
            BA,
            "71 dari 100 pegawai (71,0 %) berpredikat Baik; paling banyak 70 % untuk unit "
            "berpredikat Baik.",
        )
    ]


def test_baik_without_butuh_perbaikan_or_kurang():
    assert check(ORG.BAIK, baik=7, sangat_baik=3) == [
        DistributionFinding(
            None,
            "Tidak ada dari 10 pegawai yang berpredikat Butuh Perbaikan atau Kurang/Misconduct; "
            "unit berpredikat Baik harus memiliki sebagian pegawai dengan predikat tersebut.",
        )
    ]


def test_baik_with_both_rules_broken_lists_both_in_order():
    assert [f.predikat for f in check(ORG.BAIK, baik=9, sangat_baik=1)] == [BA, None]


# --- Butuh Perbaikan/Cukup: at least 60 % Butuh Perbaikan; at most 10 % Sangat Baik


def test_butuh_perbaikan_at_both_edges_conforms():
    assert check(ORG.BUTUH_PERBAIKAN, butuh_perbaikan=6, sangat_baik=1, baik=3) == []


def test_butuh_perbaikan_just_past_both_edges():
    assert messages(check(ORG.BUTUH_PERBAIKAN, butuh_perbaikan=59, sangat_baik=11, baik=30)) == [
        "11 dari 100 pegawai (11,0 %) berpredikat Sangat Baik; paling banyak 10 % untuk unit "
        "berpredikat Butuh Perbaikan/Cukup.",
        "59 dari 100 pegawai (59,0 %) berpredikat Butuh Perbaikan; paling sedikit 60 % untuk unit "
        "berpredikat Butuh Perbaikan/Cukup.",
    ]


def test_butuh_perbaikan_with_a_repeating_share():
    # 1 of 3 = 33,333… % is rounded half up to one decimal.
    findings = check(ORG.BUTUH_PERBAIKAN, butuh_perbaikan=1, baik=2)
    assert messages(findings) == [
        "1 dari 3 pegawai (33,3 %) berpredikat Butuh Perbaikan; paling sedikit 60 % untuk unit "
        "berpredikat Butuh Perbaikan/Cukup."
    ]
    assert messages(check(ORG.BUTUH_PERBAIKAN, butuh_perbaikan=2, baik=1)) == []  # 66,7 %


# --- Kurang: at least 60 % Kurang; at least 10 % Butuh Perbaikan; at most 10 % Sangat Baik


def test_kurang_at_every_edge_conforms():
    assert check(ORG.KURANG, kurang=6, butuh_perbaikan=1, sangat_baik=1, baik=2) == []


def test_kurang_just_past_every_edge():
    findings = check(ORG.KURANG, kurang=59, butuh_perbaikan=9, sangat_baik=11, sangat_kurang=21)
    assert findings == [
        DistributionFinding(
            SB,
            "11 dari 100 pegawai (11,0 %) berpredikat Sangat Baik; paling banyak 10 % untuk unit "
            "berpredikat Kurang.",
        ),
        DistributionFinding(
            KU,
            "59 dari 100 pegawai (59,0 %) berpredikat Kurang/Misconduct; paling sedikit 60 % untuk "
            "unit berpredikat Kurang.",
        ),
        DistributionFinding(
            BP,
            "9 dari 100 pegawai (9,0 %) berpredikat Butuh Perbaikan; paling sedikit 10 % untuk unit "
            "berpredikat Kurang.",
        ),
    ]


def test_kurang_without_butuh_perbaikan():
    assert messages(check(ORG.KURANG, kurang=10)) == [
        "0 dari 10 pegawai (0,0 %) berpredikat Butuh Perbaikan; paling sedikit 10 % untuk unit "
        "berpredikat Kurang."
    ]


# --- Sangat Kurang: at least 60 % Sangat Kurang; at least 10 % Kurang and/or Butuh Perbaikan;
# no Sangat Baik


def test_sangat_kurang_at_every_edge_conforms():
    assert check(ORG.SANGAT_KURANG, sangat_kurang=6, kurang=1, baik=3) == []
    assert check(ORG.SANGAT_KURANG, sangat_kurang=6, butuh_perbaikan=1, baik=3) == []
    # Kurang and Butuh Perbaikan count together: 5 % + 5 % = 10 %.
    assert check(ORG.SANGAT_KURANG, sangat_kurang=18, kurang=1, butuh_perbaikan=1) == []


def test_sangat_kurang_just_past_every_edge():
    findings = check(
        ORG.SANGAT_KURANG, sangat_kurang=59, kurang=5, butuh_perbaikan=4, sangat_baik=1, baik=31
    )
    assert findings == [
        DistributionFinding(
            SK,
            "59 dari 100 pegawai (59,0 %) berpredikat Sangat Kurang; paling sedikit 60 % untuk unit "
            "berpredikat Sangat Kurang.",
        ),
        DistributionFinding(
            None,
            "9 dari 100 pegawai (9,0 %) berpredikat Butuh Perbaikan atau Kurang/Misconduct; paling "
            "sedikit 10 % untuk unit berpredikat Sangat Kurang.",
        ),
        DistributionFinding(
            SB,
            "1 dari 100 pegawai (1,0 %) berpredikat Sangat Baik; unit berpredikat Sangat Kurang "
            "tidak boleh memiliki pegawai berpredikat Sangat Baik.",
        ),
    ]


# --- input


def test_stored_string_values_are_accepted():
    counts = {"sangat_baik": 8, "baik": 2}
    assert rules.check_distribution(organisation="istimewa", counts=counts) == check(  # type: ignore[arg-type]
        ORG.ISTIMEWA, sangat_baik=8, baik=2
    )


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        check(ORG.BAIK, baik=-1, kurang=3)


def test_an_unknown_predikat_is_refused():
    with pytest.raises(ValueError, match="is not a valid"):
        rules.check_distribution(organisation=ORG.BAIK, counts={"luar_biasa": 1})  # type: ignore[dict-item]


# --- properties

counts_strategy = st.dictionaries(st.sampled_from(Predikat), st.integers(0, 500))


@given(organisation=st.sampled_from(OrganisationPredikat), counts=counts_strategy, data=st.data())
def test_findings_do_not_depend_on_the_order_of_the_counts(organisation, counts, data):
    shuffled = dict(data.draw(st.permutations(list(counts.items()))))
    assert rules.check_distribution(organisation=organisation, counts=shuffled) == (
        rules.check_distribution(organisation=organisation, counts=counts)
    )


@given(
    organisation=st.sampled_from(OrganisationPredikat), counts=counts_strategy, k=st.integers(2, 9)
)
def test_only_shares_matter(organisation, counts, k):
    scaled = {predikat: count * k for predikat, count in counts.items()}
    broken = [
        f.predikat for f in rules.check_distribution(organisation=organisation, counts=counts)
    ]
    assert [
        f.predikat for f in rules.check_distribution(organisation=organisation, counts=scaled)
    ] == broken


@given(counts=counts_strategy)
def test_istimewa_warns_exactly_when_sangat_baik_exceeds_70_percent(counts):
    total = sum(counts.values())
    over = 10 * counts.get(SB, 0) > 7 * total
    findings = rules.check_distribution(organisation=ORG.ISTIMEWA, counts=counts)
    assert [f.predikat for f in findings] == ([SB] if over else [])


@given(counts=st.lists(st.sampled_from(Predikat), max_size=60))
def test_a_mapping_built_from_employees_gives_the_same_answer(counts):
    # A Counter of the employees' predikat (what a selector would produce) is a valid mapping.
    tally = Counter(counts)
    for organisation in OrganisationPredikat:
        assert rules.check_distribution(organisation=organisation, counts=tally) == (
            rules.check_distribution(organisation=organisation, counts=dict(tally))
        )
