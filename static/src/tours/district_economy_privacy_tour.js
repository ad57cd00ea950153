import { registry } from "@web/core/registry";

// During a consultation, the coordinator records that the person spoken to agreed to be
// contacted for events and news.
registry.category("web_tour.tours").add("district_economy_privacy_consent", {
    steps: () => [
        { trigger: ".o_form_view .o_field_widget[name=contact_id] input" },
        { trigger: ".o_form_view button:contains(Record consent)", run: "click" },
        { trigger: ".modal .o_field_widget[name=partner_id] input" },
        { trigger: ".modal .o_field_widget[name=purpose] .o_select_menu_toggler", run: "click" },
        { trigger: ".o_select_menu_item:contains(Contact for events and news)", run: "click" },
        { trigger: ".modal .o_field_widget[name=source] .o_select_menu_toggler", run: "click" },
        { trigger: ".o_select_menu_item:contains(Verbal)", run: "click" },
        { trigger: ".modal .o_form_button_save", run: "click" },
        { trigger: "body:not(:has(.modal))" },
    ],
});

// A manager answers an access request: exports the person's data, with the reason asked for.
registry.category("web_tour.tours").add("district_economy_privacy_export", {
    steps: () => [
        { trigger: ".o_form_view button[name=action_open_privacy_export]", run: "click" },
        { trigger: ".modal .o_field_widget[name=found_summary]:contains(1)" },
        { trigger: ".modal .o_field_widget[name=reason] textarea", run: "edit Request by letter of 3 March" },
        { trigger: ".modal button[name=action_confirm]", run: "click" },
        { trigger: ".modal .o_field_widget[name=export_file]:contains(personal_data_)" },
        { trigger: ".modal .modal-footer button:contains(Close)", run: "click" },
        { trigger: "body:not(:has(.modal))" },
    ],
});

// A manager anonymises a person whose retention period has ended: approves the review and
// anonymises the approved persons in one go.
registry.category("web_tour.tours").add("district_economy_privacy_review", {
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row:contains(Privacy Old Client) button[name=action_approve]",
            run: "click",
        },
        { trigger: ".o_list_view .o_data_row:contains(Privacy Old Client):contains(Approved)" },
        { trigger: "button[name=action_anonymize_approved]", run: "click" },
        { trigger: ".o_notification:contains(Anonymised: 1)" },
        { trigger: ".o_list_view:not(:has(.o_data_row:contains(Privacy Old Client)))" },
    ],
});
