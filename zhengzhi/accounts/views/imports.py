from django.urls import reverse
from django.utils.translation import gettext as _

from zhengzhi.accounts.decorators import password_current
from zhengzhi.accounts.importing import import_users, template_bytes
from zhengzhi.core.roles import Role, role_required
from zhengzhi.org.importing.workbook import xlsx_response
from zhengzhi.org.views.imports import import_page


@role_required(Role.OFFICE_ADMIN)
@password_current
def user_import(request):
    return import_page(
        request,
        importer=import_users,
        title=_("Import users from Excel"),
        template_url=reverse("accounts:user_import_template"),
        back_url=reverse("accounts:user_list"),
    )


@role_required(Role.OFFICE_ADMIN)
def user_import_template(request):
    return xlsx_response(template_bytes(), "users-template.xlsx")
