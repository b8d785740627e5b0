{
    "name": "ESN Equipment",
    "summary": "Onboarding kits lent to consultants, through stock and MRP kits",
    "version": "18.0.1.2.1",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "external_dependencies": {"python": ["openupgradelib"]},
    "depends": ["esn_mission", "mrp"],
    "auto_install": True,
    "data": [
        "security/esn_equipment_security.xml",
        "data/esn_equipment_data.xml",
        "views/esn_mission_views.xml",
        "views/hr_employee_views.xml",
    ],
    "demo": ["demo/esn_equipment_demo.xml"],
}
