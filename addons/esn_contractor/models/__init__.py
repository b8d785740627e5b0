from . import esn_config_settings, hr_employee, res_company, res_partner
