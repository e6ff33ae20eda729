"""The fictional demo district 青川区 (330199): units and one user per role, for seed_demo.

Idempotent: units are matched by code and users by username, and updated in place. Every demo
user has the same documented password, DEMO_PASSWORD; a rerun restores it if it was changed,
and refreshes password_changed_at so demo accounts never expire or demand a change.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhengzhi.accounts.models import User, UserRole
from zhengzhi.core.roles import Role
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.org.rules import UnitData
from zhengzhi.org.services import apply_unit, insert_unit

DEMO_PASSWORD = "Zhengzhi@2026"

DISTRICT = ("qc", "青川区", "330199")
# (code, name, division code, [(code, name, division code), ...]); villages use 2xx codes.
STREETS = [
    (
        "donghu",
        "东湖街道",
        "330199001",
        [
            ("liuan", "柳岸社区", "330199001001"),
            ("taoyuan", "桃园社区", "330199001002"),
            ("hubin", "湖滨社区", "330199001003"),
            ("xinhua", "新华社区", "330199001004"),
        ],
    ),
    (
        "xishan",
        "西山镇",
        "330199002",
        [
            ("xishan-sq", "西山社区", "330199002001"),
            ("shimen", "石门村", "330199002201"),
            ("qingxi", "清溪村", "330199002202"),
            ("fenglin", "枫林村", "330199002203"),
        ],
    ),
]
DEPARTMENTS = [
    ("cgj", "城管执法局"),
    ("scjgj", "市场监管局"),
    ("zjj", "住建局"),
    ("wjj", "卫健局"),
    ("sthjj", "生态环境分局"),
    ("yczmj", "烟草专卖局"),
    ("gafj", "公安分局"),
    ("jtysj", "交通运输局"),
    ("nyncj", "农业农村局"),
    ("slj", "水利局"),
    ("yjglj", "应急管理局"),
    ("gdgs", "供电公司"),
]
LEADING_GROUP = ("lg", "创建国家卫生城市工作领导小组")
OFFICE = ("office", "创卫办")

# (username, full name, unit code, roles, phone)
STAFF = [
    ("admin", "陈志远", "office", [Role.OFFICE_ADMIN], "13900000001"),
    ("dispatcher", "李晓燕", "office", [Role.DISPATCHER], "13900000002"),
    ("shiftlead", "马建国", "office", [Role.SHIFT_LEADER, Role.DISPATCHER], "13900000009"),
    ("officelead", "黄志强", "office", [Role.UNIT_LEADER], "13900000010"),
    ("inspector", "张伟", "office", [Role.INSPECTOR], "13900000003"),
    ("followup", "刘芳", "office", [Role.FOLLOWUP], "13900000004"),
    ("leader", "赵明华", "qc", [Role.LEADER], "13900000005"),
    ("streetlead", "孙立新", "donghu", [Role.UNIT_LEADER], "13900000006"),
    ("handler", "周婷", "liuan", [Role.HANDLER], "13900000007"),
    ("depthandler", "吴强", "cgj", [Role.HANDLER], "13900000008"),
    # Enforcement cases: the tobacco bureau's officer and the police sub-bureau's account.
    ("tobacco", "钱稽查", "yczmj", [Role.HANDLER], "13900000011"),
    ("police", "孔警官", "gafj", [Role.HANDLER], "13900000012"),
]
GRID_WORKER_NAMES = [
    "王丽华", "杨建军", "黄小梅", "徐国庆", "马玉兰", "朱海涛", "胡秀英", "郭志刚",
    "何晓东", "高春燕", "林国栋", "罗美玲", "郑永强", "梁雪芬", "谢文斌", "宋桂芝",
]  # fmt: skip


def _unit(code: str, name: str, kind: str, parent: Unit | None, level="", division="") -> Unit:
    data = UnitData(
        name=name, code=code, kind=kind, level=level, division_code=division, parent=parent
    )
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return insert_unit(data)
    unit.is_active = True
    unit.save(update_fields=["is_active"])
    apply_unit(unit, data)
    return Unit.objects.get(pk=unit.pk)


def _user(username: str, full_name: str, unit: Unit, roles: list[str], phone: str) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.full_name, user.unit, user.phone, user.is_active = full_name, unit, phone, True
    if user.pk is None or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save()
    user.roles.exclude(role__in=roles).delete()
    have = set(user.roles.values_list("role", flat=True))
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles if r not in have])
    return User.objects.select_related("unit").get(pk=user.pk)


@transaction.atomic
def build_demo_org() -> dict:
    """Units and users of the demo district. Returns
    {"district", "streets", "communities", "departments": {code: Unit}, "leading_group",
     "office", "users": {username: User}, "grid_workers": {community code: [User, ...]}}."""
    lg = _unit(LEADING_GROUP[0], LEADING_GROUP[1], UnitKind.LEADING_GROUP, None)
    office = _unit(OFFICE[0], OFFICE[1], UnitKind.OFFICE, lg)
    district = _unit(
        DISTRICT[0], DISTRICT[1], UnitKind.TERRITORY, None, TerritoryLevel.DISTRICT, DISTRICT[2]
    )
    streets, communities = [], []
    for code, name, division, children in STREETS:
        street = _unit(code, name, UnitKind.TERRITORY, district, TerritoryLevel.STREET, division)
        streets.append(street)
        for c_code, c_name, c_division in children:
            communities.append(
                _unit(
                    c_code, c_name, UnitKind.TERRITORY, street, TerritoryLevel.COMMUNITY, c_division
                )
            )
    departments = {code: _unit(code, name, UnitKind.DEPARTMENT, None) for code, name in DEPARTMENTS}
    by_code = {u.code: u for u in [lg, office, district, *streets, *communities]}
    by_code.update(departments)

    users = {}
    for username, full_name, unit_code, roles, phone in STAFF:
        users[username] = _user(username, full_name, by_code[unit_code], roles, phone)
    grid_workers: dict[str, list[User]] = {c.code: [] for c in communities}
    for index, full_name in enumerate(GRID_WORKER_NAMES):
        community = communities[index // 2]
        username = f"gw{index + 1:02d}"
        phone = f"139000001{index + 1:02d}"
        worker = _user(username, full_name, community, [Role.HANDLER], phone)
        users[username] = worker
        grid_workers[community.code].append(worker)

    return {
        "district": Unit.objects.get(pk=district.pk),
        "streets": [Unit.objects.get(pk=s.pk) for s in streets],
        "communities": [Unit.objects.get(pk=c.pk) for c in communities],
        "departments": {code: Unit.objects.get(pk=u.pk) for code, u in departments.items()},
        "leading_group": Unit.objects.get(pk=lg.pk),
        "office": Unit.objects.get(pk=office.pk),
        "users": users,
        "grid_workers": grid_workers,
    }
