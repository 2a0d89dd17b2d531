"""A frozen report (`ReportIssue`) as the files a board's officers use: DOCX and ODT for papers they
edit, XLSX and CSV for the data annex, beside the HTML and tagged PDF of `reports`. Every file is drawn
from the frozen data only, so it says what the page of the same issue says.

DOCX and ODT carry the page's content in the same order (title, how to read, summary, a heading and a
table per section, the closed list) from one description of it (`blocks`). A status is always its
shape and words, shaded in its colour as well, never colour alone. The annex has one row per action;
text that someone typed goes through `common.spreadsheets.cell_safe`, so a title such as
"=HYPERLINK(...)" stays text in a spreadsheet."""

import io
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import xlsxwriter
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import slugify

from equalchance.common.spreadsheets import cell_safe, csv_text
from equalchance.plans import reports
from equalchance.plans.presenting import RAG_WORDS, STATE_WORDS

LANGUAGE = "en-GB"

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMAT_NAMES = {
    "html": "a web page (HTML)",
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "odt": "OpenDocument text (ODT)",
    "xlsx": "a spreadsheet (XLSX)",
    "csv": "CSV",
}

# The key printed on every report (the same words as plans/reports/body.html; a test holds them equal).
KEY_HEADING = "How to read this report"
KEY = (
    "Each status is given in words, with a shape and a colour: ● green, on track; ▲ amber, at risk; "
    "■ red, off track or overdue; ◆ grey, on hold, closed or not yet started; ✓ complete. It is worked "
    "out from the dates, the per cent complete or the owner's forecast; an owner may make it worse, and "
    "can make it better only with a reason, shown as an override. Slippage is how many days the due "
    "date has moved from the date first agreed."
)
SYNTHETIC = (
    "Synthetic progress.",
    " The plan is transcribed from a published document; the progress updates are made up for the demo.",
)

# The colours of the tags on the page (plans/reports/document.html): background and text.
COLOURS = {
    "green": ("CCE2D8", "005A30"),
    "yellow": ("FFF7BF", "594D00"),
    "red": ("F4CDC6", "942514"),
    "grey": ("E5E6E7", "282D30"),
    "blue": ("BBD4EA", "0C2D4A"),
    "purple": ("DBD5E9", "3D2375"),
}


# A4 landscape, as the PDF: the tables need the width.
PAGE_MM = (297, 210)
MARGIN_MM = 15
WIDTH_MM = PAGE_MM[0] - 2 * MARGIN_MM


def day_shown(value: str | date | None) -> str:
    """A date as the report's tables show it: "31 Dec 2026"."""
    if not value:
        return ""
    return date_format(date.fromisoformat(value) if isinstance(value, str) else value, "j M Y")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def frozen_on(issue) -> date:
    return timezone.localdate(issue.generated_at) if issue.generated_at else issue.as_at


def frozen_at(issue) -> datetime:
    """When the issue was frozen (UTC, to the second): the files' own dates, so that an issue's file
    says when its content was fixed, and is the same whenever it is drawn."""
    at = issue.generated_at or datetime.combine(issue.as_at, time(), tzinfo=UTC)
    return at.astimezone(UTC).replace(microsecond=0)


# ---------------------------------------------------------------------------------------------------
# One description of the document, drawn as DOCX and as ODT.


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    tag: str = ""  # a colour of COLOURS: the run is drawn as a tag (shaded, bold)


@dataclass
class Table:
    caption: str
    headers: list[str]  # none: a table of particulars, whose first column heads each row
    rows: list[list[list[list[Run]]]]  # row, cell, paragraph, runs
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    widths: list[int] = field(default_factory=list)  # per cent of the page's width, per column


@dataclass(frozen=True)
class Block:
    kind: str  # heading, paragraph, table, bullets, numbered
    level: int = 0
    runs: tuple = ()
    table: Table | None = None
    items: tuple = ()  # of a list: (text, depth) pairs, depth 0 at the top
    new_page: bool = False  # a heading that starts a new page (a bound appendix)


def _heading(level: int, text: str, *, new_page: bool = False) -> Block:
    return Block("heading", level=level, runs=(Run(text),), new_page=new_page)


def _paragraph(*runs: Run) -> Block:
    return Block("paragraph", runs=tuple(runs))


def _lines(text: str) -> list[Block]:
    """Text typed over several lines, a paragraph per line (the page breaks the lines)."""
    return [_paragraph(Run(line)) for line in text.splitlines() if line.strip()]


def _list(items, *, numbered: bool = False) -> Block:
    return Block("numbered" if numbered else "bullets", items=tuple((text, 0) for text in items))


def _cell(*texts: str) -> list[list[Run]]:
    return [[Run(text)] for text in texts]


def _particulars(caption: str, rows: list[tuple[str, list[list[Run]]]], widths=(25, 75)) -> Block:
    """A table of label and value, as the page's tables whose rows each have a heading."""
    table = Table(
        caption=caption,
        headers=[],
        rows=[[[[Run(label, bold=True)]], value] for label, value in rows],
        widths=list(widths),
    )
    return Block("table", table=table)


def _status(a: dict) -> list[Run]:
    """The status tag of the page: shape and words, shaded in its colour; an override tagged apart."""
    shown = a["shown"]
    runs = [Run(f"{shown['shape']} {shown['words']}", bold=True, tag=shown["css"])]
    if a.get("override"):
        runs += [Run(" "), Run("Owner's override", bold=True, tag="purple")]
    return runs


def _latest(a: dict) -> list[Run]:
    latest = a.get("latest_update")
    if latest:
        text = day_shown(latest["date"]) + (" (synthetic)" if latest.get("synthetic") else "")
        text += f": {latest['progress']}"
        if latest.get("next_steps"):
            text += f" Next: {latest['next_steps']}"
    else:
        text = "None"
    runs = [Run(text)]
    if a.get("update_missing"):
        runs += [Run(" "), Run("Update missing.", bold=True)]
    return runs


def _due(a: dict) -> str:
    return day_shown(a["due"]) if a.get("due") else (a.get("due_text") or "No due date")


