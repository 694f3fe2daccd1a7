#!/usr/bin/env python3
"""multilayer.py OUTDIR SEED - sources holding several layers, as county
offices receive them, for tests/import/test-multilayer.sh.

Writes into OUTDIR:
  ovi.kml       an Ovi (奥维) / Google Earth KML: 2 or 3 folders named after
                layers by their Chinese or English name or a synonym (路灯,
                太阳能路灯, 水窖, 卫生室, ...; case and full-width forms varied),
                in a varied order, each placemark with a style whose icon is
                an http URL, a balloon style, a description, and its values
                as ExtendedData <Data> or <SchemaData> (Chinese or English
                keys) or an HTML table in its description, some with a plain
                description note
  ovi.kmz       the same KML zipped as doc.kml
  unmatched.kml the folders of ovi.kml plus one named after no layer;
                unmatched.tsv lists its folders in order: name, features
  bad.kml       ovi.kml with a status no layer allows in its last folder's
                last placemark; bad.txt: that folder, the placemark's
                position in it
  sheets.xlsx   a workbook of two sheets named after layers, with 经度/纬度
                columns
  survey.gpkg   a GeoPackage (made with ogr2ogr) with the tables
                water_tanks (points) and water_pipes (lines), and an empty one
  villages.kml  an Ovi KML carrying the villages of its features: a folder of
                two new village boundaries (村界 or a synonym, Chinese
                town/county fields) and folders 路灯 and 蓄水池 whose
                placemarks lie in them, the boundaries' folder put anywhere
                among the others (first, between, last)
  villages.gpkg the same as a GeoPackage of the tables villages and
                streetlights, in a varied order
  mixed.kml     villages.kml plus a streetlight in 上雷村 (a village of the
                store, not of the file), as its folder's last placemark
  placed.tsv    where each feature of those should land: file, layer,
                name, village (tab-separated)
  expect.tsv    what each should import: file, source layer, registry
                layer, features, sum of the layer's number field, and how
                many features have a status, "note" when its placemarks carry
                a plain description, one line per source layer, in the
                source's order (tab-separated)
Positions lie inside the village 上雷村 of tests/import/villages.geojson
(109.25-109.30 E, 33.98-34.02 N).
"""
import json
import os
import random
import subprocess
import sys
import zipfile

OUT, SEED = sys.argv[1], int(sys.argv[2])
rng = random.Random(SEED)

# layer -> (names a folder may carry, its number field (Chinese key, English
# key, low, high, integer?), statuses)
LAYERS = {
    "streetlights": (["路灯", "太阳能路灯", "Streetlights", "ＳＴＲＥＥＴＬＩＧＨＴＳ", " street lights "],
                     ("功率", "watts", 30, 200, True), ["built", "existing", "planned"]),
    "water_tanks": (["蓄水池", "水池", "水窖", "Water Tanks"],
                    ("容量", "capacity", 10, 500, False), ["built", "existing"]),
    "clinics": (["村医务室", "卫生室", "Clinics"],
                ("村医人数", "doctors", 1, 3, True), ["built", "upgraded", "existing"]),
}
ICON = "http://www.ovital.com/icons/{}.png"


def position():
    return round(rng.uniform(109.255, 109.295), 6), round(rng.uniform(33.985, 34.015), 6)


def number(low, high, integer):
    return rng.randint(low, high) if integer else round(rng.uniform(low, high), 1)


def folders(keys):
    """The folders of a KML: [(layer, folder name, [placemark dicts])]."""
    out = []
    for layer in keys:
        names, field, statuses = LAYERS[layer]
        marks = []
        en = rng.random() < 0.3  # a folder's keys are English, else Chinese
        # Its values as ExtendedData <Data>, <SchemaData>, or an HTML table in
        # the description (Ovi, Google Earth); a plain note besides, or not.
        mode = rng.choice(["data", "schema", "html"])
        note = mode != "html" and rng.random() < 0.5
        for i in range(rng.randint(1, 6)):
            lon, lat = position()
            marks.append({
                "name": f"{names[0].strip()}{i + 1}", "lon": lon, "lat": lat,
                "status": rng.choice(statuses + [None]),
                "value": number(*field[2:]),
                "mode": mode, "note": note,
                "en": en,
            })
        out.append((layer, rng.choice(names), marks))
    return out


