/* The map's own code (geo.dashboard.mapview): Leaflet glue that draws what the page's data
 * says. Inlined into the map's page ahead of the layers by geo.dashboard.mapview.leaflet, which
 * calls it with JSON data (never with code made in Python):
 *   vaMap.cityLabels(map, {cities: [{name, lat, lon}], zIndex})
 *   vaMap.legend(map, {items: [{label, colour, shape}], scale: null | {title, steps}})
 *   vaMap.placePopups(words)      the texts, precisions and type labels/colours of the map
 *   vaMap.quietClusters(map)
 * and as the GeoJson layers' callbacks: vaMap.bindPopup, vaMap.pointToLayer, vaMap.clusterIcon.
 * Every text from the data is set with textContent; HTML strings come only from Python,
 * escaped there (geo.dashboard.mapview.popups). */
window.vaMap = (function () {
    "use strict";
    var words = null;

    function text(tag, className, value) {
        var element = document.createElement(tag);
        if (className) { element.className = className; }
        element.textContent = value;
        return element;
    }

    function fill(template, values) {
        return template.replace(/[{]([a-z]+)[}]/g, function (whole, key) {
            return key in values ? String(values[key]) : whole;
        });
    }

    // City names as non-interactive text labels in their own pane below the markers.
    function cityLabels(map, config) {
        var pane = map.createPane("va-labels");
        pane.style.zIndex = config.zIndex;
        pane.style.pointerEvents = "none";
        config.cities.forEach(function (c) {
            var box = document.createElement("div");
            var dot = document.createElement("span");
            dot.className = "va-dot";
            var name = document.createElement("span");
            name.className = "va-name";
            name.textContent = c.name;
            box.appendChild(dot);
            box.appendChild(name);
            L.marker([c.lat, c.lon], {
                pane: "va-labels", interactive: false, keyboard: false,
                icon: L.divIcon({className: "va-city", html: box,
                                 iconSize: [0, 0], iconAnchor: [0, 0]})
            }).addTo(map);
        });
    }

    // The symbols in use, bottom left: popups open upwards and would slide under a legend
    // at the top, and the bottom-left corner of Kazakhstan's map is empty steppe and the
    // Caspian's shore.
    function legend(map, config) {
        var items = config.items;
        var scale = config.scale;
        var control = L.control({position: "bottomleft"});
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "va-legend");
            items.forEach(function (it) {
                var row = document.createElement("div");
                var sw = document.createElement("span");
                sw.className = "va-swatch" + (it.shape === "square" ? " va-sq" : "")
                    + (it.shape === "area" ? " va-area" : "");
                sw.style.background = it.colour;
                row.appendChild(sw);
                row.appendChild(document.createTextNode(it.label));
                div.appendChild(row);
            });
            if (scale) {
                var title = document.createElement("div");
                title.className = "va-title";
                title.textContent = scale.title;
                div.appendChild(title);
                var steps = document.createElement("div");
                scale.steps.forEach(function (s) {
                    var cell = document.createElement("span");
                    cell.className = "va-scale";
                    cell.style.background = s[1];
                    cell.style.color = s[2];
                    cell.textContent = s[0];
                    steps.appendChild(cell);
                });
                div.appendChild(steps);
            }
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        control.addTo(map);
    }

    // The popup of a place with several actions, made when it opens, with textContent
    // only, from the feature's label, prec, count, types and newest and the map's words.
    function placePopup(p) {
        var box = text("div", "va-popup", "");
        box.appendChild(text("div", "va-summary",
                             fill(words.heading, {place: p.label, n: p.count})));
        var place = text("div", "va-row", " " + (words.precisions[p.prec] || ""));
        place.insertBefore(text("span", "va-key", words.place + ":"), place.firstChild);
        box.appendChild(place);
        p.types.forEach(function (kn) {
            var type = words.types[kn[0]] || [kn[0], words.unknown];
            var row = text("div", "va-row", "");
            var swatch = text("span", "va-swatch", "");
            swatch.style.background = type[1];
            row.appendChild(swatch);
            row.appendChild(document.createTextNode(type[0] + ": " + kn[1]));
            box.appendChild(row);
        });
        var list = text("ul", "", "");
        p.newest.forEach(function (action) {
            var item = text("li", "", action[0] + " ");
            item.appendChild(text("span", "va-key", "(" + action[1] + ")"));
            list.appendChild(item);
        });
        box.appendChild(list);
        if (p.count > p.newest.length) {
            box.appendChild(text("div", "va-row va-key",
                                 fill(words.more, {n: p.count - p.newest.length})));
        }
        return box;
    }

    // Popups and tooltips are bound from feature properties: escaped HTML made in Python
    // (one action's popup, tooltips), or the data of placePopup (several actions).
    function bindPopup(feature, layer) {
        var p = feature.properties;
        if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 360}); }
        if (p.newest) {
            layer.bindPopup(function () { return placePopup(p); }, {maxWidth: 360});
        }
        if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }
    }

    // Circles are SVG circle markers; checkpoints and roads are square div icons (coloured
    // through the DOM, never through HTML strings). Both live in the one GeoJson layer, so
    // the page holds one layer object whatever the number of points.
    function pointToLayer(feature, latlng) {
        var p = feature.properties;
        if (p.shape === "square") {
            var box = document.createElement("div");
            box.className = "va-square";
            box.style.background = p.style.fillColor;
            return L.marker(latlng, {keyboard: false, icon: L.divIcon({
                className: "va-square-icon", html: box, iconSize: [12, 12], iconAnchor: [6, 6]
            })});
        }
        return L.circleMarker(latlng, L.extend({
            fill: true, color: "#ffffff", weight: 1.5, fillOpacity: 0.9, className: "va-point"
        }, p.style));
    }

    // A cluster's icon shows the number of actions below it (each place counts its
    // actions), in markercluster's own small/medium/large styles. The number is an
    // integer: no HTML.
    function clusterIcon(cluster) {
        var n = 0;
        cluster.getAllChildMarkers().forEach(function (m) {
            n += (m.feature && m.feature.properties.count) || 1;
        });
        var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
        return L.divIcon({
            html: "<div><span>" + Number(n) + "</span></div>",
            className: "marker-cluster marker-cluster-" + size,
            iconSize: L.point(40, 40)
        });
    }

    // Cluster icons take no click handler of their own. streamlit-folium binds its click
    // handler to every layer on the map once the map is drawn: the cluster icons and
    // markercluster's inner feature group included, so a click on a cluster (which only
    // zooms in) would rerun the app. This removes the handlers bound directly to those two
    // (after that binding: setTimeout). Marker clicks still reach streamlit-folium through
    // the cluster group, which fires cluster clicks as "clusterclick" instead;
    // markercluster itself uses event parents, not these handlers.
    function quietClusters(map) {
        setTimeout(function () {
            map.eachLayer(function (layer) {
                if (layer instanceof L.MarkerClusterGroup && layer._featureGroup) {
                    layer._featureGroup.off("click");
                }
                if (layer instanceof L.MarkerCluster) { layer.off("click"); }
            });
        }, 0);
    }

    return {
        cityLabels: cityLabels,
        legend: legend,
        placePopups: function (given) { words = given; },
        bindPopup: bindPopup,
        pointToLayer: pointToLayer,
        clusterIcon: clusterIcon,
        quietClusters: quietClusters
    };
})();
