"""Streamlit dashboard: the map, views and exports of the volunteer actions ``geo build`` found.

In: DIR/actions.parquet (else DIR/actions.geojson), where DIR is ``--data DIR`` after ``--``
on the command line, else the GEO_DATA_DIR environment variable, else ``data/`` next to
this file (geo.workspace); one copy in memory for every session, of the columns the page
shows. Region outlines and city labels are read from DIR too if present, else from the
package's tables (geo/resources, geo.reference).
The URL's query parameters hold the view (language, filters, timeline period, tiles):
a copied address reopens the same filtered view.
Out: a page in English, Russian or Kazakh with filters in the sidebar, how fresh the data
is (DIR/build-report.json), counts, an offline map, the actions not on the map
(country-wide), the details of the action clicked on the map, one view under it at a time
(a timeline, actions known only roughly spread over their dates; counts by region and
organisation; a table of the actions), and downloads of what is on screen (CSV, GeoJSON,
briefing PNG and PDF).

    streamlit run dashboard.py                      # data/actions.geojson
    streamlit run dashboard.py -- --data /some/dir  # /some/dir/actions.geojson
    GEO_DATA_DIR=/some/dir streamlit run dashboard.py

All data work lives in geo.dashboard.store, geo.dashboard.view, geo.dashboard.tables,
geo.dashboard.charts, geo.dashboard.mapview and geo.dashboard.brief; this
script lays out the page.
"""

import argparse
import os
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import reference
from geo.dashboard import assets, brief, charts, config, i18n, mapview, store, tables, view
from geo.dataset.confidence import is_doubtful
from geo.workspace import Workspace

APP_DIR = Path(__file__).resolve().parent
CONFIG = config.CONFIG

# The browser tab's title in the page's language: the switch's (below), else the address's.
shown_lang = st.session_state.get("lang", st.query_params.get("lang"))
st.set_page_config(page_title=i18n.t("page_title", shown_lang), page_icon="🗺️", layout="wide")

# --- where the data is ------------------------------------------------------------------
# parse_known_args: under pytest (AppTest) sys.argv holds pytest's own arguments.
parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
parser.add_argument("--data", default=None)
cli, _unknown = parser.parse_known_args(sys.argv[1:])
data_dir = Workspace.resolve(cli.data, env=os.environ, home=APP_DIR).data
# actions.parquet if the build wrote one, else actions.geojson; the last whole dataset, even
# while a build is switching files (geo.dataset.publish).
stamp = store.data_stamp(data_dir)
actions_path, mtime = stamp.path, stamp.mtime
regions_path = store.find_data_file(CONFIG["regions_file"], data_dir, reference.folder())
cities_path = store.find_data_file(CONFIG["cities_file"], data_dir, reference.folder())

# --- map assets served by this app, not by a CDN ---------------------------------------------
assets.install_static(APP_DIR / "static")
base_path = st.get_option("server.baseUrlPath").strip("/")
assets.use_local_assets(("/" + base_path if base_path else "") + assets.DEFAULT_BASE_URL)


@st.cache_resource(show_spinner=False, max_entries=1)
def load_actions(path: str, mtime: float):
    # mtime is only part of the cache key: a new `geo build` invalidates the cache.
    # cache_resource: one frame for every session and rerun, never copied (cache_data
    # copies it on every rerun: 2 s at 100 000 actions). Nothing below changes it.
    actions = store.read_actions(path, store.VIEW_COLUMNS)
    return actions, store.date_bounds(actions), store.options(actions)


@st.cache_resource(show_spinner=False, max_entries=8)
def filtered_actions(path: str, mtime: float, filters: store.Filters) -> pd.DataFrame:
    # The rows of one view, filtered once for the page and every table below: at 100 000
    # actions a filter took 0.4 s (a pyarrow take per column), three times per rerun before.
    # cache_resource, as load_actions: shared, never copied, never changed.
    actions, _bounds, _choices = load_actions(path, mtime)
    return store.apply_filters(actions, filters)


# One view's counts and tables, each computed once for every session that shows it (most
# open the default view; shared links repeat others), and only when its section is shown.
@st.cache_data(show_spinner=False, max_entries=64)
def view_counts(path: str, mtime: float, filters: store.Filters) -> dict[str, int]:
    return tables.summary_counts(filtered_actions(path, mtime, filters))


