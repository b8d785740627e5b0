from . import test_expense, test_expense_portal