def _tracker_blocks(data: dict) -> list[Block]:
    blocks = [_paragraph(Run("Summary:", bold=True), Run(f" {data['summary']}."))]
    for section in data["sections"]:
        prefix = f"{section['kind']} {section['code']}: " if section.get("kind") else ""
        blocks.append(_heading(2, prefix + section["title"]))
        if section.get("current_position"):
            blocks.append(
                _paragraph(Run("Current position:", bold=True), Run(f" {section['current_position']}"))
            )
        if not section["actions"]:
            blocks.append(_paragraph(Run("No actions.")))
            continue
        rows = []
        for a in section["actions"]:
            status_line = a["status"] + (f". Override: {a['override_reason']}" if a.get("override") else "")
            rows.append(
                [
                    [[Run(a["title"])]],
                    [[Run(a["owner"] or "No owner")]],
                    [[Run(_due(a))]],
                    [[Run(day_shown(a["original_due"]) if a.get("original_due") else "Not set")]],
                    [_status(a), [Run(status_line)]],
                    [[Run(str(a["slippage_days"]))]],
                    [_latest(a)],
                ]
            )
        blocks.append(
            Block(
                "table",
                table=Table(
                    caption=f"Actions for {section['title']}",
                    headers=[
                        "Action",
                        "Owner",
                        "Due",
                        "Originally due",
                        "Status",
                        "Slippage (days)",
                        "Latest update",
                    ],
                    rows=rows,
                    numeric={5},
                    widths=[21, 10, 9, 9, 16, 7, 28],
                ),
            )
        )
    if data.get("closed"):
        blocks.append(_heading(2, "Closed or deferred"))
        items = []
        for a in data["closed"]:
            why = "".join(f". {e['why']}" for e in a.get("exceptions") or [])
            items.append(f"{a['title']}: {a['status'].lower()}{why}")
        blocks.append(_list(items))
    return blocks


def _exceptions_blocks(data: dict) -> list[Block]:
    actions = data["actions"]
    blocks = [_heading(2, f"Actions ({len(actions)})")]
    if actions:
        rows = []
        for a in actions:
            action = [[Run(a["title"])]] + ([] if data.get("plan") else [[Run(a.get("plan", ""))]])
            rows.append(
                [
                    action,
                    [[Run(a["owner"] or "No owner")]],
                    [_status(a)],
                    [[Run(e["why"])] for e in a.get("exceptions") or []] or [[Run("")]],
                ]
            )
        blocks.append(
            Block(
                "table",
                table=Table(
                    caption="Actions listed, with why",
                    headers=["Action", "Owner", "Status", "Why it is listed"],
                    rows=rows,
                    widths=[32, 14, 18, 36],
                ),
            )
        )
    else:
        blocks.append(_paragraph(Run("No action needs attention.")))
    blind = data.get("blind") or []
    blocks.append(_heading(2, f"Not measured ({len(blind)})"))
    if blind:
        blocks.append(_list(f"{b['title']}: {b['why']}" for b in blind))
    else:
        blocks.append(_paragraph(Run("Every theme, objective and goal has a measure.")))
    return blocks


def _plan_on_a_page_blocks(data: dict) -> list[Block]:
    blocks = [
        _paragraph(Run(f"{item['kind']}:", bold=True), Run(f" {item['text']}")) for item in data["headline"]
    ]
    for block in data["blocks"]:
        blocks.append(_heading(2, f"{block['kind']} {block['code']}: {block['title']}"))
        for group in block["children"]:
            blocks += [_heading(3, group["kind"]), _list(group["items"])]
        if block.get("summary"):
            blocks.append(_paragraph(Run("Actions:", bold=True), Run(f" {block['summary']}.")))
    return blocks


def _tree_items(nodes, depth: int = 0):
    for node in nodes:
        yield node["name"], depth
        yield from _tree_items(node["children"], depth + 1)


def _not_recorded(text: str) -> list[list[Run]]:
    return _cell(text or "Not recorded")


def _scrutiny_blocks(data: dict) -> list[Block]:
    blocks = _lines(data.get("summary") or "")
    if data.get("priorities"):
        blocks += [_heading(2, "The strategy's priorities"), _list(data["priorities"])]
    blocks.append(_heading(2, "The partnership's structure"))
    if data.get("chart"):
        blocks.append(
            _paragraph(Run("The structure, as a list (the PDF and the page draw it as a chart as well):"))
        )
        blocks.append(Block("bullets", items=tuple(_tree_items(data["tree"]))))
    else:
        blocks.append(_paragraph(Run("The plan has no owning board, so no structure is shown.")))
    for group in data["groups"]:
        progress = _not_recorded(group["progress"])
        if group.get("actions"):
            progress.append([Run(f"Actions: {group['actions']}.")])
        blocks += [
            _heading(2, group["name"]),
            _particulars(
                group["name"],
                [
                    ("Type", _cell(group["type"])),
                    ("Chair", _not_recorded(group["chair"])),
                    ("Purpose", _not_recorded(group["purpose"])),
                    ("Meets", _not_recorded(group["frequency"])),
                    ("Current focus", _not_recorded(group["focus"])),
                    ("Action plan priorities", _cell(*group["priorities"]) or _not_recorded("")),
                    ("Progress", progress),
                ],
            ),
        ]
    return blocks


def measure_figure(value, unit: str) -> str:
    """A value at the baseline or now, as the page shows it (one decimal place; "%" for percentages)."""
    from equalchance.frontend.templatetags.numbers import amount

    return amount(value, 1) + ("%" if unit == "%" and value is not None else "")


def measure_change(row: dict) -> str:
    from equalchance.frontend.templatetags.numbers import gap

    if row.get("same_data"):
        return "No newer data yet"
    if row.get("change") is None:
        return "Cannot be given"
    return str(gap(row["change"], row))


def _long_day(value: str) -> str:
    return date_format(date.fromisoformat(value), "j F Y")


