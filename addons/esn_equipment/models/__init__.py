from . import hr_employee
from . import esn_mission
