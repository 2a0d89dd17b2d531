"""The places part's rows of the authorisation matrix (see tests/authorization/harness.py): every page
by role (places.view), every download (places.export too), and the priority-area forms
(priority_areas.manage), whose refused posts change nothing."""

from equalchance.places.models import PriorityArea, PriorityAreaVersion
from tests.authorization.harness import for_every_role

SOLIHULL = "E08000029"


def populate(world) -> None:
    from equalchance.places.models import Area
    from equalchance.places.services import priority_area_create

    world.records["priority_area"] = priority_area_create(
        name="North",
        district=Area.objects.get(code=SOLIHULL),
        description="",
        method="wards",
        codes=["E05001287"],
        by=world.people["analyst"],
    )


def district(world):
    return {"code": SOLIHULL}


def priority_area(world):
    return {"pk": world.priority_area.pk}


def priority_areas(world):
    return list(PriorityArea.objects.order_by("pk").values_list("pk", "name"))


def versions(world):
    return list(PriorityAreaVersion.objects.order_by("pk").values_list("pk", "number"))


PAGES = [
    ("places:district-list", None),
    ("places:district-profile", district),
    ("places:district-areas", district),
    ("places:district-change", district),
    ("places:area-profile", lambda world: {"code": "E05001300"}),
    ("places:priority-area-detail", priority_area),
]
NEW_AREA = {"name": "South", "method": "wards", "wards": ["E05001300"]}

ROWS = [
    *[row for url, args in PAGES for row in for_every_role(url, "places.view", args=args)],
    *for_every_role("places:priority-area-list", "places.view"),
    *[
        row
        for url, args in PAGES
        for row in for_every_role(url, "places.export", args=args, query="format=csv")
    ],
    *[
        row
        for url, args in PAGES[:2]
        for row in for_every_role(url, "places.export", args=args, query="format=json")
    ],
    *for_every_role("places:priority-area-create", "priority_areas.manage", args=district),
    *for_every_role("places:priority-area-version-create", "priority_areas.manage", args=priority_area),
    *for_every_role(
        "places:priority-area-create",
        "priority_areas.manage",
        args=district,
        method="post",
        data=lambda w: NEW_AREA,
        allowed=302,
        unchanged=priority_areas,
    ),
    *for_every_role(
        "places:priority-area-version-create",
        "priority_areas.manage",
        args=priority_area,
        method="post",
        data=lambda w: {"method": "wards", "wards": ["E05001300"], "note": "Wider"},
        allowed=302,
        unchanged=versions,
    ),
]
