/** @odoo-module **/

import { registry } from "@web/core/registry";

// The ESN manager's month end, in French: from the dashboard, the tile's reports to validate (F5
// keeps them), validated as a selection that names the one refused, then the month's invoicing
// (create and post), its invoices and bills.
registry.category("web_tour.tours").add("esn_month_end_tour", {
    steps: () => [
        {
            content: "The dashboard shows the month tiles",
            trigger: ".o_kanban_view .o_kanban_record",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Only my missions",
            trigger: ".o_filter_menu .o_menu_item:contains(Mes missions)",
            run: "click",
        },
        {
            content: "Last month's report to validate, on the manager's own tile",
            trigger: ".o_kanban_record:has(.o_esn_tile_manager:contains(Élodie Tournier)):has(.text-info) a:contains(À valider)",
            run: "click",
        },
        {
            content: "The tile's reports to validate: reload the page (F5)",
            trigger: ".o_list_view .o_data_row .o_data_cell",
            run() {
                location.reload();
            },
        },
        {
            content: "Reloaded on the same tile, named in the breadcrumb",
            trigger: ".o_breadcrumb .breadcrumb-item:contains(Élodie Tournier, novembre 2026)",
        },
        {
            content: "The same list after the reload: select its two reports",
            trigger: ".o_list_view:has(.o_data_row:nth-child(2)) thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Actions",
            trigger: ".o_cp_action_menus .dropdown-toggle:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Validate the selection",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Valider)",
            run: "click",
        },
        {
            content: "Told which one was not validated, and why",
            trigger: ".o_notification:contains(Non validés):contains(Annulée)",
        },
        {
            content: "The list refreshed: one report validated, the refused one still submitted",
            trigger: ".o_list_view:has(.o_data_row td[name=state]:contains(Validé)) .o_data_row td[name=state]:contains(Soumis)",
        },
        {
            content: "Back to the dashboard (the breadcrumb folds it after the reload)",
            trigger: ".o_menu_sections a:contains(Tableau de bord)",
            run: "click",
        },
        {
            content: "Last month's invoicing run",
            trigger: ".o_kanban_record:has(.o_esn_tile_manager:contains(Élodie Tournier)):has(.text-success) .o_esn_invoicing_run:contains(Facturation du mois)",
            run: "click",
        },
        {
            content: "The preview: the client's two reports ready (the one just validated too), nothing blocking",
            trigger: ".modal .o_esn_invoicing_preview .o_data_row:contains(Billed Client SA):not(.text-danger):has(td[name=ready_count]:contains(2))",
        },
        {
            content: "Create and post",
            trigger: ".modal button[name=action_create_post]:contains(Créer et comptabiliser)",
            run: "click",
        },
        {
            content: "The customer invoice, posted",
            trigger: ".modal .o_esn_invoicing_invoices .o_data_row:contains(Billed Client SA):contains(Comptabilisé)",
        },
        {
            content: "The vendor bill, awaiting the contractor's own invoice",
            trigger: ".modal .o_esn_invoicing_bills .o_data_row:contains(Billing Sub):contains(Brouillon)",
        },
        {
            content: "Open the customer invoices",
            trigger: ".modal button[name=action_view_invoices]:contains(Factures clients)",
            run: "click",
        },
        {
            content: "The customer invoices' own list",
            trigger: ".o_list_view .o_data_row:contains(Billed Client SA)",
        },
    ],
});
