"""The report cards as files: the RBA programme card (`cards.ProgrammeCard`) and the turn-the-curve card
(`views._card`'s description of it) as DOCX and ODT for officers to edit, and their values as XLSX.
Each is drawn from one description of its content, in the order of the page: `*_blocks` for the
documents, `*_sheets` for the spreadsheet. This module says only what a card holds; `frontend.documents`
draws it as it draws the plans' reports (A4 landscape, a status as its shape and words shaded in its
colour, text someone typed made safe, so a story that starts "=" stays text in a spreadsheet)."""

from datetime import date

from django.utils.dateformat import format as date_format
from django.utils.text import slugify

from equalchance.frontend import documents
from equalchance.frontend.documents import (
    Block,
    Run,
    Sheet,
    Table,
    cell,
    figure,
    heading,
    list_block,
    paragraph,
    particulars,
    svg_picture,
    table_block,
)
from equalchance.performance import cards, presenting
from equalchance.plans.presenting import shown as action_shown

FORMATS = dict(documents.MEDIA_TYPES)


def long_day(value: date) -> str:
    return date_format(value, "j F Y")


def _tag(shown) -> Run:
    """A status as the page's tag: its shape and words, shaded in its colour (no colour: data only)."""
    return Run(f"{shown.shape} {shown.words}", bold=True, tag=shown.css if shown.colour else "")


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def _kept(measure, value):
    """A value as the page shows it, rounded half up to the measure's places, as a number a spreadsheet
    sums (probe 8: 42.857143 stood where the page says 42.9%)."""
    if value is None:
        return None
    kept = presenting.rounded(value, measure.decimal_places)
    return int(kept) if not measure.decimal_places else float(kept)


def _unit(measure) -> str:
    percentage = measure.form == "percentage" or measure.value_type == "percentage"
    return "%" if percentage else measure.unit or ""


def _made_up(row) -> bool:
    """An action whose status rests on a synthetic progress update."""
    return bool(row.latest and row.latest.synthetic)


# ---------------------------------------------------------------------------------------------------
# The RBA programme card.


def programme_introduction(card: cards.ProgrammeCard) -> str:
    return (
        f"RBA performance report card of {card.programme.name}, as at {long_day(card.as_at)}: its measures "
        "in Results Based Accountability's four quadrants, what service users say, the story behind the "
        "curve and the plan actions linked."
    )


def _measure_row(m: cards.CardMeasure) -> list[list[list[Run]]]:
    name = [Run(f"{m.measure.code} {m.measure.title}", bold=True)]
    if m.measure.headline:
        name += [Run(" "), Run("Headline", bold=True, tag="blue")]
    if m.measure.synthetic:
        name += [Run(" "), Run("Synthetic", bold=True, tag="yellow")]
    direction = m.direction_shown
    return [
        [name],
        [[Run(m.latest_said)]],
        [[_tag(m.status_shown)]],
        [[Run(f"{direction.shape} {direction.words}" if direction else "Not yet known")]],
        [*_sparkline(m), [Run(m.values_said)]],
    ]


def _sparkline(m: cards.CardMeasure) -> list[list[Run]]:
    if not m.sparkline:
        return []
    return [[Run("", picture=svg_picture(m.sparkline, width_mm=cards.SPARKLINE_WIDTH_MM))]]


def programme_blocks(card: cards.ProgrammeCard) -> list[Block]:
    programme = card.programme
    out = [heading(1, card.title), paragraph(Run(programme_introduction(card)))]
    if card.synthetic:
        out.append(paragraph(Run("Synthetic.", bold=True), Run(" " + cards.SYNTHETIC_NOTE)))
    out += [heading(2, cards.KEY_HEADING), paragraph(Run(cards.KEY))]
    out += [
        heading(2, "The programme"),
        particulars(
            "The programme",
            [
                *([("What it is", cell(programme.description))] if programme.description else []),
                ("Customers", cell(programme.customers or "Not recorded")),
                ("Providers", cell(*card.providers) or cell("Not recorded")),
                ("Area", cell(card.area or "Not recorded")),
                ("Results it contributes to", cell(*card.results) or cell("None recorded")),
            ],
        ),
    ]
    out.append(heading(2, "How much, how well, is anyone better off"))
    for quadrant in card.quadrants:
        out.append(heading(3, f"{quadrant.question} ({quadrant.across} of {quadrant.down.lower()})"))
        if not quadrant.measures:
            out.append(paragraph(Run("No measure in this quadrant.")))
            continue
        table = Table(
            caption=quadrant.question,
            headers=[
                "Measure",
                "Latest approved value",
                "Status now",
                "Direction of travel",
                "Values by period",
            ],
            rows=[_measure_row(m) for m in quadrant.measures],
            widths=[26, 17, 17, 12, 28],
        )
        out.append(table_block(table))
    out += _feedback_blocks(card)
    out.append(heading(2, "The story behind the curve"))
    if not card.stories:
        out.append(paragraph(Run("No turn-the-curve entry of these measures has been cleared yet.")))
    for story in card.stories:
        out.append(heading(3, f"{story.measure.code} {story.measure.title}: {story.entry.period.label}"))
        out += _entry_blocks(story.entry, story.actions)
    out.append(heading(2, "Plan actions"))
    if card.actions:
        out.append(table_block(_actions_table(card.actions)))
    else:
        out.append(paragraph(Run("No plan action is linked to this programme or its measures.")))
    return out


