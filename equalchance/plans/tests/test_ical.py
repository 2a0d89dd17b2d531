"""Meetings as iCalendar, read back by an independent parser (the icalendar package)."""

from datetime import UTC, datetime, timedelta, timezone

import icalendar

from equalchance.plans.ical import Event, calendar


def test_a_meeting_reads_back_with_its_time_place_and_awkward_characters_intact():
    starts = datetime(2027, 1, 14, 14, 0, tzinfo=timezone(timedelta(hours=0)))
    summary = "Early Help Board; budget, risks\\and a very long title " + "é" * 60
    text = calendar(
        [
            Event(
                "m-1@equalchance",
                starts,
                starts + timedelta(hours=2),
                summary,
                "Civic Suite, Solihull",
                "Line 1\nLine 2",
            )
        ],
        name="Early Help Board",
        stamp=datetime(2026, 11, 30, tzinfo=UTC),
    )
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == summary
    assert str(event["LOCATION"]) == "Civic Suite, Solihull"
    assert str(event["DESCRIPTION"]) == "Line 1\nLine 2"
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=2)


def test_a_cancelled_meeting_says_so():
    starts = datetime(2027, 1, 14, 14, 0, tzinfo=UTC)
    text = calendar([Event("m-2", starts, None, "Board", cancelled=True)], name="B", stamp=starts)
    assert str(icalendar.Calendar.from_ical(text).walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
