/* The map's own code (geo.dashboard.mapview): Leaflet glue that draws what the page's data
 * says. Inlined into the map's page ahead of the layers by geo.dashboard.mapview.leaflet, which
 * calls it with JSON data (never with code made in Python):
 *   vaMap.cityLabels(map, {cities: [{name, lat, lon}], zIndex})
 *   vaMap.legend(map, {title, items: [{label, colour, shape}], scale: null | {title, steps}})
 *                                 shape: circle, square, cluster, hollow (a doubtful place)
 *                                 or dashed (a region whose actions are all doubtful)
 *   vaMap.placePopups(words)      the texts, precisions and type labels/colours of the map
 *   vaMap.quietClusters(map)
 *   vaMap.placeLabels(map, {minZoom})   names of the places with actions, zoomed in
 *   vaMap.fitPopups(map)          popups fit in the map; no tooltip over an open popup
 *   vaMap.countryButton(map, {bounds, title})
 *   vaMap.frameView(map, {key, bounds, options})   the view's framing, or where it was left
 * A new view (its layers swapped in by streamlit-folium, geo.dashboard.mapview.frame) calls
 * placePopups, quietClusters, placeLabels, legend and frameView again: each replaces what
 * the view before set.
 * and as the GeoJson layers' callbacks: vaMap.bindPopup, vaMap.pointToLayer, vaMap.clusterIcon.
 * Every text from the data is set with textContent; HTML strings come only from Python,
 * escaped there (geo.dashboard.mapview.popups). */
