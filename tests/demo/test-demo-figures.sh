#!/usr/bin/env bash
# vinfra demo reproduces the report's figures (shared/SEED_FACTS.md) from the
# bundled demo dataset, imported through the user's import path.
. "$TESTS_DIR/lib.sh"
set -e
expect_ok "$VINFRA" demo --out "$T/demo" --format json
python3 - "$T/out" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["total"]
errors = []
def eq(what, expected, actual, tol=0):
    if abs(expected - actual) > tol:
        errors.append(f"{what}: expected {expected}, got {actual}")
def by(layer, status):
    return t[layer]["by_status"][status]

roads = sum(by("roads", s)["length_m"] for s in ("new", "widened", "hardened"))
eq("roads built, widened or hardened (m)", 33600, roads, 1)
eq("roads built (the built tally)", 33600, t["roads"]["built"]["length_m"], 1)
eq("bridges", 5, by("bridges", "built")["count"])
eq("water tanks built", 14, by("water_tanks", "built")["count"])
eq("water pipes (m)", 5000, by("water_pipes", "built")["length_m"], 1)
eq("signal towers built", 2, by("signal_towers", "built")["count"])
eq("streetlights", 853, by("streetlights", "built")["count"])
eq("committees built", 14, by("committees", "built")["count"])
eq("committees upgraded", 14, by("committees", "upgraded")["count"])
eq("clinics", 10, t["clinics"]["built"]["count"])
eq("elderly care", 2, t["elderly_care"]["built"]["count"])
for kind, n in (("hall", 3), ("square", 12), ("stage", 3), ("wall", 8)):
    eq(f"culture {kind}", n, t["culture"]["by_type"][kind]["by_status"]["built"]["count"])
eq("schools", 4, t["schools"]["built"]["count"])
eq("toilets", 10, by("toilets", "built")["count"])
eq("garbage pools", 14, by("garbage_pools", "built")["count"])
eq("trees", 7000, t["trees"]["built"]["quantity"])
h = t["households"]
eq("households", 2934, h["count"])
eq("lifted households", 117, h["by_poverty"]["lifted"]["count"])
eq("lifted people", 304, h["by_poverty"]["lifted"]["people"])
eq("projects", 236, t["projects_total"]["count"])
eq("funding (万元)", 4590, t["projects_total"]["funding_wan"], 1e-6)
for key, n, wan in (("infrastructure", 152, 1898.5), ("industry", 14, 1360), ("culture", 26, 501.5),
                    ("health", 12, 188), ("education", 4, 11), ("ecology", 28, 345),
                    ("social", 0, 286)):
    eq(f"{key} projects", n, t["projects"][key]["count"])
    eq(f"{key} funding", wan, t["projects"][key]["funding_wan"], 1e-6)
villages = json.load(open(sys.argv[1]))["villages"]
eq("villages", 11, len(villages))
if errors:
    print("\n".join(errors))
    sys.exit(1)
PY
echo ok
