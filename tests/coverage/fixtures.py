#!/usr/bin/env python3
"""Coverage test fixtures: small GeoJSON layers (EPSG:4490) written to a folder.

    fixtures.py random DIR [SEED]   households scattered over two villages with
                                    every kind of serving asset, near and far
    fixtures.py hamlets DIR         one village with a clinic, served households
                                    around it and three unserved hamlets placed
                                    by hand north, east and south
    fixtures.py terrain DIR         a signal tower on flat ground with a 150 m ridge
                                    500 m east of it: households west of the ridge
                                    see the antenna, those east of it do not;
                                    also writes DIR/dem.asc (EPSG:4490 degrees)
    fixtures.py network DIR         one straight road with a clinic at one end,
                                    a road that joins nothing, households beside
                                    both, committees on and off the network

Each layer is DIR/<layer>.geojson; DIR/layers lists them in import order.
Positions are made in metres around 109.40E 34.05N with a local flat-earth
conversion: the tests never rely on these metres, only on the coordinates.
"""
import json
import math
import os
import random
import sys

LON0, LAT0 = 109.40, 34.05
M_PER_DEG_LAT = 110940.0
M_PER_DEG_LON = 111320.0 * math.cos(math.radians(LAT0))


def ll(x, y):
    return [round(LON0 + x / M_PER_DEG_LON, 7), round(LAT0 + y / M_PER_DEG_LAT, 7)]


def feature(props, geom):
    return {"type": "Feature", "properties": props, "geometry": geom}


def point(x, y):
    return {"type": "Point", "coordinates": ll(x, y)}


def line(pts):
    return {"type": "LineString", "coordinates": [ll(x, y) for x, y in pts]}


def rect(x0, y0, x1, y1):
    return {"type": "Polygon",
            "coordinates": [[ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)]]}


