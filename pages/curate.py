"""Curate: analysts add articles, correct what the machine got wrong, check the review
queue's records and teach the gazetteer new places; every change is saved as data and the map
is rebuilt from it.

In: the dataset folder as the dashboard finds it (``--data DIR``, else GEO_DATA_DIR, else
``data/``), the corpus it was built from (``--corpus DIR``, else GEO_CORPUS_DIR, else
``seeds/``) and the corrections file (``--corrections FILE``, else GEO_CORRECTIONS, else
``corrections.toml`` in the dataset folder), resolved once as a geo.workspace.Workspace.
``?action=ID`` in the address opens that action under "Correct a record" (the map's details
panel links here so; an action a correction deleted or merged is said to be so, with a
button to restore it); ``?lang=ru`` or ``kk`` the page in Russian or Kazakh (the sidebar's
switch, as on the map page); the map page's filter parameters (``from``, ``to``, ``org``,
``region``...) the view whose records the review queue lists (geo.curation.review), and
``?section=review`` opens that section (the map page's sidebar links here so).
Out: articles saved under CORPUS/added/, corrections appended to the corrections file,
places to ``places_added.csv`` beside it (``data/places_added.csv``), and any of them undone
from the history (a revert, a withdrawn place's row, an article moved into
CORPUS/.withdrawn/: geo.curation.history); after each, the dataset is rebuilt and the map
page shows it on its next run. A typed point is checked before it is saved (in Kazakhstan,
latitude and longitude not swapped, shown on a small map with its distances).

    streamlit run dashboard.py -- --data DIR --corpus CORPUS   # then "curate" in the sidebar

The work lives in geo.curation.curate (with geo.curation.intake, geo.dataset.corrections and
geo.dataset.build); the labels in geo/resources/dashboard/i18n/*.toml (``[curate]``, read by
geo.dashboard.i18n). This script lays out the page: the end of the file reads as the page
does, one function per section. Text from articles is shown escaped, as on the map page.
"""

import contextlib
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError
from streamlit_folium import st_folium

from geo import reference
from geo.curation import curate, history, intake, review
from geo.dashboard import assets, config, i18n, store, tables, view
from geo.dataset import confidence
from geo.ingest.metadata import LANGUAGES
from geo.workspace import Workspace

APP_DIR = Path(__file__).resolve().parent.parent
SECTIONS = ("article", "correct", "review", "place", "history")
esc = tables.escape_markdown


@dataclass(frozen=True)
class Page:
    """What every section needs: where things are, who works, the dataset, the labels."""

    where: Workspace
    who: str
    lang: str
    text: dict  # the Curate page's texts in lang (geo.dashboard.i18n.curate_texts)
    found: dict[str, curate.Action]  # the dataset's actions by id
    report: dict  # the last build's report
    wanted: str | None  # ?action=ID


# --- the page around the sections ------------------------------------------------------------


