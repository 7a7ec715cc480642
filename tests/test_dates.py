"""Tests for claimgraph.extract.dates (all example sentences are made up for these tests)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.extract.dates import find_dates, normalise_date
from claimgraph.models import DateMention

THU = date(2024, 1, 4)  # a Thursday
SAT = date(2024, 1, 6)  # a Saturday
WED = date(2024, 1, 10)  # a Wednesday


def norm(expr: str, published: date | None = None):
    return normalise_date(expr, published)


def texts(sentence: str, published: date | None = None) -> list[str]:
    return [m.text for m in find_dates(sentence, published, "a1")]


def one(sentence: str, published: date | None = None) -> DateMention:
    found = find_dates(sentence, published, "a1")
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------ absolute dates


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("January 2, 2024", ("2024-01-02", "day", None, False)),
        ("2 January 2024", ("2024-01-02", "day", None, False)),
        ("Jan. 2, 2024", ("2024-01-02", "day", None, False)),
        ("Jan 2 2024", ("2024-01-02", "day", None, False)),
        ("the 2nd of January, 2024", ("2024-01-02", "day", None, False)),
        ("January 2nd, 2024", ("2024-01-02", "day", None, False)),
        ("Tuesday, January 2, 2024", ("2024-01-02", "day", None, False)),
        ("2024-01-02", ("2024-01-02", "day", None, False)),
        ("2024/01/02", ("2024-01-02", "day", None, False)),
        ("December 30, 2023", ("2023-12-30", "day", None, False)),
        ("Sept. 9, 1999", ("1999-09-09", "day", None, False)),
        ("September 2022", ("2022-09", "month", None, False)),
        ("Sept. 2022", ("2022-09", "month", None, False)),
        ("May of 2021", ("2021-05", "month", None, False)),
        ("in 2023", ("2023", "year", None, False)),
        ("2023", ("2023", "year", None, False)),
        ("early December 2023", ("2023-12", "month", None, False)),
        ("late December 2023", ("2023-12", "month", None, False)),
        ("mid-December 2023", ("2023-12", "month", None, False)),
        ("the end of March 2022", ("2022-03", "month", None, False)),
        ("January 2-5, 2024", ("2024-01-02", "range", "2024-01-05", False)),
        ("2-5 January 2024", ("2024-01-02", "range", "2024-01-05", False)),
    ],
)
def test_absolute_without_publication_date(expr, expected):
    assert norm(expr) == expected


def test_absolute_dates_ignore_the_publication_date():
    assert norm("January 2, 2024", WED) == ("2024-01-02", "day", None, False)
    assert norm("September 2022", WED) == ("2022-09", "month", None, False)


def test_impossible_days_are_not_dates():
    assert norm("February 30, 2024") is None
    assert norm("2024-02-30") is None
    assert norm("2024-13-01") is None
    assert norm("February 29, 2024") == ("2024-02-29", "day", None, False)


# -------------------------------------------------------------- year-level spans


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        # early = Jan-Apr, mid = Apr-Sep, late = Sep-Dec (documented choice)
        ("mid-2023", ("2023-04", "range", "2023-09", False)),
        ("mid 2023", ("2023-04", "range", "2023-09", False)),
        ("the middle of 2023", ("2023-04", "range", "2023-09", False)),
        ("early 2024", ("2024-01", "range", "2024-04", False)),
        ("late 2022", ("2022-09", "range", "2022-12", False)),
        ("the end of 2022", ("2022-09", "range", "2022-12", False)),
        ("the first half of 2023", ("2023-01", "range", "2023-06", False)),
        ("the third quarter of 2023", ("2023-07", "range", "2023-09", False)),
        ("Q4 2023", ("2023-10", "range", "2023-12", False)),
        ("the summer of 2023", ("2023-06", "range", "2023-08", False)),
        ("summer 2023", ("2023-06", "range", "2023-08", False)),
        ("the autumn of 2021", ("2021-09", "range", "2021-11", False)),
        ("winter 2022-23", ("2022-12", "range", "2023-02", False)),
        ("the 1990s", ("1990", "range", "1999", False)),
        ("the late 1980s", ("1987", "range", "1989", False)),
        ("2019-2021", ("2019", "range", "2021", False)),
        ("2022-23", ("2022", "range", "2023", False)),
    ],
)
def test_year_level_spans(expr, expected):
    assert norm(expr) == expected


# ----------------------------------------------------------------------- ranges


def test_between_late_december_and_late_february_is_one_range():
    sentence = "Shelling intensified between late December and late February, officials said."
    m = one(sentence, date(2024, 3, 10))
    assert m.text == "between late December and late February"
    assert (m.value, m.granularity, m.end_value, m.relative) == (
        "2023-12",
        "range",
        "2024-02",
        True,
    )
    assert sentence[m.start : m.end] == m.text


def test_range_without_publication_date_is_unresolved():
    assert norm("between late December and late February") == (None, "unresolved", None, True)


@pytest.mark.parametrize(
    ("expr", "published", "expected"),
    [
        ("from March to May 2024", None, ("2024-03", "range", "2024-05", False)),
        ("March to May 2024", None, ("2024-03", "range", "2024-05", False)),
        ("from December to February 2024", None, ("2023-12", "range", "2024-02", False)),
        ("from December 2023 to February", None, ("2023-12", "range", "2024-02", False)),
        ("between 2019 and 2021", None, ("2019", "range", "2021", False)),
        ("from 2019 to 2021", None, ("2019", "range", "2021", False)),
        ("from May 2021 to June 2022", None, ("2021-05", "range", "2022-06", False)),
        (
            "from January 2 to January 5, 2024",
            None,
            ("2024-01-02", "range", "2024-01-05", False),
        ),
        ("from March to May", date(2024, 6, 1), ("2024-03", "range", "2024-05", True)),
        ("from the summer of 2022 to early 2023", None, ("2022-06", "range", "2023-04", False)),
    ],
)
def test_ranges(expr, published, expected):
    assert norm(expr, published) == expected


def test_backwards_ranges_are_not_joined():
    assert texts("from May 2024 to March 2023") == ["May 2024", "March 2023"]
    assert texts("from 2021 to 2019") == ["2021"]  # a cue-less year only counts in a range


def test_longest_expression_wins():
    assert texts("The accord was signed on January 2, 2024 in Geneva.") == ["January 2, 2024"]
    assert texts("Talks on Thursday, January 4, 2024 failed.") == ["Thursday, January 4, 2024"]
    assert texts("Troops left from March to May 2024.") == ["from March to May 2024"]


# -------------------------------------------------------------- relative dates


def test_in_july_is_the_most_recent_july():
    assert norm("in July", date(2023, 11, 11)) == ("2023-07", "month", None, True)
    assert norm("in July", date(2023, 7, 2)) == ("2023-07", "month", None, True)
    assert norm("in July", date(2023, 6, 30)) == ("2022-07", "month", None, True)


def test_late_december_without_year_in_january():
    assert norm("late December", date(2024, 1, 15)) == ("2023-12", "month", None, True)
    assert norm("early June", date(2024, 8, 1)) == ("2024-06", "month", None, True)


def test_day_without_year_takes_the_month_rule():
    assert norm("March 3", date(2023, 11, 11)) == ("2023-03-03", "day", None, True)
    assert norm("on 20 November", date(2023, 11, 11)) == ("2023-11-20", "day", None, True)
    assert norm("December 1", date(2023, 11, 11)) == ("2022-12-01", "day", None, True)


def test_weekday_on_the_publication_day_is_that_day():
    assert norm("on Thursday", THU) == ("2024-01-04", "day", None, True)
    assert norm("Thursday", THU) == ("2024-01-04", "day", None, True)


def test_weekday_is_the_most_recent_one():
    assert norm("on Thursday", SAT) == ("2024-01-04", "day", None, True)
    assert norm("on Friday", THU) == ("2023-12-29", "day", None, True)
    assert norm("Thursday night", SAT) == ("2024-01-04", "day", None, True)


def test_last_next_this_weekday():
    assert norm("last Thursday", THU) == ("2023-12-28", "day", None, True)
    assert norm("last Thursday", SAT) == ("2024-01-04", "day", None, True)
    assert norm("this past Thursday", SAT) == ("2024-01-04", "day", None, True)
    assert norm("next Thursday", THU) == ("2024-01-11", "day", None, True)
    assert norm("next Friday", THU) == ("2024-01-05", "day", None, True)
    assert norm("this Friday", WED) == ("2024-01-12", "day", None, True)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("yesterday", ("2024-01-09", "day", None, True)),
        ("today", ("2024-01-10", "day", None, True)),
        ("tomorrow", ("2024-01-11", "day", None, True)),
        ("last night", ("2024-01-09", "day", None, True)),
        ("this morning", ("2024-01-10", "day", None, True)),
        ("yesterday afternoon", ("2024-01-09", "day", None, True)),
        ("the day before yesterday", ("2024-01-08", "day", None, True)),
        ("three days ago", ("2024-01-07", "day", None, True)),
        ("10 days ago", ("2023-12-31", "day", None, True)),
        # weeks are Monday..Sunday ranges
        ("last week", ("2024-01-01", "range", "2024-01-07", True)),
        ("this week", ("2024-01-08", "range", "2024-01-14", True)),
        ("next week", ("2024-01-15", "range", "2024-01-21", True)),
        ("two weeks ago", ("2023-12-25", "range", "2023-12-31", True)),
        ("a week ago", ("2024-01-01", "range", "2024-01-07", True)),
        ("the weekend", ("2024-01-06", "range", "2024-01-07", True)),
        ("last month", ("2023-12", "month", None, True)),
        ("this month", ("2024-01", "month", None, True)),
        ("next month", ("2024-02", "month", None, True)),
        ("three months ago", ("2023-10", "month", None, True)),
        ("late last month", ("2023-12", "month", None, True)),
        ("last year", ("2023", "year", None, True)),
        ("this year", ("2024", "year", None, True)),
        ("next year", ("2025", "year", None, True)),
        ("two years ago", ("2022", "year", None, True)),
        ("late last year", ("2023-09", "range", "2023-12", True)),
        ("earlier this year", ("2024-01", "month", None, True)),
        ("later this year", ("2024-01", "range", "2024-12", True)),
        ("earlier this month", ("2024-01-01", "range", "2024-01-10", True)),
        ("earlier this week", ("2024-01-08", "range", "2024-01-10", True)),
        ("the past two weeks", ("2023-12-27", "range", "2024-01-10", True)),
        ("the past year", ("2023-01", "range", "2024-01", True)),
        ("last summer", ("2023-06", "range", "2023-08", True)),
        ("this winter", ("2023-12", "range", "2024-02", True)),
        ("in the spring", ("2023-03", "range", "2023-05", True)),
        ("last July", ("2023-07", "month", None, True)),
        ("next March", ("2024-03", "month", None, True)),
    ],
)
def test_relative_expressions(expr, expected):
    assert norm(expr, WED) == expected


def test_earlier_this_year_spans_months():
    assert norm("earlier this year", date(2024, 3, 10)) == ("2024-01", "range", "2024-03", True)


def test_month_crossing_year_boundaries():
    assert norm("next month", date(2024, 12, 6)) == ("2025-01", "month", None, True)
    assert norm("last month", date(2024, 1, 31)) == ("2023-12", "month", None, True)


def test_relative_without_publication_date_is_unresolved():
    for expr in (
        "last month",
        "on Thursday",
        "yesterday",
        "in July",
        "two weeks ago",
        "earlier this year",
        "late December",
        "March 3",
        "last summer",
    ):
        assert norm(expr) == (None, "unresolved", None, True), expr


def test_unresolved_mentions_are_still_reported():
    m = one("The envoy arrived last month and left.", None)
    assert (m.text, m.value, m.granularity) == ("last month", None, "unresolved")


# -------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "expr",
    ["10", "at least 10", "900 kilometers", "Tu-160", "Hwasong-18", "1,500", "May", "the army"],
)
def test_normalise_rejects_non_dates(expr):
    if expr == "May":  # a bare month handed over on its own is a date (unresolved here)
        assert norm(expr) == (None, "unresolved", None, True)
    else:
        assert norm(expr) is None


def test_no_false_positives_in_numbers():
    assert texts("It fired at least 10 missiles with a 900 km range and the Hwasong-18.") == []
    assert texts("Two Tu-160 bombers flew 1,500 km with 2,024 crew; $2024 was spent.") == []
    assert texts("Section 2019-B of the code and page 1999x.") == []


def test_names_that_look_like_dates():
    s = "Theresa May met April Ryan on Super Tuesday, USA Today and the Sunday Times said."
    assert texts(s, WED) == []
    assert texts("He told the Mail on Sunday that Good Friday was calm.", WED) == []


def test_ambiguous_month_names_need_a_cue():
    assert texts("Kim met Theresa May in May.", WED) == ["May"]
    m = one("Kim met Theresa May in May.", WED)
    assert m.start == len("Kim met Theresa May in ")
    assert texts("Prices may fall in March.", WED) == ["March"]
    assert texts("The deal was agreed in July and August.", WED) == ["July", "August"]


def test_bare_years_need_a_cue():
    assert texts("About 2000 people fled.") == []
    assert texts("Since 2014, the border has been closed.") == ["2014"]
    assert texts("In 2019, 2020 and 2022 the drills continued.") == ["2019", "2020", "2022"]
    assert texts("© 2024 Globe Echo") == ["2024"]
    assert texts("Copyright 2023 Globe Echo") == ["2023"]


def test_year_followed_by_comma_is_a_year():
    assert texts("The 2022, 2023 budgets") == ["2022", "2023"]


def test_narrative_relative_expressions_are_not_anchored():
    assert texts("The next day, troops withdrew; two days later they returned.", WED) == []
    assert texts("in the last week of January", WED) == ["January"]


# ------------------------------------------------------------------- offsets


def test_offsets_and_spans_exclude_prepositions():
    s = "North Korea fired a missile on Thursday, officials said on 5 January 2024."
    found = find_dates(s, SAT, "k9")
    assert [m.text for m in found] == ["Thursday", "5 January 2024"]
    for m in found:
        assert s[m.start : m.end] == m.text
        assert m.article_key == "k9"
    assert found[0].start == s.index("Thursday")


def test_offsets_with_non_ascii_text():
    s = "Le président — «yesterday» — said in 2021…\u00a0on\u00a0Jan.\u00a02,\u00a02024 😀 today"
    found = find_dates(s, WED, "k")
    assert [m.text for m in found] == ["yesterday", "2021", "Jan.\u00a02,\u00a02024", "today"]
    for m in found:
        assert s[m.start : m.end] == m.text


def test_expression_at_the_very_start_and_end():
    assert texts("Yesterday") == ["Yesterday"]
    assert texts("September 2022") == ["September 2022"]
    assert texts("2024-01-02") == ["2024-01-02"]


def test_text_of_mentions_in_an_article():
    article = (
        "PYONGYANG - The launch on Thursday was the third since early January. "
        "Officials said in July 2023 that tests would continue, and last month the "
        "leader visited a factory. A report published on 2 February said transfers went "
        "on through the autumn of 2023. Talks are set for March 14, 2024."
    )
    found = find_dates(article, date(2024, 3, 9), "art")
    got = [(m.text, m.value, m.granularity, m.end_value) for m in found]
    assert got == [
        ("Thursday", "2024-03-07", "day", None),
        ("early January", "2024-01", "month", None),
        ("July 2023", "2023-07", "month", None),
        ("last month", "2024-02", "month", None),
        ("2 February", "2024-02-02", "day", None),
        ("the autumn of 2023", "2023-09", "range", "2023-11"),
        ("March 14, 2024", "2024-03-14", "day", None),
    ]
    for m in found:
        assert article[m.start : m.end] == m.text


# -------------------------------------------------------------- normalise_date


def test_normalise_accepts_prepositions_and_punctuation():
    assert norm("on Thursday,", SAT) == ("2024-01-04", "day", None, True)
    assert norm("  in 2023. ") == ("2023", "year", None, False)
    assert norm("since September 2022") == ("2022-09", "month", None, False)


def test_normalise_rejects_two_expressions():
    assert norm("January 2024 and March 2025") is None


def test_normalise_falls_back_to_dateparser_for_absolute_strings():
    assert norm("2024-01-02T10:00:00Z") == ("2024-01-02", "day", None, False)
    assert norm("Tuesday, 2 January 2024 10:00 GMT") == ("2024-01-02", "day", None, False)
    # numeric day/month order is never guessed
    assert norm("02/01/2024") is None


def test_extreme_publication_dates_do_not_raise():
    for pub in (date.min, date.max, date(1, 1, 7), date(9999, 12, 25)):
        for expr in (
            "last year",
            "next week",
            "yesterday",
            "tomorrow",
            "in July",
            "two years ago",
            "the past decade",
            "between December and February",
        ):
            result = norm(expr, pub)
            assert result is not None
            value, gran, end_value, _ = result
            assert (value is None) == (gran == "unresolved")


# ------------------------------------------------------------ property tests

_FRAGMENTS = (
    "January|May|Jan.|Sept|Thursday|last|this|next|week|month|year|ago|two|in|from|between|and|to"
    "|early|late|mid-|the|end|of|summer|winter|2024|1999|2022-23|31|2nd|-|,|.| |  |\n|yesterday"
    "|today|©|Q3|1990s|2024-02-30|30|days|weekend|past|earlier|\u00a0|é|😀"
).split("|")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map(" ".join),
        st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join),
    ),
    published=st.one_of(st.none(), st.dates()),
)
def test_find_dates_never_raises_and_offsets_are_consistent(text, published):
    found = find_dates(text, published, "p")
    previous_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end  # sorted, no overlaps
        previous_end = m.end
        assert m.granularity in ("day", "month", "year", "range", "unresolved")
        assert (m.value is None) == (m.granularity == "unresolved")
        assert (m.end_value is not None) == (m.granularity == "range")
        if published is None and m.granularity == "unresolved":
            assert m.relative


@settings(max_examples=200, deadline=None)
@given(published=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_weekday_resolution_property(published):
    for name, wd in (("Monday", 0), ("Thursday", 3), ("Sunday", 6)):
        value = norm(f"on {name}", published)
        assert value is not None and value[0] is not None
        d = date.fromisoformat(value[0])
        assert d.weekday() == wd
        assert 0 <= (published - d).days < 7


# ------------------------------------------------------------------ performance


