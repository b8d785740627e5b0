from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.esn_base.tests.common import EsnTestMixin

TODAY = date(2026, 11, 22)
# a stroke drawn in the portal's signature widget, as it posts it (base64 PNG)
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAABgAAAAICAYAAADjoT9jAAAAUklEQVR42rWQQQ6AMAgEu/249uXTgyFB0waCSsINZlgEtD+rZwelUbpEUYIVGA"
    "69FniwBz6FkWwpMEi4vDliK8gsZN54SwyUwalUV4IToH3ZxpwcoXw1jPxM0QAAAABJRU5ErkJggg=="
)


class CraSetupMixin:
    """A consultant with a portal login on an active mission at a client, and an ESN manager."""

    @classmethod
    def _setup_cra_world(cls):
        env = cls.env
        # the French public holidays of the year the tests use, whatever year the database was made
        env["resource.calendar.leaves"]._cron_sync_public_holidays((2026,))
        cls.manager = new_test_user(
            env, "cra_manager", groups="esn_base.group_esn_manager", email="m@example.com"
        )
        cls.client = env["res.partner"].create(
            {"name": "Client Corp", "is_company": True, "email": "c@client.example"}
        )
        cls.client_validator = env["res.partner"].create(
            {"name": "Paul Client", "parent_id": cls.client.id, "email": "paul@client.example"}
        )
        cls.consultant_user = new_test_user(
            env, "cra_consultant", groups="base.group_portal", email="cons@example.com"
        )
        cls.employee = env["hr.employee"].create(
            {"name": "Cra Consultant", "esn_login_user_id": cls.consultant_user.id}
        )
        cls.mission = env["esn.mission"].create(
            {
                "partner_id": cls.client.id,
                "employee_id": cls.employee.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 600,
                "buy_rate": 300,
            }
        )
        cls.mission.action_activate()
        cls.cra = env["esn.cra"]._generate_for(cls.mission, "2026-10")

    @classmethod
    def _setup_second_mission(cls):
        """The consultant's second mission, at another client, and its October report (`cra2`): half
        of their time on each."""
        env = cls.env
        cls.mission.allocation = 0.5
        cls.client2 = env["res.partner"].create({"name": "Second Client", "is_company": True})
        cls.mission2 = env["esn.mission"].create(
            {
                "partner_id": cls.client2.id,
                "employee_id": cls.employee.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 700,
                "buy_rate": 350,
                "allocation": 0.5,
            }
        )
        cls.mission2.action_activate()
        cls.cra2 = env["esn.cra"]._generate_for(cls.mission2, "2026-10")

    @classmethod
    def _setup_reports_to_approve(cls):
        """The client's validator with a portal login, and a colleague with one; the October reports
        of three consultants (`cras`, the first one `cra`) validated and awaiting the validator's
        approval, and one awaiting the colleague's (`colleague_cra`)."""
        env = cls.env
        cls.validator_user = new_test_user(
            env, "cra_client_validator", groups="base.group_portal", partner_id=cls.client_validator.id
        )
        colleague = env["res.partner"].create({"name": "Other Client Contact", "parent_id": cls.client.id})
        new_test_user(env, "cra_client_colleague", groups="base.group_portal", partner_id=colleague.id)
        new_test_user(env, "cra_esn_user", groups="esn_base.group_esn_user")
        cls.mission.write({"client_approval_required": True, "client_validator_id": cls.client_validator.id})
        missions = env["esn.mission"]
        for name, validator in (
            ("Second Consultant", cls.client_validator),
            ("Third Consultant", cls.client_validator),
            ("Colleague's Consultant", colleague),
        ):
            missions |= env["esn.mission"].create(
                {
                    "partner_id": cls.client.id,
                    "employee_id": env["hr.employee"].create({"name": name}).id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "sell_rate": 600,
                    "buy_rate": 300,
                    "client_approval_required": True,
                    "client_validator_id": validator.id,
                }
            )
        missions.action_activate()
        reports = cls.cra | env["esn.cra"]._generate_for(missions, "2026-10")
        for report in reports:
            report._set_days({"2026-10-05": 1, "2026-10-06": 0.5})
        reports.action_submit()
        reports.with_user(cls.manager).action_validate()
        cls.colleague_cra = reports.filtered(lambda cra: cra.client_validator_id == colleague)
        cls.cras = reports - cls.colleague_cra


class CraCase(EsnTestMixin, CraSetupMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()

    def _lines(self, cra=None):
        return {line.date.isoformat(): line.quantity for line in (cra or self.cra).line_ids}


def validated_in_another_company(mission, days):
    """`mission` copied into a new company with a consultant of its own, and its October 2026
    report declaring `days`, submitted and validated by that company's ESN manager."""
    env = mission.env
    company = env["res.company"].create({"name": "Other ESN"})
    manager = new_test_user(
        env,
        "other_company_manager",
        groups="esn_base.group_esn_manager",
        company_id=company.id,
        company_ids=[(6, 0, company.ids)],
    )
    employee = env["hr.employee"].create({"name": "Elsewhere", "company_id": company.id})
    copy = mission.copy({"employee_id": employee.id, "company_id": company.id})
    copy.action_activate()
    cra = env["esn.cra"]._generate_for(copy, "2026-10")
    cra._set_days(days)
    cra.action_submit()
    cra.with_user(manager).action_validate()
    return cra


def commit_submitted_cra(registry, tag, external=False):
    """A client, a consultant (external: with a contractor), an active mission and its submitted
    October 2026 report, committed in their own transaction for tests that need two real
    transactions. Returns their ids."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        client = env["res.partner"].create({"name": f"{tag} client"})
        supplier = external and env["res.partner"].create(
            {"name": f"{tag} contractor", "is_company": True, "esn_contractor_kind": "subcontractor"}
        )
        employee = env["hr.employee"].create(
            {"name": f"{tag} consultant", "esn_supplier_id": supplier and supplier.id}
        )
        mission = env["esn.mission"].create(
            {
                "partner_id": client.id,
                "employee_id": employee.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 600,
                "buy_rate": 300,
            }
        )
        # the contractor's documents are not what these tests are about
        mission.with_context(esn_compliance_override_reason="two-transaction test").action_activate()
        cra = env["esn.cra"].create({"mission_id": mission.id, "month": "2026-10"})
        cra._set_days(cra._working_days_to_fill())
        cra.action_submit()
        return {
            "cra": cra.id,
            "mission": mission.id,
            "employee": employee.id,
            "client": client.id,
            "supplier": supplier and supplier.id,
            "project": mission.project_id.id,
        }


def remove_committed_cra(registry, ids):
    """Undo commit_submitted_cra, with what the test made of the report (timesheets, invoices)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cra = env["esn.cra"].browse(ids["cra"])
        if "invoice_line_ids" in cra._fields:
            (cra.invoice_line_ids | cra.vendor_bill_line_ids).move_id.unlink()
        cra.timesheet_ids.unlink()
        cra._workflow_write({"validation_state": "draft"})
        cra.unlink()
        mission = env["esn.mission"].browse(ids["mission"])
        mission.action_cancel()
        # the vigilance checks are kept for good: this test's only are removed
        cr.execute("DELETE FROM esn_mission_vigilance_check WHERE mission_id = %s", [mission.id])
        mission.invalidate_recordset(["vigilance_check_ids"])
        mission.unlink()
        env["project.project"].browse(ids["project"]).unlink()
        env["hr.employee"].browse(ids["employee"]).unlink()
        env["res.partner"].browse([ids["client"], ids["supplier"] or ids["client"]]).unlink()
