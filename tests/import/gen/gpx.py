#!/usr/bin/env python3
"""tests/import/gen/gpx.py OUTDIR SEED - a phone's GPX track of a walk along
a known road, varied by SEED.

The road: straights of 150-400 m joined by curves of 25-120 m radius, about
3 km in all, inside the village 上雷村 of tests/import/villages.geojson.  The
walk: one fix a second at 1.1-1.5 m/s, each off by AR(1) noise (2-3 m
standard deviation, correlated over one to two minutes, as a phone's errors
are), with 2-3 stops of 30-120 s, 3-5 jumps (1-3 fixes 30-200 m away) and
two stretches of 8-20 fixes with a poor hdop (6-15) and 8-25 m more error.

Writes OUTDIR/walk.gpx, OUTDIR/walk.kml (the same walk as a KML gx:Track,
which has no hdop: without the poor fixes, as KML cannot mark them, and
beside it a drawn line, three vertices, to be kept as drawn),
OUTDIR/road.txt (the road's vertices, one "lat lon" a line, a metre apart:
the test measures it with GeodSolve) and OUTDIR/counts.txt ("fixes N",
"poor N", "jump_fixes N", "stops N").
"""
import datetime
import math
import os
import random
import sys

out, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
os.makedirs(out, exist_ok=True)

# Local metres around the village's centre (109.275E, 34.0N): metres per
# degree there; the test measures the road on the ellipsoid, not with these.
LON0, LAT0 = 109.275, 34.0
KX, KY = 92385.0, 110922.0


def road():
    """The road's vertices a metre apart, in local metres."""
    x = y = 0.0
    heading = rng.uniform(0, 2 * math.pi)
    pts = [(x, y)]
    for _ in range(rng.randint(7, 9)):
        for _ in range(int(rng.uniform(150, 400))):
            x += math.cos(heading)
            y += math.sin(heading)
            pts.append((x, y))
        r = rng.uniform(25, 120)
        turn = rng.choice([-1, 1]) * rng.uniform(0.4, 2.2)
        if math.hypot(x, y) > 700:  # steer back towards the centre
            back = math.atan2(-y, -x) - heading
            turn = max(-2.5, min(2.5, math.atan2(math.sin(back), math.cos(back))))
        steps = max(1, int(abs(turn) * r))
        for _ in range(steps):
            heading += turn / steps
            x += math.cos(heading) * abs(turn) * r / steps
            y += math.sin(heading) * abs(turn) * r / steps
            pts.append((x, y))
    return pts


path = road()
cum = [0.0]
for a, b in zip(path, path[1:]):
    cum.append(cum[-1] + math.dist(a, b))
total = cum[-1]


def at(s):
    """The road's point S metres from its start."""
    lo, hi = 0, len(cum) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if cum[mid] <= s else (lo, mid)
    f = (s - cum[lo]) / (cum[hi] - cum[lo]) if cum[hi] > cum[lo] else 0
    return (path[lo][0] + f * (path[hi][0] - path[lo][0]),
            path[lo][1] + f * (path[hi][1] - path[lo][1]))


sigma = rng.uniform(2.0, 3.0)
phi = rng.uniform(0.985, 0.99)
e = sigma * math.sqrt(1 - phi * phi)
ex, ey = rng.gauss(0, sigma), rng.gauss(0, sigma)
speed = rng.uniform(1.1, 1.5)
stops = sorted(rng.sample(range(300, int(total) - 300, 50), rng.randint(2, 3)))
stop_count = len(stops)
fixes = []  # [x, y, hdop]
s = 0.0
while s < total:
    ex, ey = phi * ex + rng.gauss(0, e), phi * ey + rng.gauss(0, e)
    x, y = at(s)
    fixes.append([x + ex, y + ey, rng.uniform(0.6, 1.8)])
    if stops and s >= stops[0]:
        stops.pop(0)
        for _ in range(rng.randint(30, 120)):
            ex, ey = phi * ex + rng.gauss(0, e), phi * ey + rng.gauss(0, e)
            fixes.append([x + ex, y + ey, rng.uniform(0.6, 1.8)])
    s += speed * rng.uniform(0.85, 1.15)
