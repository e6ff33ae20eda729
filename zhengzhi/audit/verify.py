"""Checking the audit chain, and the signed head lines (anchors) kept outside the database.

What each check catches:
- a row's hash (an HMAC under a key outside the database, see zhengzhi.audit.keys): a row changed by
  someone who holds only the database, even with the rows after it recomputed;
- the link to the row before and the sequence: a row removed or inserted;
- the signed head (count, last hash, where the keyed part begins): the last rows removed and the
  count lowered, or rewritten rows passed off as unkeyed ones;
- the anchors: a rewrite or a truncation by someone who also holds the key, or a head put back
  from an old copy of the database, as far back as the oldest anchor.
Rows written before the chain was keyed verify as plain SHA-256 and are only protected by the
anchors against someone who can recompute them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zhengzhi.audit import keys
from zhengzhi.audit.models import AuditEvent, AuditHead, head_message


@dataclass
class ChainBreak:
    seq: int
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class Anchor:
    at: str
    seq: int
    event_id: int
    hash: str
    key_id: str
    mac: str

    def message(self) -> bytes:
        return f"anchor:{self.at}:{self.seq}:{self.event_id}:{self.hash}".encode()

    def line(self) -> str:
        return json.dumps(
            {
                "at": self.at,
                "seq": self.seq,
                "id": self.event_id,
                "hash": self.hash,
                "key": self.key_id,
                "mac": self.mac,
            },
            separators=(",", ":"),
        )


class AnchorError(ValueError):
    pass


def read_anchors(path: Path | str) -> dict[int, Anchor]:
    """The anchors of a file, by row; a line that is unreadable or not signed by a known key is an
    error (an auditor must know that the file itself was tampered with)."""
    anchors: dict[int, Anchor] = {}
    with open(path, encoding="utf-8") as fh:
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                d = json.loads(text)
                anchor = Anchor(
                    str(d["at"]), int(d["seq"]), int(d["id"]), str(d["hash"]),
                    str(d["key"]), str(d["mac"]),
                )  # fmt: skip
            except (ValueError, KeyError, TypeError):
                raise AnchorError(f"{path}, line {number}: not an anchor line") from None
            if not keys.is_known(anchor.key_id):
                raise AnchorError(
                    f"{path}, line {number}: signed with an unknown key {anchor.key_id} "
                    "(a rotated key missing from ZZ_AUDIT_OLD_KEYS?)"
                )
            if not keys.check(anchor.message(), anchor.key_id, anchor.mac):
                raise AnchorError(f"{path}, line {number}: its signature does not match")
            anchors[anchor.seq] = anchor
    return anchors


def verify_chain(
    batch_size: int = 5000, anchors: dict[int, Anchor] | None = None
) -> tuple[int, ChainBreak | None]:
    """Checks every row in order, then the head, then that every anchored head is still in the
    chain. Returns (rows checked, first break or None)."""
    anchors = anchors or {}
    head = AuditHead.objects.filter(pk=1).first()
    # Not trusted yet: the head's signature, checked below, covers it.
    keyed_from = head.keyed_from if head else 1
    expected_prev = "0" * 64
    expected_seq = 1
    checked = 0
    for event in _iter_events(batch_size):
        if event.seq != expected_seq:
            return checked, ChainBreak(expected_seq, None, f"row {expected_seq} is missing")
        broken = _check_row(event, expected_prev, keyed_from, anchors.get(event.seq))
        if broken:
            return checked, ChainBreak(event.seq, event.pk, broken)
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    broken = _check_head(head, checked, expected_prev)
    if broken:
        return checked, broken
    for seq in sorted(anchors):
        if seq > checked:
            return checked, ChainBreak(
                seq, None, f"row {seq}, the head anchored at {anchors[seq].at}, is missing"
            )
    return checked, None


def _check_row(event, expected_prev: str, keyed_from: int, anchor: Anchor | None) -> str:
    if event.prev_hash != expected_prev:
        return "does not link to the row before it"
    if event.seq >= keyed_from and not event.key_id:
        return f"is not signed, but the chain is keyed from row {keyed_from}"
    if event.seq < keyed_from and event.key_id:
        return f"is signed, but the keyed chain begins at row {keyed_from}"
    if event.key_id and not keys.is_known(event.key_id):
        return (
            f"is signed with an unknown key {event.key_id} "
            "(a rotated key missing from ZZ_AUDIT_OLD_KEYS?)"
        )
    if event.compute_hash() != event.hash:
        return "content does not match its hash"
    if anchor and (anchor.hash != event.hash or anchor.event_id != event.pk):
        return f"is not the head anchored at {anchor.at}"
    return ""


def _check_head(head: AuditHead | None, checked: int, last_hash: str) -> ChainBreak | None:
    if head is None:
        if checked:
            return ChainBreak(checked + 1, None, "the chain's head is missing")
        return None
    if head.seq != checked:
        return ChainBreak(checked + 1, None, f"head says {head.seq} rows, found {checked}")
    if head.hash != last_hash:
        return ChainBreak(checked, None, f"the head's hash is not row {checked}'s")
    if checked == 0 and not head.mac:
        return None  # an empty log, never written to
    if not keys.is_known(head.key_id):
        return ChainBreak(
            checked, None, f"the head is signed with an unknown key {head.key_id or '(none)'}"
        )
    if not keys.check(head_message(head.seq, head.hash, head.keyed_from), head.key_id, head.mac):
        return ChainBreak(checked, None, "the head's signature does not match")
    return None


def _iter_events(batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def current_anchor(at: str) -> Anchor | None:
    """The signed head of the chain as it stands, or None for an empty log."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.seq == 0:
        return None
    event = AuditEvent.objects.only("pk").get(seq=head.seq)
    kid = keys.current_id()
    unsigned = Anchor(at, head.seq, event.pk, head.hash, kid, "")
    return Anchor(at, head.seq, event.pk, head.hash, kid, keys.sign(unsigned.message(), kid))
