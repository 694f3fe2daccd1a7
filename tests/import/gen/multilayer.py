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
