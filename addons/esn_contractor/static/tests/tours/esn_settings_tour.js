/** @odoo-module **/

import { registry } from "@web/core/registry";

// An ESN administrator, who is not Odoo's administrator, changes an ESN setting and saves it.
registry.category("web_tour.tours").add("esn_settings_tour", {
    steps: () => [
        {
            content: "The ESN settings page is shown",
            trigger: ".o_setting_box#esn_hours_per_day_setting input",
            run: "edit 7",
        },
        {
            content: "Save",
            trigger: ".o_control_panel .o_form_button_save",
            run: "click",
        },
        {
            content: "The page reloads with the saved value, nothing left unsaved",
            trigger: ".o-settings-form-view:not(:has(.o_dirty_warning)) #esn_hours_per_day_setting input:value(7,00)",
        },
    ],
});
