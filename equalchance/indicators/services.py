"""Writes for indicators: imports and their rollback, loading the shipped real series, editing
definitions. Each is audited in its transaction."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.indicators.importers import observations, real_series
from equalchance.indicators.models import ImportBatch, Indicator
from equalchance.places.models import Area

# Fields whose values are codes or numbers (safe in the audit trail); the others are typed text.
CODED_FIELDS = {
    "value_type",
    "multiplier",
    "ci_method",
    "polarity",
    "period_type",
    "disclosure_minimum",
    "decimal_places",
    "fingertips_id",
}
FORMATS = {"long": observations.long_format_rows, "fingertips": observations.fingertips_rows}


def import_batch_run(
    *, path: Path, file_format: str, source: str, by, file_name: str | None = None
) -> ImportBatch:
    """Validate a whole file and, only if every row is good, write it as one batch."""
    if not user_can(by, "indicators.import"):
        raise PermissionDenied("Only analysts and administrators can import data.")
    if file_format not in FORMATS:
        raise ValueError(f"Unknown format {file_format!r}: use one of {', '.join(FORMATS)}")
    name = file_name or path.name
    drafts = observations.validate(FORMATS[file_format](path, name), name)
    with transaction.atomic():
        batch = observations.write(
            drafts,
            file_name=name,
            file_format=file_format,
            sha256=observations.sha256_of(path),
            source=source,
            by=by,
        )
        audit_event_record(actor=by, action=Action.IMPORT_BATCH_RUN, obj=batch, changes={"rows": len(drafts)})
    return batch


def import_batch_roll_back(*, batch: ImportBatch, by) -> ImportBatch:
    """Remove a batch's observations; the batch itself stays on record as rolled back."""
    if not user_can(by, "indicators.import"):
        raise PermissionDenied("Only analysts and administrators can roll back imports.")
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.rolled_back_at:
            raise ValueError(
                f"Import #{batch.pk} was already rolled back on {batch.rolled_back_at:%d %B %Y}."
            )
        removed, _ = batch.observations.all().delete()
        batch.rolled_back_at = timezone.now()
        batch.rolled_back_by = by
        batch.save(update_fields=["rolled_back_at", "rolled_back_by"])
        audit_event_record(
            actor=by, action=Action.IMPORT_BATCH_ROLL_BACK, obj=batch, changes={"removed": removed}
        )
    return batch


def real_series_load(*, by, data_dir: Path = real_series.DATA_DIR) -> list[tuple[str, int, int]]:
    """Load each shipped series once (skipped when a batch with the same file hash is in place).
    Returns (indicator, rows loaded, rows skipped for areas we do not hold)."""
    if not user_can(by, "indicators.import"):
        raise PermissionDenied("Only analysts and administrators can load data.")
    known = set(Area.objects.values_list("code", flat=True))
    report = []
    for series in real_series.SERIES:
        path = data_dir / series.file
        sha = observations.sha256_of(path)
        if ImportBatch.objects.filter(sha256=sha, rolled_back_at=None, file_name=series.file).exists():
            report.append((series.indicator, 0, 0))
            continue
        rows = real_series.series_rows(series, data_dir)
        kept = [row for row in rows if row.cells["area_code"] in known]
        drafts = observations.validate(kept, series.file)
        with transaction.atomic():
            batch = observations.write(
                drafts, file_name=series.file, file_format="shipped", sha256=sha, source=series.source, by=by
            )
            audit_event_record(
                actor=by, action=Action.IMPORT_BATCH_RUN, obj=batch, changes={"rows": len(drafts)}
            )
        report.append((series.indicator, len(drafts), len(rows) - len(kept)))
    return report


def indicator_update(*, indicator: Indicator, by, **fields) -> Indicator:
    if not user_can(by, "indicators.edit"):
        raise PermissionDenied("Only analysts and administrators can edit indicator definitions.")
    with transaction.atomic():
        changes = {}
        for name, value in fields.items():
            if getattr(indicator, name) != value:
                # Codes and numbers are recorded from and to; typed text (a definition, notes, a
                # source) only as changed: audit events hold references, never free text.
                changes[name] = (
                    {"from": getattr(indicator, name), "to": value} if name in CODED_FIELDS else "changed"
                )
                setattr(indicator, name, value)
        indicator.save()
        if changes:
            audit_event_record(actor=by, action=Action.INDICATOR_UPDATE, obj=indicator, changes=changes)
    return indicator
