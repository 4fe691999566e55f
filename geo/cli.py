"""The ``geo`` command: ``geo build`` turns a corpus into the map's dataset; ``geo watch``
builds it again whenever the corpus changes (geo.dataset.watch); ``geo geocode``
looks a name up in the offline gazetteer; ``geo unresolved`` lists the place names a build
could not resolve; ``geo evaluate`` scores the geoparser on a gold set; ``geo brief`` draws
the briefing image of the filtered actions; ``geo review`` prints the review queue (the
records most worth an analyst's look first); ``geo synth`` writes a synthetic corpus with its
truth.

Where things are (the dataset folder, the corpus, the analysts' corrections and places) is
resolved once per command (geo.workspace): an option, else GEO_DATA_DIR, GEO_CORPUS_DIR,
GEO_CORRECTIONS, else data/ and seeds/ in the current folder and corrections.toml in the
dataset folder (the corrections belong to the dataset they were made on)."""

from __future__ import annotations

import argparse
import gc
import math
import os
import sys
from pathlib import Path

from geo.dashboard import filters
from geo.ingest.corpus import MAX_ARTICLE_CHARS, MAX_FILE_BYTES
from geo.workspace import Workspace


def _value(kind: type, accepts, says: str):
    """An argparse ``type``: ``kind(text)`` when ``accepts`` it, else argparse's error naming
    the option ("argument --workers: '0' is not a whole number of 1 or more"), exit 2."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not accepts(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not {says}")
        return value

    return parse


# What each number option takes (nan and inf are no size: 0 < nan is false).
COUNT = _value(int, lambda n: n >= 1, "a whole number of 1 or more")
SIZE = _value(float, lambda x: 0 < x < math.inf, "a number above 0")
SHARE = _value(float, lambda x: 0 <= x <= 1, "a share from 0 to 1")
SHARE_BELOW_1 = _value(float, lambda x: 0 <= x < 1, "a share from 0 to below 1")


def parser() -> argparse.ArgumentParser:
    """Every command and option of ``geo`` (tests/test_docs.py checks the README has them)."""
    parser = argparse.ArgumentParser(prog="geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser("build", help="extract and geocode the actions of a corpus")
    build_cmd.add_argument("--corpus", type=Path, help="default: GEO_CORPUS_DIR, else seeds/")
    build_cmd.add_argument(
        "--out", type=Path, help="the dataset folder (default: GEO_DATA_DIR, else data/)"
    )
    build_cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    build_cmd.add_argument(
        "--max-file-mb",
        type=SIZE,
        default=MAX_FILE_BYTES / 2**20,
        help="skip larger files (default %(default)g)",
    )
    build_cmd.add_argument(
        "--max-chars",
        type=COUNT,
        default=MAX_ARTICLE_CHARS,
        help="skip articles with more characters of text (default %(default)d)",
    )
    build_cmd.add_argument("--workers", type=COUNT, help="processes (default: one per core)")
    build_cmd.add_argument("--engine", choices=["local", "dask"], default="local")
    build_cmd.add_argument("--scheduler", help="the Dask scheduler, tcp://host:8786")
    build_cmd.add_argument(
        "--no-cache",
        action="store_true",
        help="extract every article again (see geo.dataset.cache)",
    )
    build_cmd.add_argument(
        "--corrections",
        type=Path,
        help="the analysts' corrections to apply (default: GEO_CORRECTIONS, else "
        "corrections.toml in the --out folder); the analysts' places_added.csv is read "
        "beside it",
    )

    watch_cmd = commands.add_parser(
        "watch", help="build, then publish again within a second of every change to the corpus"
    )
    watch_cmd.add_argument("--corpus", type=Path, help="default: GEO_CORPUS_DIR, else seeds/")
    watch_cmd.add_argument(
        "--out", type=Path, help="the dataset folder (default: GEO_DATA_DIR, else data/)"
    )
    watch_cmd.add_argument(
        "--corrections",
        type=Path,
        help="as geo build's (default: GEO_CORRECTIONS, else corrections.toml in --out)",
    )
    watch_cmd.add_argument(
        "--workers", type=COUNT, help="processes for a large change (default: one per core)"
    )

    geocode_cmd = commands.add_parser("geocode", help="look a place name up, offline")
    geocode_cmd.add_argument("name")
    geocode_cmd.add_argument("--region", help="English name of the region the text is about")

    unresolved_cmd = commands.add_parser("unresolved", help="place names a build left out")
    unresolved_cmd.add_argument("--data", type=Path, help="default: GEO_DATA_DIR, else data/")

    evaluate_cmd = commands.add_parser("evaluate", help="score the geoparser on a gold set")
    evaluate_cmd.add_argument("--gold", type=Path, default=Path("tests/gold"))
    evaluate_cmd.add_argument("--min-precision", type=SHARE, default=0.0)
    evaluate_cmd.add_argument("--min-recall", type=SHARE, default=0.0)
    evaluate_cmd.add_argument(
        "--json", action="store_true", help="print the figures and the misses as JSON"
    )
    evaluate_cmd.add_argument(
        "--fit-confidence",
        action="store_true",
        help="also print the confidence weights fitted on this set (for confidence.toml)",
    )
    evaluate_cmd.add_argument(
        "--queue",
        action="store_true",
        help="also print how many wrong points the review queue's first 10 records hold, "
        "against 10 at random",
    )

    review_cmd = commands.add_parser(
        "review", help="the review queue: the records most worth an analyst's look first"
    )
    review_cmd.add_argument("--data", type=Path, help="default: GEO_DATA_DIR, else data/")
    filters.add_cli_options(review_cmd)
    review_cmd.add_argument("--top", type=COUNT, default=10, help="records shown (default 10)")
    review_cmd.add_argument("--json", action="store_true", help="the queue and progress as JSON")

    brief_cmd = commands.add_parser(
        "brief", help="the briefing image (PNG, PDF or JPEG) of the filtered actions"
    )
    brief_cmd.add_argument("--data", type=Path, help="default: GEO_DATA_DIR, else data/")
    filters.add_cli_options(brief_cmd)
    brief_cmd.add_argument("--lang", choices=["en", "ru", "kk"], default="en", help="labels")
    brief_cmd.add_argument(
        "-o", "--out", type=Path, required=True, help=".png, .pdf, .jpg or .jpeg: that format"
    )

    synth_cmd = commands.add_parser(
        "synth", help="write a synthetic corpus with its truth (a gold set for geo evaluate)"
    )
    synth_cmd.add_argument("--articles", type=COUNT, required=True, metavar="N")
    synth_cmd.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    synth_cmd.add_argument("--seed", type=int, default=1, help="same seed, same corpus")
    synth_cmd.add_argument(
        "--bad",
        type=SHARE_BELOW_1,
        default=0.0,
        help="share of bad files to add (empty, binary, cp1251)",
    )
    synth_cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    handlers = {
        "build": _build,
        "watch": _watch,
        "geocode": _geocode,
        "unresolved": _unresolved,
        "evaluate": _evaluate,
        "brief": _brief,
        "review": _review,
        "synth": _synth,
    }
    return handlers[args.command](args)


def run() -> None:
    """The ``geo`` command: ``main``, then the process ends without the interpreter's last
    collection walking every object the command made. That walk (natasha, the gazetteer,
    a build's records) took 0.2-0.25 s of every ``geo build``, its whole teardown 0.25-0.35
    s; frozen (``gc.freeze``), 0.1 s. Nothing then needs the collector: the files, the
    cache and the publication are closed and the threads joined. (Not in ``main``, which
    tests call in their own process.)"""
    code = main()
    gc.freeze()
    sys.exit(code)


# Exit statuses of `geo build` (README, "Bad input"): a skipped file is not a failure.
BUILD_OK, BUILD_NOTHING_READ, BUILD_USAGE, BUILD_CANNOT_WRITE = 0, 1, 2, 3
SHOWN_LINES = 12  # per list in the summary; the report has them all


def _build(args) -> int:
    from geo.dataset.build import build
    from geo.exc import BadSettings, CorpusNotFound, OutputNotWritable

    _log_to_stderr()
    where = Workspace.resolve(args.out, args.corpus, args.corrections, env=os.environ)
    try:
        result = build(
            where.corpus,
            where.data,
            progress=not args.quiet,
            max_bytes=int(args.max_file_mb * 2**20),
            max_chars=args.max_chars,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            use_cache=not args.no_cache,
            corrections_path=where.corrections,
            places_path=where.places,
            cache_dir=where.cache,
        )
    except CorpusNotFound:
        print(f"geo build: corpus folder not found: {where.corpus}", file=sys.stderr)
        return BUILD_USAGE
    except BadSettings as err:  # engine settings
        print(f"geo build: {err}", file=sys.stderr)
        return BUILD_USAGE
    except OutputNotWritable as err:
        print(
            f"geo build: cannot write the dataset to {where.data}: {err.strerror or err}; "
            "the previous dataset there is unchanged",
            file=sys.stderr,
        )
        return BUILD_CANNOT_WRITE
    processed = [f for f in result.files if f.processed]
    skipped = [f for f in result.files if not f.processed]
    print(
        f"\n{len(processed)} articles processed ({result.from_cache} unchanged, from the "
        f"cache), {len(skipped)} files skipped, {result.actions} actions at "
        f"{result.places} places in {result.seconds:.1f} s"
    )
    _listing("skipped", [f"{f.file}: {f.reason}" for f in skipped])
    _listing("warning", [w for f in processed for w in f.warnings])
    fixes = result.corrections
    if fixes and (fixes.applied or fixes.not_applied):
        print(f"  {fixes.applied} corrections applied")
    _listing("correction not applied:", [o.message for o in fixes.not_applied] if fixes else [])
    _listing(
        "unresolved in",
        [f"{doc_id}: {', '.join(names)}" for doc_id, names in result.unresolved.items()],
    )
    if not result.written:
        print(f"No article could be read: {where.data} is left as it was.", file=sys.stderr)
        return BUILD_NOTHING_READ
    print(f"Wrote actions.geojson, .csv, .parquet and build-report.json to {where.data}")
    return BUILD_OK


def _watch(args) -> int:
    """``geo watch``: geo.dataset.watch over the workspace, one line in the log per change and
    per publication; Ctrl-C stops it (exit 0), the dataset folder settled."""
    import logging

    from geo.dataset.watch import Resident, watch
    from geo.exc import CorpusNotFound

    logging.basicConfig(format="%(asctime)s %(message)s", datefmt="%H:%M:%S")  # warnings up
    logging.getLogger("geo.dataset.watch").setLevel(logging.INFO)  # and the watch's lines
    where = Workspace.resolve(args.out, args.corpus, args.corrections, env=os.environ)
    options = {
        "workers": args.workers,
        "corrections_path": where.corrections,
        "places_path": where.places,
        "cache_dir": where.cache,
    }
    _stop_on_signals()
    try:
        watch(Resident(where.corpus, where.data, options))
    except CorpusNotFound:
        print(f"geo watch: corpus folder not found: {where.corpus}", file=sys.stderr)
        return BUILD_USAGE
    except KeyboardInterrupt:
        logging.getLogger("geo.dataset.watch").info(
            "stopped; %s holds the last dataset", where.data
        )
    return BUILD_OK


def _stop_on_signals() -> None:
    """Ctrl-C (SIGINT) and SIGTERM stop ``geo watch`` the same way, as KeyboardInterrupt:
    also when it was started in the background (``geo watch &``), where the shell has it
    ignore SIGINT, and under a service manager, which stops with SIGTERM."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)


def _log_to_stderr() -> None:
    """Warnings and errors of the build (an article the extractor failed on, with its
    traceback: logger ``geo.dataset.build``) on stderr, unless the caller set logging up."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _listing(label: str, lines: list[str]) -> None:
    for line in lines[:SHOWN_LINES]:
        print(f"  {label} {line}")
    if len(lines) > SHOWN_LINES:
        print(f"  ... and {len(lines) - SHOWN_LINES} more ({label}): see build-report.json")


def _geocode(args) -> int:
    from geo.geoparse.geocode import geocoder_for

    where = Workspace.resolve(env=os.environ)  # the analysts' places count
    geocoder = geocoder_for(where.places, where.cache)
    locations = geocoder.geocode(args.name, exactly_one=False, region=args.region)
    if not locations:
        print(f"geo geocode: {args.name!r} is not in the gazetteer", file=sys.stderr)
        return 1
    for loc in locations:
        raw = loc.raw
        print(
            f"{raw['place_id']}\t{loc.latitude:.5f}\t{loc.longitude:.5f}\t{raw['kind']}\t"
            f"precision {raw['geo_precision']}\t{loc.address}"
        )
    return 0


def _unresolved(args) -> int:
    import json

    report_path = Workspace.resolve(args.data, env=os.environ).data / "build-report.json"
    if not report_path.exists():
        print(f"geo unresolved: no build report at {report_path}: run geo build", file=sys.stderr)
        return 2
    report = json.loads(report_path.read_text(encoding="utf-8"))
    unresolved = report.get("unresolved_places", {})
    for doc_id, names in sorted(unresolved.items()):
        print(f"{doc_id}\t{', '.join(names)}")
    total = sum(len(n) for n in unresolved.values())
    print(f"{total} unresolved place names in {len(unresolved)} of {report['articles']} articles")
    return 0


def _evaluate(args) -> int:
    import json

    from geo.quality import calibration
    from geo.quality.evaluate import evaluate, format_report, place_scores
    from geo.quality.evaluate_actions import action_scores, evaluate_actions, format_action_report

    if not (args.gold / "expected_places.csv").exists():
        print(
            f"geo evaluate: no expected_places.csv in {args.gold}: not a gold set "
            "(see tests/gold/README.md for the layout)",
            file=sys.stderr,
        )
        return 2
    from geo.geoparse.geocode import geocoder_for

    where = Workspace.resolve(env=os.environ)  # the gazetteer a build would use
    geocoder = geocoder_for(where.places, where.cache)
    progress = not args.json
    result = evaluate(args.gold, geocoder, progress=progress)
    actions = None
    if (args.gold / "expected_actions.csv").exists():
        actions = evaluate_actions(args.gold, geocoder, progress=progress)
    bands = calibration.reliability(actions.samples) if actions else []
    if args.json:
        out = {"gold": str(args.gold), "places": place_scores(result)}
        out["actions"] = action_scores(actions) if actions else None
        out["reliability"] = [b.as_dict() for b in bands]
        if args.fit_confidence and actions:
            out["fitted_confidence"] = calibration.fit(actions.samples)
        if args.queue and actions:
            out["queue"] = calibration.queue_check(actions.records, args.gold.name).as_dict()
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(format_report(result))
        if actions:
            print(format_action_report(actions, args.gold.name))
            print("\n".join(calibration.format_reliability(bands, args.gold.name)))
            if args.fit_confidence:
                fitted = calibration.format_weights(calibration.fit(actions.samples))
                print("\n".join(["fitted confidence weights:", *fitted]))
            if args.queue:
                print(calibration.queue_check(actions.records, args.gold.name).line())
    ok = result.overall.precision >= args.min_precision and result.overall.recall >= args.min_recall
    return 0 if ok else 1


BRIEF_CANNOT_WRITE = 3  # as geo build's (README, "Commands")


def _brief(args) -> int:
    from geo import reference
    from geo.dashboard import brief, store, tables, view

    fmt = brief.FORMATS.get(args.out.suffix.lower())
    if fmt is None:
        print(
            f"geo brief: -o {args.out}: the briefing is written as "
            f"{', '.join(brief.FORMATS)} (the format its extension names)",
            file=sys.stderr,
        )
        return 2
    if _dates_reversed(args, "brief"):
        return 2
    app_data = reference.folder()
    data = Workspace.resolve(args.data, env=os.environ).data
    try:
        df = store.load_actions(data / "actions.geojson")
        chosen = brief.filters_from_args(df, **filters.cli_given(args))
    except (FileNotFoundError, ValueError) as err:
        print(f"geo brief: {err}", file=sys.stderr)
        return 2
    shown = store.apply_filters(df, chosen)
    words = view.describe_filters(chosen, args.lang, store.date_bounds(df))
    regions = store.load_regions(store.find_data_file("regions.geojson", data, app_data))
    cities = store.load_cities(store.find_data_file("basemap_cities.csv", data, app_data))
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        brief.render_brief(
            shown,
            words,
            regions,
            cities,
            args.out,
            fmt=fmt,
            lang=args.lang,
            freshness=store.freshness(data),
            whole_country=len(shown) == len(df),
        )
    except OSError as err:
        print(f"geo brief: cannot write {args.out}: {err.strerror or err}", file=sys.stderr)
        return BRIEF_CANNOT_WRITE
    counts = tables.summary_counts(shown)
    print(f"Wrote {args.out}: {counts['actions']} actions at {counts['places']} places ({words})")
    return 0


def _dates_reversed(args, command: str) -> bool:
    """Are the filter options' ``--from`` and ``--to`` (filters.add_cli_options) the wrong
    way round? Then say so on stderr."""
    if args.date_from and args.date_to and args.date_from > args.date_to:
        print(
            f"geo {command}: --from {args.date_from} is after --to {args.date_to}",
            file=sys.stderr,
        )
        return True
    return False


def _review(args) -> int:
    import json

    from geo.curation import review

    where = Workspace.resolve(args.data, env=os.environ)
    if _dates_reversed(args, "review"):
        return 2
    try:
        queued = review.load(
            where.data, corrections_path=where.corrections, given=filters.cli_given(args)
        )
    except (FileNotFoundError, ValueError) as err:
        print(f"geo review: {err}", file=sys.stderr)
        return 2
    shown = [e for e in queued.entries if not e.checked][: args.top]
    if args.json:
        out = {
            "view": queued.view,
            "progress": vars(queued.progress),
            "queue": [e.as_dict() for e in shown],
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print("\n".join([f"View: {queued.view}", *review.lines(shown, queued.progress)]))
    return 0


def _synth(args) -> int:
    from geo.quality.synth import generate

    try:
        result = generate(
            args.articles, args.out, seed=args.seed, bad=args.bad, progress=not args.quiet
        )
    except (FileExistsError, OSError) as err:
        print(f"geo synth: {err}", file=sys.stderr)
        return 2
    print(result.summary())
    return 0


if __name__ == "__main__":
    run()
