#!/usr/bin/env python3
"""Geotagged photos for tests/import/test-photos.sh, made from a seed.

    photos.py OUTDIR SEED ROADS.geojson

Writes small JPEGs (made by gdal_translate from a generated picture) with an
EXIF APP1 segment written here byte by byte, so that the reader under test
(GDAL's JPEG driver in vinfra) is checked against an independent writer:

  OUTDIR/lights/     photos for `vinfra import --layer streetlights`: inside
                     the two villages of tests/import/villages.geojson, the
                     GPS in varied forms (degrees-minutes-seconds with
                     seconds in hundredths, degrees and decimal minutes,
                     decimal degrees), some with direction, time and camera,
                     one larger than 1600 px, extensions .jpg .JPG .jpeg,
                     two lights 20 m apart (the ambiguous attach below), and
                     photos without GPS (no GPS IFD; a GPS IFD without a
                     position; 0/0 as phones write without a fix)
  OUTDIR/south/      one photo in the southern and western hemispheres
  OUTDIR/attach/     photos for `vinfra attach --layer streetlights`: one 8 m
                     from a light, one midway between the two close lights
                     (ambiguous), one 200 m from every light (too far)
  OUTDIR/road/       one photo 6 m off the middle of road R-01's second
                     segment (attach --layer roads: distance to the line)
  OUTDIR/manifest.tsv  file, lon, lat, direction, taken, make, model, width,
                     height, target (the feature an attach must choose or
                     "-"), distance (m to it, or "-")
"""
import json
import math
import os
import random
import struct
import subprocess
import sys

A = 6378137.0
F = 1 / 298.257222101


def offset(lon, lat, east, north):
    """The point EAST, NORTH metres from LON, LAT (local radii; exact to mm at 200 m)."""
    phi = math.radians(lat)
    e2 = F * (2 - F)
    w = math.sqrt(1 - e2 * math.sin(phi) ** 2)
    m = A * (1 - e2) / w ** 3
    n = A / w
    return (lon + math.degrees(east / (n * math.cos(phi))), lat + math.degrees(north / m))


def rational(v, den):
    return (int(round(v * den)), den)


def gps_form(deg, form):
    """EXIF GPS coordinate (three rationals) of |DEG| in FORM, and the degrees it encodes."""
    d = abs(deg)
    if form == "dms":
        dd = int(d)
        mm = int((d - dd) * 60)
        ss = round(((d - dd) * 60 - mm) * 60, 2)
        vals = [(dd, 1), (mm, 1), rational(ss, 100)]
    elif form == "dm":
        dd = int(d)
        mm = round((d - dd) * 60, 6)
        vals = [(dd, 1), rational(mm, 1000000), (0, 1)]
    else:
        vals = [rational(d, 10000000), (0, 1), (0, 1)]
    back = sum(n / q * f for (n, q), f in zip(vals, (1, 1 / 60, 1 / 3600)))
    return vals, back


# TIFF types
BYTE, ASCII, SHORT, LONG, RATIONAL = 1, 2, 3, 4, 5


def ifd(entries, base, next_ifd=0):
    """An IFD at offset BASE of the TIFF: ENTRIES [(tag, type, values)], sorted."""
    entries = sorted(entries)
    size = 2 + 12 * len(entries) + 4
    head = struct.pack("<H", len(entries))
    data = b""
    for tag, typ, val in entries:
        if typ == ASCII:
            raw = val.encode() + b"\0"
            count = len(raw)
        elif typ == BYTE:
            raw = bytes(val)
            count = len(val)
        elif typ == SHORT:
            raw = b"".join(struct.pack("<H", v) for v in val)
            count = len(val)
        elif typ == LONG:
            raw = b"".join(struct.pack("<I", v) for v in val)
            count = len(val)
        else:
            raw = b"".join(struct.pack("<II", n, d) for n, d in val)
            count = len(val)
        if len(raw) <= 4:
            field = raw.ljust(4, b"\0")
        else:
            field = struct.pack("<I", base + size + len(data))
            data += raw
            if len(data) % 2:
                data += b"\0"
        head += struct.pack("<HHI", tag, typ, count) + field
    head += struct.pack("<I", next_ifd)
    return head + data


