from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "zhengzhi.ledger"
    verbose_name = _("Problem ledger")

    def ready(self) -> None:
        from zhengzhi.files.scope import register_access_check
        from zhengzhi.jobs.exports import register_export
        from zhengzhi.ledger.export_kind import KIND

        register_export(KIND)
        # The problems at a site: its timeline, coverage contacts and the watch-list rule.
        from zhengzhi.ledger import site_sources

        site_sources.register()

        # A problem's photos are seen by whoever may see the problem: the owner (块), the
        # supporting department (条), the reporter and the office, not only the uploader's unit.
        register_access_check("ledger.problem", _can_see_problem_file, replaces_unit_rule=True)


def _can_see_problem_file(user, stored) -> bool:
    from zhengzhi.ledger.scope import visible_problems

    return visible_problems(user).filter(pk=stored.owner_id).exists()
