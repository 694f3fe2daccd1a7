#!/usr/bin/env bash
# Sources holding several layers (KML/KMZ folders, GeoPackage tables), made by
# gen/multilayer.py with varied folder names, orders and counts: without
# --layer each source layer goes into the layer it is named after, all in
# one transaction; with --layer, --source-layer (name or number) picks one;
# nothing is reduced or put into the wrong layer silently.  KML style icons
# linking to http URLs are presentation, not remote data; ExtendedData and
# SchemaData with Chinese keys arrive as fields, and so do HTML tables of
# key/value pairs in descriptions; a plain description is listed, not dropped.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
cd "${T:?}"
today=$(date -u +%Y-%m-%d)
LAYERS="villages (行政村), households (农户), roads (道路), bridges (便民桥), streetlights (路灯), water_tanks (蓄水池), water_pipes (饮水管道), rivers (河道), signal_towers (信号塔), clinics (村医务室), elderly_care (养老服务设施), committees (村委会), culture (文化设施), schools (学校设施), toilets (公共厕所), garbage_pools (垃圾池), trees (景观树), industry (产业设施)"
# The number field each layer of the fixtures carries.
number_of() { case $1 in streetlights) echo watts ;; water_tanks) echo capacity ;;
  clinics) echo doctors ;; water_pipes) echo diameter ;; esac; }

# check_layers DB FILE: every source layer of FILE in expect.tsv landed in its
# layer with its exact count, number total and statuses, and nothing else did.
check_layers() {
  local db=$1 file=$2 src layer n total with note
  while IFS=$'\t' read -r f src layer n total with note; do
    [ "$f" = "$file" ] || continue
    assert_eq "$n|$total|$with" "$(sql "$db" "select count(*), printf('%.1f', sum($(number_of "$layer"))), count(status) from $layer")" "$file: $src into $layer"
    # A plain description matches no field: said, never dropped silently.
    if [ "$note" = note ]; then
      grep -q "^imported '$file:$src' into $layer: .*; field description is not in layer $layer: not imported$" "$T/out" ||
        { cat "$T/out" >&2; fail "$file: $src: the description note is not listed"; }
    else
      grep "^[a-z]* .$file:$src. .*not imported" "$T/out" && fail "$file: $src: fields not imported"
    fi
  done <expect.tsv
  local all expected
  all=$(sql "$db" "select (select count(*) from streetlights) + (select count(*) from water_tanks) + (select count(*) from clinics) + (select count(*) from water_pipes)")
  expected=$(awk -F'\t' -v f="$file" '$1 == f { s += $4 } END { print s }' expect.tsv)
  assert_eq "$expected" "$all" "$file: features in all layers"
}

# summary FILE: the summary lines expected of FILE, a line per source layer.
summary() {
  # A plain description is no field of the layer: the summary says so.
  awk -F'\t' -v f="$1" '$1 == f { printf "imported '\''%s:%s'\'' into %s: %d read, %d written, 0 skipped%s\n", f, $2, $3, $4, $4,
    $7 == "note" ? "; field description is not in layer " $3 ": not imported" : "" }' expect.tsv
}

