#!/usr/bin/env bash
# tests/bench/render.sh - the map rendering benchmark: `vinfra render` against
# MapServer (map2img) and Mapnik (python3-mapnik) drawing the same layers of
# the same synthetic store with the symbols of maps/styles.tsv, on an A4 page
# at 300 dpi (PNG) and as an A4 PDF, in the same run; and `vinfra atlas` of the
# demo database.
#
#   tests/bench/render.sh [village|county|province]     (default: county)
#
# gen-bench writes the store (county: 100,000 households, 20,000 lights,
# 2,000 km of road); the peers read it in two ways, both drawn in EPSG:4545:
#   store  the SpatiaLite store itself, EPSG:4490, reprojected while drawing
#          (MapServer through OGR, Mapnik through its sqlite plugin): the same
#          input vinfra reads;
#   shp    shapefiles exported beforehand in EPSG:4545 (ogr2ogr; its time is
#          a row of its own): the peers' fastest input.
# render/peers.py writes the mapfiles and the Mapnik XML from vinfra's style
# (BENCH_STYLE) and the store's non-empty layers.  Every time is a whole
# process, wall clock, the median of BENCH_RUNS runs.  Rows go to
# tests/bench/results/render-<scale>.tsv and render/report.py rewrites
# RESULTS-render.md from every results/render-*.tsv present.  Never run by the
# test suite; test-render-bench-smoke.sh runs one village-scale pass.
#
# Environment: BENCH_BUILD (build directory, default <source>/build-bench,
# configured and built when needed), BENCH_NO_BUILD=1 (use it as it is),
# BENCH_WORK (scratch, default /tmp/vinfra-render-bench), BENCH_RUNS (timed
# runs per measurement, default 3), BENCH_PEERS (default "mapserver mapnik"),
# BENCH_SOURCES (default "store shp"), BENCH_RESULTS (results folder, default
# tests/bench/results), BENCH_STYLE (the style file the peers mirror),
# BENCH_NO_REPORT=1 (leave RESULTS-render.md alone),
# BENCH_NO_ATLAS=1 (skip the demo atlas), BENCH_VINFRA_ALSO="LABEL=PATH ..."
# (more vinfra builds to time, as tool vinfra@LABEL), BENCH_REUSE=1 (keep an earlier
# run's store, shapefiles and peer rows; measure vinfra again only).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${BENCH_BUILD:-$SRC/build-bench}
WORK=${BENCH_WORK:-/tmp/vinfra-render-bench}
RUNS=${BENCH_RUNS:-3}
PEERS=${BENCH_PEERS:-mapserver mapnik}
SOURCES=${BENCH_SOURCES:-store shp}
RESULTS=${BENCH_RESULTS:-$HERE/results}
REUSE=${BENCH_REUSE:-0}
PEERS_PY=$HERE/render/peers.py
REPORT_PY=$HERE/render/report.py
# The style `vinfra render` draws with by default.
STYLES=${BENCH_STYLE:-$SRC/maps/default.tsv}
DPI=300
# Debian python modules (mapnik, cairo) are not in the pyenv python3.
DEBIAN_PY=/usr/bin/python3
FONT=${BENCH_FONT:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}
FONT_FACE=${BENCH_FONT_FACE:-WenQuanYi Micro Hei Regular}

case "${1:-county}" in
  village|county|province) SCALE=$1 ;;
  *) echo "usage: $0 [village|county|province]" >&2; exit 2 ;;
esac

BENCH_TAG=render-bench
. "$HERE/lib-bench.sh"

# ---- result rows ------------------------------------------------------------
# scale tool source format median_s runs rss_mb image bytes note cpu_s
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }

# image_runs OUT CMD...: cmd_runs of a command that writes the file OUT; sets
# C_IMAGE/C_BYTES too (OUT's pixel or page size, its bytes).
image_runs() {
  local out=$1; shift
  rm -f "$out"
  cmd_runs "$WORK/cmd.out" "$@" || return 1
  [ -s "$out" ] || die "no output written to '$out' by: $*"
  C_IMAGE=$(python3 "$REPORT_PY" --image "$out")
  C_BYTES=$(stat -c %s "$out")
}

