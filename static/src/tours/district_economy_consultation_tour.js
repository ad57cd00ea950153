import { registry } from "@web/core/registry";

function selectMany2one(fieldName, text, scope = "") {
    return [
        { trigger: `${scope} .o_field_widget[name=${fieldName}] input`, run: `edit ${text}` },
        { trigger: `.o-autocomplete--dropdown-item .dropdown-item:contains(${text})`, run: "click" },
    ];
}

// From a business, the coordinator records an on-site consultation in Turkish with an
// interpreter, two topics, outcome and next step, and refers the owner (with consent)
// to the chamber of crafts.
registry.category("web_tour.tours").add("district_economy_consultation", {
    steps: () => [
        { trigger: ".o_form_view button[name=action_new_consultation]", run: "click" },
        ...selectMany2one("contact_id", "Tour Owner"),
        { trigger: ".o_field_widget[name=duration] input", run: "edit 45" },
        { trigger: ".o_field_widget[name=channel] .o_select_menu_toggler", run: "click" },
        { trigger: ".o_select_menu_item:contains(On-site visit)", run: "click" },
        ...selectMany2one("language_id", "Turkish"),
        { trigger: ".o_field_widget[name=interpreter_used] input", run: "check" },
        ...selectMany2one("topic_ids", "Premises"),
        ...selectMany2one("topic_ids", "Financing and funding"),
        { trigger: ".o_field_widget[name=outcome] textarea", run: "edit Two vacant shops to view" },
        { trigger: ".o_field_widget[name=next_step] textarea", run: "edit Call in two weeks" },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        { trigger: ".o_field_widget[name=quarter_id]:contains(Neustadt-Neuschönefeld)" },
        { trigger: "button[name=action_refer]", run: "click" },
        { trigger: ".modal .o_field_widget[name=institution_id]" },
        ...selectMany2one("institution_id", "Handwerkskammer", ".modal"),
        { trigger: ".modal .o_field_widget[name=consent_given] input", run: "check" },
        { trigger: ".modal .o_form_button_save", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { trigger: "button[name=action_view_referrals]:contains(1)" },
    ],
});
