from . import esn_cra
from . import esn_cra_line
from . import esn_mission
from . import account_analytic_line
from . import hr_employee
from . import res_company
from . import resource_calendar_leaves
from . import esn_config_settings
