from django.urls import path

from zhengzhi.accounts.views import auth, imports, profile, users

app_name = "accounts"

urlpatterns = [
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("password/", auth.password_change, name="password_change"),
    path("profile/", profile.profile, name="profile"),
    path("profile/tokens/", profile.token_create, name="token_create"),
    path("profile/tokens/<int:pk>/revoke/", profile.token_revoke, name="token_revoke"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/import/", imports.user_import, name="user_import"),
    path("users/import/template.xlsx", imports.user_import_template, name="user_import_template"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", users.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", users.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/unlock/", users.user_unlock, name="user_unlock"),
    path("users/<int:pk>/reset-password/", users.user_reset_password, name="user_reset_password"),
]
