"""The demo's performance measures: the Solihull Early Help Strategy's (seed 003) examples of "How much
did we do?" and "How well did we do it?", and outcomes it lists under "Is anyone better off?", as real
definitions with their programmes and population results (`data/seed-003-measures.json` cites the
section of each). The strategy publishes no figures and no targets, so every value and target is
synthetic, labelled synthetic wherever it shows. Running it again adds nothing.

Everything is written through `services`, as the people the demo names: a plan editor defines the
measures, a data-entry person enters and submits each quarter's value, and an approver approves all but
the latest, which waits in the approver's queue."""

import hashlib
import json
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from equalchance.performance import feedback_scales as scales
from equalchance.performance import feedback_services, periods, services
from equalchance.performance.models import (
    FeedbackComment,
    FeedbackForm,
    FeedbackQuestion,
    Measure,
    MeasureValue,
    Programme,
    Result,
    TurnTheCurve,
)
from equalchance.places.models import Area
from equalchance.plans.models import PlanElement

DATA = Path(__file__).parent / "data" / "seed-003-measures.json"
# The seeds whose measures the demo loads: the Early Help Strategy's (quarterly) and the areas of the
# Children & Skills plan's monthly scorecards (seed 004).
DATA_FILES = (DATA, Path(__file__).parent / "data" / "seed-004-measures.json")
QUARTERS = 8
MONTHS = 12
EARLY_HELP = "A service of Solihull's early help system."
DATA_LAG_DAYS = 30


def _random(code: str) -> random.Random:
    """The same made-up figures for a measure on every run."""
    return random.Random(int(hashlib.sha256(code.encode()).hexdigest()[:12], 16))


# These measures' latest values wait in the approver's queue, so the demo shows an approver's work and
# data overdue on the exception report; every other value is approved.
QUEUED = ("EH-M5", "EH-M6")


def _quarters(today: date, frequency: str = "quarterly") -> list[periods.Period]:
    """The last QUARTERS quarters (or MONTHS months) whose values are due by today (financial year)."""
    found = [periods.latest_overdue(today, frequency, data_lag_days=DATA_LAG_DAYS)]
    while len(found) < (MONTHS if frequency == "monthly" else QUARTERS):
        found.insert(0, periods.period_containing(found[0].start - timedelta(days=1), frequency))
    return found


def _figures(spec: dict, count: int = QUARTERS) -> list[dict]:
    """Made-up figures for `count` periods: counts that grow unevenly, or that wander within the spec's
    `level` (a staffing level, say); percentages as numerator of a sample."""
    rng = _random(spec["code"])
    out = []
    if spec.get("level"):
        low, high = spec["level"]
        level = rng.uniform(low, high)
        for _ in range(count):
            level = min(max(level * rng.uniform(0.95, 1.055), low * 0.85), high * 1.15)
            out.append({"value": round(level, spec.get("decimal_places", 0))})
        return out
    if spec["form"] == "percentage":
        share = rng.uniform(0.62, 0.9)
        for _ in range(count):
            share = min(max(share + rng.uniform(-0.05, 0.045), 0.4), 0.97)
            asked = rng.randint(40, 220)
            out.append({"numerator": round(share * asked), "denominator": asked, "n": asked})
    else:
        level = rng.randint(20, 400)
        for _ in range(count):
            level = max(0, round(level * rng.uniform(0.9, 1.15)))
            out.append({"value": level})
    return out


def measures_load(*, by, owner, enterer, approver, today: date | None = None) -> dict[str, int]:
    """Load the seeds' results, programmes and measures with synthetic values (once)."""
    today = today or timezone.localdate()
    added = {"results": 0, "programmes": 0, "measures": 0, "values": 0}
    with transaction.atomic():
        for path in DATA_FILES:
            _seed_load(
                json.loads(path.read_text(encoding="utf-8")),
                added,
                by=by,
                people=(owner, enterer, approver),
                today=today,
            )
        _turn_the_curve_load(owner, approver, _quarters(today)[-1])
    return added