# measure TOOL SOURCE FORMAT OUT NOTE CMD...
measure() {
  local tool=$1 source=$2 format=$3 out=$4 note=$5; shift 5
  say "$SCALE: $tool ($source) $format"
  image_runs "$out" "$@"
  # The Mapnik driver prints its own time from loading the XML to the
  # written file (the rest is Python and Mapnik starting).
  [ "$tool" = mapnik ] && note+="; $(cat "$WORK/cmd.out") s of it in mapnik (last run)"
  row "$SCALE" "$tool" "$source" "$format" "$(median $C_TIMES)" "$(join , $C_TIMES)" "$C_RSS_MB" \
    "$C_IMAGE" "$C_BYTES" "$note" "$(median $C_CPU)"
}

# ---- the map's ground ---------------------------------------------------------
# The store's non-empty layers with a style (name, point|line|polygon).
store_layers() {
  local store=$1 t g
  sqlite3 "$store" "SELECT f_table_name, geometry_type FROM geometry_columns ORDER BY 1" |
    while IFS='|' read -r t g; do
      cut -f1 "$STYLES" | grep -qx "$t" || continue
      [ "$(sqlite3 "$store" "SELECT EXISTS (SELECT 1 FROM \"$t\")")" = 1 ] || continue
      case $g in 1|4|1001|1004) echo "$t	point" ;; 2|5|1002|1005) echo "$t	line" ;;
                 3|6|1003|1006) echo "$t	polygon" ;; esac
    done
}

# fit_extent STORE LAYERS PAGE_W PAGE_H: the layers' extent in EPSG:4545 with a
# 3% margin, widened to the page's proportions (so no peer adjusts it its way).
fit_extent() {
  local store=$1 layers=$2 pw=$3 ph=$4 union
  union=$(cut -f1 "$layers" | sed 's/.*/SELECT geom FROM "&"/' | paste -sd'|' | sed 's/|/ UNION ALL /g')
  sqlite3 -cmd ".load mod_spatialite" "$store" \
    "SELECT MbrMinX(e), MbrMinY(e), MbrMaxX(e), MbrMaxY(e) FROM
       (SELECT Extent(Transform(geom, 4545)) e FROM ($union))" |
    awk -F'|' -v pw="$pw" -v ph="$ph" '{
      w = $3 - $1; h = $4 - $2; cx = ($1 + $3) / 2; cy = ($2 + $4) / 2
      w *= 1.06; h *= 1.06
      if (w / h > pw / ph) h = w * ph / pw; else w = h * pw / ph
      printf "%.1f %.1f %.1f %.1f\n", cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2 }'
}

# ---- vinfra -------------------------------------------------------------------
vinfra_has() { "$VINFRA" "$1" --help >/dev/null 2>&1; }

# The page vinfra draws (A4, portrait or landscape: the peers follow it) from
# a probe run; landscape when vinfra render is not there yet and the ground is
# wider than tall.
page_of_vinfra() {
  local store=$1 dir=$2
  if vinfra_has render &&
     "$VINFRA" render --map village --db "$store" --out "$dir/probe.pdf" --paper A4 >/dev/null 2>"$dir/probe.err"; then
    python3 "$REPORT_PY" --page-mm "$dir/probe.pdf"
  else
    echo "297 210"
  fi
}

