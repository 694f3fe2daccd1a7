#!/usr/bin/env python3
"""peers.py - the render benchmark's peers: writes a MapServer mapfile and a
Mapnik XML that draw a vinfra store's layers with the symbols of a vinfra
style file, and renders the Mapnik map (PNG through AGG, PDF through a cairo
surface).

  peers.py config --styles STYLE.tsv --layers LAYERS.tsv --source store|shp
                  --data PATH --extent MINX MINY MAXX MAXY --page W_MM H_MM
                  --dpi DPI --font FILE --face NAME --out DIR
  peers.py fields --styles STYLE.tsv     (per layer, the attributes it reads)
  peers.py mapnik --xml FILE --out FILE.png|FILE.pdf --extent ... --page W_MM H_MM --dpi DPI

LAYERS.tsv: one line per store layer to draw, "name<TAB>point|line|polygon".
--source store reads the SpatiaLite store itself (EPSG:4490, reprojected to
EPSG:4545 while drawing: MapServer through OGR, Mapnik through its sqlite
plugin); --source shp reads shapefiles already in EPSG:4545 (DIR/NAME.shp),
the peers' fastest input.  The map is drawn in EPSG:4545 on the extent given
(already fitted to the page), so the peers and vinfra show the same ground.

Symbols mirror the style file row by row, bottom to top: one MapServer LAYER
and one Mapnik layer per row, a row with a condition (status=value) filtering
its features and a layer's catch-all row taking the features none of the
layer's conditions matches.  Sizes are millimetres on paper; both files carry
them in points (1/72 inch) and each peer scales them to the output's
resolution (MapServer: RESOLUTION over DEFRESOLUTION 72; Mapnik: the render's
scale factor), so the PNG at 300 dpi and the A4 PDF show the same symbols.
Point symbols are circles of size_mm across whatever vinfra's symbol (house,
lamp, ...), drawn all, overlapping (no collision); labels (the "label"
column, with a row's Chinese suffix) in the CJK font at the style's label
size, with collision avoidance, drawn after every symbol.
"""
import argparse
import csv
import os
import sys
import time
from xml.sax.saxutils import escape, quoteattr

PT_PER_MM = 72 / 25.4
LABEL_MM = 2.5
# Mapnik's PROJ strings: EPSG:4545 and EPSG:4490 (CGCS2000, on GRS80) without
# PROJ's latitude-first axis order for EPSG:4490.
MAPNIK_4545 = "+proj=tmerc +lat_0=0 +lon_0=108 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
MAPNIK_4490 = "+proj=longlat +ellps=GRS80 +no_defs"


def read_styles(path):
    """The style rows in drawing order, as dicts with the keys layer, field,
    value (the row's condition, or empty), fill, stroke (#rrggbb[aa] or
    empty), width_mm, size_mm, dash ("a,b" mm), symbol, label (field),
    suffix (added to the label) and label_pt.  Reads both forms of vinfra's
    style files: the flat maps/styles.tsv (status, stroke_mm, label_zh_suffix)
    and a sectioned maps/<name>.tsv ([layout] keys, [layers] with when,
    width_mm, symbol, label_pt)."""
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    layout = {}
    if any(l.startswith("[") for l in lines):
        part, table = None, []
        for l in lines:
            if l.startswith("["):
                part = l.strip("[] \t")
            elif part == "layout":
                k, _, v = l.partition("\t")
                layout[k.strip()] = v.strip()
            elif part == "layers":
                table.append(l)
        lines = table
    rows = []
    for r in csv.DictReader(lines, delimiter="\t"):
        r = {k: (v or "").strip() for k, v in r.items()}
        if "when" in r:
            field, _, value = r["when"].partition("=")
        else:
            field, value = ("status", r["status"]) if r.get("status") else ("", "")
        rows.append(dict(
            layer=r["layer"], field=field.strip(), value=value.strip(),
            fill=r.get("fill", ""), stroke=r.get("stroke", ""),
            width_mm=r.get("width_mm", r.get("stroke_mm", "")), size_mm=r.get("size_mm", ""),
            dash=r.get("dash", ""), symbol=r.get("symbol", "") or "circle",
            label=r.get("label", ""), suffix=r.get("label_zh_suffix", ""),
            label_pt=r.get("label_pt", "") or layout.get("label_pt", "") or "%.2f" % (LABEL_MM * PT_PER_MM)))
    return rows


def style_fields(rows):
    """Per layer, the attributes the style reads (conditions and labels)."""
    fields = {}
    for r in rows:
        for f in (r["field"], r["label"]):
            if f and f not in fields.setdefault(r["layer"], []):
                fields[r["layer"]].append(f)
    return fields


