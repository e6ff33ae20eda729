"""Personas shared by every app's tests: a small district with an office, a street, two
communities and a department, and one user per role."""

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from zhengzhi.accounts.models import User, UserRole
from zhengzhi.core.roles import Role
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.territory import routing

PASSWORD = "Zz-test-Passw0rd!"


# Debian's Chromium, which the browser tests drive.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An instant in the project's time zone. A test whose result depends on the day or the hour
    pins it: `now=local(...)` where the code takes one, else
    `@pytest.mark.time_machine(local(...))` (the clock ticks on from there)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _fresh_router():
    # The point router is process-wide; each test has its own database contents.
    routing.invalidate()
    yield
    routing.invalidate()


@pytest.fixture(autouse=True)
def _default_language():
    # A request made through the test client activates its language in this thread and leaves
    # it active; the next test would then run in English. Each test starts in the default.
    translation.deactivate()
    yield
    translation.deactivate()


def _root(**fields):
    return Unit.objects.add_root(instance=Unit(**fields))


def _child(parent, **fields):
    return Unit.objects.add_child(parent, instance=Unit(**fields))


@pytest.fixture
def units(db):
    lg = _root(name="创卫领导小组", code="lg", kind=UnitKind.LEADING_GROUP)
    office = _child(lg, name="创卫办", code="office", kind=UnitKind.OFFICE)
    district = _root(
        name="青川区",
        code="qc",
        kind=UnitKind.TERRITORY,
        level=TerritoryLevel.DISTRICT,
        division_code="330199",
    )
    street = _child(
        district,
        name="东湖街道",
        code="donghu",
        kind=UnitKind.TERRITORY,
        level=TerritoryLevel.STREET,
        division_code="330199001",
    )
    c1 = _child(
        street,
        name="柳岸社区",
        code="liuan",
        kind=UnitKind.TERRITORY,
        level=TerritoryLevel.COMMUNITY,
        division_code="330199001001",
    )
    c2 = _child(
        street,
        name="桃园社区",
        code="taoyuan",
        kind=UnitKind.TERRITORY,
        level=TerritoryLevel.COMMUNITY,
        division_code="330199001002",
    )
    other_street = _child(
        district,
        name="西山镇",
        code="xishan",
        kind=UnitKind.TERRITORY,
        level=TerritoryLevel.STREET,
        division_code="330199002",
    )
    dept = _root(name="城管执法局", code="cgj", kind=UnitKind.DEPARTMENT)
    for u in (lg, office, district, street, c1, c2, other_street, dept):
        u.refresh_from_db()
    return {
        "lg": lg,
        "office": office,
        "district": district,
        "street": street,
        "c1": c1,
        "c2": c2,
        "other_street": other_street,
        "dept": dept,
    }


def make_user(username, unit, *roles, **extra):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        unit=unit,
        full_name=extra.pop("full_name", username),
        **extra,
    )
    for role in roles:
        UserRole.objects.create(user=user, role=role)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def people(units):
    return {
        "admin": make_user("admin", units["office"], Role.OFFICE_ADMIN),
        "dispatcher": make_user("dispatcher", units["office"], Role.DISPATCHER),
        "street_leader": make_user("street_leader", units["street"], Role.UNIT_LEADER),
        "handler": make_user("handler", units["c1"], Role.HANDLER),
        "other_handler": make_user("other_handler", units["other_street"], Role.HANDLER),
        "dept_handler": make_user("dept_handler", units["dept"], Role.HANDLER),
        "leader": make_user("leader", units["district"], Role.LEADER),
        "inspector": make_user("inspector", units["office"], Role.INSPECTOR),
        "followup": make_user("followup", units["office"], Role.FOLLOWUP),
    }


@pytest.fixture
def as_user(client, settings):
    """as_user(user): the test client signed in as that user, reading the English interface
    (page tests assert the msgids) unless another language is asked for."""

    def login(user, lang="en"):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        return client

    return login


def sign_in(browser, base: str, username: str, *, phone: bool = False):
    """A new page of `browser` signed in as `username` (the shared PASSWORD) at `base`, on a
    phone-sized (390 x 844) or desktop (1280 x 900) window, in Chinese."""
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


@pytest.fixture
def browser():
    """Headless Debian Chromium through Playwright (browser tests: mark them `browser` and
    `django_db(transaction=True)`; DJANGO_ALLOW_ASYNC_UNSAFE is set by the module)."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()
        connections.close_all()
