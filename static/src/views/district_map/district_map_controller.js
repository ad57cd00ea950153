import { Component, onWillStart, useRef } from "@odoo/owl";
import { useModel } from "@web/model/model";
import { standardViewProps } from "@web/views/standard_view_props";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";
import { SearchBar } from "@web/search/search_bar/search_bar";
import { useSearchBarToggler } from "@web/search/search_bar/search_bar_toggler";
import { CogMenu } from "@web/search/cog_menu/cog_menu";
import { useService } from "@web/core/utils/hooks";
import { user } from "@web/core/user";

export class DistrictMapController extends Component {
    static template = "district_economy.DistrictMapView";
    static components = { Layout, SearchBar, CogMenu };
    static props = {
        ...standardViewProps,
        Model: Function,
        Renderer: Function,
        archInfo: Object,
    };

    setup() {
        this.action = useService("action");
        this.orm = useService("orm");
        this.model = useModel(this.props.Model, {
            resModel: this.props.resModel,
            fields: this.props.fields,
            archInfo: this.props.archInfo,
        });
        useSetupAction({ rootRef: useRef("root") });
        this.searchBarToggler = useSearchBarToggler();
        onWillStart(async () => {
            this.canGeocode =
                this.props.archInfo.canGeocode &&
                (await user.hasGroup("district_economy.group_district_coordinator"));
        });
    }

    openRecord(resId) {
        const resIds = this.model.data.records.map((record) => record.id);
        if (this.props.selectRecord) {
            this.props.selectRecord(resId, { resIds });
        } else {
            this.action.switchView("form", { resId, resIds });
        }
    }

    async geocode() {
        const result = await this.orm.call(this.props.resModel, "district_map_geocode_missing", [
            this.model.domain,
        ]);
        await this.model.load({ domain: this.model.domain, context: this.model.context });
        this.render(true);
        if (result) {
            await this.action.doAction(result);
        }
    }
}
