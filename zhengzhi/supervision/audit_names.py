"""Supervision audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "supervision.series.saved": _("Bulletin series saved"),
    "supervision.edition.drafting": _("Bulletin edition drafting started"),
    "supervision.edition.drafted": _("Bulletin edition drafted from the facts"),
    "supervision.edition.edited": _("Bulletin edition edited"),
    "supervision.edition.issued": _("Bulletin edition issued"),
    "supervision.edition.pdf_retried": _("Bulletin edition's PDF asked for again"),
    "supervision.review_date.saved": _("Review date saved"),
    "demo.supervision": _("Demo bulletins loaded"),
}
