"""{% public_reward report %}: the reward on a citizen's tracking page (what the reporter may
know: amount and where it stands; never who proposed or approved it)."""

from django import template

from zhengzhi.rewards.services import public_reward as reward_of

register = template.Library()


@register.inclusion_tag("rewards/_public_reward.html")
def public_reward(report):
    return {"reward": reward_of(report) if report is not None and report.pk else None}
