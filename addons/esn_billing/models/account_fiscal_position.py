from odoo import models


class AccountFiscalPosition(models.Model):
    _inherit = "account.fiscal.position"

    def _esn_set_vat_mention(self, regime):
        """The mention a contractor's VAT regime prints on its bills, in every installed language:
        the invoices the ESN issues in a contractor's name are read in the contractor's."""
        partners = self.env["res.partner"]
        mention = partners.with_context(lang="en_US")._esn_vat_mention(regime)
        # sudo: fiscal positions are accounting managers' to write: the mention is set whoever bills
        position = self.sudo().with_context(lang="en_US")
        position.note = mention
        # the note is translated term by term (html_translate): its one term, in each language
        position.update_field_translations(
            "note",
            {
                code: {mention: partners.with_context(lang=code)._esn_vat_mention(regime)}
                for code, _name in self.env["res.lang"].get_installed()
                if code != "en_US"
            },
        )
