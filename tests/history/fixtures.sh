# Shared by the history tests: a demo database and ways to look at it.
# Source after lib.sh.  Gives $DB (a fresh demo database, also $VINFRA_DB),
# checksum (the content checksum vinfra check prints), dump FILE (sqlite3
# .dump of every asset table, projects and imports: the bytes undo must
# restore) and roads_file FILE ID... (a GeoJSON of short roads in 上雷村).
need sqlite3
demo_db "$T/demo"
DB="$T/demo/demo.sqlite"
export VINFRA_DB="$DB"

checksum() {
  "$VINFRA" check --lang en --db "${1:-$DB}" | sed -n 's/^content checksum: //p'
}

ASSET_TABLES="$(grep -v '^#' "$VINFRA_DATADIR/layers.tsv" | tail -n +2 | cut -f1) projects imports"
dump() {
  : >"$1"
  for t in $ASSET_TABLES; do sqlite3 "$DB" ".dump $t" >>"$1"; done
}

roads_file() {
  local out=$1 i=0 sep=""; shift
  { printf '{"type": "FeatureCollection", "features": ['
    for id in "$@"; do
      i=$((i + 1))
      printf '%s{"type": "Feature", "properties": {"id": "%s", "status": "new", "surface": "concrete"},' "$sep" "$id"
      printf ' "geometry": {"type": "LineString", "coordinates": [[109.2636, 34.09%d], [109.2646, 34.09%d]]}}' "$i" "$i"
      sep=", "
    done
    printf ']}\n'; } >"$out"
}
