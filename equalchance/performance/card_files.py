"""The report cards as files: the RBA programme card (`cards.ProgrammeCard`) and the turn-the-curve card
(`views._card`'s description of it) as DOCX and ODT for officers to edit, and their values as XLSX.
Each is drawn from one description of its content, in the order of the page, as `plans.report_files`
draws a frozen report: `*_blocks` for the documents, `*_sheets` for the spreadsheet, with that module's
blocks, writers and cell rules (a status is its shape and words, shaded in its colour; text someone
typed goes through `common.spreadsheets.cell_safe`, so a story that starts "=" stays text)."""

import io
from datetime import UTC, date, datetime, time
from decimal import Decimal
from fractions import Fraction

import xlsxwriter
from django.utils.dateformat import format as date_format
from django.utils.text import slugify

from equalchance.performance import cards, presenting
from equalchance.plans.presenting import shown as action_shown
from equalchance.plans.report_files import (
    LANGUAGE,
    MARGIN_MM,
    PAGE_MM,
    Block,
    Run,
    Sheet,
    Table,
    _cell,
    _docx_language,
    _docx_runs,
    _docx_table,
    _heading,
    _list,
    _odt_list,
    _odt_page,
    _odt_paragraph,
    _odt_styles,
    _odt_table,
    _paragraph,
    _particulars,
    _write,
)

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TEXT_IN_CELLS = (
    "Text that begins with = + - or @ starts with an apostrophe, so that a spreadsheet never runs it as "
    "a formula."
)


def long_day(value: date) -> str:
    return date_format(value, "j F Y")


def _tag(shown) -> Run:
    """A status as the page's tag: its shape and words, shaded in its colour (no colour: data only)."""
    return Run(f"{shown.shape} {shown.words}", bold=True, tag=shown.css if shown.colour else "")


def _number(value):
    """A value for a spreadsheet cell: a number as a number."""
    if isinstance(value, Decimal | Fraction):
        return float(value)
    return value


def _synthetic(flag: bool) -> str:
    return "Yes" if flag else "No"


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
        [[Run(m.values_said)]],
    ]


def programme_blocks(card: cards.ProgrammeCard) -> list[Block]:
    programme = card.programme
    out = [_heading(1, card.title), _paragraph(Run(programme_introduction(card)))]
    if card.synthetic:
        out.append(_paragraph(Run("Synthetic.", bold=True), Run(" " + cards.SYNTHETIC_NOTE)))
    out += [_heading(2, cards.KEY_HEADING), _paragraph(Run(cards.KEY))]
    out += [
        _heading(2, "The programme"),
        _particulars(
            "The programme",
            [
                ("Customers", _cell(programme.customers or "Not recorded")),
                ("Providers", _cell(*card.providers) or _cell("Not recorded")),
                ("Area", _cell(card.area or "Not recorded")),
                ("Results it contributes to", _cell(*card.results) or _cell("None recorded")),
            ],
        ),
    ]
    out.append(_heading(2, "How much, how well, is anyone better off"))
    for quadrant in card.quadrants:
        out.append(_heading(3, f"{quadrant.question} ({quadrant.across} of {quadrant.down.lower()})"))
        if not quadrant.measures:
            out.append(_paragraph(Run("No measure in this quadrant.")))
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
        out.append(Block("table", table=table))
    out += _feedback_blocks(card)
    out.append(_heading(2, "The story behind the curve"))
    if not card.stories:
        out.append(_paragraph(Run("No turn-the-curve entry of these measures has been cleared yet.")))
    for story in card.stories:
        out.append(_heading(3, f"{story.measure.code} {story.measure.title}: {story.entry.period.label}"))
        out += _entry_blocks(story.entry, story.actions)
    out.append(_heading(2, "Plan actions"))
    if card.actions:
        out.append(Block("table", table=_actions_table(card.actions)))
    else:
        out.append(_paragraph(Run("No plan action is linked to this programme or its measures.")))
    return out


