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


def test_kept_markup_follows_the_value_the_options_and_the_language():
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    # The same options twice over: the second render comes from the kept markup, and must
    # still mark the option asked for, show a renamed option, and speak the reader's language.
    first = FastSelect(choices=CHOICES).render("unit", "g1")
    again = FastSelect(choices=CHOICES).render("unit", "g2")
    assert '<option value="g1" selected>' in first and '<option value="g2">' in first
    assert '<option value="g2" selected>' in again and '<option value="g1">' in again
    renamed = [*CHOICES[:-1], (3, "Another name")]
    assert "Another name" in FastSelect(choices=renamed).render("unit", "g2")
    assert "id_other" in FastSelect(choices=CHOICES).render("unit", "", {"id": "id_other"})
    lazy = [("", "—"), ("x", gettext_lazy("Status"))]
    with translation.override("en"):
        english = FastSelect(choices=lazy).render("status", "x")
    with translation.override("zh-hans"):
        chinese = FastSelect(choices=lazy).render("status", "x")
    assert "Status" in english and "Status" not in chinese


def test_prepared_choices_still_validate():
    from zhengzhi.core.widgets import set_normalized_choices

    field = forms.ChoiceField(required=False, widget=FastSelect)
    set_normalized_choices(field, CHOICES)
    assert field.clean("g2") == "g2"
    try:
        field.clean("missing")
    except forms.ValidationError:
        pass
    else:
        raise AssertionError("a value outside the choices was accepted")
    assert '<option value="g1">' in field.widget.render("unit", "")


def test_fast_inputs_render_what_django_renders():
    from zhengzhi.core.widgets import FastCheckboxInput, FastDateInput, FastTextInput

    cases = [
        (FastTextInput(), forms.TextInput(), ["", None, 'a "quoted" <b>', 42]),
        (
            FastDateInput(attrs={"type": "date"}),
            forms.DateInput(attrs={"type": "date"}),
            [None, "2026-12-06", "garbage"],
        ),
        (
            FastCheckboxInput(attrs={"value": "1"}),
            forms.CheckboxInput(attrs={"value": "1"}),
            [None, True, False, ""],
        ),
    ]
    attrs = {"id": "id_x", "maxlength": 20, "required": True, "disabled": False}
    for ours, theirs, values in cases:
        for value in values:
            a = parse_html(ours.render("x", value, attrs))
            b = parse_html(theirs.render("x", value, attrs))
            assert a == b, (type(ours).__name__, value)
    # A checked box whose value is also in attrs: Django writes value="1" twice (browsers keep
    # the first); ours once.
    html = FastCheckboxInput(attrs={"value": "1"}).render("x", "1", attrs)
    assert html.count('value="1"') == 1 and " checked" in html
