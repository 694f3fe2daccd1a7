#!/usr/bin/env python3
"""Read an export package back through GDAL and compare it with the store.

    readback.py DB PACKAGE_DIR

For every layer of PACKAGE_DIR/manifest.json: the package's features (read
with ogr2ogr into CSV; a GBK CSV directly) must be the store's features of
that layer (of the manifest's village), with the same values in every
exported field, and every line's length (LENGTH_M, the manifest's total, and
the geodesic length of the geometry read back) must equal the length
GeographicLib's GeodSolve gives for the store's geometry, to the millimetre,
and every polygon's AREA_M2 the area Planimeter gives, to half a square metre.
DXF carries no attributes: its CAD layers must hold the store's geometry
(parts and total length) and a text with each feature's name.
Prints one line per layer; exits 1 at the first difference.
"""
import csv
import glob
import io
import json
import os
import re
import subprocess
import sys

csv.field_size_limit(1 << 30)
MM = 0.001
COMMON = {'id', 'village', 'name', 'status', 'year', 'project'}


def fail(msg):
    print('FAIL: ' + msg, file=sys.stderr)
    sys.exit(1)


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, **kw)
    if r.returncode != 0:
        fail('%s: %s' % (' '.join(args), r.stderr.decode(errors='replace')))
    return r.stdout


def store_rows(db, layer, columns, village):
    # AsGeoJSON with 15 decimals: AsText rounds to 6.
    cols = ', '.join(['id', 'AsGeoJSON(geom, 15) AS gj'] + ['"%s"' % c for c in columns])
    where = ''
    if village:
        where = " WHERE %s = '%s'" % ('name' if layer == 'villages' else 'village',
                                      village.replace("'", "''"))
    sql = 'SELECT %s FROM "%s"%s ORDER BY fid' % (cols, layer, where)
    out = run(['sqlite3', '-cmd', '.load mod_spatialite', '-json', db, sql])
    return json.loads(out or b'[]')


def wkt_parts(wkt):
    """Lists of (lon, lat) of every linestring or ring of a WKT geometry."""
    parts = []
    for inner in re.findall(r'\(([^()]+)\)', wkt or ''):
        pts = [tuple(float(v) for v in p.split()[:2]) for p in inner.split(',')]
        parts.append(pts)
    return parts


def geojson_parts(text):
    """The same for a GeoJSON geometry."""
    if not text:
        return []
    g = json.loads(text)
    c, t = g['coordinates'], g['type']
    if t == 'Point':
        return [[tuple(c[:2])]]
    if t in ('LineString',):
        return [[tuple(p[:2]) for p in c]]
    if t in ('MultiLineString', 'Polygon'):
        return [[tuple(p[:2]) for p in part] for part in c]
    return [[tuple(p[:2]) for p in ring] for poly in c for ring in poly]


def geodesic_lengths(geoms):
    """Geodesic length (CGCS2000) of each geometry: a list of parts of points."""
    lines, owner = [], []
    for i, parts in enumerate(geoms):
        for pts in parts:
            for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
                lines.append('%.12f %.12f %.12f %.12f' % (y1, x1, y2, x2))
                owner.append(i)
    out = run(['GeodSolve', '-i', '-e', '6378137', '1/298.257222101', '-p', '9'],
              input=('\n'.join(lines) + '\n').encode()) if lines else b''
    total = [0.0] * len(geoms)
    for i, line in zip(owner, out.decode().split('\n')):
        total[i] += float(line.split()[2])
    return total


def geodesic_areas(texts):
    """Geodesic area (CGCS2000, m²) of each GeoJSON polygon geometry, holes
    subtracted, by GeographicLib's Planimeter."""
    rings, owner, sign = [], [], []
    for i, text in enumerate(texts):
        g = json.loads(text) if text else {'type': 'None', 'coordinates': []}
        polys = ([g['coordinates']] if g['type'] == 'Polygon'
                 else g['coordinates'] if g['type'] == 'MultiPolygon' else [])
        for poly in polys:
            for k, ring in enumerate(poly):
                rings.append('\n'.join('%.12f %.12f' % (p[1], p[0]) for p in ring))
                owner.append(i)
                sign.append(1 if k == 0 else -1)
    out = run(['Planimeter', '-e', '6378137', '1/298.257222101', '-p', '9'],
              input=('\n\n'.join(rings) + '\n').encode()) if rings else b''
    total = [0.0] * len(texts)
    for i, sg, line in zip(owner, sign, out.decode().split('\n')):
        total[i] += sg * abs(float(line.split()[2]))
    return total


def read_with_gdal(src, layer, fmt, crs=None):
    # Back to CGCS2000 longitude/latitude, whatever the package's CRS.
    args = ['ogr2ogr', '-f', 'CSV', '/vsistdout/', src, '-lco', 'GEOMETRY=AS_WKT',
            '-t_srs', 'EPSG:4490']
    if fmt == 'xlsx':
        # A sheet has no geometry (points have X and Y columns in the CRS).
        args = args[:-2]
        args[1:1] = ['--config', 'OGR_XLSX_HEADERS', 'FORCE']
    if fmt == 'dxf':
        args += ['-s_srs', crs]
    elif layer:
        args.append(layer)
    out = run(args).decode('utf-8')
    return list(csv.DictReader(io.StringIO(out)))


def read_csv_file(path, encoding):
    with open(path, encoding='utf-8-sig' if encoding == 'UTF-8' else 'gbk', newline='') as f:
        return list(csv.DictReader(f))


