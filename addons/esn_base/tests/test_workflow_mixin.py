from odoo_test_helper import FakeModelLoader

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import EsnTestMixin


@tagged("post_install", "-at_install")
class TestWorkflowMixin(EsnTestMixin, TransactionCase):
    """The guard every workflow model of the suite inherits, on a model of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .fake_models import EsnFakeWorkflow  # noqa: PLC0415

        cls.loader.update_registry((EsnFakeWorkflow,))
        cls.Fake = cls.env["esn.fake.workflow"]

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def test_workflow_field_only_through_its_action(self):
        record = self.Fake.create({"reference": "R1", "value": 1})
        with self.assertRaisesRegex(UserError, "changes only through the action action_done"):
            record.write({"state": "done"})
        self.assertEqual(record.state, "draft")
        record.action_done()
        self.assertEqual(record.state, "done")

    def test_create_takes_defaults_only(self):
        self.assertEqual(self.Fake.create({"state": "draft"}).state, "draft")
        with self.assertRaisesRegex(UserError, "action_done"):
            self.Fake.create({"state": "done"})
        self.assertFalse(self.Fake.search([("state", "=", "done")]))

    def test_create_only_and_computed_fields(self):
        record = self.Fake.create({"reference": "R1", "value": 2})
        with self.assertRaisesRegex(UserError, "set when it is created"):
            record.write({"reference": "R2"})
        with self.assertRaisesRegex(UserError, "is computed"):
            record.write({"double": 99})
        with self.assertRaisesRegex(UserError, "is computed"):
            self.Fake.create({"double": 99})
        record.write({"value": 3})
        self.assertEqual((record.reference, record.double), ("R1", 6))

    def test_context_cannot_forge_the_action(self):
        """The key an action sets carries a Python object: any value a caller can send is refused."""
        record = self.Fake.create({})
        for forged in (True, 1, "1", {"action": True}):
            with self.subTest(forged=forged), self.assertRaisesRegex(UserError, "action_done"):
                record.with_context(esn_workflow_action=forged).write({"state": "done"})
        self.assertEqual(record.state, "draft")
