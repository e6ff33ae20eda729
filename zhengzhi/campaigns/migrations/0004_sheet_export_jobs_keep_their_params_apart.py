"""The sheet's export jobs kept their params beside the job's own args (user_id, token); the
export jobs framework keeps them under "params", as the ledger's did. Existing rows move over,
so that the exports made before stay listed and downloadable."""

from django.db import migrations

JOB = "campaigns.sheet_export"
OWN = ("user_id", "token", "_lease_seconds")


def nest(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    for job in Job.objects.filter(name=JOB).iterator():
        args = job.args or {}
        if "params" in args:
            continue
        job.args = {
            **{k: v for k, v in args.items() if k in OWN},
            "params": {k: v for k, v in args.items() if k not in OWN},
        }
        job.save(update_fields=["args"])


def flatten(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    for job in Job.objects.filter(name=JOB).iterator():
        args = dict(job.args or {})
        params = args.pop("params", None)
        if isinstance(params, dict):
            job.args = {**args, **params}
            job.save(update_fields=["args"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_pledge_versions"),
        ("jobs", "0001_initial"),
    ]

    operations = [migrations.RunPython(nest, flatten)]
