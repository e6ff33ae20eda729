"""The root URL configuration: every app's pages and the REST API, wired together."""

from django.contrib import admin
from django.urls import include, path

from zhengzhi.accounts.views.profile import set_language
from zhengzhi.portal.api import api
from zhengzhi.system.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Reporters and duplicates (the office), and /report/nearby (the public form): before the
    # public pages' own patterns so that "report/nearby" is never taken for something else.
    path("", include("zhengzhi.public.urls_office")),
    # The citizen's pages: /report, /report/map, /track/<code>.
    path("", include("zhengzhi.public.urls")),
    path("", include("zhengzhi.portal.urls_pages")),
    path("", include("zhengzhi.system.urls")),
    # The offline base map (public: the citizen's map needs it too; only the configured file).
    path("tiles/", include("zhengzhi.core.urls_tiles")),
    path("accounts/", include("zhengzhi.accounts.urls")),
    path("org/", include("zhengzhi.org.urls")),
    path("territory/", include("zhengzhi.territory.urls")),
    path("sites/", include("zhengzhi.sites.urls")),
    path("notifications/", include("zhengzhi.notifications.urls")),
    path("files/", include("zhengzhi.files.urls")),
    path("audit/", include("zhengzhi.audit.urls")),
    path("ledger/", include("zhengzhi.ledger.urls")),
    path("campaigns/", include("zhengzhi.campaigns.urls")),
    path("cases/", include("zhengzhi.cases.urls")),
    path("satisfaction/", include("zhengzhi.satisfaction.urls")),
    path("rewards/", include("zhengzhi.rewards.urls")),
    path("surveys/", include("zhengzhi.surveys.urls")),
    path("standards/", include("zhengzhi.standards.urls")),
    path("archive/", include("zhengzhi.archive.urls")),
    path("inspections/", include("zhengzhi.inspections.urls")),
    path("supervision/", include("zhengzhi.supervision.urls")),
    path("accountability/", include("zhengzhi.accountability.urls")),
    path("survey/", include("zhengzhi.surveys.urls_public")),
    path("open311/", include("zhengzhi.open311.urls")),
    path("calendar/", include("zhengzhi.workcal.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler404 = "zhengzhi.core.views.page_not_found"
handler403 = "zhengzhi.core.views.permission_denied"
handler500 = "zhengzhi.core.views.server_error"
