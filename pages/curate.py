"""Curate: analysts add articles, correct what the machine got wrong and teach the gazetteer
new places; every change is saved as data and the map is rebuilt from it.

In: the dataset folder as the dashboard finds it (``--data DIR``, else GEO_DATA_DIR, else
``data/``), the corpus it was built from (``--corpus DIR``, else GEO_CORPUS_DIR, else
``seeds/``) and the corrections file (``--corrections FILE``, else GEO_CORRECTIONS, else
``data/corrections.toml``). ``?action=ID`` in the address opens that action under "Correct
a record" (the map's details panel links here so).
Out: articles saved under CORPUS/added/, corrections appended to the corrections file,
places to ``data/places_added.csv``; after each, the dataset is rebuilt and the map page
shows it on its next run.

    streamlit run dashboard.py -- --data DIR --corpus CORPUS   # then "curate" in the sidebar

The work lives in geo.curation.curate (with geo.curation.intake, geo.dataset.corrections and
geo.dataset.build); this script
lays out the page. Text from articles is shown escaped, as on the map page.
"""

import datetime as dt
import os
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo import reference as taxonomy
from geo.curation import curate, intake
from geo.dashboard import assets, config, i18n, store, tables
from geo.ingest.corpus import ARTICLE_SUFFIXES
from geo.ingest.metadata import LANGUAGES

APP_DIR = Path(__file__).resolve().parent.parent
SECTIONS = {
    "article": "Add an article",
    "correct": "Correct a record",
    "place": "Teach the gazetteer",
}

st.set_page_config(page_title=f"Curate · {i18n.t('page_title')}", page_icon="✏️", layout="wide")
where = curate.locate(sys.argv[1:], os.environ)
# The place picker is a folium map: its scripts come from this app, as on the map page.
assets.install_static(APP_DIR / "static")
base_path = st.get_option("server.baseUrlPath").strip("/")
assets.use_local_assets(("/" + base_path if base_path else "") + assets.DEFAULT_BASE_URL)
esc = tables.escape_markdown
type_names = i18n.action_type_labels("en")
helped_names = taxonomy.beneficiary_labels("en")

# Fields to empty and the message of the change just saved (set before st.rerun below).
# Set, not deleted: only a value set here reaches the fields already in the browser.
st.session_state.update(st.session_state.pop("_reset", {}))
flash = st.session_state.pop("_done", None)


def done(level: str, message: str, lines: list[str] = (), reset: dict | None = None) -> None:
    """Say how the change went on the next run, which reads the rebuilt dataset."""
    st.session_state["_done"] = (level, message, list(lines))
    st.session_state["_reset"] = reset or {}
    st.rerun()


def rebuild(what: str):
    with st.spinner(what, show_time=True):
        return curate.rebuild(where)


st.title("Curate the map")
st.caption(
    "Add articles, correct what the machine got wrong, teach the gazetteer new places. "
    "Each change is kept as data, survives every rebuild and is marked ✎ on the map."
)
if flash:
    level, message, lines = flash
    (st.success if level == "success" else st.warning)(esc(message))
    for line in lines:
        st.caption(esc(line))

features = curate.read_features(where.data)
found = curate.actions(features)
report = curate.read_report(where.data)

with st.sidebar:
    who = st.text_input(
        "Your name",
        key="who",
        persist_state="session",
        help="Saved with every article, correction and place you add.",
    )
    st.caption(
        esc(f"Dataset: {where.data}  \nCorpus: {where.corpus}  \nCorrections: {where.corrections}")
    )

if problem := curate.corpus_problem(where, report):
    st.error(esc(problem))
    st.stop()

# ?action=ID (a link from the map's details panel): that action, under "Correct a record".
wanted = st.query_params.get("action")
if wanted and (
    st.session_state.get("_action_from_url") != wanted or "section" not in st.session_state
):
    st.session_state["_action_from_url"] = wanted
    st.session_state.update(section="correct", find="", pick=wanted if wanted in found else None)
