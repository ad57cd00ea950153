import { registry } from "@web/core/registry";

// A manager imports the trade office's sample export: chooses the file, reviews the dry run
// (five businesses to create, two notices for businesses nobody recorded), skips those two and imports.
registry.category("web_tour.tours").add("district_economy_register_import", {
    steps: () => [
        {
            trigger: ".o_main_navbar button:contains(Configuration), .o_main_navbar a:contains(Configuration)",
            run: "click",
        },
        { trigger: ".o-dropdown--menu .o-dropdown-item:contains(Import Business Register)", run: "click" },
        {
            trigger: ".modal .o_field_widget[name=data_file] input[type=file]:not(:visible)",
            async run() {
                const response = await fetch("/district_economy/static/csv/gewerbemeldungen_beispiel.csv");
                const file = new File([await response.blob()], "gewerbemeldungen_beispiel.csv", {
                    type: "text/csv",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        { trigger: ".modal .o_field_widget[name=data_file] input.o_input:value(gewerbemeldungen_beispiel.csv)" },
        { trigger: ".modal footer button[name=action_preview]", run: "click" },
        { trigger: ".modal .o_field_widget[name=created_count]:contains(5)" },
        {
            trigger:
                ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Musterbäckerei Yilmaz):contains(Created):contains(Neustadt-Neuschönefeld)",
        },
        {
            trigger:
                ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Beispielcafé am Rabet):contains(Rejected):contains(No business)",
        },
        { trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Werkstatt Muster GmbH):contains(No rule)" },
        { trigger: ".modal footer:not(:has(button[name=action_import]))" },
        { trigger: ".modal .o_field_widget[name=skip_rejected] input", run: "click" },
        { trigger: ".modal footer button[name=action_import]", run: "click" },
        { trigger: ".modal .alert-success:contains(The register is imported)" },
        { trigger: ".modal footer button[name=action_open_businesses]", run: "click" },
        { trigger: ".o_list_view .o_data_row:contains(Musterbäckerei Yilmaz)" },
    ],
});
