from . import esn_dashboard_report
from . import esn_dashboard_month
from . import esn_dashboard_consultant
