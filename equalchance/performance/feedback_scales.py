"""The answer scales of the feedback question bank (guide section 5), the answers each counts as positive
by default, and the themes a moderator codes comments to. No Django: the models, forms, import and
measures read these.

Answer codes are unique across scales ("neither_satisfied" and "neither_agree" differ), so a stored
answer says which scale it belongs to and an import's mapping can offer every answer of a form at once.
"Neither" and "don't know" count in the denominator (guide section 5, rule 1): they are answers, not
positive ones."""

SATISFACTION5 = "satisfaction5"
FFT = "fft"
AGREE5 = "agree5"
YES_NO = "yes_no"
FREE_TEXT = "free_text"

SCALE_NAMES = {
    SATISFACTION5: "Five-point satisfaction (GOV.UK)",
    FFT: "Friends and Family Test (NHS)",
    AGREE5: "Agree or disagree (five points)",
    YES_NO: "Yes or no",
    FREE_TEXT: "Free text",
}

# (code, words, easy-read words), most positive first.
ANSWERS: dict[str, tuple[tuple[str, str, str], ...]] = {
    SATISFACTION5: (
        ("very_satisfied", "Very satisfied", "Very happy"),
        ("satisfied", "Satisfied", "Happy"),
        ("neither_satisfied", "Neither satisfied nor dissatisfied", "Not happy or unhappy"),
        ("dissatisfied", "Dissatisfied", "Unhappy"),
        ("very_dissatisfied", "Very dissatisfied", "Very unhappy"),
    ),
    FFT: (
        ("very_good", "Very good", "Very good"),
        ("good", "Good", "Good"),
        ("neither_good", "Neither good nor poor", "Not good or bad"),
        ("poor", "Poor", "Bad"),
        ("very_poor", "Very poor", "Very bad"),
        ("dont_know", "Don't know", "I don't know"),
    ),
    AGREE5: (
        ("strongly_agree", "Strongly agree", "Yes, a lot"),
        ("agree", "Agree", "Yes"),
        ("neither_agree", "Neither agree nor disagree", "Not sure"),
        ("disagree", "Disagree", "No"),
        ("strongly_disagree", "Strongly disagree", "No, not at all"),
    ),
    YES_NO: (("yes", "Yes", "Yes"), ("no", "No", "No")),
    FREE_TEXT: (),
}

DEFAULT_POSITIVE = {
    SATISFACTION5: ("very_satisfied", "satisfied"),
    FFT: ("very_good", "good"),
    AGREE5: ("strongly_agree", "agree"),
    YES_NO: ("yes",),
    FREE_TEXT: (),
}

ALL_ANSWERS = {code: words for answers in ANSWERS.values() for code, words, _ in answers}

THEMES = (
    ("staff", "Staff: kindness, respect, listening"),
    ("communication", "Communication and information"),
    ("waiting", "Waiting and timeliness"),
    ("access", "Access: places, times, getting there"),
    ("outcomes", "What changed for the family"),
    ("continuity", "Continuity: the same worker, handovers"),
    ("other", "Something else"),
)
THEME_CODES = {code for code, _ in THEMES}


def choices(scale: str, *, easy_read: bool = False) -> list[tuple[str, str]]:
    """The answers of a scale as (code, words) pairs, in easy-read words when asked."""
    return [(code, easy if easy_read else words) for code, words, easy in ANSWERS[scale]]


def codes(scale: str) -> set[str]:
    return {code for code, _, _ in ANSWERS[scale]}


def _plain(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def answer_from_words(scale: str, words: str) -> str | None:
    """The code of the answer these words name (its words, its easy-read words or its code, ignoring
    case, spacing and curly apostrophes), or None."""
    wanted = _plain(words)
    for code, plain_words, easy in ANSWERS[scale]:
        if wanted in (_plain(plain_words), _plain(easy), code):
            return code
    return None
