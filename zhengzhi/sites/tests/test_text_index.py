# ruff: noqa: F811 (the fixtures imported from rosters_support are parameters here)
"""The roster import indexes its new sites for the text search in one statement (SQLite) and
leaves the per-row trigger as it found it: sites imported and sites registered afterwards are
both found, and a failed import changes nothing."""

import pytest
from django.db import connection, transaction

from zhengzhi.sites import text_index
from zhengzhi.sites.models import Site
from zhengzhi.sites.search import filter_text
from zhengzhi.sites.services import rosters
from zhengzhi.sites.services.sites import register_site
from zhengzhi.sites.tests.rosters_support import (  # noqa: F401 (fixtures)
    IN_C1,
    TEMPLATE,
    sheet_of,
    template_row,
    territory,
    tobacco,
)

pytestmark = pytest.mark.django_db


def triggers() -> set[str]:
    if connection.vendor != "sqlite":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def found(text: str) -> set[str]:
    return set(filter_text(Site.objects.all(), text).values_list("name", flat=True))


def test_imported_and_later_sites_are_both_found(people, territory, tobacco):
    before = triggers()
    rows = [
        template_row(name="翠微烟酒商行", licence="330199100101"),
        template_row(name="松鹤便利店", licence="330199100102"),
    ]
    sheet = sheet_of(TEMPLATE, rows)
    mapping = rosters.proposed_mapping(tobacco, sheet.headers)
    result = rosters.import_roster(
        people["admin"], kind=tobacco, sheet=sheet, mapping=mapping, file_name="r.xlsx"
    )
    assert result.ok, result.errors
    assert triggers() == before
    assert found("翠微烟酒") == {"翠微烟酒商行"} and found("松鹤") == {"松鹤便利店"}
    register_site(
        people["admin"],
        kind=tobacco,
        name="翠微二店",
        lon=IN_C1[0],
        lat=IN_C1[1],
        licences=[rosters_licence("330199100103")],
    )
    assert found("翠微") == {"翠微烟酒商行", "翠微二店"}


def rosters_licence(number: str):
    from zhengzhi.sites.services.sites import LicenceInput

    return LicenceInput(number=number)


def test_a_failed_insert_leaves_the_trigger(people, territory, tobacco):
    before = triggers()
    with pytest.raises(RuntimeError), transaction.atomic(), text_index.bulk_insert():
        raise RuntimeError("the import failed half-way")
    assert triggers() == before
    site = register_site(people["admin"], kind=tobacco, name="青松烟酒店", lon=IN_C1[0],
                         lat=IN_C1[1], licences=[rosters_licence("330199100104")])  # fmt: skip
    assert found("青松烟") == {site.name}
