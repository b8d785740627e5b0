import os
from datetime import date, datetime

import facturx
import pyfrctc
from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.esn_billing.tests.facturx_rules import failed_assertions
from odoo.addons.esn_month_end.tests.common import MonthEndCase

from ..models.esn_pa_event import REASONS
from .pa_server import LocalPlatform

CDAR_SCHEMATRON = os.path.join(
    os.path.dirname(pyfrctc.__file__), "cdar-schematron", "BR-FR-CDV-Schematron-CDAR.xslt"
)
CII = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
FLUX10_SCHEMATRON = os.path.join(os.path.dirname(pyfrctc.__file__), "frr-schematron", "Flux10.xslt")
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

    def _status_cdar(self, invoice, code, label, reason=None, number=None, issuer=ESN_SIREN):
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
            "MDT-87": number or invoice.name,
            "MDT-88": "50",
            "MDT-91": "380",
            "MDT-100": invoice.invoice_date,
            "MDT-105": code,
            "MDT-106": label,
            "MDT-129": {"0002": issuer},
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
        invoice._job_esn_pa_deposit()  # a second job of the same invoice deposits nothing
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

    def test_the_month_end_deposits_each_invoice_once_and_reads_their_statuses(self):
        self.env["ir.config_parameter"].sudo().set_param("esn_month_end.job_size", 1)
        clients = self.env["res.partner"].create(
            [
                {
                    "name": f"Month client {index}",
                    "is_company": True,
                    "siret": siret,
                    "vat": vat,
                    "email": f"billing{index}@client.example.com",
                    "country_id": self.env.ref("base.fr").id,
                    "street": "1 rue du Client",
                    "zip": "75002",
                    "city": "Paris",
                }
                for index, (siret, vat) in enumerate(
                    (("40483304800014", "FR83404833048"), ("51234567900017", "FR75512345679"))
                )
            ]
        )
        for client in clients:
            self.platform.register(client.esn_siren)
        cras = self.cra | self.env["esn.cra"].union(
            *(
                self._validated(self._mission(partner_id=client.id), {"2026-10-05": 1, "2026-10-06": 1})
                for client in clients
            )
        )
        cras._create_invoices_in_background(invoice_date=date(2026, 10, 31), post=True, send=True)
        self._run_jobs()
        invoices = cras.invoice_line_ids.move_id
        self.assertEqual(len(invoices), 3)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        # Odoo's sending, as its scheduled action runs it (tests render HTML, not PDF: CII is deposited)
        self.env["account.move"]._cron_account_move_send()
        self._run_jobs()
        self._run_jobs()
        deposited = self.platform.deposited()
        self.assertEqual(len(deposited), 3, "each invoice deposited once")
        self.assertEqual({flow["flowSyntax"] for flow in deposited}, {"CII"})
        for flow in deposited:
            self.assertEqual(failed_assertions(flow["content"], "br-fr"), [], flow["name"])
        self.assertEqual(set(invoices.mapped("esn_pa_flow_ref")), {flow["flowId"] for flow in deposited})
        for invoice in invoices:
            self.platform.deliver(
                "CustomerInvoiceLC",
                "CDAR",
                f"{invoice.name}-205.xml",
                self._status_cdar(invoice, "205", "Approuvée"),
            )
        self.env.company._esn_pa_sync()
        self.assertEqual(set(invoices.mapped("esn_pa_status")), {"205"})

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

    def test_an_esn_administrator_connects_the_company_from_the_esn_settings(self):
        admin = new_test_user(self.env, "pa_esn_admin", groups="esn_base.group_esn_admin")
        self.env.company.write({"esn_pa_client_secret": False, "esn_pa_token": False})
        with self.assertRaises(
            AccessError, msg="a platform is shared by the companies: Odoo administrators'"
        ):
            self.env.company.esn_pa_platform_id.with_user(admin).write(
                {"token_url": "https://attacker.example/token"}
            )
        settings = self.env["esn.config.settings"].with_user(admin).create({})
        with self.assertRaisesRegex(UserError, "credentials .* are missing"):
            settings.action_esn_pa_healthcheck()
        settings.write({"esn_pa_client_secret": LocalPlatform.client_secret, "esn_pa_flow_syntax": "CII"})
        self.assertEqual(settings.action_esn_pa_healthcheck()["params"]["type"], "success")
        invoice = self._sent_invoice()
        self._run_jobs()
        self.assertEqual(self.platform.deposited()[0]["flowSyntax"], "CII", "the company's format")
        self.platform.deliver(
            "CustomerInvoiceLC",
            "CDAR",
            "rejet.xml",
            self._status_cdar(invoice, "213", "Rejetée", "Erreur de syntaxe"),
        )
        settings.action_esn_pa_sync()
        self.assertEqual(invoice.esn_pa_status, "213")
        self.assertTrue(invoice.activity_ids, "the rejection is someone's to handle")
        # rejected, it is deposited again once corrected
        invoice.action_esn_pa_deposit()
        self._run_jobs()
        self.assertEqual(len(self.platform.deposited()), 2)
        self.assertEqual(invoice.esn_pa_status, "200")

    def test_credentials_are_administrators(self):
        accountant = new_test_user(self.env, "pa_accountant", groups="account.group_account_manager")
        with self.assertRaises(AccessError):
            self.env.company.with_user(accountant).read(["esn_pa_client_secret"])
        with self.assertRaises(AccessError):
            self.env.company.with_user(accountant).write({"esn_pa_client_secret": "mine"})
        for action in ("action_esn_pa_healthcheck", "action_esn_pa_sync"):
            with self.assertRaises(AccessError):
                getattr(self.env.company.with_user(accountant), action)()
        self.assertFalse(self.env.company.esn_pa_synced_until, "nothing was read")
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

    def test_a_status_that_cannot_be_read_is_kept_flagged_and_the_others_read(self):
        invoice = self._sent_invoice()
        self._run_jobs()
        unknown = self._status_cdar(invoice, "207", "En litige", number="F-UNKNOWN")
        self.platform.deliver("CustomerInvoiceLC", "CDAR", "litige.xml", unknown)
        self.platform.deliver("CustomerInvoiceLC", "CDAR", "broken.xml", b"<not-a-cdar/>")
        self.platform.deliver(
            "CustomerInvoiceLC", "CDAR", "ok.xml", self._status_cdar(invoice, "205", "Approuvée")
        )
        with mute_logger("pyfrctc"):  # it logs the broken file's XSD errors it then raises
            self.env["res.company"]._cron_esn_pa_sync()
        flows = self.env["esn.pa.flow"].search([("company_id", "=", self.env.company.id)], order="id")
        self.assertEqual(flows.mapped("state"), ["error", "error", "done"])
        self.assertIn("F-UNKNOWN", flows[0].error)
        self.assertEqual(flows[0].attachment_id.raw, unknown, "the file is kept")
        self.assertEqual(invoice.esn_pa_status, "205")
        self.assertTrue(self.env.company.esn_pa_synced_until, "read past the flagged flows")

    def test_each_payment_of_an_invoice_sends_payment_received(self):
        invoice = self._sent_invoice()
        self._run_jobs()
        half = invoice.currency_id.round(invoice.amount_total / 2)
        for day, amount in ((date(2026, 11, 20), half), (date(2026, 11, 25), invoice.amount_total - half)):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": day, "amount": amount})._create_payments()
            self._run_jobs()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        cdar_flows = [flow for flow in self.platform.deposited() if flow["flowSyntax"] == "CDAR"]
        self.assertEqual(len(cdar_flows), 2, "one status per payment")
        received = []
        for flow in cdar_flows:
            parsed = pyfrctc.parse_cdar(flow["content"])
            self.assertEqual((parsed["status_code"], parsed["invoice_number"]), ("212", invoice.name))
            paid = parsed["doc_status"][0]["doc_characteristics"][0]
            received.append((paid["date"].date(), paid["amount"]["float"]))
            self.assertEqual(failed_assertions(flow["content"], CDAR_SCHEMATRON), [])
        self.assertEqual(
            received, [(date(2026, 11, 20), half), (date(2026, 11, 25), invoice.amount_total - half)]
        )
        self.assertEqual(invoice.esn_pa_status, "212")
        # a deposited invoice was issued: it is corrected by a credit note, not reset to draft
        with self.assertRaisesRegex(UserError, "issue a credit note"):
            invoice.button_draft()

    # ------------------------------------------------------------------ reception

    def _contractor_cii(self, number, days, rate, vat="FR83404833048", name="Billing Sub"):
        """The contractor's invoice to the ESN as its platform delivers it: a CII of EN 16931, made by
        Odoo's own export of an invoice with the contractor as seller and the ESN as buyer."""
        sample = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client.id,
                "invoice_date": date(2026, 10, 31),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Prestation octobre",
                            "quantity": days,
                            "price_unit": rate,
                            "tax_ids": [Command.set(self.sale_tax.ids)],
                        }
                    )
                ],
            }
        )
        tree = etree.fromstring(self.env["account.edi.xml.cii"]._export_invoice(sample)[0])
        sample.unlink()
        document = tree.find("rsm:ExchangedDocument", CII)
        number_node = document.find("ram:ID", CII)
        if number_node is None:  # a draft has no number yet
            number_node = etree.Element(f"{{{CII['ram']}}}ID")
            document.insert(0, number_node)
        number_node.text = number
        seller, buyer = tree.find(".//ram:SellerTradeParty", CII), tree.find(".//ram:BuyerTradeParty", CII)
        for party, party_name, party_vat in (
            (seller, name, vat),
            (buyer, self.env.company.name, "FR44732829320"),
        ):
            for other_identity in (
                "ram:GlobalID",
                "ram:SpecifiedLegalOrganization",
                "ram:DefinedTradeContact",
            ):
                for node in party.findall(other_identity, CII):
                    party.remove(node)
            party.find("ram:Name", CII).text = party_name
            party.find("ram:SpecifiedTaxRegistration/ram:ID", CII).text = party_vat
        return etree.tostring(tree)

    def _prepared_bill(self):
        self.supplier.write({"vat": "FR83404833048", "siret": "40483304810005"})
        mission = self._mission(self.external, sell=600, buy=300)
        _invoice, bill = self._invoice(
            self._validated(mission, {"2026-10-05": 1, "2026-10-06": 1, "2026-10-07": 0.5})
        )
        return mission, bill

    def test_a_contractor_einvoice_replaces_the_prepared_bill(self):
        _mission, prepared = self._prepared_bill()
        cras = prepared._esn_cras()
        self.platform.deliver("SupplierInvoice", "CII", "F-77.xml", self._contractor_cii("F-77", 2.5, 300))
        self.env.company._esn_pa_sync()
        received = self.env["account.move"].search([("ref", "=", "F-77"), ("move_type", "=", "in_invoice")])
        self.assertFalse(prepared.exists(), "the received invoice replaces the prepared draft")
        self.assertEqual(received.partner_id, self.supplier)
        self.assertEqual(received._esn_cras(), cras, "it bills the reports the draft billed")
        self.assertEqual(received.esn_pa_status, "202")
        self.assertEqual(self.env["esn.pa.flow"].search([("move_id", "=", received.id)]).state, "done")
        # approved when posted: the status goes back to the contractor's platform
        self._receive_contractor_invoice(received, "F-77")
        received.action_post()
        self._run_jobs()
        approval = [flow for flow in self.platform.deposited() if flow["flowSyntax"] == "CDAR"]
        self.assertEqual(len(approval), 1)
        parsed = pyfrctc.parse_cdar(approval[0]["content"])
        self.assertEqual((parsed["status_code"], parsed["invoice_number"]), ("205", "F-77"))
        self.assertEqual(failed_assertions(approval[0]["content"], CDAR_SCHEMATRON), [])
        self.assertEqual(received.esn_pa_status, "205")
        # another supplier's invoice F-77: its status is not this one's
        other = self._status_cdar(received, "210", "Refusée", number="F-77", issuer=CLIENT_SIREN)
        self.platform.deliver("SupplierInvoiceLC", "CDAR", "other-F-77.xml", other)
        self.env.company._esn_pa_sync()
        self.assertEqual(received.esn_pa_status, "205")
        self.assertEqual(self.env["esn.pa.flow"].search([("name", "=", "other-F-77.xml")]).state, "error")
        # a received invoice is not the ESN's to deposit
        with self.assertRaisesRegex(UserError, "Nothing to deposit"):
            received.action_esn_pa_deposit()
        self.assertEqual(
            received.esn_pa_flow_ref, self.env["esn.pa.flow"].search([("name", "=", "F-77.xml")]).flow_ref
        )

    def test_a_mismatching_einvoice_stays_beside_the_prepared_bill(self):
        mission, prepared = self._prepared_bill()
        self.platform.deliver("SupplierInvoice", "CII", "F-78.xml", self._contractor_cii("F-78", 3, 320))
        self.env.company._esn_pa_sync()
        received = self.env["account.move"].search([("ref", "=", "F-78"), ("move_type", "=", "in_invoice")])
        self.assertTrue(prepared.exists())
        self.assertFalse(received.line_ids.esn_cra_id)
        note = received.activity_ids.note
        self.assertIn("3.0 days billed, 2.5 prepared", note)
        self.assertIn("rate 320.0, 300.0 prepared", note)
        self.assertEqual(received.activity_ids.user_id, mission.user_id)

    def test_a_copy_of_a_received_invoice_is_kept_flagged_not_imported(self):
        self._prepared_bill()
        cii = self._contractor_cii("F-79", 2.5, 300)
        self.platform.deliver("SupplierInvoice", "CII", "F-79.xml", cii)
        self.platform.deliver("SupplierInvoice", "CII", "F-79-again.xml", cii)
        self.env.company._esn_pa_sync()
        self.assertEqual(self.env["account.move"].search_count([("ref", "=", "F-79")]), 1)
        copy = self.env["esn.pa.flow"].search([("name", "=", "F-79-again.xml")])
        self.assertEqual(copy.state, "error")
        self.assertIn("already received", copy.error)
        self.assertFalse(copy.move_id)
        self.assertEqual(copy.attachment_id.raw, cii)

    def test_an_unknown_supplier_invoice_is_kept_flagged(self):
        cii = self._contractor_cii("X-1", 1, 100, vat="FR40303265045", name="Inconnu SARL")
        self.platform.deliver("SupplierInvoice", "CII", "X-1.xml", cii)
        self.env.company._esn_pa_sync()
        flow = self.env["esn.pa.flow"].search([("name", "=", "X-1.xml")])
        self.assertEqual(flow.state, "error")
        self.assertEqual(flow.move_id.ref, "X-1", "the bill is kept, in draft")
        self.assertEqual(flow.move_id.state, "draft")
        self.assertIn("was not among the contacts", flow.error)
        flow.action_read_again()
        self.assertEqual(flow.state, "done", "checked, the flow is read")

    def test_a_disputed_then_paid_supplier_invoice_tells_its_supplier(self):
        self._prepared_bill()
        self.platform.deliver("SupplierInvoice", "CII", "F-80.xml", self._contractor_cii("F-80", 2.5, 300))
        self.env.company._esn_pa_sync()
        received = self.env["account.move"].search([("ref", "=", "F-80"), ("move_type", "=", "in_invoice")])
        self.assertEqual(
            set(dict(self.env["esn.pa.dispute"]._reason_selection())), set(REASONS), "every reason is sent"
        )
        invoicing_only = new_test_user(self.env, "pa_reader", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["esn.pa.dispute"].with_user(invoicing_only).create(
                {"move_ids": received.ids, "reason": "QTE_ERR", "comment": "2 days"}
            )
        self.env["esn.pa.dispute"].create(
            {"move_ids": received.ids, "reason": "QTE_ERR", "comment": "2 jours en octobre"}
        ).action_confirm()
        self._run_jobs()
        dispute = [flow for flow in self.platform.deposited() if flow["flowSyntax"] == "CDAR"]
        parsed = pyfrctc.parse_cdar(dispute[0]["content"])
        self.assertEqual(parsed["status_code"], "207")
        self.assertEqual(parsed["doc_status"][0]["reason_code"], "QTE_ERR")
        self.assertEqual(parsed["doc_status"][0]["comment"], "2 jours en octobre")
        self.assertEqual(failed_assertions(dispute[0]["content"], CDAR_SCHEMATRON), [])
        self.assertEqual(received.esn_pa_status, "207")
        # settled, approved and paid: the payment goes back too
        self._receive_contractor_invoice(received, "F-80")
        received.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=received.ids
        ).create({"payment_date": date(2026, 11, 25)})._create_payments()
        self._run_jobs()
        codes = [pyfrctc.parse_cdar(flow["content"])["status_code"] for flow in self.platform.deposited()]
        self.assertEqual(codes, ["207", "205", "211"])
        payment = self.platform.deposited()[-1]["content"]
        self.assertEqual(failed_assertions(payment, CDAR_SCHEMATRON), [])
        self.assertEqual(received.esn_pa_status, "211")

    def test_a_disputed_invoice_must_come_from_the_platform(self):
        invoice = self._sent_invoice()
        with self.assertRaisesRegex(UserError, "received through the plateforme agréée"):
            self.env["esn.pa.dispute"].create(
                {"move_ids": invoice.ids, "reason": "AUTRE", "comment": "no"}
            ).action_confirm()
        self.assertFalse(self._jobs().filtered(lambda job: job.method_name == "_job_esn_pa_send_status"))

    def test_an_invoice_issued_in_a_contractors_name_is_deposited(self):
        self._sign_self_billing_mandate(self.supplier, date(2026, 1, 1))
        self.supplier.email = "sub@example.com"
        self.platform.register("404833048")
        mission = self._mission(self.external, sell=600, buy=300)
        _invoice, bill = self._invoice(self._validated(mission, {"2026-10-05": 1}))
        self._post(bill)
        bill.with_context(force_report_rendering=True).action_esn_send_self_billed()
        self._run_jobs()
        deposited = self.platform.deposited()
        self.assertEqual(len(deposited), 1)
        _name, xml = facturx.get_xml_from_pdf(deposited[0]["content"], check_xsd=True)
        self.assertIn(b"<ram:TypeCode>389</ram:TypeCode>", xml)
        self.assertEqual(bill.esn_pa_directory_line, "404833048")

    # ------------------------------------------------------------------ e-reporting

    def test_international_sales_and_their_payments_are_reported_once(self):
        german = self.env["res.partner"].create(
            {
                "name": "Rhein Report GmbH",
                "is_company": True,
                "country_id": self.env.ref("base.de").id,
                "vat": "DE123456788",
                "street": "Domkloster 4",
                "zip": "50667",
                "city": "Köln",
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": german.id,
                "invoice_date": date(2026, 11, 25),
                "partner_bank_id": self.bank.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "quantity": 2, "price_unit": 600})
                ],
            }
        )
        invoice.action_post()
        self.env["account.move.send"]._generate_and_send_invoices(invoice, sending_methods=["manual"])
        french = self._sent_invoice()  # e-invoiced, not reported
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=(invoice | french).ids
        ).create({"payment_date": date(2026, 11, 28), "group_payment": False})._create_payments()
        self._run_jobs()
        self.assertFalse(invoice.esn_pa_flow_ref, "a client abroad is not e-invoiced: it is e-reported")
        self.platform.reset()
        self.platform.down = True
        Reports = self.env["esn.pa.ereport"]
        reports = Reports._file_due(self.env.company, date(2026, 12, 8))
        self._run_jobs()
        self.assertEqual(
            set(reports.mapped("state")), {"to_send"}, "kept to deposit while the platform is down"
        )
        # back, but the answer to the first report's filing is lost
        self.platform.down = False
        self.platform.lose_next_answer = True
        Reports._file_due(self.env.company, date(2026, 12, 9))  # queued already: nothing more
        self._jobs(("pending",)).eta = False
        self._run_jobs()
        self.assertEqual(len(self.platform.deposited()), 2, "both filed, the first answer lost")
        self.assertEqual(reports.mapped("state"), ["to_send", "deposited"])
        self._jobs(("pending",)).eta = False
        self._run_jobs()
        reports = Reports.search([("company_id", "=", self.env.company.id)])
        sales = reports.filtered(lambda report: report.report_type == "out_transaction")
        payments = reports - sales
        self.assertEqual(
            (sales.date_start, sales.date_end, sales.deadline),
            (date(2026, 11, 21), date(2026, 11, 30), date(2026, 12, 10)),
        )
        self.assertEqual((payments.date_start, payments.date_end), (date(2026, 11, 1), date(2026, 11, 30)))
        self.assertEqual(set(reports.mapped("state")), {"deposited"})
        self.assertEqual(sales.move_ids, invoice)
        self.assertEqual(payments.move_ids, invoice, "the French invoice's payment went by its status")
        flows = self.platform.deposited()
        self.assertEqual([flow["flowSyntax"] for flow in flows], ["FRR", "FRR"])
        self.assertEqual(failed_assertions(sales.attachment_id.raw, FLUX10_SCHEMATRON), [])
        transactions = etree.fromstring(sales.attachment_id.raw)
        self.assertEqual(transactions.findtext(".//Invoice/ID"), invoice.name)
        self.assertEqual(transactions.findtext(".//Buyer/CompanyId"), "DE123456788")
        self.assertEqual(failed_assertions(payments.attachment_id.raw, FLUX10_SCHEMATRON), [])
        received = etree.fromstring(payments.attachment_id.raw)
        self.assertEqual(
            received.findtext(".//Invoice/Payment/SubTotals/Amount"), f"{invoice.amount_total:.2f}"
        )
        # the next days before the deadline file nothing again
        Reports._file_due(self.env.company, date(2026, 12, 10))
        Reports._cron_file()
        self._run_jobs()
        self.assertEqual(len(self.platform.deposited()), 2)
