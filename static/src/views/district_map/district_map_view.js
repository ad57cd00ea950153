import { registry } from "@web/core/registry";
import { DistrictMapArchParser } from "./district_map_arch_parser";
import { DistrictMapController } from "./district_map_controller";
import { DistrictMapModel } from "./district_map_model";
import { DistrictMapRenderer } from "./district_map_renderer";

export const districtMapView = {
    type: "district_map",
    ArchParser: DistrictMapArchParser,
    Controller: DistrictMapController,
    Model: DistrictMapModel,
    Renderer: DistrictMapRenderer,
    searchMenuTypes: ["filter", "favorite"],

    props: (genericProps, view) => {
        const { arch, fields } = genericProps;
        return {
            ...genericProps,
            archInfo: new view.ArchParser().parse(arch, fields),
            Model: view.Model,
            Renderer: view.Renderer,
        };
    },
};

registry.category("views").add("district_map", districtMapView);
