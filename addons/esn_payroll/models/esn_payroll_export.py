import csv
import io

import xlsxwriter

from odoo import fields, models

# the export's columns (docs/API.md): the generic CSV and XLSX
COLUMNS = [
    "month",
    "registration_number",
    "employee",
    "cost_center",
    "item",
    "code",
    "label",
    "quantity",
    "unit",
    "amount",
    "date_from",
    "date_to",
    "corrected_month",
]
# Silae's variable elements as Axelor's exporter writes them: one line per code
SILAE_HEADER = ["Matricule", "Code", "Valeur", "Date de début", "Date de fin"]
FORMATS = {"csv": "CSV", "xlsx": "XLSX", "silae": "Silae"}


class EsnPayrollExport(models.Model):
    """A file given to the payroll software: who exported which month, when, in which format."""

    _name = "esn.payroll.export"
    _description = "Payroll Export"
    _order = "exported_on desc, id desc"

    period_id = fields.Many2one("esn.payroll.period", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    file_format = fields.Selection(list(FORMATS.items()), string="Format", required=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", required=True, ondelete="restrict")
    file_name = fields.Char(related="attachment_id.name")
    line_count = fields.Integer(string="Lines")
    user_id = fields.Many2one("res.users", string="Exported By", required=True)
    # the clock's time, not the transaction's: compared with when the variables were computed
    exported_on = fields.Datetime(required=True, default=fields.Datetime.now)

    def _export(self, period, file_format):
        variables = period.variable_ids.sorted(
            lambda line: (line.employee_id.name or "", line.correction_month or "", line.id)
        )
        content, extension, mimetype = getattr(self, f"_file_{file_format}")(period, variables)
        name = f"payroll_{period.company_id.id}_{period.month}_{file_format}.{extension}"
        # sudo: the file and its log are written by this action only, read by payroll managers
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": content,
                    "mimetype": mimetype,
                    "res_model": period._name,
                    "res_id": period.id,
                }
            )
        )
        # sudo: the export log is written by this action only
        export = self.sudo().create(
            {
                "period_id": period.id,
                "file_format": file_format,
                "attachment_id": attachment.id,
                "line_count": len(variables),
                "user_id": self.env.uid,
            }
        )
        period.message_post(
            body=self.env._(
                "Exported for the payroll: %(file)s (%(lines)s lines).", file=name, lines=len(variables)
            ),
            attachment_ids=attachment.ids,
        )
        return export.with_env(self.env)

    def _rows(self, period, variables):
        codes = period._codes()
        for line in variables:
            yield (
                line,
                {
                    "month": period.month,
                    "registration_number": line.registration_number or "",
                    "employee": line.employee_id.name,
                    "cost_center": line.cost_center or "",
                    "item": line.item,
                    "code": codes.get((line.item, line.leave_type_id.id), ""),
                    "label": line._label(),
                    "quantity": line.quantity,
                    "unit": line.unit,
                    "amount": line.amount,
                    "date_from": line.date_from,
                    "date_to": line.date_to,
                    "corrected_month": line.correction_month or "",
                },
            )

    def _file_csv(self, period, variables):
        """Semicolons, decimal commas, dates DD/MM/YYYY, UTF-8 with a BOM: what a French spreadsheet
        opens as it is."""
        output = io.StringIO()
        writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for _line, row in self._rows(period, variables):
            row.update(
                quantity=f"{row['quantity']:.2f}".replace(".", ","),
                amount=f"{row['amount']:.2f}".replace(".", ","),
                date_from=row["date_from"].strftime("%d/%m/%Y"),
                date_to=row["date_to"].strftime("%d/%m/%Y"),
            )
            writer.writerow([row[column] for column in COLUMNS])
        return "\ufeff".encode() + output.getvalue().encode(), "csv", "text/csv"

    def _file_xlsx(self, period, variables):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(period.month)
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        number = workbook.add_format({"num_format": "0.00"})
        sheet.write_row(0, 0, COLUMNS, bold)
        for row_index, (_line, row) in enumerate(self._rows(period, variables), start=1):
            for column_index, column in enumerate(COLUMNS):
                value = row[column]
                if column in ("date_from", "date_to"):
                    sheet.write_datetime(row_index, column_index, fields.Datetime.to_datetime(value), day)
                elif column in ("quantity", "amount"):
                    sheet.write_number(row_index, column_index, value, number)
                else:
                    sheet.write_string(row_index, column_index, str(value))
        workbook.close()
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return output.getvalue(), "xlsx", mimetype

    def _file_silae(self, period, variables):
        """Silae's variable elements: registration number, code, value (the amount of an amount,
        else the quantity; decimal point), start and end dates (DD/MM/YYYY); lines without a code
        are left out (the month's anomalies name them)."""
        output = io.StringIO()
        writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
        writer.writerow(SILAE_HEADER)
        for line, row in self._rows(period, variables):
            if not row["code"]:
                continue
            value = line.amount if line.unit == "amount" else line.quantity
            writer.writerow(
                [
                    row["registration_number"],
                    row["code"],
                    f"{value:.2f}",
                    row["date_from"].strftime("%d/%m/%Y"),
                    row["date_to"].strftime("%d/%m/%Y"),
                ]
            )
        return output.getvalue().encode(), "csv", "text/csv"
