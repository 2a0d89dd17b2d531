"""Plans, elements and actions in and out of spreadsheets, in one documented layout (a CSV file, or
the first sheet of an XLSX workbook): one row per record, its kind in the `record` column.

    record  plan  code  parent  kind  title  type  category  owner  lead  start  due  status
    percent_complete  visibility  description  current_position

- `plan` rows: `plan` is the plan's key (letters, digits and hyphens); `title`, `type` (a plan type),
  `visibility`; `start` and `due` are its period.
- `element` rows: `plan`, `code` (unique in the plan), `parent` (the code it sits under, or empty),
  `kind` (an element kind's key), `title`, `description`, `current_position`.
- `action` rows: `plan`, `code` (the element it delivers, or empty), `title`, `type`, `category`,
  `owner` (a user's username), `lead`, `start`, `due`, `status`, `percent_complete`, `visibility`.
Dates as 31/03/2027 or 2027-03-31. The whole file is checked first; any problem names the file, row
and column, and nothing is written. Records already held (a plan by key, an element by plan and code,
an action by plan and title) are left as they are, so importing the same file again changes nothing."""

import re
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from equalchance.accounts.models import User
from equalchance.audit.actions import Action as Audit
from equalchance.audit.services import audit_event_record
from equalchance.common.keys import whole_number
from equalchance.common.spreadsheets import cell_text
from equalchance.common.validated_csv import DataFileError, Problem
from equalchance.plans import selectors, services
from equalchance.plans.models import Action, ElementKind, Plan, PlanElement, Visibility

COLUMNS = [
    "record",
    "plan",
    "code",
    "parent",
    "kind",
    "title",
    "type",
    "category",
    "owner",
    "lead",
    "start",
    "due",
    "status",
    "percent_complete",
    "visibility",
    "description",
    "current_position",
]
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def _date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date such as 31/03/2027")


