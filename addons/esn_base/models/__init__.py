from . import esn_config_settings, esn_workflow_mixin, res_company
