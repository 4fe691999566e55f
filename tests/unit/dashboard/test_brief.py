"""geo.dashboard.brief and ``geo brief``: the briefing image, its size, its content, offline
fonts."""

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from PIL import Image

from geo.cli import main
from geo.dashboard import brief, i18n, store, tables

KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


@pytest.fixture(scope="module")
def base(repo_dir):
    regions = store.load_regions(repo_dir / "geo" / "resources" / "regions.geojson")
    cities = store.load_cities(repo_dir / "geo" / "resources" / "basemap_cities.csv")
    return regions, cities


@pytest.fixture
def df(actions_fixture):
    return store.load_actions(actions_fixture)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_png_is_a4_at_150_dpi_and_not_blank(df, base):
    png = brief.render_brief_bytes(df, "all actions", *base)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == brief.PAGE_PX == (1754, 1240)
    assert image.info.get("dpi", (150, 150))[0] == pytest.approx(150, abs=1)
    rgb = pixels(png)
    assert rgb.std() > 20  # not a flat page
    # The action colours are on the page (the map's points and the legend).
    for key in ("food_for_duty", "awareness", "cash_aid"):
        colour = np.array([int(brief.mapview.action_colour(key)[i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(rgb - colour).sum(axis=2) < 30).sum() > 20, key


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_text_stays_on_the_page(df, base, lang, tmp_path):
    # Every action type, so the longest labels; the right margin must stay white.
    types = list(i18n.action_type_labels(lang))
    every = pd.concat(
        [df.assign(action_id=df["action_id"] + f"-{k}", action_type=t) for k, t in enumerate(types)]
    )
    png = brief.render_brief_bytes(every, "all", *base, lang=lang)
    (tmp_path / "brief.png").write_bytes(png)
    assert (pixels(png)[:, -12:] > 250).all(), f"text runs off the right edge: {tmp_path}"


def test_size_is_fixed_whatever_the_content(df, base):
    empty = brief.render_brief_bytes(df.iloc[0:0], "nothing", *base)
    assert Image.open(io.BytesIO(empty)).size == brief.PAGE_PX
    many = brief.render_brief_bytes(df, "x " * 400, *base)  # a very long filter text
    assert Image.open(io.BytesIO(many)).size == brief.PAGE_PX


def test_filters_change_the_picture(df, base):
    everything = pixels(brief.render_brief_bytes(df, "all", *base))
    jas_otan = store.filter_actions(df, organisations=["Jas Otan"])
    fewer = pixels(brief.render_brief_bytes(jas_otan, "all", *base))
    assert np.abs(everything - fewer).sum(axis=2).astype(bool).sum() > 1000


def test_pdf(df, base, tmp_path):
    out = tmp_path / "brief.pdf"
    brief.render_brief(df, "all actions", *base, out, fmt="pdf", lang="kk")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    with pytest.raises(ValueError):
        brief.render_brief(df, "", *base, tmp_path / "x.svg", fmt="svg")


def test_dejavu_sans_has_every_kazakh_letter():
    # Checked on the PNG by eye too (artifacts/brief-*.png); here: no glyph is missing,
    # so nothing renders as a tofu box.
    font = FT2Font(font_manager.findfont(brief.FONT, fallback_to_default=False))
    texts = "".join(str(v) for v in i18n.texts("kk").values() if isinstance(v, str))
    for letter in set(KAZAKH_LETTERS + texts + "Ё№«»–—…·"):
        if letter.strip():
            assert font.get_char_index(ord(letter)) != 0, letter


def test_cli_writes_the_filtered_briefing(fixture_data_dir, tmp_path, capsys):
    out = tmp_path / "brief.png"
    code = main(
        [
            "brief",
            "--data",
            str(fixture_data_dir),
            "--from",
            "2022-01-01",
            "--to",
            "2022-01-31",
            "--org",
            "Nur Otan",  # matches "Nur Otan (Amanat)"
            "--include-branches",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    assert Image.open(out).size == brief.PAGE_PX
    said = capsys.readouterr().out
    # doc_a-a1 (Jas Otan), doc_a-a2 (Nur Otan), doc_e-a1 (Birgemiz Fund) + undated: none
    assert "3 actions at 3 places" in said
    assert "organisations: Nur Otan (Amanat) with branches" in said


def test_cli_filters_match_the_dashboards(fixture_data_dir, tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    args = ["brief", "--data", str(fixture_data_dir), "-o", str(out), "--lang", "ru"]
    args += ["--type", "Гуманитарная и продуктовая помощь", "--region", "Karaganda Region"]
    assert main(args) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "1 actions at 1 places" in capsys.readouterr().out  # doc_f only
    df = store.load_actions(fixture_data_dir / "actions.geojson")
    f = brief.filters_from_args(df, action_types=["humanitarian_aid"], regions=["Karaganda Region"])
    assert tables.summary_counts(store.apply_filters(df, f))["actions"] == 1


def test_cli_rejects_what_matches_nothing(fixture_data_dir, tmp_path, capsys):
    out = tmp_path / "brief.png"
    assert main(["brief", "--data", str(fixture_data_dir), "--org", "Nobody", "-o", str(out)]) == 2
    assert "Nobody" in capsys.readouterr().err and not out.exists()
    assert main(["brief", "--data", str(tmp_path / "none"), "-o", str(out)]) == 2
    assert "geo build" in capsys.readouterr().err


def test_made_on_date_and_credits_are_drawn(df, base, tmp_path):
    # Same picture on the same day; another day changes the footer's pixels only.
    a, b = io.BytesIO(), io.BytesIO()
    brief.render_brief(df, "all", *base, a, made_on=dt.date(2024, 1, 1))
    brief.render_brief(df, "all", *base, b, made_on=dt.date(2025, 12, 31))
    diff = np.abs(pixels(a.getvalue()) - pixels(b.getvalue())).sum(axis=2)
    rows = np.nonzero(diff.any(axis=1))[0]
    assert rows.size and rows.min() > brief.PAGE_PX[1] * 0.9  # the footer, at the bottom


def test_cli_options_follow_the_filter_table(fixture_data_dir):
    import argparse

    from geo.dashboard import filters

    parser = argparse.ArgumentParser()
    filters.add_cli_options(parser)
    argv = ["--from", "2022-01-01", "--no-undated", "--org", "Jas Otan", "--include-branches"]
    args = parser.parse_args(
        [*argv, "--precision", "2", "--language", "ru", "--confidence", "sure"]
    )
    given = filters.cli_given(args)
    assert given == {
        "date_from": "2022-01-01",
        "date_to": None,
        "include_undated": False,
        "organisations": ["Jas Otan"],
        "include_branches": True,
        "action_types": [],
        "regions": [],
        "beneficiaries": [],
        "languages": ["ru"],
        "precisions": [2],
        "confidence": "sure",
    }
    df = store.load_actions(fixture_data_dir / "actions.geojson")
    assert brief.filters_from_args(df, **given) == store.Filters(
        *(dt.date(2022, 1, 1), None, False, ("Jas Otan",), True),
        languages=("ru",),
        precisions=(2,),
        confidence="sure",
    )
    with pytest.raises(TypeError):
        brief.filters_from_args(df, colour=["red"])
    with pytest.raises(ValueError, match="'maybe' is not a confidence"):
        brief.filters_from_args(df, confidence="maybe")
    # Not given: every record, whatever its confidence.
    default = filters.cli_given(parser.parse_args([]))
    assert brief.filters_from_args(df, **default).confidence == "all"


def test_one_symbol_per_place_most_first(df):
    spots = brief.places(df, "en")
    points = df[df["geo_precision"].isin([1, 2]) & df["lat"].notna()]
    assert len(spots) == len(points.drop_duplicates(["place_id", "lat", "lon"]))
    assert spots["count"].is_monotonic_decreasing
    assert spots["count"].sum() == len(
        points.drop_duplicates(["place_id", "lat", "lon", "action_id"])
    )
    # A circle's area grows with its count: the largest is capped, a crowd is shrunk.
    assert brief.symbol_radius([1]) == brief.ONE_RADIUS
    assert brief.symbol_radius([100]) == pytest.approx(brief.MAX_RADIUS / 10)
    assert brief.symbol_radius([5] * 1000) < brief.symbol_radius([5] * 10)


def test_a_place_whose_records_are_all_doubtful_is_drawn_hollow(df, base):
    points = df[df["geo_precision"].isin([1, 2]) & df["lat"].notna()]
    place = points["place_id"].iloc[0]
    unsure = df.assign(confidence=df["confidence"].where(df["place_id"] != place, 0.2))
    assert brief.places(unsure, "en")["hollow"].sum() == 1
    assert not brief.places(df.assign(confidence=0.9), "en")["hollow"].any()
    # The legend says what a hollow symbol means, only when one is drawn.
    said = "Hollow: doubtful (confidence below 0.5)"

    def texts(frame):
        page = brief.draw_brief(frame, "all", *base)
        return [t.get_text() for t in page.fig.findobj(brief.Text)]

    assert said in texts(unsure) and said not in texts(df.assign(confidence=0.9))


def test_extent_fits_the_filter(df, base):
    regions, _ = base
    spots = brief.places(df, "en")
    country = brief.map_extent(spots, [], regions, whole_country=True)
    one = brief.map_extent(spots.head(1), [], regions, whole_country=False)
    lon, lat = spots.iloc[0][["lon", "lat"]]
    assert one[0] < lon < one[2] and one[1] < lat < one[3]
    assert (one[2] - one[0]) * (one[3] - one[1]) < 0.1 * (country[2] - country[0]) * (
        country[3] - country[1]
    )
    assert brief.map_extent(spots.iloc[0:0], [], regions, whole_country=False) == country


def test_footer_says_how_fresh_the_data_is(df, base):
    fresh = store.Freshness(dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.UTC), 3000, 5200)
    page = brief.draw_brief(
        df, "all", *base, lang="ru", made_on=dt.date(2024, 6, 1), freshness=fresh
    )
    footer = " ".join(t.get_text() for t in page.texts["footer"])
    assert "2024-05-01 08:30 UTC" in footer and "3000" in footer and "5200" in footer
    assert "2024-06-01" in footer