def _feedback_blocks(card: cards.ProgrammeCard) -> list[Block]:
    out = [heading(2, "What service users say")]
    if not card.forms:
        out.append(paragraph(Run(cards.NO_FEEDBACK)))
    for feedback in card.forms:
        out.append(heading(3, f"{feedback.form.title} ({feedback.period_label})"))  # titles end "?"
        if feedback.synthetic:
            out.append(paragraph(Run("Synthetic.", bold=True), Run(" " + cards.SYNTHETIC_RESPONSES)))
        rows = [
            [
                cell(q.wording),
                cell(f"{q.result.n:,}"),
                cell(q.rate_said),
                cell(q.positive_said),
                cell(q.direction),
            ]
            for q in feedback.questions
        ]
        out.append(
            table_block(
                Table(
                    caption=f"Positive by question, {feedback.period_label} ({feedback.form.title})",
                    headers=[
                        "Question",
                        "Responses",
                        "Response rate",
                        "Positive",
                        "Against the quarter before",
                    ],
                    rows=rows,
                    numeric={1, 2},
                    widths=[34, 11, 13, 18, 24],
                ),
            )
        )
        out.append(
            paragraph(Run("Top themes in published comments:", bold=True), Run(" " + feedback.themes_said))
        )
        if feedback.left_out:
            out.append(paragraph(Run(feedback.left_out_said)))
    out.append(heading(3, cards.QUOTES_HEADING))
    if card.quotes:
        out.append(list_block(q.said for q in card.quotes))
    else:
        out.append(paragraph(Run(cards.NO_QUOTES)))
    return out


def _entry_blocks(entry, actions) -> list[Block]:
    out = []
    if entry.synthetic:
        out.append(paragraph(Run("Synthetic.", bold=True), Run(" This entry is made up, for the demo.")))
    if entry.status != "cleared":
        out.append(
            paragraph(Run("Draft.", bold=True), Run(" Not yet cleared: only the people who write it see it."))
        )
    else:
        out.append(paragraph(Run(cards.entry_credit(entry))))

    def said(text):
        return cell(*[line for line in (text or "").splitlines() if line.strip()]) or cell("Not said")

    proposals = said(entry.proposals) + [[Run(action_said(a))] for a in actions]
    out.append(
        particulars(
            f"Turning the curve, {entry.period.label}",
            [
                ("The story behind the curve", said(entry.story)),
                ("What is helping", said(entry.helping)),
                ("What is hurting", said(entry.hurting)),
                ("Partners with a role to play", said(entry.partners)),
                ("What works", said(entry.what_works)),
                ("What we propose to do", proposals),
                ("Data development agenda", said(entry.data_development)),
            ],
        )
    )
    return out


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def action_said(action) -> str:
    owner = f", owner {_person(action.owner)}" if action.owner_id else ""
    due = f", due {long_day(action.due)}" if action.due else ""
    return f"Action: {action.title} ({action.plan.title}){owner}{due}"


def _actions_table(rows) -> Table:
    return Table(
        caption="Plan actions linked to the programme and its measures",
        headers=["Action", "Plan", "Owner", "Due", "Status"],
        rows=[
            [
                cell(row.action.title),
                cell(row.action.plan.title),
                cell(_person(row.action.owner) or "No owner"),
                cell(long_day(row.action.due) if row.action.due else (row.action.due_text or "No due date")),
                [[_tag(action_shown(row.result.state, row.result.rag))]]
                + ([[Run("Synthetic progress", bold=True)]] if _made_up(row) else []),
            ]
            for row in rows
        ],
        widths=[32, 22, 14, 12, 20],
    )


