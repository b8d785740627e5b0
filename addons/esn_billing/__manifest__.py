{
    "name": "ESN Billing",
    "summary": "Customer invoices and vendor bills from activity reports, margins per mission",
    "version": "18.0.1.1.0",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["esn_cra", "account", "account_edi_ubl_cii"],
    "data": [
        "security/ir.model.access.csv",
        "security/esn_billing_security.xml",
        "views/esn_cra_views.xml",
        "views/account_move_views.xml",
        "views/esn_margin_report_views.xml",
        "views/esn_billing_menus.xml",
        "report/report_invoice.xml",
    ],
}