def read_layers(path):
    with open(path, encoding="utf-8") as f:
        return dict(l.rstrip("\n").split("\t")[:2] for l in f if l.strip())


def pt(mm):
    return float(mm) * PT_PER_MM if mm else 0.0


def ms_colour(c):
    """MapServer: "R G B", and the opacity in percent."""
    c = c.lstrip("#")
    alpha = int(c[6:8], 16) if len(c) == 8 else 255
    return "%d %d %d" % (int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)), round(alpha * 100 / 255)


def mapnik_colour(c):
    c = c.lstrip("#")
    if len(c) == 8:
        return "rgba(%d,%d,%d,%.3f)" % (int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16), int(c[6:8], 16) / 255)
    return "#" + c


def other_conditions(rows):
    """Per layer, the (field, value) conditions of its rows: a catch-all row
    takes the features none of them matches (a feature takes its layer's
    first matching row, and conditional rows come first)."""
    named = {}
    for r in rows:
        if r["field"]:
            named.setdefault(r["layer"], []).append((r["field"], r["value"]))
    return named


# ---- MapServer ---------------------------------------------------------------

def ms_filter(r, named):
    if r["field"]:
        return '"[%s]" = "%s"' % (r["field"], r["value"])
    others = named.get(r["layer"])
    if not others:
        return None
    # Not NOT IN: MapServer hands the filter to OGR's SQL, which has no NOT IN.
    return " AND ".join('"[%s]" != "%s"' % fv for fv in others)


def ms_style(r, kind):
    """The STYLE blocks of one row (an outline of its own for polygons, so a
    fill's opacity leaves the outline opaque)."""
    out = []
    if kind == "point" and r["symbol"] == "none":
        pass
    elif kind == "point":
        out.append('STYLE SYMBOL "circle" SIZE %.3f' % pt(r["size_mm"]))
        if r["fill"]:
            rgb, op = ms_colour(r["fill"])
            out.append("  COLOR %s OPACITY %d" % (rgb, op))
        if r["stroke"] and r["width_mm"]:
            out.append("  OUTLINECOLOR %s WIDTH %.3f" % (ms_colour(r["stroke"])[0], pt(r["width_mm"])))
        out.append("END")
    elif kind == "polygon":
        if r["fill"]:
            rgb, op = ms_colour(r["fill"])
            out.append("STYLE COLOR %s OPACITY %d END" % (rgb, op))
        if r["stroke"] and r["width_mm"]:
            rgb, op = ms_colour(r["stroke"])
            out.append("STYLE OUTLINECOLOR %s OPACITY %d WIDTH %.3f END" % (rgb, op, pt(r["width_mm"])))
    elif r["stroke"]:
        rgb, op = ms_colour(r["stroke"])
        out.append("STYLE COLOR %s OPACITY %d WIDTH %.3f LINECAP ROUND LINEJOIN ROUND" % (rgb, op, pt(r["width_mm"])))
        if r["dash"]:
            out.append("  PATTERN %s END" % " ".join("%.3f" % pt(d) for d in r["dash"].split(",")))
        out.append("END")
    return out


