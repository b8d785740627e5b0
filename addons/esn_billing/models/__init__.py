from . import account_move_line
from . import account_move
from . import esn_cra
from . import esn_margin_report
