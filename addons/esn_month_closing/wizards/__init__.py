from . import esn_month_reopen_wizard
