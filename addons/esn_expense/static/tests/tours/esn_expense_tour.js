/** @odoo-module **/

import { registry } from "@web/core/registry";

// The consultant deletes a draft expense from the report's page: asked first, then deleted.
registry.category("web_tour.tours").add("esn_expense_delete", {
    steps: () => [
        {
            content: "Delete the expense",
            trigger: ".o_esn_expense_delete_form button",
            run: "click",
        },
        {
            content: "Asked first: cancel keeps it",
            trigger: ".modal:contains(Delete this expense?) .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            content: "Still listed, delete again",
            trigger: "body:not(:has(.modal)) .o_esn_expense_delete_form button",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains(Delete this expense?) .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Deleted, the page reloaded by GET",
            trigger: ".o_esn_cra_success:contains(Expense deleted)",
        },
    ],
});
