from . import res_company
from . import esn_config_settings
from . import esn_month_closing
from . import esn_month_reopening
from . import esn_cra
from . import esn_dashboard_month