def placemark(layer, m):
    _, field, _ = LAYERS[layer]
    key = field[1] if m["en"] else field[0]
    status_key = "status" if m["en"] else "状态"
    values = [(key, m["value"])] + ([(status_key, m["status"])] if m["status"] else [])
    description, data = "", ""
    if m["mode"] == "schema":
        data = "".join(f'<SimpleData name="{k}">{v}</SimpleData>' for k, v in values)
        data = f'<SchemaData schemaUrl="#{layer}-{"en" if m["en"] else "zh"}">{data}</SchemaData>'
    elif m["mode"] == "data":
        data = "".join(f'<Data name="{k}"><value>{v}</value></Data>' for k, v in values)
    else:
        colon = rng.choice(["", ":", "："])
        rows = "".join(f"<tr><td>{k}{colon}</td><td>{v}</td></tr>" for k, v in values)
        description = f'<description><![CDATA[<table border="1">{rows}</table>]]></description>'
    if m["note"]:
        description = "<description>三组村民反映，2019年修</description>"
    data = f"<ExtendedData>{data}</ExtendedData>" if data else ""
    return (f'<Placemark><name>{m["name"]}</name>{description}<styleUrl>#s-{layer}</styleUrl>'
            f'{data}<Point><coordinates>{m["lon"]},{m["lat"]},0</coordinates></Point></Placemark>')


def kml(fs, extra=""):
    styles, schemas = [], []
    for layer in sorted({layer for layer, _, _ in fs}):
        _, field, _ = LAYERS[layer]
        styles.append(f'<Style id="s-{layer}"><IconStyle><Icon><href>{ICON.format(layer)}</href>'
                      f'</Icon></IconStyle><BalloonStyle><text><![CDATA[<b>$[name]</b> '
                      f'<a href="http://www.ovital.com/">奥维</a>]]></text></BalloonStyle></Style>')
        for lang, (key, status) in (("zh", (field[0], "状态")), ("en", (field[1], "status"))):
            kind = "int" if field[4] else "double"
            schemas.append(f'<Schema name="{layer}-{lang}" id="{layer}-{lang}">'
                           f'<SimpleField name="{key}" type="{kind}"/>'
                           f'<SimpleField name="{status}" type="string"/></Schema>')
    body = "".join(f'<Folder><name>{name}</name>{"".join(placemark(layer, m) for m in marks)}'
                   f'</Folder>' for layer, name, marks in fs)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>上雷村设施</name>'
            f'{"".join(schemas)}{"".join(styles)}{body}{extra}</Document></kml>\n')


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(text)


expect = []


def expected(file, fs):
    for layer, name, marks in fs:
        total = sum(m["value"] for m in marks)
        with_status = sum(1 for m in marks if m["status"])
        # GDAL gives the folder's name without the spaces at its ends.
        expect.append((file, name.strip(), layer, len(marks), f"{total:.1f}", with_status,
                       "note" if marks[0]["note"] else ""))


keys = rng.sample(sorted(LAYERS), rng.randint(2, 3))
fs = folders(keys)
write("ovi.kml", kml(fs))
expected("ovi.kml", fs)
with zipfile.ZipFile(os.path.join(OUT, "ovi.kmz"), "w", zipfile.ZIP_DEFLATED) as z:
    z.write(os.path.join(OUT, "ovi.kml"), "doc.kml")
expected("ovi.kmz", fs)

# A folder named after no layer, put somewhere among the others.
odd = list(fs)
lon, lat = position()
odd_name = rng.choice(["其他", "标注", "我的收藏"])
odd.insert(rng.randint(0, len(odd)),
           ("streetlights", odd_name,
            [{"name": "x", "lon": lon, "lat": lat, "status": None, "value": 1, "mode": "data",
              "note": False, "en": False}]))
write("unmatched.kml", kml(odd))
write("unmatched.tsv", "".join(f"{name.strip()}\t{len(marks)}\n" for _, name, marks in odd))

