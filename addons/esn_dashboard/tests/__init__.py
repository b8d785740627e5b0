from . import test_dashboard
