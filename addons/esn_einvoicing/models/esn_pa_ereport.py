import logging
from collections import defaultdict

import pyfrctc

from odoo import api, fields, models
from odoo.tools import format_date

from odoo.addons.esn_base.models.esn_workflow_mixin import lock_rows
from odoo.addons.esn_month_end.models.month_end_jobs import CHANNEL
from odoo.addons.queue_job.exception import RetryableJobError

from .res_company import EsnPaUnreachable

_logger = logging.getLogger(__name__)

# the reports are filed a few days before their deadline, each day until one is deposited
DAYS_BEFORE_DEADLINE = 3


class EsnPaEreport(models.Model):
    """An e-reporting flow the ESN owes the tax authority through its plateforme agréée: its
    invoices to clients abroad (international B2B, not e-invoiced) and the payments received for
    them (VAT on services is due on payment), per the periods of the company's VAT regime. Made
    from the invoices' own Factur-X data, deposited once, kept with its file."""

    _name = "esn.pa.ereport"
    _description = "E-Reporting Flow"
    _inherit = ["mail.thread"]
    _order = "date_start desc, report_type, id desc"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    report_type = fields.Selection(
        [("out_transaction", "International Sales"), ("payment", "Payments Received")],
        string="Type",
        required=True,
        readonly=True,
    )
    date_start = fields.Date(string="From", required=True, readonly=True)
    date_end = fields.Date(string="To", required=True, readonly=True)
    deadline = fields.Date(readonly=True)
    move_ids = fields.Many2many("account.move", string="Invoices", readonly=True)
    state = fields.Selection(
        [("to_send", "To Deposit"), ("deposited", "Filed")],
        required=True,
        readonly=True,
        default="to_send",
        tracking=True,
    )
    identifier = fields.Char(readonly=True)
    flow_ref = fields.Char(string="Platform Flow", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="Deposited File", readonly=True)

    _sql_constraints = [
        (
            "period_unique",
            "unique(company_id, report_type, date_start)",
            "A company files one report of each type per period.",
        ),
    ]

    @api.depends("report_type", "date_start", "date_end")
    def _compute_display_name(self):
        types = dict(self._fields["report_type"]._description_selection(self.env))
        for report in self:
            report.display_name = self.env._(
                "%(type)s %(start)s – %(end)s",
                type=types.get(report.report_type),
                start=format_date(self.env, report.date_start),
                end=format_date(self.env, report.date_end),
            )

    # ------------------------------------------------------------------ what is owed

    def _cron_file(self):
        """File the reports due in the coming days for each company with a platform: each day before
        the deadline until the platform took them."""
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([("esn_pa_platform_id", "!=", False)]):
            try:
                self._file_due(company, today)
            except Exception:  # one company's failure leaves the others filed
                _logger.exception("E-reporting of %s not filed", company.name)

    def _file_due(self, company, today):
        periodicity = company._esn_pa_vat_periodicity()
        due = pyfrctc.get_ereporting_types_to_declare_today(periodicity, DAYS_BEFORE_DEADLINE, today)
        with self.env.cr.savepoint():
            for report_type in ("out_transaction", "payment"):
                if report_type in due:
                    self._for_period(company, report_type, due[report_type])
        reports = self.search([("company_id", "=", company.id), ("state", "=", "to_send")])
        for report in reports:
            report.with_delay(
                channel=CHANNEL,
                identity_key=f"esn_pa_ereport-{report.id}",
                description=self.env._("File %(report)s", report=report.display_name),
            )._job_deposit()
        return reports

    def _for_period(self, company, report_type, date_start):
        report = self.search(
            [
                ("company_id", "=", company.id),
                ("report_type", "=", report_type),
                ("date_start", "=", date_start),
            ]
        )
        if report:
            return report
        date_end, deadline = pyfrctc.get_ereporting_end_date_and_deadline_from_start_date(
            date_start, report_type, company._esn_pa_vat_periodicity()
        )
        # sudo: the reports are made by the scheduled job, or an administrator's button, only
        return self.sudo().create(
            {
                "company_id": company.id,
                "report_type": report_type,
                "date_start": date_start,
                "date_end": date_end,
                "deadline": deadline,
            }
        )

    # ------------------------------------------------------------------ the flow

    def _job_deposit(self):
        """Make the report's file from the period's invoices and deposit it, once: a job tried again
        first asks the platform whether an earlier try reached it."""
        self.ensure_one()
        lock_rows(self)
        if self.state == "deposited":
            return self.env._("Already filed")
        xml, moves = self._xml()
        filename = f"{self.identifier}.xml"
        company = self.company_id
        try:
            flow = company._esn_pa_earlier_flow(filename) or company._esn_pa_call(
                pyfrctc.send_flow_parsed, xml, filename, "FRR", "NotApplicable"
            )
        except EsnPaUnreachable as error:
            raise RetryableJobError(error.args[0], seconds=60) from error
        # sudo: the report's file and deposit are written by this job only
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create({"name": filename, "raw": xml, "res_model": self._name, "res_id": self.id})
        )
        # sudo: the deposit is recorded by this job only, whoever made the report
        self.sudo().write(
            {
                "state": "deposited",
                "flow_ref": flow["flowId"],
                "attachment_id": attachment.id,
                "move_ids": [fields.Command.set(moves.ids)],
            }
        )
        message = self.env._(
            "Deposited on the plateforme agréée: flow %(flow)s, %(count)s invoices.",
            flow=flow["flowId"],
            count=len(moves),
        )
        self.message_post(body=message)
        return message

    def _xml(self):
        """(the FRR XML, the invoices it reports)"""
        siren, start, end = self.company_id.partner_id.esn_siren, self.date_start, self.date_end
        # sudo: the identifier is written here only, from the company and the period
        self.sudo().identifier = f"{siren}-{self.report_type}-{start:%Y%m%d}_{end:%Y%m%d}-IN"
        values = self._document_values()
        if self.report_type == "out_transaction":
            moves = self.env["account.move"].search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("invoice_date", ">=", self.date_start),
                    ("invoice_date", "<=", self.date_end),
                    # a client established abroad is not e-invoiced: its invoices are reported
                    ("commercial_partner_id.country_id.code", "!=", "FR"),
                ]
            )
            values.update(
                {
                    "TT-17": self.date_start,
                    "TT-18": self.date_end,
                    "TG-8": [move._esn_pa_ereporting_values() for move in moves],
                }
            )
            return pyfrctc.generate_ereporting_transactions(values), moves
        payments = self._payments()
        values.update(
            {
                "TT-89": self.date_start,
                "TT-90": self.date_end,
                "TG-34": [
                    {
                        "TT-91": move.name,
                        "TT-102": move.invoice_date,
                        "TT-92": paid_on,
                        "TG-36": [
                            {"TT-93": f"{rate:.2f}", "TT-94": move.currency_id.name, "TT-95": f"{amount:.2f}"}
                            for rate, amount in sorted(by_rate.items())
                        ],
                    }
                    for (move, paid_on), by_rate in payments.items()
                ],
            }
        )
        moves = self.env["account.move"].union(*(move for move, _paid_on in payments))
        return pyfrctc.generate_ereporting_payments(values), moves

    def _document_values(self):
        company = self.company_id
        return {
            "TT-1": self.identifier,
            "TT-2": f"{company.name} : {self.display_name}",
            "TT-3": fields.Datetime.now(),
            "TT-4": "IN",  # an initial transmission
            "TT-7": "0238",
            "TT-8": "0000",  # the platform's own registration number: it writes it
            "TT-9": company.esn_pa_platform_id.name,
            "TT-10": "WK",
            "TT-12": "0002",
            "TT-13": company.partner_id.esn_siren,
            "TT-14": company.name,
            "TT-15": "SE",
            "TT-16": company.email or None,
        }

    def _payments(self):
        """{(invoice, date paid): {VAT rate: amount}}: what the period received for invoices of
        clients established abroad, split by VAT rate as each invoice is."""
        payments = defaultdict(lambda: defaultdict(float))
        partials = self.env["account.partial.reconcile"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("max_date", ">=", self.date_start),
                ("debit_move_id.move_id.move_type", "=", "out_invoice"),
                ("debit_move_id.move_id.state", "=", "posted"),
                ("debit_move_id.move_id.commercial_partner_id.country_id.code", "!=", "FR"),
            ]
        )
        for partial in partials:
            move = partial.debit_move_id.move_id
            payment = move._esn_pa_payment(partial)
            if payment and self.date_start <= payment[0] <= self.date_end:
                for rate, amount in payment[1].items():
                    payments[move, payment[0]][rate] += amount
        return payments
