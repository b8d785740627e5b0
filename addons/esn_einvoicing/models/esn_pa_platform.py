from pyfrctc import pyfrctc as afnor

from odoo import fields, models


class EsnPaPlatform(models.Model):
    """A plateforme agréée speaking the AFNOR XP Z12-013 API: where its flows, directory and OAuth2
    token are. pyfrctc finds a session's platform by its token URL in its platform list, which each
    record joins before a session is opened."""

    _name = "esn.pa.platform"
    _description = "Plateforme Agréée"
    _order = "name"

    name = fields.Char(required=True, translate=False)
    afnor_base_url = fields.Char(
        string="API Base URL",
        required=True,
        help="The URL under which the platform serves /afnor-flow/v1 and /afnor-directory/v1.",
    )
    token_url = fields.Char(
        string="Token URL", required=True, help="The OAuth2 token endpoint (client credentials)."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("token_url_unique", "unique(token_url)", "Two platforms cannot share a token URL."),
    ]

    def _pyfrctc_key(self):
        """The platform's key in pyfrctc's platform list, with this record's URLs."""
        self.ensure_one()
        key = f"esn_pa_platform_{self.id}"
        # pyfrctc takes the first entry of a token URL: this record's, whatever was listed before
        for stale in [name for name, urls in afnor.PLATFORMS.items() if urls["token_url"] == self.token_url]:
            del afnor.PLATFORMS[stale]
        afnor.PLATFORMS[key] = {
            "afnor_base_url": self.afnor_base_url.rstrip("/"),
            "token_url": self.token_url,
            "label": self.name,
        }
        return key
