"""The audit trail's contract: an enumerated action and a named actor on every event, written in the
transaction of the change, append-only in the database itself, and chained so that `audit verify`
names the first row that was edited, inserted or deleted."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from equalchance.audit import chain
from equalchance.audit.actions import Action
from equalchance.audit.models import AuditEvent
from equalchance.audit.selectors import audit_trail_verify
from equalchance.audit.services import ANONYMOUS, audit_event_record
from equalchance.places.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def solihull():
    return Area.objects.get(code="E08000029")


def record(actor, obj, n: int = 1, **extra) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_event_record(
                actor=actor, action=Action.PRIORITY_AREA_CREATE, obj=obj, changes={"n": i}, **extra
            )
            for i in range(n)
        ]


def test_audit_events_are_refused_outside_a_transaction(solihull, system, monkeypatch):
    # Tests always run inside a transaction, so pretend the connection is in autocommit.
    class Autocommit:
        in_atomic_block = False

    monkeypatch.setattr(transaction, "get_connection", lambda *a: Autocommit())
    with pytest.raises(RuntimeError, match="same transaction"):
        audit_event_record(actor=system, action=Action.PRIORITY_AREA_CREATE, obj=solihull)


def test_an_event_needs_an_enumerated_action_and_a_named_actor(solihull, system):
    before = AuditEvent.objects.count()
    with transaction.atomic():
        with pytest.raises(TypeError, match="Action"):
            audit_event_record(actor=system, action="priority_area.create", obj=solihull)
        with pytest.raises(ValueError, match="needs an actor"):
            audit_event_record(actor=None, action=Action.PRIORITY_AREA_CREATE, obj=solihull)
    assert AuditEvent.objects.count() == before
    (anonymous,) = record(ANONYMOUS, solihull)
    assert anonymous.actor_id is None and anonymous.actor_role == ""
    (automated,) = record(system, solihull)
    assert automated.actor_id == system.pk and automated.actor_role == "system"


def test_model_instances_cannot_be_changed_or_deleted(solihull, system):
    (event,) = record(system, solihull)
    event.action = Action.SIGN_IN
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET object_id = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_to_update_or_delete_an_event(solihull, system, statement):
    (event,) = record(system, solihull)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(object_id="x")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.object_id == str(solihull.pk)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_to_truncate_the_trail(solihull, system):
    record(system, solihull)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditevent")


def test_each_event_is_chained_to_the_one_before(solihull, system):
    events = record(system, solihull, n=3)
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    stored = AuditEvent.objects.values("id", "prev_hash", "hash", *chain.HASHED_FIELDS).get(pk=events[2].pk)
    assert chain.event_hash(events[1].hash, stored) == events[2].hash  # the hash is of what is stored
    verdict = audit_trail_verify()
    assert verdict.broken is None and verdict.head == events[2].hash
    assert verdict.checked == AuditEvent.objects.count()


def triggers_dropped():
    """Drop the append-only triggers inside the test's transaction (rolled back with it), as someone
    with the database owner's rights could."""
    statements = {
        "sqlite": ["DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete"],
        "postgresql": [
            "DROP TRIGGER audit_event_no_change ON audit_auditevent",
            "DROP TRIGGER audit_event_no_truncate ON audit_auditevent",
        ],
    }[connection.vendor]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def verify_fails() -> str:
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify")
    return str(refused.value)


def test_verify_names_an_edited_row(solihull, system, capsys):
    events = record(system, solihull, n=4)
    call_command("audit", "verify")
    assert f"intact: {AuditEvent.objects.count():,} events" in capsys.readouterr().out
    triggers_dropped()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = 'E08000025' WHERE id = %s", [events[1].pk])
    message = verify_fails()
    assert f"broken at event {events[1].pk}" in message and "edited" in message


def test_verify_names_the_row_after_a_deleted_one(solihull, system):
    events = record(system, solihull, n=4)
    triggers_dropped()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    message = verify_fails()
    assert f"broken at event {events[2].pk}" in message and "deleted" in message


def test_verify_finds_events_cut_off_the_end(solihull, system):
    events = record(system, solihull, n=3)
    triggers_dropped()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    assert "events after it were deleted" in verify_fails()


def test_verify_checks_a_head_recorded_elsewhere(solihull, system, capsys):
    events = record(system, solihull, n=2)
    call_command("audit", "verify", "--expect-head", events[1].hash)
    assert events[1].hash in capsys.readouterr().out
    with pytest.raises(CommandError, match="not in the trail"):
        call_command("audit", "verify", "--expect-head", "f" * 64)


@pytest.mark.parametrize(
    "remote, forwarded, stored",
    [
        ("::ffff:198.51.100.77", "", "198.51.100.77"),  # an IPv4 client of a dual-stack server
        ("10.0.0.2", "::ffff:203.0.113.50", "203.0.113.50"),  # ... or of an IPv6 proxy
        ("10.0.0.2", "2001:DB8:0:0:0:0:0:9", "2001:db8::9"),
        ("fe80::1%eth0", "", "fe80::1"),
    ],
)
def test_an_address_however_written_is_stored_as_hashed_and_the_chain_stays_intact(
    solihull, remote, forwarded, stored, settings
):
    """The defect: a sign-in failure from ::ffff:198.51.100.77 was hashed as one spelling of the address
    and stored as another, so `audit verify` called an untouched trail edited."""
    from django.test import Client

    settings.TRUSTED_PROXIES = 1 if forwarded else 0
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    Client(REMOTE_ADDR=remote).post(
        "/accounts/sign-in/", {"login": "nobody", "password": "not-a-password"}, **headers
    )
    assert AuditEvent.objects.latest("pk").client_ip == stored
    assert audit_trail_verify().broken is None