run_vinfra() {
  local store=$1 dir=$2
  if ! vinfra_has render; then
    say "$SCALE: vinfra render is not available"
    row "$SCALE" vinfra store png "" "" "" "" "" "not available: no 'vinfra render' in this build"
    return 0
  fi
  measure vinfra store png "$dir/vinfra.png" "vinfra render --map village --paper A4 --dpi 300 (whole extent)" \
    "$VINFRA" render --map village --db "$store" --out "$dir/vinfra.png" --paper A4 --dpi "$DPI"
  measure vinfra store pdf "$dir/vinfra.pdf" "vinfra render --map village --paper A4 (whole extent)" \
    "$VINFRA" render --map village --db "$store" --out "$dir/vinfra.pdf" --paper A4
  # Other builds to compare with (BENCH_VINFRA_ALSO="LABEL=PATH ..."), e.g.
  # before and after a change.
  local also label bin
  for also in ${BENCH_VINFRA_ALSO:-}; do
    label=${also%%=*} bin=${also#*=}
    measure "vinfra@$label" store png "$dir/vinfra-$label.png" "$bin" \
      "$bin" render --map village --db "$store" --out "$dir/vinfra-$label.png" --paper A4 --dpi "$DPI"
    measure "vinfra@$label" store pdf "$dir/vinfra-$label.pdf" "$bin" \
      "$bin" render --map village --db "$store" --out "$dir/vinfra-$label.pdf" --paper A4
  done
}

run_atlas() {
  [ "${BENCH_NO_ATLAS:-0}" = 1 ] && return 0
  if ! vinfra_has atlas; then
    row "$SCALE" "vinfra atlas" demo pdf "" "" "" "" "" "not available: no 'vinfra atlas' in this build"
    return 0
  fi
  local dir=$WORK/demo
  rm -rf "$dir"
  "$VINFRA" demo --out "$dir" --no-maps >/dev/null 2>"$WORK/demo.err" || { cat "$WORK/demo.err" >&2; die "vinfra demo failed"; }
  measure "vinfra atlas" demo pdf "$dir/atlas.pdf" "vinfra atlas of the demo database (target: under 5 s)" \
    "$VINFRA" atlas --db "$dir/demo.sqlite" --out "$dir/atlas.pdf"
}

# ---- the peers --------------------------------------------------------------
export_shp() {
  local store=$1 layers=$2 shp=$3 t0 l
  rm -rf "$shp"
  mkdir -p "$shp"
  t0=$(now)
  python3 "$PEERS_PY" fields --styles "$STYLES" >"$shp.fields"
  for l in $(cut -f1 "$layers"); do
    # The id and the attributes the style reads (conditions, labels).
    local fields; fields=$(awk -F'\t' -v l="$l" '$1 == l { printf ",%s", $2 }' "$shp.fields")
    ogr2ogr -f "ESRI Shapefile" "$shp" "$store" "$l" -nln "$l" -select "id$fields" \
      -t_srs EPSG:4545 -lco ENCODING=UTF-8 -gt 65536
  done
  row "$SCALE" ogr2ogr shp export "$(elapsed "$t0")" 1 "" "" "$(du -sb "$shp" | cut -f1)" \
    "store (EPSG:4490) -> shapefiles (EPSG:4545), $(wc -l <"$layers") layers, the attributes the style reads"
}

run_peers() {
  local store=$1 dir=$2 layers=$3 extent=$4 page=$5 source data cfg peer fmt
  for source in $SOURCES; do
    case $source in store) data=$store ;; shp) data=$dir/shp; export_shp "$store" "$layers" "$data" ;;
      *) die "unknown source '$source' (store or shp)" ;; esac
    cfg=$dir/peers-$source
    # shellcheck disable=SC2086
    python3 "$PEERS_PY" config --styles "$STYLES" --layers "$layers" --source "$source" --data "$data" \
      --extent $extent --page $page --dpi "$DPI" --font "$FONT" --face "$FONT_FACE" --out "$cfg"
    printf 'CONFIG\n  ENV\n  END\nEND\n' >"$cfg/mapserver.conf"
    for peer in $PEERS; do
      for fmt in png pdf; do
        local out=$dir/$peer-$source.$fmt
        case $peer in
          mapserver)
            measure mapserver "$source" "$fmt" "$out" "map2img, AGG (PNG) / cairo (PDF), $(mapserver_reads "$source")" \
              map2img -conf "$cfg/mapserver.conf" -m "$cfg/map-$fmt.map" -o "$out" ;;
          mapnik)
            # shellcheck disable=SC2086
            measure mapnik "$source" "$fmt" "$out" "python3-mapnik, AGG (PNG) / cairo surface (PDF), $(mapnik_reads "$source")" \
              "$DEBIAN_PY" "$PEERS_PY" mapnik --xml "$cfg/mapnik.xml" --out "$out" --extent $extent \
              --page $page --dpi "$DPI" ;;
          *) die "unknown peer '$peer' (mapserver or mapnik)" ;;
        esac
      done
    done
  done
}
mapserver_reads() { [ "$1" = store ] && echo "store via OGR, reprojected" || echo "shapefiles in EPSG:4545"; }
mapnik_reads() { [ "$1" = store ] && echo "store via sqlite plugin, reprojected" || echo "shapefiles in EPSG:4545"; }

