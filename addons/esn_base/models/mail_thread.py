from contextlib import contextmanager

from odoo import models

# cr.precommit.data key of the tracking logs being gathered: {"logging": bool, "values": [...]}
TRACKING_LOGS = "esn.tracking.logs"


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """Odoo loads data and runs scheduled actions without a language: the suite's documents
        they create (missions, reports, compliance documents) would log "… created" in English in
        a French firm's chatter. Without a language, they log it in the company's."""
        if self._name.startswith("esn.") and not self.env.lang and (lang := self.env.company.partner_id.lang):
            return super(MailThread, self.with_context(lang=lang))._creation_message()
        return super()._creation_message()

    def _message_track(self, fields_iter, initial_values_dict):
        """Odoo logs each record's tracked changes in a message of its own, an INSERT each: a third
        of submitting or validating a month's reports. The suite's documents log the same messages,
        created together. Tracking posted with a subtype (it notifies followers) is not gathered."""
        if not self._name.startswith("esn.") or len(self) < 2:
            return super()._message_track(fields_iter, initial_values_dict)
        with self._gathered_logs() as values_list:
            tracking = super()._message_track(fields_iter, initial_values_dict)
        if values_list:
            # Odoo's message create makes each message's tracking values apart: made together too
            changes = [values.pop("tracking_value_ids", None) or [] for values in values_list]
            # sudo: logged as Odoo logs them (`_message_log_batch`), whoever changed the records
            messages = self.sudo()._message_create(values_list)
            self.env["mail.tracking.value"].sudo().create(
                [
                    {**command[2], "mail_message_id": message.id}
                    for message, commands in zip(messages, changes, strict=True)
                    for command in commands
                ]
            )
        return tracking

    @contextmanager
    def _gathered_logs(self):
        data = self.env.cr.precommit.data
        gathered = data[TRACKING_LOGS] = {"logging": False, "values": []}
        try:
            yield gathered["values"]
        finally:
            del data[TRACKING_LOGS]

    def _message_log(self, **kwargs):
        """While tracking is gathered, the message is kept for `_message_track` to create."""
        gathered = self.env.cr.precommit.data.get(TRACKING_LOGS)
        if not gathered:
            return super()._message_log(**kwargs)
        gathered["logging"] = True
        try:
            return super()._message_log(**kwargs)
        finally:
            gathered["logging"] = False

    def _message_create(self, values_list):
        gathered = self.env.cr.precommit.data.get(TRACKING_LOGS)
        if gathered and gathered["logging"]:
            gathered["values"].extend(values_list)
            return self.env["mail.message"]
        return super()._message_create(values_list)
