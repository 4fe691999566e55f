"""geo.workspace: where the dataset, the corpus and the analysts' files are, resolved once: an
option beats the environment, which beats the defaults under the home folder."""

from pathlib import Path

import pytest

from geo.workspace import CORPUS_ENV, CORRECTIONS_ENV, DATA_ENV, Workspace, user_cache

HOME = Path("/home/app")
ENV = {DATA_ENV: "/env/data", CORPUS_ENV: "/env/corpus", CORRECTIONS_ENV: "/env/a/c.toml"}


def test_the_defaults_are_under_the_home_folder():
    ws = Workspace.resolve(env={}, home=HOME)
    assert ws == Workspace(
        data=HOME / "data",
        corpus=HOME / "seeds",
        corrections=HOME / "data" / "corrections.toml",
        places=HOME / "data" / "places_added.csv",
        cache=HOME / "data" / ".cache",
    )


def test_the_home_folder_is_the_current_one_unless_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Workspace.resolve(env={}) == Workspace.resolve(env={}, home=tmp_path)


def test_the_environment_beats_the_defaults():
    ws = Workspace.resolve(env=ENV, home=HOME)
    assert (ws.data, ws.corpus, ws.corrections) == (
        Path("/env/data"),
        Path("/env/corpus"),
        Path("/env/a/c.toml"),
    )
    # The analysts' places are kept beside their corrections, the caches in the dataset folder.
    assert ws.places == Path("/env/a/places_added.csv")
    assert ws.cache == Path("/env/data/.cache")


def test_an_option_beats_the_environment():
    ws = Workspace.resolve("/cli/data", "/cli/corpus", "/cli/b/c.toml", env=ENV, home=HOME)
    assert (ws.data, ws.corpus, ws.corrections, ws.places, ws.cache) == (
        Path("/cli/data"),
        Path("/cli/corpus"),
        Path("/cli/b/c.toml"),
        Path("/cli/b/places_added.csv"),
        Path("/cli/data/.cache"),
    )
    # Each folder on its own: one option given, the others from the environment.
    ws = Workspace.resolve(data="/cli/data", env=ENV, home=HOME)
    assert (ws.data, ws.corpus, ws.corrections) == (
        Path("/cli/data"),
        Path("/env/corpus"),
        Path("/env/a/c.toml"),
    )


def test_the_corrections_belong_to_the_dataset_folder_they_were_made_on():
    # Another dataset folder (an option or GEO_DATA_DIR) has its own corrections and places:
    # never those of HOME/data.
    for ws in (
        Workspace.resolve("/tmp/x", env={}, home=HOME),
        Workspace.resolve(env={DATA_ENV: "/tmp/x"}, home=HOME),
    ):
        assert ws.corrections == Path("/tmp/x/corrections.toml")
        assert ws.places == Path("/tmp/x/places_added.csv")


def test_an_empty_option_or_variable_counts_as_unset():
    empty = {DATA_ENV: "", CORPUS_ENV: "", CORRECTIONS_ENV: ""}
    assert Workspace.resolve("", "", "", env=empty, home=HOME) == Workspace.resolve(
        env={}, home=HOME
    )


def test_a_workspace_is_frozen():
    ws = Workspace.resolve(env={}, home=HOME)
    with pytest.raises(AttributeError):
        ws.data = Path("/elsewhere")  # type: ignore[misc]


def test_the_user_cache_is_never_inside_the_package(monkeypatch, tmp_path):
    import geo

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache() == tmp_path / "volunteer-action-map"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert user_cache() == Path.home() / ".cache" / "volunteer-action-map"
    assert Path(geo.__file__).parent not in user_cache().parents
