"""A frozen report (`ReportIssue`) as the files a board's officers use: DOCX and ODT for papers they
edit, XLSX and CSV for the data annex, beside the HTML and tagged PDF of `reports`. Every file is drawn
from the frozen data only, so it says what the page of the same issue says.

DOCX and ODT carry the page's content in the same order (title, how to read, summary, a heading and a
table per section, the closed list) from one description of it (`blocks`); the annex (`annex`) has
one row per action. This module says only what a report holds: `frontend.documents` draws it (page,
language, properties, tables, status tags in shape and words as well as colour, and cells made safe so
a title such as "=HYPERLINK(...)" stays text in a spreadsheet), as it draws the report cards."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import slugify

from equalchance.common.spreadsheets import csv_text
from equalchance.frontend import documents
from equalchance.frontend.documents import (
    Block,
    Run,
    Sheet,
    Table,
    cell,
    figure,
    heading,
    lines,
    list_block,
    paragraph,
    particulars,
    svg_picture,
    table_block,
)
from equalchance.plans import reports
from equalchance.plans.presenting import NONE_LISTED, RAG_WORDS, STATE_WORDS

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    **documents.MEDIA_TYPES,
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
    return documents.moment(issue.generated_at or issue.as_at)


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
    blocks = [paragraph(Run("Summary:", bold=True), Run(f" {data['summary']}."))]
    for section in data["sections"]:
        prefix = f"{section['kind']} {section['code']}: " if section.get("kind") else ""
        blocks.append(heading(2, prefix + section["title"]))
        if section.get("current_position"):
            blocks.append(
                paragraph(Run("Current position:", bold=True), Run(f" {section['current_position']}"))
            )
        if not section["actions"]:
            blocks.append(paragraph(Run("No actions.")))
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
            table_block(
                Table(
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
        blocks.append(heading(2, "Closed or deferred"))
        items = []
        for a in data["closed"]:
            why = "".join(f". {e['why']}" for e in a.get("exceptions") or [])
            items.append(f"{a['title']}: {a['status'].lower()}{why}")
        blocks.append(list_block(items))
    return blocks


def _exceptions_blocks(data: dict) -> list[Block]:
    actions = data["actions"]
    blocks = [heading(2, f"Actions ({len(actions)})")]
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
            table_block(
                Table(
                    caption="Actions listed, with why",
                    headers=["Action", "Owner", "Status", "Why it is listed"],
                    rows=rows,
                    widths=[32, 14, 18, 36],
                ),
            )
        )
    else:
        blocks.append(paragraph(Run(_none_listed(data, "actions"))))
    blind = data.get("blind") or []
    blocks.append(heading(2, f"Not measured ({len(blind)})"))
    if blind:
        blocks.append(list_block(f"{b['title']}: {b['why']}" for b in blind))
    else:
        blocks.append(paragraph(Run(_none_listed(data, "blind"))))
    return blocks


def _none_listed(data: dict, kind: str) -> str:
    """What the frozen report says where a list is empty (`presenting.none_listed`)."""
    return (data.get("none_listed") or {}).get(kind) or NONE_LISTED[kind]


def _plan_on_a_page_blocks(data: dict) -> list[Block]:
    blocks = [
        paragraph(Run(f"{item['kind']}:", bold=True), Run(f" {item['text']}")) for item in data["headline"]
    ]
    for block in data["blocks"]:
        blocks.append(heading(2, f"{block['kind']} {block['code']}: {block['title']}"))
        for group in block["children"]:
            blocks += [heading(3, group["kind"]), list_block(group["items"])]
        if block.get("summary"):
            blocks.append(paragraph(Run("Actions:", bold=True), Run(f" {block['summary']}.")))
    return blocks


def _tree_items(nodes, depth: int = 0):
    for node in nodes:
        yield node["name"], depth
        yield from _tree_items(node["children"], depth + 1)


def _not_recorded(text: str) -> list[list[Run]]:
    return cell(text or "Not recorded")


def _scrutiny_blocks(data: dict) -> list[Block]:
    blocks = lines(data.get("summary") or "")
    if data.get("priorities"):
        blocks += [heading(2, "The strategy's priorities"), list_block(data["priorities"])]
    blocks.append(heading(2, "The partnership's structure"))
    if data.get("chart"):
        blocks.append(
            paragraph(Run("The structure, as a list (the PDF and the page draw it as a chart as well):"))
        )
        blocks.append(Block("bullets", items=tuple(_tree_items(data["tree"]))))
    else:
        blocks.append(paragraph(Run("The plan has no owning board, so no structure is shown.")))
    for group in data["groups"]:
        progress = _not_recorded(group["progress"])
        if group.get("actions"):
            progress.append([Run(f"Actions: {group['actions']}.")])
        blocks += [
            heading(2, group["name"]),
            particulars(
                group["name"],
                [
                    ("Type", cell(group["type"])),
                    ("Chair", _not_recorded(group["chair"])),
                    ("Purpose", _not_recorded(group["purpose"])),
                    ("Meets", _not_recorded(group["frequency"])),
                    ("Current focus", _not_recorded(group["focus"])),
                    ("Action plan priorities", cell(*group["priorities"]) or _not_recorded("")),
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
    blocks = [paragraph(Run("Area:", bold=True), Run(f" {data['area']}. {frozen}"))]
    if data.get("progress"):
        rows = [
            [
                [[Run(row["label"], bold=True)]],
                cell(f"{measure_figure(row['before'], row['unit'])} ({row['before_period']})"),
                cell(f"{measure_figure(row['after'], row['unit'])} ({row['after_period']})"),
                cell(measure_change(row)),
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
        blocks += [heading(2, table.caption), table_block(table)]
    blocks += [heading(2, "The action plan"), paragraph(Run(data["summary"]))]
    blocks.append(heading(2, "Blockages escalated"))
    escalations = [
        f"{e['action']}: {e['summary']} (raised {_long_day(e['raised'])}, "
        f"{'on a board' + chr(39) + 's agenda' if e['placed'] else 'waiting for a board'})"
        for e in data["escalations"]
    ]
    blocks.append(list_block(escalations) if escalations else paragraph(Run("None.")))
    blocks.append(heading(2, "Decisions"))
    decisions = [f"{_long_day(d['on'])}: {d['kind']}. {d['text']}" for d in data["decisions"]]
    blocks += [paragraph(Run(d)) for d in decisions] or [paragraph(Run("None recorded."))]
    return blocks


MATRIX_KEY = (
    "Down the side, what this plan does; across the top, what it contributes to in the plans above it. "
    "● strong: delivers it directly; ○ weak: helps it."
)
MATRIX_CELLS = {"strong": "● strong", "weak": "○ weak", None: "none"}


def _matrix_blocks(data: dict) -> list[Block]:
    blocks = [paragraph(Run(MATRIX_KEY))]
    if not data["rows"]:
        return blocks + [paragraph(Run("Nothing in this plan is yet linked to the plans above it."))]
    headers = [data["plan"]["title"], "Owner"]
    headers += [f"{c['kind']} {c['code']}: {c['title']}\n{c['plan']}" for c in data["columns"]]
    rows = [
        [
            [[Run(f"{r['kind']}{' ' + r['code'] if r['code'] else ''}: {r['title']}", bold=True)]],
            cell(r["owner"] or ""),
        ]
        + [cell(MATRIX_CELLS.get(said, "none")) for said in r["cells"]]
        for r in data["rows"]
    ]
    table = Table(caption="Contributions: rows contribute to columns", headers=headers, rows=rows)
    return blocks + [table_block(table)]


def _cover_blocks(data: dict) -> list[Block]:
    blocks = [
        particulars(
            "The report's particulars",
            [
                ("1. Meeting", cell(data["meeting"])),
                ("2. Date", cell(_long_day(data["meeting_date"]))),
                ("3. Title", cell(data["title"])),
                ("4. Directorate", cell(data.get("directorate") or "Not given")),
            ],
        ),
        heading(2, "5. Summary"),
        *lines(data["summary"]),
        heading(2, "6. Recommendations"),
        list_block(data["recommendations"], numbered=True),
    ]
    for number, title, key in (
        (7, "Proposals and details", "proposals"),
        (8, "Finance", "finance"),
        (9, "Risks and uncertainties", "risks"),
        (10, "Policy and performance agenda implications", "implications"),
    ):
        blocks += [heading(2, f"{number}. {title}"), *(lines(data.get(key) or "") or lines("None."))]
    blocks.append(heading(2, "11. Contacts"))
    blocks.append(list_block(data["contacts"]) if data["contacts"] else paragraph(Run("None given.")))
    blocks.append(heading(2, "Appendices"))
    appendices = [f"{a['title']} (frozen {_long_day(a['on'])})" for a in data["appendices"]]
    blocks.append(list_block(appendices, numbered=True) if appendices else paragraph(Run("None.")))
    return blocks


def _tagged(shown: dict, after: str = "") -> list[Run]:
    runs = [Run(f"{shown['shape']} {shown['words']}", bold=True, tag=shown["css"])]
    return runs + ([Run(f" {after}")] if after else [])


def _counts_table(caption: str, themes: list, part: str, columns: list[tuple[str, str]]) -> Block:
    rows = [
        [[[Run(f"{t['code']} {t['title']}".strip(), bold=True)]]]
        + [cell(str(t[part].get(key, 0))) for key, _ in columns]  # .get: issues frozen before a column
        for t in themes
    ]
    table = Table(
        caption=caption,
        headers=["Theme", *(label for _, label in columns)],
        rows=rows,
        numeric=set(range(1, len(columns) + 1)),
    )
    return table_block(table)


QUARTERLY_MEASURE_COUNTS = [
    ("green", "Green"),
    ("amber", "Amber"),
    ("red", "Red"),
    ("no_data", "No data"),
    ("no_target", "No target"),
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


def _chart(svg: str, caption: str) -> list[Block]:
    return [figure(svg_picture(svg, width_mm=reports.CHART_WIDTH_MM), caption)] if svg else []


def _sparkline(svg: str) -> list[list[Run]]:
    return [[Run("", picture=svg_picture(svg, width_mm=reports.SPARKLINE_WIDTH_MM))]] if svg else []


def _quarterly_blocks(data: dict) -> list[Block]:
    blocks = [
        paragraph(
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
            paragraph(
                Run("Synthetic values.", bold=True),
                Run(" Measures marked synthetic have made-up values, for the demo."),
            )
        )
    blocks.append(heading(2, "Executive summary"))
    blocks += [paragraph(Run(line)) for line in data["summary"]]
    charts = reports.quarterly_charts(data)  # the page's charts, drawn as pictures
    blocks.append(heading(2, "Status by theme"))
    if quiet := reports.quiet_themes_said(data):
        blocks.append(paragraph(Run(quiet)))
    blocks += _chart(charts["measure_bars"], charts["measure_caption"])
    blocks.append(
        _counts_table("Measures by status, per theme", data["themes"], "measures", QUARTERLY_MEASURE_COUNTS)
    )
    blocks += _chart(charts["action_bars"], charts["action_caption"])
    blocks.append(
        _counts_table("Actions by status, per theme", data["themes"], "actions", QUARTERLY_ACTION_COUNTS)
    )
    blocks.append(heading(2, "Exception report"))
    blocks.append(paragraph(Run(reports.QUARTERLY_EXCEPTION_NOTE)))
    listed = charts["listed"]
    blocks.append(heading(3, f"Measures ({len(listed)})"))
    for m, chart, caption in listed:
        blocks.append(
            particulars(
                f"{m['code']} {m['title']}",
                [
                    ("Theme", cell(m["theme"])),
                    ("Status now", [_tagged(m["status"], f"in {m['period']}" if m["period"] else "")]),
                    ("Why it is listed", cell(*(e["why"] for e in m["exceptions"]))),
                    ("Owner's commentary", cell(_commentary(m))),
                    (reports.LINKED_ACTIONS, _corrective(m)),
                ],
            )
        )
        series = Table(
            caption=f"{m['code']}: values and targets by period",
            headers=["Period", "Value", "Target"],
            rows=[
                [[[Run(p["label"], bold=True)]], cell(p["value_shown"]), cell(p["target_shown"])]
                for p in m["series"]
            ],
            numeric={1, 2},
            widths=[40, 30, 30],
        )
        blocks += _chart(chart, caption)
        if series.rows:
            blocks.append(table_block(series))
        else:
            blocks.append(paragraph(Run(f"{m['code']}: no values or targets to draw.")))
    if not listed:
        blocks.append(paragraph(Run(_none_listed(data, "measures"))))
    actions = data["exception_actions"]
    blocks.append(heading(3, f"Actions ({len(actions)})"))
    if actions:
        rows = [
            [
                cell(a["title"]),
                cell(a["owner"] or "No owner"),
                [_status(a)],
                [[Run(e["why"])] for e in a.get("exceptions") or []] or [[Run("")]],
            ]
            for a in actions
        ]
        blocks.append(
            table_block(
                Table(
                    caption="Actions listed, with why",
                    headers=["Action", "Owner", "Status", "Why it is listed"],
                    rows=rows,
                    widths=[32, 14, 18, 36],
                ),
            )
        )
    else:
        blocks.append(paragraph(Run(_none_listed(data, "actions"))))
    blind = data.get("blind") or []
    blocks.append(heading(3, f"Not measured ({len(blind)})"))
    blocks.append(
        list_block(f"{b['title']}: {b['why']}" for b in blind)
        if blind
        else paragraph(Run(_none_listed(data, "blind")))
    )
    blocks.append(heading(2, "Scorecard"))
    if data["measures"]:
        rows = []
        for m, spark, said in charts["scorecard"]:
            year_end = (
                [
                    _tagged(
                        m["year_end"],
                        ", ".join(
                            part
                            for part in (
                                f"{m['year_end_value']} in {m['year_end_label']}"
                                if m["year_end_value"]
                                else "",
                                f"from {m['year_end_how']}" if m.get("year_end_how") else "",
                            )
                            if part
                        ),
                    )
                ]
                if m.get("year_end")
                else cell("No forecast")
            )
            direction = m.get("direction")
            rows.append(
                [
                    cell(
                        f"{m['code']} {m['title']}" + (" (synthetic)" if m["synthetic"] else ""), m["theme"]
                    ),
                    [_tagged(m["status"], f"in {m['period']}" if m["period"] else "")],
                    _latest_value(m),
                    cell(m["target"] or "None"),
                    cell(f"{direction['shape']} {direction['words']}" if direction else "Not yet known"),
                    cell(m["trend"]),  # "Down for 3 periods in a row": Clear Impact's "N = 3" said in words
                    year_end,
                    [*_sparkline(spark), [Run(said)]],
                ]
            )
        blocks.append(
            table_block(
                Table(
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
        blocks.append(paragraph(Run("No measure is attached to this plan's elements or their programmes.")))
    blocks.append(heading(2, "Action tracker by theme"))
    for t in data["themes"]:
        prefix = f"{t['kind']} {t['code']}: " if t.get("kind") else ""
        blocks.append(heading(3, prefix + t["title"]))
        if t.get("current_position"):
            blocks.append(paragraph(Run("Current position:", bold=True), Run(f" {t['current_position']}")))
        if not t["tracker"]:
            blocks.append(paragraph(Run("No actions.")))
            continue
        rows = [
            [
                cell(a["title"]),
                cell(a["owner"] or "No owner"),
                cell(_due(a)),
                [_status(a)],
                cell(str(a["slippage_days"])),
                [_latest(a)],
            ]
            for a in t["tracker"]
        ]
        blocks.append(
            table_block(
                Table(
                    caption=f"Actions for {t['title']}",
                    headers=["Action", "Owner", "Due", "Status", "Slippage (days)", "Latest update"],
                    rows=rows,
                    numeric={4},
                    widths=[25, 12, 10, 18, 8, 27],
                ),
            )
        )
    blocks.append(heading(2, "Key risks"))
    blocks.append(paragraph(Run(data["risks"]["text"])))
    if data["risks"]["escalations"]:
        blocks.append(paragraph(Run("Blockages escalated to a board and not yet on an agenda:")))
        blocks.append(
            list_block(
                f"{e['action']}: {e['summary']} (raised {_long_day(e['raised'])})"
                for e in data["risks"]["escalations"]
            )
        )
    blocks.append(heading(2, "Data quality"))
    blocks += [paragraph(Run(line)) for line in reports.quality_lines(data)]
    blocks.append(heading(2, "Appendix: the data"))
    blocks.append(paragraph(Run(reports.ANNEX_NOTE)))
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
    public = f"; {reports.readership(bool(data.get('public')))}"
    return (
        f"{issue.get_kind_display()}, frozen on {date_format(frozen_on(issue), 'j F Y')} "
        f"with data as at {date_format(date.fromisoformat(data['as_at']), 'j F Y')}{public}."
    )


def blocks(issue) -> list[Block]:
    """The report's content in the order of the page: title, introduction, synthetic note, key, sections;
    then a cover report's appendices, bound in, each from a new page (`reports.appendices`)."""
    out = _issue_blocks(issue, heading(1, issue.title))
    for number, appendix in reports.appendices(issue):
        title = heading(1, f"Appendix {number}: {appendix.title}", new_page=True)
        out += _issue_blocks(appendix, title)
    return out


