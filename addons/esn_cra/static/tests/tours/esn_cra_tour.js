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

// The client's validator, logged in, approves every report awaiting them with one signature (the
// test opens /my).
registry.category("web_tour.tours").add("esn_cra_client_batch_approve", {
    steps: () => [
        {
            content: "The portal home counts the reports to approve",
            trigger: ".o_portal_index_card a[href='/my/cra/approvals']:contains(3)",
            run: "click",
        },
        {
            content: "The three reports are listed, all selected",
            trigger: ".o_esn_cra_approvals tbody tr:nth-child(3) input[name='cra_ids']:checked",
        },
        {
            content: "Review the selected reports",
            trigger: "button.o_esn_cra_review_selected",
            run: "click",
        },
        {
            content: "Each report is shown with its attestation",
            trigger: ".o_esn_cra_summary:nth-of-type(3) .o_esn_cra_attestation",
        },
        {
            content: "Approve: the signature form opens",
            trigger: "button.o_esn_cra_approve",
            run: "click",
        },
        {
            content: "Draw the signature",
            trigger: ".modal .o_web_sign_draw_button",
            run: "click",
        },
        {
            content: "Sign on the pad",
            trigger: ".modal canvas.o_web_sign_signature",
            run() {
                const canvas = document.querySelector(".modal canvas.o_web_sign_signature");
                const { left, top, width, height } = canvas.getBoundingClientRect();
                const points = [0.2, 0.4, 0.6, 0.8].map((x, index) => [x * width, (index % 2 ? 0.3 : 0.7) * height]);
                const pointer = (type, [x, y]) =>
                    canvas.dispatchEvent(
                        new PointerEvent(type, {
                            clientX: left + x,
                            clientY: top + y,
                            buttons: 1,
                            pointerId: 1,
                            isPrimary: true,
                            bubbles: true,
                        })
                    );
                pointer("pointerdown", points[0]);
                points.slice(1).forEach((point) => pointer("pointermove", point));
                pointer("pointerup", points.at(-1));
            },
        },
        {
            content: "Approve the three reports",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "They are approved, none is left",
            trigger: ".o_esn_cra_approved:not(:has(+ form .o_esn_cra_approvals))",
        },
    ],
});

// The consultant declares October on their two missions from the month page and submits it (the
// test opens /my/cra/month/2026-10).
const monthCell = (row, day) => `.o_esn_cra_month_row:nth-child(${row}) select[name$=':day_2026-10-${day}']`;
registry.category("web_tour.tours").add("esn_cra_portal_month", {
    steps: () => [
        {
            content: "The month shows both missions, the page itself does not scroll sideways",
            trigger: ".o_esn_cra_month_row:nth-child(2) select",
            run() {
                if (document.documentElement.scrollWidth > document.documentElement.clientWidth) {
                    throw new Error("The page scrolls horizontally");
                }
            },
        },
        {
            content: "A day on the first mission",
            trigger: monthCell(1, "05"),
            run: "select 1",
        },
        {
            content: "Another day on the first mission",
            trigger: monthCell(1, "06"),
            run: "select 1",
        },
        {
            content: "A full day on the second mission the same day as the first",
            trigger: monthCell(2, "05"),
            run: "select 1",
        },
        {
            content: "Two days declared on 5 October are flagged",
            trigger: ".o_esn_cra_day_total.o_esn_cra_over[data-date='2026-10-05']:contains(2)",
        },
        {
            content: "Make it a half day on the 7th instead",
            trigger: monthCell(2, "05"),
            run: "select 0",
        },
        {
            content: "Half a day on the 7th",
            trigger: monthCell(2, "07"),
            run: "select 0.5",
        },
        {
            content: "The totals follow before anything is saved",
            trigger: ".o_esn_cra_month_total:contains('2.5 d')",
        },
        {
            content: "The 5th is no longer flagged",
            trigger: ".o_esn_cra_day_total:not(.o_esn_cra_over)[data-date='2026-10-05']:contains(1)",
        },
        {
            content: "Each mission has its total",
            trigger: ".o_esn_cra_month_row:nth-child(2) .o_esn_cra_row_total:contains('0.5 d')",
        },
        {
            content: "Save",
            trigger: "button.o_esn_cra_save",
            run: "click",
        },
        {
            content: "Saved, the days are kept",
            trigger: `.o_esn_cra_success ~ form ${monthCell(1, "06")}:has(option[value='1']:selected)`,
        },
        {
            content: "Submit the month",
            trigger: "button.o_esn_cra_submit_month",
            run: "click",
        },
        {
            content: "The confirmation lists both missions and their days",
            trigger: ".modal .o_esn_cra_confirm_list li:nth-child(2):contains('0.5 d')",
        },
        {
            content: "Confirm",
            trigger: ".modal button.o_esn_cra_confirm_submit",
            run: "click",
        },
        {
            content: "Both reports are submitted and read-only",
            trigger: ".o_esn_cra_month:has(.o_esn_cra_success):not(:has(select)) .o_esn_cra_month_row:nth-child(2) .o_esn_cra_state",
        },
    ],
});