def programme_sheets(card: cards.ProgrammeCard) -> list[Sheet]:
    measures, values = [], []
    for quadrant in card.quadrants:
        for m in quadrant.measures:
            where = m.standing
            latest = where.latest
            measures.append(
                [
                    quadrant.question,
                    m.measure.code,
                    m.measure.title,
                    latest.period.label if latest else "",
                    _kept(m.measure, latest.actual) if latest else None,
                    _unit(m.measure),
                    latest.counts[1] if latest and latest.counts else None,
                    m.status_shown.words,
                    m.direction_shown.words if m.direction_shown else "Not yet known",
                    _yes_no(m.measure.synthetic),
                ]
            )
            values += [
                [m.measure.code, label, _kept(m.measure, value), _unit(m.measure), _yes_no(provisional)]
                for label, value, provisional in m.values
            ]
    feedback = [
        [
            f.form.title,
            q.wording,
            f.period_label,
            q.result.n,
            None if q.result.response_rate is None else float(presenting.rounded(q.result.response_rate, 1)),
            None if q.shown_value is None else float(presenting.rounded(q.shown_value, 1)),
            q.note,
            q.direction,
            _yes_no(f.synthetic),
        ]
        for f in card.forms
        for q in f.questions
    ]
    stories = [
        [s.measure.code, s.entry.period.label, label, text or ""]
        for s in card.stories
        for label, text in _entry_fields(s.entry)
    ]
    quotes = [[q.form_title, q.period_label, q.text, _yes_no(q.synthetic)] for q in card.quotes]
    actions = [
        [
            row.action.title,
            row.action.plan.title,
            _person(row.action.owner),
            row.action.due,
            action_shown(row.result.state, row.result.rag).words,
            _yes_no(_made_up(row)),
        ]
        for row in card.actions
    ]
    return [
        Sheet(
            "Measures",
            [
                "Quadrant",
                "Code",
                "Measure",
                "Latest period",
                "Latest approved value",
                "Unit",
                "Responses",
                "Status now",
                "Direction of travel",
                "Synthetic",
            ],
            measures,
            [34, 10, 50, 14, 14, 8, 10, 34, 20, 10],
        ),
        Sheet(
            "Values", ["Code", "Period", "Approved value", "Unit", "Provisional"], values, [10, 14, 16, 8, 12]
        ),
        Sheet(
            "Feedback",
            [
                "Form",
                "Question",
                "Quarter",
                "Responses",
                "Response rate (%)",
                "Positive (%)",
                "Note",
                "Against the quarter before",
                "Synthetic",
            ],
            feedback,
            [40, 50, 14, 10, 14, 12, 30, 30, 10],
        ),
        Sheet("Quotes", ["Form", "Quarter", "Comment", "Synthetic"], quotes, [40, 14, 80, 10]),
        Sheet("Stories", ["Code", "Period", "Part", "Text"], stories, [10, 14, 30, 90]),
        Sheet(
            "Actions",
            ["Action", "Plan", "Owner", "Due", "Status", "Progress synthetic"],
            actions,
            [50, 40, 24, 14, 30, 18],
        ),
    ]


def _entry_fields(entry) -> list[tuple[str, str]]:
    return [
        ("Cleared", cards.entry_credit(entry) if entry.status == "cleared" else "No: a draft"),
        ("The story behind the curve", entry.story),
        ("What is helping", entry.helping),
        ("What is hurting", entry.hurting),
        ("Partners with a role to play", entry.partners),
        ("What works", entry.what_works),
        ("What we propose to do", entry.proposals),
        ("Data development agenda", entry.data_development),
    ]


def programme_about(card: cards.ProgrammeCard, sheets: list[Sheet]) -> list[tuple[str, object]]:
    return [
        ("Report", card.title),
        ("Programme", card.programme.name),
        ("As at", card.as_at),
        ("Synthetic", cards.SYNTHETIC_NOTE if card.synthetic else "No synthetic data."),
        (cards.KEY_HEADING, cards.KEY),
        ("Text in cells", documents.TEXT_IN_CELLS),
        *documents.rows_counted(sheets),
    ]