section = st.radio(
    "What to do",
    list(SECTIONS),
    format_func=SECTIONS.get,
    horizontal=True,
    key="section",
    label_visibility="collapsed",
)

# --- add an article ----------------------------------------------------------------------
if section == "article":
    st.subheader(SECTIONS["article"])
    st.caption(
        "A news article about a volunteer action: upload its web page or text file, or paste "
        f"its text. It is saved in {esc(where.corpus / intake.ADDED_FOLDER)}/ with what you "
        "say about it, read, and put on the map."
    )
    n = st.session_state.setdefault("_uploads", 0)
    with st.form("article"):
        upload = st.file_uploader(
            f"Upload a .txt or .html file (at most {intake.MAX_UPLOAD >> 20} MB)",
            type=sorted(ARTICLE_SUFFIXES),
            max_upload_size=intake.MAX_UPLOAD >> 20,
            key=f"upload-{n}",
        )
        pasted = st.text_area("… or paste the article's text", key="paste", height=220)
        c1, c2, c3 = st.columns(3)
        url = c1.text_input("Source URL", key="url", placeholder="https://…")
        published = c2.text_input(
            "Publication date", key="published", placeholder="YYYY-MM-DD, YYYY-MM or YYYY"
        )
        language = c3.selectbox(
            "Language",
            ["", *LANGUAGES],
            format_func=lambda code: i18n.article_language_labels("en").get(
                code, "detect from its letters"
            ),
            key="language",
        )
        submitted = st.form_submit_button("Save and rebuild the map", type="primary")
    if submitted:
        try:
            if upload is not None and pasted.strip():
                raise ValueError("upload a file or paste the text, not both")
            if upload is None and not pasted.strip():
                raise ValueError("upload a file or paste the article's text")
            content, name = (upload.getvalue(), upload.name) if upload else (pasted, "")
            path = curate.add_article(
                where, content, name, url=url, published=published, language=language, who=who
            )
        except ValueError as err:
            st.error(esc(f"Not saved: {err}"))
        else:
            result = rebuild("Reading the article and rebuilding the map…")
            told = curate.findings(result, path, where.corpus)
            st.session_state["_uploads"] = n + 1
            saved = path.relative_to(where.corpus).as_posix()
            lines = [f"• {a['summary']} ({a['action_id']})" for a in told["actions"]]
            if told["unresolved"]:
                lines.append(
                    "Not in the gazetteer: "
                    + ", ".join(told["unresolved"])
                    + f" (see “{SECTIONS['place']}”)"
                )
            if not told["file"].processed:
                message = f"Saved as {saved}, but the build skipped it: {told['file'].reason}"
                done("warning", message, lines)
            elif not told["actions"]:
                done("warning", f"Saved as {saved}; the extractor found no action in it.", lines)
            places = "; ".join(told["places"])
            message = f"Saved as {saved}: {len(told['actions'])} action(s) at {places}. "
            done(
                "success",
                message + "The map shows them now.",
                lines,
                reset={"paste": "", "url": "", "published": "", "language": ""},
            )

