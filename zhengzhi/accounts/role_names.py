"""Role names as people write them in a spreadsheet: the code, the label in any interface
language, or a common Chinese name for the post."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from zhengzhi.core.roles import Role

# Customary names for each post (data, not interface text: these are what clerks type). The
# first is the name the import template suggests.
ALIASES = {
    Role.OFFICE_ADMIN: ("办公室管理员", "管理员", "系统管理员", "办公室系统管理员"),
    Role.DISPATCHER: ("受理派遣员", "受理派遣", "派遣员", "调度员"),
    Role.SHIFT_LEADER: ("值班长", "派遣值班长"),
    Role.HANDLER: ("处置人员", "处置", "处置员", "经办人", "网格员"),
    Role.UNIT_LEADER: ("单位负责人", "单位领导", "负责人"),
    Role.INSPECTOR: ("核查督查员", "核查员", "督查员", "核查", "督查", "核查/督查", "督查人员"),
    Role.LEADER: ("领导", "区领导", "领导（只读）"),
    Role.FOLLOWUP: ("回访员", "回访", "回访人员"),
}


def norm_name(text: str) -> str:
    return text.strip().lower().replace(" ", "").replace("(", "（").replace(")", "）")


def role_lookup() -> dict[str, str]:
    names: dict[str, str] = {}
    for role in Role:
        names[norm_name(role.value)] = role.value
        for alias in ALIASES.get(role, ()):
            names[norm_name(alias)] = role.value
        for code, _label in settings.LANGUAGES:
            with translation.override(code):
                names[norm_name(str(role.label))] = role.value
    return names


def parse_role(text: str) -> str | None:
    return role_lookup().get(norm_name(text))


def accepted_role_names() -> str:
    """The names to suggest in a template or an error message."""
    return "、".join(f"{ALIASES[role][0]}({role.value})" for role in Role)