def mapfile(rows, layers, a, fmt):
    named = other_conditions(rows)
    w_mm, h_mm = a.page
    if fmt == "png":
        size = (round(w_mm / 25.4 * a.dpi), round(h_mm / 25.4 * a.dpi))
        res = a.dpi
        outfmt = 'OUTPUTFORMAT NAME "png24" DRIVER "AGG/PNG" MIMETYPE "image/png" IMAGEMODE RGB EXTENSION "png" END'
        imagetype = "png24"
    else:
        size = (round(pt(w_mm)), round(pt(h_mm)))
        res = 72
        outfmt = 'OUTPUTFORMAT NAME "pdf" DRIVER "CAIRO/PDF" MIMETYPE "application/x-pdf" IMAGEMODE RGB EXTENSION "pdf" END'
        imagetype = "pdf"
    out = []
    o = out.append
    o("# Generated by tests/bench/render/peers.py from maps/styles.tsv: do not edit.")
    o("MAP")
    o('  NAME "vinfra_bench"')
    o("  SIZE %d %d" % size)
    o("  EXTENT %.3f %.3f %.3f %.3f" % tuple(a.extent))
    o("  UNITS METERS")
    o("  RESOLUTION %d" % res)
    o("  DEFRESOLUTION 72")
    o("  IMAGECOLOR 255 255 255")
    o('  FONTSET "%s"' % os.path.abspath(os.path.join(a.out, "fonts.list")))
    o('  PROJECTION "init=epsg:4545" END')
    o("  " + outfmt)
    o('  IMAGETYPE "%s"' % imagetype)
    o('  SYMBOL NAME "circle" TYPE ELLIPSE FILLED TRUE POINTS 1 1 END END')
    for i, r in enumerate(rows):
        name = r["layer"]
        if name not in layers:
            continue
        kind = layers[name]
        o("  LAYER")
        o('    NAME "%s_%d"' % (name, i))
        o("    TYPE %s" % {"point": "POINT", "line": "LINE", "polygon": "POLYGON"}[kind])
        o("    STATUS ON")
        if a.source == "store":
            o("    CONNECTIONTYPE OGR")
            o('    CONNECTION "%s"' % os.path.abspath(a.data))
            o('    DATA "%s"' % name)
            o('    PROJECTION "init=epsg:4490" END')
        else:
            o('    DATA "%s"' % os.path.abspath(os.path.join(a.data, name)))
            o('    PROJECTION "init=epsg:4545" END')
        f = ms_filter(r, named)
        if f:
            o("    FILTER (%s)" % f)
        if r["label"]:
            o('    LABELITEM "%s"' % r["label"])
        o("    CLASS")
        for line in ms_style(r, kind):
            o("      " + line)
        if r["label"]:
            o("      LABEL")
            o("        TYPE TRUETYPE FONT \"cjk\" SIZE %.2f" % float(r["label_pt"]))
            o("        COLOR 40 40 40 OUTLINECOLOR 255 255 255 OUTLINEWIDTH 1")
            o("        POSITION %s" % {"polygon": "CC", "line": "AUTO", "point": "CR"}[kind])
            if kind == "line":
                o("        ANGLE FOLLOW")
            if kind == "point":
                o("        OFFSET %d 0" % round(pt(r["size_mm"]) / 2 + 2))
            if r["suffix"]:
                o('        TEXT "[%s]%s"' % (r["label"], r["suffix"]))
            o("      END")
        o("    END")
        o("  END")
    o("END")
    return "\n".join(out) + "\n"


# ---- Mapnik ------------------------------------------------------------------

def mapnik_filter(r, named):
    if r["field"]:
        return "[%s] = '%s'" % (r["field"], r["value"])
    others = named.get(r["layer"])
    if not others:
        return None
    return "not (" + " or ".join("[%s] = '%s'" % fv for fv in others) + ")"


def mapnik_symbolizers(r, kind):
    out = []
    if kind == "point" and r["symbol"] == "none":
        pass
    elif kind == "point":
        d = pt(r["size_mm"])
        fill = 'fill="%s"' % mapnik_colour(r["fill"]) if r["fill"] else 'fill-opacity="0"'
        stroke = ('stroke="%s" stroke-width="%.3f"' % (mapnik_colour(r["stroke"]), pt(r["width_mm"]))
                  if r["stroke"] and r["width_mm"] else 'stroke-width="0"')
        out.append('<MarkersSymbolizer marker-type="ellipse" width="%.3f" height="%.3f" %s %s '
                   'allow-overlap="true" ignore-placement="true"/>' % (d, d, fill, stroke))
    elif kind == "polygon":
        if r["fill"]:
            out.append('<PolygonSymbolizer fill="%s"/>' % mapnik_colour(r["fill"]))
        if r["stroke"] and r["width_mm"]:
            out.append('<LineSymbolizer stroke="%s" stroke-width="%.3f" stroke-linejoin="round"/>'
                       % (mapnik_colour(r["stroke"]), pt(r["width_mm"])))
    elif r["stroke"]:
        dash = ""
        if r["dash"]:
            dash = ' stroke-dasharray="%s"' % ",".join("%.3f" % pt(x) for x in r["dash"].split(","))
        out.append('<LineSymbolizer stroke="%s" stroke-width="%.3f" stroke-linejoin="round" '
                   'stroke-linecap="round"%s/>' % (mapnik_colour(r["stroke"]), pt(r["width_mm"]), dash))
    return out


