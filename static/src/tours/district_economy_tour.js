import { registry } from "@web/core/registry";

// A coordinator records a business and sees quarter and programme area filled in from the address.
registry.category("web_tour.tours").add("district_economy_business_quarter", {
    steps: () => [
        { trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_form_editable .o_field_widget[name=name] textarea, .o_form_editable .o_field_widget[name=name] input", run: "edit Café Example" },
        { trigger: ".o_field_widget[name=street] input", run: "edit Eisenbahnstraße 49" },
        { trigger: ".o_field_widget[name=zip] input", run: "edit 04315" },
        { trigger: ".o_field_widget[name=city] input", run: "edit Leipzig" },
        { trigger: ".o_field_widget[name=quarter_id]:contains(Neustadt-Neuschönefeld)" },
        { trigger: ".o_field_widget[name=programme_area_id]:contains(Leipziger Osten)" },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        { trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb a:contains(Businesses)", run: "click" },
        { trigger: ".o_list_view .o_data_row:contains(Café Example):contains(Neustadt-Neuschönefeld)" },
    ],
});
