"""The campaign (专项整治行动 / 创建活动): plan, phases, leading group and office."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CampaignKind(models.TextChoices):
    TOBACCO_MARKET = "tobacco_market", _("Tobacco market rectification")
    TOWN_GAS = "town_gas", _("Town gas safety")
    SANITARY_CITY = "sanitary_city", _("Sanitary city creation and re-review")
    URBAN_ASSAULT = "urban_assault", _("Hundred-day urban management assault")
    RURAL_ENVIRONMENT = "rural_environment", _("Rural living environment action")
    RIVER_STRUCTURES = "river_structures", _("River-zone illegal structure demolition")
    FOOD_WORKSHOPS = "food_workshops", _("Food workshop rectification")
    SCHOOL_SAFETY = "school_safety", _("School safety and surroundings")
    ABANDONED_FARMLAND = "abandoned_farmland", _("Abandoned farmland rectification")
    WORK_SAFETY = "work_safety", _("Work safety supervision")
    OTHER = "other", _("Other")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("campaign", "Draft")  # 筹备
    ACTIVE = "active", _("Under way")  # 实施中
    CLOSED = "closed", pgettext_lazy("campaign", "Closed")  # 已结束


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=30, choices=CampaignKind.choices, default=CampaignKind.OTHER
    )
    template_key = models.CharField(_("template"), max_length=60, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    # The territory it covers (a district, a street...): the units below it take part.
    scope_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("territorial scope"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The leading group's office (领导小组办公室 / 指挥部) that runs it.
    office_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    leading_group = models.CharField(_("leading group"), max_length=120, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    # The problem categories the campaign works on (its ledger view and problem recording).
    categories = models.ManyToManyField(
        "ledger.Category", verbose_name=_("problem categories"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When it was last set under way (services.campaigns.set_status): reporting slots count from
    # then on (rules.counting_from). Empty for a campaign started before this was kept: its
    # slots count from its start date.
    started_at = models.DateTimeField(_("started"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_id(self) -> int:  # audit rows and file rules read the owning unit from here
        return self.office_unit_id


class Phase(models.Model):
    """宣传发动 → 排查摸底 → 集中整治 → 巩固提高 → 总结验收: dated, with what each must achieve."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    aim = models.TextField(_("what it must achieve"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "order", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GroupRole(models.TextChoices):
    LEADER = "leader", _("Group leader")  # 组长
    DEPUTY = "deputy", _("Deputy leader")  # 副组长
    MEMBER = "member", _("Member")  # 成员
    OFFICE_DIRECTOR = "office_director", _("Office director")  # 办公室主任


class GroupMember(models.Model):
    """A member of the leading group: a person with their post, or a unit (成员单位)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="group")
    role = models.CharField(
        pgettext_lazy("campaign", "role"), max_length=20, choices=GroupRole.choices
    )
    person = models.CharField(_("person"), max_length=60, blank=True)
    post = models.CharField(_("post"), max_length=80, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("leading group member")
        verbose_name_plural = _("leading group members")
        ordering = ["campaign", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person="") | ~models.Q(post="") | models.Q(unit__isnull=False),
                name="group_member_person_or_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.person or str(self.unit)


class DocumentKind(models.TextChoices):
    PLAN = "plan", pgettext_lazy("campaign", "Plan")  # 实施方案
    NOTICE = "notice", _("Notice")  # 通知
    MINUTES = "minutes", _("Minutes")  # 会议纪要
    OTHER = "other", _("Other")
