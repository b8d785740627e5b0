/** @odoo-module **/

import { registry } from "@web/core/registry";

// The consultant fills the month in the portal grid and submits it (the test opens /my/cra/<id>).
registry.category("web_tour.tours").add("esn_cra_portal_submit", {
    steps: () => [
        {
            content: "The month grid is shown",
            trigger: ".o_esn_cra_grid select",
        },
        {
            content: "Fill all working days",
            trigger: "button.o_esn_cra_fill",
            run: "click",
        },
        {
            content: "Working days are filled",
            trigger: ".o_esn_cra_success",
        },
        {
            content: "Declare a half day on the first day shown as a full day",
            trigger: ".o_esn_cra_day select:has(option[value='1']:selected)",
            run: "select 0.5",
        },
        {
            content: "Submit the report",
            trigger: "button.o_esn_cra_submit",
            run: "click",
        },
        {
            content: "The report is submitted and read-only",
            trigger: ".o_esn_cra_success:contains('Submitted')",
        },
        {
            content: "No day can be changed any more",
            trigger: ".o_esn_cra:not(:has(.o_esn_cra_grid select))",
        },
    ],
});

// The manager validates the submitted report in the back-office (the test opens its form).
registry.category("web_tour.tours").add("esn_cra_backend_validate", {
    steps: () => [
        {
            content: "The report awaits validation",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
        {
            content: "Validate it",
            trigger: ".o_form_view button[name='action_validate']",
            run: "click",
        },
        {
            content: "It is validated and now awaits the client",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Validated')",
        },
    ],
});

// The client opens the tokenised link from the e-mail and approves (no login).
registry.category("web_tour.tours").add("esn_cra_client_approve", {
    steps: () => [
        {
            content: "The report to approve is shown with its total",
            trigger: ".o_esn_cra_review .o_esn_cra_total",
        },
        {
            content: "Approve: the signature form opens",
            trigger: "button.o_esn_cra_approve",
            run: "click",
        },
        {
            content: "Sign with a name",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Paul Client",
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
