{
    "name": "ESN E-Invoicing through a Plateforme Agréée",
    "summary": "Deposit invoices on the company's plateforme agréée (AFNOR XP Z12-013), follow their "
    "lifecycle, collect supplier e-invoices",
    "version": "18.0.1.0.0",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["esn_month_end"],
    "external_dependencies": {"python": ["pyfrctc"]},
    "data": [
        "security/ir.model.access.csv",
        "security/esn_einvoicing_security.xml",
        "data/esn_pa_platform_data.xml",
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
        "views/esn_pa_platform_views.xml",
        "views/esn_pa_flow_views.xml",
        "views/esn_config_settings_views.xml",
        "views/account_move_views.xml",
        "wizards/esn_pa_dispute_views.xml",
    ],
}