# Seeds chosen to cover 2 and 3 folders, every way of carrying values, notes,
# Chinese, English, spaced and full-width folder names.
for seed in 3 7 9 17 25; do
  rm -rf gen && mkdir gen && cd gen
  python3 "$TESTS_DIR/import/gen/multilayer.py" . "$seed" || fail "seed $seed: generator"

  # The KML with 2 or 3 folders, and the same as a KMZ: every folder in its layer.
  for file in ovi.kml ovi.kmz; do
    db=$(fresh "ml-$seed-${file#*.}")
    expect_ok "$VINFRA" import "$file" --db "$db" --lang en
    assert_eq "$(summary "$file")" "$(cat "$T/out")" "seed $seed: $file summary"
    check_layers "$db" "$file"
    grep -q "ovital\|remote" "$T/err" && fail "seed $seed: $file: style icons reported: $(cat "$T/err")"
    # One transaction: one change in the history naming every layer, an import record per layer.
    layers=$(awk -F'\t' -v f="$file" '$1 == f { printf "%s%s", s, $3; s = "," }' expect.tsv)
    assert_eq "import|$layers" "$(sql "$db" "select action, layer from history order by id desc limit 1")" "seed $seed: $file history"
    assert_eq "$(awk -F'\t' -v f="$file" '$1 == f { print $3 "|" $4 }' expect.tsv)" \
      "$(sql "$db" "select layer, features from imports where path = '$file' order by id")" "seed $seed: $file import records"
    # Again: each layer's part recognised, nothing written.
    before=$(sha "$db")
    expect_ok "$VINFRA" import "$file" --db "$db" --lang en
    assert_eq "$(awk -F'\t' -v f="$file" -v d="$today" '$1 == f { printf "'\''%s:%s'\'': nothing done ('\''%s'\'' was already imported into %s on %s)\n", f, $2, f, $3, d }' expect.tsv)" \
      "$(cat "$T/out")" "seed $seed: $file again"
    assert_eq "$before" "$(sha "$db")" "seed $seed: $file again: database"
  done

  # A dry run: a line per layer, nothing written.
  db=$(fresh "ml-$seed-dry")
  before=$(sha "$db")
  expect_ok "$VINFRA" import ovi.kml --db "$db" --lang en --dry-run
  assert_eq "$(awk -F'\t' '$1 == "ovi.kml" { printf "checked '\''ovi.kml:%s'\'' for %s: %d read, %d would be written, 0 skipped, nothing written (dry run)%s\n", $2, $3, $4, $4,
    $7 == "note" ? "; field description is not in layer " $3 ": not imported" : "" }' expect.tsv)" \
    "$(cat "$T/out")" "seed $seed: dry run"
  assert_eq "$before" "$(sha "$db")" "seed $seed: dry run: database"

  # A folder named after no layer: refused, nothing written.
  odd=$(awk -F'\t' 'NR == FNR { known[$2] = 1; next } !($1 in known) { print $1 }' expect.tsv unmatched.tsv)
  pos=$(awk -F'\t' -v o="$odd" '$1 == o { print NR }' unmatched.tsv)
  before=$(sha "$db")
  expect_fail 1 "vinfra: error: cannot import 'unmatched.kml': its layer $odd (mixed geometry, 1 feature) is named after no layer (layers: $LAYERS): name each folder, table or sheet after the layer it goes into (its key, Chinese or English name, or an alias of data/layers.tsv), or import one with --layer NAME --source-layer NAME|N" \
    "$VINFRA" import unmatched.kml --db "$db"
  assert_eq "$before" "$(sha "$db")" "seed $seed: unmatched folder: database"
  # ... and with --layer it needs --source-layer, which picks the folder by name or number.
  listed=$(awk -F'\t' '{ printf "%s%s (mixed geometry, %d feature%s)", s, $1, $2, $2 == 1 ? "" : "s"; s = ", " }' unmatched.tsv)
  expect_fail 1 "vinfra: error: cannot import 'unmatched.kml': it holds $(wc -l <unmatched.tsv) layers with features: $listed; vinfra imports one at a time: choose it with --source-layer NAME" \
    "$VINFRA" import unmatched.kml --db "$db" --layer streetlights
  assert_eq "$before" "$(sha "$db")" "seed $seed: --layer without --source-layer: database"
  expect_ok "$VINFRA" import unmatched.kml --db "$db" --layer streetlights --source-layer "$pos" --village 上雷村 --lang en
  assert_eq "imported 'unmatched.kml' into streetlights: 1 read, 1 written, 0 skipped" "$(cat "$T/out")" "seed $seed: --source-layer $pos"

  # A bad value in the last folder: the folders before it checked fine, yet
  # nothing is written (one transaction).
  db=$(fresh "ml-$seed-bad")
  before=$(sha "$db")
  IFS=$'\t' read -r bad_folder bad_n <bad.txt
  run "$VINFRA" import bad.kml --db "$db" --lang en
  assert_eq 1 "$RC" "seed $seed: bad value: exit code"
  grep -q "^vinfra: error: cannot import 'bad.kml:$bad_folder': feature $bad_n: field \"status\": .*\"demolished\"" "$T/err" ||
    { cat "$T/err" >&2; fail "seed $seed: bad value: message"; }
  assert_eq "$before" "$(sha "$db")" "seed $seed: bad value: database"

  # The workbook: each sheet into its layer.
  db=$(fresh "ml-$seed-xlsx")
  expect_ok "$VINFRA" import sheets.xlsx --db "$db" --lang en
  # (longitude/latitude columns without --src-crs: the last line says WGS 84 was assumed)
  assert_eq "$(summary sheets.xlsx)" "$(sed 's/; coordinates read as WGS 84 longitude\/latitude (name another CRS with --src-crs)$//' "$T/out")" "seed $seed: sheets.xlsx summary"
  check_layers "$db" sheets.xlsx

  # The GeoPackage of two tables (and an empty one): each into its layer.
  db=$(fresh "ml-$seed-gpkg")
  expect_ok "$VINFRA" import survey.gpkg --db "$db" --lang en
  assert_eq "$(summary survey.gpkg)" "$(cat "$T/out")" "seed $seed: survey.gpkg summary"
  check_layers "$db" survey.gpkg
  # With --layer: the tables listed with their geometry and counts; never the tanks as lights.
  db=$(fresh "ml-$seed-gpkg-layer")
  before=$(sha "$db")
  listed=$(awk -F'\t' '$1 == "survey.gpkg" { printf "%s%s (%s, %d feature%s)", s, $2, $2 == "water_tanks" ? "Point" : "Line String", $4, $4 == 1 ? "" : "s"; s = ", " }' expect.tsv)
  expect_fail 1 "vinfra: error: cannot import 'survey.gpkg': it holds 2 layers with features: $listed; vinfra imports one at a time: choose it with --source-layer NAME" \
    "$VINFRA" import survey.gpkg --db "$db" --layer streetlights
  expect_fail 2 "vinfra: error: cannot import 'survey.gpkg': --source-layer: the file has no layer \"3\" (its layers: $listed, notes (Point, 0 features))" \
    "$VINFRA" import survey.gpkg --db "$db" --layer water_tanks --source-layer 3
  # The user's --layer goes, but a table named after another layer is said.
  expect_ok "$VINFRA" import survey.gpkg --db "$db" --layer streetlights --source-layer water_tanks --dry-run --lang en
  assert_contains "$T/err" "vinfra: warning: 'survey.gpkg': its layer water_tanks is named after layer water_tanks but goes into streetlights (--layer)"
  assert_eq "$before" "$(sha "$db")" "seed $seed: --layer refusals: database"
  tanks=$(awk -F'\t' '$1 == "survey.gpkg" { k++ } $1 == "survey.gpkg" && $2 == "water_tanks" { print k }' expect.tsv)
  ntanks=$(awk -F'\t' '$1 == "survey.gpkg" && $2 == "water_tanks" { print $4 }' expect.tsv)
  npipes=$(awk -F'\t' '$1 == "survey.gpkg" && $2 == "water_pipes" { print $4 }' expect.tsv)
  expect_ok "$VINFRA" import survey.gpkg --db "$db" --layer water_tanks --source-layer "$tanks" --lang en
  assert_eq "imported 'survey.gpkg' into water_tanks: $ntanks read, $ntanks written, 0 skipped" "$(cat "$T/out")" "seed $seed: --source-layer $tanks"
  # By name, folded (case, full-width forms), and without --layer.
  expect_ok "$VINFRA" import survey.gpkg --db "$db" --source-layer "ＷＡＴＥＲ_ＰＩＰＥＳ" --lang en
  assert_eq "imported 'survey.gpkg' into water_pipes: $npipes read, $npipes written, 0 skipped" "$(cat "$T/out")" "seed $seed: --source-layer by name"
  assert_eq "$ntanks|$npipes" "$(sql "$db" "select (select count(*) from water_tanks), (select count(*) from water_pipes)")" "seed $seed: one table at a time"
  cd ..
