"""One command for the performance figures, each next to a baseline measured in the same run:

    python -m tests.benchmarks.report            # 1k, 10k, 100k (takes a few minutes)
    python -m tests.benchmarks.report --quick    # 1k, 10k only

(a) pipeline articles/s per core vs a naive baseline (gazetteer re-loaded for every article);
(b) server-side map rerun after a filter change vs one folium.Marker per incident;
(c) bytes the map component receives (feature groups + base map) vs the same baseline;
(d) app cold start to first map (AppTest first run) and peak memory (VmHWM) of that process,
    from the same data as GeoJSON and as GeoParquet;
(e) the GeoJSON download of the whole view: streamed from the stored records vs building every
    feature dict and one JSON text (the way it was first written), time and peak memory;
(f) the pipeline on real-size text (tests/benchmarks/pipeline_real.py);
(g) Chromium first paint of a fresh server, seeds and 100k from GeoJSON and GeoParquet, next
    to st.map on the same file and a page with only the base map (the floor)
    (tests/benchmarks/first_paint.py; not with --quick);
(h) Chromium click-to-redraw at 100k, the app vs st.map on the same file, clicked in turns
    (tests/benchmarks/click_redraw.py; not with --quick).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def _hwm_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return float("nan")


def pipeline(n: int, sample: int) -> tuple[float, float]:
    from geodata import gazetteer as gz
    from geodata.articles import load_articles
    from geodata.pipeline import extract_all
    from tests.benchmarks.synth import write_articles

    with tempfile.TemporaryDirectory() as tmp:
        write_articles(Path(tmp), n, gz.load_gazetteer())
        articles, _ = load_articles(tmp)
    t = time.perf_counter()
    extract_all(articles, workers=1)
    ours = len(articles) / (time.perf_counter() - t)
    from geodata.extraction import extract_incidents

    t = time.perf_counter()
    for article in articles[:sample]:  # naive: load the gazetteer for every article
        gz.load_gazetteer.cache_clear()
        extract_incidents(article, gz.load_gazetteer())
    naive = sample / (time.perf_counter() - t)
    return ours, naive


def rerun(n: int, baseline_n: int):
    import folium
    from streamlit_folium import _get_feature_group_string, _get_map_string

    from dashboard import filters, map_component, map_layers, map_view, popups, scale
    from dashboard.columns import Index
    from geodata import crossings
    from geodata.compact import pack
    from geodata.gazetteer import load_gazetteer
    from geodata.model import EVENT_TYPES
    from tests.benchmarks.synth import synthetic_collection

    feats = synthetic_collection(n, load_gazetteer())["features"]
    if n > scale.RECORDS_UP_TO:
        feats = [pack(f) for f in feats]  # as geodata.compact.load_collection_compact stores them
    index = Index.build(feats)  # once per data version in the app (scale.prepared)
    records = map_layers.map_records(feats) if scale.precompute_records(feats) else {}
    boundary = [[69.0, 34.3], [70.0, 34.0], [69.3, 31.9], [66.3, 29.9]]

    registry, reports = scale.crossing_reports(index)
    statuses = crossings.status_at(reports, registry, index.span[1]) if index.span else []

    parts = map_component.render_base(map_view.build_base_map(boundary))  # once per process in the app

    def ours(types):
        t = time.perf_counter()
        positions = index.select(filters.Filters(types=types))
        groups, _ = scale.build_layers_indexed(
            index, positions, records=records, boundary=boundary, crossings=statuses
        )
        js, control = map_component.data_layers(parts, groups, map_view.layer_control())
        return time.perf_counter() - t, len(parts.script) + len(js) + len(control)

    def naive(types, subset):
        t = time.perf_counter()
        shown = filters.apply_filters(subset, filters.Filters(types=types))
        fmap = map_view.build_base_map(boundary)
        group = folium.FeatureGroup(name="Incidents")
        for f in shown:
            if filters.is_located(f):
                lon, lat = f["geometry"]["coordinates"][:2]
                folium.Marker(
                    [lat, lon],
                    popup=folium.Popup(popups.popup_html(f["properties"]), max_width=440),
                    tooltip=popups.tooltip_html(f["properties"]),
                ).add_to(group)
        base = _get_map_string(fmap)
        js = _get_feature_group_string(group, map=fmap, idx=0)
        return time.perf_counter() - t, len(base) + len(js)

    ours(EVENT_TYPES[:4])  # warm
    t1, b1 = ours(EVENT_TYPES[2:])
    t2, b2 = ours(())
    sub = [index.feature(p) for p in range(min(n, baseline_n))]
    nt, nb = naive((), sub)
    scale_up = n / len(sub)
    return max(t1, t2), max(b1, b2), nt * scale_up, nb * scale_up, len(sub) < n


def cold_start(n: int, fmt: str = "geojson"):
    """AppTest first run, two reruns and peak memory of a fresh process on n synthetic incidents
    (in date order, as build output is) from a GeoJSON or a GeoParquet file; n=0: the seeds."""
    import json

    from geodata.gazetteer import load_gazetteer
    from tests.benchmarks.synth import synthetic_collection

    with tempfile.TemporaryDirectory() as tmp:
        if n:
            collection = synthetic_collection(n, load_gazetteer())
            collection["features"].sort(key=lambda f: (f["properties"]["date"] or "", f["id"]))
        else:
            from geodata.pipeline import build_feature_collection

            collection = build_feature_collection(Path(__file__).resolve().parents[2] / "seeds")
        path = Path(tmp) / f"c.{fmt}"
        if fmt == "parquet":
            from geodata.geoparquet import write_geoparquet

            write_geoparquet(collection, path)
        else:
            path.write_text(json.dumps(collection), encoding="utf-8")
        del collection
        code = (
            "import os,time,sys;from streamlit.testing.v1 import AppTest;"
            f"os.environ['DURAND_GEOJSON']={str(path)!r};"
            f"at=AppTest.from_file({str(Path(__file__).resolve().parents[2] / 'dashboard' / 'app.py')!r},default_timeout=600);"
            "t=time.perf_counter();at.run();a=time.perf_counter()-t;"
            "t=time.perf_counter();at.multiselect(key='types').set_value(['airstrike']).run();b=time.perf_counter()-t;"
            "t=time.perf_counter();at.multiselect(key='types').set_value([]).run();c=time.perf_counter()-t;"
            "h=[l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1];"
            "print(a,b,c,int(h)/1024,len(at.exception))"
        )
        import subprocess

        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=1200,
            cwd=str(Path(__file__).resolve().parents[2]),
        )
        first, rerun_s, unfiltered_s, hwm, exc = out.stdout.split()[-5:]
        return float(first), float(rerun_s), float(unfiltered_s), float(hwm), int(exc)


_DOWNLOAD = """
import json, os, sys, time
from dashboard import table_view
from dashboard.columns import Index
from dashboard.filters import Filters
from geodata.compact import full_all, load_collection_compact
from geodata.export import subset