def _issue_blocks(issue, title: Block) -> list[Block]:
    data = issue.data
    out = [title, paragraph(Run(introduction(issue)))]
    if data.get("synthetic"):
        out.append(paragraph(Run(SYNTHETIC[0], bold=True), Run(SYNTHETIC[1])))
    if issue.kind in reports.KEYED:
        out += [heading(2, KEY_HEADING), paragraph(Run(KEY))]
    return out + SECTIONS[issue.kind](data)


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
        [r["kind"], r["code"], r["title"], r["owner"] or ""] + [said or "" for said in r["cells"]]
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
    "Trend: periods in a row",
    "Year-end forecast",
    "Year-end value",
    "Why listed",
    "Owner's commentary",
    reports.LINKED_ACTIONS,
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
        + [t["measures"].get(key, 0) for key, _ in QUARTERLY_MEASURE_COUNTS]
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
        *documents.rows_counted(annex(issue)),
    ]
    if "summary" in data:
        summary = data["summary"]
        rows.append(("Summary", " ".join(summary) if isinstance(summary, list) else summary))
    rows += [
        ("Synthetic", "".join(SYNTHETIC) if data.get("synthetic") else "No synthetic progress."),
        *([(KEY_HEADING, KEY)] if issue.kind in reports.KEYED else []),
        ("Text in cells", documents.TEXT_IN_CELLS),
    ]
    return rows


# ---------------------------------------------------------------------------------------------------
# The files: the shared writers, with what this issue says about itself.


def _document(issue) -> dict:
    """What a DOCX or ODT of the issue says of itself, and its content."""
    return {
        "title": issue.title,
        "subject": issue.get_kind_display(),
        "description": introduction(issue),
        "created": frozen_at(issue),
        "blocks": blocks(issue),
    }


def xlsx_bytes(issue) -> bytes:
    """The annex: a sheet about the report, then the kind's sheets, each filtered, with its codes and
    titles (the first three columns) frozen beside the header row."""
    return documents.xlsx_bytes(
        title=issue.title,
        subject=issue.get_kind_display(),
        created=frozen_at(issue),
        about=about_rows(issue),
        sheets=annex(issue),
        frozen_columns=3,
        filters=True,
    )


RENDERERS = {
    "html": lambda issue: reports.html_document(issue).encode("utf-8"),
    "pdf": reports.pdf,
    "docx": lambda issue: documents.docx_bytes(**_document(issue)),
    "odt": lambda issue: documents.odt_bytes(**_document(issue)),
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
