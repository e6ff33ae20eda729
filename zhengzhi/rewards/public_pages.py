"""The tip reward on the citizen's tracking page, registered in RewardsConfig.ready (public
reporting never imports this app: see zhengzhi.public.registry). What the reporter may know:
the amount and where it stands, never who proposed or approved it."""

from __future__ import annotations

from zhengzhi.public.models import PublicReport
from zhengzhi.public.registry import TrackPanel, register_track_panel
from zhengzhi.rewards.services import public_reward


def reward_context(report: PublicReport) -> dict | None:
    reward = public_reward(report) if report is not None and report.pk else None
    return None if reward is None else {"reward": reward}


PANEL = TrackPanel("rewards.reward", "rewards/_public_reward.html", reward_context)


def register() -> None:
    register_track_panel(PANEL)
