from . import test_month_closing
