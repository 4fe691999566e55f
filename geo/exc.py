"""Errors: the few a caller needs to tell apart, all under ``GeoError``.

In: raised by the stages. Out: what ``geo build`` turns into its exit statuses (README, "Bad
input and security") and what the Curate page shows as a message rather than a traceback.
Each also derives from the built-in error it refines (``ValueError``, ``OSError``, ...), so
code that caught the built-in one still does.

- ``NotAnArticle``: a file the build skips, with its reason (empty, binary, too large, too
  long, no text): expected of a web corpus, reported, never logged as a failure;
- ``CorpusNotFound``: the corpus folder does not exist (exit status 2);
- ``BadSettings``: the build's settings cannot work (an unknown engine, Dask without its
  scheduler or its package; exit status 2);
- ``OutputNotWritable``: the output folder cannot be written; the previous dataset there is
  unchanged (exit status 3);
- ``BadCorrection``: a correction the corrections file will not take (the reason why).

An article the extractor fails on raises nothing: it is skipped with one line in the report
and its traceback goes to the log (logger ``geo.dataset.build``).
"""

from __future__ import annotations


class GeoError(Exception):
    """Any error of this package that a caller may handle."""


class NotAnArticle(GeoError, ValueError):
    """The file holds no article the build can read; the message is the report's reason."""


class CorpusNotFound(GeoError, FileNotFoundError):
    """The corpus folder does not exist."""


class BadSettings(GeoError, ValueError):
    """The build was asked for what cannot run (engine, scheduler, missing package)."""


class OutputNotWritable(GeoError, OSError):
    """The dataset cannot be written to its folder; what was there is unchanged."""


class BadCorrection(GeoError, ValueError):
    """A correction that is not valid; the message says why."""