# ---------------------------------------------------------------------------------------------------
# The turn-the-curve card (its description is `views._card`'s: measure, where, rows, entry, as_at).


def measure_title(context: dict) -> str:
    measure = context["measure"]
    return f"Turn-the-curve report card: {measure.code} {measure.title}"


def _figure(measure, value) -> str:
    percentage = measure.form == "percentage" or measure.value_type == "percentage"
    return presenting.figure(value, measure.decimal_places, percentage=percentage)


def standing_rows(where, measure) -> list[tuple[str, str]]:
    """Where the measure stands, in the words of the page's standing list (includes/standing.html)."""
    status = presenting.status_shown(where.status)
    if where.overdue_since:
        reason = f"No approved value: it was due by {long_day(where.overdue_since)}."
    elif where.current and where.current.suppressed:
        reason = f"Not shown: fewer than 5 responses in {where.current.period.label}."
    else:
        reason = where.status.reason
    rows = [
        (
            "Status now" + (f" ({where.current.period.label})" if where.current else ""),
            f"{status.shape} {status.words}. {reason}",
        )
    ]
    if where.latest:
        latest = f"{_figure(measure, where.latest.actual)}, {where.latest.period.label}"
        if where.latest.counts:
            answered = where.latest.counts[1]
            responses = f"{answered:,} response{'' if answered == 1 else 's'}"
            latest += (
                f" (Low base: {responses})" if answered < cards.rules.LOW_BASE_BELOW else f" ({responses})"
            )
    else:
        latest = "None yet"
    rows.append(("Latest approved value", latest))
    if where.forecast_status:
        shown = presenting.status_shown(where.forecast_status, period="the year end")
        words = f"{shown.shape} {shown.words}"
        against = (
            f", against the year's target of {_figure(measure, where.year_target)}"
            if where.year_target is not None
            else "; no target is set for the year's last period"
        )
        forecast = (
            f"{words}. {_figure(measure, where.year_forecast)}, from {where.year_forecast_how}{against}."
        )
    else:
        forecast = "No forecast: it needs two approved values this year, or one recorded by hand."
    rows.append(("Forecast for the year end" + (f" ({where.year})" if where.year else ""), forecast))
    direction = presenting.direction_shown(where.direction)
    rows.append(
        (
            "Direction of travel",
            f"{direction.shape} {direction.words}"
            if direction
            else "Not yet known: it needs approved values for this period and the one before",
        )
    )
    rows.append(("Current trend", presenting.trend_said(where.trend)))
    if where.trajectory:
        rows.append(("Stopped getting worse?", presenting.TRAJECTORY_WORDS.get(str(where.trajectory), "")))
    if where.against_forecast:
        rows.append(
            ("Against its forecast", presenting.AGAINST_FORECAST_WORDS.get(str(where.against_forecast), ""))
        )
    if where.baseline_change:
        rows.append(("Change from baseline", where.baseline_change.reason))
    return rows


def _forecast_said(measure, forecast) -> str:
    return f"{_figure(measure, forecast.value)} ({forecast.how})" if forecast else "No forecast"


def _value_said(measure, value, *, withheld: bool = False) -> str:
    if value is None:
        return "Not shown" if withheld else "None yet"
    return _figure(measure, value.value) + (" (provisional)" if value.provisional else "")


def _row_status(row) -> str:
    if row.unjudged:
        return row.unjudged
    shown = presenting.status_shown(row.status)
    return f"{shown.shape} {shown.words}"


def measure_blocks(context: dict) -> list[Block]:
    measure, where, entry = context["measure"], context["where"], context["entry"]
    out = [
        heading(1, measure_title(context)),
        paragraph(
            Run(
                f"As at {long_day(context['as_at'])}. {measure.get_category_display()}"
                + (f" · {measure.programme.name}" if measure.programme else "")
            )
        ),
    ]
    if measure.synthetic:
        out.append(
            paragraph(
                Run("Synthetic.", bold=True), Run(" The values of this measure are made up, for the demo.")
            )
        )
    out += [
        heading(2, "Where it stands"),
        particulars(
            "Where it stands", [(label, cell(text)) for label, text in standing_rows(where, measure)]
        ),
        heading(2, "The curve"),
    ]
    if context["chart"]:
        out.append(figure(svg_picture(context["chart"], width_mm=cards.CURVE_WIDTH_MM), cards.CURVE_CAPTION))
    if context["rows"]:
        rows = [
            [
                [[Run(row.period.label, bold=True)]],
                cell(_value_said(measure, row.value, withheld=row.withheld)),
                cell(_figure(measure, row.target.value) if row.target else "No target"),
                cell(_forecast_said(measure, cards.row_forecast(row, where))),
                cell(_row_status(row)),
            ]
            for row in context["rows"]
        ]
        out.append(
            table_block(
                Table(
                    caption="Values, targets and forecast by period, newest first",
                    headers=["Period", "Value", "Target", "Forecast", "Status"],
                    rows=rows,
                    numeric={1, 2, 3},
                    widths=[16, 14, 14, 14, 42],
                ),
            )
        )
    else:
        out.append(paragraph(Run("No values, targets or forecasts yet.")))
    out.append(heading(2, "Turning the curve" + (f": {entry.period.label}" if entry else "")))
    if entry:
        out += _entry_blocks(entry, context.get("actions", []))
    else:
        out.append(paragraph(Run("No turn-the-curve entry yet.")))
    return out


