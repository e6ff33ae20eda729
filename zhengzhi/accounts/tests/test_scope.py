import pytest
from django.http import Http404

from zhengzhi.accounts.scope import get_user_for_viewer, visible_users
from zhengzhi.accounts.tests.test_user_pages import VISIBLE
from zhengzhi.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_visible_users_follow_the_unit_tree(people, who):
    viewer = people[who]
    assert {u.username for u in visible_users(viewer)} == VISIBLE[who]
    for name, user in people.items():
        if name in VISIBLE[who]:
            assert get_user_for_viewer(viewer, user.pk) == user
        else:
            with pytest.raises(Http404):
                get_user_for_viewer(viewer, user.pk)


def test_a_user_without_a_unit_is_seen_only_by_all_unit_viewers(people):
    loner = make_user("loner", None)
    assert loner in visible_users(people["admin"])
    assert loner not in visible_users(people["street_leader"])
    assert not visible_users(loner).exists() or set(visible_users(loner)) == set()


def test_an_inactive_viewer_sees_nobody(people):
    people["street_leader"].is_active = False
    assert not visible_users(people["street_leader"]).exists()