def _area_baseline_blocks(data: dict) -> list[Block]:
    if data.get("baseline_on"):
        frozen = f"Baseline as at {_long_day(data['baseline_on'])}, the date the plan was approved."
    else:
        frozen = "No baseline yet: it is frozen when the plan is approved."
    blocks = [_paragraph(Run("Area:", bold=True), Run(f" {data['area']}. {frozen}"))]
    if data.get("progress"):
        rows = [
            [
                [[Run(row["label"], bold=True)]],
                _cell(f"{measure_figure(row['before'], row['unit'])} ({row['before_period']})"),
                _cell(f"{measure_figure(row['after'], row['unit'])} ({row['after_period']})"),
                _cell(measure_change(row)),
            ]
            for row in data["progress"]
        ]
        table = Table(
            caption="The area's measures at the baseline and now",
            headers=["Measure", "At the baseline", "Now", "Change"],
            rows=rows,
            numeric={1, 2, 3},
            widths=[40, 20, 20, 20],
        )
        blocks += [_heading(2, table.caption), Block("table", table=table)]
    blocks += [_heading(2, "The action plan"), _paragraph(Run(data["summary"]))]
    blocks.append(_heading(2, "Blockages escalated"))
    escalations = [
        f"{e['action']}: {e['summary']} (raised {_long_day(e['raised'])}, "
        f"{'on a board' + chr(39) + 's agenda' if e['placed'] else 'waiting for a board'})"
        for e in data["escalations"]
    ]
    blocks.append(_list(escalations) if escalations else _paragraph(Run("None.")))
    blocks.append(_heading(2, "Decisions"))
    decisions = [f"{_long_day(d['on'])}: {d['kind']}. {d['text']}" for d in data["decisions"]]
    blocks += [_paragraph(Run(d)) for d in decisions] or [_paragraph(Run("None recorded."))]
    return blocks


MATRIX_KEY = (
    "Down the side, what this plan does; across the top, what it contributes to in the plans above it. "
    "● strong: delivers it directly; ○ weak: helps it."
)
MATRIX_CELLS = {"strong": "● strong", "weak": "○ weak", None: "none"}


def _matrix_blocks(data: dict) -> list[Block]:
    blocks = [_paragraph(Run(MATRIX_KEY))]
    if not data["rows"]:
        return blocks + [_paragraph(Run("Nothing in this plan is yet linked to the plans above it."))]
    headers = [data["plan"]["title"], "Owner"]
    headers += [f"{c['kind']} {c['code']}: {c['title']}\n{c['plan']}" for c in data["columns"]]
    rows = [
        [
            [[Run(f"{r['kind']}{' ' + r['code'] if r['code'] else ''}: {r['title']}", bold=True)]],
            _cell(r["owner"] or ""),
        ]
        + [_cell(MATRIX_CELLS.get(cell, "none")) for cell in r["cells"]]
        for r in data["rows"]
    ]
    table = Table(caption="Contributions: rows contribute to columns", headers=headers, rows=rows)
    return blocks + [Block("table", table=table)]


def _cover_blocks(data: dict) -> list[Block]:
    blocks = [
        _particulars(
            "The report's particulars",
            [
                ("1. Meeting", _cell(data["meeting"])),
                ("2. Date", _cell(_long_day(data["meeting_date"]))),
                ("3. Title", _cell(data["title"])),
                ("4. Directorate", _cell(data.get("directorate") or "Not given")),
            ],
        ),
        _heading(2, "5. Summary"),
        *_lines(data["summary"]),
        _heading(2, "6. Recommendations"),
        _list(data["recommendations"], numbered=True),
    ]
    for number, heading, key in (
        (7, "Proposals and details", "proposals"),
        (8, "Finance", "finance"),
        (9, "Risks and uncertainties", "risks"),
        (10, "Policy and performance agenda implications", "implications"),
    ):
        blocks += [_heading(2, f"{number}. {heading}"), *(_lines(data.get(key) or "") or _lines("None."))]
    blocks.append(_heading(2, "11. Contacts"))
    blocks.append(_list(data["contacts"]) if data["contacts"] else _paragraph(Run("None given.")))
    blocks.append(_heading(2, "Appendices"))
    appendices = [f"{a['title']} (frozen {_long_day(a['on'])})" for a in data["appendices"]]
    blocks.append(_list(appendices, numbered=True) if appendices else _paragraph(Run("None.")))
    return blocks


def _tagged(shown: dict, after: str = "") -> list[Run]:
    runs = [Run(f"{shown['shape']} {shown['words']}", bold=True, tag=shown["css"])]
    return runs + ([Run(f" {after}")] if after else [])


def _counts_table(caption: str, themes: list, part: str, columns: list[tuple[str, str]]) -> Block:
    rows = [
        [[[Run(f"{t['code']} {t['title']}".strip(), bold=True)]]]
        + [_cell(str(t[part][key])) for key, _ in columns]
        for t in themes
    ]
    table = Table(
        caption=caption,
        headers=["Theme", *(label for _, label in columns)],
        rows=rows,
        numeric=set(range(1, len(columns) + 1)),
    )
    return Block("table", table=table)


QUARTERLY_MEASURE_COUNTS = [
    ("green", "Green"),
    ("amber", "Amber"),
    ("red", "Red"),
    ("no_data", "No data"),
    ("data_only", "Data only"),
    ("total", "Measures"),
]
QUARTERLY_ACTION_COUNTS = [
    ("green", "Green"),
    ("amber", "Amber"),
    ("red", "Red"),
    ("on_hold", "On hold"),
    ("no_rag", "No RAG"),
    ("not_yet_due", "Not yet started"),
    ("complete", "Complete"),
    ("closed", "Closed"),
    ("total", "Actions"),
]


def _corrective(m: dict) -> list[list[Run]]:
    lines = []
    for c in m["corrective"]:
        due = f", due {day_shown(c['due'])}" if c.get("due") else ""
        lines.append(
            [
                Run(
                    f"{c['title']} ({c['owner'] or 'No owner'}{due}): {c['shown']['shape']} "
                    + c["shown"]["words"]
                )
            ]
        )
    return lines or [[Run("No plan action is linked.")]]


def _commentary(m: dict) -> str:
    c = m.get("commentary")
    if not c:
        return "No cleared commentary."
    return f"{c['period']}{' (synthetic)' if c.get('synthetic') else ''}: {c['story']}"


def _latest_value(m: dict) -> list[list[Run]]:
    if m["value"]:
        lines = [
            [Run(f"{m['value']} in {m['value_period']}" + (" (provisional)" if m["provisional"] else ""))]
        ]
    else:
        lines = [[Run("None")]]
    if m.get("base"):
        lines.append([Run(m["base"])])
    if m.get("suppressed"):
        lines.append([Run(reports.SUPPRESSED)])
    return lines


