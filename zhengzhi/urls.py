from django.contrib import admin
from django.urls import include, path

from zhengzhi.api import api
from zhengzhi.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("zhengzhi.core.urls")),
    path("accounts/", include("zhengzhi.accounts.urls")),
    path("org/", include("zhengzhi.org.urls")),
    path("territory/", include("zhengzhi.territory.urls")),
    path("notifications/", include("zhengzhi.notifications.urls")),
    path("files/", include("zhengzhi.files.urls")),
    path("audit/", include("zhengzhi.audit.urls")),
    path("ledger/", include("zhengzhi.ledger.urls")),
    path("calendar/", include("zhengzhi.workcal.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler404 = "zhengzhi.core.views.page_not_found"
handler403 = "zhengzhi.core.views.permission_denied"
handler500 = "zhengzhi.core.views.server_error"