def plans_import(*, by, path: Path, file_name: str | None = None) -> dict[str, int]:
    from equalchance.indicators.importers.observations import read_table

    services.plan_editor_check(by, what="import plans", obj_type="plan")
    name = file_name or path.name
    header, rows = read_table(path, name)
    header = [h.lower() for h in header]
    missing = [c for c in ("record", "plan", "title") if c not in header]
    if missing:
        raise DataFileError([Problem(name, 1, c, "required column is missing") for c in missing])
    problems: list[Problem] = []
    kinds = {k.key: k for k in ElementKind.objects.all()}
    users = {u.username: u for u in User.objects.filter(is_active=True).exclude(role="system")}
    records = []
    plans_in_file, codes_in_file = set(), set()
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        # An apostrophe a safe export put before text that looks like a formula is taken off again.
        row = {
            c: cell_text(cells[i].strip()) if i < len(cells) else ""
            for i, c in enumerate(header)
            if c in COLUMNS
        }
        row = {c: row.get(c, "") for c in COLUMNS}

        def bad(column, reason, number=number):
            problems.append(Problem(name, number, column, reason))

        kind = row["record"].lower()
        if kind not in ("plan", "element", "action"):
            bad("record", f"{row['record']!r} is not plan, element or action")
            continue
        if not KEY.match(row["plan"]):
            bad("plan", "is not a plan key (lower-case letters, digits and hyphens)")
        if not row["title"]:
            bad("title", "is empty")
        elif len(row["title"]) > (200 if kind == "plan" else 500):
            bad("title", "is too long")
        parsed = {}
        for column in ("start", "due"):
            try:
                parsed[column] = _date(row[column])
            except ValueError as error:
                bad(column, str(error))
        if kind == "plan":
            if row["type"] not in Plan.Type.values:
                bad("type", f"{row['type']!r} is not a type of plan ({', '.join(Plan.Type.values)})")
            plans_in_file.add(row["plan"])
        elif kind == "element":
            if not row["code"] or len(row["code"]) > 20:
                bad("code", "needs a code of up to 20 characters, such as 2.a")
            if row["kind"] not in kinds:
                bad("kind", f"{row['kind']!r} is not a kind of element ({', '.join(sorted(kinds))})")
            if (row["plan"], row["code"]) in codes_in_file:
                bad("code", f"{row['code']} appears twice in plan {row['plan']}")
            codes_in_file.add((row["plan"], row["code"]))
        else:
            if row["type"] and row["type"] not in Action.Type.values:
                bad("type", f"{row['type']!r} is not a type of action ({', '.join(Action.Type.values)})")
            if row["category"] and row["category"] not in Action.Category.values:
                bad(
                    "category", f"{row['category']!r} is not a category ({', '.join(Action.Category.values)})"
                )
            if row["status"] and row["status"] not in Action.Status.values:
                bad("status", f"{row['status']!r} is not a status ({', '.join(Action.Status.values)})")
            if row["owner"] and row["owner"] not in users:
                bad("owner", f"there is no active user called {row['owner']!r}")
            percent = whole_number(row["percent_complete"], digits=3)
            if row["percent_complete"] and not (percent is not None and percent <= 100):
                bad("percent_complete", "must be a whole number from 0 to 100")
            if parsed.get("start") and parsed.get("due") and parsed["due"] < parsed["start"]:
                bad("due", "is before the start")
        if row["visibility"] and row["visibility"] not in Visibility.values:
            bad("visibility", f"{row['visibility']!r} is not one of {', '.join(Visibility.values)}")
        records.append((number, kind, row, parsed))
    held_plans = set(
        Plan.objects.filter(key__in={r[2]["plan"] for r in records}).values_list("key", flat=True)
    )
    for number, kind, row, _ in records:
        if kind != "plan" and row["plan"] not in plans_in_file | held_plans:
            problems.append(Problem(name, number, "plan", f"no plan {row['plan']!r} in the file or held"))
        if kind == "element" and row["parent"] and (row["plan"], row["parent"]) not in codes_in_file:
            problems.append(
                Problem(
                    name, number, "parent", f"no element {row['parent']!r} in plan {row['plan']} in the file"
                )
            )
        if (
            kind == "action"
            and row["code"]
            and (row["plan"], row["code"]) not in codes_in_file
            and not PlanElement.objects.filter(plan__key=row["plan"], code=row["code"]).exists()
        ):
            problems.append(
                Problem(name, number, "code", f"no element {row['code']!r} in plan {row['plan']}")
            )
    if problems:
        raise DataFileError(problems)
    counts = {"plans": 0, "elements": 0, "actions": 0}
    held = _held_rows({row["plan"] for _, _, row, _ in records}, by)
    left = []
    with transaction.atomic():
        for number, kind, row, parsed in records:
            differs = _differences(held, kind, row, parsed)
            if differs:
                what = row["code"] if kind == "element" else row["title"] if kind == "action" else row["plan"]
                left.append(
                    f"{name}, row {number}: the {kind} {what!r} is already held and was left as it is; "
                    f"the file differs in {', '.join(differs)}"
                )
            try:
                _write(by, kind, row, parsed, kinds, users, counts)
            except (
                ValidationError,
                ValueError,
            ) as error:  # a rule a service checks and the file check did not
                messages = getattr(error, "message_dict", {"": [str(error)]})
                raise DataFileError(
                    [Problem(name, number, field or None, " ".join(text)) for field, text in messages.items()]
                ) from None
        audit_event_record(actor=by, action=Audit.PLANS_IMPORT, object_type="plan", changes=counts)
    return counts | {"left_as_held": left}


def import_said(counts: dict) -> tuple[bool, str]:
    """What an import did, in words: whether everything in the file is now as given, and a sentence
    that says first what was left as held (and why), then what was added."""
    added = (
        f"Imported {counts['plans']} plans, {counts['elements']} elements and {counts['actions']} actions."
    )
    left = counts["left_as_held"]
    if not left:
        return True, added
    rows = f"{len(left)} rows already held differ" if len(left) > 1 else "1 row already held differs"
    listed = "; ".join(left[:10]) + (f"; and {len(left) - 10} more" if len(left) > 10 else "")
    return False, (
        f"{rows} from the file and {'were' if len(left) > 1 else 'was'} left as held (change "
        f"{'them' if len(left) > 1 else 'it'} on {'their pages' if len(left) > 1 else 'its page'}, "
        f"where each change is recorded). {added} {listed}."
    )


