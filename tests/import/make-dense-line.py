#!/usr/bin/env python3
"""make-dense-line.py N OUT.geojson - one road of N jittered vertices inside
双龙村 of the demo (data/demo/villages.geojson): a GPS-like trace that
wanders back and forth across itself, as a logger left running makes.  The
vertices come from a fixed seed, so every run writes the same file."""
import json
import math
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(11)
coords = []
for i in range(n):
    t = i / (n - 1)
    # along a gentle curve through the middle of the village, with a few
    # metres of jitter: far more than the spacing, so the line crosses itself
    x = 109.300 + 0.035 * t
    y = 34.085 + 0.010 * math.sin(6 * t)
    coords.append([round(x + rnd.uniform(-4e-5, 4e-5), 7), round(y + rnd.uniform(-4e-5, 4e-5), 7)])
feature = {
    "type": "Feature",
    "properties": {"id": "R-DENSE", "village": "双龙村", "name": "dense road",
                   "status": "existing", "class": "village", "surface": "gravel", "width": 4.5},
    "geometry": {"type": "LineString", "coordinates": coords},
}
with open(out, "w", encoding="utf-8") as f:
    json.dump({"type": "FeatureCollection", "features": [feature]}, f, ensure_ascii=False,
              separators=(",", ":"))