def measure_sheets(context: dict) -> list[Sheet]:
    measure, entry = context["measure"], context["entry"]
    values = [
        [
            row.period.label,
            row.period.start,
            row.period.end,
            _kept(measure, row.value.value) if row.value else None,
            _unit(measure),
            _yes_no(bool(row.value and row.value.provisional)),
            _kept(measure, row.target.value) if row.target else None,
            _kept(measure, row.forecast.value) if row.forecast else None,
            _row_status(row),
        ]
        for row in context["rows"]
    ]
    talk = [[label, text or ""] for label, text in _entry_fields(entry)] if entry else []
    if entry:
        talk += [[action_said(a), ""] for a in context.get("actions", [])]
    return [
        Sheet(
            "Values",
            [
                "Period",
                "Starts",
                "Ends",
                "Approved value",
                "Unit",
                "Provisional",
                "Target",
                "Forecast",
                "Status",
            ],
            values,
            [14, 14, 14, 14, 8, 12, 14, 14, 40],
        ),
        Sheet(
            "Standing",
            ["", "Where it stands"],
            [list(r) for r in standing_rows(context["where"], measure)],
            [30, 90],
        ),
        Sheet("Turn the curve", ["Part", "Text"], talk, [30, 90]),
    ]


def measure_about(context: dict, sheets: list[Sheet]) -> list[tuple[str, object]]:
    measure, entry = context["measure"], context["entry"]
    return [
        ("Report", measure_title(context)),
        ("Measure", f"{measure.code} {measure.title}"),
        ("As at", context["as_at"]),
        (
            "Turning the curve",
            f"{entry.period.label} ({entry.get_status_display().lower()})" if entry else "None yet",
        ),
        ("Synthetic", "Yes: made-up values, for the demo." if measure.synthetic else "No synthetic values."),
        ("Text in cells", documents.TEXT_IN_CELLS),
        *documents.rows_counted(sheets),
    ]


# ---------------------------------------------------------------------------------------------------
# The files: the shared writers, with what each card says about itself (dated at its as-at day).


def programme_file(card: cards.ProgrammeCard, file_format: str) -> bytes:
    described = {
        "title": card.title,
        "subject": "RBA performance report card",
        "created": card.as_at,
    }
    if file_format == "xlsx":
        sheets = programme_sheets(card)
        return documents.xlsx_bytes(**described, about=programme_about(card, sheets), sheets=sheets)
    writer = documents.docx_bytes if file_format == "docx" else documents.odt_bytes
    return writer(**described, description=programme_introduction(card), blocks=programme_blocks(card))


def measure_file(context: dict, file_format: str) -> bytes:
    described = {
        "title": measure_title(context),
        "subject": "Turn-the-curve report card",
        "created": context["as_at"],
    }
    if file_format == "xlsx":
        sheets = measure_sheets(context)
        return documents.xlsx_bytes(**described, about=measure_about(context, sheets), sheets=sheets)
    writer = documents.docx_bytes if file_format == "docx" else documents.odt_bytes
    return writer(
        **described, description=f"As at {long_day(context['as_at'])}.", blocks=measure_blocks(context)
    )


def file_name(kind: str, name: str, as_at: date, file_format: str) -> str:
    """ "rba-report-card-childrens-centres-2026-11-30.docx": what the card is of, never who."""
    words = slugify(name)[:80].strip("-") or "card"
    return f"{kind}-{words}-{as_at:%Y-%m-%d}.{file_format}"
