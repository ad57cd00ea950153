import { registry } from "@web/core/registry";

// The business list shows the district's businesses, not Odoo's demo companies, and the
// street search finds "Eisenbahnstraße" when the coordinator types "eisenbahnstr".
registry.category("web_tour.tours").add("district_economy_business_list", {
    steps: () => [
        { trigger: ".o_list_view .o_data_row" },
        { trigger: "input.o_searchview_input", run: "edit Azure Interior" },
        { trigger: ".o_searchview_autocomplete .o-dropdown-item.focus", run: "click" },
        { trigger: ".o_searchview_facet:contains(Azure Interior)" },
        { trigger: ".o_list_view:not(:has(.o_data_row))" },
        { trigger: ".o_searchview_facet:contains(Azure Interior)", run: "hover && click .o_facet_remove" },
        { trigger: ".o_list_view .o_data_row" },
        { trigger: "input.o_searchview_input", run: "edit eisenbahnstr" },
        { trigger: ".o_searchview_autocomplete .o-dropdown-item:contains(Street search)", run: "click" },
        { trigger: ".o_searchview_facet:contains(eisenbahnstr)" },
        { trigger: ".o_list_view .o_data_row:contains(Tour Eisenbahn Bakery)" },
        { trigger: ".o_list_view:not(:has(.o_data_row:contains(Tour Gohlis Shop)))" },
    ],
});
