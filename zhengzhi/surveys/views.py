"""The office's questionnaire pages: list, create, edit a draft, publish, close, link and QR
code, results. Office staff only (others: 404)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.surveys import services
from zhengzhi.surveys.forms import QuestionForm, SurveyForm
from zhengzhi.surveys.models import Survey, SurveyStatus
from zhengzhi.surveys.qr import public_url, qr_png, qr_svg
from zhengzhi.surveys.results import results
from zhengzhi.surveys.services import SurveyError


def readers_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_read(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def editors_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_edit(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@readers_only
def survey_list(request):
    surveys = Survey.objects.annotate(n=Count("responses")).order_by("-created_at", "-pk")
    return render(
        request,
        "surveys/list.html",
        {"surveys": surveys, "can_edit": services.can_edit(request.user)},
    )


@editors_only
def survey_new(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(
                actor=request.user, request=request, **form.cleaned_data
            )
        except SurveyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/new.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request, survey, question_form=None, status=200):
    can_edit = services.can_edit(request.user)
    link = public_url(request, survey) if survey.status != SurveyStatus.DRAFT else ""
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": survey.questions.prefetch_related("choices"),
            "can_edit": can_edit,
            "is_draft": survey.status == SurveyStatus.DRAFT,
            "question_form": question_form
            or QuestionForm(initial={"version": survey.version, "required": True}),
            "link": link,
            "qr": qr_svg(link).decode() if link else "",
            "results": results(survey) if survey.status != SurveyStatus.DRAFT else None,
        },
        status=status,
    )


@readers_only
def survey_detail(request, pk):
    return _detail(request, get_object_or_404(Survey, pk=pk))


@editors_only
@require_POST
def question_add(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(
                survey.pk, actor=request.user, request=request, **form.cleaned_data
            )
        except SurveyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except PermissionDenied:
            raise Http404 from None
        else:
            return redirect("surveys:detail", pk=survey.pk)
    survey.refresh_from_db()
    return _detail(request, survey, question_form=form, status=400)


def _act(request, pk, action, done):
    survey = get_object_or_404(Survey, pk=pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        action(survey, version)
    except SurveyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("surveys:detail", pk=survey.pk)


@editors_only
@require_POST
def question_remove(request, pk, question_pk):
    return _act(
        request,
        pk,
        lambda s, v: services.remove_question(
            s.pk, question_pk, actor=request.user, version=v, request=request
        ),
        _("The question is removed."),
    )


@editors_only
@require_POST
def survey_publish(request, pk):
    return _act(
        request,
        pk,
        lambda s, v: services.publish(s.pk, actor=request.user, version=v, request=request),
        _("The questionnaire is published: share its link or QR code."),
    )


@editors_only
@require_POST
def survey_close(request, pk):
    return _act(
        request,
        pk,
        lambda s, v: services.close(s.pk, actor=request.user, version=v, request=request),
        _("The questionnaire is closed: it takes no more answers."),
    )


@readers_only
def survey_qr(request, pk, fmt):
    survey = get_object_or_404(Survey, pk=pk)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404
    link = public_url(request, survey)
    if fmt == "png":
        response = HttpResponse(qr_png(link), content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.code}.png"'
        return response
    return HttpResponse(qr_svg(link), content_type="image/svg+xml")