def _quarterly_blocks(data: dict) -> list[Block]:
    blocks = [
        _paragraph(
            Run("Quarter:", bold=True),
            Run(
                f" {data['quarter']} ({_long_day(data['quarter_start'])} to "
                + f"{_long_day(data['quarter_end'])}). "
            ),
            Run("Data as at:", bold=True),
            Run(f" {_long_day(data['as_at'])}."),
        )
    ]
    if data.get("synthetic_measures"):
        blocks.append(
            _paragraph(
                Run("Synthetic values.", bold=True),
                Run(" Measures marked synthetic have made-up values, for the demo."),
            )
        )
    blocks.append(_heading(2, "Executive summary"))
    blocks += [_paragraph(Run(line)) for line in data["summary"]]
    blocks.append(_heading(2, "Status by theme"))
    blocks.append(
        _counts_table("Measures by status, per theme", data["themes"], "measures", QUARTERLY_MEASURE_COUNTS)
    )
    blocks.append(
        _counts_table("Actions by status, per theme", data["themes"], "actions", QUARTERLY_ACTION_COUNTS)
    )
    blocks.append(_heading(2, "Exception report"))
    blocks.append(
        _paragraph(
            Run(
                "Each measure and action listed says why (guide 6.4). The owner's commentary is the "
                "measure's latest cleared turn-the-curve story; the corrective action is the plan actions "
                "linked to it."
            )
        )
    )
    listed = [m for m in data["measures"] if m["exceptions"]]
    blocks.append(_heading(3, f"Measures ({len(listed)})"))
    for m in listed:
        blocks.append(
            _particulars(
                f"{m['code']} {m['title']}",
                [
                    ("Theme", _cell(m["theme"])),
                    ("Status now", [_tagged(m["status"], m["period"])]),
                    ("Why it is listed", _cell(*(e["why"] for e in m["exceptions"]))),
                    ("Owner's commentary", _cell(_commentary(m))),
                    ("Corrective action", _corrective(m)),
                ],
            )
        )
        series = Table(
            caption=f"{m['code']}: values and targets by period",
            headers=["Period", "Value", "Target"],
            rows=[
                [[[Run(p["label"], bold=True)]], _cell(p["value_shown"]), _cell(p["target_shown"])]
                for p in m["series"]
            ],
            numeric={1, 2},
            widths=[40, 30, 30],
        )
        if series.rows:
            blocks.append(Block("table", table=series))
        else:
            blocks.append(_paragraph(Run(f"{m['code']}: no values or targets to draw.")))
    if not listed:
        blocks.append(_paragraph(Run("No measure needs attention.")))
    actions = data["exception_actions"]
    blocks.append(_heading(3, f"Actions ({len(actions)})"))
    if actions:
        rows = [
            [
                _cell(a["title"]),
                _cell(a["owner"] or "No owner"),
                [_status(a)],
                [[Run(e["why"])] for e in a.get("exceptions") or []] or [[Run("")]],
            ]
            for a in actions
        ]
        blocks.append(
            Block(
                "table",
                table=Table(
                    caption="Actions listed, with why",
                    headers=["Action", "Owner", "Status", "Why it is listed"],
                    rows=rows,
                    widths=[32, 14, 18, 36],
                ),
            )
        )
    else:
        blocks.append(_paragraph(Run("No action needs attention.")))
    blind = data.get("blind") or []
    blocks.append(_heading(3, f"Not measured ({len(blind)})"))
    blocks.append(
        _list(f"{b['title']}: {b['why']}" for b in blind)
        if blind
        else _paragraph(Run("Every theme, objective and goal has a measure."))
    )
    blocks.append(_heading(2, "Scorecard"))
    if data["measures"]:
        rows = []
        for m in data["measures"]:
            year_end = (
                [
                    _tagged(
                        m["year_end"],
                        f"{m['year_end_value']} in {m['year_end_label']}" if m["year_end_value"] else "",
                    )
                ]
                if m.get("year_end")
                else _cell("No forecast")
            )
            direction = m.get("direction")
            rows.append(
                [
                    _cell(
                        f"{m['code']} {m['title']}" + (" (synthetic)" if m["synthetic"] else ""), m["theme"]
                    ),
                    [_tagged(m["status"], m["period"])],
                    _latest_value(m),
                    _cell(m["target"] or "None"),
                    _cell(f"{direction['shape']} {direction['words']}" if direction else "Not yet known"),
                    _cell(f"{m['trend']} (N = {m['trend_n']})"),
                    year_end,
                    _cell(reports.series_said(m)),
                ]
            )
        blocks.append(
            Block(
                "table",
                table=Table(
                    caption="Every measure: status, direction of travel, trend and year-end forecast",
                    headers=[
                        "Measure",
                        "Status now",
                        "Latest value",
                        "Target",
                        "Direction of travel",
                        "Trend",
                        "Year-end forecast",
                        "Recent values",
                    ],
                    rows=rows,
                    widths=[18, 14, 12, 7, 10, 11, 12, 16],
                ),
            )
        )
    else:
        blocks.append(_paragraph(Run("No measure is attached to this plan's elements or their programmes.")))
    blocks.append(_heading(2, "Action tracker by theme"))
    for t in data["themes"]:
        prefix = f"{t['kind']} {t['code']}: " if t.get("kind") else ""
        blocks.append(_heading(3, prefix + t["title"]))
        if t.get("current_position"):
            blocks.append(_paragraph(Run("Current position:", bold=True), Run(f" {t['current_position']}")))
        if not t["tracker"]:
            blocks.append(_paragraph(Run("No actions.")))
            continue
        rows = [
            [
                _cell(a["title"]),
                _cell(a["owner"] or "No owner"),
                _cell(_due(a)),
                [_status(a)],
                _cell(str(a["slippage_days"])),
                [_latest(a)],
            ]
            for a in t["tracker"]
        ]
        blocks.append(
            Block(
                "table",
                table=Table(
                    caption=f"Actions for {t['title']}",
                    headers=["Action", "Owner", "Due", "Status", "Slippage (days)", "Latest update"],
                    rows=rows,
                    numeric={4},
                    widths=[25, 12, 10, 18, 8, 27],
                ),
            )
        )
    blocks.append(_heading(2, "Key risks"))
    blocks.append(_paragraph(Run(data["risks"]["text"])))
    if data["risks"]["escalations"]:
        blocks.append(_paragraph(Run("Blockages escalated to a board and not yet on an agenda:")))
        blocks.append(
            _list(
                f"{e['action']}: {e['summary']} (raised {_long_day(e['raised'])})"
                for e in data["risks"]["escalations"]
            )
        )
    blocks.append(_heading(2, "Data quality"))
    blocks += [_paragraph(Run(line)) for line in reports.quality_lines(data)]
    blocks.append(_heading(2, "Appendix: the data"))
    blocks.append(_paragraph(Run(reports.ANNEX_NOTE)))
    return blocks


