"""Benchmark for plans: prints figures, asserts nothing (people read targets).

For each database (SQLite, and PostgreSQL when PG_URL is set): 10,000 actions (BENCH_ACTIONS) over 50
plans, each with two owners' updates, at varied stages; then
- the computed status and exception reasons of every action (`selectors.exceptions`), against a floor
  measured in the same run: reading the same actions and updates from the database and nothing else;
- the exception report page's server time for one 200-action plan, through Django's test client
  (the whole request: middleware, selectors, template), against the floor of a bare page (the
  accessibility statement) in the same run;
- the tracker PDF of a 200-action plan (frozen, then drawn as tagged PDF), against a one-page tagged
  PDF drawn by the same function as the floor.
Medians over BENCH_REPEATS runs.

Targets (issue 11): the exception report page under 300 ms server time; a 200-action tracker PDF
under 5 s.
Run: bin/benchmark
"""

import json
import os
import time
from datetime import timedelta

from databases import child_database_url, django_setup, run_per_database
from databases import timed as median_time  # benchmarks/ is on sys.path

ACTIONS = int(os.environ.get("BENCH_ACTIONS", "10000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
PLANS = 50


def timed(call, repeats=REPEATS) -> float:
    return median_time(call, repeats)


def measure(database_url: str | None) -> dict:
    django_setup(database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from equalchance.accounts.models import User
    from equalchance.accounts.services import system_actor
    from equalchance.frontend.pdf import tagged_pdf
    from equalchance.plans import reports, selectors, services
    from equalchance.plans.models import Action, ActionUpdate, ElementKind, Plan, PlanElement

    call_command("migrate", verbosity=0)
    system = system_actor()
    owner = User.objects.create(username="bench-owner", role="viewer", email="owner@example.org")
    planner = User.objects.create(username="bench-planner", role="plan_editor")
    today = timezone.localdate()
    started = time.perf_counter()
    plans = [
        services.plan_create(by=system, key=f"plan-{n}", title=f"Plan {n}", type="thematic_plan")
        for n in range(PLANS)
    ]
    kinds = {k.key: k for k in ElementKind.objects.all()}
    elements = PlanElement.objects.bulk_create(
        PlanElement(plan=p, kind=kinds["goal"], code=str(g), title=f"Goal {g}", order=g)
        for p in plans
        for g in range(1, 5)
    )
    by_plan = {}
    for element in elements:
        by_plan.setdefault(element.plan_id, []).append(element)
    actions = []
    for i in range(ACTIONS):
        plan = plans[i % PLANS]
        start = today - timedelta(days=300 + i % 200)
        due = today + timedelta(days=(i % 400) - 150)
        actions.append(
            Action(
                plan=plan,
                element=by_plan[plan.pk][i % 4],
                title=f"Action {i}",
                owner=owner if i % 17 else None,
                start=start,
                due=max(due, start),
                original_due=max(due - timedelta(days=i % 60), start),
                status=("in_progress", "not_started", "completed", "on_hold", "cancelled")[i % 5]
                if i % 11
                else "ongoing",
                completed=today if i % 5 == 2 else None,
                percent_complete=(i * 7) % 101 if i % 3 else None,
                order=i,
            )
        )
    Action.objects.bulk_create(actions, batch_size=2000)
    stamp = timezone.now()
    ActionUpdate.objects.bulk_create(
        (
            ActionUpdate(
                action=a,
                author=owner,
                posted_at=stamp - timedelta(days=d),
                status=a.status,
                percent_complete=a.percent_complete,
                progress="Synthetic benchmark update.",
                self_assessed=("", "green", "amber", "red")[(a.pk + d) % 4],
                rag_reason="Benchmark",
                synthetic=True,
            )
            for a in Action.objects.all()
            for d in (40, 5)
        ),
        batch_size=2000,
    )
    made = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")

    def everything():
        return selectors.exceptions(user=planner, today=today)

    def floor():
        list(Action.objects.values_list("pk", "status", "start", "due", "original_due", "percent_complete"))
        list(ActionUpdate.objects.values_list("action_id", "posted_at", "self_assessed", "override_reason"))

    rows, _ = everything()
    all_time, floor_time = timed(everything), timed(floor)

    # A 200-action plan for the page and the PDF.
    big = Plan.objects.get(key="plan-0")
    extra = Action.objects.filter(plan=big).count()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(planner)
    page_url = f"/plans/exceptions/?plan={big.pk}"
    answered = client.get(page_url).status_code
    if answered != 200:
        raise SystemExit(f"The exception report answered {answered}")
    page_time = timed(lambda: client.get(page_url))
    bare_time = timed(lambda: client.get("/accessibility/"))
    issue = services.report_issue_create(by=planner, kind="tracker", plan=big, today=today)
    pdf_time = timed(lambda: reports.pdf(issue), repeats=3)
    tiny_time = timed(lambda: tagged_pdf("<html lang='en-GB'><title>x</title><p>x</p></html>"), repeats=3)
    freeze_time = timed(lambda: reports.tracker_data(user=planner, plan=big, today=today), repeats=3)
    return {
        "database": connection.vendor,
        "actions": ACTIONS,
        "made": made,
        "listed": len(rows),
        "all_median": all_time,
        "floor_median": floor_time,
        "plan_actions": extra,
        "page_median": page_time,
        "bare_median": bare_time,
        "pdf_median": pdf_time,
        "tiny_pdf_median": tiny_time,
        "freeze_median": freeze_time,
    }


def main():
    url = child_database_url()
    if url is not False:
        print(json.dumps(measure(url)))
        return
    print(
        f"Plans benchmark: {ACTIONS:,} actions, two updates each, {REPEATS} repeats; {os.cpu_count()} cores"
    )
    for name, r in run_per_database(__file__):
        ms = lambda seconds: f"{seconds * 1000:,.0f} ms"  # noqa: E731
        print(f"\n{name}: {r['actions']:,} actions (made in {r['made']:.0f} s); {r['listed']:,} exceptions")
        print(
            f"  status and exceptions of every action: median {ms(r['all_median'])}; floor (reading the "
            f"rows alone) {ms(r['floor_median'])}; ratio {r['all_median'] / r['floor_median']:.1f} x"
        )
        print(
            f"  exception report page, a plan of {r['plan_actions']} actions: median {ms(r['page_median'])} "
            f"(target < 300 ms); floor (a bare page) {ms(r['bare_median'])}"
        )
        print(
            f"  tracker PDF of {r['plan_actions']} actions: median {r['pdf_median']:.2f} s (target < 5 s); "
            f"freezing its data {ms(r['freeze_median'])}; floor (a 1-page PDF) {ms(r['tiny_pdf_median'])}"
        )


if __name__ == "__main__":
    main()
