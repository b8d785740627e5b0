from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.esn_base.tests.common import EsnTestMixin


@tagged("post_install", "-at_install")
class TestPeopleData(EsnTestMixin, HttpCase):
    """Attacks of ESN users on people data over JSON-RPC: ESN users are not HR officers, they read
    no private field, edit the consultants only, and who a consultant declares as is a manager's
    change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staffer = new_test_user(cls.env, "people_staffer", groups="esn_base.group_esn_user")
        cls.manager = new_test_user(cls.env, "people_manager", groups="esn_base.group_esn_manager")
        cls.outsider = new_test_user(cls.env, "people_outsider", groups="base.group_portal")
        cls.login = new_test_user(cls.env, "people_consultant", groups="base.group_portal")
        cls.contractor = cls.env["res.partner"].create(
            {"name": "People Freelance EI", "is_company": True, "esn_contractor_kind": "freelance"}
        )
        cls.consultant = cls.env["hr.employee"].create(
            {
                "name": "Staffed Consultant",
                "esn_supplier_id": cls.contractor.id,
                "esn_login_user_id": cls.login.id,
                "employee_type": "freelance",
                "ssnid": "1 85 05 78 006 084 36",
                "private_street": "3 rue Privée",
                "birthday": "1985-05-01",
            }
        )
        cls.accountant = cls.env["hr.employee"].create(
            {"name": "Back-Office Accountant", "job_title": "Accountant", "ssnid": "2 90 01 75 001 001 11"}
        )

    def setUp(self):
        super().setUp()
        self.authenticate("people_staffer", "people_staffer")

    def _refused(self, model, method, *args, **kwargs):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call_kw(model, method, *args, **kwargs)
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")

    def test_esn_users_are_not_hr_officers(self):
        self.assertFalse(self.staffer.has_group("hr.group_hr_user"))
        self.assertFalse(self.manager.has_group("hr.group_hr_user"))

    def test_private_fields_are_not_read(self):
        for fields in (["ssnid"], ["private_street"], ["birthday"], ["name", "ssnid"]):
            self._refused("hr.employee", "read", [self.consultant.id, self.accountant.id], fields)
            self._refused("hr.employee", "search_read", [("id", "=", self.consultant.id)], fields)
        # nor searched on: a domain on a private field would reveal it one guess at a time
        self._refused("hr.employee", "search", [("ssnid", "like", "1 85")])

    def test_restricted_fields_are_not_read_through_a_copy(self):
        """A duplicate carries the buy rates the user may not read: the values of the copy are not
        returned over RPC, the duplicate is made."""
        self.contractor.esn_daily_rate = 430
        self.consultant.esn_daily_cost = 390
        self._refused("res.partner", "copy_data", [self.contractor.id])
        self._refused("hr.employee", "copy_data", [self.consultant.id])
        [copy_id] = self.call_kw("res.partner", "copy", [self.contractor.id])
        self.assertEqual(self.env["res.partner"].browse(copy_id).esn_daily_rate, 430)

    def test_employees_public_fields_are_read(self):
        rows = self.call_kw(
            "hr.employee", "read", [self.consultant.id, self.accountant.id], ["name", "job_title"]
        )
        self.assertEqual([row["name"] for row in rows], ["Staffed Consultant", "Back-Office Accountant"])

    def test_only_consultants_are_edited(self):
        self._refused("hr.employee", "write", [self.accountant.id], {"job_title": "Left"})
        self._refused("hr.employee", "write", [self.accountant.id], {"esn_consultant": True})
        self._refused("resource.resource", "write", [self.accountant.resource_id.id], {"name": "Renamed"})
        self._refused("hr.employee", "write", [self.consultant.id], {"ssnid": "0"})
        self._refused("hr.employee", "unlink", [self.consultant.id])
        self.assertRecordValues(
            self.accountant,
            [{"job_title": "Accountant", "esn_consultant": False, "name": "Back-Office Accountant"}],
        )
        self.assertEqual(self.consultant.ssnid, "1 85 05 78 006 084 36")

        self.call_kw("hr.employee", "write", [self.consultant.id], {"job_title": "Odoo developer"})
        self.assertEqual(self.consultant.job_title, "Odoo developer")

    def test_staffer_creates_a_contractors_consultant(self):
        employee_id = self.call_kw(
            "hr.employee",
            "create",
            {"name": "New External", "esn_consultant": True, "esn_supplier_id": self.contractor.id},
        )
        employee = self.env["hr.employee"].browse(employee_id)
        self.assertEqual(employee.esn_supplier_id, self.contractor)
        self._refused("hr.employee", "create", {"name": "New Back-Office"})
        self.assertFalse(self.env["hr.employee"].search([("name", "=", "New Back-Office")]))

    def test_declaration_login_and_contractor_are_a_managers_change(self):
        other = self.env["res.partner"].create(
            {"name": "Other Portage", "is_company": True, "esn_contractor_kind": "portage"}
        )
        for vals in (
            {"esn_login_user_id": self.outsider.id},
            {"esn_supplier_id": other.id},
            {"user_id": self.staffer.id},
        ):
            self._refused("hr.employee", "write", [self.consultant.id], vals)
        self.assertRecordValues(
            self.consultant,
            [{"esn_login_user_id": self.login.id, "esn_supplier_id": self.contractor.id, "user_id": False}],
        )

        self.authenticate("people_manager", "people_manager")
        self.call_kw("hr.employee", "write", [self.consultant.id], {"esn_login_user_id": self.outsider.id})
        self.assertEqual(self.consultant.esn_login_user_id, self.outsider)
        tracked = self.consultant.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "esn_login_user_id"
        )
        self.assertEqual(tracked.old_value_char, self.login.name)
        self.assertEqual(tracked.new_value_char, self.outsider.name)
