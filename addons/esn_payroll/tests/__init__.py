from . import test_payroll_variables