def mapnik_xml(rows, layers, a, face):
    named = other_conditions(rows)
    out = []
    o = out.append
    o('<?xml version="1.0" encoding="utf-8"?>')
    o("<!-- Generated by tests/bench/render/peers.py from maps/styles.tsv: do not edit. -->")
    o('<Map srs="%s" background-color="#ffffff" font-directory=%s>'
      % (MAPNIK_4545, quoteattr(os.path.dirname(os.path.abspath(a.font)))))
    order, labels = [], []
    for i, r in enumerate(rows):
        name = r["layer"]
        if name not in layers:
            continue
        kind = layers[name]
        sname = "%s_%d" % (name, i)
        o('  <Style name="%s">' % sname)
        o("    <Rule>")
        f = mapnik_filter(r, named)
        if f:
            o("      <Filter>%s</Filter>" % escape(f))
        for line in mapnik_symbolizers(r, kind):
            o("      " + line)
        o("    </Rule>")
        o("  </Style>")
        order.append((name, sname))
        if r["label"]:
            # Labels in styles of their own, drawn after every symbol (as
            # MapServer's label cache does).
            text = "[%s]" % r["label"]
            if r["suffix"]:
                text += " + '%s'" % r["suffix"]
            place = {"polygon": ' placement="interior"', "line": ' placement="line"',
                     "point": ' dx="%.2f"' % (pt(r["size_mm"]) / 2 + 1)}[kind]
            o('  <Style name="%s_labels">' % sname)
            o("    <Rule>")
            if f:
                o("      <Filter>%s</Filter>" % escape(f))
            o('      <TextSymbolizer face-name=%s size="%.2f" fill="#282828" halo-fill="#ffffff" '
              'halo-radius="1"%s>%s</TextSymbolizer>' % (quoteattr(face), float(r["label_pt"]), place, escape(text)))
            o("    </Rule>")
            o("  </Style>")
            labels.append((name, sname + "_labels"))
    # One Mapnik layer per styles.tsv row keeps the table's bottom-to-top
    # order across layers (a layer's styles are drawn as passes in order too).
    for name, sname in order + labels:
        if a.source == "store":
            srs, ds = MAPNIK_4490, [
                ("type", "sqlite"), ("file", os.path.abspath(a.data)), ("table", name),
                ("geometry_field", "geom"), ("wkb_format", "spatialite"), ("key_field", "fid"),
                ("use_spatial_index", "true")]
        else:
            srs, ds = MAPNIK_4545, [
                ("type", "shape"), ("file", os.path.abspath(os.path.join(a.data, name))),
                ("encoding", "utf-8")]
        o('  <Layer name="%s" srs="%s">' % (sname, srs))
        o("    <StyleName>%s</StyleName>" % sname)
        o("    <Datasource>")
        for k, v in ds:
            o('      <Parameter name="%s">%s</Parameter>' % (k, escape(v)))
        o("    </Datasource>")
        o("  </Layer>")
    o("</Map>")
    return "\n".join(out) + "\n"


def cmd_config(a):
    rows = read_styles(a.styles)
    layers = read_layers(a.layers)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "fonts.list"), "w", encoding="utf-8") as f:
        f.write("cjk %s\n" % os.path.abspath(a.font))
    for fmt in ("png", "pdf"):
        with open(os.path.join(a.out, "map-%s.map" % fmt), "w", encoding="utf-8") as f:
            f.write(mapfile(rows, layers, a, fmt))
    with open(os.path.join(a.out, "mapnik.xml"), "w", encoding="utf-8") as f:
        f.write(mapnik_xml(rows, layers, a, a.face))


def cmd_fields(a):
    for layer, fields in style_fields(read_styles(a.styles)).items():
        print("%s\t%s" % (layer, ",".join(fields)))


def cmd_mapnik(a):
    import mapnik
    w_mm, h_mm = a.page
    t0 = time.monotonic()
    if a.out.endswith(".pdf"):
        import cairo
        w, h = round(pt(w_mm)), round(pt(h_mm))
        m = mapnik.Map(w, h)
        mapnik.load_map(m, a.xml)
        m.zoom_to_box(mapnik.Box2d(*a.extent))
        surface = cairo.PDFSurface(a.out, w, h)
        mapnik.render(m, surface)
        surface.finish()
    else:
        w, h = round(w_mm / 25.4 * a.dpi), round(h_mm / 25.4 * a.dpi)
        m = mapnik.Map(w, h)
        mapnik.load_map(m, a.xml)
        m.zoom_to_box(mapnik.Box2d(*a.extent))
        im = mapnik.Image(w, h)
        mapnik.render(m, im, a.dpi / 72.0)
        im.save(a.out, "png32")
    print("%.3f" % (time.monotonic() - t0))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("config")
    c.add_argument("--styles", required=True)
    c.add_argument("--layers", required=True)
    c.add_argument("--source", choices=("store", "shp"), required=True)
    c.add_argument("--data", required=True)
    c.add_argument("--extent", type=float, nargs=4, required=True)
    c.add_argument("--page", type=float, nargs=2, required=True)
    c.add_argument("--dpi", type=int, default=300)
    c.add_argument("--font", required=True)
    c.add_argument("--face", required=True, help="the font's face name for Mapnik")
    c.add_argument("--out", required=True)
    f = sub.add_parser("fields")
    f.add_argument("--styles", required=True)
    m = sub.add_parser("mapnik")
    m.add_argument("--xml", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--extent", type=float, nargs=4, required=True)
    m.add_argument("--page", type=float, nargs=2, required=True)
    m.add_argument("--dpi", type=int, default=300)
    a = p.parse_args()
    {"config": cmd_config, "fields": cmd_fields, "mapnik": cmd_mapnik}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
