from __future__ import annotations

import datetime as dt

from ninja import Schema


class ErrorOut(Schema):
    detail: str | list
    code: str = ""


class EditionOut(Schema):
    id: int
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
    version: int


class IssueIn(Schema):
    version: int


class FigureOut(Schema):
    count: int
    url: str


class DashboardOut(Schema):
    page: str
    figures: dict[str, FigureOut]
