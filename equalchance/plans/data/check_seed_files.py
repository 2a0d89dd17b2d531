"""Check the seed plan files in this folder: python equalchance/plans/data/check_seed_files.py

Standard library only and not imported by the product. Exits 1 and names file, place and reason for every
problem: invalid JSON, a key used twice (across all files), a reference that does not resolve (parent,
board, reports_to, area, action element, contributes_to, plan), a value outside the vocabulary (extensions
must be listed in README.md), a date that is not ISO, or an element code used twice within a plan.
"""

import datetime
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent

PLAN_TYPES = {
    "community_strategy", "council_plan", "business_plan", "thematic_plan", "strategy",
    "area_action_plan", "service_plan", "team_plan",
}  # fmt: skip
ELEMENT_KINDS = {
    "vision", "purpose", "ambition", "priority", "sub_priority", "theme", "objective", "expected_outcome",
    "goal", "key_programme", "key_action_heading", "current_position_note",
}  # fmt: skip
# Kinds added for the seeds; each must be described in README.md.
ELEMENT_KINDS_EXTRA = {
    "principle", "system_component", "measure_group", "outcome_area", "key_delivery_plan_group",
    "key_delivery_plan",
}  # fmt: skip
ACTION_TYPES = {"key_action", "project", "milestone", "quick_win", "partner_agreed_action", "ongoing"}
ACTION_CATEGORIES = {None, "business_fundamental", "change_priority", "core_service"}
BODY_TYPES = {
    "governing_board", "health_and_wellbeing_board", "executive_group", "delivery_group", "thematic_group",
    "sub_group", "leadership_team", "cabinet", "scrutiny_committee", "area_group",
}  # fmt: skip
PLAN_STATUSES = {
    None, "draft", "consultation", "approved", "active", "under_review", "superseded", "archived",
}  # fmt: skip
MEASURE_CATEGORIES = {None, "how_much", "how_well", "better_off"}
INDICATORS = {
    None, "gld", "neet-years-12-14", "claimants-18-24", "children-out-of-work-households",
    "long-term-claimants", "u75-circulatory-mortality", "cpp-rate", "community-cohesion", "asb-rate",
    "domestic-abuse-rate",
    "crime-rate", "claimant-count-16-64", "children-relative-poverty-bhc", "preventable-cvd-mortality-u75",
}  # fmt: skip
KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, reason):
        self.items.append(f"{where}: {reason}")


def full_date(value, where, problems, field):
    if value is None:
        return
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        problems.add(where, f"{field} {value!r} is not an ISO date (YYYY-MM-DD)")


def walk_elements(elements, path):
    """Yield (element, where) for every element of a tree, depth first, in document order."""
    for index, element in enumerate(elements):
        where = f"{path}[{index}]"
        yield element, where
        yield from walk_elements(element.get("children", []), f"{where}.children")