def exif(p):
    """The APP1 Exif segment for photo P (a dict)."""
    ifd0 = []
    if p.get("make"):
        ifd0.append((0x010F, ASCII, p["make"]))
        ifd0.append((0x0110, ASCII, p["model"]))
    exif_ifd = []
    if p.get("taken"):
        exif_ifd.append((0x9003, ASCII, p["taken"]))
    gps = p.get("gps")
    # Sizes are fixed by the entries, so the offsets can be laid out in turn.
    n0 = len(ifd0) + 1 + (1 if gps is not None else 0)
    probe = ifd(ifd0 + [(0x8769, LONG, [0])] + ([(0x8825, LONG, [0])] if gps is not None else []), 8)
    exif_at = 8 + len(probe)
    exif_raw = ifd(exif_ifd, exif_at)
    gps_at = exif_at + len(exif_raw)
    entries0 = ifd0 + [(0x8769, LONG, [exif_at])]
    if gps is not None:
        entries0.append((0x8825, LONG, [gps_at]))
    raw0 = ifd(entries0, 8)
    assert len(raw0) == len(probe) and n0 == len(entries0)
    tiff = b"II*\0" + struct.pack("<I", 8) + raw0 + exif_raw
    if gps is not None:
        tiff += ifd(gps, gps_at)
    body = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def jpeg(path, w, h, rng, p):
    ppm = path + ".ppm"
    r0, g0, b0 = rng.randrange(256), rng.randrange(256), rng.randrange(256)
    rows = bytearray()
    for y in range(h):
        for x in range(w):
            rows += bytes(((r0 + x * 255 // w) % 256, (g0 + y * 255 // h) % 256,
                           (b0 + (x // 16 + y // 16) % 2 * 80) % 256))
    with open(ppm, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h) + bytes(rows))
    tmp = path + ".tmp.jpg"
    subprocess.run(["gdal_translate", "-q", "-of", "JPEG", "-co", "QUALITY=80", ppm, tmp],
                   check=True)
    for extra in (ppm, tmp + ".aux.xml"):
        if os.path.exists(extra):
            os.remove(extra)
    data = open(tmp, "rb").read()
    os.remove(tmp)
    assert data[:2] == b"\xff\xd8"
    with open(path, "wb") as f:
        f.write(data[:2] + exif(p) + data[2:])


def gps_entries(lon, lat, form, direction):
    lat_vals, lat_back = gps_form(lat, form)
    lon_vals, lon_back = gps_form(lon, form)
    e = [(0, BYTE, [2, 3, 0, 0]),
         (1, ASCII, "N" if lat >= 0 else "S"), (2, RATIONAL, lat_vals),
         (3, ASCII, "E" if lon >= 0 else "W"), (4, RATIONAL, lon_vals)]
    if direction is not None:
        e += [(0x10, ASCII, "T"), (0x11, RATIONAL, [rational(direction, 100)])]
    lon_back = lon_back if lon >= 0 else -lon_back
    lat_back = lat_back if lat >= 0 else -lat_back
    return e, lon_back, lat_back


def main():
    out, seed, roads = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    for d in ("lights", "south", "attach", "road"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    cameras = [("HUAWEI", "ELE-AL00"), ("Xiaomi", "Redmi Note 12"), ("OPPO", "PGJM10")]
    manifest = []

    def photo(folder, name, lon, lat, form="dms", direction=None, taken=None, camera=None,
              size=(64, 48), target="-", dist="-", gps=True):
        p = {}
        blon = blat = None
        if gps is True:
            p["gps"], blon, blat = gps_entries(lon, lat, form, direction)
        elif gps == "empty":
            p["gps"] = [(0, BYTE, [2, 3, 0, 0])]
        elif gps == "zero":
            p["gps"], _, _ = gps_entries(0.0, 0.0, "dms", None)
        if taken:
            p["taken"] = taken
        if camera:
            p["make"], p["model"] = camera
        path = os.path.join(out, folder, name)
        jpeg(path, size[0], size[1], rng, p)
        manifest.append([os.path.join(folder, name),
                         "%.9f" % blon if blon is not None else "-",
                         "%.9f" % blat if blat is not None else "-",
                         "%.2f" % direction if direction is not None else "-",
                         taken.replace(":", "-", 2).replace(" ", "T") if taken else "-",
                         camera[0] if camera else "-", camera[1] if camera else "-",
                         str(size[0]), str(size[1]), target, dist])

    # Villages: 上雷村 109.25..109.30 x 33.98..34.02, 双龙村 109.30..109.35.
    forms = ["dms", "dm", "deg"]
    rng.shuffle(forms)
    exts = [".jpg", ".JPG", ".jpeg"]
    lights = []
    for i in range(4):
        lon = rng.uniform(109.255, 109.345)
        lat = rng.uniform(33.99, 34.01)
        if abs(lon - 109.30) < 0.003:
            lon += 0.01
        name = "IMG_%04d%s" % (100 + i * 7 + rng.randrange(7), exts[i % 3])
        cam = cameras[rng.randrange(3)] if i % 2 == 0 else None
        taken = "2026:%02d:%02d %02d:%02d:%02d" % (rng.randint(4, 9), rng.randint(1, 28),
                                                    rng.randint(7, 18), rng.randrange(60),
                                                    rng.randrange(60)) if i != 3 else None
        direction = round(rng.uniform(0, 359.99), 2) if i % 2 == 1 else None
        size = (1700, 900) if i == 2 else (64 + 8 * i, 48)
        photo("lights", name, lon, lat, forms[i % 3], direction, taken, cam, size)
        lights.append((name, lon, lat))
    # Two lights 20 m apart, east-west, in 上雷村.
    blon, blat = rng.uniform(109.26, 109.29), rng.uniform(33.99, 34.01)
    clon, clat = offset(blon, blat, 20.0, 0.0)
    photo("lights", "pair-a.jpg", blon, blat, "deg")
    photo("lights", "pair-b.jpg", clon, clat, "deg")
    lights += [("pair-a.jpg", blon, blat), ("pair-b.jpg", clon, clat)]
    photo("lights", "no-gps.jpg", 0, 0, gps=False, taken="2026:05:02 09:00:00")
    photo("lights", "gps-empty.jpg", 0, 0, gps="empty")
    photo("lights", "gps-zero.JPG", 0, 0, gps="zero")
    with open(os.path.join(out, "lights", "notes.txt"), "w") as f:
        f.write("not a photo\n")

    south_lon, south_lat = -(109 + rng.random()), -(33 + rng.random())
    photo("south", "south.jpg", south_lon, south_lat, "dms")

    # Attach: 8 m from the first light, in a random direction.
    name, lon, lat = lights[0]
    bearing = rng.uniform(0, 2 * math.pi)
    alon, alat = offset(lon, lat, 8 * math.sin(bearing), 8 * math.cos(bearing))
    photo("attach", "near.jpg", alon, alat, "dms", target=name.rsplit(".", 1)[0], dist="8.0")
    mlon, mlat = offset(blon, blat, 10.0, 3.0)
    photo("attach", "between.jpg", mlon, mlat, "deg", target="ambiguous")
    # 200 m south of the first light, and further from every other.
    flon, flat = offset(lon, lat, 0.0, -200.0)
    assert all(math.hypot((flon - x) * 92000, (flat - y) * 111000) > 150 for _, x, y in lights)
    photo("attach", "far.jpg", flon, flat, "dm", target="far")

    # Road R-01, second segment: 6 m to its left of the segment's middle.
    road = next(f for f in json.load(open(roads))["features"] if f["properties"]["id"] == "R-01")
    (x1, y1), (x2, y2) = road["geometry"]["coordinates"][1:3]
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    kx = math.cos(math.radians(my))
    dx, dy = (x2 - x1) * kx, y2 - y1
    norm = math.hypot(dx, dy)
    rlon, rlat = offset(mx, my, -dy / norm * 6.0, dx / norm * 6.0)
    photo("road", "road.jpg", rlon, rlat, "dms", direction=90.0, target="R-01", dist="6.0")

    with open(os.path.join(out, "manifest.tsv"), "w") as f:
        f.write("file\tlon\tlat\tdirection\ttaken\tmake\tmodel\twidth\theight\ttarget\tdistance\n")
        for row in manifest:
            f.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
