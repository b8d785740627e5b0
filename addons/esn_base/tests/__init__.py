from . import test_menu_http, test_settings, test_workflow_mixin
