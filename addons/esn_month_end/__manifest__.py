{
    "name": "ESN Month End in Background Jobs",
    "summary": "Generate, validate, invoice and post the month in background jobs (OCA queue_job)",
    "version": "18.0.1.4.1",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["esn_billing", "queue_job"],
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
        "security/esn_month_end_security.xml",
        "data/queue_job_data.xml",
        "views/esn_month_end_views.xml",
    ],
}
