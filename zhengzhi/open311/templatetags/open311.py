"""{% load open311 %}{% open311_answers report as answers %}: a public report's answers to its
category's extra questions, as (question, answer) pairs with the choices' names, for the pages
that show a report (no personal data: the questions are about the problem)."""

from django import template

from zhengzhi.public.questions import answers_for_display

register = template.Library()


@register.simple_tag
def open311_answers(report) -> list[tuple[str, str]]:
    return answers_for_display(report)