window.vaMap = (function () {
    "use strict";
    var words = null;
    var NAME_GAP = 3;  // px between a symbol and the name beside it
    var NAME_LEFT = 6;  // px from a place's point to its name when nothing is drawn there

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

    // --- names on the map ------------------------------------------------------------------
    // City names (always) and the names of places with actions (zoomed in) share one pane
    // above the symbols that takes no clicks. After every move, zoom and re-clustering,
    // arrange() puts each name beside the symbol drawn on its place (a cluster's bubble,
    // a circle) instead of under or over it, and hides the place names that would cover
    // another name.
    var labelled = {map: null, cities: [], places: {}, minZoom: 99};

    function labelMarker(map, latlng, name, className) {
        var box = document.createElement("div");
        box.appendChild(text("span", "va-dot", ""));
        var span = text("span", "va-name", name);
        box.appendChild(span);
        var marker = L.marker(latlng, {
            pane: "va-labels", interactive: false, keyboard: false,
            icon: L.divIcon({className: className, html: box,
                             iconSize: [0, 0], iconAnchor: [0, 0]})
        });
        return {marker: marker, dot: box.firstChild, name: span, latlng: L.latLng(latlng),
                width: 0};
    }

    function cityLabels(map, config) {
        var pane = map.createPane("va-labels");
        pane.style.zIndex = config.zIndex;
        pane.style.pointerEvents = "none";
        labelled.map = map;
        config.cities.forEach(function (c) {
            var label = labelMarker(map, [c.lat, c.lon], c.name, "va-city");
            label.marker.addTo(map);
            labelled.cities.push(label);
        });
        // After markercluster has redrawn for the new view (its handlers run after this).
        map.on("zoomend moveend", function () { setTimeout(function () { arrange(map); }, 0); });
        map.whenReady(function () { arrange(map); });
    }

    function clusterGroup(map) {
        var found = null;
        map.eachLayer(function (layer) {
            if (!found && L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup) {
                found = layer;
            }
        });
        return found;
    }

    // The symbols drawn now: [x, y, radius] in the map's pixels, and the places drawn alone.
    function drawnSymbols(map) {
        var symbols = [];
        var alone = [];
        var group = clusterGroup(map);
        if (!group || !group._featureGroup) { return {symbols: symbols, alone: alone}; }
        group._featureGroup.eachLayer(function (layer) {
            var at = map.latLngToContainerPoint(layer.getLatLng());
            var r = 6;
            if (layer instanceof L.MarkerCluster) {
                r = layer.vaRadius || 16;
            } else {
                if (layer.options.radius) { r = layer.options.radius; }
                alone.push(layer);
            }
            symbols.push([at.x, at.y, r]);
        });
        return {symbols: symbols, alone: alone};
    }

    function nameBox(map, label, symbols) {
        var at = map.latLngToContainerPoint(label.latlng);
        if (!label.width) { label.width = label.name.offsetWidth || 60; }
        var left = NAME_LEFT;
        var covered = false;
        // Past each symbol the name's box would touch, left to right.
        symbols.forEach(function (s) {
            var dx = s[0] - at.x;
            var dy = s[1] - at.y;
            if (dx * dx + dy * dy < s[2] * s[2]) { covered = true; }
            var x0 = at.x + left;
            var overlaps = s[0] + s[2] > x0 && s[0] - s[2] < x0 + label.width
                && s[1] + s[2] > at.y - 8 && s[1] - s[2] < at.y + 7
                && s[0] + s[2] - at.x < 60;
            if (overlaps) { left = Math.max(left, s[0] + s[2] + NAME_GAP - at.x); }
        });
        label.name.style.left = Math.round(left) + "px";
        // A city's dot under a symbol would blot its number.
        label.dot.style.visibility = covered ? "hidden" : "";
        return [at.x + left, at.y - 8, at.x + left + label.width, at.y + 7];
    }

    function collides(box, boxes) {
        return boxes.some(function (b) {
            return box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1];
        });
    }

    function arrange(map) {
        var drawn = drawnSymbols(map);
        drawn.symbols.sort(function (a, b) { return a[0] - b[0]; });
        var taken = labelled.cities.map(function (c) {
            return nameBox(map, c, drawn.symbols);
        });
        var wanted = {};
        if (map.getZoom() >= labelled.minZoom) {
            drawn.alone.sort(function (a, b) {
                return b.feature.properties.count - a.feature.properties.count;
            });
            drawn.alone.forEach(function (layer) {
                var p = layer.feature.properties;
                var key = p.place_id + "@" + p.lat + "," + p.lon;
                var label = labelled.places[key];
                if (!label) {
                    label = labelMarker(map, layer.getLatLng(), p.label, "va-city va-place");
                    labelled.places[key] = label;
                }
                if (!map.hasLayer(label.marker)) { label.marker.addTo(map); }
                var box = nameBox(map, label, drawn.symbols);
                if (!collides(box, taken)) {
                    taken.push(box);
                    wanted[key] = true;
                }
            });
        }
        Object.keys(labelled.places).forEach(function (key) {
            var label = labelled.places[key];
            if (!wanted[key] && map.hasLayer(label.marker)) { map.removeLayer(label.marker); }
        });
    }

    // Each view's: the names of the view before are taken off first.
    function placeLabels(map, config) {
        Object.keys(labelled.places).forEach(function (key) {
            map.removeLayer(labelled.places[key].marker);
        });
        labelled.places = {};
        labelled.minZoom = config.minZoom;
        // Once the view's layers are on the map (its feature group is added after this call).
        setTimeout(function () {
            var group = clusterGroup(map);
            if (group) { group.on("animationend", function () { arrange(map); }); }
            arrange(map);
        }, 0);
    }

    // --- the legend -----------------------------------------------------------------------
    // Top right, over Russia and China at the country's zoom, where there are no actions.
    // Only its toggle takes clicks (map.css): a click on the legend's body reaches the
    // marker under it. Folded at first on a map too small for it to leave the country in
    // view (the dashboard's, beside the list of country-wide actions); opened or folded
    // by hand, it stays so when the map is drawn again (a filter changed).
    var LEGEND_KEY = "vaMap.legend";
    var LEGEND_ROOM = {x: 900, y: 420};

    function remembered() {
        try { return window.localStorage.getItem(LEGEND_KEY); } catch (e) { return null; }
    }

    function remember(state) {
        try { window.localStorage.setItem(LEGEND_KEY, state); } catch (e) { /* private mode */ }
    }

    var shownLegend = null;  // the legend of the view shown: a new view replaces it

    function legend(map, config) {
        var items = config.items;
        var scale = config.scale;
        if (shownLegend) { shownLegend.remove(); }
        shownLegend = null;
        if (!items.length && !scale) { return; }
        var control = L.control({position: "topright"});
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "va-legend");
            var size = map.getSize();
            var small = size.x < LEGEND_ROOM.x || size.y < LEGEND_ROOM.y;
            var state = remembered() || (small ? "folded" : "open");
            if (state === "folded") { L.DomUtil.addClass(div, "va-collapsed"); }
            var toggle = text("button", "va-legend-toggle", config.title);
            toggle.type = "button";
            toggle.setAttribute("aria-expanded", String(state !== "folded"));
            L.DomEvent.disableClickPropagation(toggle);
            L.DomEvent.on(toggle, "click", function () {
                var collapsed = L.DomUtil.hasClass(div, "va-collapsed");
                (collapsed ? L.DomUtil.removeClass : L.DomUtil.addClass)(div, "va-collapsed");
                toggle.setAttribute("aria-expanded", String(collapsed));
                remember(collapsed ? "open" : "folded");
            });
            div.appendChild(toggle);
            var body = L.DomUtil.create("div", "va-legend-body", div);
            body.style.maxHeight = Math.max(120, size.y - 90) + "px";
            items.forEach(function (it) {
                var row = document.createElement("div");
                var sw = document.createElement("span");
                sw.className = "va-swatch" + (it.shape === "square" ? " va-sq" : "")
                    + (it.shape === "cluster" ? " va-cl" : "")
                    + (it.shape === "hollow" ? " va-hollow" : "")
                    + (it.shape === "dashed" ? " va-dashed" : "");
                if (it.shape === "hollow" || it.shape === "dashed") {
                    sw.style.borderColor = it.colour;
                } else {
                    sw.style.background = it.colour;
                }
                row.appendChild(sw);
                row.appendChild(document.createTextNode(it.label));
                body.appendChild(row);
            });
            if (scale) {
                body.appendChild(text("div", "va-title", scale.title));
                var steps = document.createElement("div");
                scale.steps.forEach(function (s) {
                    var cell = text("span", "va-scale", s[0]);
                    cell.style.background = s[1];
                    cell.style.color = s[2];
                    steps.appendChild(cell);
                });
                body.appendChild(steps);
            }
            return div;
        };
        control.addTo(map);
        shownLegend = control;
    }

    // --- popups ---------------------------------------------------------------------------
    // The popup of a place with several actions, made when it opens, with textContent
    // only, from the feature's label, prec, count, types, doubtful and newest (summary,
    // dates, confidence or null, a doubtful one's reasons) and the map's words.
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
        if (p.doubtful) {
            box.appendChild(text("div", "va-row va-confidence va-doubtful",
                                 fill(words.doubtful, {n: p.doubtful, total: p.count})));
        }
        var list = text("ul", "", "");
        p.newest.forEach(function (action) {
            var item = text("li", "", action[0] + " ");
            var said = action[1] + (action[2] ? " · " + action[2] : "");
            item.appendChild(text("span", "va-key", "(" + said + ")"));
            if (action[3] && action[3].length) {
                var reasons = text("ul", "va-reasons", "");
                action[3].forEach(function (w) { reasons.appendChild(text("li", "", w)); });
                item.appendChild(reasons);
            }
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
    var POPUP = {maxWidth: 360, autoPanPadding: [12, 12]};

    // The tallest a popup may be on ``map``: its height less room for the tip and margins.
    function popupRoom(map) {
        return Math.max(120, map.getSize().y - 80);
    }

    function bindPopup(feature, layer) {
        var p = feature.properties;
        // Before the popup opens (this handler runs ahead of bindPopup's own): a popup
        // laid out taller than the map would pan its marker out of view, and markercluster
        // would take the marker and its popup off the map.
        layer.on("click", function () {
            var popup = layer.getPopup();
            if (popup && layer._map) { popup.options.maxHeight = popupRoom(layer._map); }
        });
        if (p.popup) { layer.bindPopup(p.popup, POPUP); }
        if (p.newest) {
            layer.bindPopup(function () { return placePopup(p); }, POPUP);
        }
        if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }
    }

    // An open popup is never taller than the map: a long one scrolls inside (its source
    // line stays at its bottom, map.css), and the map pans to show it whole (bindPopup sets
    // the height before a click opens it; this, for a popup opened otherwise). While it is
    // open no tooltip is shown over it.
    function fitPopups(map) {
        map.on("popupopen", function (e) {
            var popup = e.popup;
            var most = popupRoom(map);
            L.DomUtil.addClass(map.getContainer(), "va-popup-open");
            if (popup.options.maxHeight !== most) {
                popup.options.maxHeight = most;
                popup.update();
            }
            map.eachLayer(function (layer) {
                if (layer.closeTooltip) { layer.closeTooltip(); }
            });
        });
        map.on("popupclose", function () {
            L.DomUtil.removeClass(map.getContainer(), "va-popup-open");
        });
    }

    // --- symbols --------------------------------------------------------------------------
    // Circles are SVG circle markers; checkpoints and roads are square div icons (coloured
    // through the DOM, never through HTML strings). Both live in the one GeoJson layer, so
    // the page holds one layer object whatever the number of points. A place whose actions
    // are all doubtful (p.hollow) is hollow: white inside a ring (a square: a border) of its
    // type's colour (p.style, geo.dashboard.mapview.features.doubtful_style).
    function pointToLayer(feature, latlng) {
        var p = feature.properties;
        if (p.shape === "square") {
            var box = document.createElement("div");
            box.className = "va-square" + (p.hollow ? " va-hollow" : "");
            box.style.background = p.style.fillColor;
            if (p.hollow) { box.style.borderColor = p.style.color; }
            return L.marker(latlng, {keyboard: false, icon: L.divIcon({
                className: "va-square-icon", html: box, iconSize: [12, 12], iconAnchor: [6, 6]
            })});
        }
        return L.circleMarker(latlng, L.extend({
            fill: true, color: "#ffffff", weight: 1.5, fillOpacity: 0.9,
            className: p.hollow ? "va-point va-hollow" : "va-point"
        }, p.style));
    }

    // A cluster's icon shows the number of actions below it (each place counts its
    // actions) on a neutral dark bubble (map.css: no action type's colour, so it is not
    // read as one), a little bigger per tenfold; hollow (white, a dark ring) when every
    // place in it is. The number is an integer: no HTML.
    function clusterIcon(cluster) {
        var n = 0;
        var hollow = true;
        cluster.getAllChildMarkers().forEach(function (m) {
            n += (m.feature && m.feature.properties.count) || 1;
            hollow = hollow && Boolean(m.feature && m.feature.properties.hollow);
        });
        var size = n < 10 ? 26 : n < 100 ? 32 : n < 1000 ? 38 : 44;
        cluster.vaRadius = size / 2;  // for the names placed beside it (arrange)
        return L.divIcon({
            html: "<div><span>" + Number(n) + "</span></div>",
            className: "marker-cluster va-cluster" + (hollow ? " va-cluster-hollow" : ""),
            iconSize: L.point(size, size)
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

    // A button under the zoom buttons that shows the whole country again.
    function countryButton(map, config) {
        var control = L.control({position: "topleft"});
        control.onAdd = function () {
            var bar = L.DomUtil.create("div", "leaflet-bar va-country");
            var link = L.DomUtil.create("a", "", bar);
            link.href = "#";
            link.setAttribute("role", "button");
            link.title = config.title;
            link.setAttribute("aria-label", config.title);
            link.textContent = "\u2302";  // a house: home, the whole country
            L.DomEvent.disableClickPropagation(bar);
            L.DomEvent.on(link, "click", function (e) {
                L.DomEvent.preventDefault(e);
                map.closePopup();
                map.fitBounds(config.bounds);
            });
            return bar;
        };
        control.addTo(map);
    }

    // The map's first view: the area given (the filtered places, else the country), unless
    // the page drew this same view before in this browser tab and the map was moved since:
    // then where it was left (a new dataset reruns the page and draws the map again; the
    // filters are the key). Kept in the tab's sessionStorage on every move.
    var framed = {key: null, watching: false};  // the view shown, whose position is kept

    function frameView(map, config) {
        var name = "va-map-view", saved = null;
        try {
            saved = JSON.parse(window.sessionStorage.getItem(name) || "null");
        } catch (e) { /* no storage (a sandboxed frame): the view's own framing */ }
        // Set before the map moves: the move below is this view's.
        framed.key = config.key;
        if (config.key !== null && saved && saved.key === config.key) {
            map.setView(saved.center, saved.zoom, {animate: false});
        } else if (config.bounds) {
            map.fitBounds(config.bounds, config.options || {});
        }
        if (framed.watching) { return; }
        framed.watching = true;
        map.on("moveend", function () {
            if (framed.key === null) { return; }
            try {
                window.sessionStorage.setItem(name, JSON.stringify(
                    {key: framed.key, center: map.getCenter(), zoom: map.getZoom()}));
            } catch (e) { /* as above */ }
        });
    }

    return {
        frameView: frameView,
        cityLabels: cityLabels,
        legend: legend,
        placePopups: function (given) { words = given; },
        placeLabels: placeLabels,
        fitPopups: fitPopups,
        countryButton: countryButton,
        bindPopup: bindPopup,
        pointToLayer: pointToLayer,
        clusterIcon: clusterIcon,
        quietClusters: quietClusters
    };
})();
