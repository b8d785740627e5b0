{
    "name": "ESN Month-End Closing",
    "summary": "Accrued revenue and costs of the month's reports (FAE, FNP), reversed on the 1st, "
    "and a closed month per company: reports frozen, reopening logged",
    "version": "18.0.1.0.1",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["esn_payroll", "esn_dashboard"],
    "data": [
        "security/ir.model.access.csv",
        "security/esn_month_closing_security.xml",
        "wizards/esn_month_reopen_wizard_views.xml",
        "views/esn_month_closing_views.xml",
        "views/esn_config_settings_views.xml",
        "views/esn_dashboard_month_views.xml",
    ],
    "demo": ["demo/esn_month_closing_demo.xml"],
}