done

# The summary in Chinese: the layers by their Chinese names.
cd gen
db=$(fresh ml-zh)
expect_ok "$VINFRA" import survey.gpkg --db "$db"
assert_eq "$(awk -F'\t' '$1 == "survey.gpkg" { printf "已导入 '\''survey.gpkg:%s'\'' → %s：读取 %d 条，写入 %d 条，跳过 0 条\n", $2, $2 == "water_tanks" ? "蓄水池" : "饮水管道", $4, $4 }' expect.tsv)" \
  "$(cat "$T/out")" "Chinese summary"

# One change: undo takes every layer of it back, and the file can come in again.
db=$(fresh ml-undo)
expect_ok "$VINFRA" import ovi.kml --db "$db"
expect_ok "$VINFRA" undo --db "$db"
assert_eq "0|0|0|1" "$(sql "$db" "select (select count(*) from streetlights), (select count(*) from water_tanks), (select count(*) from clinics), (select count(*) from imports)")" "after undo"
expect_ok "$VINFRA" import ovi.kml --db "$db" --lang en
assert_eq "$(summary ovi.kml)" "$(cat "$T/out")" "import after undo"

# A single-layer source named after no layer asks for --layer; a GPX file's
# waypoints, routes and tracks are named after no layer either.
cat >walk.gpx <<'GPX'
<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>walk</name><trkseg><trkpt lat="34.000" lon="109.260"/><trkpt lat="34.003" lon="109.270"/></trkseg></trk>
</gpx>
GPX
before=$(sha "$db")
expect_fail 2 "vinfra: error: cannot import 'walk.gpx': its layer tracks (Multi Line String, 1 feature) is named after no layer (layers: $LAYERS): say which layer it goes into with --layer NAME" \
  "$VINFRA" import walk.gpx --db "$db"