@st.cache_data(show_spinner=False, max_entries=64)
def count_tables(path: str, mtime: float, filters: store.Filters, lang: str):
    filtered = filtered_actions(path, mtime, filters)
    by_region = tables.counts_by_region(filtered, lang)[["region", "actions"]]
    return by_region, tables.counts_by_organisation(filtered)


@st.cache_data(show_spinner=False, max_entries=64)
def action_table(path: str, mtime: float, filters: store.Filters, lang: str):
    rows = filtered_actions(path, mtime, filters)
    newest = tables.newest_actions(rows, CONFIG["table_max_rows"])
    return tables.table_view(newest, lang), newest["action_id"].nunique()


@st.cache_data(show_spinner=False, max_entries=4)
def load_freshness(data_dir: str, version: str) -> store.Freshness:
    # Keyed by the publication (store.DataStamp.version): a new one reads build-report.json.
    return store.freshness(data_dir)


@st.cache_data(show_spinner=False, max_entries=64)
def timeline_view(path: str, mtime: float, filters: store.Filters, period: str, lang: str):
    # The chart's HTML (None when nothing is dated) and what the note under it counts.
    filtered = filtered_actions(path, mtime, filters)
    per_period = tables.timeline(filtered, period)
    chart = None if per_period.empty else charts.timeline_html(per_period, period, lang)
    return chart, tables.timeline_totals(filtered, period)


@st.cache_data(show_spinner=False)
def load_base(regions: str, cities: str):
    return store.load_regions(regions), store.load_cities(cities)


@st.cache_data(show_spinner=False, max_entries=64)
def country_cards(path: str, mtime: float, filters: store.Filters, lang: str) -> tables.Cards:
    # The cards beside the map (what is not on it): 0.1-0.2 s at 100 000 actions.
    filtered = filtered_actions(path, mtime, filters)
    regions, _cities = load_base(str(regions_path), str(cities_path))
    off_map = mapview.off_map(filtered, regions)
    rows = filtered[filtered["action_id"].isin(off_map["action_id"])]
    return tables.action_cards(rows, CONFIG["list_max"], lang)