# --- correct a record ----------------------------------------------------------------------
elif section == "correct":
    st.subheader(SECTIONS["correct"])
    if not found:
        st.info(esc(f"No dataset in {where.data} yet: add an article, or run geo build."))
        st.stop()
    query = st.text_input(
        "Find an action",
        key="find",
        placeholder="words of its summary, organisation, place or evidence; or its id",
    )
    hits = curate.search(found, query)
    options = [a.id for a in hits]
    if "pick" not in st.session_state and wanted in found:
        st.session_state["pick"] = wanted
    if st.session_state.get("pick") in found and st.session_state["pick"] not in options:
        options.insert(0, st.session_state["pick"])
    pick = st.selectbox(
        f"Action ({len(hits)} found)",
        options,
        index=None,
        format_func=lambda action_id: found[action_id].label(),
        placeholder="choose an action",
        key="pick",
    )
    if pick and st.query_params.get("action") != pick:
        st.query_params["action"] = pick
        st.session_state["_action_from_url"] = pick

    if pick:
        action = found[pick]
        p = action.props
        with st.container(border=True):
            st.markdown("**" + esc(p.get("summary")) + "**")
            orgs = "; ".join(p.get("organisations") or []) or "no organisation"
            kind = type_names.get(p.get("action_type"), p.get("action_type"))
            st.caption(esc(f"{kind} · {action.when} · {orgs}"))
            for place in action.places:
                point = "" if place["lat"] is None else f", {place['lat']:.4f}, {place['lon']:.4f}"
                st.caption(esc(f"at {place['place']} ({place['place_kind']}{point})"))
            if p.get("beneficiaries"):
                helped = [helped_names.get(b, b) for b in p["beneficiaries"]]
                st.caption(esc("Helped: " + "; ".join(helped)))
            if p.get("evidence"):
                st.caption("> " + esc(p["evidence"]))
            st.caption(esc(f"Article {p['doc_id']} · " + " ".join(p.get("sources") or [])))
            if p.get("edited"):
                st.caption(esc("✎ edited by an analyst: " + ", ".join(p.get("corrections") or [])))

        change = st.radio(
            "What is wrong",
            list(curate.CHANGES),
            format_func=i18n.curate_texts("en")["changes"].get,
            key="change",
        )
        fields: dict = {}
        if change == "move":
            if len(action.places) > 1:
                fields["from_place_id"] = st.selectbox(
                    "Which of its places moves",
                    [place["place_id"] for place in action.places],
                    format_func=lambda i: next(
                        x["place"] for x in action.places if x["place_id"] == i
                    ),
                    key="from_place",
                )
            to = st.radio(
                "To",
                ["gazetteer", "point"],
                format_func={
                    "gazetteer": "a place of the gazetteer",
                    "point": "a point (latitude, longitude)",
                }.get,
                horizontal=True,
                key="move_to",
            )
            if to == "gazetteer":
                place_query = st.text_input(
                    "Search the gazetteer", key="place_query", placeholder="Темиртау, Temirtau, …"
                )
                located = {}
                if place_query.strip():
                    for loc in curate.geocoder().geocode(place_query, exactly_one=False) or []:
                        located.setdefault(loc.raw["place_id"], loc)
                    if not located:
                        st.warning(
                            "Not in the gazetteer: type its point, or teach the gazetteer first."
                        )
                if located:  # a list per search: its first place is picked until you choose
                    fields["place_id"] = st.selectbox(
                        "Place",
                        list(located),
                        format_func=lambda i: (
                            f"{located[i].address} · {located[i].raw['kind']} · "
                            f"{located[i].latitude:.4f}, {located[i].longitude:.4f}"
                        ),
                        key=f"place_pick:{place_query.strip()}",
                    )
            else:
                c1, c2, c3 = st.columns(3)
                fields["lat"] = c1.number_input(
                    "Latitude", -90.0, 90.0, value=None, format="%.5f", key="move_lat"
                )
                fields["lon"] = c2.number_input(
                    "Longitude", -180.0, 180.0, value=None, format="%.5f", key="move_lon"
                )
                fields["place"] = c3.text_input("Name of the place", key="move_name")
        elif change == "edit":
            if st.session_state.get("_edit_for") != pick or "edit_orgs" not in st.session_state:
                start, end = p.get("date_start"), p.get("date_end")
                st.session_state.update(
                    _edit_for=pick,
                    edit_orgs="; ".join(p.get("organisations") or []),
                    edit_type=p.get("action_type") if p.get("action_type") in type_names else None,
                    edit_helped=[b for b in p.get("beneficiaries") or [] if b in helped_names],
                    edit_start=dt.date.fromisoformat(start) if start else None,
                    edit_end=dt.date.fromisoformat(end) if end else None,
                )
            orgs_text = st.text_input("Organisations (separated by ;)", key="edit_orgs")
            new_type = st.selectbox(
                "Type", list(type_names), index=None, format_func=type_names.get, key="edit_type"
            )
            new_helped = st.multiselect(
                "Who was helped",
                list(helped_names),
                format_func=helped_names.get,
                key="edit_helped",
            )
            c1, c2 = st.columns(2)
            new_start = c1.date_input("From", value=None, key="edit_start")
            new_end = c2.date_input("To", value=None, key="edit_end")
        elif change == "delete":
            st.caption("It disappears from the map, the table and the exports; the file keeps why.")
        else:
            into_query = st.text_input("Find the action to keep", key="into_find")
            others = [a.id for a in curate.search(found, into_query) if a.id != pick]
            fields["into"] = st.selectbox(
                "Keep this action (it takes this one's sources)",
                others,
                index=None,
                format_func=lambda action_id: found[action_id].label(),
                placeholder="choose an action",
                key="into",
            )
        why = st.text_input(
            "Why", key="why", placeholder="what the machine got wrong, and how you know"
        )
        if st.button("Save the correction and rebuild the map", type="primary", key="save"):
            try:
                if change == "move":
                    fields = curate.move_fields(action, **fields)
                elif change == "edit":
                    fields = curate.edit_changes(
                        action, orgs_text, new_type, new_helped, new_start, new_end
                    )
                entry = curate.new_correction(action, change, who, why, **fields)
                saved = curate.save_correction(where, entry)
            except ValueError as err:
                st.error(esc(f"Not saved: {err}"))
            else:
                result = rebuild("Applying the correction and rebuilding the map…")
                what = f"{change} {pick}: {curate.describe(saved)}".rstrip(": ")
                if curate.applied(result, saved["id"]):
                    done(
                        "success",
                        f"Saved correction {saved['id']} ({what}) and rebuilt the map.",
                        curate.now_shown(result, pick),
                        reset={"why": "", "_edit_for": None},
                    )
                done(
                    "warning",
                    f"Saved correction {saved['id']} ({what}), but the build could not apply it.",
                    curate.not_applied(result),
                )

    st.subheader("Corrections so far")
    entries = curate.read_corrections(where.corrections)
    if entries:
        st.dataframe(
            [
                {
                    "id": e.get("id"),
                    "when": str(e.get("when", "")),
                    "who": e.get("who"),
                    "change": e.get("change"),
                    "action": e.get("action_id"),
                    "what": curate.describe(e),
                    "why": e.get("why"),
                }
                for e in entries
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption(esc(f"None yet in {where.corrections}."))
    not_applied = (report.get("corrections") or {}).get("not_applied") or []
    if not_applied:
        st.warning(f"The last build could not apply {len(not_applied)} of them:")
        for line in not_applied:
            st.caption(esc(line))
    elif entries:
        st.caption(
            f"The last build applied all {(report.get('corrections') or {}).get('applied', 0)}."
        )

# --- teach the gazetteer -----------------------------------------------------------------------
else:
    st.subheader(SECTIONS["place"])
    st.caption(
        "A village or district the gazetteer lacks: name it, click its point on the map (or "
        "type it) and say its district. Every article is read again with it."
    )
    names = curate.unresolved(report)
    picked_name = None
    if names:
        articles = dict(names)
        picked_name = st.selectbox(
            f"Names the last build could not place ({len(names)})",
            list(articles),
            index=None,
            format_func=lambda name: f"{name} (in {len(articles[name])} article(s))",
            placeholder="choose a name",
            key="unresolved_pick",
        )
    else:
        st.info("The last build placed every place name it read.")
    if picked_name and st.session_state.get("_place_for") != picked_name:
        st.session_state.update(_place_for=picked_name, place_ru=picked_name)
    c1, c2, c3, c4 = st.columns(4)
    name_ru = c1.text_input("Name (Russian)", key="place_ru")
    name_kk = c2.text_input("Name (Kazakh)", key="place_kk")
    name_en = c3.text_input("Name (English, optional)", key="place_en")
    kind = c4.radio("Kind", intake.PLACE_KINDS, horizontal=True, key="place_kind")

    gaz = curate.geocoder().gazetteer
    # The point typed or clicked so far (the inputs below hold the same values).
    lat, lon = st.session_state.get("place_lat"), st.session_state.get("place_lon")
    region = gaz.region_at(lat, lon) if lat is not None and lon is not None else None
    choices = dict(curate.districts(gaz, region))
    map_col, point_col = st.columns([3, 2])
    with map_col:
        regions_path = store.find_data_file(
            str(config.CONFIG["regions_file"]), where.data, APP_DIR / "geo" / "resources"
        )
        picked = st_folium(
            curate.pick_map(
                store.load_regions(regions_path),
                (lat, lon) if lat is not None and lon is not None else None,
                st.session_state.get("place_tiles", False),
                [(label, gaz.places[i].lat, gaz.places[i].lon) for i, label in choices.items()],
            ),
            height=380,
            use_container_width=True,
            returned_objects=["last_clicked"],
            key="place_map",
        )
        clicked = (picked or {}).get("last_clicked")
        if clicked and clicked != st.session_state.get("_last_click"):
            st.session_state.update(
                _last_click=clicked,
                place_lat=round(float(clicked["lat"]), 5),
                place_lon=round(float(clicked["lng"]), 5),
            )
            st.rerun()
        st.caption("Click the place's point on the map.")
    with point_col:
        lat = st.number_input("Latitude", -90.0, 90.0, value=None, format="%.5f", key="place_lat")
        lon = st.number_input(
            "Longitude", -180.0, 180.0, value=None, format="%.5f", key="place_lon"
        )
        st.toggle("Online map tiles (OpenStreetMap)", key="place_tiles")
        if lat is not None and lon is not None and region is None:
            st.warning("That point is not in Kazakhstan.")
        elif region:
            st.caption(esc(f"In {region}."))
        district = st.selectbox(
            "District",
            ["", *choices],
            format_func=lambda i: choices.get(i, "—"),
            key="place_district",
        )
    if st.button("Add the place and rebuild the map", type="primary", key="save_place"):
        try:
            row = curate.add_place(
                where,
                name_ru,
                kind,
                lat,
                lon,
                name_kk=name_kk,
                name_en=name_en,
                district_id=district,
                who=who,
            )
        except ValueError as err:
            st.error(esc(f"Not added: {err}"))
        else:
            result = rebuild("The gazetteer changed: reading every article again…")
            left = {n for names_ in result.unresolved.values() for n in names_}
            message = f"Added {row['name_ru']} ({row['admin1']}) to {intake.PLACES_ADDED.name}."
            if picked_name and picked_name in left:
                done(
                    "warning",
                    message + f" “{picked_name}” is still not placed.",
                    ["The article may write it in another form: add that form as its name."],
                )
            done(
                "success",
                message + " Every article was read again with it.",
                [f"“{picked_name}” is on the map now."] if picked_name else [],
                reset=dict.fromkeys(["place_ru", "place_kk", "place_en"], "")
                | dict.fromkeys(["place_lat", "place_lon", "_place_for"]),
            )

    st.subheader("Places added so far")
    rows = curate.read_places()
    if rows:
        st.dataframe(
            [
                {k: r.get(k) for k in ("name_ru", "name_kk", "kind", "admin1", "lat", "lon")}
                | {"district": r.get("parent"), "source": r.get("source")}
                for r in rows
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption(esc(f"None yet in {intake.PLACES_ADDED}."))
