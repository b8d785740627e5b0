from . import test_month_end_jobs
from . import test_month_end_invoicing
