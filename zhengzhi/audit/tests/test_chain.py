import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError, InternalError

from zhengzhi.audit.models import AppendOnlyError, AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _three():
    return [
        record("test.event", object_type="t", object_id=i, data={"n": i, "名": "值"})
        for i in range(3)
    ]


def test_events_link_to_the_one_before():
    a, b, c = _three()
    assert (a.seq, b.seq, c.seq) == (1, 2, 3)
    assert b.prev_hash == a.hash and c.prev_hash == b.hash
    assert verify_chain() == (3, None)
    call_command("verify_audit")


def test_the_app_cannot_change_or_delete_a_row():
    event = _three()[0]
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_update_and_delete():
    event = _three()[0]
    for sql in (
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises((DatabaseError, IntegrityError, InternalError)):
            _raw(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def _drop_triggers():
    # What someone with direct database access could do; the chain must still tell.
    if connection.vendor == "postgresql":
        _raw("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    else:
        _raw("DROP TRIGGER audit_event_no_update")
        _raw("DROP TRIGGER audit_event_no_delete")


def test_a_tampered_row_is_named():
    a, b, c = _three()
    _drop_triggers()
    _raw("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"n": 99}', b.pk])
    checked, broken = verify_chain()
    assert checked == 1
    assert broken.seq == 2 and broken.event_id == b.pk
    with pytest.raises(CommandError, match="seq=2"):
        call_command("verify_audit")


def test_a_deleted_row_is_named():
    a, b, c = _three()
    _drop_triggers()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [b.pk])
    checked, broken = verify_chain()
    assert broken.seq == 2 and "missing" in broken.reason


def test_a_deleted_last_row_is_found_by_the_head():
    a, b, c = _three()
    _drop_triggers()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [c.pk])
    checked, broken = verify_chain()
    assert checked == 2 and broken.seq == 3
