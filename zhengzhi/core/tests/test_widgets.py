"""FastSelect writes the same markup as Django's Select, only faster."""

from django import forms
from django.test.html import parse_html

from zhengzhi.core.widgets import FastSelect

CHOICES = [
    ("", "—"),
    ("a", 'Plain <b>"quoted"</b> & co'),
    ("Group <1>", [("g1", "第一"), ("g2", "第二 & 三")]),
    (3, "A number"),
]


def both(value, attrs=None):
    ours = FastSelect(choices=CHOICES).render("unit", value, attrs)
    django = forms.Select(choices=CHOICES).render("unit", value, attrs)
    return parse_html(ours), parse_html(django)


def test_it_renders_what_django_renders():
    for value in ("", "a", "g2", 3, "3", None, "missing"):
        ours, django = both(value, {"id": "id_unit", "required": True})
        assert ours == django, value


def test_it_escapes_labels_and_marks_the_chosen_option():
    html = FastSelect(choices=CHOICES).render("unit", "g2")
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert '<option value="g2" selected>' in html
    assert html.count("selected") == 1
