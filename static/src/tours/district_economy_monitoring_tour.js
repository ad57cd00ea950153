import { registry } from "@web/core/registry";

// A manager opens the monitoring figures (rows by quarter), opens a quarter by sector, switches to
// the graph, then opens the annual report and prints it.
registry.category("web_tour.tours").add("district_economy_monitoring", {
    steps: () => [
        // Opens readable: quarters as rows, years as columns, the headline measures.
        { trigger: ".o_pivot_view tbody .o_pivot_header_cell_opened:contains(Total)" },
        { trigger: ".o_pivot_view thead .o_pivot_header_cell_closed:contains(20)" },
        { trigger: ".o_pivot_view thead .o_pivot_measure_row:contains(Openings)" },
        { trigger: ".o_pivot_view tbody .o_pivot_header_cell_closed:contains(Neustadt-Neuschönefeld)", run: "click" },
        { trigger: ".o-dropdown--menu .o-dropdown-item:contains(Sector)", run: "click" },
        { trigger: ".o_pivot_view tbody .o_pivot_header_cell_opened:contains(Neustadt-Neuschönefeld)" },
        { trigger: ".o_switch_view.o_graph", run: "click" },
        { trigger: ".o_graph_view .o_graph_canvas_container canvas" },
        { trigger: ".o_main_navbar button:contains(Monitoring), .o_main_navbar a:contains(Monitoring)", run: "click" },
        { trigger: ".o-dropdown--menu a:contains(Reports), .o-dropdown--menu .o-dropdown-item:contains(Reports)", run: "click" },
        { trigger: ".o_list_view .o_data_row:contains(Tour report) .o_data_cell[name=name]", run: "click" },
        { trigger: ".o_form_view button[name=action_print]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name]:contains(Tour report), .o_form_view .o_field_widget[name=name] input" },
    ],
});
