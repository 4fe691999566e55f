"""A map made once per view and drawn by every session that shows the view.

In: a ``folium.Map`` (``base_map``, or a whole map, ``build_map``), st_folium's options
(height, width, what a click returns, the widget's key) and a view's layers
(``view_layers``).
Out: ``map_frame(folium_map, ...) -> MapFrame``, everything st_folium would send the
browser for that map; ``with_view(frame, layers)``, the same with a view's layers as
st_folium's ``feature_group_to_add``; ``show_map(frame)`` draws it and returns what
st_folium returns (the last click).
How: st_folium renders the map to its script (three renders of the whole map, the JSON of
every place) on every rerun of every session: at 100 000 actions 0.15-0.3 s, after
``build_map``'s 0.25-0.5 s. ``map_frame`` runs st_folium's own code once with its
component call recorded instead of made, so the arguments are exactly st_folium's
(``tests/unit/dashboard/test_frame.py`` compares them); the dashboard keeps the frame in a
cache per view (dashboard.py ``map_of_view``) and ``show_map`` makes the component call
with them. The recording uses a copy of ``st_folium`` whose only change is the
component function it calls, so sessions drawing maps at the same time are not touched.

The view's layers go as st_folium's ``feature_group_to_add``: the map's own script (and
so the widget's key, a hash of it) is then the same for every view in one language, and
the browser keeps the map's frame and swaps the layers in it. A whole new frame for each
view (its page, Leaflet, the base map) took 0.3-0.45 s of the browser's time of a filter
change at 100 000 actions (load 5-6), after the server's. The base map's frame is made
once (the dashboard caches it per language and tiles): st_folium's renders of it were
0.2 s of each new view at load 5 (0.06 s idle), and ``with_view`` renders only the view's
layers, as st_folium does (``tests/unit/dashboard/test_frame.py`` compares them).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import folium


@dataclass(frozen=True)
class MapFrame:
    """st_folium's component arguments for one map (the script, its header and links,
    the widget's key, the default value, ``on_change``, which stores a click in the
    session's state under the key given to ``map_frame``)."""

    arguments: dict[str, Any]

    @property
    def script(self) -> str:
        return self.arguments["script"]


def _st_folium_calling(component: Callable[..., Any]) -> Callable[..., Any]:
    """``streamlit_folium.st_folium`` calling ``component`` instead of its component."""
    streamlit_folium = _streamlit_folium()
    original = streamlit_folium.st_folium
    scope = {**vars(streamlit_folium), "_component_func": component}
    copy = types.FunctionType(
        original.__code__, scope, original.__name__, original.__defaults__, original.__closure__
    )
    copy.__kwdefaults__ = original.__kwdefaults__
    return copy


def map_frame(
    folium_map: folium.Map,
    *,
    key: str,
    height: int,
    returned_objects: Sequence[str],
    use_container_width: bool = True,
) -> MapFrame:
    """What ``st_folium(folium_map, key=key, height=height, use_container_width=...,
    returned_objects=...)`` would send; ``folium_map`` is rendered (and changed) on the way."""
    recorded: dict[str, Any] = {}

    def record(**arguments: Any) -> None:
        recorded.update(arguments)

    _st_folium_calling(record)(
        folium_map,
        key=key,
        height=height,
        use_container_width=use_container_width,
        returned_objects=list(returned_objects),
    )
    return MapFrame(recorded)


def with_view(frame: MapFrame, view: folium.FeatureGroup) -> MapFrame:
    """``frame`` with ``view`` as its layers: what st_folium sends for ``frame``'s map
    with ``feature_group_to_add=view``. ``view`` is rendered in a map of its own, whose
    name st_folium turns into the frame's map's, as it does the frame's map's."""
    layers = _streamlit_folium()._get_feature_group_string(view, map=folium.Map(tiles=None), idx=0)
    return MapFrame({**frame.arguments, "feature_group": layers})


def show_map(frame: MapFrame) -> Any:
    """Draw ``frame`` as st_folium draws its map; returns what st_folium returns."""
    return _streamlit_folium()._component_func(**frame.arguments)


def _streamlit_folium():
    """streamlit_folium, imported when a map is drawn: importing it declares its component,
    which outside a Streamlit run logs "missing ScriptRunContext" (the command line's
    ``geo brief`` and ``geo review`` import this package and draw no map)."""
    import streamlit_folium

    return streamlit_folium
