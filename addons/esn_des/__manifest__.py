{
    "name": "ESN DES",
    "summary": "The déclaration européenne de services of the services billed to EU businesses (OCA's DES)",
    "version": "18.0.1.0.1",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    # OCA's l10n_fr_intrastat_service is AGPL-3
    "license": "AGPL-3",
    "depends": ["esn_billing", "l10n_fr_intrastat_service"],
    "auto_install": True,
    "demo": ["demo/esn_des_demo.xml"],
    "post_init_hook": "_post_init_hook",
}
