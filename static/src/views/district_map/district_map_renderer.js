/* global L */
import { Component, onMounted, onWillUnmount, useEffect, useRef } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

// Shown when neither markers nor outlines give the map an extent.
const WORLD_VIEW = { center: [20, 0], zoom: 2 };

export class DistrictMapRenderer extends Component {
    static template = "district_economy.DistrictMapRenderer";
    static props = {
        model: Object,
        openRecord: Function,
        onGeocode: { type: Function, optional: true },
    };

    setup() {
        this.mapRef = useRef("map");
        this.map = null;
        this.tileLayer = null;
        this.tileUrl = null;
        this.outlineLayer = null;
        this.markerLayer = null;
        onMounted(() => this.createMap());
        useEffect(
            () => this.drawLayers(),
            () => [this.props.model.data]
        );
        onWillUnmount(() => {
            this.resizeObserver?.disconnect();
            this.map?.remove();
        });
    }

    get data() {
        return this.props.model.data;
    }

    createMap() {
        this.map = L.map(this.mapRef.el, { zoomControl: true, attributionControl: true });
        this.map.setView(WORLD_VIEW.center, WORLD_VIEW.zoom);
        this.outlineLayer = L.layerGroup().addTo(this.map);
        this.markerLayer = L.featureGroup().addTo(this.map);
        this.resizeObserver = new ResizeObserver(() => this.map.invalidateSize());
        this.resizeObserver.observe(this.mapRef.el);
    }

    drawLayers() {
        if (!this.map) {
            this.createMap();
        }
        const { layers, records } = this.data;
        if (layers && layers.tile_url !== this.tileUrl) {
            // Tiles are decoration: a tile server that cannot be reached (offline, tests) leaves
            // grey squares behind the markers and outlines, nothing else.
            this.tileLayer?.remove();
            this.tileUrl = layers.tile_url;
            this.tileLayer = L.tileLayer(layers.tile_url, {
                maxZoom: 19,
                attribution: escapeHtml(layers.tile_attribution),
            }).addTo(this.map);
        }
        this.outlineLayer.clearLayers();
        for (const outline of layers?.outlines || []) {
            L.geoJSON(outline.geojson, {
                interactive: false,
                style: { color: "#37474f", weight: 1, opacity: 0.7, fill: false },
            }).addTo(this.outlineLayer);
        }
        this.markerLayer.clearLayers();
        const { latField, lngField } = this.props.model.archInfo;
        for (const record of records) {
            const style = this.props.model.styleOf(record);
            const marker = L.circleMarker([record[latField], record[lngField]], {
                radius: 8,
                color: style.dashed ? "#616161" : "#ffffff",
                weight: 2,
                dashArray: style.dashed ? "3 3" : null,
                fillColor: style.color,
                fillOpacity: style.dashed ? 0.5 : 0.9,
                className: `o_district_map_marker o_district_map_marker_${record.id}`,
            });
            marker.bindPopup(() => this.renderPopup(record), { minWidth: 180 });
            marker.bindTooltip(record.display_name || "", { direction: "top", offset: [0, -8] });
            marker.addTo(this.markerLayer);
        }
        this.fitBounds();
    }

    fitBounds() {
        let bounds = this.markerLayer.getBounds();
        if (!bounds.isValid()) {
            const outlines = L.featureGroup(this.outlineLayer.getLayers());
            bounds = outlines.getBounds();
        }
        if (bounds.isValid()) {
            this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
        } else {
            this.map.setView(WORLD_VIEW.center, WORLD_VIEW.zoom);
        }
    }

    /** The popup as DOM nodes (values as text, never as HTML). */
    renderPopup(record) {
        const model = this.props.model;
        const [titleField, ...otherFields] = model.archInfo.popupFields;
        const root = document.createElement("div");
        root.className = "o_district_map_popup";
        const title = document.createElement("div");
        title.className = "fw-bold mb-1";
        title.textContent = titleField ? model.formatValue(record, titleField) : record.display_name;
        root.appendChild(title);
        for (const fieldName of otherFields) {
            const text = model.formatValue(record, fieldName);
            if (!text) {
                continue;
            }
            const line = document.createElement("div");
            line.dataset.field = fieldName;
            const label = document.createElement("span");
            label.className = "text-muted";
            label.textContent = `${model.fields[fieldName].string}: `;
            line.append(label, document.createTextNode(text));
            root.appendChild(line);
        }
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-primary btn-sm mt-2 o_district_map_open";
        button.textContent = _t("Open");
        button.addEventListener("click", () => this.props.openRecord(record.id));
        root.appendChild(button);
        return root;
    }
}

function escapeHtml(text) {
    const div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
}
