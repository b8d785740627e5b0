from . import models


def _post_init_hook(env):
    # companies whose French chart was loaded before the module
    env["res.company"].search([("chart_template", "=", "fr")])._esn_flag_intrastat_positions()
