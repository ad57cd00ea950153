import { Domain } from "@web/core/domain";
import { deserializeDate } from "@web/core/l10n/dates";
import { Model } from "@web/model/model";
import { formatDate, formatFloat, formatInteger } from "@web/views/fields/formatters";

// Distinct marker colours for values the arch gives none.
const PALETTE = ["#6d4c41", "#00838f", "#c62828", "#558b2f", "#4527a0", "#ad1457", "#f9a825"];
const DEFAULT_COLOR = "#1565c0";

export class DistrictMapModel extends Model {
    setup(params) {
        this.resModel = params.resModel;
        this.fields = params.fields;
        this.archInfo = params.archInfo;
        this.data = { records: [], withoutPosition: 0, legend: [], layers: null, truncated: false };
        this.domain = [];
        this.context = {};
    }

    async load({ domain, context }) {
        this.domain = domain;
        this.context = context;
        const { latField, lngField, colorField, quarterField, popupFields, limit } = this.archInfo;
        const hasPosition = [
            [latField, "!=", false],
            [latField, "!=", 0],
            [lngField, "!=", false],
            [lngField, "!=", 0],
        ];
        const withoutPosition = Domain.or([
            [[latField, "=", false]],
            [[latField, "=", 0]],
            [[lngField, "=", false]],
            [[lngField, "=", 0]],
        ]);
        const fieldNames = new Set([latField, lngField, "display_name", ...popupFields]);
        if (colorField) {
            fieldNames.add(colorField);
        }
        if (quarterField) {
            fieldNames.add(quarterField);
        }
        const specification = {};
        for (const name of fieldNames) {
            const field = this.fields[name];
            specification[name] = field && field.type === "many2one" ? { fields: { display_name: {} } } : {};
        }
        const [result, withoutCount] = await Promise.all([
            this.orm.webSearchRead(this.resModel, Domain.and([domain, hasPosition]).toList(), {
                specification,
                limit,
                context,
            }),
            this.orm.searchCount(this.resModel, Domain.and([domain, withoutPosition]).toList(), {
                context,
            }),
        ]);
        const quarterIds = new Set();
        if (quarterField) {
            for (const record of result.records) {
                if (record[quarterField]) {
                    quarterIds.add(record[quarterField].id);
                }
            }
        }
        const layers = await this.orm.call(this.resModel, "district_map_layers", [[...quarterIds]], {
            context,
        });
        this.data = {
            records: result.records,
            withoutPosition: withoutCount,
            truncated: result.length > result.records.length,
            legend: this._computeLegend(result.records),
            layers,
        };
    }

    /** The colour, the dashed outline and the label of a record's value of the colour field. */
    styleOf(record) {
        const { colorField, dashed } = this.archInfo;
        const value = colorField ? record[colorField] : false;
        return {
            color: this._colorOf(value),
            dashed: dashed.has(String(value)),
        };
    }

    _colorOf(value) {
        const { colors, colorField } = this.archInfo;
        if (value === false || value === undefined || !colorField) {
            return DEFAULT_COLOR;
        }
        if (colors[value]) {
            return colors[value];
        }
        const selection = this.fields[colorField].selection || [];
        const index = selection.findIndex(([key]) => key === value);
        return PALETTE[(index < 0 ? 0 : index) % PALETTE.length];
    }

    _computeLegend(records) {
        const { colorField } = this.archInfo;
        if (!colorField || this.fields[colorField].type !== "selection") {
            return [];
        }
        const counts = {};
        for (const record of records) {
            counts[record[colorField]] = (counts[record[colorField]] || 0) + 1;
        }
        return this.fields[colorField].selection.map(([value, label]) => ({
            value,
            label,
            count: counts[value] || 0,
            ...this.styleOf({ [colorField]: value }),
        }));
    }

    /** The text a popup shows for a field of a record. */
    formatValue(record, fieldName) {
        const field = this.fields[fieldName];
        const value = record[fieldName];
        if (value === false || value === null || value === undefined || value === "") {
            return "";
        }
        if (field.type === "selection") {
            const option = (field.selection || []).find(([key]) => key === value);
            return option ? option[1] : String(value);
        }
        if (field.type === "many2one") {
            return value.display_name || "";
        }
        if (field.type === "float" || field.type === "monetary") {
            return formatFloat(value, { digits: field.digits });
        }
        if (field.type === "integer") {
            return formatInteger(value);
        }
        if (field.type === "date") {
            return formatDate(deserializeDate(value));
        }
        return String(value);
    }
}