# A bad value in the last folder: the first folders check fine, nothing may be written.
bad = [(layer, name, [dict(m) for m in marks]) for layer, name, marks in fs]
bad[-1][2][-1]["status"] = "demolished"
write("bad.kml", kml(bad))
write("bad.txt", f"{bad[-1][1].strip()}\t{len(bad[-1][2])}\n")

# A GeoPackage of two tables (and an empty one, which does not count).
tanks = [position() for _ in range(rng.randint(1, 5))]
pipes = []
for _ in range(rng.randint(1, 4)):
    (x, y) = position()
    pipes.append([[x, y], [round(x + 0.002, 6), round(y + 0.001, 6)]])


def geojson(name, feats):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False)
    return path


caps = [number(10, 500, False) for _ in tanks]
t = geojson("tanks.geojson", [{"type": "Feature", "properties": {"capacity": c, "status": "built"},
                               "geometry": {"type": "Point", "coordinates": list(p)}}
                              for p, c in zip(tanks, caps)])
diams = [number(20, 200, False) for _ in pipes]
p = geojson("pipes.geojson", [{"type": "Feature", "properties": {"diameter": d, "status": "built"},
                               "geometry": {"type": "LineString", "coordinates": line}}
                              for line, d in zip(pipes, diams)])
gpkg = os.path.join(OUT, "survey.gpkg")
order = [("water_tanks", t), ("water_pipes", p)]
rng.shuffle(order)
for i, (name, src) in enumerate(order):
    subprocess.run(["ogr2ogr", "-f", "GPKG"] + (["-update"] if i else []) +
                   [gpkg, src, "-nln", name], check=True)
subprocess.run(["ogr2ogr", "-update", "-f", "GPKG", gpkg, t, "-nln", "notes", "-where", "0"],
               check=True)
for name, _ in order:
    n, total = (len(tanks), sum(caps)) if name == "water_tanks" else (len(pipes), sum(diams))
    expect.append(("survey.gpkg", name, name, n, f"{total:.1f}", n, ""))

# A workbook with a sheet per layer, named after it, values in 经度/纬度
# columns (written by ogr2ogr, as GDAL users make them).
xlsx = os.path.join(OUT, "sheets.xlsx")
for k, layer in enumerate(rng.sample(sorted(LAYERS), 2)):
    names, field, statuses = LAYERS[layer]
    title = rng.choice(names).strip()
    rows = []
    for i in range(rng.randint(1, 5)):
        lon, lat = position()
        rows.append({"名称": f"{title}{i + 1}", "经度": lon, "纬度": lat,
                     "状态": rng.choice(statuses), field[0]: number(*field[2:])})
    src = geojson(f"sheet-{k}.geojson", [{"type": "Feature", "properties": r, "geometry": None}
                                         for r in rows])
    subprocess.run(["ogr2ogr", "-f", "XLSX"] + (["-update"] if k else []) +
                   [xlsx, src, "-nln", title], check=True)
    expect.append(("sheets.xlsx", title, layer, len(rows),
                   f"{sum(r[field[0]] for r in rows):.1f}", len(rows), ""))

write("expect.tsv", "".join("\t".join(str(c) for c in row) + "\n" for row in expect))

# ---- sources carrying their own villages (issue 13): made with their own
# generator, so that the fixtures above stay as they were for each seed.
vrng = random.Random(SEED * 1000 + 13)
# Two villages side by side east of the store's (109.25-109.36 E), split at a varied line.
split = round(vrng.uniform(109.40, 109.42), 4)
west = [[109.37, 33.98], [split, 33.98], [split, 34.02], [109.37, 34.02], [109.37, 33.98]]
east = [[split, 33.98], [109.45, 33.98], [109.45, 34.02], [split, 34.02], [split, 33.98]]
new_villages = [(vrng.choice(["东岭村", "槐树坪村"]), west), (vrng.choice(["西沟村", "石门村"]), east)]
if new_villages[0][0] == "槐树坪村" and vrng.random() < 0.5:
    new_villages.reverse()  # the file's order varies: west first or east first
placed = []


