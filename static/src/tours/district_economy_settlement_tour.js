import { registry } from "@web/core/registry";

// A bakery looks for 80-120 m² ground-floor retail space with a shop window for at most
// EUR 9/m²: the coordinator finds premises, proposes two, records a viewing, accepts
// the best one and wins the case in it, settled three days ago.
const settledOn = luxon.DateTime.now().minus({ days: 3 });
registry.category("web_tour.tours").add("district_economy_settlement", {
    steps: () => [
        { trigger: ".o_form_view button[name=action_find_premises]", run: "click" },
        { trigger: ".o_list_view .o_data_row:first-child:contains(Tour best shop):contains(rent 8.50 ≤ 9.00)" },
        { trigger: ".o_data_row:contains(Tour best shop) button[name=action_propose]", run: "click" },
        { trigger: ".o_data_row:contains(Tour far shop) button[name=action_propose]", run: "click" },
        { trigger: ".o_data_row:contains(Tour far shop):not(:has(button[name=action_propose]))" },
        { trigger: ".o_breadcrumb a:contains(Tour bakery case)", run: "click" },
        { trigger: ".o_form_view a[name=proposals]", run: "click" },
        { trigger: ".o_field_widget[name=proposal_ids] .o_data_row:contains(Tour best shop) button[name=action_viewed]", run: "click" },
        { trigger: ".o_field_widget[name=proposal_ids] .o_data_row:contains(Tour best shop) button[name=action_accept]", run: "click" },
        { trigger: ".o_field_widget[name=proposal_ids] .o_data_row:contains(Tour best shop):contains(Accepted)" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Negotiation)" },
        { trigger: ".o_form_view button[name=action_set_won]", run: "click" },
        { trigger: ".modal .o_field_widget[name=premises_id] input:value(Tour best shop)" },
        { trigger: ".modal button[data-field=settled_date]", run: "click" },
        {
            trigger: ".modal input[data-field=settled_date]",
            run: `edit ${settledOn.toFormat("MM/dd/yyyy")} && press Enter`,
        },
        { trigger: ".modal footer button[name=action_confirm]", run: "click" },
        { trigger: ".ribbon:contains(Settled)" },
    ],
});
