from __future__ import annotations

from contextvars import ContextVar

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminPasswordChangeForm, AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zhengzhi.accounts.models import User
from zhengzhi.accounts.rules import password_problems, validate_user
from zhengzhi.core.roles import Role
from zhengzhi.org.forms import UnitChoiceField
from zhengzhi.org.models import Unit

# The Django admin request that is setting a password (see accounts.admin.UserAdmin).
ADMIN_REQUEST: ContextVar = ContextVar("zz_admin_request", default=None)


class LoginForm(AuthenticationForm):
    """Django's form (it passes the request to authenticate(), which django-axes needs), plus
    how many attempts are left before the account is locked."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError as exc:
            failures = getattr(self.request, "axes_failures_since_start", None)
            if failures is not None and not getattr(self.request, "axes_locked_out", False):
                left = settings.AXES_FAILURE_LIMIT - failures
                if left > 0:
                    raise ValidationError(
                        [
                            *exc.error_list,
                            ValidationError(
                                ngettext(
                                    "%(n)d attempt left before the account is locked.",
                                    "%(n)d attempts left before the account is locked.",
                                    left,
                                )
                                % {"n": left}
                            ),
                        ]
                    ) from exc
            raise


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Old password, new password twice; the validators (including the history) run on the
    new one. Saving goes through the service, not the form."""

    def save(self, commit=True):  # pragma: no cover - the view calls the service instead
        raise NotImplementedError("use accounts.services.change_password")


class AdminSetPasswordForm(AdminPasswordChangeForm):
    """Django admin's "change password" form, routed through the service so the change is
    audited, the history kept and the user made to choose their own at the next login."""

    def save(self, commit=True):
        from zhengzhi.accounts.services import admin_set_password, disable_password

        request = ADMIN_REQUEST.get()
        actor = getattr(request, "user", None)
        if not self.cleaned_data.get("set_usable_password", True):
            disable_password(self.user, actor=actor, request=request)
            return self.user
        admin_set_password(
            self.user,
            self.cleaned_data["password1"],
            actor=actor,
            request=request,
        )
        return self.user


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Interface language"),
        choices=[("", _("Browser default")), *settings.LANGUAGES],
        required=False,
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=60, help_text=_("What the token is for, e.g. 数据大屏.")
    )


ROLE_CHOICES = Role.choices


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False)
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All")
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All")), *ROLE_CHOICES], required=False
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
        required=False,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (units if units is not None else Unit.objects).order_by(
            "path"
        )


class UserForm(forms.Form):
    """Create (with username and an optional initial password) or edit a user."""

    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), empty_label=_("(choose a unit)")
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    phone = forms.CharField(label=_("Mobile phone"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Leave empty to generate a temporary password. Either way the user must choose a "
            "new password at the first login."
        ),
    )

    def __init__(self, *args, instance: User | None = None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True)
        if instance is not None:
            del self.fields["username"]
            del self.fields["password"]
            if instance.unit_id:
                units = units | Unit.objects.filter(pk=instance.unit_id)
        self.fields["unit"].queryset = units.order_by("path")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        username = self.instance.username if self.instance else cleaned["username"]
        errors = validate_user(
            username=username,
            full_name=cleaned["full_name"],
            unit=cleaned["unit"],
            roles=cleaned["roles"],
            phone=cleaned.get("phone", ""),
            email=cleaned.get("email", ""),
            instance=self.instance,
        )
        if self.instance is None and cleaned.get("password"):
            candidate = User(
                username=username, full_name=cleaned["full_name"], email=cleaned.get("email", "")
            )
            problems = password_problems(cleaned["password"], candidate)
            if problems:
                errors["password"] = problems
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned
