import logging
import re
import time
from datetime import timedelta

import pyfrctc
from oauthlib.oauth2.rfc6749.errors import (
    AccessDeniedError,
    InvalidClientError,
    InvalidGrantError,
    OAuth2Error,
    UnauthorizedClientError,
)

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.esn_base.batch import notification
from odoo.addons.esn_base.models.esn_workflow_mixin import lock_rows

_logger = logging.getLogger(__name__)

# the first look for statuses and invoices goes this far back
FIRST_SYNC_DAYS = 30


class EsnPaUnreachable(UserError):
    """The platform did not answer, or answered with a server error: try again later."""


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_pa_platform_id = fields.Many2one(
        "esn.pa.platform",
        string="Plateforme Agréée",
        help="The platform that deposits the company's invoices, returns their statuses and receives "
        "its supplier invoices.",
    )
    esn_pa_client_id = fields.Char(
        string="Platform Client ID", groups="base.group_system,esn_base.group_esn_admin"
    )
    esn_pa_client_secret = fields.Char(
        string="Platform Client Secret", groups="base.group_system,esn_base.group_esn_admin"
    )
    esn_pa_token = fields.Json(string="Platform Access Token", groups="base.group_system", copy=False)
    esn_pa_flow_syntax = fields.Selection(
        [("Factur-X", "Factur-X (PDF with its XML)"), ("CII", "CII (XML only)")],
        string="Deposited Format",
        default="Factur-X",
        required=True,
    )
    esn_pa_routing_address = fields.Char(
        string="Electronic Invoicing Address",
        help="The company's own address in the directory (its SIREN, or SIREN_suffix), where "
        "suppliers send it their invoices.",
    )
    esn_pa_vat_periodicity = fields.Selection(
        [
            ("1", "Monthly (réel normal)"),
            ("3", "Quarterly (réel normal)"),
            ("12", "Yearly (réel simplifié)"),
            ("franchise", "VAT franchise (franchise en base)"),
        ],
        string="VAT Return Periodicity",
        default="1",
        required=True,
        help="Sets the periods and deadlines of the e-reporting the company owes (international sales, "
        "payments received for services).",
    )
    esn_pa_synced_until = fields.Datetime(
        string="Platform Read Until",
        readonly=True,
        copy=False,
        help="The flows the platform updated up to this time have been read.",
    )

    def _esn_pa_vat_periodicity(self):
        """The periodicity as pyfrctc takes it: None under the VAT franchise."""
        return None if self.esn_pa_vat_periodicity == "franchise" else self.esn_pa_vat_periodicity

    # ------------------------------------------------------------------ the platform's API

    def _esn_pa_call(self, method, *args):
        """`method` of pyfrctc called with the company's session: the platform's answers that are
        not a result as the user's errors; an unreachable or failing platform as EsnPaUnreachable."""
        self.ensure_one()
        session = self._esn_pa_session()
        try:
            return method(session, *args)
        except OSError as error:  # pyfrctc's ConnectionError, requests' errors
            raise EsnPaUnreachable(self._esn_pa_unreachable_message(error)) from error
        except RuntimeError as error:  # pyfrctc: an HTTP error answer
            if re.search(r"\((5\d\d|429)\)", str(error)):
                raise EsnPaUnreachable(self._esn_pa_unreachable_message(error)) from error
            if re.search(r"\(401\)", str(error)):
                raise UserError(self._esn_pa_credentials_message(error)) from error
            raise UserError(
                self.env._(
                    "The plateforme agréée %(platform)s refused the request: %(error)s",
                    platform=self.esn_pa_platform_id.name,
                    error=error,
                )
            ) from error

    def _esn_pa_session(self):
        platform = self.esn_pa_platform_id
        if not platform:
            raise UserError(
                self.env._(
                    "%(company)s has no plateforme agréée: an ESN administrator sets it in ESN > "
                    "Configuration > Settings.",
                    company=self.name,
                )
            )
        # sudo: the credentials and token are administrators'; any invoicing user deposits
        company = self.sudo()
        if not company.esn_pa_client_id or not company.esn_pa_client_secret:
            raise UserError(
                self.env._(
                    "The credentials of %(company)s on %(platform)s are missing: an ESN administrator "
                    "enters the client ID and secret the platform gave in ESN > Configuration > Settings.",
                    company=self.name,
                    platform=platform.name,
                )
            )
        try:
            return pyfrctc.get_session(
                platform._pyfrctc_key(),
                "client_credentials",
                self.name,
                company._esn_pa_stored_token,
                company._esn_pa_store_token,
                company.esn_pa_client_id,
                company.esn_pa_client_secret,
            )
        except (InvalidClientError, InvalidGrantError, UnauthorizedClientError, AccessDeniedError) as error:
            raise UserError(self._esn_pa_credentials_message(error)) from error
        except (OAuth2Error, OSError) as error:  # the token endpoint down or failing
            raise EsnPaUnreachable(self._esn_pa_unreachable_message(error)) from error

    def _esn_pa_earlier_flow(self, filename):
        """In a background job tried again: the flow of that file name an earlier try sent, if the
        platform has one (the answer was lost). None on a first try."""
        # sudo: the job of this try, which the depositing user may not read
        job = self.env["queue.job"].sudo().search([("uuid", "=", self.env.context.get("job_uuid"))])
        if not job.retry:
            return None
        since = job.date_created - timedelta(minutes=1)
        flows = self._esn_pa_call(pyfrctc.search_flows_parsed, since, "Out", None)
        return next((flow for flow in flows if flow.get("name") == filename), None)

    def _esn_pa_stored_token(self, _auth_method):
        token = self.esn_pa_token or {}
        if (
            token.get("client_id") != self.esn_pa_client_id
            or token.get("platform") != self.esn_pa_platform_id.id
        ):
            return {"access_token": False, "expires_at": False}
        return token

    def _esn_pa_store_token(self, token):
        self.esn_pa_token = {
            "access_token": token["access_token"],
            "expires_at": token.get("expires_at") or time.time() + token.get("expires_in", 0),
            "token_type": token.get("token_type", "Bearer"),
            "client_id": self.esn_pa_client_id,
            "platform": self.esn_pa_platform_id.id,
        }

    def _esn_pa_credentials_message(self, error):
        return self.env._(
            "The plateforme agréée %(platform)s refused the credentials of %(company)s (%(error)s): they "
            "are wrong or have expired. An ESN administrator enters valid ones in ESN > Configuration > "
            "Settings.",
            platform=self.esn_pa_platform_id.name,
            company=self.name,
            error=getattr(error, "description", None) or error,
        )

    def _esn_pa_unreachable_message(self, error):
        return self.env._(
            "The plateforme agréée %(platform)s cannot be reached now (%(error)s): what was to be sent "
            "is kept and sent again later.",
            platform=self.esn_pa_platform_id.name,
            error=error,
        )

    def action_esn_pa_healthcheck(self):
        """The settings' Test Connection button: a token, and both APIs answering."""
        self.ensure_one()
        self.env["esn.config.settings"]._check_esn_admin(self)
        for api in ("flow", "directory"):
            self._esn_pa_call(pyfrctc.healthcheck, True, api)
        return notification(
            self.env._(
                "%(platform)s answers and accepts the credentials of %(company)s.",
                platform=self.esn_pa_platform_id.name,
                company=self.name,
            ),
            title=self.env._("Plateforme agréée"),
            kind="success",
        )

    # ------------------------------------------------------------------ what the platform sends back

    def _cron_esn_pa_sync(self):
        """Read what each company's platform has for it: statuses of its invoices, supplier invoices.
        A platform that does not answer is read again at the next run, from where it stopped."""
        for company in self.search([("esn_pa_platform_id", "!=", False)]):
            try:
                with self.env.cr.savepoint():
                    company._esn_pa_sync()
            except UserError as error:
                _logger.warning("Plateforme agréée of %s not read: %s", company.name, error.args[0])
            except Exception:  # one company's failure leaves the others read
                _logger.exception("Plateforme agréée of %s not read", company.name)

    def _esn_pa_sync(self):
        """Import each flow the platform updated since the last reading, once."""
        self.ensure_one()
        lock_rows(self)  # the scheduled job and the button read one after the other
        since = self.esn_pa_synced_until or fields.Datetime.now() - timedelta(days=FIRST_SYNC_DAYS)
        flows = self._esn_pa_call(
            pyfrctc.search_flows_parsed,
            since,
            "In",
            ["CustomerInvoiceLC", "SupplierInvoice", "SupplierInvoiceLC"],
        )
        Flow = self.env["esn.pa.flow"].with_company(self)
        # sudo: which flows were already read, whatever company the reader's flows are restricted to
        read = set(
            Flow.sudo()
            .search([("company_id", "=", self.id), ("flow_ref", "in", [flow["flowId"] for flow in flows])])
            .mapped("flow_ref")
        )
        for flow in sorted(flows, key=lambda flow: flow.get("updated_at") or since):
            if flow["flowId"] not in read:
                Flow._import(self, flow)
        if flows:
            self.esn_pa_synced_until = max(flow.get("updated_at") or since for flow in flows)
        return len(flows)

    def action_esn_pa_sync(self):
        self.ensure_one()
        self.env["esn.config.settings"]._check_esn_admin(self)
        # sudo: read as the scheduled job reads it, whatever the administrator's accounting rights
        count = self.sudo()._esn_pa_sync()
        return notification(
            self.env._("%(count)s flows read from the plateforme agréée.", count=count),
            title=self.env._("Plateforme agréée"),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )
