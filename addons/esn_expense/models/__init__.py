from . import account_move_line, esn_cra, esn_mission, hr_expense, hr_expense_sheet
