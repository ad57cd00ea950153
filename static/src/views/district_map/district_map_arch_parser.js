import { visitXML } from "@web/core/utils/xml";
import { exprToBoolean } from "@web/core/utils/strings";

/**
 * <district_map lat="latitude" lng="longitude" color="state" quarter="quarter_id" geocode="1"
 *               colors="vacant:#2e7d32,let:#1565c0" dashed="reported" limit="5000">
 *     <field name="name"/>   (the popup: the first field is its title, the others label: value)
 * </district_map>
 */
export class DistrictMapArchParser {
    parse(xmlDoc, fields) {
        const archInfo = {
            latField: xmlDoc.getAttribute("lat"),
            lngField: xmlDoc.getAttribute("lng"),
            colorField: xmlDoc.getAttribute("color") || null,
            quarterField: xmlDoc.getAttribute("quarter") || null,
            canGeocode: exprToBoolean(xmlDoc.getAttribute("geocode") || "0"),
            limit: parseInt(xmlDoc.getAttribute("limit") || "5000", 10),
            colors: {},
            dashed: new Set(),
            popupFields: [],
        };
        for (const pair of (xmlDoc.getAttribute("colors") || "").split(",")) {
            const [value, color] = pair.split(":").map((part) => part.trim());
            if (value && color) {
                archInfo.colors[value] = color;
            }
        }
        for (const value of (xmlDoc.getAttribute("dashed") || "").split(",")) {
            if (value.trim()) {
                archInfo.dashed.add(value.trim());
            }
        }
        visitXML(xmlDoc, (node) => {
            if (node.tagName === "field") {
                const name = node.getAttribute("name");
                if (name in fields) {
                    archInfo.popupFields.push(name);
                }
            }
        });
        for (const attribute of ["latField", "lngField"]) {
            if (!(archInfo[attribute] in fields)) {
                throw new Error(`district_map: unknown position field ${archInfo[attribute]}`);
            }
        }
        return archInfo;
    }
}