def hwm():
    return int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]) / 1024

collection = load_collection_compact(sys.argv[1])
index = Index.build(collection["features"])
meta = {k: v for k, v in collection.items() if k not in ("features", "slim")}
view = index.view(index.select(Filters()))
before = hwm()
t = time.perf_counter()
if sys.argv[2] == "stream":
    size = len(table_view.geojson_file(meta, view.records(), Filters()))
else:  # every feature inflated to a dict, then one indented JSON text
    shown = subset(meta, full_all(view))
    size = len((json.dumps(shown, ensure_ascii=False, indent=1) + "\\n").encode("utf-8"))
print(time.perf_counter() - t, size, before, hwm())
"""


def download(n: int) -> dict[str, tuple[float, int, float, float]]:
    import json
    import subprocess

    from geodata.gazetteer import load_gazetteer
    from tests.benchmarks.synth import synthetic_collection

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.geojson"
        path.write_text(json.dumps(synthetic_collection(n, load_gazetteer())), encoding="utf-8")
        for mode in ("stream", "naive"):
            run = subprocess.run(
                [sys.executable, "-c", _DOWNLOAD, str(path), mode],
                capture_output=True,
                text=True,
                timeout=1200,
                cwd=str(Path(__file__).resolve().parents[2]),
            )
            seconds, size, before, after = run.stdout.split()[-4:]
            out[mode] = (float(seconds), int(size), float(before), float(after))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-incident figures")
    parser.add_argument("--pipeline-sizes", default="1000,10000")
    args = parser.parse_args(argv)
    cores = os.cpu_count()
    print(f"cores: {cores}  load average: {os.getloadavg()[0]:.1f}")
    print("\n(a) pipeline, one process (articles/s per core)  target >= 200")
    for n in map(int, args.pipeline_sizes.split(",")):
        ours, naive = pipeline(n, sample=min(n, 50))
        print(
            f"  {n:>7,} articles: {ours:8.1f}/s  naive (gazetteer per article, 50-article sample): {naive:6.1f}/s"
            f"  ratio x{ours / naive:.1f}  {'MEETS' if ours >= 200 else 'MISSES'} 200/s"
        )
    sizes = [1000, 10000] + ([] if args.quick else [100000])
    print("\n(b) rerun after a filter change (filter + map build + serialisation) and (c) map bytes")
    for n in sizes:
        t, b, nt, nb, extrapolated = rerun(n, baseline_n=10000)
        print(
            f"  {n:>7,} incidents: {t * 1000:8.0f} ms {b / 1e6:7.2f} MB | naive marker/incident: "
            f"{nt * 1000:8.0f} ms {nb / 1e6:7.2f} MB{' (extrapolated from 10,000)' if extrapolated else ''}"
            f" | x{nt / t:.1f} faster, x{nb / b:.1f} smaller"
        )
    print(
        "\n(d) AppTest cold start to first map in a fresh process (imports included), a filter change"
        " (one type, then all again), peak memory (VmHWM); the same data as GeoJSON and as GeoParquet"
        " (build --format parquet)  targets at 100,000: first map <= 3 s, rerun <= 1 s, peak <= 400 MB"
    )
    first, again, unfiltered, hwm, exc = cold_start(0)
    print(f"   seeds (the app's fixed start): first run {first:6.1f} s  peak {hwm:6.0f} MB  exceptions {exc}")
    for n in sizes:
        for fmt in ("geojson", "parquet"):
            first, again, unfiltered, hwm, exc = cold_start(n, fmt)
            print(
                f"  {n:>7,} incidents, {fmt:<7}: first run {first:6.1f} s  rerun filtered {again:5.2f} s  "
                f"unfiltered {unfiltered:5.2f} s  peak {hwm:6.0f} MB  exceptions {exc}"
            )
    print(
        "\n(e) GeoJSON download of the whole view (built on click): streamed records vs all dicts + one text"
    )
    for n in sizes[-1:]:
        r = download(n)
        (st, ss, sb, sa), (nt, ns, nb, na) = r["stream"], r["naive"]
        print(
            f"  {n:>7,} incidents: streamed {st:5.1f} s, {ss / 1e6:6.1f} MB file, peak {sa:5.0f} MB (+{sa - sb:4.0f})"
            f" | naive {nt:5.1f} s, {ns / 1e6:6.1f} MB, peak {na:5.0f} MB (+{na - nb:4.0f})"
            f" | x{nt / st:.1f} faster, {(na - nb) / max(sa - sb, 1):.1f}x less extra memory"
        )
    from tests.benchmarks import pipeline_real

    pipeline_real.report()  # (f) real-size text and --workers 2
    if not args.quick:
        from tests.benchmarks import first_paint

        first_paint.report(sizes[-1])  # (g) Chromium first paint, GeoJSON vs GeoParquet
        from tests.benchmarks import click_redraw

        click_redraw.report(sizes[-1])  # (h) Chromium click-to-redraw vs st.map
    return 0


if __name__ == "__main__":
    sys.exit(main())
