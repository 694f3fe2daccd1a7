#!/bin/bash
# tools/snapshot.sh BUILD_DIR OUT_DIR - the outputs of the demo and a sample
# of reports, written one file per command, so that two builds can be
# compared byte for byte (diff -r) before and after a change that must not
# change behaviour.  Times, paths and hashes that differ from run to run are
# masked; everything else is kept as printed.
set -u
build=$(cd "$1" && pwd); out=$2
rm -rf "$out"; mkdir -p "$out"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
vg="$build/src/vinfra-gdal"; v="$build/src/vinfra"
mask() { sed -E -e "s#$work#WORK#g" \
    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?Z?/TIME/g' \
    -e 's/[0-9a-f]{64}/HASH/g' -e 's/(took|in) [0-9.]+ ?(s|ms)/\1 T/g'; }
run() { local name=$1; shift; { "$@"; echo "exit $?"; } 2>&1 | mask >"$out/$name"; }
cd "$work"
run demo-json "$vg" demo --out d --format json --no-maps
run demo-table "$vg" demo --out d2 --lang en --no-exports --no-maps
db=(--db "$work/d/demo.sqlite")
for f in table csv json md; do run stats-$f "$v" stats "${db[@]}" --format $f; done
run stats-en "$v" stats "${db[@]}" --lang en
run services "$v" coverage "${db[@]}" --list-services
for f in table csv json md; do run coverage-$f "$v" coverage "${db[@]}" --format $f; done
run coverage-en "$v" coverage "${db[@]}" --lang en
run coverage-road "$v" coverage "${db[@]}" --by road --format json
run coverage-village "$v" coverage "${db[@]}" --village 上雷村 --service clinic --threshold 1500
for s in clinic water signal streetlight road lights; do
  run gaps-$s "$v" gaps "${db[@]}" --service $s
done
run gaps-geojson "$v" gaps "${db[@]}" --service clinic --format geojson --households
run gaps-road "$v" gaps "${db[@]}" --service clinic --by road --lang en
for f in table json md; do run plan-$f "$v" plan "${db[@]}" --service clinic --add 3 --format $f; done
run plan-lights-en "$v" plan "${db[@]}" --service streetlight --add 2 --lang en
run layers "$v" layers
run layers-en "$v" layers --lang en
run check "$v" check "${db[@]}"
run history "$v" history "${db[@]}" --format csv
for p in transport water health telecom; do
  run export-$p "$vg" export "${db[@]}" --profile $p --out "$work/x-$p"
  (cd "$work/x-$p" && find . -type f | sort | while read -r f; do
     case $f in *.json|*.txt|*.csv|*.kml|*.geojson) echo "== $f"; mask <"$f";;
     *.dbf) echo "== $f"; ogrinfo -ro -al -q "$f" 2>&1 | mask;;
     *) echo "== $f $(stat -c %s "$f")";; esac; done) >"$out/export-$p-files"
done
run render-svg "$vg" render "${db[@]}" --map coverage --service water -o "$work/c.svg"
run render-png "$vg" render "${db[@]}" --map village --village 上雷村 -o "$work/v.png"
cp "$work/c.svg" "$out/c.svg"; cmp -s "$work/v.png" /dev/null; md5sum <"$work/v.png" >"$out/v.png.md5"
run plan-save "$v" plan "${db[@]}" --service clinic --add 2 --save
run coverage-after "$v" coverage "${db[@]}" --after-plan --format csv
run undo "$v" undo "${db[@]}"
run history-after "$v" history "${db[@]}" --lang en
run plan-bad "$v" plan "${db[@]}" --service lights --add 2
