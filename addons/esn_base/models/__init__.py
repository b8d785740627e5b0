from . import (
    base,
    esn_config_settings,
    esn_ratio_mixin,
    esn_workflow_mixin,
    mail_thread,
    restricted_fields_copy,
)
