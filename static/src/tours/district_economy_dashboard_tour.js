import { registry } from "@web/core/registry";

// The Dashboards app shows the district economy's key figures from live data.
registry.category("web_tour.tours").add("district_economy_dashboard", {
    steps: () => [
        { trigger: ".o_spreadsheet_dashboard_action .o_search_panel li:contains(Stadtteilwirtschaft)", run: "click" },
        { trigger: ".o_spreadsheet_dashboard_action .o-grid canvas, .o_spreadsheet_dashboard_action canvas" },
        { trigger: ".o_spreadsheet_dashboard_action .o-filter-item, .o_spreadsheet_dashboard_action .o_control_panel" },
    ],
});
