#!/usr/bin/env python3
"""Plan test scenes: small GeoJSON layers (EPSG:4490) with known best plans.

    scenes.py trap DIR       a straight road and four lone households where the
                             greedy's first pick (the middle pair) costs it the
                             best pair of sites: greedy 17 people, optimum 22
    scenes.py hairpin DIR    a road up a valley and back down the other side:
                             two households 340 m apart by straight line, 6 km
                             apart along the road
    scenes.py river DIR      a road cut by a river: households on both banks;
                             add "bridge" as a third argument for a bridge there
    scenes.py ridge DIR      a plain cut by a 150 m wall of rock, households on
                             both sides, a road across; also DIR/dem.asc
                             (EPSG:4490 degrees)

Positions are in metres around 109.40E 34.05N (tests/coverage/fixtures.py).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "coverage"))
from fixtures import LON0, M_PER_DEG_LON, Writer, line, ll, point, rect  # noqa: E402

VILLAGE = {"id": "V1", "name": "双龙村", "town": "汤峪镇", "county": "蓝田县"}


def households(w, hh):
    for hid, x, y, members, poverty in hh:
        w.add("households", {"id": hid, "village": "双龙村", "members": members,
                             "poverty": poverty}, point(x, y))


def scene_trap(out):
    w = Writer(out)
    w.add("villages", VILLAGE, rect(-1000, -1000, 5000, 1000))
    w.add("roads", {"id": "R1", "status": "hardened", "class": "village", "surface": "concrete"},
          line([(-500, 0), (4500, 0)]))
    # With a 1 km reach: a site at 1000 m serves P1 and P2 (11 people), at 3000 m
    # P3 and P4 (11), between 1100 and 2900 m P2 and P3 (12, the greedy's first).
    households(w, [("P1", 50, 30, 5, "registered"), ("P2", 1920, 30, 6, "none"),
                   ("P3", 2080, 30, 6, "none"), ("P4", 3950, 30, 5, "none")])
    w.write()


def scene_hairpin(out):
    w = Writer(out)
    w.add("villages", VILLAGE, rect(-1000, -1000, 1500, 4000))
    w.add("roads", {"id": "R1", "status": "hardened", "class": "village", "surface": "concrete"},
          line([(0, 0), (0, 3000), (400, 3000), (400, 0)]))
    households(w, [("W1", 30, 100, 4, "none"), ("E1", 370, 100, 3, "none")])
    w.write()


def scene_river(out, bridge):
    w = Writer(out)
    w.add("villages", VILLAGE, rect(-1000, -1000, 4000, 1000))
    w.add("roads", {"id": "R1", "status": "hardened", "class": "village", "surface": "concrete"},
          line([(0, 0), (3000, 0)]))
    w.add("rivers", {"id": "H1", "name": "白岩沟", "status": "existing"},
          line([(1500, -900), (1500, 900)]))
    if bridge:
        w.add("bridges", {"id": "B1", "name": "便民桥", "status": "built"}, point(1500, 0))
    households(w, [("L1", 1200, 40, 4, "none"), ("R1", 1800, 40, 3, "none")])
    w.write()


def scene_ridge(out):
    w = Writer(out)
    w.add("villages", VILLAGE, rect(-3000, -3000, 3000, 3000))
    w.add("roads", {"id": "R1", "status": "hardened", "class": "village", "surface": "concrete"},
          line([(-2500, 0), (2500, 0)]))
    households(w, [("W1", -1000, 200, 3, "none"), ("W2", -1500, 300, 3, "none"),
                   ("W3", -2000, -200, 3, "none"), ("E1", 1000, 200, 3, "none"),
                   ("E2", 1500, 300, 3, "none"), ("E3", 2000, -200, 3, "none")])
    w.write()
    # 1000 m everywhere but a wall 440-560 m east of the centre, 150 m high.
    cell = 0.0002
    (x0, y0), (x1, y1) = ll(-3600, -3600), ll(3600, 3600)
    ncols, nrows = int((x1 - x0) / cell) + 1, int((y1 - y0) / cell) + 1
    with open(os.path.join(out, "dem.asc"), "w") as f:
        f.write(f"ncols {ncols}\nnrows {nrows}\nxllcorner {x0}\nyllcorner {y0}\ncellsize {cell}\n")
        row = []
        for c in range(ncols):
            xm = (x0 + (c + 0.5) * cell - LON0) * M_PER_DEG_LON
            row.append("1150" if 440 <= xm <= 560 else "1000")
        text = " ".join(row) + "\n"
        for r in range(nrows):
            f.write(text)


if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "trap":
        scene_trap(out)
    elif kind == "hairpin":
        scene_hairpin(out)
    elif kind == "river":
        scene_river(out, len(sys.argv) > 3 and sys.argv[3] == "bridge")
    elif kind == "ridge":
        scene_ridge(out)
    else:
        sys.exit("unknown scene " + kind)
