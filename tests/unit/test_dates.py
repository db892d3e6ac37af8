"""Date phrase resolution (geodata.dates)."""

from datetime import date, timedelta

import pytest

from geodata.dates import default_date, event_dates, find_dates, latest_weekday

SUN = date(2025, 6, 15)  # a Sunday


def one(text, published=SUN):
    phrases = event_dates(text, published)
    assert phrases, text
    p = phrases[0]
    return p.date, p.date_end, p.precision


def test_weekday_is_latest_on_or_before_publication():
    assert one("Guards clashed on Friday near the gate.") == (date(2025, 6, 13), None, "day")
    assert one("Guards clashed on Sunday near the gate.") == (date(2025, 6, 15), None, "day")
    assert latest_weekday(0, SUN) == date(2025, 6, 9)


def test_late_weekday_and_weekday_night():
    d, end, precision = one("Firing began late Thursday along the line.")
    assert (d, precision) == (date(2025, 6, 12), "day")
    assert find_dates("Firing began late Thursday.", SUN)[0].night
    assert one("They traded fire on Friday night.") == (date(2025, 6, 13), date(2025, 6, 14), "day")


def test_overnight_and_last_night_span_two_days():
    assert one("Shells fell overnight on two villages.") == (date(2025, 6, 14), SUN, "day")
    assert one("Jets struck last night.") == (date(2025, 6, 14), SUN, "day")


def test_a_night_that_ran_until_the_small_hours_of_a_day_began_the_day_before():
    started = "The fighting broke out shortly after 10 p.m. and went on until around 3 a.m. on Friday."
    assert one(started) == (date(2025, 6, 12), date(2025, 6, 13), "day")
    # without an evening start the day named is the day: "from the early hours until 5 am this morning"
    assert one("The fighting went on from the early hours until 5 a.m. on Friday.") == (
        date(2025, 6, 13),
        None,
        "day",
    )
    assert one("The gate stayed shut until Friday, after 10 p.m. talks.") == (date(2025, 6, 13), None, "day")
    assert one("The exchange of fire continued into the early hours of Friday.") == (
        date(2025, 6, 12),
        date(2025, 6, 13),
        "day",
    )
    assert one("Shells fell in the early hours of Friday.") == (date(2025, 6, 13), None, "day")


def test_that_day_is_the_day_named_before():
    # "earlier that evening" after a sentence about Friday is Friday; with no day named, no day
    friday = date(2025, 6, 13)
    (p,) = find_dates("Mortar fire had hit two posts earlier that evening.", SUN, friday)
    assert (p.date, p.precision) == (friday, "day")
    (p,) = find_dates("Shells fell on Friday and guards returned fire later that night.", SUN)[1:]
    assert p.date == friday
    assert [q.date for q in find_dates("The gate was shut later that day.", SUN)] == [None]


def test_yesterday_today_previous_day():
    assert one("Troops clashed yesterday.") == (date(2025, 6, 14), None, "day")
    assert one("A mortar hit the post this morning.") == (SUN, None, "day")
    # "the previous day" relative to the statement day named in the sentence
    text = "Officials said on Thursday that the gate was shut the previous day."
    phrases = find_dates(text, SUN)
    assert phrases[0].statement  # "said on Thursday" dates the statement
    assert [p.date for p in event_dates(text, SUN)] == [date(2025, 6, 11)]


def test_week_precision_phrases():
    for text in [
        "Strikes hit earlier this week.",
        "Recent strikes hit the area.",
        "In recent days, posts were hit.",
    ]:
        _, _, precision = one(text)
        assert precision == "week", text
    d, _, precision = one("The gate was closed last week.")
    assert (d, precision) == (date(2025, 6, 8), "week")


def test_days_ago_and_absolute_and_month():
    assert one("Men were intercepted four days ago.") == (date(2025, 6, 11), None, "day")
    assert one("A drone struck a car on 2 June.") == (date(2025, 6, 2), None, "day")
    assert one("It happened on March 3, 2023.") == (date(2023, 3, 3), None, "day")
    assert one("The crossing was closed in February.") == (date(2025, 2, 1), None, "month")
    assert one("The crossing was closed in August.") == (
        date(2024, 8, 1),
        None,
        "month",
    )  # after June: last year


def test_may_the_modal_is_not_a_month():
    assert event_dates("Talks may resume soon.", SUN) == []
    assert event_dates("Troops may have crossed in May.", SUN)[0].precision == "month"


def test_unknown_publication_only_absolute_dates_resolve():
    assert event_dates("Troops clashed yesterday.", None) == []
    assert event_dates("They clashed on 4 May 2024.", None)[0].date == date(2024, 5, 4)
    assert default_date(None, False) == (None, None, "unknown")


def test_default_dates():
    assert default_date(SUN, False) == (SUN, None, "day")
    assert default_date(SUN, True)[2] == "week"


def test_vague_phrases_ignored():
    assert event_dates("The worst fighting in recent months.", SUN) == []


