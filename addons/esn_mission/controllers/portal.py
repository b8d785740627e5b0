from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class MissionPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mission_count" in counters:
            Mission = request.env["esn.mission"]
            values["mission_count"] = Mission.search_count([]) if Mission.has_access("read") else 0
        return values

    @http.route(["/my/missions", "/my/missions/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_missions(self, page=1, sortby="date", **kwargs):
        Mission = request.env["esn.mission"]
        sortings = {
            "date": {"label": request.env._("Newest"), "order": "date_start desc"},
            "name": {"label": request.env._("Reference"), "order": "name"},
        }
        order = sortings.get(sortby, sortings["date"])["order"]
        count = Mission.search_count([])
        pager = portal_pager(
            url="/my/missions", total=count, page=page, step=self._items_per_page, url_args={"sortby": sortby}
        )
        # the record rule restricts a portal consultant to their own missions
        missions = Mission.search([], order=order, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the list shows each mission's client and consultant, which portal users cannot read
                "missions": missions.sudo(),
                "page_name": "mission",
                "pager": pager,
                "default_url": "/my/missions",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("esn_mission.portal_my_missions", values)

    @http.route("/my/missions/<int:mission_id>", type="http", auth="user", website=True)
    def portal_my_mission(self, mission_id, access_token=None, **kwargs):
        try:
            mission_sudo = self._document_check_access("esn.mission", mission_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            mission_sudo,
            access_token,
            {"mission": mission_sudo, "page_name": "mission"},
            "my_missions_history",
            False,
        )
        return request.render("esn_mission.portal_my_mission", values)
