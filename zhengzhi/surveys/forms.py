from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.surveys.models import QuestionKind


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("question", "Kind"),
        choices=[
            (QuestionKind.SINGLE, QuestionKind.SINGLE.label),
            (QuestionKind.MULTIPLE, QuestionKind.MULTIPLE.label),
            (QuestionKind.TEXT, QuestionKind.TEXT.label),
        ],
    )
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Not needed for a free-text question."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput)
