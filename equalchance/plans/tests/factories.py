"""Plans, elements and actions made through the services, as a plan editor would make them."""

from datetime import date

from equalchance.plans import services
from equalchance.plans.models import ElementKind


def plan_make(*, by, title="Early Help Strategy", type="strategy", key=None, **fields):
    key = key or title.lower().replace(" ", "-")[:60]
    return services.plan_create(by=by, key=key, title=title, type=type, **fields)


def element_make(*, by, plan, code="1", title="Goal one", kind="goal", **fields):
    return services.element_add(
        by=by, plan=plan, kind=ElementKind.objects.get(key=kind), code=code, title=title, **fields
    )


def action_make(
    *, by, plan, title="Publish the action plan", start=date(2026, 1, 1), due=date(2026, 12, 31), **fields
):
    return services.action_create(by=by, plan=plan, title=title, start=start, due=due, **fields)
