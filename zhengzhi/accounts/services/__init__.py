"""State changes of users, roles, passwords and tokens. Each validates, writes and appends its
audit row in one transaction. Import from here: the submodules are an implementation detail."""

from zhengzhi.accounts.services.logins import (
    is_locked,
    locked_usernames,
    lockout_until,
    record_lockout,
    record_login_failure,
    record_login_success,
    record_logout,
    unlock_user,
)
from zhengzhi.accounts.services.passwords import (
    admin_set_password,
    change_password,
    disable_password,
    generate_temporary_password,
    reset_password,
)
from zhengzhi.accounts.services.profile import (
    create_api_token,
    revoke_api_token,
    set_user_language,
    user_for_token,
)
from zhengzhi.accounts.services.users import (
    create_user,
    deactivate_user,
    reactivate_user,
    update_user,
)

__all__ = [
    "admin_set_password",
    "change_password",
    "create_api_token",
    "create_user",
    "deactivate_user",
    "disable_password",
    "generate_temporary_password",
    "is_locked",
    "locked_usernames",
    "lockout_until",
    "reactivate_user",
    "record_lockout",
    "record_login_failure",
    "record_login_success",
    "record_logout",
    "reset_password",
    "revoke_api_token",
    "set_user_language",
    "unlock_user",
    "update_user",
    "user_for_token",
]
