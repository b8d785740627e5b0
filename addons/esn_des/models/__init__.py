from . import account_chart_template
from . import res_company
