"""The audit trail's hash chain (no Django here, so it can be checked by anything that reads the rows).

Each event's hash is SHA-256 over the previous event's hash and a canonical text of the event's own
fields. Changing, inserting or deleting a row in the middle of the trail breaks the chain at that row;
cutting rows off the end is found by comparing the head hash with one recorded elsewhere (`audit
verify` prints it)."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64

# The fields covered by the hash, in this order. The id is not covered (the database assigns it after
# the hash is made); the order of the trail is carried by each row's previous hash instead.
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_role",
    "action",
    "refused",
    "object_type",
    "object_id",
    "changes",
    "request_id",
    "client_ip",
)


def _plain(value):
    # Times as UTC to the microsecond, whatever time zone the database driver hands back.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def canonical(event: Mapping) -> str:
    """The event's hashed fields as one line of JSON: sorted keys, no spaces, exact text."""
    return json.dumps(
        {name: _plain(event.get(name)) for name in HASHED_FIELDS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def event_hash(previous: str, event: Mapping) -> str:
    return hashlib.sha256(f"{previous}\n{canonical(event)}".encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    row_id: int
    why: str


@dataclass(frozen=True)
class Verdict:
    checked: int
    head: str
    broken: Break | None


def verify(rows: Iterable[Mapping]) -> Verdict:
    """Walk the trail in id order; the first row whose links or contents do not add up is named."""
    previous, checked = GENESIS, 0
    for row in rows:
        if row["prev_hash"] != previous:
            why = (
                "its previous-hash does not match the row before it: a row before it was deleted or "
                "changed, or a row was inserted here"
            )
            return Verdict(checked, previous, Break(row["id"], why))
        if event_hash(previous, row) != row["hash"]:
            return Verdict(
                checked, previous, Break(row["id"], "its contents do not match its hash: it was edited")
            )
        previous = row["hash"]
        checked += 1
    return Verdict(checked, previous, None)
