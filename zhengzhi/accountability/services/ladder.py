"""The ladder's amounts, from a rule's data alone (no query): a 督查单's sum split by shares
(3:3:4), a 督办函's 责任金 multiplied for each further letter on the same matter, and the step
that follows the last letter."""

from __future__ import annotations

from zhengzhi.accountability.models import RecordKind

LEADER = "分管领导"
HEAD = "主要负责人"


def split(total: int, shares: list) -> list[dict]:
    """`total` yuan shared out in whole yuan by the weights (largest remainders first, ties to
    the later share): 100 by 3:3:4 is 30, 30, 40; 110 is 33, 33, 44."""
    weights = [int(w) for _who, w in shares]
    whole = sum(weights)
    if whole <= 0:
        return []
    amounts = [total * w // whole for w in weights]
    left = total - sum(amounts)
    order = sorted(range(len(weights)), key=lambda i: (total * weights[i] % whole, i), reverse=True)
    for i in order[:left]:
        amounts[i] += 1
    return [{"who": str(who), "amount": a} for (who, _w), a in zip(shares, amounts, strict=True)]


def sheet_penalties(rule, problems: int) -> list[dict]:
    return split(rule.per_problem * problems, rule.shares)


def letter_step(rule, step: int) -> tuple[str, list[dict], bool]:
    """(kind, amounts, public self-criticism) of the step-th letter on one matter: the first
    letter's 责任金, multiplied by `repeat_factor` for each further one; the last letter allowed
    also asks the head's public self-criticism; the step after it is 问责 (referral)."""
    if step > rule.letters:
        return RecordKind.REFERRAL, [], False
    factor = rule.repeat_factor ** (step - 1)
    amounts = [
        {"who": LEADER, "amount": rule.leader_amount * factor},
        {"who": HEAD, "amount": rule.head_amount * factor},
    ]
    return RecordKind.LETTER, amounts, step >= rule.letters


def total(amounts: list[dict]) -> int:
    return sum(int(a["amount"]) for a in amounts)
