"""The site registry (花名册): every business or place under supervision.

A site has a kind (SiteKind, shipped as data the office can extend) whose field declarations
say which extra attributes its sites carry; those live in Site.attributes, validated against
the declaration by zhengzhi.sites.kinds. Problems, cases and inspections hang on a site from
the apps above; the registry reaches them only through zhengzhi.sites.registry.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SiteKind(models.Model):
    """A kind of site, e.g. tobacco retailer or small restaurant.

    `fields` declares the kind's own attributes, in order, as a list of objects:
        {"key": "grade", "label": "客户档位", "label_en": "Customer grade",
         "type": "text" | "integer" | "decimal" | "date" | "boolean" | "choice" | "choices",
         "required": false, "choices": ["..."]}
    (see zhengzhi.sites.kinds for the checks). `perimeter` is for kinds that protect their
    surroundings (schools): {"distance_m": 200, "kinds": ["internet_cafe", ...]}.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    # The family a kind belongs to, for filters and coverage: "五小行业", "烟草", "燃气" …
    group = models.CharField(_("group"), max_length=40, blank=True)
    licence_name = models.CharField(_("licence"), max_length=60, blank=True)
    licence_required = models.BooleanField(_("licence required"), default=False)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    perimeter = models.JSONField(_("protected perimeter"), default=dict, blank=True)
    # The departments that supervise sites of this kind across the county (条): they see them.
    departments = models.ManyToManyField(
        "org.Unit",
        blank=True,
        related_name="supervised_site_kinds",
        verbose_name=_("supervising departments"),
        limit_choices_to={"kind": "department"},
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Shipped kinds may be updated from the data file; once the office edits one it is theirs.
    shipped = models.BooleanField(_("shipped"), default=False, editable=False)
    edited = models.BooleanField(_("edited by the office"), default=False, editable=False)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("site kind")
        verbose_name_plural = _("site kinds")

    def __str__(self) -> str:
        return self.name


class SiteStatus(models.TextChoices):
    # In a context: a problem's "Open" and "Closed" (未结案, 已销号) are other words.
    OPEN = "open", pgettext_lazy("site status", "Open")
    SUSPENDED = "suspended", pgettext_lazy("site status", "Suspended")
    CLOSED = "closed", pgettext_lazy("site status", "Closed")
    CLEARED = "cleared", pgettext_lazy("site status", "Cleared")


class Site(models.Model):
    code = models.CharField(_("site code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.ForeignKey(SiteKind, on_delete=models.PROTECT, related_name="sites")
    operator = models.CharField(_("operator"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # 统一社会信用代码: individual businesses may have none. Checked in the services.
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    # Where the point falls, routed as problems are (zhengzhi.territory.routing).
    grid = models.ForeignKey(
        "territory.Grid", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    community = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The territorial owner: the community, or the unit found by boundary. Scope reads it.
    owner_unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_sites",
        verbose_name=_("owning unit"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SiteStatus.choices, default=SiteStatus.OPEN
    )
    watch = models.BooleanField(_("watch list"), default=False)
    watch_reason = models.CharField(_("watch-list reason"), max_length=200, blank=True)
    watch_since = models.DateTimeField(_("on the watch list since"), null=True, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    # Name, operator and address folded into one column for the text search (see search.py).
    search_text = models.TextField(editable=False, default="", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped by every change: a form posted over someone else's change is refused, not merged.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["code"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        indexes = [
            models.Index(fields=["credit_code"], name="site_credit_code"),
            models.Index(fields=["kind", "status"], name="site_kind_status"),
            models.Index(fields=["owner_unit", "kind"], name="site_owner_kind"),
            models.Index(fields=["community"], name="site_community"),
            models.Index(fields=["watch"], name="site_watch", condition=Q(watch=True)),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def unit_id(self) -> int | None:
        """The unit the audit log files the site under."""
        return self.owner_unit_id


class LicenceState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring within 30 days")
    EXPIRED = "expired", _("Expired")


class Licence(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="licences")
    name = models.CharField(_("licence"), max_length=60)
    # Unique across the registry: a duplicate number in a roster is an error, and a re-import
    # finds its site by it first.
    number = models.CharField(_("licence number"), max_length=60, unique=True)
    issuer = models.CharField(pgettext_lazy("licence", "issued by"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    # The last state the worker told the site's units about: one notice per licence and state.
    notified_state = models.CharField(max_length=10, blank=True, editable=False)

    class Meta:
        ordering = ["expires_on", "number"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self) -> str:
        return f"{self.name} {self.number}"


class SiteEvent(models.Model):
    """One line of a site's own history: created, changed, imported, status, watch list.
    Problems, cases and inspections at the site come from their apps through the registry."""

    class Kind(models.TextChoices):
        CREATED = "created", pgettext_lazy("site event", "Registered")
        CHANGED = "changed", _("Changed")
        IMPORTED = "imported", _("Updated by a roster import")
        STATUS = "status", _("Status changed")
        WATCHED = "watched", _("Put on the watch list")
        UNWATCHED = "unwatched", _("Taken off the watch list")
        LICENCE = "licence", _("Licence changed")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # {"field": [old, new], ...} for changes; free data otherwise (reason, import id).
    changes = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.site_id} {self.kind}"


class ColumnMapping(models.Model):
    """An office's own sheet, read by header: which header fills which field, per kind."""

    kind = models.OneToOneField(SiteKind, on_delete=models.CASCADE, related_name="mapping")
    # {"header text as in the sheet": "field key"}; keys: name, operator, credit_code, …,
    # "licence_number", "attr:<key>" for the kind's declared fields.
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.kind_id}"


class RosterImport(models.Model):
    """One roster file imported (all or nothing): what it did, by whom, for which survey."""

    kind = models.ForeignKey(SiteKind, on_delete=models.PROTECT, related_name="imports")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    file_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    survey = models.ForeignKey(
        "Survey", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.file_name


class Survey(models.Model):
    """A survey (摸底排查): every community submits its roster of the given kinds by a date."""

    title = models.CharField(_("title"), max_length=120)
    kinds = models.ManyToManyField(SiteKind, related_name="surveys", verbose_name=_("site kinds"))
    starts_on = models.DateField(_("starts on"))
    deadline = models.DateField(pgettext_lazy("survey", "deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "-id"]
        verbose_name = _("survey")

    def __str__(self) -> str:
        return self.title


class SurveySubmission(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="submissions")
    community = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    site_count = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "community"], name="survey_submission_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.community_id}"


class WatchRule(models.Model):
    """The rule that proposes sites for the watch list (屡次不整改): at least `min_count`
    entries (problems now; cases later) within `period_days`. One row; the office edits it."""

    period_days = models.PositiveIntegerField(_("period (days)"), default=90)
    min_count = models.PositiveIntegerField(_("at least this many"), default=3)
    # Which registered offence sources count (registry keys); empty: all of them.
    sources = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.min_count}/{self.period_days}d"


class WatchProposal(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", pgettext_lazy("watch proposal", "Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="watch_proposals")
    proposed_at = models.DateTimeField()
    count = models.PositiveIntegerField()
    period_days = models.PositiveIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site"],
                condition=Q(decision="pending"),
                name="watch_proposal_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.decision}"


class SiteCodeCounter(models.Model):
    """One row: the last site number handed out. Codes are taken in blocks under a row lock,
    so a roster import of thirty thousand rows takes its codes in one statement."""

    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.last)
