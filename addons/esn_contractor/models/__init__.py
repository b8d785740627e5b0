from . import hr_employee, res_partner
