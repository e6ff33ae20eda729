"""The keyed chain, the signed head and the anchors: what someone with the database, or with the
database and the key, can and cannot do unnoticed."""

import importlib
import json
import logging

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from zhengzhi.audit import keys
from zhengzhi.audit.models import AuditEvent, AuditHead, chain_hash, head_message
from zhengzhi.audit.services import record, record_many
from zhengzhi.audit.tasks import write_anchor
from zhengzhi.audit.tests.test_chain import _drop_triggers, _raw
from zhengzhi.audit.verify import read_anchors, verify_chain

pytestmark = pytest.mark.django_db

KEY_A = "audit-key-a-that-is-long-enough-0123456789"
KEY_B = "audit-key-b-that-is-long-enough-0123456789"


@pytest.fixture(autouse=True)
def _fresh_keys(settings):
    keys.reset()
    yield
    keys.reset()


def _use_key(settings, key, old=()):
    settings.AUDIT_KEY = key
    settings.AUDIT_OLD_KEYS = list(old)
    keys.reset()


def _rows(n=5):
    return [record("test.event", object_type="t", object_id=i, data={"n": i}) for i in range(n)]


def _rewrite(from_seq, *, kid="", change=True):
    """Rewrites the chain from row from_seq on, as someone with the database would: changes that
    row's data and recomputes its hash and every later one (plain SHA-256 unless kid names a
    key), then moves the head's count and hash (not its signature)."""
    _drop_triggers()
    prev = AuditEvent.objects.get(seq=from_seq - 1).hash if from_seq > 1 else "0" * 64
    for event in AuditEvent.objects.filter(seq__gte=from_seq).order_by("seq"):
        if change and event.seq == from_seq:
            event.data = {"n": 99}
        event.prev_hash, event.key_id = prev, kid
        event.hash = prev = event.compute_hash()
        _raw(
            "UPDATE audit_auditevent SET data = %s, prev_hash = %s, key_id = %s, hash = %s "
            "WHERE id = %s",
            [json.dumps(event.data), event.prev_hash, event.key_id, event.hash, event.pk],
        )
    AuditHead.objects.filter(pk=1).update(hash=prev)
    return prev


def _resign_head(kid):
    head = AuditHead.objects.get(pk=1)
    mac = keys.sign(head_message(head.seq, head.hash, head.keyed_from), kid)
    AuditHead.objects.filter(pk=1).update(key_id=kid, mac=mac)


def test_rows_and_head_are_signed_with_the_current_key(settings):
    _use_key(settings, KEY_A)
    _rows(2)
    kid = keys.key_id(KEY_A.encode())
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {kid}
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.key_id, head.keyed_from) == (2, kid, 1)
    assert verify_chain() == (2, None)


def test_the_last_row_changed_and_its_hash_recomputed_is_found():
    _rows(3)
    _rewrite(3)
    checked, broken = verify_chain()
    assert (checked, broken.seq) == (2, 3)
    assert "not signed" in broken.reason
    with pytest.raises(CommandError, match="seq=3"):
        call_command("verify_audit")


def test_the_last_row_changed_and_rehashed_under_its_old_key_id_is_found():
    # Keeps the row's key id but can only compute plain SHA-256: the HMAC does not match.
    rows = _rows(3)
    _drop_triggers()
    event = AuditEvent.objects.get(pk=rows[-1].pk)
    event.data = {"n": 99}
    fields = {
        f: getattr(event, f)
        for f in ("seq", "actor_id", "actor_label", "action", "object_type", "object_id",
                  "object_repr", "unit_id", "ip", "data", "prev_hash")
    }  # fmt: skip
    fake = chain_hash(at=event.at.isoformat(timespec="microseconds"), **fields)
    _raw(
        "UPDATE audit_auditevent SET data = %s, hash = %s WHERE id = %s",
        ['{"n": 99}', fake, event.pk],
    )
    AuditHead.objects.filter(pk=1).update(hash=fake)
    checked, broken = verify_chain()
    assert (checked, broken.seq) == (2, 3)
    assert "does not match its hash" in broken.reason


def test_the_head_must_carry_the_last_rows_hash():
    _rows(3)
    AuditHead.objects.filter(pk=1).update(hash="f" * 64)
    checked, broken = verify_chain()
    assert checked == 3 and "head's hash" in broken.reason


def test_the_last_row_deleted_and_the_head_lowered_is_found():
    rows = _rows(3)
    _drop_triggers()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [rows[-1].pk])
    AuditHead.objects.filter(pk=1).update(seq=2, hash=rows[1].hash)
    checked, broken = verify_chain()
    assert checked == 2
    assert "signature does not match" in broken.reason
    with pytest.raises(CommandError, match="signature"):
        call_command("verify_audit")


def test_the_chain_recomputed_from_row_n_with_sha256_is_found():
    _rows(6)
    _rewrite(3)
    checked, broken = verify_chain()
    assert (checked, broken.seq) == (2, 3) and "not signed" in broken.reason


def test_the_chain_recomputed_and_passed_off_as_unkeyed_is_found():
    # Moving where the keyed part begins, so that the rewritten rows pass as rows of before.
    _rows(6)
    _rewrite(1)
    AuditHead.objects.filter(pk=1).update(keyed_from=7)
    checked, broken = verify_chain()
    assert checked == 6 and "signature does not match" in broken.reason