@st.cache_resource(show_spinner=False, max_entries=6)
def base_frame(lang: str, tiles: bool) -> mapview.MapFrame:
    # The map under every view (outlines, cities, map.js), made once per language and tiles.
    # Only a click on an action or a shaded region reruns the app (RETURNED_OBJECTS);
    # panning and zooming do not.
    regions, cities = load_base(str(regions_path), str(cities_path))
    return mapview.map_frame(
        mapview.base_map(regions, cities, tiles, lang),
        key="map",
        height=CONFIG["map_height"],
        returned_objects=mapview.RETURNED_OBJECTS,
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def map_of_view(
    path: str, mtime: float, filters: store.Filters, lang: str, tiles: bool, focus: bool
) -> mapview.MapFrame:
    # One view's map, made once for every session that shows it: building it (0.25-0.5 s
    # at 100 000 actions) and st_folium's rendering of it (0.15-0.3 s) were in every
    # rerun of every session. cache_resource: shared, never copied (1-2 MB each).
    # The view's layers go apart from the base map, so a filter change swaps them in the
    # map's frame instead of loading a new frame (mapview.frame).
    regions, _cities = load_base(str(regions_path), str(cities_path))
    layers = mapview.view_layers(
        filtered_actions(path, mtime, filters),
        regions,
        lang,
        # Filtered, the map shows the filtered area (a button on it goes back to the country).
        focus=focus,
        view_key=view.map_key(filters),
    )
    return mapview.with_view(base_frame(lang, tiles), layers)


if not st.get_option("server.enableStaticServing"):
    st.warning(
        "server.enableStaticServing is off, so the map cannot load its scripts: run "
        "`streamlit run dashboard.py` from the repository root (it has .streamlit/config.toml)."
    )

try:
    actions, bounds, choices = load_actions(str(actions_path), mtime)
except store.ActionsFileNotFound as err:
    st.title(i18n.t("title"))
    st.error(str(err))
    st.stop()
regions, cities = load_base(str(regions_path), str(cities_path))

# --- the view: from the URL on a session's first run, then from the widgets --------------
# Query parameters are synced by hand rather than with widgets' bind="query-params": a
# bound multiselect writes its *labels* to the URL, and ours change with the language.
# Here the URL holds stable keys (type keys, English region names).
# What the link asked for that the page did not take is kept (as typed problems, said in the
# language shown) until dismissed; online tiles wait for the user's yes (a link someone sent
# must not make the browser call a tile server).
if "_view_from_url" not in st.session_state:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    link = view.view_from_params(params, bounds, choices)
    st.session_state.update(link.view)
    st.session_state["_link_problems"] = link.problems
    st.session_state["_tiles_asked"] = link.wants_tiles
    st.session_state["_view_from_url"] = True
for key, value in view.default_view(bounds).items():
    st.session_state.setdefault(key, value)
if bounds:
    # The whole range stays the whole range when new data extends it (the page follows the data).
    before = st.session_state.get("_bounds")
    st.session_state["dates"] = view.clamp_dates(st.session_state["dates"], bounds, before)
    st.session_state["_bounds"] = tuple(bounds)


def answer_tiles(turn_on: bool) -> None:
    st.session_state["tiles"] = turn_on
    st.session_state["_tiles_asked"] = False


def dismiss_link_problems() -> None:
    st.session_state["_link_problems"] = []


def reset_filters():
    # The language, timeline period and tiles are not filters: they stay as they are.
    defaults = view.default_view(bounds)
    for key in view.FILTER_KEYS:
        st.session_state[key] = defaults[key]


# --- sidebar: the pages, language and filters --------------------------------------------------
with st.sidebar:
    page_links = st.container()  # named in the language chosen below
    lang = st.radio(
        i18n.switch_label(),
        list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.get,
        horizontal=True,
        key="lang",
    )
    t = i18n.texts(lang)
    type_names = i18n.action_type_labels(lang)
    region_names = i18n.region_labels(lang)
    beneficiary_names = i18n.beneficiary_labels(lang)
    article_languages = i18n.article_language_labels(lang)
    precision_names = i18n.geo_precision_labels(lang)
    # The Curate page opens in this language too (English is the default, not in the URL).
    lang_param = view.lang_param(lang)
    for link in view.page_links(lang):
        page_links.page_link(**link)

    st.header(t["filters"])
    if bounds:
        st.date_input(t["date_range"], min_value=bounds[0], max_value=bounds[1], key="dates")
        # Enter applies typed dates (Streamlit applies them only when the field loses focus).
        st.html(f"<script>{assets.page_js('dates')}</script>", unsafe_allow_javascript=True)
    st.toggle(t["include_undated"], key="undated")

    def pick(label: str, options: list, key: str, names: dict | None = None) -> None:
        """A filter: nothing picked means everything."""
        st.multiselect(
            t[label],
            options,
            format_func=(lambda v: names.get(v, v)) if names else str,
            key=key,
            help=t["empty_all"],
            placeholder=t["all"],
        )

    pick("organisations", choices["organisations"], "org")
    st.checkbox(t["include_branches"], key="branches", help=t["include_branches_help"])
    pick("action_types", choices["action_types"], "type", type_names)
    pick("regions", choices["regions"], "region", region_names)
    if choices["beneficiaries"]:
        pick("beneficiaries", choices["beneficiaries"], "ben", beneficiary_names)
    pick("article_languages", choices["languages"], "alang", article_languages)
    precision_labels = {p: f"{p} · {precision_names.get(p, '')}" for p in choices["precisions"]}
    pick("precision", choices["precisions"], "prec", precision_labels)
    # Default: every record; the rule is geo.dashboard.filters.confidence_keeps.
    confidence_names = i18n.confidence_filter_labels(lang)
    st.radio(
        t["confidence_filter"],
        list(confidence_names),
        format_func=confidence_names.get,
        key="conf",
        help=t["confidence_filter_help"].format(threshold=tables.doubtful_threshold()),
    )
    st.button(t["reset"], on_click=reset_filters, icon=":material/restart_alt:")
    # The Curate page's review queue of the records of this view (geo.curation.review).
    st.page_link(
        "pages/curate.py",
        label=t["review_link"],
        icon=":material/fact_check:",
        query_params=view.params_from_view(st.session_state, bounds) | {"section": "review"},
    )
    st.subheader(t["map_options"])
    online_tiles = st.toggle(t["online_tiles"], key="tiles")
    st.toggle(t["follow"], key="follow", help=t["follow_help"])

filters = view.filters_from_view(st.session_state)
# Any filter set: the map and the briefing image show the filtered area, else the country.
focus = filters != view.filters_from_view(view.default_view(bounds))
filtered = filtered_actions(str(actions_path), mtime, filters)
filters_text = view.describe_filters(filters, lang, bounds)

# --- title and counts ------------------------------------------------------------------------
st.title(t["title"])
if fresh := tables.freshness_line(load_freshness(str(data_dir), stamp.version), lang):
    st.caption(fresh)
st.caption(t["caption"])
if st.session_state["_tiles_asked"] and not st.session_state["tiles"]:
    with st.container(border=True):
        st.info(t["tiles_ask"], icon=":material/public:")
        yes, no, _ = st.columns([1, 1, 3])
        yes.button(t["tiles_confirm"], on_click=answer_tiles, args=(True,), key="tiles_yes")
        no.button(t["tiles_keep_off"], on_click=answer_tiles, args=(False,), key="tiles_no")
if problems := st.session_state["_link_problems"]:
    said = "\n".join("- " + tables.escape_markdown(view.problem_words(p, lang)) for p in problems)
    st.warning(f"{t['link_notice']}\n\n{said}", icon=":material/link_off:")
    st.button(t["link_notice_dismiss"], on_click=dismiss_link_problems, key="link_ok")
st.markdown(f"**{t['showing']}:** {tables.escape_markdown(filters_text)}")
counts = view_counts(str(actions_path), mtime, filters)
c1, c2, c3, c4 = st.columns(4)
c1.metric(t["metric_actions"], counts["actions"])
c2.metric(t["metric_places"], counts["places"])
c3.metric(t["metric_organisations"], counts["organisations"])
c4.metric(t["metric_country"], counts["country"])


def show_confidence(sure: list[tuple]) -> None:
    """A card's confidence, one line per place (named when the action has several), least
    sure first: "Confidence: 42% · doubtful — <reasons in words>"; a sure one's reasons
    wait in the line's help (eight reasons under every card crowded the list beside the map)."""
    for place, confidence, reasons in sure:
        said = tables.escape_markdown(tables.confidence_label(confidence, lang))
        words = "; ".join(tables.reason_words(reasons, lang))
        head = tables.escape_markdown(
            f"{t['f_confidence']}: " + (f"{place}: " if len(sure) > 1 else "")
        )
        if is_doubtful(confidence):
            why = " — " + tables.escape_markdown(words) if words else ""
            st.caption(f"{head}:orange[{said}]{why}")
        else:
            st.caption(head + said, help=words or None)


def cards(rows: pd.DataFrame) -> tables.Cards:
    return tables.action_cards(rows, CONFIG["list_max"], lang)


def show_actions(listed: tables.Cards, container) -> None:
    """One bordered card per action: summary, date · organisations · places, how sure its
    places are (confidence and reasons), evidence, sources (http(s) ones as link buttons);
    the newest CONFIG["list_max"] of them."""
    if listed.total > len(listed.rows):
        container.caption(t["list_more"].format(shown=len(listed.rows), n=listed.total))
    confidences = listed.confidences
    for row in listed.rows:
        with container, st.container(border=True):
            st.markdown("**" + tables.escape_markdown(row["summary"]) + "**")
            dates = tables.format_dates(
                row["date_start"], row["date_end"], row["time_precision"], lang
            )
            orgs = "; ".join(dict.fromkeys((*row["organisations"], *row["sponsors"]))) or "—"
            places = "; ".join(row["places"])
            # Lines that follow each other share one caption, each on its line: every
            # element costs the browser time (ten cards beside the map were 80 of the
            # page's 150 elements at 100 000 actions).
            about = [tables.escape_markdown(f"{dates} · {orgs} · {places}")]
            if told := t.get(f"place_from_{row['place_source']}"):  # not its own sentence
                about.append(told)
            if row["beneficiaries"] or row["quantities"]:
                helped = [beneficiary_names.get(b, b) for b in row["beneficiaries"]]
                amounts = tables.amounts(row["quantities"], lang)
                about.append(tables.escape_markdown(" · ".join([*helped, *amounts])))
            st.caption("  \n".join(about))
            show_confidence(confidences.get(row["action_id"], []))
            links = [s for s in row["sources"] if tables.is_http_url(s)]
            quoted = ["> " + tables.escape_markdown(row["evidence"])] if row["evidence"] else []
            named = [tables.escape_markdown(s) for s in row["sources"] if s not in links]
            if quoted or named:
                st.caption("\n\n".join([*quoted, *named]))
            for source in links:
                # A button's label is Markdown too (links, images, icons, colours).
                label = t["open_link"] + " " + tables.escape_markdown(source[:60])
                st.link_button(label, source.strip())
            if row["edited"]:
                st.caption(t["edited_note"])
            # The Curate page (pages/curate.py) opens the action to correct it.
            st.page_link(
                "pages/curate.py",
                label=t["correct_link"],
                icon=":material/edit:",
                query_params={"action": row["action_id"]} | lang_param,
            )


# --- new data: the page follows the data folder ------------------------------------------------
# A dataset published by `geo build`, `geo watch` or the Curate page is shown within
# CONFIG["data_check_seconds"]: the whole page reruns, filters, view and map position kept
# (the map keeps its own, map.js), and the actions new since the page was opened are
# counted and listed until marked as seen.
@st.fragment(run_every=CONFIG["data_check_seconds"])
def follow_the_data() -> None:
    if store.data_stamp(data_dir) != stamp:
        st.rerun(scope="app")


def mark_seen(path: str, seen: float) -> None:
    st.session_state["_seen"] = (path, seen)


@st.cache_resource(show_spinner=False, max_entries=4)
def action_ids(path: str, mtime: float) -> frozenset:
    # The actions of one published dataset, once for every session: a session keeps only
    # the stamp it opened with (a set of 100 000 ids in each session was tens of MB). A
    # dataset four publications old has left the cache: its ids are then the file's now,
    # and nothing is called new.
    actions, _bounds, _choices = load_actions(path, mtime)
    return frozenset(actions["action_id"])


# Only when asked for (a switch; `follow=1` in the link): in the load test, 20 sessions all
# looking every few seconds on 2 cores starved the server (7 CPU-s a session against 1.3,
# and pages waited minutes for their map), so the looking is each analyst's choice.
if st.session_state["follow"]:
    follow_the_data()
action_ids(str(actions_path), mtime)  # kept while it is the dataset: the next one compares
seen_path, seen_mtime = st.session_state.setdefault("_seen", (str(actions_path), mtime))
if seen_mtime != mtime:
    new = filtered[~filtered["action_id"].isin(action_ids(seen_path, seen_mtime))]
    if n_new := new["action_id"].nunique():
        with st.container(border=True):
            st.info(t["new_actions"].format(n=n_new), icon=":material/fiber_new:")
            with st.expander(t["new_actions_show"]):
                show_actions(cards(new), st.container())
            st.button(
                t["new_actions_seen"],
                on_click=mark_seen,
                args=(str(actions_path), mtime),
                key="new_seen",
            )

# --- map, what was clicked on it, and what is not on it -----------------------------------------
map_col, side_col = st.columns([3, 1])
with map_col:
    st.subheader(t["map_header"])
    returned = mapview.show_map(
        map_of_view(str(actions_path), mtime, filters, lang, online_tiles, focus)
    )
    st.caption(t["map_note"].format(threshold=tables.doubtful_threshold()))
    st.subheader(t["details_header"])
    click = mapview.clicked(returned)
    selected = tables.action_details(filtered, **click)
    if selected.empty:
        st.info(t["details_hint"])
    elif heading := mapview.details_heading(filtered, lang, **click):
        st.markdown("**" + tables.escape_markdown(heading) + "**")
    show_actions(cards(selected), st.container())

with side_col:
    st.subheader(t["country_header"])
    country = country_cards(str(actions_path), mtime, filters, lang)
    if not country.total:
        st.info(t["country_empty"])
    # A fixed height keeps a long list beside the map instead of pushing the views down.
    show_actions(country, st.container(height=CONFIG["map_height"], border=False))

# --- under the map: one view at a time, drawn only when chosen -----------------------------------
section = st.segmented_control(
    t["sections"],
    view.SECTIONS,
    format_func=lambda s: t[f"section_{s}"],
    required=True,
    key="section",
)


def count_columns(rows: pd.DataFrame) -> dict:
    """A count table's columns: its bars run to its own largest row (scaled to all the
    actions, at 5 000 actions every bar was a sliver)."""
    return {
        "region": st.column_config.TextColumn(t["count_region"], width="medium"),
        "organisation": st.column_config.TextColumn(t["count_organisation"], width="medium"),
        "actions": st.column_config.ProgressColumn(
            t["count_actions"],
            format="%d",
            min_value=0,
            max_value=int(max(rows["actions"].max() if len(rows) else 0, 1)),
            width="medium",
        ),
    }


if section == "timeline":
    st.subheader(t["timeline_header"])
    period = st.radio(
        t["period"],
        view.PERIODS,
        format_func=lambda p: t[p],
        horizontal=True,
        key="period",
    )
    chart, dated = timeline_view(str(actions_path), mtime, filters, period, lang)
    if chart is None:
        st.info(t["no_rows"])
    else:
        st.html(chart)  # every text in it escaped (charts), and sanitised by st.html
        if dated["spread"]:
            st.caption(t["timeline_spread_note"].format(n=dated["spread"], total=dated["dated"]))
    if undated := tables.undated_actions(filtered):
        st.caption(t["timeline_undated"].format(n=undated))
elif section == "counts":
    by_region, by_organisation = count_tables(str(actions_path), mtime, filters, lang)
    region_col, org_col = st.columns(2)
    for column, header, rows in (
        (region_col, "by_region_header", by_region),
        (org_col, "by_org_header", by_organisation),
    ):
        column.subheader(t[header])
        column.dataframe(rows, hide_index=True, width="stretch", column_config=count_columns(rows))
else:
    st.subheader(t["table_header"])
    st.caption(t["table_note"])
    if filtered.empty:
        st.info(t["no_rows"])
    table, table_actions = action_table(str(actions_path), mtime, filters, lang)
    # The newest rows only: 100 000 rows were ~70 MB to send on every rerun.
    if (n := counts["actions"]) > table_actions:
        st.caption(t["table_capped"].format(shown=table_actions, n=n))
    headers = t["columns"]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            **headers,
            "date_start": st.column_config.DateColumn(headers["date_start"]),
            "date_end": st.column_config.DateColumn(headers["date_end"]),
            # Only http(s) sources are in "link" (tables.table_view), so only they are links.
            "link": st.column_config.LinkColumn(headers["link"], display_text=t["open_link"]),
        },
    )

