"""Questionnaires' audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "survey.create": _("Questionnaire created"),
    "survey.publish": _("Questionnaire published"),
    "survey.close": _("Questionnaire closed"),
    "survey.question.add": _("Question added"),
    "survey.question.remove": _("Question removed"),
    "survey.response": _("Questionnaire answered"),
    "demo.survey": _("Demo questionnaire loaded"),
}
