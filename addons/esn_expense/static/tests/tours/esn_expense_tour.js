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

// A PNG of one pixel: the receipt the consultant photographs.
const RECEIPT_PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

// The consultant's late month on a phone, from the portal home: fill the working days, add an
// expense (a reload declares nothing again), declare an on-call weekend and submit (the test opens
// /my).
registry.category("web_tour.tours").add("esn_expense_phone_month", {
    steps: () => [
        {
            content: "Home says what to do: October, to declare",
            trigger: ".o_esn_cra_to_do a:contains(October 2026):contains(to declare)",
            run: "click",
        },
        {
            content: "The month page opens on October",
            trigger: ".o_esn_cra_month_label:contains(October 2026)",
        },
        {
            content: "The mission's report",
            trigger: ".o_esn_cra_month_phone a",
            run: "click",
        },
        {
            content: "The calendar fits the phone, its day pickers a finger's size: fill the working days",
            trigger: ".o_esn_cra_grid .o_esn_cra_day select",
            async run(helpers) {
                if (document.documentElement.scrollWidth > document.documentElement.clientWidth) {
                    throw new Error("The report page scrolls horizontally");
                }
                const { width, height } = this.anchor.getBoundingClientRect();
                if (width < 44 || height < 44) {
                    throw new Error(`A day picker of ${width}×${height} px is smaller than a finger`);
                }
                await helpers.click("button.o_esn_cra_fill");
            },
        },
        {
            content: "Filled",
            trigger: ".o_esn_cra_success",
        },
        {
            content: "The expense: its date",
            trigger: ".o_esn_cra_expense_form input[name=date]",
            run() {
                this.anchor.value = "2026-10-06";
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Its category",
            trigger: ".o_esn_cra_expense_form select[name=product_id]",
            run() {
                this.anchor.selectedIndex = 1;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Its amount",
            trigger: ".o_esn_cra_expense_form input[name=amount]",
            run: "edit 36.00",
        },
        {
            content: "What it was",
            trigger: ".o_esn_cra_expense_form input[name=description]",
            run: "edit Taxi to the client's site",
        },
        {
            content: "The receipt's photo",
            trigger: ".o_esn_cra_expense_form input[name=receipt]",
            run() {
                const bytes = Uint8Array.from(atob(RECEIPT_PNG), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "taxi.png", { type: "image/png" }));
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Add the expense",
            trigger: "button.o_esn_cra_expense_add",
            run: "click",
        },
        {
            content: "Added: reload the page (F5)",
            trigger: ".o_esn_cra_success:contains(Expense added)",
            run() {
                location.reload();
            },
        },
        {
            content: "Still one expense after the reload",
            trigger: ".o_esn_cra_expenses:has(.o_esn_cra_expense:contains(Taxi to the client's site))",
            run() {
                const count = document.querySelectorAll(".o_esn_cra_expenses .o_esn_cra_expense").length;
                if (count !== 1) {
                    throw new Error(`${count} expenses listed after the reload`);
                }
                const table = document.querySelector(".o_esn_cra_expenses .table-responsive");
                if (table.scrollWidth > table.clientWidth) {
                    throw new Error("The expenses' table scrolls sideways");
                }
            },
        },
        {
            content: "On call on Saturday: a day of intervention",
            trigger: ".o_esn_cra_day[data-date='2026-10-03'] select",
            run: "select 1",
        },
        {
            content: "Saturday's on-call box",
            trigger: ".o_esn_cra_day[data-date='2026-10-03'] .o_esn_cra_on_call input",
            run: "check",
        },
        {
            content: "On call on Sunday: half a day",
            trigger: ".o_esn_cra_day[data-date='2026-10-04'] select",
            run: "select 0.5",
        },
        {
            content: "Sunday's on-call box",
            trigger: ".o_esn_cra_day[data-date='2026-10-04'] .o_esn_cra_on_call input",
            run: "check",
        },
        {
            content: "Submit the report",
            trigger: "button.o_esn_cra_submit",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_esn_cra_success:contains(Submitted)",
        },
    ],
});

// The client's validator opens the link of the e-mail: the on-call days and the expense rebilled
// are on the page and in the sentence signed, then signs (the test opens the review).
registry.category("web_tour.tours").add("esn_expense_client_signs", {
    steps: () => [
        {
            content: "The sentence signed names the on-call days",
            trigger: ".o_esn_cra_attestation:contains(1.5 day(s) were on-call interventions)",
        },
        {
            content: "The expense rebilled is shown",
            trigger: ".o_esn_cra_client_expenses:contains(Taxi to the client's site):contains(30.00)",
        },
        {
            content: "Approve: the signature form opens",
            trigger: "button.o_esn_cra_approve",
            run: "click",
        },
        {
            content: "Sign with a name",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Client Validator",
        },
        {
            content: "Approve and sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The approval is recorded",
            trigger: ".o_esn_cra_approved",
        },
    ],
});
