from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from zhengzhi.org.models import Unit
from zhengzhi.org.rules import UNIT_FIELDS, UnitData, validate_unit


class UnitAdminForm(MoveNodeForm):
    """Treebeard's move form, held to the same unit rules as the pages and the importer."""

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        ref = cleaned.get("treebeard_ref_node")
        if ref is None:
            parent = None
        elif cleaned.get("treebeard_position") == "sorted-sibling":
            parent = Unit.objects.get_parent(ref)
        else:
            parent = ref
        data = UnitData(parent=parent, **{f: cleaned.get(f, "") for f in UNIT_FIELDS})
        instance = self.instance if self.instance.pk else None
        for name, messages in validate_unit(data, instance=instance).items():
            for message in messages:
                field = "treebeard_ref_node" if name == "parent" else name
                self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit, form=UnitAdminForm)
    list_display = ("name", "code", "kind", "level", "division_code", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "code", "division_code")
