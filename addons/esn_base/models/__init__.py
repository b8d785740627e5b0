from . import (
    base,
    esn_config_settings,
    esn_ratio_mixin,
    esn_workflow_mixin,
    restricted_fields_copy,
)
