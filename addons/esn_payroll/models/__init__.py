from . import res_company
from . import esn_config_settings
from . import hr_employee
from . import esn_payroll_item
from . import esn_payroll_period
from . import esn_payroll_variable
from . import esn_payroll_anomaly
from . import esn_payroll_export
