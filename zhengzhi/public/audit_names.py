"""Public reporting audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "public.report": _("Public report received"),
    "public.rate": _("Public rating received"),
    "public.rating_reviewed": _("Public rating reviewed"),
    "public.reporter.view": _("Reporter's identity viewed"),
    "open311.attribute.create": _("Category question added"),
    "open311.attribute.update": _("Category question changed"),
    "open311.attribute.delete": _("Category question removed"),
    "open311.attribute.load": _("Category questions loaded"),
    "demo.public": _("Demo public reports loaded"),
}
