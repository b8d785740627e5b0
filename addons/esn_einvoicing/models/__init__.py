from . import esn_pa_platform
from . import res_company
from . import esn_config_settings
from . import esn_pa_event
from . import esn_pa_flow
from . import esn_pa_ereport
from . import account_move
from . import account_move_send
