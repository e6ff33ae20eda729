from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhengzhi.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Settings that name code are checked at start-up, not at their first use in the worker.
        from django.conf import settings
        from django.core import checks
        from django.utils.module_loading import import_string

        from zhengzhi.core.checks import check_basemap, check_pdf
        from zhengzhi.envconf import SettingsError

        checks.register(check_basemap)
        checks.register(check_pdf)

        try:
            import_string(settings.SMS_BACKEND)
        except ImportError as exc:
            raise SettingsError(
                f"Bad value for environment variable ZZ_SMS_BACKEND: {settings.SMS_BACKEND!r} "
                f"cannot be imported ({exc})"
            ) from None