assert_eq "$before" "$(sha "$db")" "GPX without --layer: database"
expect_ok "$VINFRA" import walk.gpx --db "$db" --layer roads --lang en
assert_eq "imported 'walk.gpx' into roads: 1 read, 1 written, 0 skipped; GPS track 982 m as recorded, 982 m cleaned (0 poor or jumping fixes dropped, 0 stops collapsed)" "$(cat "$T/out")" "GPX with --layer"

# A shapefile, a CSV or a GeoJSON named after a layer goes into it.
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 村道.shp "$FIX/roads.geojson"
db=$(fresh ml-shp)
expect_ok "$VINFRA" import 村道.shp --db "$db" --lang en
assert_eq "imported '村道.shp' into roads: 5 read, 5 written, 0 skipped; field remark is not in layer roads: not imported" "$(cat "$T/out")" "shapefile named 村道"

# A NetworkLink to a URL is remote data, still refused; a style icon is not.
sed 's#</Document>#<NetworkLink><Link><href>http://127.0.0.1:9/more.kml</href></Link></NetworkLink></Document>#' ovi.kml >net.kml
before=$(sha "$db")
expect_fail 1 "vinfra: error: cannot import 'net.kml': it links to remote content (http://127.0.0.1:9/more.kml): vinfra never fetches it; download what it links to and import that file" \
  "$VINFRA" import net.kml --db "$db"
assert_eq "$before" "$(sha "$db")" "NetworkLink: database"

