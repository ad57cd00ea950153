import { registry } from "@web/core/registry";

// The coordinator starts the location survey of the ground-floor businesses on Eisenbahnstraße:
// the visits are planned and shared out among the team, each ready for its questionnaire.
registry.category("web_tour.tours").add("district_economy_visit_campaign", {
    steps: () => [
        { trigger: ".o_form_view button[name=action_view_target]:contains(4)" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Draft)" },
        { trigger: ".o_form_view button[name=action_plan_visits]:contains(Start and plan visits)", run: "click" },
        { trigger: ".o_kanban_view .o_kanban_group:contains(Tour Coordinator) .o_kanban_record:eq(1)" },
        { trigger: ".o_kanban_view .o_kanban_group:contains(Tour Colleague) .o_kanban_record:eq(1)" },
        { trigger: ".o_kanban_record:contains(Fahrradwerkstatt)", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Planned)" },
        { trigger: ".o_form_view button[name=action_start_survey]" },
        { trigger: ".o_form_view button[name=action_declined]" },
        { trigger: ".o_breadcrumb a:contains(Tour location survey)", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Running)" },
    ],
});

// After the visit, the early-warning list shows what the questionnaire said; the coordinator opens
// the settlement case for the business that needs larger premises and finds premises for it.
registry.category("web_tour.tours").add("district_economy_visit_early_warning", {
    steps: () => [
        { trigger: ".o_searchview_facet:contains(Not resolved)" },
        { trigger: ".o_list_view .o_data_row:contains(Fahrradwerkstatt):contains(Expansion intent)" },
        {
            trigger: ".o_list_view .o_data_row:contains(Fahrradwerkstatt):contains(Needs premises) td[name=partner_id]",
            run: "click",
        },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Open)" },
        { trigger: ".o_form_view button.btn-primary[name=action_follow_up_settlement]", run: "click" },
        { trigger: ".modal .o_field_widget[name=kind] input[data-value=settlement]:checked" },
        { trigger: ".modal .o_field_widget[name=area_min] input", run: "edit 80" },
        { trigger: ".modal .o_field_widget[name=area_max] input", run: "edit 130" },
        { trigger: ".modal .o_field_widget[name=ground_floor_needed] input:checked" },
        { trigger: ".modal footer button[name=action_confirm]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Fahrradwerkstatt)" },
        { trigger: ".o_form_view button[name=action_find_premises]", run: "click" },
        { trigger: ".o_list_view .o_data_row:contains(Tour shop for the bike workshop)" },
    ],
});
