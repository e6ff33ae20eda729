"""The shipped case types, the 查一补三 rule and the office's settings row (data the office may
edit afterwards): zhengzhi/cases/data/case_types.json."""

from django.db import migrations


def load(apps, schema_editor):
    from zhengzhi.cases.services.shipped import load_shipped

    load_shipped(
        apps.get_model("cases", "CaseType"),
        apps.get_model("cases", "RecheckRule"),
        apps.get_model("cases", "CaseSettings"),
    )


def unload(apps, schema_editor):
    apps.get_model("cases", "RecheckRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_cases")]

    operations = [migrations.RunPython(load, unload)]
