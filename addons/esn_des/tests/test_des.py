import base64
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged

from odoo.addons.esn_billing.tests.common import BillingCase

DAYS = {"2026-10-05": 1, "2026-10-06": 1}


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestDes(BillingCase):
    """The month's DES lists the services billed to EU businesses, per client's VAT number."""

    def _client_invoice(self, name, country, vat, days=None):
        client = self.env["res.partner"].create(
            {"name": name, "is_company": True, "country_id": self.env.ref(country).id, "vat": vat}
        )
        mission = self._mission(partner_id=client.id)
        invoice, _bill = self._invoice(self._validated(mission, days or DAYS))
        return self._post(invoice)

    def test_the_months_eu_business_services_are_declared(self):
        self.env.company.esn_foreign_buyer_without_id = True
        german = self._client_invoice("Kunde GmbH", "base.de", "DE123456788")
        belgian = self._client_invoice("Klant NV", "base.be", "BE0477472701", {"2026-10-07": 0.5})
        self._client_invoice("Client Paris", "base.fr", "FR03552081317")
        self._client_invoice("Client Genève", "base.ch", False)
        self.assertEqual(german.fiscal_position_id.intrastat, "b2b")

        des = self.env["l10n.fr.intrastat.service.declaration"].create(
            {"company_id": self.env.company.id, "start_date": date(2026, 10, 1)}
        )
        des.generate_service_lines()
        self.assertEqual(
            sorted((line.partner_vat, line.amount_company_currency) for line in des.declaration_line_ids),
            [("BE0477472701", 300.0), ("DE123456788", 1200.0)],
        )
        self.assertEqual(des.declaration_line_ids.move_id, german | belgian)
        des.done()
        xml = etree.fromstring(base64.b64decode(des.attachment_id.datas))
        self.assertEqual(xml.xpath("/fichier_des/declaration_des/num_tvaFr/text()"), ["FR44732829320"])
        self.assertEqual(len(xml.xpath("/fichier_des/declaration_des/ligne_des")), 2)

    def test_a_new_french_company_declares_its_eu_business_services(self):
        company = self.env["res.company"].create(
            {"name": "ESN Lille", "country_id": self.env.ref("base.fr").id}
        )
        self.env["account.chart.template"].try_loading("fr", company, install_demo=False)
        chart = self.env["account.chart.template"].with_company(company)
        self.assertEqual(chart.ref("fiscal_position_template_intraeub2b").intrastat, "b2b")
        self.assertEqual(chart.ref("fiscal_position_template_intraeub2c").intrastat, "b2c")
