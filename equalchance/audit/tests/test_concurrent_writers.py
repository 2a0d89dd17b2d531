"""Many processes recording events at once still make one unbroken chain (the chain head's lock orders
them), on SQLite and on PostgreSQL."""

import subprocess
import sys

WRITER = """
import django
django.setup()
from django.db import transaction
from equalchance.accounts.services import system_actor
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
actor = system_actor()
for i in range({events}):
    with transaction.atomic():
        audit_event_record(actor=actor, action=Action.TASK_ENQUEUE, object_type="test.writer",
                           object_id="{writer}-" + str(i))
"""


def test_concurrent_writers_make_one_unbroken_chain(fresh_database, python_at_once):
    writers, events = 4, 40
    python_at_once(fresh_database, [WRITER.format(events=events, writer=w) for w in range(writers)])
    result = subprocess.run(
        [sys.executable, "-m", "equalchance.cli", "audit", "verify"],
        env=fresh_database,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"intact: {writers * events:,} events" in result.stdout


def test_verify_exits_non_zero_naming_the_row(fresh_database):
    """The command's exit status, as a scheduled check would see it, on a copy whose triggers were
    dropped and one row edited."""
    setup = WRITER.format(events=3, writer="x") + (
        "from django.db import connection\n"
        "from equalchance.audit.models import AuditEvent\n"
        "second = AuditEvent.objects.order_by('id')[1].pk\n"
        "with connection.cursor() as c:\n"
        "    if connection.vendor == 'sqlite':\n"
        "        c.execute('DROP TRIGGER audit_event_no_update')\n"
        "    else:\n"
        "        c.execute('DROP TRIGGER audit_event_no_change ON audit_auditevent')\n"
        "    c.execute(\"UPDATE audit_auditevent SET object_id = 'forged' WHERE id = %s\", [second])\n"
        "print(second)\n"
    )
    made = subprocess.run(
        [sys.executable, "-c", setup], env=fresh_database, capture_output=True, text=True, timeout=120
    )
    assert made.returncode == 0, made.stderr
    edited = made.stdout.strip()
    result = subprocess.run(
        [sys.executable, "-m", "equalchance.cli", "audit", "verify"],
        env=fresh_database,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"broken at event {edited}: its contents do not match its hash" in result.stderr
