import { registry } from "@web/core/registry";

// The coordinator switches the premises to the map, narrows the search to one unit, finds its
// marker (tiles cannot load in tests: the markers are drawn all the same), opens the popup and the unit.
registry.category("web_tour.tours").add("district_economy_map", {
    steps: () => [
        { trigger: ".o_kanban_view" },
        { trigger: ".o_switch_view.o_district_map", run: "click" },
        { trigger: ".o_district_map_view .o_district_map path.o_district_map_marker" },
        { trigger: ".o_district_map_legend_entry[data-value=vacant]" },
        { trigger: ".o_district_map_legend_entry[data-value=reserved]" },
        { trigger: ".o_searchview_input", run: "edit Tour map shop" },
        { trigger: ".o_searchview_input", run: "press Enter" },
        { trigger: ".o_district_map_legend_entry[data-value=vacant]:contains((1))" },
        { trigger: ".o_district_map_without_position:contains(1 without a position)" },
        { trigger: ".o_district_map_without_position .o_district_map_geocode" },
        { trigger: ".o_district_map path.o_district_map_marker", run: "click" },
        { trigger: ".leaflet-popup .o_district_map_popup:contains(Tour map shop):contains(Vacant)" },
        { trigger: ".leaflet-popup .o_district_map_popup:contains(Eisenbahnstraße 75)" },
        { trigger: ".leaflet-popup .o_district_map_popup [data-field=area_m2]:contains(60.0)" },
        { trigger: ".leaflet-popup .o_district_map_open", run: "click" },
        { trigger: ".o_form_view .o_breadcrumb .active:contains(Tour map shop)" },
        { trigger: ".o_form_view .o_field_widget[name=street] input:value(Eisenbahnstraße 75)" },
    ],
});