class Writer:
    def __init__(self, out):
        self.out = out
        self.layers = {}

    def add(self, layer, props, geom):
        self.layers.setdefault(layer, []).append(feature(props, geom))

    def write(self):
        os.makedirs(self.out, exist_ok=True)
        order = []
        for layer, feats in self.layers.items():
            with open(os.path.join(self.out, layer + ".geojson"), "w", encoding="utf-8") as f:
                json.dump({"type": "FeatureCollection",
                           "crs": {"type": "name",
                                   "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
                           "features": feats}, f, ensure_ascii=False)
            order.append(layer)
        with open(os.path.join(self.out, "layers"), "w") as f:
            f.write("\n".join(order) + "\n")


def households(w, rng, n, x0, y0, x1, y1, village, prefix):
    for i in range(n):
        w.add("households", {"id": f"{prefix}{i + 1}", "village": village,
                             "members": rng.randint(1, 6),
                             "poverty": rng.choice(["none", "none", "none", "registered", "lifted"])},
              point(rng.uniform(x0, x1), rng.uniform(y0, y1)))


def scene_random(out, seed):
    rng = random.Random(seed)
    w = Writer(out)
    # Two villages side by side (5 km x 4 km each) and one without households.
    w.add("villages", {"id": "V1", "name": "双龙村", "town": "汤峪镇", "county": "蓝田县"},
          rect(-5000, -2000, 0, 2000))
    w.add("villages", {"id": "V2", "name": "上雷村", "town": "汤峪镇", "county": "蓝田县"},
          rect(0, -2000, 5000, 2000))
    w.add("villages", {"id": "V3", "name": "甘坪村", "town": "汤峪镇", "county": "蓝田县"},
          rect(-5000, 2000, 5000, 3000))
    # Roads: a county road along the south, village roads north from it.
    roads = [
        ("R1", "双龙村", "existing", "county", "asphalt", [(-4900, -1500), (-2500, -1450), (-20, -1500)]),
        ("R1b", "上雷村", "existing", "county", "asphalt", [(-20, -1500), (2500, -1550), (4900, -1500)]),
        ("R2", "双龙村", "new", "village", "concrete", [(-3000, -1450), (-3100, 0), (-2900, 1500)]),
        ("R3", "上雷村", "widened", "village", "concrete", [(2500, -1550), (2600, 200), (2400, 1800)]),
        ("R4", "上雷村", "hardened", "group", "concrete", [(2600, 200), (4000, 400)]),
        ("R5", "双龙村", "existing", "group", "gravel", [(-3100, 0), (-1000, 300)]),
        ("R6", "双龙村", "existing", "group", "concrete", [(-1000, 300), (-500, 1200)]),
        ("R7", "上雷村", "planned", "group", "concrete", [(2400, 1800), (4500, 1900)]),
    ]
    road_pts = []
    for rid, village, status, cls, surface, pts in roads:
        w.add("roads", {"id": rid, "village": village, "name": f"路{rid}", "status": status,
                        "class": cls, "surface": surface}, line(pts))
        if status in ("new", "widened", "hardened"):
            road_pts.append(pts)
    households(w, rng, 260, -4950, -1950, -50, 1950, "双龙村", "S")
    households(w, rng, 240, 50, -1950, 4950, 1950, "上雷村", "L")
    # And 80 along the roads, 0-90 m off them: near lights and hardened roads.
    for i in range(80):
        rid, village, status, cls, surface, pts = roads[i % len(roads)]
        (ax, ay), (bx, by) = pts[0], pts[1]
        t, off = rng.random(), rng.uniform(-90, 90)
        length = math.hypot(bx - ax, by - ay)
        x = ax + t * (bx - ax) - off * (by - ay) / length
        y = ay + t * (by - ay) + off * (bx - ax) / length
        village = "双龙村" if x < 0 else "上雷村"
        w.add("households", {"id": f"R{i + 1}", "village": village, "members": rng.randint(1, 6),
                             "poverty": rng.choice(["none", "registered", "lifted"])}, point(x, y))
    # Clinics: two built, one planned (counted only after the plan).
    w.add("clinics", {"id": "C1", "village": "双龙村", "name": "双龙村卫生室", "status": "built"}, point(-3000, 0))
    w.add("clinics", {"id": "C2", "village": "上雷村", "name": "上雷村卫生室", "status": "upgraded"}, point(2600, 300))
    w.add("clinics", {"id": "C3", "village": "上雷村", "name": "规划卫生室", "status": "planned"}, point(4300, -1000))
    # Streetlights every ~40 m along parts of the built roads, a little off the line.
    n = 0
    for pts in road_pts:
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            length = math.hypot(bx - ax, by - ay)
            for k in range(int(length // 40)):
                if rng.random() < 0.45:
                    continue
                t = k * 40 / length
                n += 1
                status = "planned" if n % 17 == 0 else "built"
                w.add("streetlights", {"id": f"SL{n}", "status": status,
                                       "power_source": "solar"},
                      point(ax + t * (bx - ax) + rng.uniform(-8, 8), ay + t * (by - ay) + rng.uniform(-8, 8)))
    w.add("water_tanks", {"id": "T1", "status": "built"}, point(-2000, 800))
    w.add("water_tanks", {"id": "T2", "status": "existing"}, point(3500, -500))
    w.add("water_pipes", {"id": "P1", "status": "built", "material": "pe"},
          line([(-2000, 800), (-1200, -200), (-400, -900), (1500, -900)]))
    w.add("signal_towers", {"id": "ST1", "status": "built", "height": 35}, point(-1500, -1000))
    w.add("elderly_care", {"id": "E1", "status": "built", "name": "幸福院"}, point(2000, 0))
    w.add("culture", {"id": "Q1", "status": "built", "type": "square", "name": "双龙广场"}, point(-3500, -800))
    w.add("culture", {"id": "Q2", "status": "built", "type": "square", "name": "上雷广场"}, point(3000, 1000))
    w.add("culture", {"id": "H1", "status": "built", "type": "hall", "name": "文化礼堂"}, point(-500, 1500))
    w.add("committees", {"id": "K1", "village": "双龙村", "name": "双龙村委会", "status": "built"}, point(-2950, 100))
    w.add("committees", {"id": "K2", "village": "上雷村", "name": "上雷村委会", "status": "upgraded"}, point(3900, 420))
    w.write()


def scene_hamlets(out):
    w = Writer(out)
    w.add("villages", {"id": "V1", "name": "双龙村", "town": "汤峪镇", "county": "蓝田县"},
          rect(-4000, -4000, 4000, 4000))
    w.add("clinics", {"id": "C1", "name": "双龙村卫生室", "status": "built"}, point(0, 0))
    w.add("roads", {"id": "R1", "status": "new", "class": "village", "surface": "concrete"},
          line([(0, -3500), (0, 0), (0, 3500)]))
    w.add("roads", {"id": "R2", "status": "hardened", "class": "group", "surface": "concrete"},
          line([(0, 0), (3500, 0)]))
    hh = []
    # Served: a ring of 12 households within 1 km of the clinic.
    for k in range(12):
        a = 2 * math.pi * k / 12
        hh.append(("S%d" % (k + 1), 800 * math.cos(a), 800 * math.sin(a), 3, "none"))
    # Hamlet north: 4 households in a string 100 m apart (single linkage joins them).
    for k in range(4):
        hh.append(("N%d" % (k + 1), 60, 3000 + 100 * k, 4, "registered" if k == 0 else "none"))
    # Hamlet east: 2 households 120 m apart, 2.6 km out.
    hh.append(("E1", 2600, 40, 5, "lifted"))
    hh.append(("E2", 2720, 40, 2, "none"))
    # A lone household south, 2.4 km out.
    hh.append(("X1", -50, -2400, 1, "none"))
    for hid, x, y, members, poverty in hh:
        w.add("households", {"id": hid, "village": "双龙村", "members": members, "poverty": poverty},
              point(x, y))
    w.write()


def scene_network(out):
    w = Writer(out)
    w.add("villages", {"id": "V1", "name": "双龙村", "town": "汤峪镇", "county": "蓝田县"},
          rect(-6000, -3000, 6000, 3000))
    # A straight county road from west to east; a village road that touches nothing.
    w.add("roads", {"id": "R1", "status": "existing", "class": "county", "surface": "asphalt"},
          line([(-5000, 0), (-1000, 0), (5000, 0)]))
    w.add("roads", {"id": "R2", "status": "new", "class": "village", "surface": "concrete"},
          line([(-3000, 1500), (3000, 1500)]))
    w.add("clinics", {"id": "C1", "name": "卫生室", "status": "built"}, point(-4800, 30))
    hh = [("A", -4500, 60), ("B", -3000, -120), ("C", -2000, 40), ("D", 0, 300), ("E", 2500, -80),
          ("F", -2500, 1450), ("G", 1000, 1560), ("H", -4700, 900)]
    for hid, x, y in hh:
        w.add("households", {"id": hid, "village": "双龙村", "members": 2, "poverty": "none"}, point(x, y))
    w.add("committees", {"id": "K1", "name": "路边村委会", "status": "built"}, point(1000, 50))
    w.add("committees", {"id": "K2", "name": "支路村委会", "status": "built"}, point(0, 1520))
    w.add("committees", {"id": "K3", "name": "山上村委会", "status": "built"}, point(0, -2500))
    w.write()


def scene_terrain(out):
    w = Writer(out)
    w.add("villages", {"id": "V1", "name": "双龙村", "town": "汤峪镇", "county": "蓝田县"},
          rect(-3000, -3000, 3000, 3000))
    w.add("signal_towers", {"id": "T1", "name": "双龙塔", "status": "built", "height": 20}, point(0, 0))
    hh = [("W1", -1000, 0), ("W2", -1500, 100), ("W3", -2000, -100), ("N1", 0, 2900),
          ("E1", 1000, 0), ("E2", 1500, 100), ("E3", 2000, -100), ("F1", 2500, 2000)]
    for hid, x, y in hh:
        w.add("households", {"id": hid, "village": "双龙村", "members": 3, "poverty": "none"}, point(x, y))
    w.write()
    # The DEM: 1000 m everywhere but a ridge 400-600 m east of the tower, 150 m high.
    cell = 0.0002
    (x0, y0), (x1, y1) = ll(-3600, -3600), ll(3600, 3600)
    ncols, nrows = int((x1 - x0) / cell) + 1, int((y1 - y0) / cell) + 1
    with open(os.path.join(out, "dem.asc"), "w") as f:
        f.write(f"ncols {ncols}\nnrows {nrows}\nxllcorner {x0}\nyllcorner {y0}\ncellsize {cell}\n")
        for r in range(nrows):
            row = []
            for c in range(ncols):
                xm = (x0 + (c + 0.5) * cell - LON0) * M_PER_DEG_LON
                row.append("1150" if 400 <= xm <= 600 else "1000")
            f.write(" ".join(row) + "\n")


if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "random":
        scene_random(out, int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    elif kind == "hamlets":
        scene_hamlets(out)
    elif kind == "network":
        scene_network(out)
    elif kind == "terrain":
        scene_terrain(out)
    else:
        sys.exit("unknown scene " + kind)
