/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";
import { _t } from "@web/core/l10n/translation";
import { formatFloat } from "@web/core/utils/numbers";

// The month across the consultant's missions: totals per mission, per day and for the month,
// updated as days are typed; a day declared more than once is flagged.
publicWidget.registry.EsnCraMonth = publicWidget.Widget.extend({
    selector: ".o_esn_cra_month_form",
    events: {
        "change select": "_updateTotals",
    },

    start() {
        this._updateTotals();
        return this._super(...arguments);
    },

    _formatDays(days) {
        return _t("%(days)s d", { days: formatFloat(days, { digits: [16, 1], trailingZeros: false }) });
    },

    _updateTotals() {
        const byDay = {};
        let month = 0;
        for (const row of this.el.querySelectorAll(".o_esn_cra_month_row")) {
            let total = 0;
            for (const cell of row.querySelectorAll(".o_esn_cra_cell")) {
                const select = cell.querySelector("select");
                const days = parseFloat(select ? select.value : cell.dataset.quantity) || 0;
                byDay[cell.dataset.date] = (byDay[cell.dataset.date] || 0) + days;
                total += days;
            }
            month += total;
            for (const el of this.el.querySelectorAll(`.o_esn_cra_row_total[data-cra-id="${row.dataset.craId}"]`)) {
                el.textContent = this._formatDays(total);
            }
        }
        for (const cell of this.el.querySelectorAll(".o_esn_cra_day_total")) {
            const days = byDay[cell.dataset.date] || 0;
            cell.textContent = days ? formatFloat(days, { digits: [16, 1], trailingZeros: false }) : "";
            cell.classList.toggle("o_esn_cra_over", days > 1);
            cell.title = days > 1 ? _t("More than one day declared") : "";
        }
        this.el.querySelector(".o_esn_cra_month_total").textContent = this._formatDays(month);
    },
});

export default publicWidget.registry.EsnCraMonth;
