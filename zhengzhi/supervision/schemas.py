from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str | list
    code: str = ""
    errors: dict[str, list[str]] = {}


class SeriesOut(Schema):
    id: int
    name: str
    kind: str
    issuer: str
    frequency: str
    campaign: int | None
    ranking_level: str
    photos: int
    is_active: bool
    version: int


class SeriesIn(Schema):
    name: str
    kind: str = "notice"
    issuer: str
    frequency: str
    campaign: int | None = None
    ranking_level: str = "street"
    photos: int = 4
    is_active: bool = True


class SeriesPatch(Schema):
    """The fields to change (the others are kept) and the version read."""

    version: int
    name: str | None = None
    kind: str | None = None
    issuer: str | None = None
    frequency: str | None = None
    campaign: int | None = None
    ranking_level: str | None = None
    photos: int | None = None
    is_active: bool | None = None


class NewEditionIn(Schema):
    day: dt.date = Field(description="A day of the period: the edition covers the one holding it")


class DraftPatch(Schema):
    """The office's part of a draft: the fields to change (the others are kept)."""

    version: int
    title: str | None = Field(None, max_length=120)
    progress_text: str | None = None
    problems_text: str | None = None
    advice_text: str | None = None
    photo_choices: list[int] | None = None


class EditionOut(Schema):
    id: int
    series_id: int
    series: str
    period_start: dt.date
    period_end: dt.date
    status: str
    year: int | None
    number: int | None
    title: str
    issued_at: dt.datetime | None
    url: str


class EditionDetailOut(EditionOut):
    progress_text: str
    problems_text: str
    advice_text: str
    photo_choices: list[int]
    data: dict
    documents: list[str]
    pdf: str = Field(description="made, pending, failed; none before it is issued")
    pdf_error: str
    version: int


class IssueIn(Schema):
    version: int


class FigureOut(Schema):
    count: int
    url: str


class DashboardOut(Schema):
    page: str
    figures: dict[str, FigureOut]
