"""A category's extra questions belong to public reporting (the web form asks them; Open311
publishes them as service definition attributes): the table is created here, and open311's
migration 0002 copies its rows into it and drops its own (open311 depends on public, never
the other way round, so a site without Open311 still has its questions)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0003_event_kind_index"),
        ("public", "0003_rating_review"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExtraQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=50, verbose_name="code")),
                ("variable", models.BooleanField(default=True, verbose_name="asks for an answer")),
                (
                    "datatype",
                    models.CharField(
                        choices=[
                            ("string", "Short text"),
                            ("number", "Number"),
                            ("datetime", "Date and time"),
                            ("text", "Long text"),
                            ("singlevaluelist", "One choice from a list"),
                            ("multivaluelist", "Several choices from a list"),
                        ],
                        default="string",
                        max_length=16,
                        verbose_name="datatype",
                    ),
                ),
                ("required", models.BooleanField(default=False, verbose_name="required")),
                ("description", models.CharField(max_length=300, verbose_name="question")),
                (
                    "datatype_description",
                    models.CharField(blank=True, max_length=200, verbose_name="hint"),
                ),
                ("order", models.PositiveSmallIntegerField(default=1, verbose_name="order")),
                ("values", models.JSONField(blank=True, default=list, verbose_name="choices")),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="extra_questions",
                        to="ledger.category",
                        verbose_name="category",
                    ),
                ),
            ],
            options={
                "verbose_name": "extra question",
                "verbose_name_plural": "extra questions",
                "ordering": ["category", "order", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("category", "code"), name="public_question_code_once"
                    )
                ],
            },
        ),
    ]