def inside(ring):
    """A position well inside the box RING."""
    x0, x1 = ring[0][0] + 0.002, ring[1][0] - 0.002
    return round(vrng.uniform(x0, x1), 6), round(vrng.uniform(33.985, 34.015), 6)


def village_placemark(name, ring):
    coords = " ".join(f"{x},{y},0" for x, y in ring)
    data = ('<ExtendedData><Data name="乡镇"><value>九间房镇</value></Data>'
            '<Data name="县"><value>蓝田县</value></Data></ExtendedData>')
    return (f"<Placemark><name>{name}</name>{data}<Polygon><outerBoundaryIs><LinearRing>"
            f"<coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
            f"</Placemark>")


def point_placemark(name, key, value, lon, lat):
    return (f'<Placemark><name>{name}</name><ExtendedData><Data name="{key}"><value>{value}'
            f'</value></Data></ExtendedData><Point><coordinates>{lon},{lat},0</coordinates>'
            f"</Point></Placemark>")


def point_folder(file, layer, folder, key, low, high, extra=None):
    """A folder of 2-5 points in the new villages (EXTRA: one more, at the end)."""
    marks, rows = [], []
    for i in range(vrng.randint(2, 5)):
        village, ring = vrng.choice(new_villages)
        lon, lat = inside(ring)
        name = f"{folder}{i + 1}"
        marks.append(point_placemark(name, key, vrng.randint(low, high), lon, lat))
        rows.append((file, layer, name, village, lon, lat))
    if extra:
        marks.append(point_placemark(f"{folder}{len(rows) + 1}", key, low, *extra))
    return f"<Folder><name>{folder}</name>{''.join(marks)}</Folder>", rows


def village_kml(file, extra=None):
    state = vrng.getstate()  # mixed.kml: the same placemarks as villages.kml
    vfolder = (f"<Folder><name>{vrng.choice(['村界', '行政村', '村域'])}</name>"
               f"{''.join(village_placemark(n, r) for n, r in new_villages)}</Folder>")
    lights, light_rows = point_folder(file, "streetlights", "路灯", "功率", 30, 200, extra)
    tanks, tank_rows = point_folder(file, "water_tanks", "蓄水池", "容量", 10, 500)
    others = [lights, tanks]
    at = vrng.randint(0, 2)
    vrng.setstate(state)
    body = "".join(others[:at] + [vfolder] + others[at:])
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
            f"<Document><name>新村设施</name>{body}</Document></kml>\n"), light_rows + tank_rows


text, rows = village_kml("villages.kml")
write("villages.kml", text)
placed += rows
# mixed.kml's extra light lies in 上雷村, which only the store has.
text, rows = village_kml("mixed.kml", extra=(109.27, 34.0))
write("mixed.kml", text)
placed += rows + [("mixed.kml", "streetlights", f"路灯{len([r for r in rows if r[1] == 'streetlights']) + 1}", "上雷村", 109.27, 34.0)]

vsrc = geojson("new-villages.geojson", [
    {"type": "Feature", "properties": {"name": n, "town": "九间房镇", "county": "蓝田县"},
     "geometry": {"type": "Polygon", "coordinates": [r]}} for n, r in new_villages])
lights = []
for i in range(vrng.randint(2, 6)):
    village, ring = vrng.choice(new_villages)
    lon, lat = inside(ring)
    lights.append({"type": "Feature", "properties": {"name": f"灯{i + 1}", "watts": 60},
                   "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    placed.append(("villages.gpkg", "streetlights", f"灯{i + 1}", village, lon, lat))
lsrc = geojson("new-lights.geojson", lights)
vgpkg = os.path.join(OUT, "villages.gpkg")
order = [("villages", vsrc), ("streetlights", lsrc)]
vrng.shuffle(order)
for i, (name, src) in enumerate(order):
    subprocess.run(["ogr2ogr", "-f", "GPKG"] + (["-update"] if i else []) +
                   [vgpkg, src, "-nln", name], check=True)
write("placed.tsv", "".join("\t".join(str(c) for c in row[:4]) + "\n" for row in placed))
write("new-villages.txt", "".join(f"{n}\n" for n, _ in new_villages))
