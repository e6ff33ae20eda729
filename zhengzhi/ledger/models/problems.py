"""The problem: one ledger item, owned by a unit until it is verified and struck off."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    PUBLIC = "public", _("Public report")
    HOTLINE = "hotline", _("Hotline")
    COVERT = "covert", _("Covert visit")
    MEDIA = "media", _("Media")
    REFERRAL = "referral", _("Referral from above")
    PATROL = "patrol", _("Grid patrol")


class Status(models.TextChoices):
    REPORTED = "reported", _("Awaiting registration")  # 待立案
    REJECTED = "rejected", _("Not registered")  # 不予立案
    REGISTERED = "registered", _("Awaiting dispatch")  # 待派遣
    DISPATCHED = "dispatched", _("Awaiting acceptance")  # 待签收
    ACCEPTED = "accepted", _("Being handled")  # 处置中
    DEFERRED = "deferred", _("Deferred")  # 挂账
    REPORTED_BACK = "reported_back", _("Awaiting verification")  # 待核查
    CLOSED = "closed", _("Closed")  # 已销号
    MERGED = "merged", _("Merged")  # 已合并


OPEN_STATUSES = (Status.DISPATCHED, Status.ACCEPTED, Status.REPORTED_BACK)
# Statuses in which a unit owns the problem and its deadline runs.
RUNNING_STATUSES = (Status.DISPATCHED, Status.ACCEPTED)
# Every status but closed, rejected and merged (the list's open=1), as plain text: the
# condition of the partial index problem_unfinished.
UNFINISHED_STATUSES = [
    "reported",
    "registered",
    "dispatched",
    "accepted",
    "deferred",
    "reported_back",
]


class Pending(models.TextChoices):
    NONE = "", _("None")
    RETURN = "return", _("Return requested")  # 退回申请
    EXTENSION = "extension", _("Extension requested")  # 延期申请
    DEFERRAL = "deferral", _("Deferral requested")  # 挂账申请


class Problem(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    category = models.ForeignKey(
        "ledger.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    main_category = models.ForeignKey(
        "ledger.Category",
        verbose_name=_("main category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    grid = models.ForeignKey(
        "territory.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    community = models.ForeignKey(
        "org.Unit",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    street = models.ForeignKey(
        "org.Unit",
        verbose_name=_("street / town"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The place under supervision the problem is at (a shop, a market, a building site), if
    # any: the site's timeline, coverage and watch-list rule read problems through it.
    site = models.ForeignKey(
        "site_registry.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        db_index=False,  # the partial index below: most problems are at no site
    )
    # The owner (块, 属地) answers for the problem; the department (条) supports it.
    owner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supporting_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("supporting department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=3)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.REPORTED
    )
    pending = models.CharField(
        _("pending request"),
        max_length=10,
        choices=Pending.choices,
        default=Pending.NONE,
        blank=True,
    )
    # Every move raises it; a move made on an older version is refused (two actors at once).
    version = models.PositiveIntegerField(default=1)
    master = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    reject_reason = models.CharField(_("reason not registered"), max_length=200, blank=True)
    # Held by the office (a covert visit's finding before the office releases it): registered,
    # not dispatched, seen only by those who see every unit; no move, notice or indicator of
    # the owner's takes it until services.held.release clears it and dispatches it.
    held = models.BooleanField(_("held by the office"), default=False)

    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"), db_index=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    reported_back_at = models.DateTimeField(_("reported back"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    # Staged deadlines of the category, computed at dispatch: [{"name", "due_at"}].
    stage_deadlines = models.JSONField(default=list, blank=True)
    verify_due_at = models.DateTimeField(_("verification deadline"), null=True, blank=True)
    deferred_until = models.DateField(_("deferred until"), null=True, blank=True)
    closed_on_time = models.BooleanField(_("closed on time"), null=True, blank=True)

    return_count = models.PositiveSmallIntegerField(_("returns"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0)
    rework_count = models.PositiveSmallIntegerField(_("reworks"), default=0)
    recurrence_count = models.PositiveSmallIntegerField(_("recurrences"), default=0)
    report_count = models.PositiveIntegerField(_("times reported"), default=1)
    overdue_at = models.DateTimeField(_("marked overdue"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        indexes = [
            # The ledger list: newest first, keyset on (reported_at, id), by unit and status.
            models.Index(fields=["-reported_at", "-id"], name="problem_recent"),
            models.Index(fields=["owner_unit", "status", "-reported_at"], name="problem_owner"),
            models.Index(fields=["status", "due_at"], name="problem_status_due"),
            models.Index(fields=["owner_unit", "due_at"], name="problem_owner_due"),
            models.Index(fields=["owner_unit", "closed_at"], name="problem_owner_closed"),
            models.Index(fields=["supporting_unit", "status"], name="problem_support"),
            models.Index(fields=["grid", "-reported_at"], name="problem_grid"),
            models.Index(
                fields=["site", "reported_at"],
                name="problem_site",
                condition=models.Q(site__isnull=False),
            ),
            models.Index(fields=["category", "-reported_at"], name="problem_category"),
            # Closures by day over every unit (the supervision dashboard's charts, the ledger
            # list's closed_from/closed_to without a unit). closed_on_time too: the on-time
            # rate of twelve weeks of closures is read from the index alone (SQLite fetched
            # every row for it: 200 ms at a million problems).
            models.Index(
                fields=["closed_at", "closed_on_time"],
                name="problem_closed",
                condition=models.Q(closed_at__isnull=False),
            ),
            # The problems not finished (the list's open=1: a few per cent of the ledger), as
            # the supervision dashboard counts, groups and maps them: with every column those
            # read, PostgreSQL answers from the index alone. A query uses it when it names the
            # same statuses in the same order (UNFINISHED_STATUSES).
            models.Index(
                fields=["status", "due_at", "owner_unit", "main_category", "lon", "lat"],
                name="problem_unfinished",
                condition=models.Q(status__in=UNFINISHED_STATUSES),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProblemSequence(models.Model):
    """The last number given in a year: numbers are readable and gap-free (2026-000123)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