def _cited(document: dict, source: str) -> str:
    """Where in its document a piece of demo content comes from, as a reader can look it up: "Seed 003,
    section 6" (the repository's own numbering) becomes "Solihull Early Help Strategy, section 6"."""
    where = source.split(", ", 1)[1] if source.startswith("Seed ") and ", " in source else source
    return f"{document['title']}, {where}"


def _seed_load(data: dict, added: dict, *, by, people, today: date) -> None:
    document = data["document"]
    elements = {}
    if document.get("plan"):  # the plan the plans demo loaded from the same seed, if it did
        elements = {
            e.code: e  # the latest version's, if the plan has several
            for e in PlanElement.objects.filter(plan__title=document["plan"]).order_by("plan__version", "pk")
        }
    results = {}
    for spec in data["results"]:
        result = Result.objects.filter(title=spec["title"]).first()
        if result is None:
            result = services.result_create(by=by, title=spec["title"], population=spec["population"])
            added["results"] += 1
        results[spec["key"]] = result
    programmes = {}
    # The seeds are the partnership's own strategies: their services serve its district.
    district = Area.objects.filter(code__in=settings.EQUALCHANCE_DISTRICTS[:1], level="district").first()
    for spec in data["programmes"]:
        programme = Programme.objects.filter(name=spec["name"]).first()
        if programme is None:
            programme = services.programme_create(
                by=by,
                name=spec["name"],
                description=f"{spec.get('description', EARLY_HELP)} {_cited(document, spec['source'])}.",
                customers=spec["customers"],
                area=district,
                visibility="public",
                results=[results[key] for key in spec["results"]],
                plan_elements=[elements[code] for code in spec.get("plan_elements", ()) if code in elements],
            )
            added["programmes"] += 1
        programmes[spec["key"]] = programme
    for spec in data["measures"]:
        if Measure.objects.filter(code=spec["code"]).exists():
            continue
        spec = spec | {"plan_element": elements.get(spec.get("plan_element"))}
        added["values"] += _measure_load(by, spec, document, programmes, *people, today=today)
        added["measures"] += 1


# A synthetic turn-the-curve entry for one measure, so the report card shows the whole talk.
TURNED = "EH-W2"


def _turn_the_curve_load(owner, approver, quarter) -> None:
    measure = Measure.objects.filter(code=TURNED).first()
    if measure is None or measure.turn_the_curve.exists():
        return
    entry = services.turn_the_curve_write(
        by=owner,
        measure=measure,
        period_start=quarter.start,
        period_end=quarter.end,
        # Says nothing of the direction: the synthetic values, not this text, decide it (probe finding).
        story="Synthetic, for the demo. Satisfaction stays well below the target of 90% as groups grew "
        "while two facilitators' posts were vacant; parents who left early said sessions felt rushed.",
        helping="Synthetic. Evening sessions at the family hubs; volunteers trained as co-facilitators.",
        hurting="Synthetic. Vacant posts; waiting lists over eight weeks in the east of the borough.",
        partners="Synthetic. Family hubs, the Parenting Team, health visitors, the voluntary sector forum.",
        what_works="Synthetic. Smaller groups and a named contact between sessions (parents' comments).",
        proposals="Synthetic. Cap groups at twelve; recruit to both posts; ring parents who leave early.",
        data_development="Synthetic. Ask why parents leave; record waiting times by family hub.",
    )
    TurnTheCurve.objects.filter(pk=entry.pk).update(synthetic=True)
    services.turn_the_curve_clear(by=approver, entry=entry)


