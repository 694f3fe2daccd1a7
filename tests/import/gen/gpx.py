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
import zipfile

out, seed = sys.argv[1], int(sys.argv[2])
SHAPE = sys.argv[3] if len(sys.argv) > 3 else "village"
if SHAPE not in ("village", "curvy", "switchback", "short"):
    sys.exit(f"gpx.py: unknown shape {SHAPE!r}: expected village, curvy, switchback or short")
rng = random.Random(seed)
os.makedirs(out, exist_ok=True)

# Local metres around the village's centre (109.275E, 34.0N): metres per
# degree there; the test measures the road on the ellipsoid, not with these.
LON0, LAT0 = 109.275, 34.0
KX, KY = 92385.0, 110922.0


class Turtle:
    """A road drawn a metre at a time (arcs in steps of at most a metre)."""

    def __init__(self):
        self.x = self.y = 0.0
        self.heading = rng.uniform(0, 2 * math.pi)
        self.pts = [(self.x, self.y)]

    def straight(self, length):
        for _ in range(int(length)):
            self.x += math.cos(self.heading)
            self.y += math.sin(self.heading)
            self.pts.append((self.x, self.y))

    def arc(self, r, turn):
        steps = max(1, int(abs(turn) * r))
        for _ in range(steps):
            self.heading += turn / steps
            self.x += math.cos(self.heading) * abs(turn) * r / steps
            self.y += math.sin(self.heading) * abs(turn) * r / steps
            self.pts.append((self.x, self.y))

    def homeward(self, turn, limit):
        """TURN, or towards the start when more than 700 m away."""
        if math.hypot(self.x, self.y) <= 700:
            return turn
        back = math.atan2(-self.y, -self.x) - self.heading
        return max(-limit, min(limit, math.atan2(math.sin(back), math.cos(back))))


def road():
    """The road's vertices a metre apart, in local metres."""
    t = Turtle()
    if SHAPE == "village":  # straights of 150-400 m, curves of 25-120 m radius
        for _ in range(rng.randint(7, 9)):
            t.straight(rng.uniform(150, 400))
            r = rng.uniform(25, 120)
            t.arc(r, t.homeward(rng.choice([-1, 1]) * rng.uniform(0.4, 2.2), 2.5))
    elif SHAPE == "curvy":  # one curve after another, 15-40 m radius
        side = rng.choice([-1, 1])
        for _ in range(rng.randint(14, 20)):
            t.straight(rng.uniform(5, 40))
            side = -side if rng.random() < 0.7 else side
            t.arc(rng.uniform(15, 40), t.homeward(side * rng.uniform(0.5, 2.0), 2.0))
    elif SHAPE == "switchback":  # up a slope: legs of 40-120 m, hairpins of 6-12 m radius
        side = rng.choice([-1, 1])
        for _ in range(rng.randint(8, 12)):
            t.straight(rng.uniform(40, 120))
            t.arc(rng.uniform(60, 200), rng.uniform(-0.3, 0.3))  # the leg bends with the slope
            side = -side
            t.arc(rng.uniform(6, 12), side * rng.uniform(2.8, 3.1))
    else:  # short: 100-300 m, one bend
        first = rng.uniform(40, 140)
        r, turn = rng.uniform(20, 80), rng.choice([-1, 1]) * rng.uniform(0.3, 1.5)
        t.straight(first)
        t.arc(r, turn)
        t.straight(max(10.0, rng.uniform(100, 300) - first - abs(turn) * r))
    return t.pts


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
long_walk = total >= 800
if long_walk:
    stops = sorted(rng.sample(range(300, int(total) - 300, 50), rng.randint(2, 3)))
else:
    stops = sorted(rng.sample(range(30, int(total) - 30, 10), rng.randint(0, 1)))
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
    s_last = s
    s += speed * rng.uniform(0.85, 1.15)
n = len(fixes)


def along(i, s_road):
    """The error of fix I along the road's direction at S_ROAD (metres)."""
    (ax, ay), (bx, by) = at(max(0.0, s_road - 1)), at(min(total, s_road + 1))
    x, y = at(s_road)
    return ((fixes[i][0] - x) * (bx - ax) + (fixes[i][1] - y) * (by - ay)) / math.hypot(bx - ax,
                                                                                         by - ay)


# How much longer the road between the places the first and last fixes give
# its ends is than the road: on a short road the noise at its ends counts.
ends = along(n - 1, s_last) - along(0, 0.0) - (total - s_last)
# Poor fixes: two stretches, apart from each other and from the ends.
poor = 0
for start in ((rng.randint(100, n // 2 - 100), rng.randint(n // 2 + 100, n - 100))
              if long_walk else (rng.randint(n // 4, n // 2),)):
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
for _ in range(rng.randint(3, 5) if long_walk else rng.randint(1, 2)):
    while True:
        i = rng.randint(50, n - 60) if long_walk else rng.randint(15, n - 20)
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


def when(i):
    """Fix I's time as a KML when: UTC to the second for even seeds, local
    Beijing time to the millisecond for odd ones (as Chinese phones write it)."""
    t = t0 + datetime.timedelta(seconds=i)
    if seed % 2 == 0:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    local = t.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    return local.strftime("%Y-%m-%dT%H:%M:%S.000+08:00")


def coord(x, y):
    return f'<gx:coord>{LON0 + x / KX:.8f} {LAT0 + y / KY:.8f} 620</gx:coord>\n'


# The KML has every fix, the poor ones too: a phone cannot mark them there.
# Even seeds list every when and then every coord, odd ones pair them.
if seed % 2 == 0:
    track = "".join(f"<when>{when(i)}</when>\n" for i in range(n))
    track += "".join(coord(x, y) for x, y, _ in fixes)
else:
    track = "".join(f"<when>{when(i)}</when>\n{coord(x, y)}" for i, (x, y, _) in enumerate(fixes))
kml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
       '<kml xmlns="http://www.opengis.net/kml/2.2" '
       'xmlns:gx="http://www.google.com/kml/ext/2.2">\n<Document>\n'
       f'<Placemark><name>上雷村新修路 {seed}</name><gx:Track>\n{track}</gx:Track></Placemark>\n'
       '<Placemark><name>drawn</name><LineString><coordinates>'
       f'{LON0 - 0.005:.4f},{LAT0 + 0.005:.4f} {LON0:.4f},{LAT0 + 0.006:.4f} '
       f'{LON0 + 0.005:.4f},{LAT0 + 0.004:.4f}</coordinates></LineString></Placemark>\n'
       '</Document></kml>\n')
with open(os.path.join(out, "walk.kml"), "w") as f:
    f.write(kml)
with zipfile.ZipFile(os.path.join(out, "walk.kmz"), "w", zipfile.ZIP_DEFLATED) as z:
    # Odd seeds name the KML inside as some phone apps do, not doc.kml.
    z.writestr(zipfile.ZipInfo("doc.kml" if seed % 2 == 0 else f"track-{seed}.kml",
                               (2024, 1, 1, 0, 0, 0)), kml)
with open(os.path.join(out, "road.txt"), "w") as f:
    for x, y in path:
        f.write(f"{LAT0 + y / KY:.9f} {LON0 + x / KX:.9f}\n")
with open(os.path.join(out, "counts.txt"), "w") as f:
    f.write(f"fixes {n}\npoor {poor}\njump_fixes {jump_fixes}\nstops {stop_count}\n"
            f"ends {ends:.3f}\nsigma {sigma:.2f}\n")
