#!/usr/bin/env python3
"""make-dense-line.py N OUT.geojson [X0 X1 Y] [VILLAGE]

One road of N jittered vertices: a GPS-like trace from longitude X0 to X1
around latitude Y that wanders back and forth across itself, as a logger
left running makes (a few metres of jitter, far more than the spacing).
VILLAGE ("" for none) fills its village field.  The defaults lie inside
双龙村 of the demo (data/demo/villages.geojson).  The vertices come from a
fixed seed, so every run writes the same file."""
import json
import math
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
x0, x1, y0 = (float(a) for a in sys.argv[3:6]) if len(sys.argv) > 5 else (109.300, 109.335, 34.085)
village = sys.argv[6] if len(sys.argv) > 6 else "双龙村"
rnd = random.Random(11)
coords = []
for i in range(n):
    t = i / (n - 1)
    x = x0 + (x1 - x0) * t
    y = y0 + 0.005 * math.sin(6 * t)
    coords.append([round(x + rnd.uniform(-4e-5, 4e-5), 7), round(y + rnd.uniform(-4e-5, 4e-5), 7)])
properties = {"id": "R-DENSE", "name": "dense road", "status": "existing", "class": "village",
              "surface": "gravel", "width": 4.5}
if village:
    properties["village"] = village
feature = {"type": "Feature", "properties": properties,
           "geometry": {"type": "LineString", "coordinates": coords}}
with open(out, "w", encoding="utf-8") as f:
    json.dump({"type": "FeatureCollection", "features": [feature]}, f, ensure_ascii=False,
              separators=(",", ":"))
