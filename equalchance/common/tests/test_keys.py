"""Whole numbers and record ids read from text people or pages send (`common.keys`)."""

import pytest

from equalchance.common.keys import LARGEST_ID, record_key, whole_number


@pytest.mark.parametrize(
    "text, digits, number",
    [
        ("42", 3, 42),
        ("007", 3, 7),
        ("1234", 3, None),  # more digits than allowed
        ("²", 3, None),  # a digit to str.isdigit(), which int() refuses
        ("٣", 3, None),  # an Arabic-Indic three: int() would read it as 3
        ("-1", 3, None),
        (" 1", 3, None),
        ("", 3, None),
        ("9" * 5000, 19, None),  # int() refuses past 4,300 digits
        (None, 3, None),
    ],
)
def test_a_whole_number_is_written_in_ascii_digits_only(text, digits, number):
    assert whole_number(text, digits=digits) == number


@pytest.mark.parametrize(
    "text, key",
    [
        ("1", 1),
        (str(LARGEST_ID), LARGEST_ID),
        (str(LARGEST_ID + 1), None),
        ("0", None),
        (None, None),
        ("x", None),
    ],
)
def test_a_record_key_is_a_whole_number_a_database_key_can_hold(text, key):
    assert record_key(text) == key
