from hypothesis import given
from hypothesis import strategies as st

from equalchance.plans.presenting import listed, natural_key, shortened


def test_numbers_in_titles_sort_by_their_value_not_their_characters():
    titles = ["Plan 10", "plan 2", "Plan 1", "Area 3 of 12", "Area 3 of 2"]
    assert sorted(titles, key=natural_key) == ["Area 3 of 2", "Area 3 of 12", "Plan 1", "plan 2", "Plan 10"]


def test_a_superscript_or_other_non_decimal_digit_sorts_as_text_rather_than_crashing():
    titles = ["²", "Plan ²", "Plan 2", "x³y"]
    assert sorted(titles, key=natural_key) == ["Plan 2", "Plan ²", "x³y", "²"]


@given(st.lists(st.text(max_size=12), max_size=8))
def test_any_titles_at_all_can_be_sorted(titles):
    ordered = sorted(titles, key=natural_key)
    assert sorted(ordered) == sorted(titles)


def test_names_listed_in_a_sentence_never_read_full_stop_semicolon():
    """Probe finding: themes written as sentences were listed as "Children are safe.; Families"."""
    said = listed(["1 Children are safe.", "2 Families are well ", "3 Work pays"])
    assert said == "1 Children are safe; 2 Families are well; 3 Work pays"
    assert ".;" not in said


def test_a_long_name_is_shortened_at_words_keeping_its_start_and_its_end():
    """Probe 9: cut after eight words, eleven Rotherham plans read "... disadvantaged area 1 of…"."""
    title = "Neighbourhood action plan for Rotherham disadvantaged area 1 of 11"
    assert shortened(title, 8) == "Neighbourhood action plan for … area 1 of 11"
    assert shortened("Area 1 of 2", 8) == "Area 1 of 2"
    assert shortened("  spaced   words  ", 8) == "spaced words"
    assert shortened("one two three", 2) == "one … three"
