"""Every change to the territory goes through here (audit row and router refresh included)."""

from zhengzhi.territory.services.features import FeatureError, ImportResult
from zhengzhi.territory.services.grids import (
    assign_worker,
    bump_version,
    clean_grid_values,
    create_grid,
    deactivate_grid,
    remove_unit_boundary,
    set_unit_boundary,
    update_grid,
)
from zhengzhi.territory.services.imports import (
    BOUNDARIES,
    GRIDS,
    SEGMENTS,
    import_boundaries,
    import_geojson,
    import_grids,
    import_segments,
)

__all__ = [
    "BOUNDARIES",
    "GRIDS",
    "SEGMENTS",
    "FeatureError",
    "ImportResult",
    "assign_worker",
    "bump_version",
    "clean_grid_values",
    "create_grid",
    "deactivate_grid",
    "import_boundaries",
    "import_geojson",
    "import_grids",
    "import_segments",
    "remove_unit_boundary",
    "set_unit_boundary",
    "update_grid",
]
