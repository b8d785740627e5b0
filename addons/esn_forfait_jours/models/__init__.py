from . import res_company
from . import esn_config_settings
from . import hr_employee
from . import esn_cra
from . import esn_forfait_waiver
