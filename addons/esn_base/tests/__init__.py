from . import test_menu_http, test_roles, test_workflow_mixin