# A file carrying the villages of its features (a 村界 folder, a villages
# table): into a store without them, the other layers' features are placed in
# those villages by position, as if they had been imported first, all in one
# change; with the store's villages too, each feature in its own; a feature in
# none of them refuses the whole file.
for seed in 3 7 9 17; do
  rm -rf gen && mkdir gen && cd gen
  python3 "$TESTS_DIR/import/gen/multilayer.py" . "$seed" || fail "seed $seed: generator"
  # placed FILE: "layer|name|village" of each feature placed.tsv expects.
  placed() { awk -F'\t' -v f="$1" '$1 == f { print $2 "|" $3 "|" $4 }' placed.tsv | sort; }
  landed() { sql "$1" "select 'streetlights', name, village from streetlights union all select 'water_tanks', name, village from water_tanks" 2>/dev/null | sort; }
  count() { awk -F'\t' -v f="$1" -v l="$2" '$1 == f && $2 == l { n++ } END { print n + 0 }' placed.tsv; }
  villages=$(cat new-villages.txt)
  "$VINFRA" init --db "$T/empty-$seed.sqlite" >/dev/null || fail "seed $seed: init"
  for file in villages.kml villages.gpkg; do
    for store in empty base; do
      db="$T/vf-$seed-$store-${file#*.}.sqlite"
      if [ $store = empty ]; then cp "$T/empty-$seed.sqlite" "$db"; else cp "$DB" "$db"; fi
      expect_ok "$VINFRA" import "$file" --db "$db" --lang en
      assert_eq "$(placed "$file")" "$(landed "$db")" "seed $seed: $file into the $store store: where each feature landed"
      # The summary: a line per source layer, in the file's order.
      if [ "$file" = villages.kml ]; then
        expected=$(grep -o '<Folder><name>[^<]*' "$file" | sed 's/.*<name>//' | while read -r f; do
          case $f in 路灯) echo "imported '$file:$f' into streetlights: $(count "$file" streetlights) read, $(count "$file" streetlights) written, 0 skipped" ;;
            蓄水池) echo "imported '$file:$f' into water_tanks: $(count "$file" water_tanks) read, $(count "$file" water_tanks) written, 0 skipped" ;;
            *) echo "imported '$file:$f' into villages: 2 read, 2 written, 0 skipped" ;; esac
        done)
      else
        expected=$(ogrinfo -q -so "$file" | sed -n 's/^[0-9]*: \([a-z]*\) .*/\1/p' | while read -r t; do
          n=$([ "$t" = villages ] && echo 2 || count "$file" streetlights)
          echo "imported '$file:$t' into $t: $n read, $n written, 0 skipped"
        done)
      fi
      assert_eq "$expected" "$(cat "$T/out")" "seed $seed: $file into the $store store: summary"
      [ $store = empty ] && assert_eq "$villages" "$(sql "$db" "select name from villages order by rowid")" "seed $seed: $file: villages"
      # One change: one history row naming every layer, undone as one.
      assert_eq 1 "$(sql "$db" "select count(*) from history where action = 'import' and detail like '$file (%'")" "seed $seed: $file: one change"
    done
  done
  # A light in 上雷村: placed there when the store has it, else the file is refused whole.
  db="$T/vf-$seed-mixed-base.sqlite"
  cp "$DB" "$db"
  expect_ok "$VINFRA" import mixed.kml --db "$db" --lang en
  assert_eq "$(placed mixed.kml)" "$(landed "$db")" "seed $seed: mixed.kml into the base store"
  db="$T/vf-$seed-mixed-empty.sqlite"
  cp "$T/empty-$seed.sqlite" "$db"
  before=$(sha "$db")
  expect_fail 1 "vinfra: error: cannot import 'mixed.kml:路灯': feature $(count mixed.kml streetlights): geometry: expected a position inside a village, got one outside every village (give --village NAME to place it)" \
    "$VINFRA" import mixed.kml --db "$db" --lang en
  assert_eq "$before" "$(sha "$db")" "seed $seed: mixed.kml refused: database"
  cd ..
done