def test_at_night_is_the_night_before_publication():
    assert one("Video showed gunfire lighting up the night sky.") == (date(2025, 6, 14), SUN, "day")


def test_spelled_out_day_counts_up_to_a_month():
    from geodata.dates import event_dates

    pub = date(2026, 8, 14)
    found = {
        p.text.lower(): p.date
        for p in event_dates("Eighteen days ago a drone struck. Twenty-one days ago too.", pub)
    }
    assert found["eighteen days ago"] == date(2026, 7, 27)
    assert found["twenty-one days ago"] == date(2026, 7, 24)


def test_fortnight_and_running_counts():
    from geodata.dates import event_dates

    pub = date(2026, 9, 3)
    found = {
        p.text.lower(): p
        for p in event_dates("Shut a fortnight ago. Trade remains suspended for a third week.", pub)
    }
    assert found["a fortnight ago"].date == date(2026, 8, 20) and found["a fortnight ago"].precision == "week"
    third = found["for a third week"]
    assert (third.date, third.date_end, third.precision) == (date(2026, 8, 14), date(2026, 8, 20), "week")


def test_the_previous_day_follows_the_day_the_text_last_named():
    from geodata.dates import event_dates

    pub = date(2026, 5, 18)
    (p,) = event_dates("The previous day, shells landed in the village.", pub, previous=date(2026, 5, 17))
    assert p.date == date(2026, 5, 16)
    (p,) = event_dates("The previous day, shells landed in the village.", pub)
    assert p.date == date(2026, 5, 17)


def test_last_month_is_the_previous_calendar_month():
    assert one("Guards exchanged fire near the gate last month.") == (date(2025, 5, 1), None, "month")
    assert one("Guards exchanged fire near the gate last month.", date(2025, 1, 9)) == (
        date(2024, 12, 1),
        None,
        "month",
    )


def test_days_counted_from_a_day_the_sentence_names():
    # "closed on 3 June, a day after guards clashed": the clash is the day before 3 June
    found = [
        (p.text, p.date)
        for p in event_dates("The gate was closed on 3 June, a day after guards clashed.", SUN)
    ]
    assert found == [("3 June", date(2025, 6, 3)), ("a day after", date(2025, 6, 2))]
    found = [
        (p.text, p.date) for p in event_dates("Shells fell on Monday, two days before talks began.", SUN)
    ]
    assert found == [("on Monday", date(2025, 6, 9)), ("two days before", date(2025, 6, 11))]
    # standing alone, the count runs forward / backward from that day
    assert [p.date for p in event_dates("The gate shut on 3 June and reopened two days later.", SUN)][
        -1
    ] == date(2025, 6, 5)
    assert [p.date for p in event_dates("The gate shut on 3 June; a day earlier, guards clashed.", SUN)][
        -1
    ] == date(2025, 6, 2)
    # with no day named before it, it dates nothing
    assert event_dates("Two days later, the gate reopened.", SUN) == []


def test_part_of_a_month_is_its_best_guess_day_at_week_precision():
    # early -> 5th, mid -> 15th, late / end of -> 25th (GOLD_FORMAT section 7: best guess as date)
    assert one("Guards traded fire near the gate late last month.") == (date(2025, 5, 25), None, "week")
    assert one("Shelling hit the valley early last month.") == (date(2025, 5, 5), None, "week")
    assert one("Two posts changed hands in mid-April.") == (date(2025, 4, 15), None, "week")
    assert one("Villagers fled in late March after the shelling.") == (date(2025, 3, 25), None, "week")
    assert one("The gate was shut at the end of February 2024.") == (date(2024, 2, 25), None, "week")
    # a bare month keeps the 1st at precision month; a part not yet reached is capped at publication
    assert one("Villagers fled in March.") == (date(2025, 3, 1), None, "month")
    assert one("Fighting flared in late June.") == (SUN, None, "week")


def test_previous_night_counts_from_the_day_the_sentence_names():
    # "closed on Thursday after ... the previous night": Wednesday night, into Thursday
    found = {
        p.text: (p.date, p.date_end, p.night)
        for p in event_dates(
            "The gate was closed on Thursday after guards traded fire the previous night.", SUN
        )
    }
    assert found["on Thursday"][0] == date(2025, 6, 12)
    assert found["the previous night"] == (date(2025, 6, 11), date(2025, 6, 12), True)
    found = {
        p.text: p.date for p in event_dates("Trade stopped on 10 June after a clash the night before.", SUN)
    }
    assert found["the night before"] == date(2025, 6, 9)
    found = {
        p.text: p.date
        for p in event_dates("Posts were shelled on Friday; the previous evening, a drone was seen.", SUN)
    }
    assert found["the previous evening"] == date(2025, 6, 12)


def test_earlier_as_an_adjective_is_no_date():
    assert event_dates("Guards called it a breach of an earlier understanding.", SUN) == []
    assert event_dates("They cited the earlier agreement on the fence.", SUN) == []
    assert one("Earlier, guards exchanged fire at the gate.")[2] == "week"


