from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.services import execute


class Command(BaseCommand):
    help = "Runs durable jobs in this process, without the queue: one by id, or every due job."

    def add_arguments(self, parser):
        parser.add_argument("--id", type=int, help="run this job only")

    def handle(self, *args, **options):
        if options["id"]:
            ids = [options["id"]]
        else:
            now = timezone.now()
            ids = list(
                Job.objects.filter(
                    Q(status=JobStatus.QUEUED, run_after__isnull=True)
                    | Q(status=JobStatus.QUEUED, run_after__lte=now)
                    | Q(status=JobStatus.RUNNING, lease_until__lt=now)
                )
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        done = sum(1 for job_id in ids if execute(job_id))
        self.stdout.write(f"{done} of {len(ids)} jobs run")
