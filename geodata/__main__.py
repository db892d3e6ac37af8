"""Command line: `python -m geodata build [--articles DIR] [--out FILE] [--format geojson|parquet|both]
[--workers N] [--dask ADDRESS]
[--db URL [--include-rejected]]`, `python -m geodata add URL|FILE... [--feed URL] [--db URL]`,
`python -m geodata evaluate --gold FILE --articles DIR`, `python -m geodata explain ARTICLE_FILE`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DEFAULT_ARTICLES = Path("seeds")
DEFAULT_OUT = Path("output") / "incidents.geojson"


class _ProgressBar:
    """A one-line progress bar on stderr, shown only for long runs on a terminal."""

    def __init__(self, stream=sys.stderr, min_total: int = 50):
        self.stream = stream
        self.enabled = stream.isatty()
        self.min_total = min_total
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.min_total:
            return
        width = 30
        filled = int(width * done / total)
        rate = done / max(time.monotonic() - self.started, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} articles, {rate:.0f}/s")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def shown(text: object) -> str:
    """A file name or reason as one inert terminal line: control characters (newlines, ANSI
    escapes) and bidi overrides from hostile file names become visible escapes."""
    return "".join(
        ch
        if ch.isprintable() and not 0x202A <= ord(ch) <= 0x202E and not 0x2066 <= ord(ch) <= 0x2069
        else ascii(ch)[1:-1]
        for ch in str(text)
    )


def _cmd_build(args: argparse.Namespace) -> int:
    from .articles import ArticleError, load_articles
    from .export import dumps, write_text_atomic
    from .pipeline import build_feature_collection_from
    from .store_cli import review_summary

    try:
        articles, problems = load_articles(args.articles)
    except ArticleError as exc:
        print(f"error: {exc.path}: {exc.reason}", file=sys.stderr)
        return 2
    engine = None
    if getattr(args, "db", None):
        from .store import StoreError
        from .store_cli import open_engine, with_store_articles

        try:
            engine = open_engine(args.db, must_exist=True)
            articles = with_store_articles(articles, engine)
        except StoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    for problem in problems:
        print(f"skipped {shown(problem.file)}: {shown(problem.reason)}", file=sys.stderr)
    for article in articles:
        for note in article.problems:
            print(f"warning {shown(Path(article.path).name)}: {shown(note)}", file=sys.stderr)
    if not articles:
        print(f"error: no usable article files (.md or .txt) in {args.articles}", file=sys.stderr)
        return 2
    workers = args.workers or 1
    client = None
    if args.dask:
        from .pipeline import dask_client

        try:
            client = dask_client(args.dask)
        except RuntimeError as exc:  # dask not installed
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:  # scheduler unreachable
            print(f"error: cannot reach the Dask scheduler {args.dask}: {exc}", file=sys.stderr)
            return 2
        except ValueError as exc:  # "localhost" (no port), "http://…" (not a Dask scheme)
            print(f"error: not a Dask scheduler address, {args.dask}: {exc}", file=sys.stderr)
            return 2
    try:
        collection = build_feature_collection_from(
            articles, problems, workers=workers, progress=_ProgressBar(), client=client
        )
    finally:
        if client is not None:
            client.close()
    if engine is not None:
        from .store_cli import reviewed

        collection = reviewed(collection, engine, include_rejected=args.include_rejected)
    outputs = output_paths(Path(args.out), args.format)
    for out in outputs:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if out.suffix == ".parquet":
                from .geoparquet import write_geoparquet

                write_geoparquet(collection, out)
            else:
                write_text_atomic(out, dumps(collection))  # never a half-written file for other tools
        except OSError as exc:
            print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    features = collection["features"]
    unlocated = sum(1 for f in features if f["geometry"] is None)
    read = {p.file for p in problems}
    for problem in collection["problems"]:  # articles dropped during extraction (time budget)
        if problem["file"] not in read:
            print(f"skipped {shown(problem['file'])}: {shown(problem['reason'])}", file=sys.stderr)
    skipped = len(collection["problems"])
    print(
        f"{len(collection['articles'])} articles, {len(features)} incidents, {unlocated} unlocated"
        f"{f', {skipped} files skipped' if skipped else ''}"
        f"{review_summary(collection) if engine is not None else ''} -> {' and '.join(map(str, outputs))}"
    )
    return 0


def positive_int(text: str) -> int:
    """argparse type: 1, 2, … (0 and -1 are refused with a message, not read as 1)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def output_paths(out: Path, fmt: str) -> list[Path]:
    """The files `build` writes: the GeoJSON at --out, the GeoParquet next to it (same name,
    .parquet), or both. An --out ending in .parquet names the GeoParquet file itself."""
    geojson = out.with_suffix(".geojson") if out.suffix == ".parquet" else out
    parquet = out if out.suffix == ".parquet" else out.with_suffix(".parquet")
    return {"geojson": [geojson], "parquet": [parquet], "both": [geojson, parquet]}[fmt]


def _cmd_explain(args: argparse.Namespace) -> int:
    """Print why the extraction found what it found in one article, sentence by sentence."""
    from .articles import ArticleError, load_article
    from .extraction.explain import explain
    from .gazetteer import load_gazetteer

    try:
        article = load_article(args.article)
    except ArticleError as exc:
        print(f"error: {shown(exc.path)}: {shown(exc.reason)}", file=sys.stderr)
        return 2
    for problem in article.problems:
        print(f"warning: {shown(problem)}", file=sys.stderr)
    for line in explain(article, load_gazetteer()).splitlines():
        print(shown(line))
    return 0


def _add_explain(sub: argparse._SubParsersAction) -> None:
    explain = sub.add_parser("explain", help="one article: what each rule decided, sentence by sentence")
    explain.add_argument("article", help="an article file (.md or .txt)")
    explain.set_defaults(func=_cmd_explain)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geodata", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="article files -> GeoJSON FeatureCollection of incidents")
    build.add_argument(
        "--articles", default=str(DEFAULT_ARTICLES), help="directory of article files (default: seeds/)"
    )
    build.add_argument(
        "--out", default=str(DEFAULT_OUT), help=f"output GeoJSON file (default: {DEFAULT_OUT})"
    )
    build.add_argument(
        "--format",
        choices=("geojson", "parquet", "both"),
        default="geojson",
        help="geojson (default); parquet: GeoParquet next to it (same name, .parquet), the fast "
        "start for large data in the app (DURAND_GEOJSON=that file); both",
    )
    build.add_argument(
        "--workers", type=positive_int, default=1, help="processes to use (default 1; output is identical)"
    )
    build.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="run the per-article stage on a Dask cluster: scheduler address "
        "(tcp://host:8786) or 'local' (needs `pip install dask distributed`)",
    )
    from .store_cli import add_build_arguments, add_subcommand

    add_build_arguments(build)
    build.set_defaults(func=_cmd_build)
    add_subcommand(sub)
    _add_explain(sub)

    from .evaluation import cli as evaluate

    ev = sub.add_parser("evaluate", help="score the pipeline against gold annotations")
    evaluate.add_arguments(ev)
    ev.set_defaults(func=evaluate.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
