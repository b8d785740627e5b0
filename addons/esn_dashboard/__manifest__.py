{
    "name": "ESN Dashboard",
    "summary": "The month-end cockpit: reports per state, days, TACE, intercontract, expiries, to invoice",
    "version": "18.0.1.1.0",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["esn_billing", "esn_month_end"],
    "data": [
        "security/ir.model.access.csv",
        "security/esn_dashboard_security.xml",
        "data/esn_dashboard_data.xml",
        "views/esn_dashboard_report_views.xml",
        "views/esn_dashboard_consultant_views.xml",
        "views/esn_dashboard_month_views.xml",
        "views/esn_dashboard_menus.xml",
    ],
}
