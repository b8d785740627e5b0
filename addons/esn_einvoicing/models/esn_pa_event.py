from odoo import api, fields, models

# The lifecycle statuses of an invoice (XP Z12-012, CDAR codes): Déposée, Rejetée, Refusée and
# Encaissée are the ones the tax authority requires.
STATUSES = [
    ("200", "Deposited"),
    ("201", "Issued by the Platform"),
    ("202", "Received by the Platform"),
    ("203", "Made Available"),
    ("204", "In Hand"),
    ("205", "Approved"),
    ("206", "Partially Approved"),
    ("207", "Disputed"),
    ("208", "Suspended"),
    ("209", "Completed"),
    ("210", "Refused"),
    ("211", "Payment Sent"),
    ("212", "Payment Received"),
    ("213", "Rejected"),
    ("214", "Stamped"),
    ("220", "Cancelled"),
    ("221", "Routing Error"),
    ("224", "Direct Payment Query"),
    ("225", "Factored"),
    ("226", "Undisclosed Factored"),
    ("227", "Payment Entity Change"),
    ("228", "Not Factored"),
    ("501", "Unacceptable"),
]
# the reasons of a dispute the ESN sends about a supplier invoice (XP Z12-012), as the CDAR writes them
REASONS = {
    "QTE_ERR": "Quantité facturée incorrecte",
    "PU_ERR": "Prix unitaires incorrects",
    "TX_TVA_ERR": "Taux de TVA erroné",
    "MONTANTTOTAL_ERR": "Montant total erroné",
    "CALCUL_ERR": "Erreur de calcul de la facture",
    "NON_CONFORME": "Mention légale manquante",
    "DOUBLON": "Facture en doublon (déjà émise / reçue)",
    "CMD_ERR": "N° de commande incorrect ou manquant",
    "REF_CT_ABSENT": "Référence contractuelle nécessaire pour le traitement de la facture manquante",
    "COORD_BANC_ERR": "Erreur de coordonnées bancaires",
    "AUTRE": "Autre",
}
# the status of the invoice's processing the CDAR message carries (MDT-88) for those the ESN sends
PROCESSING_STATUS = {"204": "45", "205": "1", "207": "46", "210": "50", "211": "47", "212": "47"}


class EsnPaEvent(models.Model):
    """A lifecycle status of an invoice on the plateforme agréée: received from it (the client's
    answer, the platform's rejection) or sent through it (the ESN's payment received, its answer to
    a supplier invoice). Written by the exchanges only."""

    _name = "esn.pa.event"
    _description = "E-Invoice Lifecycle Status"
    _order = "date desc, id desc"

    move_id = fields.Many2one("account.move", required=True, readonly=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="move_id.company_id", store=True)
    status = fields.Selection(STATUSES, required=True, readonly=True)
    direction = fields.Selection([("received", "Received"), ("sent", "Sent")], required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)
    reason = fields.Char(readonly=True)
    comment = fields.Text(readonly=True)
    partial_id = fields.Many2one(
        "account.partial.reconcile",
        string="Payment",
        readonly=True,
        ondelete="set null",
        help="The payment a payment status told.",
    )
    flow_ref = fields.Char(
        string="Platform Flow", readonly=True, index=True, help="The platform's identifier of the message."
    )

    @api.depends("status", "date")
    def _compute_display_name(self):
        labels = dict(self._fields["status"]._description_selection(self.env))
        for event in self:
            event.display_name = labels.get(event.status)
