#!/usr/bin/env python3
"""report.py - writes tests/bench/RESULTS-render.md from the rows render.sh
collected (results/render-<scale>.tsv, results/render-machine.tsv), and
describes the images it measured.

  report.py --results DIR --out RESULTS-render.md [--check SCALE]
  report.py --image FILE        (PNG: "WxH px"; PDF: "W x H mm, N p.")
  report.py --page-mm FILE.pdf  (the first page's size in mm: "W H")

--check SCALE exits 1 unless every tool drew both formats at that scale,
PNGs of one pixel size and PDFs of one page size (the smoke test uses it).
"""
import argparse
import os
import re
import struct
import sys

SCALES = ["village", "county", "province"]
COLUMNS = ["scale", "tool", "source", "format", "median_s", "runs", "rss_mb", "image", "bytes", "note", "cpu_s"]
TOOLS = ["vinfra", "mapserver", "mapnik"]
MM_PER_PT = 25.4 / 72


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def pdf_pages(path):
    """MediaBoxes of the pages (cairo writes page dictionaries uncompressed)."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"%PDF"):
        return None
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    return [(float(b[2]) - float(b[0]), float(b[3]) - float(b[1])) for b in boxes], pages


def describe(path):
    if path.endswith(".png"):
        s = png_size(path)
        return "%dx%d px" % s if s else "not a PNG"
    info = pdf_pages(path)
    if not info or not info[0]:
        return "not a PDF"
    (w, h), pages = info[0][0], info[1]
    return "%.0f x %.0f mm, %d p." % (w * MM_PER_PT, h * MM_PER_PT, pages)


def read_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            cells += [""] * (len(COLUMNS) - len(cells))
            rows.append(dict(zip(COLUMNS, cells)))
    return rows


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def fmt_bytes(s):
    n = num(s)
    if n is None:
        return ""
    return "%.1f MB" % (n / 1e6) if n >= 1e5 else "%.0f kB" % (n / 1e3)


def read_machine(results):
    m = {}
    path = os.path.join(results, "render-machine.tsv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("\t")
                m[k] = v
    return m


def scale_section(scale, rows):
    out = []
    o = out.append
    started = next((r["note"] for r in rows if r["tool"] == "started"), "")
    gen = next((r for r in rows if r["tool"] == "gen-bench"), None)
    o("## %s scale%s" % (scale, " (run started %s)" % started if started else ""))
    o("")
    if gen:
        o("Store: `gen-bench --scale %s` in %.1f s, %s: %s." % (scale, num(gen["median_s"]) or 0,
                                                               fmt_bytes(gen["bytes"]), gen["note"]))
        o("")
    vinfra = {r["format"]: num(r["median_s"]) for r in rows if r["tool"] == "vinfra"}
    o("| tool | reads | format | median s | runs s | ratio to vinfra | CPU s | peak RSS MB | image | file | what it does |")
    o("|---|---|---|---:|---|---:|---:|---:|---|---:|---|")
    # PNG rows, then PDF rows (vinfra first, then each peer reading the
    # store, then shapefiles), then the atlas and the export.
    # vinfra builds measured for comparison (BENCH_VINFRA_ALSO) come next to vinfra.
    variants = sorted({r["tool"] for r in rows if r["tool"].startswith("vinfra@")})
    drawing = ["vinfra"] + variants + ["mapserver", "mapnik"]
    order = {t: i for i, t in enumerate(drawing)}
    group = {"png": 0, "pdf": 1}
    measured = [r for r in rows if r["tool"] in drawing + ["vinfra atlas", "ogr2ogr"]]
    measured.sort(key=lambda r: (group.get(r["format"], 2) if r["tool"] in order else 3 + (r["tool"] == "ogr2ogr"),
                                 order.get(r["tool"], 0), r["source"] != "store"))
    for r in measured:
        t = num(r["median_s"])
        v = vinfra.get(r["format"])
        ratio = ""
        if t is not None and v and r["tool"] in order:
            ratio = "%.2f" % (t / v)
        o("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["tool"], r["source"], r["format"], "%.2f" % t if t is not None else "—",
            r["runs"].replace(",", ", "), ratio, r["cpu_s"], r["rss_mb"], r["image"], fmt_bytes(r["bytes"]),
            r["note"]))
    o("")
    # The target: vinfra no slower than the faster peer, per format.
    for fmt in ("png", "pdf"):
        peers = [(num(r["median_s"]), r["tool"], r["source"]) for r in rows
                 if r["tool"] in ("mapserver", "mapnik") and r["format"] == fmt and num(r["median_s"]) is not None]
        if not peers:
            continue
        best = min(peers)
        v = vinfra.get(fmt)
        if v is None:
            o("- %s: fastest peer %s (%s) %.2f s; vinfra not measured." % (fmt.upper(), best[1], best[2], best[0]))
            continue
        verdict = "**met**" if v <= best[0] else "**not met** (%.2f× the fastest peer)" % (v / best[0])
        o("- %s: vinfra %.2f s, fastest peer %s (%s) %.2f s — target %s." % (
            fmt.upper(), v, best[1], best[2], best[0], verdict))
        cpu = [(num(r["cpu_s"]), r["tool"], r["source"]) for r in rows
               if r["tool"] in ("mapserver", "mapnik") and r["format"] == fmt and num(r["cpu_s"]) is not None]
        vc = next((num(r["cpu_s"]) for r in rows if r["tool"] == "vinfra" and r["format"] == fmt), None)
        if cpu and vc is not None:
            bc = min(cpu)
            o("  By CPU time (user + system, less sensitive to the other load on the machine): vinfra %.2f s, "
              "fastest peer %s (%s) %.2f s (%.2f×)." % (vc, bc[1], bc[2], bc[0], vc / bc[0]))
    atlas = next((r for r in rows if r["tool"] == "vinfra atlas" and num(r["median_s"]) is not None), None)
    if atlas:
        a = num(atlas["median_s"])
        o("- Demo atlas: %.2f s (%s) — target under 5 s %s." % (a, atlas["image"],
                                                            "**met**" if a < 5 else "**not met**"))
    o("")
    return out


def write_report(results, out_path):
    m = read_machine(results)
    out = ["# Map rendering benchmark", "",
           "Written by `tests/bench/render.sh` (render/report.py) from `tests/bench/results/render-*.tsv`;",
           "do not edit by hand. The issue's target: `vinfra render` of the county-scale store (100,000",
           "households, 20,000 streetlights, 2,000 km of road) to an A4 PNG at 300 dpi and an A4 PDF no",
           "slower than the faster of MapServer and Mapnik drawing the same layers with the same",
           "symbols on the same machine in the same run; the demo atlas in under 5 s.", "",
           "Every time is a whole process (start-up, reading the store, drawing, writing the file),",
           "wall clock, the median of the runs listed. The peers draw the map only (no title,",
           "legend or scale bar) on the whole page, from mapfiles and a Mapnik XML written by",
           "`render/peers.py` from `maps/default.tsv` (same colours, widths and symbol sizes, same",
           "bottom-to-top order, one layer per style row); *store* means the peer read the",
           "SpatiaLite store (EPSG:4490) and reprojected to EPSG:4545 while drawing, as vinfra does;",
           "*shp* means shapefiles already in EPSG:4545 (the export is its own row, not counted).",
           "PNG: MapServer AGG 24-bit, Mapnik AGG `png32`; PDF: both through cairo.", ""]
    if m:
        out += ["Machine: %s. Measured %s." % (m.get("machine", "?"), m.get("date", "?")), ""]
        for k in ("vinfra", "mapserver", "mapnik", "gdal"):
            if k in m:
                out.append("- %s: %s" % (k, m[k]))
        out.append("")
    for scale in SCALES:
        path = os.path.join(results, "render-%s.tsv" % scale)
        if os.path.exists(path):
            out += scale_section(scale, read_rows(path))
    # What the numbers mean, written by hand next to this script.
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as f:
            out += [f.read().rstrip("\n"), ""]
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def check(results, scale):
    rows = read_rows(os.path.join(results, "render-%s.tsv" % scale))
    ok = True
    for fmt in ("png", "pdf"):
        drawn = [r for r in rows if r["tool"] in TOOLS and r["format"] == fmt]
        tools = {r["tool"] for r in drawn if num(r["median_s"]) is not None}
        if tools != set(TOOLS):
            print("check: %s drawn by %s, expected %s" % (fmt, sorted(tools), TOOLS), file=sys.stderr)
            ok = False
        images = {r["image"] for r in drawn}
        if len(images) != 1:
            print("check: %s images differ in size: %s" % (fmt, sorted(images)), file=sys.stderr)
            ok = False
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--results")
    p.add_argument("--out")
    p.add_argument("--check", metavar="SCALE")
    p.add_argument("--image")
    p.add_argument("--page-mm")
    a = p.parse_args()
    if a.image:
        print(describe(a.image))
        return 0
    if a.page_mm:
        info = pdf_pages(a.page_mm)
        if not info or not info[0]:
            print("report.py: '%s' is not a PDF" % a.page_mm, file=sys.stderr)
            return 1
        w, h = info[0][0]
        print("%.0f %.0f" % (w * MM_PER_PT, h * MM_PER_PT))
        return 0
    write_report(a.results, a.out)
    if a.check:
        return 0 if check(a.results, a.check) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
