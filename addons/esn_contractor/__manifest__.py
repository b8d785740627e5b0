{
    "name": "ESN Contractors",
    "summary": "Prestataires: freelancers, portage and subcontractors, with rates and consultants",
    "version": "18.0.1.4.1",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["esn_base", "l10n_fr", "hr_skills"],
    "external_dependencies": {"python": ["python-stdnum", "openupgradelib"]},
    "data": [
        "security/esn_contractor_security.xml",
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
        "views/hr_employee_views.xml",
        "views/esn_contractor_menus.xml",
    ],
    "demo": ["demo/esn_contractor_demo.xml"],
}