st.markdown(f"**{t['downloads']}**")
# One row of buttons as wide as their labels, wrapping when the page is narrow: in five
# equal columns the Kazakh labels were cut ("CSV, тақырыптары қа…").
downloads = st.container(horizontal=True)


def file_name(stem: str, ext: str) -> str:
    return view.file_name(CONFIG[stem], filters, ext)


# Every file is made only when its button is clicked (a callable), not on every rerun: at
# 10 000 actions the CSV took a second of each rerun and kept 7 MB per session.
# The CSV with headers in the language shown is .<lang>.csv.
for labelled, label, ext in (
    (False, "download", "csv"),
    (True, "download_localised", f"{lang}.csv"),
):
    downloads.download_button(
        t[label],
        data=lambda labelled=labelled: tables.actions_csv_bytes(filtered, lang, labelled),
        file_name=file_name("download_stem", ext),
        mime="text/csv",
        on_click="ignore",
        key="download_csv_labelled" if labelled else "download_csv",
    )
downloads.download_button(
    t["download_geojson"],
    # Every column, read from the file for these rows only (the page holds fewer columns).
    data=lambda: tables.to_geojson_bytes(store.whole_rows(actions_path, filtered)),
    file_name=file_name("download_stem", "geojson"),
    mime="application/geo+json",
    on_click="ignore",
    key="download_geojson",
)
for fmt, mime in (("png", "image/png"), ("pdf", "application/pdf")):
    downloads.download_button(
        t[f"download_{fmt}"],
        data=lambda fmt=fmt: brief.render_brief_bytes(
            filtered,
            filters_text,
            regions,
            cities,
            fmt=fmt,
            lang=lang,
            freshness=load_freshness(str(data_dir), stamp.version),
            whole_country=not focus,  # the same area as the map above
        ),
        file_name=file_name("brief_stem", fmt),
        mime=mime,
        on_click="ignore",
        key=f"download_{fmt}",
    )

# --- the view into the URL (the dates, and what differs from the defaults) --------------------
wanted = view.params_from_view(st.session_state, bounds)
for key in view.URL_PARAMS:
    if key in wanted and st.query_params.get_all(key) != wanted[key]:
        st.query_params[key] = wanted[key]
    elif key not in wanted and key in st.query_params:
        del st.query_params[key]
