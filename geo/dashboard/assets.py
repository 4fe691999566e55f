"""Serve the map's JavaScript and CSS from the dashboard itself instead of public CDNs.

In: the installed xstatic packages (Leaflet, Leaflet.markercluster, jQuery) and a
``static/`` directory next to ``dashboard.py`` that Streamlit serves at ``/app/static/``
(``server.enableStaticServing = true``).
Out: ``install_static`` copies the files to ``static/vendor/`` and returns that directory;
``use_local_assets`` points folium's class-level asset lists at those local URLs, so a
rendered map names no ``http(s)://`` script or stylesheet and works with no internet.
``map_css`` and ``map_js`` read the map's own style and code
(``geo/resources/dashboard/map/``), which ``geo.dashboard.mapview.leaflet`` inlines into the
map's page; ``page_js`` the dashboard page's own scripts (``geo/resources/dashboard/page/``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import folium
import folium.plugins
import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_markercluster

from geo import reference

DEFAULT_BASE_URL = "/app/static/vendor"

# (package, files or directories relative to its BASE_DIR, target sub-directory)
_SOURCES: tuple[tuple[object, tuple[str, ...], str], ...] = (
    (xs_leaflet, ("leaflet.js", "leaflet.css", "images"), "leaflet"),
    (
        xs_markercluster,
        ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"),
        "markercluster",
    ),
    (xs_jquery, ("jquery.min.js",), "jquery"),
)


def _files_to_copy(vendor_dir: Path) -> list[tuple[Path, Path]]:
    pairs: list[tuple[Path, Path]] = []
    for package, names, target in _SOURCES:
        base = Path(package.BASE_DIR)
        for name in names:
            src = base / name
            if src.is_dir():
                for child in sorted(src.iterdir()):
                    if child.is_file():
                        pairs.append((child, vendor_dir / target / name / child.name))
            else:
                pairs.append((src, vendor_dir / target / name))
    return pairs


def _is_current(src: Path, dst: Path) -> bool:
    try:
        s, d = src.stat(), dst.stat()
    except FileNotFoundError:
        return False
    return s.st_size == d.st_size and int(s.st_mtime) == int(d.st_mtime)


def install_static(static_dir: Path) -> Path:
    """Copy the vendored map assets into ``static_dir / "vendor"`` and return that path.

    Idempotent: files whose size and mtime already match are left alone, so calling it
    on every Streamlit rerun costs a few ``stat`` calls. Each file is written to a
    temporary name and renamed, because several sessions may call this at once.
    """
    vendor_dir = Path(static_dir) / "vendor"
    for src, dst in _files_to_copy(vendor_dir):
        if _is_current(src, dst):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=f".{dst.name}.")
        os.close(fd)
        try:
            shutil.copy2(src, tmp)
            os.replace(tmp, dst)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return vendor_dir


def local_asset_urls(base_url: str = DEFAULT_BASE_URL) -> dict[str, str]:
    """Return the URL of each vendored file under ``base_url`` (no trailing slash)."""
    base = base_url.rstrip("/")
    return {
        "leaflet_js": f"{base}/leaflet/leaflet.js",
        "leaflet_css": f"{base}/leaflet/leaflet.css",
        "jquery_js": f"{base}/jquery/jquery.min.js",
        "markercluster_js": f"{base}/markercluster/leaflet.markercluster.js",
        "markercluster_css": f"{base}/markercluster/MarkerCluster.css",
        "markercluster_default_css": f"{base}/markercluster/MarkerCluster.Default.css",
    }


def use_local_assets(base_url: str = DEFAULT_BASE_URL) -> None:
    """Point folium's Map and MarkerCluster asset lists at ``base_url``.

    Bootstrap, Font Awesome and awesome-markers are dropped: the map uses circle markers
    and plain HTML labels only, so it needs Leaflet, markercluster and jQuery (which
    folium's GeoJson uses when data is not embedded). This patches class attributes,
    so it affects every map rendered afterwards in this process.
    """
    urls = local_asset_urls(base_url)
    folium.Map.default_js = [("leaflet", urls["leaflet_js"]), ("jquery", urls["jquery_js"])]
    folium.Map.default_css = [("leaflet_css", urls["leaflet_css"])]
    folium.plugins.MarkerCluster.default_js = [("markerclusterjs", urls["markercluster_js"])]
    folium.plugins.MarkerCluster.default_css = [
        ("markerclustercss", urls["markercluster_css"]),
        ("markerclusterdefaultcss", urls["markercluster_default_css"]),
    ]


def _map_file(name: str) -> str:
    return reference.text(f"dashboard/map/{name}")


def map_css() -> str:
    """The map's own styles (``geo/resources/dashboard/map/map.css``)."""
    return _map_file("map.css")


def map_js() -> str:
    """The map's own code (``geo/resources/dashboard/map/map.js``): ``window.vaMap``, the
    Leaflet glue the map's page calls with its data as JSON."""
    return _map_file("map.js")


def page_js(name: str) -> str:
    """A script of the dashboard page itself (``geo/resources/dashboard/page/<name>.js``),
    e.g. ``dates``: Enter applies the dates typed into a date field."""
    return reference.text(f"dashboard/page/{name}.js")


def page_css(name: str) -> str:
    """The styles of a page (``geo/resources/dashboard/page/<name>.css``), e.g. ``curate``."""
    return reference.text(f"dashboard/page/{name}.css")
