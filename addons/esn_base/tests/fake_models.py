from odoo import api, fields, models


class EsnFakeWorkflow(models.Model):
    _name = "esn.fake.workflow"
    _description = "Fake Workflow Record"
    _inherit = ["esn.workflow.mixin"]
    _workflow_fields = {"state": "action_done"}
    _create_only_fields = ("reference",)

    reference = fields.Char()
    value = fields.Integer()
    double = fields.Integer(compute="_compute_double", store=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", readonly=True)

    @api.depends("value")
    def _compute_double(self):
        for record in self:
            record.double = 2 * record.value

    def action_done(self):
        self._lock_rows()
        self._workflow_write({"state": "done"})
        return True