def page_language() -> str:
    """The language the page is in: the switch's, else the address's ``?lang=``, else
    English. Read before the switch is drawn (the title needs it)."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = i18n.lang_or_default(st.query_params.get("lang"))
    return i18n.lang_or_default(st.session_state["lang"])


def set_up(lang: str, text: dict) -> None:
    st.set_page_config(
        page_title=text["page_title"].format(app=i18n.t("page_title", lang)),
        page_icon="✏️",
        layout="wide",
    )
    # The place picker is a folium map: its scripts come from this app, as on the map page.
    assets.install_static(APP_DIR / "static")
    base_path = st.get_option("server.baseUrlPath").strip("/")
    assets.use_local_assets(("/" + base_path if base_path else "") + assets.DEFAULT_BASE_URL)


def take_flash() -> tuple | None:
    """The message of the change just saved, and its fields emptied (set before st.rerun in
    ``done``). Set, not deleted: only a value set here reaches the fields already in the
    browser."""
    st.session_state.update(st.session_state.pop("_reset", {}))
    return st.session_state.pop("_done", None)


def done(level: str, message: str, lines: list[str] = (), reset: dict | None = None) -> None:
    """Say how the change went on the next run, which reads the rebuilt dataset."""
    st.session_state["_done"] = (level, message, list(lines))
    st.session_state["_reset"] = reset or {}
    st.rerun()


def rebuild(where: Workspace, what: str):
    with st.spinner(what, show_time=True):
        return curate.rebuild(where)


def header(text: dict, flash: tuple | None, fresh: str) -> None:
    # The page's styles, and Enter applying typed dates as on the map's page (dates.js).
    st.html(f"<style>{assets.page_css('curate')}</style>")
    st.html(f"<script>{assets.page_js('dates')}</script>", unsafe_allow_javascript=True)
    st.title(text["title"])
    if fresh:  # "data as of <build time> · N articles", as under the map page's title
        st.caption(fresh)
    st.caption(text["caption"])
    if flash:
        level, message, lines = flash
        (st.success if level == "success" else st.warning)(esc(message))
        for line in lines:
            st.caption(esc(line))


def sidebar(where: Workspace, text: dict, lang: str):
    """The links to the two pages, named in ``lang``, the analyst's name, and a place for
    the language switch on top (drawn by ``language_switch`` once the page can be used).
    Out: (name, the switch's place)."""
    with st.sidebar:
        # The page run on its own (``streamlit run pages/curate.py``, as tests run it) has
        # no map page to link: no links then.
        with contextlib.suppress(StreamlitPageNotFoundError):
            for link in view.page_links(lang):
                st.page_link(**link)
        switch = st.container()
        who = st.text_input(
            text["who"],
            key="who",
            persist_state="session",
            help=text["who_help"],
        )
        place = dict(data=where.data, corpus=where.corpus, corrections=where.corrections)
        st.caption(esc(text["where"].format(**place)))
    return who, switch


def language_switch(slot, lang: str) -> None:
    """English, Русский, Қазақша as on the map page; the address keeps the choice."""
    with slot:
        st.radio(
            i18n.switch_label(),
            list(i18n.LANGUAGES),
            format_func=i18n.LANGUAGES.get,
            horizontal=True,
            key="lang",
        )
    if lang == i18n.DEFAULT_LANGUAGE:
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang


def action_from_url(found: dict) -> str | None:
    """``?action=ID`` (a link from the map's details panel): that action, under "Correct a
    record", once per address."""
    wanted = st.query_params.get("action")
    if wanted and (
        st.session_state.get("_action_from_url") != wanted or "section" not in st.session_state
    ):
        st.session_state["_action_from_url"] = wanted
        st.session_state.update(
            section="correct", find="", pick=wanted if wanted in found else None
        )
    return wanted


def choose_section(text: dict) -> str:
    """The section to show: the radio's; ``?section=review`` (the map page's link to the
    review queue of its view) picks it once per address."""
    wanted = st.query_params.get("section")
    if wanted in SECTIONS and st.session_state.get("_section_from_url") != wanted:
        st.session_state.update(_section_from_url=wanted, section=wanted)
    return st.radio(
        text["what_to_do"],
        SECTIONS,
        format_func=text["sections"].get,
        horizontal=True,
        key="section",
        label_visibility="collapsed",
    )


# --- add an article ----------------------------------------------------------------------


def add_an_article(page: Page) -> None:
    text, where = page.text, page.where
    st.subheader(text["sections"]["article"])
    st.caption(text["article_caption"].format(folder=esc(where.corpus / intake.ADDED_FOLDER)))
    n = st.session_state.setdefault("_uploads", 0)
    article_languages = i18n.article_language_labels(page.lang)
    with st.form("article"):
        # Any type and up to MAX_RECEIVED: geo.curation.intake says why a file will not do
        # (its type, its size against MAX_UPLOAD); the box itself would only mark it red.
        upload = st.file_uploader(
            text["upload"].format(mb=intake.MAX_UPLOAD >> 20),
            max_upload_size=intake.MAX_RECEIVED >> 20,
            key=f"upload-{n}",
        )
        pasted = st.text_area(text["paste"], key="paste", height=220)
        c1, c2, c3 = st.columns(3)
        url = c1.text_input(text["url"], key="url", placeholder=text["url_placeholder"])
        published = c2.text_input(
            text["published"], key="published", placeholder=text["published_placeholder"]
        )
        language = c3.selectbox(
            text["language"],
            ["", *LANGUAGES],
            format_func=lambda code: article_languages.get(code, text["language_detect"]),
            key="language",
        )
        submitted = st.form_submit_button(text["save_article"], type="primary")
    if not submitted:
        return
    try:
        if upload is not None and pasted.strip():
            raise ValueError(text["both_given"])
        if upload is None and not pasted.strip():
            raise ValueError(text["nothing_given"])
        content, name = (upload.getvalue(), upload.name) if upload else (pasted, "")
        path = curate.add_article(
            where, content, name, url=url, published=published, language=language, who=page.who
        )
    except ValueError as err:
        st.error(esc(text["not_saved"].format(error=err)))
        return
    result = rebuild(where, text["reading_article"])
    told = curate.findings(result, path, where.corpus)
    st.session_state["_uploads"] = n + 1
    say_what_the_article_told(text, told, path.relative_to(where.corpus).as_posix())


def say_what_the_article_told(text: dict, told: dict, saved: str) -> None:
    lines = [f"• {a['summary']} ({a['action_id']})" for a in told["actions"]]
    if told["unresolved"]:
        names = ", ".join(told["unresolved"])
        lines.append(
            text["unresolved_names"].format(names=names, section=text["sections"]["place"])
        )
    if not told["file"].processed:
        done("warning", text["skipped"].format(saved=saved, reason=told["file"].reason), lines)
    elif not told["actions"]:
        done("warning", text["no_action"].format(saved=saved), lines)
    places = "; ".join(told["places"])
    done(
        "success",
        text["article_saved"].format(saved=saved, n=len(told["actions"]), places=places),
        lines,
        reset={"paste": "", "url": "", "published": "", "language": ""},
    )


# --- correct a record ----------------------------------------------------------------------


def correct_a_record(page: Page) -> None:
    text, found = page.text, page.found
    st.subheader(text["sections"]["correct"])
    if not found:
        st.info(esc(text["no_dataset"].format(data=page.where.data)))
        st.stop()
    if page.wanted and page.wanted not in found:
        not_on_the_map(page, page.wanted)
    if pick := find_the_action(page):
        action = found[pick]
        show_the_action(page, action)
        change = st.radio(
            text["what_is_wrong"],
            list(curate.CHANGES),
            format_func=text["changes"].get,
            key="change",
        )
        fill = {"move": move_fields, "edit": edit_fields, "delete": delete_fields}
        fields = fill.get(change, merge_fields)(page, action)
        why = st.text_input(text["why"], key="why", placeholder=text["why_placeholder"])
        if st.button(text["save_correction"], type="primary", key="save"):
            save_the_correction(page, action, change, fields, why)
    corrections_so_far(page)


def not_on_the_map(page: Page, action_id: str) -> None:
    """A link to an action the dataset does not have: deleted or merged (by whom, when, why,
    and a button to restore it), or unknown."""
    text = page.text
    gone = history.gone(page.where, action_id)
    if gone is None:
        st.warning(esc(text["no_such_action"].format(id=action_id)))
        return
    said = text["action_merged" if gone.change == "merge" else "action_deleted"]
    st.warning(esc(said.format(into=gone.into, who=gone.who, when=gone.when, why=gone.why)))
    why = st.text_input(text["why"], key="restore_why", placeholder=text["why_placeholder"])
    if st.button(text["restore_it"], key="restore"):
        undo_it(page, f"correction:{gone.correction_id}", why, {"pick": action_id})


def find_the_action(page: Page) -> str | None:
    """The search box and the list of what it finds; the action picked is in the address."""
    text, found = page.text, page.found
    query = st.text_input(text["find"], key="find", placeholder=text["find_placeholder"])
    hits = curate.search(found, query)
    options = [a.id for a in hits]
    if "pick" not in st.session_state and page.wanted in found:
        st.session_state["pick"] = page.wanted
    if st.session_state.get("pick") in found and st.session_state["pick"] not in options:
        options.insert(0, st.session_state["pick"])
    pick = st.selectbox(
        text["pick"].format(n=len(hits)),
        options,
        index=None,
        format_func=lambda action_id: found[action_id].label(),
        placeholder=text["pick_placeholder"],
        key="pick",
    )
    if pick and st.query_params.get("action") != pick:
        st.query_params["action"] = pick
        st.session_state["_action_from_url"] = pick
    return pick


def show_the_action(page: Page, action: curate.Action) -> None:
    text, p = page.text, action.props
    type_names = i18n.action_type_labels(page.lang)
    helped_names = i18n.beneficiary_labels(page.lang)
    with st.container(border=True):
        st.markdown("**" + esc(p.get("summary")) + "**")
        orgs = "; ".join(p.get("organisations") or []) or text["no_organisation"]
        kind = type_names.get(p.get("action_type"), p.get("action_type"))
        st.caption(esc(f"{kind} · {action.when} · {orgs}"))
        for place in action.places:
            point = "" if place["lat"] is None else f", {place['lat']:.4f}, {place['lon']:.4f}"
            at = text["at_place"].format(
                place=place["place"], kind=place["place_kind"], point=point
            )
            st.caption(esc(at))
        if p.get("beneficiaries"):
            helped = [helped_names.get(b, b) for b in p["beneficiaries"]]
            st.caption(esc(text["helped"].format(names="; ".join(helped))))
        if p.get("evidence"):
            st.caption("> " + esc(p["evidence"]))
        sources = " ".join(p.get("sources") or [])
        st.caption(esc(text["article"].format(doc_id=p["doc_id"], sources=sources)))
        if p.get("edited"):
            st.caption(esc(text["edited"].format(ids=", ".join(p.get("corrections") or []))))


def move_fields(page: Page, action: curate.Action) -> dict:
    """Which place moves, and where to: a place of the gazetteer or a point."""
    text, fields = page.text, {}
    if len(action.places) > 1:
        fields["from_place_id"] = st.selectbox(
            text["which_place"],
            [place["place_id"] for place in action.places],
            format_func=lambda i: next(x["place"] for x in action.places if x["place_id"] == i),
            key="from_place",
        )
    to = st.radio(
        text["to"],
        ["gazetteer", "point"],
        format_func=text["destinations"].get,
        horizontal=True,
        key="move_to",
    )
    if to == "gazetteer":
        place_query = st.text_input(
            text["search_gazetteer"], key="place_query", placeholder=text["search_placeholder"]
        )
        located = {}
        if place_query.strip():
            for loc in curate.geocoder(page.where).geocode(place_query, exactly_one=False) or []:
                located.setdefault(loc.raw["place_id"], loc)
            if not located:
                st.warning(text["not_in_gazetteer"])
        if located:  # a list per search: its first place is picked until you choose
            fields["place_id"] = st.selectbox(
                text["place"],
                list(located),
                format_func=lambda i: (
                    f"{located[i].address} · {located[i].raw['kind']} · "
                    f"{located[i].latitude:.4f}, {located[i].longitude:.4f}"
                ),
                key=f"place_pick:{place_query.strip()}",
            )
    else:
        if clicked := st.session_state.pop("_move_click", None):  # on the map, last run
            st.session_state.update(move_lat=clicked[0], move_lon=clicked[1])
        c1, c2, c3 = st.columns(3)
        fields["lat"] = c1.number_input(
            text["latitude"], -90.0, 90.0, value=None, format="%.5f", key="move_lat"
        )
        fields["lon"] = c2.number_input(
            text["longitude"], -180.0, 180.0, value=None, format="%.5f", key="move_lon"
        )
        fields["place"] = c3.text_input(text["place_name"], key="move_name")
        the_point_checked(page, action, fields)
    return fields


def the_point_checked(page: Page, action: curate.Action, fields: dict) -> None:
    """The typed point checked before it is saved: in Kazakhstan (else why, and the
    swapped point offered when it is), how far from the place as written, and on a small
    map beside the action's places now (a click there moves the point)."""
    text, lat, lon = page.text, fields["lat"], fields["lon"]
    if lat is not None and lon is not None:
        checked = curate.check_point(page.where, lat, lon)
        if checked.swapped:
            region = i18n.region_labels(page.lang).get(checked.swapped, checked.swapped)
            st.warning(
                esc(text["swapped"].format(lat=f"{lon:.5f}", lon=f"{lat:.5f}", region=region))
            )
            st.button(
                text["use_swapped"].format(lat=f"{lon:.5f}", lon=f"{lat:.5f}"),
                key="move_swap",
                on_click=lambda: st.session_state.update(move_lat=lon, move_lon=lat),
            )
        elif not checked.region:
            st.warning(text["outside_kazakhstan"])
        else:
            region = i18n.region_labels(page.lang).get(checked.region, checked.region)
            st.caption(esc(text["in_region"].format(region=region)))
            where_from = fields.get("from_place_id")
            for name, km in curate.distances(
                page.where, lat, lon, action, where_from, fields["place"]
            ):
                st.caption(esc(text["distance"].format(km=km, place=name)))
    now = [(p["place"], p["lat"], p["lon"]) for p in action.places if p["lat"] is not None]
    point = (lat, lon) if lat is not None and lon is not None else None
    if clicked := small_map(page, point, now, "move_map", fit=True):
        st.session_state["_move_click"] = clicked  # the inputs above take it on the rerun
        st.rerun()
    st.caption(text["preview"])


def edit_fields(page: Page, action: curate.Action) -> dict:
    """The fields an analyst may edit, filled with the action's own on its first run.
    Out: the widgets' values (``edit``, for geo.curation.curate.edit_changes)."""
    text, p = page.text, action.props
    type_names = i18n.action_type_labels(page.lang)
    helped_names = i18n.beneficiary_labels(page.lang)
    if st.session_state.get("_edit_for") != action.id or "edit_orgs" not in st.session_state:
        start, end = p.get("date_start"), p.get("date_end")
        st.session_state.update(
            _edit_for=action.id,
            edit_orgs="; ".join(p.get("organisations") or []),
            edit_type=p.get("action_type") if p.get("action_type") in type_names else None,
            edit_helped=[b for b in p.get("beneficiaries") or [] if b in helped_names],
            edit_start=dt.date.fromisoformat(start) if start else None,
            edit_end=dt.date.fromisoformat(end) if end else None,
        )
    orgs_text = st.text_input(text["edit_organisations"], key="edit_orgs")
    new_type = st.selectbox(
        text["edit_type"],
        list(type_names),
        index=None,
        format_func=type_names.get,
        key="edit_type",
    )
    new_helped = st.multiselect(
        text["edit_helped"],
        list(helped_names),
        format_func=helped_names.get,
        key="edit_helped",
    )
    c1, c2 = st.columns(2)
    new_start = c1.date_input(text["date_from"], value=None, key="edit_start")
    new_end = c2.date_input(text["date_to"], value=None, key="edit_end")
    return {"edit": (orgs_text, new_type, new_helped, new_start, new_end)}


def delete_fields(page: Page, action: curate.Action) -> dict:
    st.caption(page.text["delete_note"])
    return {}


def merge_fields(page: Page, action: curate.Action) -> dict:
    """The action this one merges into."""
    text, found = page.text, page.found
    into_query = st.text_input(text["into_find"], key="into_find")
    others = [a.id for a in curate.search(found, into_query) if a.id != action.id]
    into = st.selectbox(
        text["into"],
        others,
        index=None,
        format_func=lambda action_id: found[action_id].label(),
        placeholder=text["pick_placeholder"],
        key="into",
    )
    return {"into": into}


def save_the_correction(
    page: Page, action: curate.Action, change: str, fields: dict, why: str
) -> None:
    text, where = page.text, page.where
    try:
        if change == "move":
            fields = curate.move_fields(action, **fields)
        elif change == "edit":
            fields = curate.edit_changes(action, *fields["edit"])
        entry = curate.new_correction(action, change, page.who, why, **fields)
        saved = curate.save_correction(where, entry)
    except ValueError as err:
        st.error(esc(text["not_saved"].format(error=err)))
        return
    result = rebuild(where, text["applying"])
    what = history.headline(saved).said(text["history_phrases"])
    if curate.applied(result, saved["id"]):
        done(
            "success",
            text["correction_applied"].format(id=saved["id"], what=what),
            curate.now_shown(result, action.id),
            reset={"why": "", "_edit_for": None},
        )
    done(
        "warning",
        text["correction_not_applied"].format(id=saved["id"], what=what),
        curate.not_applied(result),
    )


def _described(correction: dict, text: dict) -> str:
    """What a correction changes, in the page's language ("" when only its change says)."""
    what = history.describe(correction)
    return what.said(text["history_phrases"]) if what else ""


def corrections_so_far(page: Page) -> None:
    """The corrections file as a table, and which of them the last build could not apply."""
    text, where = page.text, page.where
    st.subheader(text["corrections_header"])
    entries = curate.read_corrections(where.corrections)
    if entries:
        st.dataframe(
            [
                {
                    "id": e.get("id"),
                    "when": str(e.get("when", "")),
                    "who": e.get("who"),
                    "change": text["history_phrases"].get(f"change_{e.get('change')}"),
                    "action": e.get("action_id"),
                    "what": _described(e, text),
                    "why": e.get("why"),
                }
                for e in entries
            ],
            hide_index=True,
            width="stretch",
            column_config=text["corrections_columns"],
        )
    else:
        st.caption(esc(text["none_yet"].format(path=where.corrections)))
    built = page.report.get("corrections") or {}
    not_applied = built.get("not_applied") or []
    if not_applied:
        st.warning(text["build_not_applied"].format(n=len(not_applied)))
        for line in not_applied:
            st.caption(esc(line))
    elif entries:
        st.caption(text["build_applied_all"].format(n=built.get("applied", 0)))


# --- the review queue ---------------------------------------------------------------------


def review_queue(page: Page) -> None:
    """The records of the view in the address (the map page's filters), heaviest first
    (geo.curation.review), each with its evidence, a Confirm button and a way to move, edit
    or delete it; the progress of checking the doubtful ones; those checked already."""
    text = page.text
    st.subheader(text["sections"]["review"])
    st.caption(text["review_caption"])
    if not page.found:
        st.info(esc(text["no_dataset"].format(data=page.where.data)))
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    queued = review.load(page.where.data, params, page.where.corrections, page.lang)
    st.caption(esc(text["review_view"].format(filters=queued.view)))
    done_ = queued.progress
    st.markdown("**" + text["review_progress"].format(**vars(done_)) + "**")
    st.progress(done_.checked / done_.doubtful if done_.doubtful else 1.0)
    top = st.number_input(text["review_top"], 1, curate.SEARCH_LIMIT, 10, key="review_top")
    todo = [e for e in queued.entries if not e.checked][: int(top)]
    if not todo:
        st.info(text["review_empty"])
    for entry in todo:
        queue_entry(page, entry)
    checked = [e for e in queued.entries if e.checked]
    if checked:
        with st.expander(text["review_checked_header"].format(n=len(checked))):
            for entry in checked:
                summary = (
                    page.found[entry.action_id].props.get("summary")
                    if entry.action_id in page.found
                    else ""
                )
                st.caption(esc(f"{text['review_checked']} · {entry.place} · {summary}"))


def queue_entry(page: Page, entry: review.Entry) -> None:
    """One record of the queue: what it says, why it is doubted (the reasons in the
    page's language), how many actions share its place or organisation, and its buttons."""
    text, action = page.text, page.found.get(entry.action_id)
    props = action.props if action else {}
    with st.container(border=True):
        summary = props.get("summary") or entry.action_id
        st.markdown(
            "**" + esc(text["review_entry"].format(rank=entry.rank, summary=summary)) + "**"
        )
        evidence = dict(place=entry.place, confidence=entry.confidence, shares=entry.shares)
        st.caption(esc(text["review_evidence"].format(**evidence, weight=entry.weight)))
        st.caption(esc(" · ".join(confidence.words(code, page.lang) for code in entry.reasons)))
        if props.get("evidence"):
            st.caption("> " + esc(props["evidence"]))
        c1, c2 = st.columns(2)
        if c1.button(text["review_confirm"], key=f"confirm:{entry.record_id}", type="primary"):
            confirm_it(page, props, entry)
        c2.button(
            text["review_fix"],
            key=f"fix:{entry.record_id}",
            on_click=lambda: st.session_state.update(
                section="correct", find="", pick=entry.action_id
            ),
        )


def confirm_it(page: Page, props: dict, entry: review.Entry) -> None:
    """Confirm the record (a ``confirm`` correction, by the analyst in the sidebar), rebuild,
    and say so: the record is then shown as checked."""
    text, where = page.text, page.where
    try:
        saved = curate.save_correction(
            where, review.confirmation(props | {"place_id": entry.place_id}, page.who)
        )
    except ValueError as err:
        st.error(esc(text["not_saved"].format(error=err)))
        return
    result = rebuild(where, text["review_confirming"])
    if curate.applied(result, saved["id"]):
        done("success", text["review_confirmed"].format(place=entry.place, id=entry.record_id))
    done(
        "warning",
        text["correction_not_applied"].format(
            id=saved["id"], what=history.headline(saved).said(text["history_phrases"])
        ),
        curate.not_applied(result),
    )


# --- teach the gazetteer -----------------------------------------------------------------------


def teach_the_gazetteer(page: Page) -> None:
    text = page.text
    st.subheader(text["sections"]["place"])
    st.caption(text["place_caption"])
    picked_name = unresolved_name(text, page.report)
    if picked_name and st.session_state.get("_place_for") != picked_name:
        st.session_state.update(_place_for=picked_name, place_ru=picked_name)
    c1, c2, c3, c4 = st.columns(4)
    names = {
        "name_ru": c1.text_input(text["name_ru"], key="place_ru"),
        "name_kk": c2.text_input(text["name_kk"], key="place_kk"),
        "name_en": c3.text_input(text["name_en"], key="place_en"),
    }
    kind = c4.radio(
        text["kind"],
        intake.PLACE_KINDS,
        format_func=text["place_kinds"].get,
        horizontal=True,
        key="place_kind",
    )
    lat, lon, district = the_point_and_district(page)
    if st.button(text["save_place"], type="primary", key="save_place"):
        add_the_place(page, names, kind, lat, lon, district, picked_name)
    places_so_far(text, page.where)


def unresolved_name(text: dict, report: dict) -> str | None:
    """The names the last build could not place, to pick one from."""
    names = curate.unresolved(report)
    if not names:
        st.info(text["all_placed"])
        return None
    articles = dict(names)
    return st.selectbox(
        text["unresolved"].format(n=len(names)),
        list(articles),
        index=None,
        format_func=lambda name: text["unresolved_option"].format(name=name, n=len(articles[name])),
        placeholder=text["unresolved_placeholder"],
        key="unresolved_pick",
    )


def the_point_and_district(page: Page):
    """A map to click the place's point on (or its latitude and longitude typed), and its
    district among those of the region the point is in. Out: (lat, lon, district id)."""
    text, where = page.text, page.where
    gaz = curate.geocoder(where).gazetteer
    # The point typed or clicked so far (the inputs below hold the same values).
    lat, lon = st.session_state.get("place_lat"), st.session_state.get("place_lon")
    region = gaz.region_at(lat, lon) if lat is not None and lon is not None else None
    choices = dict(curate.districts(gaz, region))
    map_col, point_col = st.columns([3, 2])
    with map_col:
        landmarks = [(label, gaz.places[i].lat, gaz.places[i].lon) for i, label in choices.items()]
        point = (lat, lon) if lat is not None and lon is not None else None
        clicked = small_map(page, point, landmarks, "place_map", tiles_key="place_tiles")
        if clicked:
            st.session_state.update(place_lat=clicked[0], place_lon=clicked[1])
            st.rerun()
        st.caption(text["click_point"])
    with point_col:
        lat = st.number_input(
            text["latitude"], -90.0, 90.0, value=None, format="%.5f", key="place_lat"
        )
        lon = st.number_input(
            text["longitude"], -180.0, 180.0, value=None, format="%.5f", key="place_lon"
        )
        st.toggle(text["tiles"], key="place_tiles")
        if lat is not None and lon is not None and region is None:
            st.warning(text["outside_kazakhstan"])
        elif region:
            region_name = i18n.region_labels(page.lang).get(region, region)
            st.caption(esc(text["in_region"].format(region=region_name)))
        district = st.selectbox(
            text["district"],
            ["", *choices],
            format_func=lambda i: choices.get(i, "—"),
            key="place_district",
        )
    return lat, lon, district


def small_map(page: Page, point, landmarks, key: str, tiles_key: str = "", fit: bool = False):
    """A small map of the regions with ``point`` (red) and ``landmarks`` (grey), framed on
    both when ``fit``; out: the point clicked on it since the last run (lat, lon), else None."""
    regions_path = store.find_data_file(
        str(config.CONFIG["regions_file"]), page.where.data, reference.folder()
    )
    picked = st_folium(
        curate.pick_map(
            store.load_regions(regions_path),
            point,
            bool(tiles_key and st.session_state.get(tiles_key, False)),
            landmarks,
            fit,
        ),
        height=380,
        use_container_width=True,
        returned_objects=["last_clicked"],
        key=key,
    )
    clicked = (picked or {}).get("last_clicked")
    if clicked and clicked != st.session_state.get(f"_last_click:{key}"):
        st.session_state[f"_last_click:{key}"] = clicked
        return round(float(clicked["lat"]), 5), round(float(clicked["lng"]), 5)
    return None


def add_the_place(
    page: Page, names: dict, kind: str, lat, lon, district: str, picked_name: str | None
) -> None:
    text, where = page.text, page.where
    try:
        row = curate.add_place(
            where,
            names["name_ru"],
            kind,
            lat,
            lon,
            name_kk=names["name_kk"],
            name_en=names["name_en"],
            district_id=district,
            who=page.who,
            why=f"the last build could not place “{picked_name}”" if picked_name else "",
        )
    except ValueError as err:
        st.error(esc(text["not_added"].format(error=err)))
        return
    result = rebuild(where, text["rereading"])
    left = {n for names_ in result.unresolved.values() for n in names_}
    added = dict(name=row["name_ru"], region=row["admin1"], file=where.places.name)
    if picked_name and picked_name in left:
        done(
            "warning",
            text["place_still_unresolved"].format(**added, picked=picked_name),
            [text["other_form"]],
        )
    done(
        "success",
        text["place_added"].format(**added),
        [text["now_on_map"].format(name=picked_name)] if picked_name else [],
        reset=dict.fromkeys(["place_ru", "place_kk", "place_en"], "")
        | dict.fromkeys(["place_lat", "place_lon", "_place_for"]),
    )


def places_so_far(text: dict, where: Workspace) -> None:
    st.subheader(text["places_header"])
    rows = curate.read_places(where.places)
    if rows:
        st.dataframe(
            [
                {k: r.get(k) for k in ("name_ru", "name_kk", "kind", "admin1", "lat", "lon")}
                | {"district": r.get("parent"), "source": r.get("source")}
                for r in rows
            ],
            hide_index=True,
            width="stretch",
            column_config=text["places_columns"],
        )
    else:
        st.caption(esc(text["none_yet"].format(path=where.places)))


# --- history and undo ---------------------------------------------------------------------------


def the_history(page: Page) -> None:
    """Every change, newest first, with who, when and why; any one undone (kept as a new
    entry): a correction reverted (a deleted or merged action restored), a place or an
    article withdrawn or restored."""
    text = page.text
    st.subheader(text["sections"]["history"])
    st.caption(text["history_caption"])
    changes = history.entries(page.where)
    if st.toggle(text["history_gone_only"], key="history_gone"):
        changes = [e for e in changes if e.removes_an_action]
    if not changes:
        st.caption(text["history_empty"])
        return
    kinds, phrases = text["history_kinds"], text["history_phrases"]
    st.dataframe(
        [
            # The state before the long "what": whether a change holds is what an undo needs.
            {"when": e.when, "who": e.who, "kind": kinds.get(e.kind, e.kind)}
            | {"state": e.state.said(phrases), "what": e.what.said(phrases), "why": e.why}
            for e in changes
        ],
        hide_index=True,
        width="stretch",
        column_config=text["history_columns"],
    )
    undoable = {e.key: e for e in changes if e.undo}
    key = st.selectbox(
        text["undo_pick"],
        list(undoable),
        index=None,
        format_func=lambda k: text["undo_option"].format(
            undo=text["undo"][undoable[k].undo],
            what=undoable[k].what.said(phrases),
            who=undoable[k].who or "?",
            when=undoable[k].when,
        ),
        placeholder=text["undo_placeholder"],
        key="undo_pick",
    )
    why = st.text_input(text["why"], key="undo_why", placeholder=text["why_placeholder"])
    if st.button(text["undo_button"], type="primary", key="undo", disabled=key is None):
        undo_it(page, key, why)


def undo_it(page: Page, key: str, why: str, then: dict | None = None) -> None:
    """Undo the history's entry ``key``, rebuild, and say so (``then``: the fields to set on
    the next run, such as the action restored, picked)."""
    text, where = page.text, page.where
    try:
        what = curate.undo(where, key, page.who, why)
    except ValueError as err:
        st.error(esc(text["not_undone"].format(error=err)))
        return
    result = rebuild(where, text["undoing"])
    done(
        "success",
        text["undone"].format(what=what.said(text["history_phrases"])),
        curate.not_applied(result),
        reset={"undo_why": "", "restore_why": "", "undo_pick": None} | (then or {}),
    )


# --- the page --------------------------------------------------------------------------------

lang = page_language()
text = i18n.curate_texts(lang)
set_up(lang, text)
where = curate.locate(sys.argv[1:], os.environ, home=APP_DIR)
report = curate.read_report(where.data)
header(text, take_flash(), tables.freshness_line(store.freshness(where.data, report), lang))
found = curate.actions(curate.read_features(where.data))
who, switch = sidebar(where, text, lang)
if problem := curate.corpus_problem(where, report):
    st.error(esc(problem))
    st.stop()
language_switch(switch, lang)
page = Page(where, who, lang, text, found, report, action_from_url(found))
show = {
    "article": add_an_article,
    "correct": correct_a_record,
    "review": review_queue,
    "place": teach_the_gazetteer,
    "history": the_history,
}
show[choose_section(text)](page)