SECTIONS = {
    "tracker": _tracker_blocks,
    "exceptions": _exceptions_blocks,
    "plan-on-a-page": _plan_on_a_page_blocks,
    "scrutiny": _scrutiny_blocks,
    "area-baseline": _area_baseline_blocks,
    "matrix": _matrix_blocks,
    "cover": _cover_blocks,
    "quarterly": _quarterly_blocks,
}


def introduction(issue) -> str:
    data = issue.data
    public = "; the public version (restricted items left out)" if data.get("public") else ""
    return (
        f"{issue.get_kind_display()}, frozen on {date_format(frozen_on(issue), 'j F Y')} "
        f"with data as at {date_format(date.fromisoformat(data['as_at']), 'j F Y')}{public}."
    )


def blocks(issue) -> list[Block]:
    """The report's content in the order of the page: title, introduction, synthetic note, key, sections;
    then a cover report's appendices, bound in, each from a new page (`reports.appendices`)."""
    out = _issue_blocks(issue, _heading(1, issue.title))
    for number, appendix in reports.appendices(issue):
        title = _heading(1, f"Appendix {number}: {appendix.title}", new_page=True)
        out += _issue_blocks(appendix, title)
    return out


def _issue_blocks(issue, title: Block) -> list[Block]:
    data = issue.data
    out = [title, _paragraph(Run(introduction(issue)))]
    if data.get("synthetic"):
        out.append(_paragraph(Run(SYNTHETIC[0], bold=True), Run(SYNTHETIC[1])))
    if issue.kind in reports.KEYED:
        out += [_heading(2, KEY_HEADING), _paragraph(Run(KEY))]
    return out + SECTIONS[issue.kind](data)


# ---------------------------------------------------------------------------------------------------
# DOCX (python-docx)