// On a phone, the month page lists the missions: the consultant opens each one's calendar, declares a
// day (a finger-sized picker), and submits it (the test opens /my/cra/month/2026-10).
registry.category("web_tour.tours").add("esn_cra_portal_month_phone", {
    steps: () => [
        {
            content: "The month lists both missions, the page does not scroll sideways: open the first",
            trigger: ".o_esn_cra_month_phone a:nth-child(2)",
            async run(helpers) {
                if (document.documentElement.scrollWidth > document.documentElement.clientWidth) {
                    throw new Error("The page scrolls horizontally");
                }
                await helpers.click(".o_esn_cra_month_phone a:nth-child(1)");
            },
        },
        {
            content: "The mission's month in seven columns: a day worked",
            trigger: ".o_esn_cra_grid .o_esn_cra_day[data-date='2026-10-05'] select",
            async run(helpers) {
                if (this.anchor.getBoundingClientRect().height < 44) {
                    throw new Error("The day picker is smaller than a finger");
                }
                await helpers.select("1");
            },
        },
        {
            content: "Submit the report",
            trigger: "button.o_esn_cra_submit",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_esn_cra_success:contains('Submitted')",
        },
        {
            content: "Back to the month: the second mission",
            trigger: ".o_esn_cra_success",
            run() {
                window.location.href = "/my/cra/month/2026-10";
            },
        },
        {
            content: "The first mission reads submitted on the month's list",
            trigger: ".o_esn_cra_month_phone a:nth-child(1) .badge:contains('Submitted')",
        },
    ],
});

// The account manager, an ESN user, acts on his to-dos: the two reports of his missions to
// validate; he validates one and rejects the other with a reason (the test opens /odoo).
registry.category("web_tour.tours").add("esn_cra_account_manager_todo", {
    steps: () => [
        {
            content: "Open my to-dos",
            trigger: ".o_menu_systray button:has(i[aria-label=Activities])",
            run: "click",
        },
        {
            content: "The reports to validate today",
            trigger: ".o-mail-ActivityGroup:contains(Activity Report) span:contains(2 Today)",
            run: "click",
        },
        {
            content: "Today's two to-dos, not the reports validated before",
            trigger: ".o_list_view:has(.o_data_row:nth-child(2)):not(:has(.o_data_row:nth-child(3)))",
        },
        {
            content: "Open the first client's report",
            trigger: ".o_list_view .o_data_row td[name=partner_id]:contains(Client Corp)",
            run: "click",
        },
        {
            content: "Validate it",
            trigger: ".o_form_view button[name=action_validate]:contains(Validate)",
            run: "click",
        },
        {
            content: "Validated",
            trigger: ".o_form_view:not(:has(button[name=action_validate])) .o_statusbar_status .o_arrow_button_current:contains(Validated)",
        },
        {
            content: "Next report of the list",
            trigger: ".o_pager_next",
            run: "click",
        },
        {
            content: "The second client's report: reject it",
            trigger: ".o_form_view:has(.o_field_widget[name=partner_id]:contains(Second Client)) button[name=action_open_reject_wizard]",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The 5th was a public holiday for this client",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Rejected, back with the consultant",
            trigger: ".o_form_view:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains(Rejected)",
        },
    ],
});
