"""The likely-duplicates rule on its own (equalchance.directory.duplicates, no database): within an
organisation, the same or nearly the same name; across organisations, the same name AND a place AND a
way to get in touch in common; a dismissed pair never, whichever way round."""

import ast
from pathlib import Path

import pytest

from equalchance.directory import duplicates
from equalchance.directory.duplicates import Entry, likely_pairs, name_key, pair_key, why_alike


def entry(id, organisation, name, **fields):
    return Entry(id=id, organisation=organisation, name=name, **{k: tuple(v) for k, v in fields.items()})


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("St Mary's Toddler Group", "St Marys toddler group"),
        ("St Mary’s Toddler Group", "Saint Marys Toddler Group"),  # a curly apostrophe, Saint for St
        ("Kingshurst Parents' Café", "kingshurst parents cafe"),
        ("Stay & Play", "Stay and play!"),
        ("  Fordbridge   Dads' Group ", "FORDBRIDGE DADS GROUP"),
    ],
)
def test_names_written_differently_are_the_same_once_normalised(first, second):
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("St Mary's Toddler Group", "St Mark's Toddler Group"), ("Stay and Play", "Stay and Play 2")],
)
def test_different_names_stay_different(first, second):
    assert name_key(first) != name_key(second)


def test_phones_emails_websites_and_postcodes_are_compared_as_written_any_way():
    assert duplicates.phone_key("+44 (0)121 704 6000") == duplicates.phone_key("0121-704 6000")
    assert duplicates.phone_key("0044 121 704 6000") == "01217046000"
    assert duplicates.phone_key("ext 12") == ""  # not a number to match on
    assert duplicates.email_key(" Hello@Hub.Example.org ") == "hello@hub.example.org"
    assert duplicates.email_key("not an address") == ""
    assert duplicates.website_key("https://www.Hub.example.org/") == duplicates.website_key(
        "http://hub.example.org"
    )
    assert duplicates.website_key("https://hub.example.org/toddlers") != duplicates.website_key(
        "https://hub.example.org/"
    )
    assert duplicates.postcode_key("b37 7uh") == duplicates.postcode_key("B377UH") == "B377UH"


def test_the_same_name_at_two_organisations_with_different_addresses_is_not_a_duplicate():
    a = entry(1, "hub", "St Mary's Toddler Group", postcodes=["B37 7UH"], phones=["0121 704 6000"])
    b = entry(2, "church", "St Marys toddler group", postcodes=["B91 3QB"], phones=["0121 704 6000"])
    assert why_alike(a, b) is None
    assert likely_pairs([a, b]) == []


def test_the_same_name_place_and_contact_at_two_organisations_is_a_duplicate():
    a = entry(1, "hub", "St Mary's Toddler Group", postcodes=["B37 7UH"], phones=["0121 704 6000"])
    b = entry(2, "church", "St Marys toddler group", postcodes=["b377uh"], phones=["+44 121 704 6000"])
    assert why_alike(a, b) == "the same name, postcode and phone number, different organisations"
    assert likely_pairs([a, b]) == [(1, 2, why_alike(a, b))]


@pytest.mark.parametrize(
    ("place", "contact", "why"),
    [
        (
            {"addresses": ["1 Church Road, Solihull"]},
            {"emails": ["Toddlers@StMarys.example.org"]},
            "the same name, address and e-mail address, different organisations",
        ),
        (
            {"postcodes": ["B37 7UH"]},
            {"websites": ["https://www.stmarys.example.org/"]},
            "the same name, postcode and website, different organisations",
        ),
    ],
)
def test_any_shared_place_with_any_shared_way_in_touch_will_do(place, contact, why):
    a = entry(1, "hub", "St Mary's Toddler Group", **place, **contact)
    other_contact = {key: [value.upper() for value in values] for key, values in contact.items()}
    b = entry(2, "church", "St Marys toddler group", **place, **other_contact)
    assert why_alike(a, b) == why


def test_across_organisations_every_part_of_the_rule_is_needed():
    same = {"postcodes": ["B37 7UH"], "phones": ["0121 704 6000"]}
    a = entry(1, "hub", "Stay and Play", **same)
    assert why_alike(a, entry(2, "other", "Stay and Plays", **same)) is None  # nearly is not enough
    assert why_alike(a, entry(3, "other", "Stay and Play", phones=same["phones"])) is None  # no place
    assert why_alike(a, entry(4, "other", "Stay and Play", postcodes=same["postcodes"])) is None  # no contact
    assert (
        why_alike(a, entry(5, "other", "Stay and Play", postcodes=["B37 7UH"], phones=["0121 111 2222"]))
        is None
    )


def test_within_an_organisation_the_same_or_nearly_the_same_name_is_enough():
    a, b = entry(1, "hub", "Stay and Play"), entry(2, "hub", "Stay and play!")
    c, d = entry(3, "hub", "Stay and Plays"), entry(4, "hub", "Swimming club")
    pairs = likely_pairs([a, b, c, d])
    assert (1, 2, "the same name, same organisation") in pairs
    assert (1, 3, "nearly the same name, same organisation") in pairs
    assert not any(4 in pair[:2] for pair in pairs)


def test_a_dismissed_pair_is_never_suggested_whichever_way_round():
    a, b, c = (
        entry(1, "hub", "Stay and Play"),
        entry(2, "hub", "Stay and play!"),
        entry(3, "hub", "Stay & Play"),
    )
    assert pair_key(2, 1) == pair_key(1, 2)
    pairs = likely_pairs([a, b, c], dismissed=[pair_key(2, 1)])
    assert [(first, second) for first, second, _ in pairs] == [(1, 3), (2, 3)]
    assert likely_pairs([b, a], dismissed={pair_key(1, 2)}) == []


def test_an_entry_is_never_its_own_duplicate_and_blank_names_match_nothing():
    a = entry(1, "hub", "Stay and Play")
    assert why_alike(a, a) is None
    assert likely_pairs([a, a]) == []
    assert why_alike(entry(2, "hub", "!!"), entry(3, "hub", "?")) is None


def test_the_rule_is_plain_python_without_django():
    source = Path(duplicates.__file__).read_text()
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert imported <= {"difflib", "re", "unicodedata", "collections", "dataclasses"}
