"""Workspace: where one installation keeps what is not the package's own, resolved once.

In: the command line's options (``--data``/``--out``, ``--corpus``, ``--corrections``), else
the environment (GEO_DATA_DIR, GEO_CORPUS_DIR, GEO_CORRECTIONS), else the defaults under a
home folder (the current folder for ``geo``, the dashboard's folder for the dashboard).
Out: ``Workspace.resolve(...)``, a frozen ``Workspace``:

- ``data``: the dataset folder (``geo build`` writes it, the dashboard reads it), default
  ``HOME/data``; its caches are in it too: ``cache`` (``data/.cache``: the GeoNames rows the
  gazetteer keeps) and the build cache (``data/.geo-cache.sqlite``, geo.dataset.cache);
- ``corpus``: the articles the dataset is built from, default ``HOME/seeds``;
- ``corrections``: the analysts' corrections, default ``corrections.toml`` in the data
  folder: corrections belong to the dataset they were made on, so a build into another
  folder (``geo build --out /tmp/x``, GEO_DATA_DIR) reads that folder's file, never
  ``HOME/data``'s;
- ``places``: the places analysts placed on the map, ``places_added.csv`` beside the
  corrections file (the analysts' work is kept together: by default in the data folder).

How: callers resolve the workspace at their edge (geo.cli, dashboard.py, pages/curate.py)
and pass it, or its paths, down; no module of the pipeline keeps a path of its own or reads
the environment. The tables shipped with the package are not here: geo.reference reads them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DATA_ENV = "GEO_DATA_DIR"
CORPUS_ENV = "GEO_CORPUS_DIR"
CORRECTIONS_ENV = "GEO_CORRECTIONS"
DATA, CORPUS = "data", "seeds"  # under the home folder
CORRECTIONS = "corrections.toml"  # in the data folder
PLACES = "places_added.csv"  # beside the corrections file
CACHE = ".cache"  # in the data folder
APP_NAME = "volunteer-action-map"


@dataclass(frozen=True)
class Workspace:
    data: Path
    corpus: Path
    corrections: Path
    places: Path
    cache: Path

    @classmethod
    def resolve(
        cls,
        data: str | Path | None = None,
        corpus: str | Path | None = None,
        corrections: str | Path | None = None,
        *,
        env: Mapping[str, str] = os.environ,
        home: str | Path | None = None,
    ) -> Workspace:
        """Each folder from its option, else its environment variable, else its default under
        ``home`` (default: the current folder); the corrections file's default is in the data
        folder so resolved. An empty option or variable counts as unset."""
        home = Path(home) if home is not None else Path.cwd()
        data_dir = Path(data or env.get(DATA_ENV) or home / DATA)
        corrections_file = Path(corrections or env.get(CORRECTIONS_ENV) or data_dir / CORRECTIONS)
        return cls(
            data=data_dir,
            corpus=Path(corpus or env.get(CORPUS_ENV) or home / CORPUS),
            corrections=corrections_file,
            places=corrections_file.parent / PLACES,
            cache=data_dir / CACHE,
        )


def user_cache() -> Path:
    """The user's cache folder for this tool (``$XDG_CACHE_HOME`` or ``~/.cache``), where a
    cache goes when no workspace names one: never inside the installed package."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / APP_NAME
