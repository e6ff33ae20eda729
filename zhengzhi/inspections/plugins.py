"""Where inspections plug into the apps below (filled once, in InspectionsConfig.ready)."""

from __future__ import annotations


def register() -> None:
    from zhengzhi.inspections import scope

    scope.register_file_rules()