peers_available() {
  local p
  for p in $PEERS; do
    case $p in
      mapserver) command -v map2img >/dev/null || die "map2img not found (apt-get install mapserver-bin)" ;;
      mapnik) "$DEBIAN_PY" -c "import mapnik, cairo" 2>/dev/null ||
        die "python3-mapnik or python3-cairo not found (apt-get install python3-mapnik python3-cairo)" ;;
    esac
  done
}

machine_info() {
  {
    echo "date	$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "machine	$(. /etc/os-release && echo "$PRETTY_NAME"), $(nproc) cores ($(awk -F': ' '/model name/{ print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/{ printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "vinfra	$("$VINFRA" --version 2>/dev/null | head -1) ($(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)); cairo $(dpkg-query -W -f '${Version}' libcairo2 2>/dev/null), pango $(dpkg-query -W -f '${Version}' libpango-1.0-0 2>/dev/null)"
    echo "mapserver	$(map2img -v 2>/dev/null | cut -d' ' -f1-3) (mapserver-bin $(dpkg-query -W -f '${Version}' mapserver-bin 2>/dev/null))"
    echo "mapnik	python3-mapnik $(dpkg-query -W -f '${Version}' python3-mapnik 2>/dev/null), Mapnik $("$DEBIAN_PY" -c 'import mapnik; print(mapnik.mapnik_version())' 2>/dev/null)"
    echo "gdal	$(gdalinfo --version 2>/dev/null || ogr2ogr --version)"
  } >"$RESULTS/render-machine.tsv"
}

main() {
  build
  peers_available
  local dir=$WORK/$SCALE store=$WORK/$SCALE/store.sqlite
  mkdir -p "$dir"
  ROWS=$dir/results.tsv
  if [ "$REUSE" = 1 ] && [ -f "$store" ] && [ -f "$RESULTS/render-$SCALE.tsv" ]; then
    say "$SCALE: reusing $store and the peers' rows of $RESULTS/render-$SCALE.tsv"
    awk -F'\t' '$2 !~ /^vinfra/' "$RESULTS/render-$SCALE.tsv" >"$ROWS"
  else
    : >"$ROWS"
    row "$SCALE" started run "" "" "" "" "" "" "$(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d" " -f1-3 /proc/loadavg)"
    say "$SCALE: generating the store"
    rm -f "$store" "$store-wal" "$store-shm"
    "$VINFRA" init --db "$store" >/dev/null
    local t0; t0=$(now)
    "$GEN" --db "$store" --scale "$SCALE" >"$dir/gen.out" 2>/dev/null
    row "$SCALE" gen-bench store gen "$(elapsed "$t0")" 1 "" "" "$(stat -c %s "$store")" \
      "$(awk -F'\t' '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $2; if ($3 != "") printf " (%s)", $3 }' "$dir/gen.out")"
  fi
  local layers=$dir/layers.tsv page extent
  store_layers "$store" >"$layers"
  page=$(page_of_vinfra "$store" "$dir")
  # shellcheck disable=SC2086
  extent=$(fit_extent "$store" "$layers" $page)
  say "$SCALE: page $page mm, extent $extent (EPSG:4545), layers $(cut -f1 "$layers" | paste -sd' ')"
  if [ "$REUSE" != 1 ] || ! grep -q "	mapserver	" "$ROWS"; then
    run_peers "$store" "$dir" "$layers" "$extent" "$page"
  fi
  run_vinfra "$store" "$dir"
  run_atlas
  cp "$ROWS" "$RESULTS/render-$SCALE.tsv"
  machine_info
  if [ "${BENCH_NO_REPORT:-0}" != 1 ]; then
    python3 "$REPORT_PY" --results "$RESULTS" --out "$HERE/RESULTS-render.md"
    say "wrote $HERE/RESULTS-render.md"
  fi
}
main "$@"
exit
