from . import test_dashboard
from . import test_month_end_tour
