"""Personal details are removed from feedback comments before they are stored: a table of cases."""

import pytest

from equalchance.performance.redaction import hand_redactions, redact

CASES = [
    # (what someone typed, what is stored, how many details removed)
    ("Email me at jo.bloggs+x@example.co.uk please", "Email me at [email address removed] please", 1),
    ("JO@EXAMPLE.ORG", "[email address removed]", 1),
    ("Call 07700 900123 or +44 7700 900 123", "Call [phone number removed] or [phone number removed]", 2),
    ("ring (0121) 704 6000 now", "ring [phone number removed] now", 1),
    ("+44 (0)121 704 6000", "[phone number removed]", 1),
    ("tel 01217046000.", "tel [phone number removed].", 1),
    ("I live at B91 3QB near the park", "I live at [postcode removed] near the park", 1),
    ("b913qb", "[postcode removed]", 1),
    ("SW1A 1AA and M1 1AE", "[postcode removed] and [postcode removed]", 2),
    ("NHS 943 476 5919", "NHS [number removed]", 1),
    ("nhs no 9434765919", "nhs no [number removed]", 1),
    ("943-476-5919", "[number removed]", 1),
    ("card 4111 1111 1111 1111", "card [number removed]", 1),
    ("case ref 12345678", "case ref [number removed]", 1),
    # Probe finding: names after a cue, a house and street, and a date of birth were stored as typed.
    ("My name is Jane Smith, thanks", "My name is [name removed], thanks", 1),
    ("my son Tom is calmer now", "my son [name removed] is calmer now", 1),
    ("Our daughter is called Amelia.", "Our daughter is called [name removed].", 1),
    ("I'm called Priya", "I'm called [name removed]", 1),
    ("I live at 12 High Street by the shops", "I live at [address removed] by the shops", 1),
    ("4a Moat Lane, Solihull", "[address removed], Solihull", 1),
    ("son born 03/04/2019", "son born [date of birth removed]", 1),
    ("DOB: 3rd April 2019", "DOB: [date of birth removed]", 1),
    ("date of birth 03.04.19", "date of birth [date of birth removed]", 1),
    # What is not personal stays as it was.
    ("my son is much calmer", "my son is much calmer", 0),
    ("We walked 2 miles to Park Road", "We walked 2 miles to Park Road", 0),
    ("the baby group on 3/4/2026 was full", "the baby group on 3/4/2026 was full", 0),
    ("We waited 3 weeks in 2026, 12 visits", "We waited 3 weeks in 2026, 12 visits", 0),
    ("Room 101 at 10:30 on 29/11/2026", "Room 101 at 10:30 on 29/11/2026", 0),
    ("The worker was great 10/10", "The worker was great 10/10", 0),
    ("Open 9 till 5, Mon to Fri", "Open 9 till 5, Mon to Fri", 0),
    ("", "", 0),
]


@pytest.mark.parametrize(("typed", "stored", "removed"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_personal_details_are_redacted_and_the_rest_kept(typed, stored, removed):
    assert redact(typed) == (stored, removed)


@pytest.mark.parametrize(
    ("edited", "removed"),
    [
        ("I did not like the wait at first", 0),
        ("  I did not   like the wait at first ", 0),  # spacing is not compared
        ("I did not like the wait [removed]", 1),
        ("[removed] not like the wait [removed]", 2),
        ("I did [removed] like the wait at first", 1),
        ("I did like the wait at first", None),  # "not" cut with no marker: the meaning turned
        ("I did not like the wait at first. Brilliant!", None),  # words added
        ("the wait at first [removed] I did not like", None),  # words moved
        ("I loved it", None),
    ],
)
def test_a_moderators_edit_only_removes_words_each_where_a_marker_stands(edited, removed):
    assert hand_redactions("I did not like the wait at first", edited) == removed


def test_a_marker_already_in_the_comment_may_stand_and_is_not_counted_again():
    original = "Ask for [name removed] at reception"
    assert hand_redactions(original, original) == 0
    assert hand_redactions(original, "Ask for [removed] at reception") == 0
    assert hand_redactions(original, "Ask for [removed]") == 1
