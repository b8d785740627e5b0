from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """Odoo loads data and runs scheduled actions without a language: the suite's documents
        they create (missions, reports, compliance documents) would log "… created" in English in
        a French firm's chatter. Without a language, they log it in the company's."""
        if self._name.startswith("esn.") and not self.env.lang and (lang := self.env.company.partner_id.lang):
            return super(MailThread, self.with_context(lang=lang))._creation_message()
        return super()._creation_message()
