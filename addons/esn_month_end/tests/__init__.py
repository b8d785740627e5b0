from . import test_month_end_jobs