def _docx_shade(element, fill: str) -> None:
    """A w:shd on a run's or cell's properties (appended last, where the schema puts it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    element.append(shading)


def _docx_runs(paragraph, runs) -> None:
    from docx.shared import RGBColor

    for run in runs:
        made = paragraph.add_run(run.text)
        if run.bold or run.tag:
            made.bold = True
        if run.tag:
            fill, ink = COLOURS[run.tag]
            made.font.color.rgb = RGBColor.from_string(ink)
            _docx_shade(made._r.get_or_add_rPr(), fill)


def _docx_language(document) -> None:
    """en-GB as the language of every style (Word's proofing and screen readers read it there)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), LANGUAGE)


def _docx_table(document, table: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    columns = len(table.headers or table.rows[0])
    made = document.add_table(rows=1 if table.headers else 0, cols=columns)
    made.style = "Table Grid"
    made.alignment = WD_TABLE_ALIGNMENT.LEFT
    made.autofit = not table.widths
    caption = OxmlElement("w:tblCaption")  # the table's title for screen readers (Word's alt text)
    caption.set(qn("w:val"), table.caption)
    made._tbl.tblPr.append(caption)
    if table.headers:
        header = made.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
        for column, (cell, text) in enumerate(zip(header.cells, table.headers)):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(text).bold = True
            if column in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        cells = made.add_row().cells
        cells_properties = made.rows[-1]._tr.get_or_add_trPr()
        cells_properties.append(OxmlElement("w:cantSplit"))
        for column, (cell, paragraphs) in enumerate(zip(cells, row)):
            for number, runs in enumerate(paragraphs):
                paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
                _docx_runs(paragraph, runs)
                if column in table.numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, share in enumerate(table.widths):
        width = Mm(WIDTH_MM * share / 100)
        made.columns[column].width = width
        for cell in made.columns[column].cells:
            cell.width = width


def docx_bytes(issue) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    properties = document.core_properties
    properties.title = issue.title
    properties.language = LANGUAGE
    properties.subject = issue.get_kind_display()
    properties.author = "Equal Chance"
    properties.comments = introduction(issue)
    properties.created = properties.modified = frozen_at(issue)
    properties.last_modified_by = "Equal Chance"
    _docx_language(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for block in blocks(issue):
        if block.kind == "heading":
            if block.new_page:
                document.add_page_break()
            document.add_heading(block.runs[0].text, level=block.level)
        elif block.kind == "paragraph":
            _docx_runs(document.add_paragraph(), block.runs)
        elif block.kind in ("bullets", "numbered"):
            style = "List Number" if block.kind == "numbered" else "List Bullet"
            for text, depth in block.items:
                document.add_paragraph(text, style=style + (f" {depth + 1}" if depth else ""))
        else:
            _docx_table(document, block.table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# ODT (odfdo)


def _odt_page(document) -> None:
    """A4 landscape with the PDF's margins; headings without the template's outline numbers."""
    for layout in document.styles.get_elements("//style:page-layout-properties"):
        layout.set_attribute("fo:page-width", f"{PAGE_MM[0] / 10}cm")
        layout.set_attribute("fo:page-height", f"{PAGE_MM[1] / 10}cm")
        layout.set_attribute("style:print-orientation", "landscape")
        for side in ("top", "bottom", "left", "right"):
            layout.set_attribute(f"fo:margin-{side}", f"{MARGIN_MM / 10}cm")
    for text in document.styles.get_elements("//style:default-style[@style:family='paragraph']"):
        properties = text.get_element("style:text-properties")
        properties.set_attribute("style:font-name", "Liberation Sans")  # Arial's metrics, as the PDF
        properties.set_attribute("fo:font-size", "10pt")
    for level in document.styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for name in ("style:num-suffix", "loext:num-list-format"):
            if level.get_attribute(name) is not None:
                level.del_attribute(name)


def _odt_styles(document) -> dict[str, str]:
    from odfdo import Style

    names = {}
    for key, (fill, ink) in COLOURS.items():
        names[key] = document.insert_style(
            Style("text", name=f"Tag_{key}", color=f"#{ink}", background_color=f"#{fill}", bold=True),
            automatic=True,
        )
    names["bold"] = document.insert_style(Style("text", name="Strong_text", bold=True), automatic=True)
    names["cell"] = document.insert_style(
        Style("table-cell", name="Report_cell", border="0.5pt solid #b1b4b6", padding="0.1cm"),
        automatic=True,
    )
    right = Style("paragraph", name="Report_number")
    right.set_properties({"fo:text-align": "end"}, area="paragraph")
    names["right"] = document.insert_style(right, automatic=True)
    new_page = Style("paragraph", name="Appendix_heading", parent_style="Heading_20_1", break_before="page")
    names["new_page"] = document.insert_style(new_page, automatic=True)
    return names


def _odt_list(items):
    """A list, nested by each item's depth."""
    from odfdo import List, ListItem

    top = List()
    open_lists, last = [top], None
    for text, depth in items:
        while depth > len(open_lists) - 1 and last is not None:
            nested = List()
            last.append(nested)
            open_lists.append(nested)
        del open_lists[depth + 1 :]
        last = ListItem(text)
        open_lists[-1].append(last)
    return top


def _odt_paragraph(runs, styles: dict[str, str], style: str | None = None):
    from odfdo import Paragraph, Span

    paragraph = Paragraph("", style=style)
    for run in runs:
        if run.tag:
            paragraph.append(Span(run.text, style=styles[run.tag]))
        elif run.bold:
            paragraph.append(Span(run.text, style=styles["bold"]))
        else:
            paragraph.append(run.text)
    return paragraph


def _odt_cell(paragraphs, styles: dict[str, str], right: str | None):
    from odfdo import Cell

    cell = Cell(style=styles["cell"])
    cell.type = "string"  # text, for readers that take a table's values
    for runs in paragraphs:
        cell.append(_odt_paragraph(runs, styles, right))
    return cell


def _odt_table(document, table: Table, styles: dict[str, str], number: int):
    from xml.sax.saxutils import escape

    from odfdo import Column, Element, HeaderRows, Row, Style
    from odfdo import Table as OdfTable

    width = f"{WIDTH_MM / 10}cm"
    made = OdfTable(
        f"Table{number}",
        style=document.insert_style(
            Style("table", name=f"Report_table_{number}", width=width, align="left"), automatic=True
        ),
    )
    columns = len(table.headers or table.rows[0])
    for column, share in enumerate(table.widths or [100 // columns] * columns):
        column_style = Style("table-column", name=f"Report_table_{number}_{column}")
        column_style.set_properties(
            {"style:column-width": f"{WIDTH_MM * share / 1000:.2f}cm", "style:rel-column-width": f"{share}*"}
        )
        made.append(Column(style=document.insert_style(column_style, automatic=True)))
    # The table's title for screen readers, as the page's (visually hidden) caption and DOCX's tblCaption.
    made.insert(Element.from_tag(f"<table:title>{escape(table.caption)}</table:title>"), position=0)
    if table.headers:
        header_rows = HeaderRows()
        header = Row()
        for column, text in enumerate(table.headers):
            right = styles["right"] if column in table.numeric else None
            header.append(_odt_cell([[Run(text, bold=True)]], styles, right))
        header_rows.append(header)
        made.append(header_rows)
    for row in table.rows:
        made_row = Row()
        for column, paragraphs in enumerate(row):
            right = styles["right"] if column in table.numeric else None
            made_row.append(_odt_cell(paragraphs, styles, right))
        made.append(made_row)
    return made


def odt_bytes(issue) -> bytes:
    from odfdo import Document, Header

    document = Document("text")
    document.body.clear()
    document.set_language(LANGUAGE)
    document.meta.set_title(issue.title)
    document.meta.set_subject(issue.get_kind_display())
    document.meta.set_description(introduction(issue))
    document.meta.set_creation_date(frozen_at(issue))
    document.meta.set_modification_date(frozen_at(issue))
    _odt_page(document)
    styles = _odt_styles(document)
    tables = 0
    for block in blocks(issue):
        if block.kind == "heading":
            style = styles["new_page"] if block.new_page else f"Heading_20_{block.level}"
            header = Header(block.level, block.runs[0].text)
            header.style = style  # set after: odfdo's Header leaves a style given to it unset
            document.body.append(header)
        elif block.kind == "paragraph":
            document.body.append(_odt_paragraph(block.runs, styles))
        elif block.kind == "bullets":
            document.body.append(_odt_list(block.items))
        elif block.kind == "numbered":  # numbered as typed: the template has no numbered list style
            for number, (text, _) in enumerate(block.items, start=1):
                document.body.append(_odt_paragraph([Run(f"{number}. {text}")], styles))
        else:
            tables += 1
            document.body.append(_odt_table(document, block.table, styles, tables))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# The data annex: XLSX (a sheet about the report, then the kind's sheets) and CSV (the first of them).

ANNEX_COLUMNS = [
    "Section code",
    "Section title",
    "Action",
    "Owner",
    "Due",
    "Original due",
    "Status",
    "State",
    "RAG",
    "Slippage (days)",
    "Override reason",
    "Update missing",
    "Latest update date",
    "Latest progress",
    "Latest update synthetic",
    "Why listed",
]


def _yes(value) -> str:
    return "Yes" if value else "No"


def _annex_row(code: str, title: str, a: dict) -> list:
    latest = a.get("latest_update") or {}
    return [
        code,
        title,
        a["title"],
        a["owner"] or "",
        _day(a.get("due")) or (a.get("due_text") or ""),
        _day(a.get("original_due")),
        a["status"],
        STATE_WORDS.get(a["state"], a["state"]),
        RAG_WORDS.get(a.get("rag"), a.get("rag") or ""),
        a["slippage_days"],
        (a.get("override_reason") or "") if a.get("override") else "",
        _yes(a.get("update_missing")),
        _day(latest.get("date")),
        latest.get("progress", ""),
        _yes(latest.get("synthetic")) if latest else "",
        " ".join(_sentence(e["why"]) for e in a.get("exceptions") or []),
    ]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


@dataclass
class Sheet:
    """A sheet of the annex: a header row, then rows of Python values (dates as dates, numbers as
    numbers); `widths` in characters per column."""

    name: str
    columns: list[str]
    rows: list[list]
    widths: list[int] = field(default_factory=list)


def _actions_sheet(rows: list[list]) -> Sheet:
    return Sheet("Actions", ANNEX_COLUMNS, rows, [9, 36, 36] + [14] * 10 + [60, 12, 50])


def _tracker_sheets(data: dict) -> list[Sheet]:
    rows = [
        _annex_row(section.get("code", ""), section["title"], a)
        for section in data["sections"]
        for a in section["actions"]
    ]
    rows += [_annex_row("", "Closed or deferred", a) for a in data.get("closed") or []]
    return [_actions_sheet(rows)]


def _exceptions_sheets(data: dict) -> list[Sheet]:
    blind = [[b["title"], b["plan"], b["why"]] for b in data.get("blind") or []]
    return [
        _actions_sheet([_annex_row("", a.get("plan", ""), a) for a in data["actions"]]),
        Sheet("Not measured", ["Element", "Plan", "Why"], blind, [50, 50, 50]),
    ]


def _plan_on_a_page_sheets(data: dict) -> list[Sheet]:
    rows = [["", item["kind"], item["text"], ""] for item in data["headline"]]
    for block in data["blocks"]:
        rows.append([block["code"], block["kind"], block["title"], block.get("summary", "")])
        rows += [
            [block["code"], group["kind"], item, ""] for group in block["children"] for item in group["items"]
        ]
    return [Sheet("Plan", ["Priority", "Kind", "Text", "Actions"], rows, [10, 18, 80, 50])]


def _scrutiny_sheets(data: dict) -> list[Sheet]:
    columns = [
        "Board or group",
        "Type",
        "Chair",
        "Purpose",
        "Meets",
        "Current focus",
        "Action plan priorities",
        "Progress",
        "Actions",
    ]
    keys = ["name", "type", "chair", "purpose", "frequency", "focus", "priorities", "progress", "actions"]
    rows = [
        [("\n".join(g[key]) if key == "priorities" else g[key]) or "" for key in keys] for g in data["groups"]
    ]
    return [Sheet("Boards and groups", columns, rows, [36, 14, 24, 50, 18, 50, 50, 50, 40])]


def _area_baseline_sheets(data: dict) -> list[Sheet]:
    columns = [
        "Measure",
        "Part",
        "Unit",
        "At the baseline",
        "Baseline period",
        "Now",
        "Period now",
        "Change",
        "Change shown",
        "Synthetic",
    ]
    rows = [
        [
            row["label"],
            "Deprivation" if row["part"] == "deprivation" else "Scorecard",
            row["unit"],
            row["before"],
            row["before_period"],
            row["after"],
            row["after_period"],
            None if row.get("same_data") else row["change"],
            measure_change(row),
            _yes(row.get("synthetic")),
        ]
        for row in data["progress"]
    ]
    escalations = [
        [e["action"], e["summary"], _day(e["raised"]), _yes(e["placed"])] for e in data["escalations"]
    ]
    decisions = [[_day(d["on"]), d["kind"], d["text"]] for d in data["decisions"]]
    return [
        Sheet("Measures", columns, rows, [50, 12, 8, 14, 16, 14, 16, 14, 24, 10]),
        Sheet("Escalations", ["Action", "Blockage", "Raised", "On an agenda"], escalations, [40, 60, 14, 12]),
        Sheet("Decisions", ["Decided on", "Kind", "Decision"], decisions, [14, 20, 80]),
    ]


def _matrix_sheets(data: dict) -> list[Sheet]:
    targets = [f"{c['kind']} {c['code']}: {c['title']} ({c['plan']})" for c in data["columns"]]
    rows = [
        [r["kind"], r["code"], r["title"], r["owner"] or ""] + [cell or "" for cell in r["cells"]]
        for r in data["rows"]
    ]
    columns = ["Kind", "Code", "Title", "Owner", *targets]
    return [Sheet("Matrix", columns, rows, [14, 8, 50, 24] + [24] * len(targets))]


def _cover_sheets(data: dict) -> list[Sheet]:
    rows = [
        [1, "Meeting", data["meeting"]],
        [2, "Date", _day(data["meeting_date"])],
        [3, "Title", data["title"]],
        [4, "Directorate", data.get("directorate") or ""],
        [5, "Summary", data["summary"]],
        [6, "Recommendations", "\n".join(data["recommendations"])],
        [7, "Proposals and details", data.get("proposals") or ""],
        [8, "Finance", data.get("finance") or ""],
        [9, "Risks and uncertainties", data.get("risks") or ""],
        [10, "Policy and performance agenda implications", data.get("implications") or ""],
        [11, "Contacts", "\n".join(data["contacts"])],
    ]
    appendices = [[n, a["title"], _day(a["on"])] for n, a in enumerate(data["appendices"], start=1)]
    return [
        Sheet("Cover report", ["Section", "Heading", "Text"], rows, [8, 30, 100]),
        Sheet("Appendices", ["Appendix", "Report", "Frozen on"], appendices, [10, 80, 14]),
    ]


QUARTERLY_COLUMNS = [
    "Theme",
    "Code",
    "Measure",
    "Programme",
    "Owner",
    "Period",
    "Status",
    "Status reason",
    "Latest value",
    "Latest value shown",
    "Value period",
    "Provisional",
    "Responses",
    "Result not shown (fewer than 5 responses)",
    "Target",
    "Direction of travel",
    "Trend",
    "Trend N",
    "Year-end forecast",
    "Year-end value",
    "Why listed",
    "Owner's commentary",
    "Corrective action",
    "Synthetic",
]


def _quarterly_sheets(data: dict) -> list[Sheet]:
    measures = [
        [
            m["theme"],
            m["code"],
            m["title"],
            m["programme"],
            m["owner"],
            m["period"],
            m["status"]["words"],
            m["reason"],
            m.get("latest"),
            m["value"],
            m["value_period"],
            _yes(m["provisional"]),
            m["base"],
            _yes(m["suppressed"]),
            m["target"],
            m["direction"]["words"] if m.get("direction") else "",
            m["trend"],
            m["trend_n"],
            m["year_end"]["words"] if m.get("year_end") else "",
            m["year_end_value"],
            " ".join(_sentence(e["why"]) for e in m["exceptions"]),
            _commentary(m) if m.get("commentary") else "",
            "\n".join(run.text for line in _corrective(m) for run in line) if m["corrective"] else "",
            _yes(m["synthetic"]),
        ]
        for m in data["measures"]
    ]
    themes = [
        [f"{t['code']} {t['title']}".strip()]
        + [t["measures"][key] for key, _ in QUARTERLY_MEASURE_COUNTS]
        + [t["actions"][key] for key, _ in QUARTERLY_ACTION_COUNTS]
        for t in data["themes"]
    ]
    theme_columns = ["Theme"]
    theme_columns += [f"Measures: {label.lower()}" for _, label in QUARTERLY_MEASURE_COUNTS]
    theme_columns += [f"Actions: {label.lower()}" for _, label in QUARTERLY_ACTION_COUNTS]
    actions = [_annex_row(t["code"], t["title"], a) for t in data["themes"] for a in t["tracker"]]
    quality = data["quality"]
    checks = [
        ["Value overdue", i["code"], i["title"], f"{i['period']}, due by {_long_day(i['due'])}"]
        for i in quality["overdue"]
    ]
    checks += [["No target", i["code"], i["title"], i["period"]] for i in quality["no_target"]]
    checks += [["No definition", i["code"], i["title"], ""] for i in quality["no_definition"]]
    checks += [["Provisional value", i["code"], i["title"], i["period"]] for i in quality["provisional"]]
    checks += [
        ["Result not shown", i["code"], i["title"], "Fewer than 5 responses"] for i in quality["suppressed"]
    ]
    return [
        Sheet(
            "Scorecard",
            QUARTERLY_COLUMNS,
            measures,
            [24, 10, 40, 24, 18, 12, 24, 40] + [14] * 12 + [50, 60, 50, 10],
        ),
        Sheet("Themes", theme_columns, themes, [36] + [12] * (len(theme_columns) - 1)),
        _actions_sheet(actions),
        Sheet("Data quality", ["Check", "Code", "Measure", "Detail"], checks, [18, 10, 50, 40]),
    ]


# Each kind's annex: its sheets, the first of which is also its CSV; and what a row of that first is.
ANNEXES = {
    "tracker": (_tracker_sheets, "one row per action"),
    "exceptions": (_exceptions_sheets, "one row per action listed"),
    "plan-on-a-page": (_plan_on_a_page_sheets, "one row per statement, priority and item under it"),
    "scrutiny": (_scrutiny_sheets, "one row per board or group"),
    "area-baseline": (_area_baseline_sheets, "one row per measure"),
    "matrix": (_matrix_sheets, "one row per element or action, a column per thing it contributes to"),
    "cover": (_cover_sheets, "one row per section of the cover report"),
    "quarterly": (
        _quarterly_sheets,
        "one row per measure (with sheets for themes, actions and data quality)",
    ),
}


def annex(issue) -> list[Sheet]:
    return ANNEXES[issue.kind][0](issue.data)


def annex_described(kind: str) -> str:
    return ANNEXES[kind][1]


def annex_rows(issue) -> list[list]:
    """The rows of the annex's first sheet (the CSV), in the order of the report."""
    return annex(issue)[0].rows


def csv_bytes(issue) -> bytes:
    """The annex's first sheet as CSV: dates as ISO 8601 (2026-12-31), text made safe."""
    sheet = annex(issue)[0]
    rows = [[v.isoformat() if isinstance(v, date) else v for v in row] for row in sheet.rows]
    return csv_text(sheet.columns, rows).encode("utf-8")


def _write(sheet, row: int, column: int, value, formats: dict) -> None:
    """A cell by its type, never by xlsxwriter's guessing `write`: text is always a (safe) string."""
    if value is None or value == "":
        sheet.write_blank(row, column, None)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, formats["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float) and math.isfinite(value):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, cell_safe(str(value)), formats.get("text"))


def about_rows(issue) -> list[tuple[str, object]]:
    data = issue.data
    plan = data.get("plan") or {}
    rows = [
        ("Report", issue.title),
        ("Kind", issue.get_kind_display()),
        ("Plan", f"{plan['title']} (version {plan['version']}, {plan['status'].lower()})" if plan else ""),
        ("Data as at", date.fromisoformat(data["as_at"])),
        ("Frozen on", frozen_on(issue)),
        (
            "Public",
            "Yes: the public version, with restricted items left out"
            if data.get("public")
            else "No: for the partnership, not for publication",
        ),
        *((f"Rows on '{sheet.name}'", len(sheet.rows)) for sheet in annex(issue)),
    ]
    if "summary" in data:
        summary = data["summary"]
        rows.append(("Summary", " ".join(summary) if isinstance(summary, list) else summary))
    rows += [
        ("Synthetic", "".join(SYNTHETIC) if data.get("synthetic") else "No synthetic progress."),
        *([(KEY_HEADING, KEY)] if issue.kind in reports.KEYED else []),
        (
            "Text in cells",
            "Text that begins with = + - or @ starts with an apostrophe, so that a spreadsheet never "
            "runs it as a formula.",
        ),
    ]
    return rows


def xlsx_bytes(issue) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {
            "title": issue.title,
            "subject": issue.get_kind_display(),
            "created": frozen_at(issue).replace(tzinfo=None),  # xlsxwriter writes it as UTC
        }
    )
    formats = {
        "date": workbook.add_format({"num_format": "d mmm yyyy", "valign": "top"}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "bold": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
    }
    about = workbook.add_worksheet("About")
    for number, (label, value) in enumerate(about_rows(issue)):
        about.write_string(number, 0, label, formats["bold"])
        _write(about, number, 1, value, formats)
    about.set_column(0, 0, 22)
    about.set_column(1, 1, 110)
    for sheet in annex(issue):
        made = workbook.add_worksheet(sheet.name)
        for column, name in enumerate(sheet.columns):
            made.write_string(0, column, name, formats["bold"])
        for number, row in enumerate(sheet.rows, start=1):
            for column, value in enumerate(row):
                _write(made, number, column, value, formats)
        made.freeze_panes(1, min(3, len(sheet.columns) - 1))
        made.autofilter(0, 0, max(len(sheet.rows), 1), len(sheet.columns) - 1)
        for column, width in enumerate(sheet.widths):
            made.set_column(column, column, width)
    workbook.close()
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------

RENDERERS = {
    "html": lambda issue: reports.html_document(issue).encode("utf-8"),
    "pdf": reports.pdf,
    "docx": docx_bytes,
    "odt": odt_bytes,
    "xlsx": xlsx_bytes,
    "csv": csv_bytes,
}


def render(issue, file_format: str) -> bytes:
    """The issue as a file of one of `FORMATS` (every kind of report is laid out in every format)."""
    if file_format not in FORMATS:
        raise ValueError(f"A report is not written as {file_format!r}.")
    return RENDERERS[file_format](issue)


def file_name(issue, file_format: str) -> str:
    """What the file is, said in its name: "action-plan-tracker-early-help-strategy-2026-11-30.pdf"."""
    words = slugify(issue.title)[:80].strip("-") or slugify(issue.kind) or "report"
    return f"{words}-{issue.as_at:%Y-%m-%d}.{file_format}"