def same(expected, got, field, labels):
    """Compare a store value with a value read back (text from CSV); with
    LABELS, a coded value is written as the Chinese label the manifest gives
    for its code."""
    if expected is None or expected == '':
        return got in (None, '')
    if field['type'] == 'text':
        if labels and 'values' in field:
            expected = {v['code']: v['label_zh'] for v in field['values']}.get(expected, expected)
        return str(expected) == got
    if got in (None, ''):
        return False
    tol = 0.5 * 10 ** -field['decimals'] + 1e-9 if 'decimals' in field else 1e-9
    return abs(float(expected) - float(got)) <= max(tol, 1e-9 * abs(float(expected)))


def check_layer(db, pkg, man, lay):
    fmt, name = man['format'], lay['file']
    fields = lay['fields']
    plain = [f['source'] for f in fields
             if f['source'] in COMMON or re.fullmatch(r'[a-z_]+', f['source'])
             and f['source'] not in ('length_m', 'area_m2')]
    rows = store_rows(db, lay['layer'], plain, man['village'])
    if len(rows) != lay['features']:
        fail('%s: manifest says %d features, the store has %d' % (name, lay['features'], len(rows)))
    geoms = [geojson_parts(r['gj']) for r in rows]
    lengths = geodesic_lengths(geoms) if lay['geometry'] == 'line' else None
    areas = geodesic_areas([r['gj'] for r in rows]) if lay['geometry'] == 'polygon' else None
    if areas is not None and abs(sum(areas) - lay['area_m2']) > 0.5:
        fail('%s: manifest area %.3f m², Planimeter %.3f m²' % (name, lay['area_m2'], sum(areas)))
    if lengths is not None and abs(sum(lengths) - lay['length_m']) > MM:
        fail('%s: manifest total %.3f m, store %.4f m' % (name, lay['length_m'], sum(lengths)))
    if fmt in ('shp', 'geojson', 'csv'):
        path = os.path.join(pkg, '%s.%s' % (name, fmt))
        got = (read_csv_file(path, man['encoding']) if fmt == 'csv'
               else read_with_gdal(path, None, fmt))
    else:
        (path,) = glob.glob(os.path.join(pkg, '*.' + fmt))
        if fmt == 'kmz':
            # GDAL's LIBKML reader takes only the names from a KMZ it did not
            # write; GDAL's KML reader reads the whole of its doc.kml.
            path = '/vsizip/%s/doc.kml' % path
        # DXF layers and KML folders carry the layer's name in the package
        # (道路), the manifest's layer_name; DXF labels are on label_layer.
        got = read_with_gdal(path, lay['layer_name'] if fmt != 'dxf' else None, fmt, man['crs'])
    if fmt == 'dxf':
        return check_dxf(name, lay['layer_name'], lay['label_layer'], rows, geoms, lengths, got)
    if len(got) != len(rows):
        fail('%s: %d features read back, the store has %d' % (name, len(got), len(rows)))
    # KML names the placemark's name field "name"; compare names without case.
    got = [{k.upper(): v for k, v in g.items()} for g in got]
    id_field = next(f['name'].upper() for f in fields if f['source'] == 'id')
    by_id = {g[id_field]: g for g in got}
    geom_col = 'WKT' if 'WKT' in got[0] else None
    matched = []
    for i, r in enumerate(rows):
        g = by_id.get(r['id'])
        if g is None:
            fail('%s: feature %s not read back' % (name, r['id']))
        matched.append(g)
        for f in fields:
            src = f['source']
            if src == 'length_m':
                exp = lengths[i]
                if abs(float(g[f['name'].upper()]) - exp) > MM:
                    fail('%s %s: %s %s, GeodSolve %.4f' % (name, r['id'], f['name'],
                                                          g[f['name'].upper()], exp))
            elif src == 'area_m2':
                if abs(float(g[f['name'].upper()]) - areas[i]) > 0.5:
                    fail('%s %s: %s %s, Planimeter %.3f' % (name, r['id'], f['name'],
                                                          g[f['name'].upper()], areas[i]))
            elif src in r and not same(r[src], g.get(f['name'].upper()), f, man.get('values') == 'labels'):
                fail('%s %s: field %s: store %r, read back %r' % (
                    name, r['id'], f['name'], r[src], g.get(f['name'].upper())))
    if lengths is not None and geom_col:
        back = geodesic_lengths([wkt_parts(g[geom_col]) for g in matched])
        for r, b, exp in zip(rows, back, lengths):
            if abs(b - exp) > MM:
                fail('%s %s: geometry read back is %.4f m, store %.4f m' % (name, r['id'], b, exp))
    print('%s: %d features, %d fields equal%s' % (
        name, len(rows), len(fields),
        ', %.3f m' % sum(lengths) if lengths is not None else ''))


def check_dxf(name, cad_layer, label_layer, rows, geoms, lengths, got):
    ents = [g for g in got if g['Layer'] == cad_layer]
    texts = [g['Text'] for g in got if g['Layer'] == label_layer]
    parts = sum(len(p) if p and len(p[0]) > 1 else 1 for p in geoms)
    if len(ents) != parts:
        fail('%s: %d DXF entities, the store has %d parts' % (name, len(ents), parts))
    names = sorted(r['name'] for r in rows if r.get('name'))
    if sorted(texts) != names:
        fail('%s: DXF texts differ from the names' % name)
    if lengths is not None:
        back = sum(geodesic_lengths([wkt_parts(g['WKT']) for g in ents]))
        if abs(back - sum(lengths)) > MM:
            fail('%s: DXF lines %.4f m, store %.4f m' % (name, back, sum(lengths)))
    print('%s: %d entities, %d texts equal' % (name, len(ents), len(texts)))


def main():
    db, pkg = sys.argv[1], sys.argv[2]
    with open(os.path.join(pkg, 'manifest.json'), encoding='utf-8') as f:
        man = json.load(f)
    for lay in man['layers']:
        check_layer(db, pkg, man, lay)


main()
