{
    "name": "ESN Expenses",
    "summary": "Consultants' expenses declared with the activity report, rebilled at cost",
    "version": "18.0.1.2.2",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["esn_billing", "hr_expense", "sale_expense"],
    "auto_install": True,
    "data": [
        "security/esn_expense_security.xml",
        "views/esn_mission_views.xml",
        "views/esn_cra_views.xml",
        "views/hr_expense_views.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_frontend": ["esn_expense/static/src/js/portal_expense.js"],
        "web.assets_tests": ["esn_expense/static/tests/tours/*.js"],
    },
    "demo": ["demo/esn_expense_demo.xml"],
}
