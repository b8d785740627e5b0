from . import month_end_jobs
from . import esn_cra
from . import esn_mission
from . import account_move