def test_earlier_this_month_is_the_month_only():
    assert one("Guards exchanged fire near the gate earlier this month.") == (date(2025, 6, 1), None, "month")


def test_last_and_this_past_month_name_the_latest_such_month_before_publication():
    oct_article = date(2026, 10, 21)
    # "last October" in an October article: a year before, not this month
    assert one("Pakistani jets struck Kabul last October.", oct_article) == (date(2025, 10, 1), None, "month")
    assert one("Last July, shells hit Bajaur.", oct_article) == (date(2026, 7, 1), None, "month")
    assert one("This past March, shells hit Bajaur.", date(2026, 7, 6)) == (date(2026, 3, 1), None, "month")


def test_a_month_of_last_year():
    assert one("Clashes shut the route in October last year.", date(2027, 11, 4)) == (
        date(2026, 10, 1),
        None,
        "month",
    )
    assert one("The worst fighting since October last year broke out.", date(2027, 3, 4)) == (
        date(2026, 10, 1),
        None,
        "month",
    )


def test_a_day_of_last_year():
    assert one("The strike on 12 October last year killed five.", date(2025, 11, 20)) == (
        date(2024, 10, 12),
        None,
        "day",
    )


def test_running_day_count_ends_on_the_day_the_sentence_names():
    # invented: Thursday 11 June 2026; "on Tuesday" is 9 June, the second day of the closure
    pub = date(2026, 6, 11)
    found = {
        p.text: p for p in find_dates("The gate stayed shut for the second consecutive day on Tuesday.", pub)
    }
    run = found["for the second consecutive day"]
    assert (run.date, run.date_end, run.precision) == (date(2026, 6, 8), date(2026, 6, 9), "day")


def test_running_day_count_without_a_day_ends_on_publication():
    pub = date(2026, 6, 11)
    (run,) = find_dates("Trucks queued as the crossing stayed closed for a third day.", pub)
    assert (run.date, run.date_end) == (date(2026, 6, 9), pub)


def test_long_running_day_count_dates_only_the_named_day():
    # a run longer than a week is told day by day: the sentence reports Tuesday's episode
    pub = date(2026, 6, 11)
    found = {p.text: p for p in find_dates("Shelling went on for the 12th straight day on Tuesday.", pub)}
    run = found["for the 12th straight day"]
    assert (run.date, run.date_end) == (date(2026, 6, 9), None)


@pytest.mark.parametrize(
    "text, night",
    [
        ("Forces shelled the village during the night between Tuesday and Wednesday.", date(2025, 10, 21)),
        ("Forces shelled the village late at night on Monday.", date(2025, 10, 20)),
        ("Forces shelled the village overnight Tuesday into Wednesday.", date(2025, 10, 21)),
        # no day named after it: the night before publication
        ("Forces shelled the village last night.", date(2025, 10, 23)),
    ],
)
def test_a_night_is_the_night_of_the_day_named_after_it(text, night):
    first = find_dates(text, date(2025, 10, 24))[0]
    assert (first.date, first.date_end) == (night, night + timedelta(days=1))


@pytest.mark.parametrize(
    "text, day",
    [
        ("Forces shelled the village on Sunday, 12 October 2025, officials said.", date(2025, 10, 12)),
        ("Forces shelled the village on Thursday, September 5, officials said.", date(2025, 9, 5)),
    ],
)
def test_a_weekday_with_a_date_in_apposition_is_that_date(text, day):
    assert {p.date for p in find_dates(text, date(2025, 10, 24))} == {day}


@pytest.mark.parametrize(
    "text, day",
    [
        ("Forces shelled the village on 2025-10-12.", date(2025, 10, 12)),
        ("Forces shelled the village on 12/10/2025.", date(2025, 10, 12)),  # day first: in the past
        ("Forces shelled the village on 10/23/2025.", date(2025, 10, 23)),  # only month first is valid
    ],
)
def test_a_date_in_figures_is_read_on_or_before_publication(text, day):
    assert [p.date for p in find_dates(text, date(2025, 10, 24))] == [day]


def _twins(text: str) -> str:
    """The text with the letters a case-blind regex takes for ASCII ones (ſ for s, K for k, ı for i)."""
    return text.replace("s", "\u017f").replace("k", "\u212a").replace("i", "\u0131")


def test_letters_a_regex_takes_for_ascii_resolve_as_ascii():
    """ "Tueſday", "ſeptember": the rules match them case-blind, and they resolve to the same days
    as the plain spelling (a weekday raised ValueError, a month KeyError)."""
    from geodata.rules import ruleset

    texts = [e.text for r in ruleset("dates").values() for e in r.examples]
    texts += ["on Tuesday night", "September 3", "three weeks ago", "last Wednesday", "in mid-August"]
    for text in texts:
        plain = [(p.date, p.date_end, p.precision) for p in find_dates(text, SUN)]
        assert [(p.date, p.date_end, p.precision) for p in find_dates(_twins(text), SUN)] == plain, text
