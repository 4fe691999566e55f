"""geo.dashboard.mapview.frame: a map made once per view sends the browser exactly what
st_folium sends for it, and is drawn through st_folium's own component."""

import pytest
import streamlit_folium

from geo.dashboard import assets, mapview, store


@pytest.fixture(scope="module", autouse=True)
def local_assets():
    assets.use_local_assets()


@pytest.fixture
def new_map(actions_fixture, repo_dir):
    df = store.load_actions(actions_fixture)
    regions = store.load_regions(repo_dir / "geo" / "resources" / "regions.geojson")
    cities = store.load_cities(repo_dir / "geo" / "resources" / "basemap_cities.csv")
    return lambda: mapview.build_map(df, regions, cities, lang="ru", view_key="type=patrol")


OPTIONS = {"key": "map", "height": 540, "returned_objects": mapview.RETURNED_OBJECTS}


def sent_by_st_folium(folium_map, monkeypatch, **more) -> dict:
    """What st_folium itself hands its component for ``folium_map``."""
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    streamlit_folium.st_folium(folium_map, use_container_width=True, **OPTIONS, **more)
    return sent


def test_a_map_frame_holds_what_st_folium_sends(new_map, monkeypatch):
    frame = mapview.map_frame(new_map(), **OPTIONS)
    direct = sent_by_st_folium(new_map(), monkeypatch)
    assert frame.arguments.keys() == direct.keys()
    for name, value in direct.items():
        if name != "on_change":  # a function made for each call
            assert frame.arguments[name] == value, name
    # The script is the map's (the places' data and map.js), the same key keeps the widget.
    assert '"action-point"' in frame.script and "vaMap" in frame.script
    assert frame.arguments["width"] is None and frame.arguments["height"] == 540


def test_show_map_draws_the_frame_through_st_folium_s_component(new_map, monkeypatch):
    frame = mapview.map_frame(new_map(), **OPTIONS)
    drawn = {}
    clicked = {"last_active_drawing": {"properties": {"kind": "action-point"}}}

    def component(**arguments):
        drawn.update(arguments)
        return clicked

    monkeypatch.setattr(streamlit_folium, "_component_func", component)
    assert mapview.show_map(frame) is clicked  # what a click returns, as from st_folium
    assert drawn == frame.arguments


def test_making_a_frame_leaves_st_folium_as_it_was(new_map):
    before = streamlit_folium._component_func
    mapview.map_frame(new_map(), **OPTIONS)
    assert streamlit_folium._component_func is before


@pytest.fixture
def base_and_view(actions_fixture, repo_dir):
    df = store.load_actions(actions_fixture)
    regions = store.load_regions(repo_dir / "geo" / "resources" / "regions.geojson")
    cities = store.load_cities(repo_dir / "geo" / "resources" / "basemap_cities.csv")

    def make(action_type: str):
        rows = store.filter_actions(df, action_types=[action_type])
        layers = mapview.view_layers(rows, regions, "ru", focus=True, view_key=action_type)
        return mapview.base_map(regions, cities, lang="ru"), layers

    return make


def test_a_view_s_layers_go_as_st_folium_s_feature_group(base_and_view, monkeypatch):
    base, layers = base_and_view("food_for_duty")
    frame = mapview.with_view(mapview.map_frame(base, **OPTIONS), layers)
    same_base, same_layers = base_and_view("food_for_duty")
    direct = sent_by_st_folium(same_base, monkeypatch, feature_group_to_add=same_layers)
    for name, value in direct.items():
        if name != "on_change":
            assert frame.arguments[name] == value, name
    assert '"action-point"' in frame.arguments["feature_group"]
    assert '"action-point"' not in frame.script  # the base map holds no actions
    # ... but loads markercluster: a view with places may follow one without.
    alone = mapview.map_frame(base_and_view("food_for_duty")[0], **OPTIONS)
    assert any("markercluster" in link for link in alone.arguments["js_links"])


def test_every_view_keeps_the_map_s_frame(base_and_view):
    """The same script, so the same widget key: the browser swaps the layers in the map."""
    frames = []
    for action_type in ("patrol", "food_for_duty"):
        base, layers = base_and_view(action_type)
        frames.append(mapview.with_view(mapview.map_frame(base, **OPTIONS), layers))
    patrol, food = frames
    assert patrol.arguments["key"] == food.arguments["key"]
    assert patrol.script == food.script
    assert patrol.arguments["feature_group"] != food.arguments["feature_group"]
