import pytest

from zhengzhi.accounts.models import UserRole
from zhengzhi.core.roles import Role
from zhengzhi.org.scope import scope_for

pytestmark = pytest.mark.django_db


def test_a_leader_reads_everything_and_writes_nothing(people, units):
    scope = scope_for(people["leader"])
    assert scope.all_units and not scope.can_write


def test_a_second_role_does_not_give_a_leader_write_access(people, units):
    leader = people["leader"]
    UserRole.objects.create(user=leader, role=Role.HANDLER)
    leader = type(leader).objects.get(pk=leader.pk)
    scope = scope_for(leader)
    assert scope.all_units and not scope.can_write


def test_a_unit_handler_writes_in_its_own_subtree_only(people, units):
    scope = scope_for(people["street_leader"])
    assert scope.can_write and not scope.all_units
    assert scope.allows(units["c1"].pk) and scope.allows(units["street"].pk)
    assert not scope.allows(units["other_street"].pk) and not scope.allows(units["dept"].pk)
