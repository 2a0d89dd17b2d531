"""Childcare, a first-class category of the directory: the product's own "Childcare" taxonomy (types of
childcare and the government's funded hours, in plain words), Ofsted registration numbers (URNs) and
the latest inspection grade. Pure rules, without Django's database: `taxonomies_load` ships the terms.

A service's Ofsted details are kept in `Service.details["childcare"]` as
{"ofsted_urn": "EY123456", "ofsted_grade": "good", "ofsted_inspected": "2024-03-12"} (each optional).
"""

import re
import uuid
from dataclasses import dataclass
from datetime import date

TAXONOMY = "Childcare"
TAXONOMY_DESCRIPTION = (
    "Types of childcare and the funded early education hours a provider offers (Equal Chance's own list)"
)
NAMESPACE = uuid.UUID("5d6e2a81-7c4b-4f0e-b3a9-2c8d1e4f6a70")
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy")
PARENT = "Childcare"  # the one top-level term: choosing it in the search finds every term below it


@dataclass(frozen=True)
class Term:
    code: str
    name: str
    description: str


TYPES = [
    Term("childminder", "Childminders", "A registered childminder looks after children in their own home."),
    Term("day_nursery", "Day nurseries", "Full or part-day care for babies and young children, all year."),
    Term(
        "pre_school",
        "Pre-schools and playgroups",
        "Sessions for children from about 2 until they start school, usually in term time.",
    ),
    Term("nursery_class", "Nursery classes in schools", "A school's nursery class for 3- and 4-year-olds."),
    Term("breakfast_club", "Breakfast clubs", "Care before school for school-age children."),
    Term("after_school_club", "After-school clubs", "Care after school for school-age children."),
    Term("holiday_club", "Holiday clubs", "Care in the school holidays for school-age children."),
]
# The government's funded early education entitlements in England, as parents would ask for them.
FUNDED_HOURS = [
    Term(
        "funded_2_support",
        "Funded hours: 15 hours for 2-year-olds in families getting some support",
        "15 hours a week of free childcare, 38 weeks a year, for 2-year-olds whose family gets certain "
        "benefits, or who are looked after, adopted or have an education, health and care plan.",
    ),
    Term(
        "funded_working_under_3",
        "Funded hours: for working parents of children from 9 months to 2 years",
        "Free childcare hours for children from 9 months old whose parents work and meet the earnings "
        "rules; check with Childcare Choices.",
    ),
    Term(
        "funded_3_4_universal",
        "Funded hours: 15 hours for all 3- and 4-year-olds",
        "15 hours a week of free childcare, 38 weeks a year, for every 3- and 4-year-old, from the term "
        "after their third birthday.",
    ),
    Term(
        "funded_3_4_working",
        "Funded hours: 30 hours for 3- and 4-year-olds of working parents",
        "30 hours a week of free childcare, 38 weeks a year, for 3- and 4-year-olds whose parents work "
        "and meet the earnings rules.",
    ),
]
TERMS = TYPES + FUNDED_HOURS
BY_CODE = {t.code: t for t in TERMS}


def term_id(code: str) -> uuid.UUID:
    """A term's stable id (the same in every installation)."""
    return uuid.uuid5(NAMESPACE, code)


PARENT_ID = term_id("childcare")
ORDER = {str(term_id(t.code)): n for n, t in enumerate(TERMS)}

GRADES = [
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("requires_improvement", "Requires improvement"),
    ("inadequate", "Inadequate"),
    ("met", "Met"),
    ("not_met", "Not met"),
    ("not_yet_inspected", "Not yet inspected"),
]
GRADE_NAMES = dict(GRADES)
NOT_YET_INSPECTED = "not_yet_inspected"

# Ofsted's unique reference numbers: "EY" and 6 digits for early years providers registered since
# 2008, or a 6- or 7-digit number (older registrations, schools and newer registrations).
REAL_URN = re.compile(r"^(EY\d{6}|\d{6,7})$")
# The synthetic demonstration's URNs start "SYN", a prefix Ofsted never uses, so that a made-up number
# cannot be mistaken for (or looked up as) a real provider's.
SYNTHETIC_URN = re.compile(r"^SYN\d{6}$")
OFSTED_SEARCH = "https://reports.ofsted.gov.uk/search?q={urn}"
OFSTED_YEARS_FROM = 2001  # Ofsted began registering and inspecting childcare in September 2001


def urn_normalised(text: str) -> str:
    """A URN as typed ("ey 123456") in Ofsted's own form ("EY123456")."""
    return re.sub(r"[\s-]+", "", text or "").upper()


def is_real_urn(text: str) -> bool:
    return bool(REAL_URN.match(text or ""))


MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


class DateProblem(ValueError):
    """What is wrong with a typed date, in words to show beside the field."""


def date_from_parts(day: str, month: str, year: str, *, what: str, today: date) -> date | None:
    """A date from a GOV.UK date input's three boxes, as people type them ("12", "3" or "March",
    "2024"); None when all three are empty. Raises DateProblem with a message naming `what`."""
    day, month, year = ((part or "").strip() for part in (day, month, year))
    if not (day or month or year):
        return None
    missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
    if missing:
        raise DateProblem(f"{what} must include a {' and a '.join(missing)}")
    month_number = MONTHS.get(month.lower().rstrip("."), None)
    if month_number is None and month.isdigit() and len(month) <= 2:
        month_number = int(month)
    if not (day.isdigit() and len(day) <= 2) or month_number is None:
        raise DateProblem(f"{what} must be a real date, like 12 3 2024")
    if not (year.isdigit() and len(year) == 4):
        raise DateProblem(f"{what} must have a year of 4 numbers, like 2024")
    try:
        value = date(int(year), month_number, int(day))
    except ValueError:
        raise DateProblem(f"{what} must be a real date, like 12 3 2024") from None
    if value > today:
        raise DateProblem(f"{what} must be today or in the past")
    if value.year < OFSTED_YEARS_FROM:
        raise DateProblem(
            f"{what} must be in {OFSTED_YEARS_FROM} or later, when Ofsted began inspecting childcare"
        )
    return value


@dataclass(frozen=True)
class Summary:
    """What a service's page says about its childcare."""

    types: list[str]
    funded_hours: list[str]
    urn: str
    urn_link: str  # empty when the URN must not be linked (synthetic, or not a real URN's shape)
    urn_synthetic: bool
    grade: str
    inspected: date | None

    def __bool__(self) -> bool:
        return bool(self.types or self.funded_hours or self.urn or self.grade)


def summary(term_ids, details: dict | None, *, synthetic: bool) -> Summary:
    """The childcare section of a service page, from its term ids and details["childcare"]."""
    held = {str(i) for i in term_ids}
    data = (details or {}).get("childcare") or {}
    urn = str(data.get("ofsted_urn") or "")
    made_up = synthetic or bool(SYNTHETIC_URN.match(urn))
    try:
        inspected = date.fromisoformat(data["ofsted_inspected"]) if data.get("ofsted_inspected") else None
    except (TypeError, ValueError):
        inspected = None
    return Summary(
        types=[t.name for t in TYPES if str(term_id(t.code)) in held],
        funded_hours=[
            t.name.removeprefix("Funded hours: ") for t in FUNDED_HOURS if str(term_id(t.code)) in held
        ],
        urn=urn,
        urn_link="" if made_up or not is_real_urn(urn) else OFSTED_SEARCH.format(urn=urn),
        urn_synthetic=made_up and bool(urn),
        grade=GRADE_NAMES.get(data.get("ofsted_grade") or "", ""),
        inspected=inspected,
    )
