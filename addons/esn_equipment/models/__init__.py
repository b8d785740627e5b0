from . import hr_employee
from . import esn_mission
from . import res_company