def _measure_load(by, spec, document, programmes, owner, enterer, approver, *, today: date) -> int:
    percentage = spec["form"] == "percentage"
    frequency = spec.get("frequency", "quarterly")
    recent = _quarters(today, frequency)
    none_published = document.get("publishes_none", "the strategy publishes none")
    measure = services.measure_create(
        by=by,
        code=spec["code"],
        title=spec["title"],
        category=spec["category"],
        owner=owner,
        data_entry=[enterer],
        approver=approver,
        programme=programmes[spec["programme"]],
        plan_element=spec.get("plan_element"),
        form=spec["form"],
        value_type=spec["value_type"],
        unit="%" if percentage else spec.get("unit", ""),
        decimal_places=1 if percentage else spec.get("decimal_places", 0),
        polarity=spec["polarity"],
        headline=spec.get("headline", False),
        frequency=frequency,
        data_lag_days=DATA_LAG_DAYS,
        definition=spec.get("definition") or f"As the {document['title']} names it: {spec['title']}.",
        source=f"{_cited(document, spec['source'])}. The values are synthetic: {none_published}.",
        visibility="public",
        synthetic=True,
    )
    _defined_from(measure, recent[0].start)
    if spec.get("target") is not None:
        # Targets for every period shown and the rest of the latest one's year, so the year end has one.
        rest = periods.periods_of_year(recent[-1].year, frequency)
        for period in [*recent, *(p for p in rest if p.start > recent[-1].start)]:
            services.target_set(
                by=by,
                measure=measure,
                period_start=period.start,
                period_end=period.end,
                value=spec["target"],
                decision_text=f"Synthetic: a target set for the demo ({none_published}).",
                decided_on=min(period.start, recent[-1].end) - timedelta(days=1),
            )
    for number, (period, figures) in enumerate(zip(recent, _figures(spec, len(recent)), strict=True)):
        value = services.value_enter(
            by=enterer,
            measure=measure,
            period_start=period.start,
            period_end=period.end,
            synthetic=True,
            **figures,
        )
        services.value_submit(by=enterer, value=value)
        if number < len(recent) - 1 or spec["code"] not in QUEUED:
            services.value_approve(by=approver, value=value)
    return len(recent)


# --- Feedback (issue 12, item 6) -----------------------------------------------------------------

FEEDBACK_FORMS = [
    {
        "title": "Parenting programmes: tell us what you think",
        "programme": "Parenting programmes (Solihull Approach)",
        "audience": "parents_carers",
        "easy_read": False,
        "questions": ["govuk_satisfaction", "treated_with_respect", "better_off_family", "improve_comment"],
        "per_quarter": (10, 15),
        "measure": {
            "code": "EH-FB1",
            "title": "Parents and carers satisfied with the parenting programme (feedback form)",
            "category": "how_well",
            "question": "govuk_satisfaction",
        },
    },
    {
        "title": "Children's centres: what did you think?",
        "programme": "Children's centres",
        "audience": "children_young_people",
        "easy_read": True,
        "questions": ["better_off_young_person", "treated_with_respect", "feel_safe", "improve_comment"],
        "per_quarter": (3, 9),
        "measure": {
            "code": "EH-FB2",
            "title": "Young people who say things are better for them since they got help (feedback form)",
            "category": "better_off",
            "question": "better_off_young_person",
        },
    },
]
SYNTHETIC_COMMENTS = [
    ("The worker listened and never rushed us.", ["staff"]),
    ("We waited six weeks for the first session.", ["waiting"]),
    ("Evening sessions would help working parents.", ["access"]),
    ("My son is calmer at bedtime now.", ["outcomes"]),
    ("We had three different workers in two months.", ["continuity"]),
    ("The leaflets were hard to follow.", ["communication"]),
]


def _answer(rng: random.Random, scale: str, lean: float) -> str:
    """A made-up answer leaning positive by `lean` (0 to 1)."""
    codes = [code for code, _ in scales.choices(scale)]
    if scale == scales.FFT:
        codes = codes[:5]
    weights = [lean * 0.55, lean * 0.45, 0.18, (1 - lean) * 0.5, (1 - lean) * 0.3][: len(codes)]
    return rng.choices(codes, weights=weights)[0]


