/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";

// Deleting an expense on the portal asks first.
publicWidget.registry.EsnExpenseDelete = publicWidget.Widget.extend({
    selector: ".o_esn_expense_delete_form",
    events: {
        submit: "_onSubmit",
    },

    _onSubmit(ev) {
        ev.preventDefault();
        this.call("dialog", "add", ConfirmationDialog, {
            body: _t("Delete this expense?"),
            confirmLabel: _t("Delete"),
            confirm: () => this.el.submit(),
            cancel: () => {},
        });
    },
});
