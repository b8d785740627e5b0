from odoo import models
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.res_partner import IDENTITY_FIELDS

# the portal's account form posts the zip code as `zipcode`
FORM_IDENTITY_FIELDS = (IDENTITY_FIELDS - {"zip"}) | {"zipcode"}


class ContractorPortal(CustomerPortal):
    def details_form_validate(self, data, partner_creation=False):
        """A contractor's portal user keeps their phone and e-mail up to date; the identity printed on
        its invoices is the ESN's to change (res.partner refuses it too)."""
        error, error_message = super().details_form_validate(data, partner_creation=partner_creation)
        partner = request.env.user.partner_id
        if partner_creation or not partner._esn_contractor_identities():
            return error, error_message
        changed = [
            name
            for name in FORM_IDENTITY_FIELDS
            if name in data and (data[name] or "") != self._esn_form_value(partner, name)
        ]
        if changed:
            error.update(dict.fromkeys(changed, "error"))
            error_message.append(partner._esn_identity_message())
        return error, error_message

    @staticmethod
    def _esn_form_value(partner, name):
        """The partner's value of a field of the account form, as the form posts it."""
        value = partner.zip if name == "zipcode" else partner[name]
        if isinstance(value, models.BaseModel):
            return str(value.id or "")
        return value or ""
