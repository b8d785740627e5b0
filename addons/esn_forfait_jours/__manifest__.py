{
    "name": "ESN Forfait Jours",
    "summary": "Yearly count of the days worked by salaried consultants under a forfait jours, "
    "workload alerts and the yearly statement",
    "version": "18.0.1.1.1",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["esn_cra"],
    "data": [
        "security/ir.model.access.csv",
        "security/esn_forfait_jours_security.xml",
        "data/mail_activity_type_data.xml",
        "report/forfait_statement_report.xml",
        "wizards/esn_forfait_statement_wizard_views.xml",
        "views/esn_config_settings_views.xml",
        "views/hr_employee_views.xml",
    ],
    "demo": ["demo/esn_forfait_jours_demo.xml"],
}