def load(problems):
    files = sorted(HERE.glob("seed-*.json"))
    if not files:
        problems.add(str(HERE), "no seed-*.json files found")
    loaded = {}
    for path in files:
        try:
            loaded[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.add(path.name, f"not valid UTF-8 JSON ({error})")
    return loaded


def check(loaded, readme_text, problems):
    keys = {}  # key -> (file, kind)
    plans, bodies, areas = {}, {}, {}
    counts = {}

    for name, data in loaded.items():
        if not isinstance(data, dict):
            problems.add(name, "top level is not an object")
            continue
        doc = data.get("document", {})
        if not doc.get("seed") or not doc.get("title") or not doc.get("licence"):
            problems.add(f"{name} document", "seed, title and licence are required")
        if doc.get("date") is not None and not PARTIAL_DATE.match(str(doc["date"])):
            problems.add(f"{name} document", f"date {doc['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        for section, store, label in (
            ("bodies", bodies, "body"),
            ("plans", plans, "plan"),
            ("priority_areas", areas, "priority area"),
        ):
            for index, item in enumerate(data.get(section, [])):
                where = f"{name} {section}[{index}]"
                key = item.get("key")
                if not isinstance(key, str) or not KEY_PATTERN.match(key):
                    problems.add(where, f"key {key!r} is missing or not lower-case words joined by hyphens")
                    continue
                if key in keys:
                    problems.add(where, f"key {key!r} is already used by a {keys[key][1]} in {keys[key][0]}")
                    continue
                keys[key] = (name, label)
                store[key] = (name, where, item)
        counts[name] = {
            "plans": len(data.get("plans", [])),
            "elements": sum(
                1 for plan in data.get("plans", []) for _ in walk_elements(plan.get("elements", []), "")
            ),
            "actions": sum(len(plan.get("actions", [])) for plan in data.get("plans", [])),
            "bodies": len(data.get("bodies", [])),
            "areas": len(data.get("priority_areas", [])),
            "community_assets": len(data.get("community_assets", [])),
        }

    extra_kinds_in_readme = {kind for kind in ELEMENT_KINDS_EXTRA if f"`{kind}`" in readme_text}
    for kind in sorted(ELEMENT_KINDS_EXTRA - extra_kinds_in_readme):
        problems.add("README.md", f"element kind {kind!r} is used by the checker but not described")

    def resolve(value, store, where, field):
        if value is not None and value not in store:
            problems.add(where, f"{field} {value!r} does not resolve")

    for _key, (_name, where, body) in bodies.items():
        if not body.get("name"):
            problems.add(where, "name is required")
        if body.get("type") not in BODY_TYPES:
            problems.add(where, f"type {body.get('type')!r} is not a body type")
        resolve(body.get("reports_to"), bodies, where, "reports_to")
        resolve(body.get("area"), areas, where, "area")
        if body.get("reports_to") == body["key"]:
            problems.add(where, "reports to itself")

    codes_by_plan = {}
    for key, (_name, where, plan) in plans.items():
        if not plan.get("title"):
            problems.add(where, "title is required")
        if plan.get("type") not in PLAN_TYPES:
            problems.add(where, f"type {plan.get('type')!r} is not a plan type")
        if plan.get("status") not in PLAN_STATUSES:
            problems.add(where, f"status {plan.get('status')!r} is not a plan status")
        resolve(plan.get("parent"), plans, where, "parent")
        resolve(plan.get("board"), bodies, where, "board")
        resolve(plan.get("area"), areas, where, "area")
        if plan.get("type") == "area_action_plan" and not plan.get("area"):
            problems.add(where, "an area action plan needs an area")
        for field in ("period_start", "period_end", "approved"):
            full_date(plan.get(field), where, problems, field)
        if plan.get("period_start") and plan.get("period_end") and plan["period_start"] > plan["period_end"]:
            problems.add(where, "period_start is after period_end")
        for index, measure in enumerate(plan.get("measured_by", [])):
            check_measure(measure, f"{where}.measured_by[{index}]", problems)
        codes = {}
        for element, ewhere in walk_elements(plan.get("elements", []), f"{where}.elements"):
            kind = element.get("kind")
            if kind not in ELEMENT_KINDS and kind not in ELEMENT_KINDS_EXTRA:
                problems.add(ewhere, f"kind {kind!r} is not an element kind (nor listed in README.md)")
            code = element.get("code")
            if not isinstance(code, str) or not code:
                problems.add(ewhere, "code is required")
            elif code in codes:
                problems.add(ewhere, f"code {code!r} is used twice in plan {key!r} (first at {codes[code]})")
            else:
                codes[code] = ewhere
            if not element.get("title"):
                problems.add(ewhere, "title is required")
            for index, measure in enumerate(element.get("measured_by", [])):
                check_measure(measure, f"{ewhere}.measured_by[{index}]", problems)
        codes_by_plan[key] = codes

    for key, (_name, where, plan) in plans.items():
        for element, ewhere in walk_elements(plan.get("elements", []), f"{where}.elements"):
            resolve(element.get("plan"), plans, ewhere, "plan")
            target = element.get("contributes_to")
            if target is not None:
                if target.get("plan") not in plans:
                    problems.add(ewhere, f"contributes_to plan {target.get('plan')!r} does not resolve")
                elif target.get("element") not in codes_by_plan[target["plan"]]:
                    missing = target.get("element")
                    problems.add(ewhere, f"contributes_to element {missing!r} is not in {target['plan']!r}")
        for index, action in enumerate(plan.get("actions", [])):
            awhere = f"{where}.actions[{index}]"
            if not action.get("title"):
                problems.add(awhere, "title is required")
            if action.get("element") is not None and action["element"] not in codes_by_plan[key]:
                problems.add(awhere, f"element {action['element']!r} is not a code in plan {key!r}")
            if action.get("type") not in ACTION_TYPES:
                problems.add(awhere, f"type {action.get('type')!r} is not an action type")
            if action.get("category") not in ACTION_CATEGORIES:
                problems.add(awhere, f"category {action.get('category')!r} is not an action category")
            full_date(action.get("due"), awhere, problems, "due")
            if action.get("due") and not action.get("due_text"):
                problems.add(awhere, "a due date needs the document's words in due_text")

        # The golden thread must not loop.
        seen, current = set(), key
        while current is not None and current in plans:
            if current in seen:
                problems.add(where, "parent links form a loop")
                break
            seen.add(current)
            current = plans[current][2].get("parent")

    for key, (_name, where, body) in bodies.items():
        seen, current = set(), key
        while current is not None and current in bodies:
            if current in seen:
                problems.add(where, "reports_to links form a loop")
                break
            seen.add(current)
            current = bodies[current][2].get("reports_to")
        full_date(body.get("next_decision_date"), where, problems, "next_decision_date")

    for _key, (_name, where, area) in areas.items():
        if not area.get("name") and not area.get("placeholder_name"):
            problems.add(where, "needs a name or, when the document gives none, a placeholder_name")
        if not re.match(r"^E0[6-9]\d{6}$", str(area.get("district", ""))):
            problems.add(where, f"district {area.get('district')!r} is not a district GSS code")

    for name, data in loaded.items():
        for index, asset in enumerate(data.get("community_assets", [])):
            if not asset.get("name"):
                problems.add(f"{name} community_assets[{index}]", "name is required")

    return counts


def check_measure(measure, where, problems):
    if measure.get("indicator") not in INDICATORS:
        problems.add(where, f"indicator {measure.get('indicator')!r} is not an indicator code")
    if not measure.get("text"):
        problems.add(where, "text (the document's wording) is required")
    if measure.get("category") not in MEASURE_CATEGORIES:
        problems.add(where, f"category {measure.get('category')!r} is not an RBA category")


def main():
    problems = Problems()
    loaded = load(problems)
    readme = HERE / "README.md"
    readme_text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if not readme_text:
        problems.add("README.md", "missing")
    counts = check(loaded, readme_text, problems)
    for name, row in counts.items():
        print(name, " ".join(f"{field}={value}" for field, value in row.items()))
    total = {field: sum(row[field] for row in counts.values()) for field in next(iter(counts.values()), {})}
    print("total", " ".join(f"{field}={value}" for field, value in total.items()))
    sys.stdout.flush()
    if problems.items:
        print(f"{len(problems.items)} problem(s):", file=sys.stderr)
        for item in problems.items:
            print("  " + item, file=sys.stderr)
        return 1
    print("All seed files are consistent.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
