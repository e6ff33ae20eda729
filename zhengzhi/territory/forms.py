import json

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.territory.services import BOUNDARIES, GRIDS, SEGMENTS


class GridFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False)
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Unit.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
    )

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"].queryset = communities


class GridForm(forms.Form):
    code = forms.CharField(
        label=_("Grid code"),
        max_length=15,
        help_text=_("15 digits: the community's 12-digit division code and a 3-digit sequence."),
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Unit.objects.filter(
            kind=UnitKind.TERRITORY, level=TerritoryLevel.COMMUNITY
        ).order_by("division_code", "name"),
    )
    worker = forms.CharField(
        label=_("Grid worker account"),
        max_length=150,
        required=False,
        help_text=_("User name, if the grid worker has an account. Name and phone fill in."),
    )
    worker_name = forms.CharField(label=_("Grid worker name"), max_length=60, required=False)
    worker_phone = forms.CharField(label=_("Grid worker phone"), max_length=30, required=False)
    responsible_party = forms.CharField(
        label=_("Responsible party"), max_length=200, required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    geometry = forms.CharField(
        label=_("Geometry (GeoJSON)"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "mono", "spellcheck": "false"}),
        help_text=_("A GeoJSON Polygon or MultiPolygon in WGS84 longitude/latitude."),
    )

    def clean_worker(self):
        username = self.cleaned_data["worker"].strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user has this user name."))
        return user

    def clean_geometry(self):
        text = self.cleaned_data["geometry"]
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(e)s") % {"e": exc}) from None
        if isinstance(value, dict) and value.get("type") == "Feature":
            value = value.get("geometry")
        return value

    @classmethod
    def initial_for(cls, grid) -> dict:
        return {
            "code": grid.code,
            "name": grid.name,
            "community": grid.community_id,
            "worker": grid.worker.get_username() if grid.worker else "",
            "worker_name": grid.worker_name,
            "worker_phone": grid.worker_phone,
            "responsible_party": grid.responsible_party,
            "is_active": grid.is_active,
            "geometry": json.dumps(grid.geometry, ensure_ascii=False),
        }


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            (GRIDS, _("Grid polygons")),
            (SEGMENTS, _("Street segments")),
            (BOUNDARIES, _("Unit boundaries")),
        ],
    )
    file = forms.FileField(label=_("GeoJSON file"))
    dry_run = forms.BooleanField(label=_("Only check, save nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload
