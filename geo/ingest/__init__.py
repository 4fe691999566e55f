"""Stage 1, ingest: files in a corpus folder become articles.

In: a folder of ``.txt`` / ``.html`` files with optional ``.meta.toml`` / ``.json`` sidecars.
Out: ``Article`` records (``corpus``): the article's text with the page's chrome cut away,
its language, title, body span and ``Metadata`` (``metadata``: the sidecar's publication
date, outlet, url, read leniently: a bad sidecar is a warning, never a lost article).
"""
