from werkzeug.exceptions import RequestEntityTooLarge

from odoo import models
from odoo.http import request

UPLOAD_BACK = "esn.upload_back"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):  # pylint: disable=missing-return
        super()._pre_dispatch(rule, args)
        back = rule.endpoint.routing.get("esn_upload")
        if back:
            # the page may name the route's arguments: "/my/cra/{cra_id}?too_large=1"
            request.httprequest.environ[UPLOAD_BACK] = back.format(**args)

    @classmethod
    def _handle_error(cls, exception):
        # an upload past its route's request limit goes back to the page, which says why
        back = request.httprequest.environ.get(UPLOAD_BACK)
        if back and isinstance(exception, RequestEntityTooLarge):
            return request.redirect(back)
        return super()._handle_error(exception)
