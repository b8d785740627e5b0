from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin

# a value of each field type that is not empty
SAMPLES = {
    "boolean": True,
    "char": "forged",
    "text": "forged",
    "html": "<p>forged</p>",
    "integer": 1,
    "float": 1.0,
    "monetary": 1.0,
    "date": "2026-01-01",
    "datetime": "2026-01-01 00:00:00",
    "many2one": 1,
    "many2many": [(6, 0, [1])],
    "one2many": [(6, 0, [1])],
}


@tagged("post_install", "-at_install")
class TestSuiteComputedFields(EsnTestMixin, TransactionCase):
    """The controls read the suite's stored computed fields (compliance states, reports' states,
    what is invoiced): on every model of the registry, a write of one is refused, even as
    superuser; only Odoo's computation sets them."""

    def test_every_stored_computed_field_of_the_suite_is_refused(self):
        refused = set()
        for model_name in sorted(self.env.registry):
            Model = self.env[model_name]
            if Model._abstract or Model._table_query or not Model._auto:
                continue
            for name in sorted(Model._suite_computed_fields()):
                field = Model._fields[name]
                value = field.get_values(self.env)[0] if field.type == "selection" else SAMPLES[field.type]
                # a create is refused the same way, after the model's own preparation of the values
                # (esn_mission's trust test forges a compliant contractor over JSON-RPC)
                with self.subTest(field=f"{model_name}.{name}"):
                    with self.assertRaisesRegex(UserError, "is computed: it cannot be written"):
                        Model.browse().write({name: value})
                    refused.add(f"{model_name}.{name}")
        # what the vigilance, validation and invoicing controls read is among them
        self.assertLessEqual(
            {
                "res.partner.esn_compliance_state",
                "res.partner.esn_compliance_issue_type_ids",
                "esn.cra.state",
                "esn.cra.total_days",
            },
            refused,
        )
