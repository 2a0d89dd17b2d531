"""The indicators part's rows of the authorisation matrix (see tests/authorization/harness.py): the
catalogue and imports by role (indicators.view), editing (indicators.edit) and importing or rolling back
(indicators.import), whose refused posts change nothing."""

from equalchance.indicators.models import ImportBatch, Indicator
from tests.authorization.harness import for_every_role


def populate(world) -> None:
    world.records["batch"] = ImportBatch.objects.create(
        source="A test file", file_name="returns.csv", file_format="long", sha256="", rows=0
    )


def definition(world):
    return Indicator.objects.values_list("name", "notes", "polarity").get(code="asb-rate")


def batch_state(world):
    return ImportBatch.objects.values_list("rolled_back_at", flat=True).get(pk=world.batch.pk)


def batches(world):
    return ImportBatch.objects.count()


ASB = {"code": "asb-rate"}

ROWS = [
    *for_every_role("indicators:list", "indicators.view"),
    *for_every_role("indicators:detail", "indicators.view", args=lambda w: ASB),
    *for_every_role(
        "indicators:across-areas", "indicators.view", args=lambda w: {**ASB, "district": "E08000029"}
    ),
    *for_every_role("indicators:imports", "indicators.view"),
    *for_every_role("indicators:edit", "indicators.edit", args=lambda w: ASB),
    *for_every_role(
        "indicators:edit",
        "indicators.edit",
        args=lambda w: ASB,
        method="post",
        data=lambda w: {"name": "Renamed by a refused user"},
        allowed=200,  # the form's errors: the other fields are required
        unchanged=definition,
    ),
    *for_every_role("indicators:import-create", "indicators.import"),
    *for_every_role(
        "indicators:import-create",
        "indicators.import",
        method="post",
        data=lambda w: {"source": "x"},
        allowed=200,  # the form's errors: no file
        unchanged=batches,
    ),
    *for_every_role(
        "indicators:import-roll-back",
        "indicators.import",
        args=lambda w: {"pk": w.batch.pk},
        method="post",
        allowed=302,
        unchanged=batch_state,
    ),
]