def test_a_rewrite_with_the_key_is_caught_by_an_anchor(tmp_path):
    anchors = tmp_path / "anchors.log"
    _rows(4)
    write_anchor(anchors)
    _rows(2)
    kid = keys.current_id()
    _rewrite(2, kid=kid)
    _resign_head(kid)
    # Whoever holds the key too passes the check of the database alone ...
    assert verify_chain() == (6, None)
    # ... but not the anchors an auditor kept.
    checked, broken = verify_chain(anchors=read_anchors(anchors))
    assert (checked, broken.seq) == (3, 4) and "anchored" in broken.reason
    with pytest.raises(CommandError, match="seq=4"):
        call_command("verify_audit", anchors=str(anchors))


def test_a_truncation_with_the_key_is_caught_by_an_anchor(tmp_path):
    anchors = tmp_path / "anchors.log"
    rows = _rows(3)
    write_anchor(anchors)
    _drop_triggers()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [rows[-1].pk])
    AuditHead.objects.filter(pk=1).update(seq=2, hash=rows[1].hash)
    _resign_head(keys.current_id())
    assert verify_chain() == (2, None)
    checked, broken = verify_chain(anchors=read_anchors(anchors))
    assert broken.seq == 3 and "missing" in broken.reason


def test_anchors_of_an_intact_chain_pass(tmp_path, caplog):
    anchors = tmp_path / "sub" / "anchors.log"
    assert write_anchor(anchors) is None  # an empty log has nothing to anchor
    _rows(2)
    with caplog.at_level(logging.INFO, logger="zhengzhi.audit.tasks"):
        line = write_anchor(anchors)
    assert line in caplog.text
    _rows(2)
    write_anchor(anchors)
    lines = anchors.read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["seq"] == 4
    assert set(read_anchors(anchors)) == {2, 4}
    call_command("verify_audit", anchors=str(anchors))


def test_a_forged_anchor_line_is_refused(tmp_path):
    anchors = tmp_path / "anchors.log"
    _rows(2)
    d = json.loads(write_anchor(anchors))
    d["hash"] = "0" * 64
    anchors.write_text(json.dumps(d) + "\n")
    with pytest.raises(CommandError, match="line 1: its signature does not match"):
        call_command("verify_audit", anchors=str(anchors))


def test_rows_signed_with_a_rotated_key_still_verify(settings, tmp_path):
    anchors = tmp_path / "anchors.log"
    _use_key(settings, KEY_A)
    _rows(2)
    write_anchor(anchors)
    _use_key(settings, KEY_B, old=[KEY_A])
    record_many([{"action": "test.bulk", "object_id": i} for i in range(2)])
    _rows(1)
    kids = list(AuditEvent.objects.order_by("seq").values_list("key_id", flat=True))
    assert kids == [keys.key_id(KEY_A.encode())] * 2 + [keys.key_id(KEY_B.encode())] * 3
    assert verify_chain(anchors=read_anchors(anchors)) == (5, None)
    # Without the old key, its rows cannot be checked: said so, not passed.
    _use_key(settings, KEY_B)
    checked, broken = verify_chain()
    assert broken.seq == 1 and "unknown key" in broken.reason
    with pytest.raises(CommandError, match="unknown key"):
        call_command("verify_audit", anchors=str(anchors))


def _legacy_rows(n):
    """Rows as written before the chain was keyed, then the upgrade's migration step."""
    prev = "0" * 64
    for seq in range(1, n + 1):
        event = AuditEvent(seq=seq, at=timezone.now(), action="old", prev_hash=prev)
        event.hash = prev = event.compute_hash()
        event.save()
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": n, "hash": prev, "mac": ""})
    importlib.import_module("zhengzhi.audit.migrations.0003_keyed_chain").mark_keyed_start(
        apps, None
    )


def test_rows_of_before_the_key_verify_as_before_and_new_rows_are_keyed():
    _legacy_rows(3)
    assert AuditHead.objects.get(pk=1).keyed_from == 4
    assert verify_chain() == (3, None)
    _rows(2)
    assert list(AuditEvent.objects.order_by("seq").values_list("key_id", flat=True)) == [
        "", "", "", keys.current_id(), keys.current_id()
    ]  # fmt: skip
    assert verify_chain() == (5, None)


def test_a_rewrite_of_rows_of_before_is_caught_by_the_first_keyed_row():
    _legacy_rows(3)
    _rows(2)
    _drop_triggers()
    # Recompute rows 2..3 in plain SHA-256 as they were written, leave the keyed rows alone.
    prev = AuditEvent.objects.get(seq=1).hash
    for event in AuditEvent.objects.filter(seq__in=[2, 3]).order_by("seq"):
        event.data = {"n": 99}
        event.prev_hash = prev
        event.hash = prev = event.compute_hash()
        _raw(
            "UPDATE audit_auditevent SET data = %s, prev_hash = %s, hash = %s WHERE id = %s",
            ['{"n": 99}', event.prev_hash, event.hash, event.pk],
        )
    checked, broken = verify_chain()
    assert (checked, broken.seq) == (3, 4) and "link" in broken.reason


def test_record_and_record_many_write_one_chain():
    record("a")
    record_many([{"action": "b", "data": {"i": i}} for i in range(3)])
    record("c")
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "action")) == [
        (1, "a"), (2, "b"), (3, "b"), (4, "b"), (5, "c")
    ]  # fmt: skip
    assert verify_chain() == (5, None)


def test_a_rolled_back_change_leaves_neither_row_nor_head():
    record("a")
    head = AuditHead.objects.get(pk=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        record("b")
        raise RuntimeError
    assert AuditEvent.objects.count() == 1
    after = AuditHead.objects.get(pk=1)
    assert (after.seq, after.hash, after.mac) == (head.seq, head.hash, head.mac)
    assert verify_chain() == (1, None)
