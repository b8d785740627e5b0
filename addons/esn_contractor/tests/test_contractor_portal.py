import re

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin


@tagged("post_install", "-at_install")
class TestContractorPortalAccount(EsnTestMixin, HttpCase):
    """Attack: a freelancer whose login is the prestataire itself renames it and changes its VAT
    number on Odoo's /my/account page, printed on its bills and self-billed invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        france = cls.env.ref("base.fr")
        cls.contractor = cls.env["res.partner"].create(
            {
                "name": "Portal Freelance EI",
                "is_company": True,
                "esn_contractor_kind": "freelance",
                "email": "freelance@example.com",
                "phone": "+33 1 00 00 00 00",
                "street": "1 rue du Test",
                "city": "Paris",
                "zip": "75001",
                "country_id": france.id,
                "vat": "FR44732829320",
            }
        )
        new_test_user(
            cls.env,
            "portal_freelance",
            name="Portal Freelance EI",
            groups="base.group_portal",
            partner_id=cls.contractor.id,
        )

    def _post_account(self, **changes):
        page = self.url_open("/my/account")
        data = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1),
            "name": "Portal Freelance EI",
            "email": "freelance@example.com",
            "phone": "+33 1 00 00 00 00",
            "street": "1 rue du Test",
            "city": "Paris",
            "zipcode": "75001",
            "country_id": str(self.env.ref("base.fr").id),
            "vat": "FR44732829320",
            **changes,
        }
        return self.url_open("/my/account", data=data, allow_redirects=False)

    def test_identity_is_the_esns_to_change(self):
        self.authenticate("portal_freelance", "portal_freelance")
        for changes in (
            {"name": "Someone Else SARL"},
            {"vat": "FR03552081317"},
            {"street": "99 avenue Ailleurs"},
            {"company_name": "Other Co"},
        ):
            with self.subTest(changes=changes):
                response = self._post_account(**changes)
                self.assertEqual(response.status_code, 200, "the form is shown again")
                self.assertIn("kept by the ESN", response.text)
        self.contractor.invalidate_recordset()
        self.assertEqual(
            (self.contractor.name, self.contractor.vat, self.contractor.street),
            ("Portal Freelance EI", "FR44732829320", "1 rue du Test"),
        )
        # their phone is theirs to keep up to date
        response = self._post_account(phone="+33 6 11 22 33 44")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(re.sub(r"\D", "", self.contractor.phone), "33611223344")
