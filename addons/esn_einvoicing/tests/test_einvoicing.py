import os
from datetime import date, datetime

import facturx
import pyfrctc
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.esn_billing.tests.facturx_rules import failed_assertions
from odoo.addons.esn_month_end.tests.common import MonthEndCase

from .pa_server import LocalPlatform

CDAR_SCHEMATRON = os.path.join(
    os.path.dirname(pyfrctc.__file__), "cdar-schematron", "BR-FR-CDV-Schematron-CDAR.xslt"
)
CLIENT_SIREN = "552081317"
ESN_SIREN = "732829320"


@tagged("post_install", "-at_install")
@freeze_time(datetime(2026, 11, 22, 12, 0))
class TestEInvoicing(MonthEndCase):
    """The round trip with a plateforme agréée, on a local one speaking the AFNOR API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.platform = LocalPlatform(datetime(2026, 11, 22, 12, 0))
        cls.addClassCleanup(cls.platform.stop)
        # the local platform speaks plain HTTP, which OAuth2 refuses outside such tests
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
        cls.addClassCleanup(os.environ.pop, "OAUTHLIB_INSECURE_TRANSPORT", None)
        pa = cls.env["esn.pa.platform"].create(
            {
                "name": "Local PA",
                "afnor_base_url": cls.platform.base_url,
                "token_url": f"{cls.platform.base_url}/oauth2/token",
            }
        )
        cls.env.company.write(
            {
                "esn_pa_platform_id": pa.id,
                "esn_pa_client_id": LocalPlatform.client_id,
                "esn_pa_client_secret": LocalPlatform.client_secret,
            }
        )
        cls.mission = cls._mission(sell=600, buy=300)
        cls.cra = cls._validated(cls.mission, {"2026-10-05": 1, "2026-10-06": 1, "2026-10-07": 0.5})

    def setUp(self):
        super().setUp()
        self.platform.reset()
        self.platform.register(CLIENT_SIREN)

    def _sent_invoice(self):
        invoice, _bill = self._invoice(self.cra)
        self._post(invoice)
        self.env["account.move.send"].with_context(force_report_rendering=True)._generate_and_send_invoices(
            invoice, sending_methods=["manual"]
        )
        return invoice

    def _deposit_jobs(self):
        return self._jobs().filtered(lambda job: job.method_name == "_job_esn_pa_deposit")

    def _status_cdar(self, invoice, code, label, reason=None):
        """The CDAR message the client's platform sends about the ESN's invoice."""
        now = datetime(2026, 11, 23, 9, 0)
        values = {
            "MDT-2": "REGULATED",
            "MDT-3": "urn.cpro.gouv.fr:1p0:CDV:invoice",
            "MDT-4": f"{invoice.name}_{code}",
            "MDT-8": now,
            "MDT-21": "BY",
            "MDT-38": {"0002": CLIENT_SIREN},
            "MDT-39": invoice.partner_id.name,
            "MDT-40": "BY",
            "MDT-57": {"0002": ESN_SIREN},
            "MDT-58": invoice.company_id.name,
            "MDT-59": "SE",
            "MDT-73": ESN_SIREN,
            "MDT-73-1": "0225",
            "MDT-74": False,
            "MDT-77": 23,
            "MDT-78": now,
            "MDT-87": invoice.name,
            "MDT-88": "50",
            "MDT-91": "380",
            "MDT-100": invoice.invoice_date,
            "MDT-105": code,
            "MDT-106": label,
            "MDT-129": {"0002": ESN_SIREN},
            "MDG-37": [{"MDT-113": "TX_TVA_ERR", "MDT-114": reason}] if reason else [],
        }
        return pyfrctc.generate_cdar(values)

    # ------------------------------------------------------------------ deposit

    def test_sending_deposits_the_invoice_once_as_a_valid_facturx(self):
        invoice = self._sent_invoice()
        self.assertEqual(
            len(self._deposit_jobs()), 1, "sending queues the deposit on the month end's channel"
        )
        self._run_jobs()
        self._run_jobs()
        deposited = self.platform.deposited()
        self.assertEqual(len(deposited), 1)
        self.assertEqual(deposited[0]["flowSyntax"], "Factur-X")
        self.assertEqual(deposited[0]["processingRule"], None, "pyfrctc leaves the rule to the platform")
        self.assertEqual(invoice.esn_pa_flow_ref, deposited[0]["flowId"])
        self.assertEqual(invoice.esn_pa_directory_line, CLIENT_SIREN)
        self.assertEqual(invoice.esn_pa_status, "200")
        _name, xml = facturx.get_xml_from_pdf(deposited[0]["content"], check_xsd=True)
        for rules in ("en16931", "br-fr"):
            self.assertEqual(failed_assertions(xml, rules), [], rules)
        # depositing again by hand is refused: it was deposited
        with self.assertRaises(UserError):
            invoice.action_esn_pa_deposit()

    def test_platform_down_then_back_loses_and_doubles_nothing(self):
        invoice = self._sent_invoice()
        self.platform.down = True
        self._run_jobs()
        job = self._jobs(("pending",)).filtered(lambda job: job.method_name == "_job_esn_pa_deposit")
        self.assertEqual(job.retry, 1, "the deposit waits to be tried again")
        self.assertFalse(invoice.esn_pa_flow_ref)
        self.assertFalse(self.platform.deposited())
        # back, but the answer to the deposit is lost: the platform has the invoice, the suite does not know
        self.platform.down = False
        self.platform.lose_next_answer = True
        job.eta = False
        self._run_jobs()
        self.assertFalse(invoice.esn_pa_flow_ref)
        self.assertEqual(len(self.platform.deposited()), 1)
        job.eta = False
        self._run_jobs()
        self.assertEqual(len(self.platform.deposited()), 1, "the third try finds the second's deposit")
        self.assertEqual(invoice.esn_pa_flow_ref, self.platform.deposited()[0]["flowId"])
        self.assertEqual(job.state, "done")

    def test_a_client_not_in_the_directory_is_told(self):
        self.platform.directory.clear()
        invoice = self._sent_invoice()
        self._run_jobs()
        self.assertFalse(self.platform.deposited())
        self.assertFalse(invoice.esn_pa_flow_ref)
        self.assertIn("is not in the directory", invoice.activity_ids.note)

    def test_wrong_credentials_are_told_to_the_administrator(self):
        self.env.company.esn_pa_client_secret = "expired"
        with self.assertRaisesRegex(UserError, "refused the credentials"):
            self.env.company.action_esn_pa_healthcheck()
        self.env.company.esn_pa_client_secret = LocalPlatform.client_secret
        self.assertEqual(self.env.company.action_esn_pa_healthcheck()["params"]["type"], "success")

    def test_credentials_are_administrators(self):
        accountant = new_test_user(self.env, "pa_accountant", groups="account.group_account_manager")
        with self.assertRaises(AccessError):
            self.env.company.with_user(accountant).read(["esn_pa_client_secret"])
        with self.assertRaises(AccessError):
            self.env.company.with_user(accountant).write({"esn_pa_client_secret": "mine"})
        invoice = self._sent_invoice()
        self._run_jobs()
        with self.assertRaisesRegex(UserError, "action_esn_pa_deposit"):
            invoice.with_user(accountant).write({"esn_pa_flow_ref": "forged"})
        self.assertEqual(invoice.esn_pa_flow_ref, self.platform.deposited()[0]["flowId"])

    # ------------------------------------------------------------------ statuses

    def test_a_refused_invoice_is_credited_and_frees_its_reports(self):
        invoice = self._sent_invoice()
        self._run_jobs()
        self.platform.deliver(
            "CustomerInvoiceLC",
            "CDAR",
            "refus.xml",
            self._status_cdar(invoice, "210", "Refusée", "Taux de TVA erroné"),
        )
        self.env.company._esn_pa_sync()
        self.assertEqual(invoice.esn_pa_status, "210")
        refusal = invoice.esn_pa_event_ids.filtered(lambda event: event.status == "210")
        self.assertEqual(refusal.direction, "received")
        self.assertIn("TX_TVA_ERR", refusal.reason)
        self.assertEqual(invoice.payment_state, "reversed")
        credit_note = invoice.reversal_move_ids
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(self.cra.state, "validated", "credited, the report is to invoice again")
        self.assertTrue(invoice.activity_ids, "the refusal is someone's to handle")
        # read again, the same flow changes nothing
        self.env.company.esn_pa_synced_until = False
        self.env.company._esn_pa_sync()
        self.assertEqual(len(invoice.esn_pa_event_ids.filtered(lambda event: event.status == "210")), 1)
        self.assertEqual(len(invoice.reversal_move_ids), 1)
        # the credit note is deposited too
        self._run_jobs()
        self.assertTrue(credit_note.esn_pa_flow_ref)

    def test_a_status_for_an_unknown_invoice_is_kept_flagged(self):
        invoice = self._sent_invoice()
        self._run_jobs()
        cdar = self._status_cdar(invoice, "207", "En litige").replace(invoice.name.encode(), b"F-UNKNOWN")
        self.platform.deliver("CustomerInvoiceLC", "CDAR", "litige.xml", cdar)
        self.env.company._esn_pa_sync()
        flow = self.env["esn.pa.flow"].search([("name", "=", "litige.xml")])
        self.assertEqual(flow.state, "error")
        self.assertIn("F-UNKNOWN", flow.error)
        self.assertEqual(flow.attachment_id.raw, cdar, "the file is kept")

    def test_a_paid_invoice_sends_payment_received(self):
        invoice = self._sent_invoice()
        self._run_jobs()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": date(2026, 11, 20)})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self._run_jobs()
        cdar_flows = [flow for flow in self.platform.deposited() if flow["flowSyntax"] == "CDAR"]
        self.assertEqual(len(cdar_flows), 1)
        parsed = pyfrctc.parse_cdar(cdar_flows[0]["content"])
        self.assertEqual(parsed["status_code"], "212")
        self.assertEqual(parsed["invoice_number"], invoice.name)
        self.assertEqual(
            parsed["doc_status"][0]["doc_characteristics"][0]["amount"]["float"], invoice.amount_total
        )
        self.assertEqual(failed_assertions(cdar_flows[0]["content"], CDAR_SCHEMATRON), [])
        self.assertEqual(invoice.esn_pa_status, "212")