def _feedback_blocks(card: cards.ProgrammeCard) -> list[Block]:
    out = [_heading(2, "What service users say")]
    if not card.forms:
        out.append(_paragraph(Run("No feedback yet.")))
    for feedback in card.forms:
        out.append(_heading(3, f"{feedback.form.title}: {feedback.period_label}"))
        if feedback.form.synthetic:
            out.append(
                _paragraph(Run("Synthetic.", bold=True), Run(" The responses are made up, for the demo."))
            )
        rows = [
            [
                _cell(q.wording),
                _cell(f"{q.result.n:,}"),
                _cell(q.rate_said),
                _cell(q.positive_said),
                _cell(q.direction),
            ]
            for q in feedback.questions
        ]
        out.append(
            Block(
                "table",
                table=Table(
                    caption=f"{feedback.form.title}: positive by question, {feedback.period_label}",
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
            _paragraph(Run("Top themes in published comments:", bold=True), Run(" " + feedback.themes_said))
        )
    out.append(_heading(3, "In their words"))
    if card.quotes:
        out.append(_list(q.said for q in card.quotes))
    else:
        out.append(_paragraph(Run(cards.NO_QUOTES)))
    return out


def _entry_blocks(entry, actions) -> list[Block]:
    out = []
    if entry.synthetic:
        out.append(_paragraph(Run("Synthetic.", bold=True), Run(" This entry is made up, for the demo.")))
    if entry.status != "cleared":
        out.append(
            _paragraph(
                Run("Draft.", bold=True), Run(" Not yet cleared: only the people who write it see it.")
            )
        )

    def said(text):
        return _cell(*[line for line in (text or "").splitlines() if line.strip()]) or _cell("Not said")

    proposals = said(entry.proposals) + [[Run(action_said(a))] for a in actions]
    out.append(
        _particulars(
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
                _cell(row.action.title),
                _cell(row.action.plan.title),
                _cell(_person(row.action.owner) or "No owner"),
                _cell(long_day(row.action.due) if row.action.due else (row.action.due_text or "No due date")),
                [[_tag(action_shown(row.result.state, row.result.rag))]],
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
                    _number(latest.actual) if latest else None,
                    latest.counts[1] if latest and latest.counts else None,
                    m.status_shown.words,
                    m.direction_shown.words if m.direction_shown else "Not yet known",
                    _synthetic(m.measure.synthetic),
                ]
            )
            values += [[m.measure.code, label, _number(value)] for label, value in m.values]
    feedback = [
        [
            f.form.title,
            q.wording,
            f.period_label,
            q.result.n,
            None if q.result.response_rate is None else round(q.result.response_rate, 1),
            None if q.result.suppressed else round(q.result.value, 1),
            "Fewer than 5 responses: not shown"
            if q.result.suppressed
            else ("Low base" if q.result.low_base else ""),
            q.direction,
            _synthetic(f.form.synthetic),
        ]
        for f in card.forms
        for q in f.questions
    ]
    stories = [
        [s.measure.code, s.entry.period.label, label, text or ""]
        for s in card.stories
        for label, text in _entry_fields(s.entry)
    ]
    quotes = [[q.form_title, q.period_label, q.text, _synthetic(q.synthetic)] for q in card.quotes]
    actions = [
        [
            row.action.title,
            row.action.plan.title,
            _person(row.action.owner),
            row.action.due,
            action_shown(row.result.state, row.result.rag).words,
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
                "Responses",
                "Status now",
                "Direction of travel",
                "Synthetic",
            ],
            measures,
            [34, 10, 50, 14, 14, 10, 34, 20, 10],
        ),
        Sheet("Values", ["Code", "Period", "Approved value"], values, [10, 14, 16]),
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
        Sheet("Actions", ["Action", "Plan", "Owner", "Due", "Status"], actions, [50, 40, 24, 14, 30]),
    ]


def _entry_fields(entry) -> list[tuple[str, str]]:
    return [
        ("The story behind the curve", entry.story),
        ("What is helping", entry.helping),
        ("What is hurting", entry.hurting),
        ("Partners with a role to play", entry.partners),
        ("What works", entry.what_works),
        ("What we propose to do", entry.proposals),
        ("Data development agenda", entry.data_development),
    ]


def programme_about(card: cards.ProgrammeCard) -> list[tuple[str, object]]:
    return [
        ("Report", card.title),
        ("Programme", card.programme.name),
        ("As at", card.as_at),
        ("Synthetic", cards.SYNTHETIC_NOTE if card.synthetic else "No synthetic data."),
        (cards.KEY_HEADING, cards.KEY),
        ("Text in cells", TEXT_IN_CELLS),
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
    status = presenting.state_shown(where.status.state)
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
        result = where.forecast_status
        if result.state == "data_only" and where.year_target is None and not measure.data_only:
            words = f"{presenting.DATA_ONLY_SHAPE} No target for the year end"
        else:
            shown = presenting.state_shown(result.state)
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


def _row_status(row) -> str:
    if row.not_yet_due:
        return "Not yet due"
    shown = presenting.state_shown(row.status.state)
    return f"{shown.shape} {shown.words}"


def measure_blocks(context: dict) -> list[Block]:
    measure, where, entry = context["measure"], context["where"], context["entry"]
    out = [
        _heading(1, measure_title(context)),
        _paragraph(
            Run(
                f"As at {long_day(context['as_at'])}. {measure.get_category_display()}"
                + (f" · {measure.programme.name}" if measure.programme else "")
            )
        ),
    ]
    if measure.synthetic:
        out.append(
            _paragraph(
                Run("Synthetic.", bold=True), Run(" The values of this measure are made up, for the demo.")
            )
        )
    out += [
        _heading(2, "Where it stands"),
        _particulars(
            "Where it stands", [(label, _cell(text)) for label, text in standing_rows(where, measure)]
        ),
        _heading(2, "The curve"),
    ]
    if context["rows"]:
        rows = [
            [
                [[Run(row.period.label, bold=True)]],
                _cell(_figure(measure, row.value.value) if row.value else "No value"),
                _cell(_figure(measure, row.target.value) if row.target else "No target"),
                _cell(_figure(measure, row.forecast.value) if row.forecast else "No forecast"),
                _cell(_row_status(row)),
            ]
            for row in context["rows"]
        ]
        out.append(
            Block(
                "table",
                table=Table(
                    caption="Values, targets and forecast by period, newest first",
                    headers=["Period", "Value", "Target", "Forecast", "Status"],
                    rows=rows,
                    numeric={1, 2, 3},
                    widths=[16, 14, 14, 14, 42],
                ),
            )
        )
    else:
        out.append(_paragraph(Run("No values, targets or forecasts yet.")))
    out.append(_heading(2, "Turning the curve" + (f": {entry.period.label}" if entry else "")))
    if entry:
        out += _entry_blocks(entry, context.get("actions", []))
    else:
        out.append(_paragraph(Run("No turn-the-curve entry yet.")))
    return out


def measure_sheets(context: dict) -> list[Sheet]:
    measure, entry = context["measure"], context["entry"]
    values = [
        [
            row.period.label,
            row.period.start,
            row.period.end,
            _number(row.value.value) if row.value else None,
            _number(row.target.value) if row.target else None,
            _number(row.forecast.value) if row.forecast else None,
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
            ["Period", "Starts", "Ends", "Approved value", "Target", "Forecast", "Status"],
            values,
            [14, 14, 14, 14, 14, 14, 40],
        ),
        Sheet(
            "Standing",
            ["", "Where it stands"],
            [list(r) for r in standing_rows(context["where"], measure)],
            [30, 90],
        ),
        Sheet("Turn the curve", ["Part", "Text"], talk, [30, 90]),
    ]


def measure_about(context: dict) -> list[tuple[str, object]]:
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
        ("Text in cells", TEXT_IN_CELLS),
    ]


# ---------------------------------------------------------------------------------------------------
# The writers: a list of blocks as DOCX or ODT, sheets as XLSX (A4 landscape, as the plans' reports).


def _created(as_at: date) -> datetime:
    return datetime.combine(as_at, time(), tzinfo=UTC)


def docx_bytes(*, title: str, subject: str, description: str, as_at: date, blocks: list[Block]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.language = LANGUAGE
    properties.subject = subject
    properties.author = properties.last_modified_by = "Equal Chance"
    properties.comments = description
    properties.created = properties.modified = _created(as_at)
    _docx_language(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for block in blocks:
        if block.kind == "heading":
            document.add_heading(block.runs[0].text, level=block.level)
        elif block.kind == "paragraph":
            _docx_runs(document.add_paragraph(), block.runs)
        elif block.kind in ("bullets", "numbered"):
            style = "List Number" if block.kind == "numbered" else "List Bullet"
            for text, _depth in block.items:
                document.add_paragraph(text, style=style)
        else:
            _docx_table(document, block.table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(*, title: str, subject: str, description: str, as_at: date, blocks: list[Block]) -> bytes:
    from odfdo import Document, Header

    document = Document("text")
    document.body.clear()
    document.set_language(LANGUAGE)
    document.meta.set_title(title)
    document.meta.set_subject(subject)
    document.meta.set_description(description)
    document.meta.set_creation_date(_created(as_at))
    document.meta.set_modification_date(_created(as_at))
    _odt_page(document)
    styles = _odt_styles(document)
    tables = 0
    for block in blocks:
        if block.kind == "heading":
            header = Header(block.level, block.runs[0].text)
            header.style = f"Heading_20_{block.level}"
            document.body.append(header)
        elif block.kind == "paragraph":
            document.body.append(_odt_paragraph(block.runs, styles))
        elif block.kind == "bullets":
            document.body.append(_odt_list(block.items))
        elif block.kind == "numbered":
            for number, (text, _) in enumerate(block.items, start=1):
                document.body.append(_odt_paragraph([Run(f"{number}. {text}")], styles))
        else:
            tables += 1
            document.body.append(_odt_table(document, block.table, styles, tables))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(*, title: str, subject: str, as_at: date, about: list, sheets: list[Sheet]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {"title": title, "subject": subject, "created": _created(as_at).replace(tzinfo=None)}
    )
    formats = {
        "date": workbook.add_format({"num_format": "d mmm yyyy", "valign": "top"}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "bold": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
    }
    made = workbook.add_worksheet("About")
    rows = [*about, *((f"Rows on '{sheet.name}'", len(sheet.rows)) for sheet in sheets)]
    for number, (label, value) in enumerate(rows):
        made.write_string(number, 0, label, formats["bold"])
        _write(made, number, 1, value, formats)
    made.set_column(0, 0, 24)
    made.set_column(1, 1, 110)
    for sheet in sheets:
        made = workbook.add_worksheet(sheet.name)
        for column, name in enumerate(sheet.columns):
            made.write_string(0, column, name, formats["bold"])
        for number, row in enumerate(sheet.rows, start=1):
            for column, value in enumerate(row):
                _write(made, number, column, _number(value), formats)
        made.freeze_panes(1, 0)
        for column, width in enumerate(sheet.widths):
            made.set_column(column, column, width)
    workbook.close()
    return buffer.getvalue()


def programme_file(card: cards.ProgrammeCard, file_format: str) -> bytes:
    described = {
        "title": card.title,
        "subject": "RBA performance report card",
        "as_at": card.as_at,
    }
    if file_format == "xlsx":
        return xlsx_bytes(**described, about=programme_about(card), sheets=programme_sheets(card))
    writer = docx_bytes if file_format == "docx" else odt_bytes
    return writer(**described, description=programme_introduction(card), blocks=programme_blocks(card))


def measure_file(context: dict, file_format: str) -> bytes:
    described = {
        "title": measure_title(context),
        "subject": "Turn-the-curve report card",
        "as_at": context["as_at"],
    }
    if file_format == "xlsx":
        return xlsx_bytes(**described, about=measure_about(context), sheets=measure_sheets(context))
    writer = docx_bytes if file_format == "docx" else odt_bytes
    return writer(
        **described, description=f"As at {long_day(context['as_at'])}.", blocks=measure_blocks(context)
    )


def file_name(kind: str, name: str, as_at: date, file_format: str) -> str:
    """ "rba-report-card-childrens-centres-2026-11-30.docx": what the card is of, never who."""
    words = slugify(name)[:80].strip("-") or "card"
    return f"{kind}-{words}-{as_at:%Y-%m-%d}.{file_format}"
