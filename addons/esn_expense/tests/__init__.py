from . import test_expense, test_expense_journey_tour, test_expense_portal
