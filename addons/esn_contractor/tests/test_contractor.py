from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.esn_base.tests.common import EsnTestMixin


@tagged("post_install", "-at_install")
class TestContractor(EsnTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contractor = cls.env["res.partner"].create(
            {
                "name": "Test Freelance EI",
                "is_company": True,
                "esn_contractor_kind": "freelance",
                "siret": "73282932000074",
                "esn_daily_rate": 600,
            }
        )

    def test_siren_deduced_from_siret(self):
        self.assertEqual(self.contractor.esn_siren, "732829320")

    def test_invalid_siret_refused(self):
        with self.assertRaisesRegex(ValidationError, "SIRET 73282932000075 .* is not valid"):
            self.contractor.siret = "73282932000075"

    def test_invalid_siren_refused(self):
        partner = self.env["res.partner"].create({"name": "No SIRET yet", "esn_contractor_kind": "portage"})
        with self.assertRaisesRegex(ValidationError, "SIREN 123456789 .* is not valid"):
            partner.esn_siren = "123456789"

    def test_siret_of_another_siren_refused(self):
        partner = self.env["res.partner"].create(
            {"name": "Mismatch", "esn_contractor_kind": "subcontractor", "esn_siren": "552100554"}
        )
        with self.assertRaisesRegex(ValidationError, "does not belong to SIREN"):
            partner.write({"siret": "73282932000074", "esn_siren": "552100554"})

    def test_negative_rate_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.contractor.esn_daily_rate = -1

    def test_consultant_needs_contractor_partner(self):
        not_contractor = self.env["res.partner"].create({"name": "Client"})
        with self.assertRaisesRegex(ValidationError, "is not a contractor"):
            self.env["hr.employee"].create({"name": "Lost", "esn_supplier_id": not_contractor.id})

    def test_consultants_count_and_skills(self):
        skill_type = self.env["hr.skill.type"].create(
            {
                "name": "Tech",
                "skill_level_ids": [(0, 0, {"name": "Expert", "level_progress": 100})],
                "skill_ids": [(0, 0, {"name": "Odoo"})],
            }
        )
        employee = self.env["hr.employee"].create(
            {"name": "Ext", "esn_supplier_id": self.contractor.id, "employee_type": "freelance"}
        )
        self.env["hr.employee.skill"].create(
            {
                "employee_id": employee.id,
                "skill_id": skill_type.skill_ids.id,
                "skill_level_id": skill_type.skill_level_ids.id,
                "skill_type_id": skill_type.id,
            }
        )
        self.assertEqual(self.contractor.esn_consultant_count, 1)
        self.assertEqual(self.contractor.esn_skill_ids.name, "Odoo")
        action = self.contractor.action_esn_view_consultants()
        self.assertEqual(self.env["hr.employee"].search(action["domain"]), employee)

    def test_login_user_used_once(self):
        user = self.env["res.users"].create(
            {
                "name": "Portal C",
                "login": "portal_c",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.env["hr.employee"].create({"name": "One", "esn_login_user_id": user.id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["hr.employee"].create({"name": "Two", "esn_login_user_id": user.id})

    def test_duplicate_without_rate_rights(self):
        """Whoever may duplicate a contact or an employee does so, rates restricted to ESN managers
        included: they are copied, still unseen by that user."""
        clerk = new_test_user(self.env, "contacts_clerk", groups="base.group_user,base.group_partner_manager")
        copy = self.contractor.with_user(clerk).copy()
        with self.assertRaises(AccessError):
            copy.esn_daily_rate  # noqa: B018
        self.assertEqual(copy.sudo().esn_daily_rate, 600)

        hr_officer = new_test_user(self.env, "hr_officer", groups="base.group_user,hr.group_hr_user")
        employee = self.env["hr.employee"].create({"name": "Costly", "esn_daily_cost": 420})
        employee_copy = employee.with_user(hr_officer).copy()
        self.assertEqual(employee_copy.sudo().esn_daily_cost, 420)
        self.assertFalse(hr_officer.has_group("esn_base.group_esn_manager"))