def feedback_load(*, by, owner, enterer, approver, today: date | None = None) -> dict[str, int]:
    """Two synthetic feedback forms on the demo's programmes (parents and carers; young people, easy
    read), about 150 synthetic responses over the demo's quarters, and a measure fed by each, its
    quarters entered from the responses, submitted, and approved but the latest. Once."""

    today = today or timezone.localdate()
    added = {"forms": 0, "responses": 0, "measures": 0}
    quarters = _quarters(today)
    with transaction.atomic():
        for spec in FEEDBACK_FORMS:
            programme = Programme.objects.filter(name=spec["programme"]).first()
            if programme is None or FeedbackForm.objects.filter(title=spec["title"]).exists():
                continue
            programme.team.add(enterer, approver)
            form = feedback_services.feedback_form_create(
                by=by,
                programme=programme,
                title=spec["title"],
                audience=spec["audience"],
                easy_read=spec["easy_read"],
                questions=spec["questions"],
                synthetic=True,
            )
            added["forms"] += 1
            rng = _random(spec["title"])
            questions = [q for q in form.ordered_questions() if q.scale != scales.FREE_TEXT]
            lean = rng.uniform(0.6, 0.75)
            for quarter in quarters:
                lean = min(max(lean + rng.uniform(-0.04, 0.06), 0.45), 0.92)
                for _ in range(rng.randint(*spec["per_quarter"])):
                    day = quarter.start + timedelta(days=rng.randint(0, (quarter.end - quarter.start).days))
                    comments = {}
                    if rng.random() < 0.3:
                        comments["improve_comment"] = rng.choice(SYNTHETIC_COMMENTS)[0]
                    feedback_services.feedback_response_receive(
                        form=form,
                        answers={
                            q.code: _answer(rng, q.scale, lean) for q in questions if rng.random() < 0.95
                        },
                        comments=comments,
                        consent_to_quote=rng.random() < 0.6,
                        received_on=min(day, today),
                        synthetic=True,
                    )
                    added["responses"] += 1
            # The analyst of the team moderates: the viewer in it reads (a viewer changes nothing).
            _feedback_comments_moderate(form, approver, rng)
            added["measures"] += _feedback_measure_load(
                by, spec, programme, owner, enterer, approver, since=quarters[0].start
            )
    return added


def _feedback_comments_moderate(form, moderator, rng) -> None:

    themes = dict(SYNTHETIC_COMMENTS)

    for comment in FeedbackComment.objects.filter(response__form=form).order_by("pk"):
        if rng.random() < 0.25:
            continue  # some wait for moderation
        feedback_services.feedback_comment_moderate(
            by=moderator,
            comment=comment,
            text=comment.text,
            themes=themes.get(comment.text, ["other"]),
            decision="published" if rng.random() < 0.8 else "withheld",
        )


def _defined_from(measure: Measure, day: date) -> None:
    """A demo measure stands for one defined when its history starts, so its periods since were owed
    (`periods.Period.owed`): loading the demo today does not excuse them."""
    Measure.objects.filter(pk=measure.pk).update(
        created_at=timezone.make_aware(datetime.combine(day, time.min))
    )


def _feedback_measure_load(by, spec, programme, owner, enterer, approver, *, since: date) -> int:

    if Measure.objects.filter(code=spec["measure"]["code"]).exists():
        return 0
    measure = services.measure_create(
        by=by,
        code=spec["measure"]["code"],
        title=spec["measure"]["title"],
        category=spec["measure"]["category"],
        owner=owner,
        data_entry=[enterer],
        approver=approver,
        programme=programme,
        form="percentage",
        value_type="percentage",
        unit="%",
        decimal_places=1,
        polarity="higher_better",
        frequency="quarterly",
        data_lag_days=DATA_LAG_DAYS,
        definition=(
            "The percentage of answers to the question that were positive (the two most positive points), "
            "of everyone who answered it, 'neither' and 'don't know' included. Fewer than 5: not shown."
        ),
        source="The programme's feedback form. The responses are synthetic, made up for the demo.",
        visibility="public",
        synthetic=True,
    )
    _defined_from(measure, since)
    feedback_services.feedback_measure_link(
        by=by, measure=measure, question=FeedbackQuestion.objects.get(code=spec["measure"]["question"])
    )
    feedback_services.feedback_measure_refresh(by=feedback_services.system_actor(), measure=measure)
    drafts = list(MeasureValue.objects.filter(measure=measure).order_by("period_start"))
    for number, value in enumerate(drafts):
        services.value_submit(by=enterer, value=value)
        if number < len(drafts) - 1:
            services.value_approve(by=approver, value=value)
    return 1