n = len(fixes)
# Poor fixes: two stretches, apart from each other and from the ends.
poor = 0
for start in (rng.randint(100, n // 2 - 100), rng.randint(n // 2 + 100, n - 100)):
    dx = dy = 0.0
    for i in range(start, start + rng.randint(8, 20)):
        dx += rng.uniform(-6, 6)
        dy += rng.uniform(-6, 6)
        k = rng.uniform(8, 25) / max(1.0, math.hypot(dx, dy))
        fixes[i][0] += dx * k
        fixes[i][1] += dy * k
        fixes[i][2] = rng.uniform(6, 15)
        poor += 1
# Jumps: among good fixes, well apart.
jump_fixes = 0
taken = set()
for _ in range(rng.randint(3, 5)):
    while True:
        i = rng.randint(50, n - 60)
        run = rng.randint(1, 3)
        if all(fixes[k][2] <= 5 and k not in taken for k in range(i - 10, i + run + 10)):
            break
    d, a = rng.uniform(30, 200), rng.uniform(0, 2 * math.pi)
    for k in range(i, i + run):
        fixes[k][0] += d * math.cos(a)
        fixes[k][1] += d * math.sin(a)
        taken.add(k)
        jump_fixes += 1

t0 = datetime.datetime(2024, rng.randint(3, 11), rng.randint(1, 28), 8, rng.randint(0, 59), 0,
                       tzinfo=datetime.timezone.utc)
with open(os.path.join(out, "walk.gpx"), "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<gpx version="1.1" creator="vinfra test gen/gpx.py" '
            'xmlns="http://www.topografix.com/GPX/1/1">\n'
            f'<trk><name>上雷村新修路 {seed}</name><trkseg>\n')
    for i, (x, y, hdop) in enumerate(fixes):
        t = (t0 + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        f.write(f'<trkpt lat="{LAT0 + y / KY:.8f}" lon="{LON0 + x / KX:.8f}">'
                f'<ele>{620 + y / 50:.1f}</ele><time>{t}</time><hdop>{hdop:.1f}</hdop></trkpt>\n')
    f.write('</trkseg></trk></gpx>\n')
good = [(i, x, y) for i, (x, y, hdop) in enumerate(fixes) if hdop <= 5]
with open(os.path.join(out, "walk.kml"), "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<kml xmlns="http://www.opengis.net/kml/2.2" '
            'xmlns:gx="http://www.google.com/kml/ext/2.2">\n<Document>\n'
            f'<Placemark><name>上雷村新修路 {seed}</name><gx:Track>\n')
    for i, _, _ in good:
        f.write(f'<when>{(t0 + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")}'
                '</when>\n')
    for _, x, y in good:
        f.write(f'<gx:coord>{LON0 + x / KX:.8f} {LAT0 + y / KY:.8f} 620</gx:coord>\n')
    f.write('</gx:Track></Placemark>\n<Placemark><name>drawn</name><LineString><coordinates>'
            f'{LON0 - 0.005:.4f},{LAT0 + 0.005:.4f} {LON0:.4f},{LAT0 + 0.006:.4f} '
            f'{LON0 + 0.005:.4f},{LAT0 + 0.004:.4f}</coordinates></LineString></Placemark>\n'
            '</Document></kml>\n')
with open(os.path.join(out, "road.txt"), "w") as f:
    for x, y in path:
        f.write(f"{LAT0 + y / KY:.9f} {LON0 + x / KX:.9f}\n")
with open(os.path.join(out, "counts.txt"), "w") as f:
    f.write(f"fixes {n}\npoor {poor}\njump_fixes {jump_fixes}\nstops {stop_count}\n")
