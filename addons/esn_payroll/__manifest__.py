{
    "name": "ESN Payroll Variables",
    "summary": "The month's payroll variables of salaried consultants, mapped to the payroll "
    "software's codes, exported (CSV, XLSX, Silae) and locked",
    "version": "18.0.1.0.2",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["esn_expense", "esn_forfait_jours"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/esn_payroll_security.xml",
        "security/ir.model.access.csv",
        "data/esn_payroll_item_data.xml",
        "views/esn_payroll_period_views.xml",
        "views/esn_payroll_item_views.xml",
        "views/esn_config_settings_views.xml",
        "views/hr_employee_views.xml",
        "views/esn_payroll_menus.xml",
    ],
    "demo": ["demo/esn_payroll_demo.xml"],
}
