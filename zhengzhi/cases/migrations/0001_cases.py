# The cases app: cases, their goods and transfers, types, rules, rechecks, operations,
# destruction batches, licence consequences and the yearly figures.

from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("org", "0001_initial"),
        ("site_registry", "0004_search_instances"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseSequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveIntegerField(unique=True)),
                ("last", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="CaseSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "major_threshold",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("5"),
                        max_digits=10,
                        verbose_name="major case from (10,000 yuan)",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name="CaseType",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=60, verbose_name="name")),
                (
                    "name_en",
                    models.CharField(blank=True, max_length=80, verbose_name="English name"),
                ),
                ("group", models.CharField(blank=True, max_length=40, verbose_name="group")),
                (
                    "unlicensed_transport",
                    models.BooleanField(
                        default=False, verbose_name="counts as unlicensed transport"
                    ),
                ),
                ("sort_order", models.PositiveIntegerField(default=0, verbose_name="order")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
            ],
            options={
                "verbose_name": "case type",
                "verbose_name_plural": "case types",
                "ordering": ["sort_order", "code"],
            },
        ),
        migrations.CreateModel(
            name="Case",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.CharField(max_length=20, unique=True, verbose_name="case number"),
                ),
                ("year", models.PositiveIntegerField(editable=False, verbose_name="year")),
                (
                    "party",
                    models.CharField(blank=True, max_length=100, verbose_name="party (当事人)"),
                ),
                (
                    "party_id_number",
                    models.CharField(blank=True, max_length=30, verbose_name="ID number"),
                ),
                (
                    "vehicle",
                    models.CharField(blank=True, max_length=20, verbose_name="vehicle plate"),
                ),
                ("place", models.CharField(blank=True, max_length=200, verbose_name="place found")),
                ("summary", models.TextField(blank=True, verbose_name="facts")),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=4, max_digits=14, verbose_name="case value (10,000 yuan)"
                    ),
                ),
                (
                    "sticks",
                    models.BigIntegerField(
                        default=0, editable=False, verbose_name="cigarettes (sticks)"
                    ),
                ),
                (
                    "counterfeit",
                    models.BooleanField(default=False, verbose_name="counterfeit goods"),
                ),
                (
                    "major",
                    models.BooleanField(
                        default=False, editable=False, verbose_name="major case (supervised)"
                    ),
                ),
                (
                    "fine",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=14, verbose_name="fine (yuan)"
                    ),
                ),
                (
                    "confiscation",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=14,
                        verbose_name="confiscated money (yuan)",
                    ),
                ),
                (
                    "paid",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=14, verbose_name="paid (yuan)"
                    ),
                ),
                ("paid_on", models.DateField(blank=True, null=True, verbose_name="paid on")),
                (
                    "decision_number",
                    models.CharField(blank=True, max_length=60, verbose_name="decision number"),
                ),
                ("found_on", models.DateField(verbose_name="found on")),
                ("filed_on", models.DateField(db_index=True, verbose_name="filed on")),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="decided on")),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="closed on")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("filed", "Filed"),
                            ("investigated", "Investigated"),
                            ("decided", "Decided"),
                            ("executed", "Executed"),
                            ("closed", "Closed"),
                            ("transferred", "Transferred"),
                        ],
                        default="filed",
                        max_length=12,
                        verbose_name="state",
                    ),
                ),
                ("to_police", models.BooleanField(default=False, editable=False)),
                ("to_procuratorate", models.BooleanField(default=False, editable=False)),
                ("to_court", models.BooleanField(default=False, editable=False)),
                ("to_market", models.BooleanField(default=False, editable=False)),
                ("detained", models.PositiveIntegerField(default=0, editable=False)),
                ("arrested", models.PositiveIntegerField(default=0, editable=False)),
                ("sentenced", models.PositiveIntegerField(default=0, editable=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "handling_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="handled_cases",
                        to="org.unit",
                        verbose_name="handling unit",
                    ),
                ),
                (
                    "officers",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="officers",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="site_registry.site",
                        verbose_name="site",
                    ),
                ),
                (
                    "case_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="cases.casetype",
                        verbose_name="type",
                    ),
                ),
            ],
            options={
                "verbose_name": "case",
                "verbose_name_plural": "cases",
                "ordering": ["-filed_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="DestructionBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("destroyed_on", models.DateField(verbose_name="destroyed on")),
                ("place", models.CharField(max_length=200, verbose_name="place")),
                (
                    "quantity",
                    models.DecimalField(decimal_places=3, max_digits=14, verbose_name="quantity"),
                ),
                (
                    "quantity_unit",
                    models.CharField(default="case", max_length=8, verbose_name="unit"),
                ),
                ("sticks", models.BigIntegerField(default=0, editable=False)),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=4, max_digits=14, verbose_name="value (10,000 yuan)"
                    ),
                ),
                (
                    "witnesses",
                    models.CharField(blank=True, max_length=200, verbose_name="supervised by"),
                ),
                (
                    "cases",
                    models.ManyToManyField(
                        blank=True, related_name="destructions", to="cases.case"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.unit"
                    ),
                ),
            ],
            options={
                "verbose_name": "destruction batch",
                "ordering": ["-destroyed_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Operation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("starts_on", models.DateField(verbose_name="starts on")),
                ("ends_on", models.DateField(verbose_name="ends on")),
                (
                    "people",
                    models.PositiveIntegerField(default=0, verbose_name="people deployed (人次)"),
                ),
                (
                    "vehicles",
                    models.PositiveIntegerField(default=0, verbose_name="vehicles deployed (辆次)"),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.unit",
                        verbose_name="organising unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "enforcement operation",
                "ordering": ["-starts_on", "-id"],
            },
        ),
        migrations.AddField(
            model_name="case",
            name="operation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="cases",
                to="cases.operation",
                verbose_name="operation",
            ),
        ),
        migrations.CreateModel(
            name="Recheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveSmallIntegerField()),
                ("due_on", models.DateField(db_index=True, verbose_name="due on")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done at")),
                (
                    "result",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Not done"),
                            ("clean", "Nothing illegal found"),
                            ("found", "Illegal goods found again"),
                            ("shut", "Premises closed"),
                        ],
                        default="",
                        max_length=8,
                        verbose_name="result",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "notified",
                    models.CharField(blank=True, default="", editable=False, max_length=8),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rechecks",
                        to="cases.case",
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="site_registry.site",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.unit"
                    ),
                ),
            ],
            options={
                "verbose_name": "recheck",
                "ordering": ["due_on", "seq"],
            },
        ),
        migrations.CreateModel(
            name="RecheckRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="name")),
                (
                    "site_kinds",
                    models.JSONField(blank=True, default=list, verbose_name="site kinds"),
                ),
                ("count", models.PositiveSmallIntegerField(default=3, verbose_name="rechecks")),
                ("days", models.PositiveSmallIntegerField(default=7, verbose_name="within days")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "case_types",
                    models.ManyToManyField(
                        related_name="+", to="cases.casetype", verbose_name="case types"
                    ),
                ),
            ],
            options={
                "verbose_name": "recheck rule",
            },
        ),
        migrations.CreateModel(
            name="SeizedGoods",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("description", models.CharField(max_length=120, verbose_name="goods")),
                (
                    "quantity",
                    models.DecimalField(decimal_places=3, max_digits=14, verbose_name="quantity"),
                ),
                (
                    "unit",
                    models.CharField(
                        choices=[
                            ("stick", "stick (支)"),
                            ("pack", "pack (包)"),
                            ("carton", "carton (条)"),
                            ("case", "case (件)"),
                            ("wan", "10,000 sticks (万支)"),
                            ("kg", "kg"),
                            ("piece", "piece (个)"),
                        ],
                        max_length=8,
                        verbose_name="unit",
                    ),
                ),
                ("sticks", models.BigIntegerField(default=0, editable=False)),
                ("counterfeit", models.BooleanField(default=False, verbose_name="counterfeit")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="goods",
                        to="cases.case",
                    ),
                ),
            ],
            options={
                "verbose_name": "seized goods",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="YearFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveIntegerField(verbose_name="year")),
                (
                    "sales_boxes",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="cigarette sales (boxes)",
                    ),
                ),
                (
                    "per_capita",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        verbose_name="sales per person",
                    ),
                ),
                (
                    "box_price",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="average price per box (yuan)",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.unit"
                    ),
                ),
            ],
            options={
                "ordering": ["year"],
            },
        ),
        migrations.CreateModel(
            name="CaseTransfer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "body",
                    models.CharField(
                        choices=[
                            ("police", "Public security (公安)"),
                            ("procuratorate", "Procuratorate (检察院)"),
                            ("court", "Court (法院)"),
                            ("market", "Market regulation (工商/市场监管)"),
                        ],
                        max_length=16,
                        verbose_name="receiving body",
                    ),
                ),
                (
                    "receiving_name",
                    models.CharField(
                        blank=True, max_length=100, verbose_name="receiving body's name"
                    ),
                ),
                ("transferred_on", models.DateField(verbose_name="transferred on")),
                (
                    "document_number",
                    models.CharField(
                        blank=True, max_length=60, verbose_name="transfer document number"
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "None yet"),
                            ("detained", "Criminal detention (刑拘)"),
                            ("arrested", "Arrest approved (批捕)"),
                            ("sentenced", "Sentenced (判刑)"),
                            ("custody", "Short-term custody (拘役)"),
                            ("penalised", "Administrative penalty"),
                        ],
                        default="",
                        max_length=12,
                        verbose_name="outcome",
                    ),
                ),
                ("people", models.PositiveIntegerField(default=0, verbose_name="people")),
                ("outcome_on", models.DateField(blank=True, null=True, verbose_name="outcome on")),
                (
                    "outcome_note",
                    models.CharField(blank=True, max_length=200, verbose_name="outcome note"),
                ),
                (
                    "by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transfers",
                        to="cases.case",
                    ),
                ),
                (
                    "receiving_unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="received_cases",
                        to="org.unit",
                        verbose_name="receiving unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "transfer",
                "ordering": ["transferred_on", "id"],
                "indexes": [models.Index(fields=["body", "case"], name="case_transfer_body")],
            },
        ),
        migrations.CreateModel(
            name="LicenceConsequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("grade", "Lower the customer grade"),
                            ("review", "Review the licence"),
                            ("supply", "Check supply eligibility"),
                        ],
                        max_length=8,
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("confirmed", "Confirmed"),
                            ("dismissed", "Dismissed"),
                        ],
                        default="proposed",
                        max_length=10,
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("note", models.CharField(blank=True, max_length=200)),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="consequences",
                        to="cases.case",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="site_registry.site",
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("case", "kind"), name="consequence_once_per_kind"
                    )
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="operation",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                name="operation_dates_ordered",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["filed_on", "case_type"], name="case_filed_type"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["handling_unit", "filed_on"], name="case_unit_filed"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["site", "filed_on"], name="case_site_filed"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("major", True)), fields=["state"], name="case_major_open"
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(("value__gte", 0)), name="case_value_not_negative"
            ),
        ),
        migrations.AddIndex(
            model_name="recheck",
            index=models.Index(
                condition=models.Q(("done_at", None)), fields=["due_on"], name="recheck_open"
            ),
        ),
        migrations.AddConstraint(
            model_name="recheck",
            constraint=models.UniqueConstraint(fields=("case", "seq"), name="recheck_once_per_seq"),
        ),
        migrations.AddConstraint(
            model_name="seizedgoods",
            constraint=models.CheckConstraint(
                condition=models.Q(("quantity__gt", 0)), name="goods_quantity_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="yearfigures",
            constraint=models.UniqueConstraint(fields=("unit", "year"), name="year_figures_once"),
        ),
    ]