def _identity(record: str, row) -> tuple:
    """How a row is matched with what is held: a plan by its key, an element by its code, an action by
    its title (the columns `plan_rows` writes)."""
    return (record, row[1], row[2] if record == "element" else row[5] if record == "action" else "")


def _held_rows(keys: set[str], by) -> dict[tuple, dict[str, str]]:
    held = {}
    for plan in Plan.objects.filter(key__in=keys):
        for row in plan_rows(plan, user=by)[1:]:
            held[_identity(row[0], row)] = dict(zip(COLUMNS, row, strict=True))
    return held


def _differences(held: dict, kind: str, row: dict, parsed: dict) -> list[str]:
    """The columns in which a row of the file differs from the record already held (a re-import
    leaves what is held as it is: changes are made on the record's page, where they are recorded)."""
    current = held.get(_identity(kind, [row.get(c, "") for c in COLUMNS]))
    if current is None:
        return []
    differs = []
    for column in COLUMNS[2:]:
        given = row.get(column, "")
        if column in ("start", "due"):
            given = parsed[column].isoformat() if parsed.get(column) else ""
        if given and given != current[column]:
            differs.append(column)
    return differs


def _write(by, kind, row, parsed, kinds, users, counts) -> None:
    plan = Plan.objects.filter(key=row["plan"]).first()
    if kind == "plan":
        if plan is None:
            services.plan_create(
                by=by,
                key=row["plan"],
                title=row["title"],
                type=row["type"],
                period_start=parsed.get("start"),
                period_end=parsed.get("due"),
                visibility=row["visibility"] or Visibility.PARTNERSHIP,
                summary=row["description"],
            )
            counts["plans"] += 1
        return
    if kind == "element":
        if not plan.elements.filter(code=row["code"]).exists():
            services.element_add(
                by=by,
                plan=plan,
                kind=kinds[row["kind"]],
                code=row["code"],
                title=row["title"],
                parent=plan.elements.filter(code=row["parent"]).first() if row["parent"] else None,
                description=row["description"],
                current_position=row["current_position"],
            )
            counts["elements"] += 1
        return
    if plan.actions.filter(title=row["title"]).exists():
        return
    services.action_create(
        by=by,
        plan=plan,
        title=row["title"],
        element=plan.elements.filter(code=row["code"]).first() if row["code"] else None,
        type=row["type"] or Action.Type.KEY_ACTION,
        category=row["category"],
        owner=users.get(row["owner"]),
        lead_text=row["lead"],
        start=parsed.get("start"),
        due=parsed.get("due"),
        status=row["status"] or Action.Status.NOT_STARTED,
        percent_complete=int(row["percent_complete"]) if row["percent_complete"] else None,
        visibility=row["visibility"] or Visibility.PARTNERSHIP,
    )
    counts["actions"] += 1


def plan_rows(plan: Plan, *, user) -> list[list]:
    """The plan in the import layout (its rows only, header first) as `user` may read it: what is
    exported imports back. Actions the user may not see are left out (`selectors.actions_visible_to`)."""
    rows = [COLUMNS]

    def day(value):
        return value.isoformat() if value else ""

    rows.append(
        [
            "plan",
            plan.key,
            "",
            "",
            "",
            plan.title,
            plan.type,
            "",
            "",
            "",
            day(plan.period_start),
            day(plan.period_end),
            "",
            "",
            plan.visibility,
            plan.summary,
            "",
        ]
    )
    for e in plan.elements.select_related("kind", "parent").order_by("order", "pk"):
        rows.append(
            [
                "element",
                plan.key,
                e.code,
                e.parent.code if e.parent else "",
                e.kind.key,
                e.title,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                e.description,
                e.current_position,
            ]
        )
    actions = selectors.actions_visible_to(user=user).filter(plan=plan)
    for a in actions.select_related("element", "owner").order_by("order", "pk"):
        rows.append(
            [
                "action",
                plan.key,
                a.element.code if a.element else "",
                "",
                "",
                a.title,
                a.type,
                a.category,
                a.owner.username if a.owner else "",
                a.lead_text,
                day(a.start),
                day(a.due),
                a.status,
                "" if a.percent_complete is None else str(a.percent_complete),
                a.visibility,
                a.description,
                "",
            ]
        )
    return rows
