from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("Office administrator")
    DISPATCHER = "dispatcher", _("Dispatcher")  # 受理派遣
    SHIFT_LEADER = "shift_leader", _("Dispatch shift leader")  # 值班长: approves returns etc.
    HANDLER = "handler", _("Unit handler")  # 处置
    UNIT_LEADER = "unit_leader", _("Unit leader")
    INSPECTOR = "inspector", _("Inspector")  # 核查/督查
    LEADER = "leader", _("Leader (read-only)")
    FOLLOWUP = "followup", _("Follow-up staff")  # 回访
