#!/usr/bin/env python3
"""tests/import/gen/crs.py OUTDIR SEED - water-tank shapefiles in the
coordinate systems Chinese county files come in, made from one set of true
CGCS2000 positions with cs2cs (PROJ), varied by SEED: the zone, the number
of tanks, their order, the field order and the seven parameters.

Writes into OUTDIR:
  truth.txt         "id lon lat" of every tank, CGCS2000 degrees
  zone3.shp         3-degree zone eastings with the zone number in front, no .prj
  zone6.shp         6-degree zone 19 eastings with the zone number in front, no .prj
  gkonly.shp        zone-numbered eastings, a .prj naming only "Gauss_Kruger"
  gkcm.shp          eastings without zone number, a .prj with a central meridian
                    and no datum
  gknozone.shp      eastings without zone number, a .prj naming only Gauss_Kruger
  cmzone.shp        zone-numbered eastings beside a CGCS2000 "CM" .prj (no number
                    in its false easting), the meridian matching
  cmclash.shp       the same with the .prj of the other zone's meridian
  table.csv         zone-numbered eastings in column x, northings in y
  survey.csv        as a Chinese survey writes them: northings in X, eastings in Y
  bj54.shp          Beijing 1954 Gauss-Kruger (its .prj as ArcGIS writes it)
  xa80.shp          Xi'an 1980 Gauss-Kruger
  params.txt        "zone3 N", "cm M", "bj54 +towgs84=...", "xa80 +towgs84=...",
                    "bj54crs EPSG", "xa80crs EPSG": what the test needs to know
"""
import csv
import os
import random
import subprocess
import sys

import shapefile

out, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
os.makedirs(out, exist_ok=True)

# Tanks inside the two villages of tests/import/villages.geojson.
n = rng.randint(4, 9)
tanks = [(f"T-{seed}-{i + 1}", round(rng.uniform(109.255, 109.345), 7),
          round(rng.uniform(33.985, 34.015), 7)) for i in range(n)]
rng.shuffle(tanks)
with open(os.path.join(out, "truth.txt"), "w") as f:
    for t in tanks:
        f.write("%s %.7f %.7f\n" % t)


def cs2cs(src, dst, pts):
    """Positions PTS (lon, lat) through cs2cs from SRC to DST; PROJ strings
    are longitude first, EPSG:4326/4490 latitude first."""
    geo = src.startswith("EPSG:")
    text = "".join("%.9f %.9f\n" % ((lat, lon) if geo else (lon, lat)) for lon, lat in pts)
    r = subprocess.run(["cs2cs", "-f", "%.4f", *src.split(), "+to", *dst.split()], input=text,
                       capture_output=True, text=True, check=True)
    return [tuple(float(v) for v in line.split()[:2]) for line in r.stdout.splitlines()]


def projinfo_esri(code):
    r = subprocess.run(["projinfo", code, "-o", "WKT1_ESRI", "-q"], capture_output=True,
                       text=True, check=True)
    return r.stdout.strip()


def write(name, xy, prj=None):
    w = shapefile.Writer(os.path.join(out, name), shapeType=shapefile.POINT)
    fields = [("id", "C", 20, 0), ("status", "C", 10, 0), ("capacity", "N", 6, 0)]
    order = list(range(3))
    rng.shuffle(order)
    for k in order:
        w.field(*fields[k])
    for (tid, _, _), (x, y) in zip(tanks, xy):
        rec = [tid, rng.choice(["built", "existing"]), rng.randint(20, 200)]
        w.point(x, y)
        w.record(*[rec[k] for k in order])
    w.close()
    if prj is not None:
        with open(os.path.join(out, name + ".prj"), "w") as f:
            f.write(prj)


lonlat = [(lon, lat) for _, lon, lat in tanks]
params = []
# 3-degree zones: Lantian lies in zone 36 (CM 108E); files of the
# neighbouring zone 37 (CM 111E) are common where a county straddles them.
z3 = rng.choice([36, 37])
write("zone3", [(e, n) for n, e in cs2cs("EPSG:4490", f"EPSG:{4513 + z3 - 25}", lonlat)])
write("zone6", [(e, n) for n, e in cs2cs("EPSG:4490", "EPSG:4497", lonlat)])
params.append(f"zone3 {z3}")
tm = "+proj=tmerc +lat_0=0 +k=1 +y_0=0 +units=m"
write("gkonly", cs2cs("EPSG:4490", f"{tm} +lon_0={3 * z3} +x_0={z3}500000 +ellps=GRS80", lonlat),
      'PROJCS["Gauss_Kruger",PROJECTION["Gauss_Kruger"],UNIT["Meter",1.0]]')
cm = rng.choice([108, 111])
params.append(f"cm {cm}")
write("gkcm", cs2cs("EPSG:4490", f"{tm} +lon_0={cm} +x_0=500000 +ellps=GRS80", lonlat),
      'PROJCS["Gauss_Kruger",GEOGCS["GCS_Unknown",DATUM["D_Unknown",SPHEROID["GRS_1980",'
      '6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
      'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],'
      'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",%d.0],'
      'PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
      % cm)
write("gknozone", cs2cs("EPSG:4490", f"{tm} +lon_0=108 +x_0=500000 +ellps=GRS80", lonlat),
      'PROJCS["Gauss_Kruger",PROJECTION["Gauss_Kruger"],UNIT["Meter",1.0]]')
zone_xy = cs2cs("EPSG:4490", f"{tm} +lon_0={3 * z3} +x_0={z3}500000 +ellps=GRS80", lonlat)
write("cmzone", zone_xy, projinfo_esri(f"EPSG:{4534 + z3 - 25}"))
write("cmclash", zone_xy, projinfo_esri(f"EPSG:{4534 + (73 - z3) - 25}"))

# Tables of the same positions, the columns in an order of the seed's.
for name, header, swap in (("table", ("x", "y"), False), ("survey", ("X", "Y"), True)):
    cols = ["id", "status", header[0], header[1]]
    rng.shuffle(cols)
    with open(os.path.join(out, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for (tid, _, _), (e, n) in zip(tanks, zone_xy):
            row = {"id": tid, "status": "built", header[0]: "%.4f" % (n if swap else e),
                   header[1]: "%.4f" % (e if swap else n)}
            w.writerow([row[c] for c in cols])

# Beijing 1954 and Xi'an 1980: the file holds the positions a seven-parameter
# transformation (position vector, as PROJ's +towgs84) takes to WGS 84,
# which PROJ takes as CGCS2000 (a null transformation); the shifts are of
# the size such parameter sets have (tens of metres to over 100 m).
for name, ellps, three, six in (("bj54", "krass", 2401, 21413), ("xa80", "IAU76", 2349, 2327)):
    towgs84 = ",".join("%.4f" % v for v in (
        rng.uniform(-40, 40), rng.uniform(-160, -60), rng.uniform(-90, -20),
        rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5), rng.uniform(-3, 3),
        rng.uniform(-8, 8)))
    if rng.random() < 0.5:
        code, lon0, x0 = three + 36 - 25, 108, 36500000
    else:
        code, lon0, x0 = six + 19 - 13, 111, 19500000
    xy = cs2cs("EPSG:4326", f"{tm} +lon_0={lon0} +x_0={x0} +ellps={ellps} +towgs84={towgs84}",
               lonlat)
    write(name, xy, projinfo_esri(f"EPSG:{code}"))
    params.append(f"{name} +towgs84={towgs84}")
    params.append(f"{name}crs EPSG:{code}")
with open(os.path.join(out, "params.txt"), "w") as f:
    f.write("\n".join(params) + "\n")
