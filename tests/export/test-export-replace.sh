#!/usr/bin/env bash
# Export replaces only a package it wrote itself, and only the files that
# package lists: an --out folder holding the database, a user's file beside
# an unrelated manifest.json, a note or a backup added to an old package, or
# a changed file makes it refuse, with everything left as it was.  The same
# through vinfra demo, which writes its packages into DIR/export/NAME.
. "$TESTS_DIR/lib.sh"
need sqlite3
set -e
demo_db "$T/demo"
DB=$T/db.sqlite
cp "$T/demo/demo.sqlite" "$DB"
export VINFRA_DB=$DB

# state DIR: the names and SHA-256 of every file in DIR.
state() { (cd "$1" && find . -type f | sort | xargs sha256sum); }
exports() { sqlite3 "$1" "SELECT count(*) FROM history WHERE action = 'export'"; }
not_package() { # DIR WHY
  echo "vinfra: error: --out: '$1' is not an earlier package as vinfra wrote it: $2; export replaces only its own packages (name a new folder, or move what you added elsewhere)"
}
not_package_zh() { # DIR WHY (in Chinese)
  echo "vinfra：错误：--out：'$1' 不是 vinfra 以前写的原样数据包：$2；导出只替换自己写的数据包（请指定一个新文件夹，或把您加入的文件移到别处）"
}
# refused CODE MESSAGE MESSAGE_ZH DIR CMD...: the command fails with MESSAGE
# (in Chinese MESSAGE_ZH) and DIR and the database are as they were.
refused() {
  local code=$1 msg=$2 zh=$3 dir=$4 before db_before n_before
  shift 4
  before=$(state "$dir")
  db_before=$(sha "$DB")
  n_before=$(exports "$DB")
  expect_fail2 "$code" "$msg" "$zh" "$@"
  assert_eq "$before" "$(state "$dir")" "'$dir' after the refusal"
  assert_eq "$db_before" "$(sha "$DB")" "the database after the refusal"
  assert_eq "$n_before" "$(exports "$DB")" "exports recorded after the refusal"
  [ -z "$(ls -A "$(dirname "$dir")" | grep '^\.vinfra-')" ] || fail "a work folder was left beside '$dir'"
}

# The database inside --out, beside an empty manifest.json: it stays.
mkdir "$T/proj"
cp "$T/demo/demo.sqlite" "$T/proj/l.sqlite"
echo '{}' >"$T/proj/manifest.json"
before=$(state "$T/proj")
expect_fail2 2 "vinfra: error: --out: '$T/proj' holds the database '$T/proj/l.sqlite': name a folder of its own for the package" \
  "vinfra：错误：--out：'$T/proj' 中有数据库 '$T/proj/l.sqlite'：请为数据包指定一个单独的文件夹" \
  "$VINFRA" export --profile transport --db "$T/proj/l.sqlite" --out "$T/proj"
assert_eq "$before" "$(state "$T/proj")" "the folder holding the database"
# ... and --out naming the database itself.
expect_fail2 2 "vinfra: error: --out: '$DB' is the database '$DB': name a folder for the package" \
  "vinfra：错误：--out：'$DB' 就是数据库 '$DB'：请为数据包指定一个文件夹" \
  "$VINFRA" export --profile transport --out "$DB"

# A user's document beside a manifest.json vinfra did not write.
mkdir "$T/thesis"
echo 'chapter 1' >"$T/thesis/thesis.docx"
echo '{"title": "my thesis"}' >"$T/thesis/manifest.json"
refused 2 "$(not_package "$T/thesis" "its manifest.json is not one vinfra wrote")" "$(not_package_zh "$T/thesis" "其中的 manifest.json 不是 vinfra 写的")" "$T/thesis" \
  "$VINFRA" export --profile transport --out "$T/thesis"

# An earlier package with a note added to it, or a backup written into it.
P=$T/pkg
expect_ok "$VINFRA" export --profile transport --out "$P"
echo 'sent to the bureau on Monday' >"$P/notes.txt"
refused 2 "$(not_package "$P" "'notes.txt' is not one of the files its manifest.json lists")" "$(not_package_zh "$P" "'notes.txt' 不在其 manifest.json 列出的文件中")" "$P" \
  "$VINFRA" export --profile transport --out "$P"
rm "$P/notes.txt"
expect_ok "$VINFRA" backup --to "$P/backup.sqlite"
refused 2 "$(not_package "$P" "'backup.sqlite' is not one of the files its manifest.json lists")" "$(not_package_zh "$P" "'backup.sqlite' 不在其 manifest.json 列出的文件中")" "$P" \
  "$VINFRA" export --profile transport --out "$P"
rm -f "$P"/backup.sqlite*
# A file of it changed after the export (someone edited the table).
cp "$P/roads.dbf" "$T/roads.dbf"
printf 'x' >>"$P/roads.dbf"
refused 2 "$(not_package "$P" "'roads.dbf' was changed after the export (its SHA-256 is not the one manifest.json lists)")" "$(not_package_zh "$P" "'roads.dbf' 在导出后被修改过（其 SHA-256 与 manifest.json 所列不同）")" "$P" \
  "$VINFRA" export --profile transport --out "$P"
cp "$T/roads.dbf" "$P/roads.dbf"
mkdir "$P/sub"
refused 2 "$(not_package "$P" "'sub' is a folder or a link")" "$(not_package_zh "$P" "'sub' 是文件夹或链接")" "$P" \
  "$VINFRA" export --profile transport --out "$P"
rmdir "$P/sub"

# Unchanged, it is replaced: by a package of other files, only its own go.
expect_ok "$VINFRA" export --profile transport --format gpkg --out "$P"
assert_eq "README.txt manifest.json transport.gpkg" "$(cd "$P" && echo *)" "the package replaced by a GeoPackage"

# A zipped package: NAME.zip beside the NAME.zip.sha256 that matches it.
Z=$T/zipped
expect_ok "$VINFRA" export --profile transport --zip --out "$Z"
cp "$T/demo/demo.sqlite" "$Z/copy.sqlite"
refused 2 "$(not_package "$Z" "'copy.sqlite' is not part of the package 'transport.zip'")" "$(not_package_zh "$Z" "'copy.sqlite' 不属于数据包 'transport.zip'")" "$Z" \
  "$VINFRA" export --profile transport --zip --out "$Z"
rm "$Z/copy.sqlite"
mkdir "$T/fake"
echo 'not a zip' >"$T/fake/transport.zip"
(cd "$T/fake" && sha256sum transport.zip >transport.zip.sha256)
refused 2 "$(not_package "$T/fake" "'transport.zip' holds no manifest.json that vinfra wrote")" "$(not_package_zh "$T/fake" "'transport.zip' 中没有 vinfra 写的 manifest.json")" "$T/fake" \
  "$VINFRA" export --profile transport --zip --out "$T/fake"
expect_ok "$VINFRA" export --profile transport --zip --out "$Z"
assert_eq "transport.zip transport.zip.sha256" "$(cd "$Z" && echo *)" "the zipped package replaced"

# vinfra demo replaces its packages on every run, and nothing else.
echo 'my notes' >"$T/demo2-notes.txt"
expect_ok "$VINFRA" demo --out "$T/demo2" --no-maps
expect_ok "$VINFRA" demo --out "$T/demo2" --no-maps
cp "$T/demo2-notes.txt" "$T/demo2/export/transport/notes.txt"
expect_fail2 1 "$(not_package "$T/demo2/export/transport" "'notes.txt' is not one of the files its manifest.json lists")" \
  "$(not_package_zh "$T/demo2/export/transport" "'notes.txt' 不在其 manifest.json 列出的文件中")" \
  "$VINFRA" demo --out "$T/demo2" --no-maps
assert_eq "my notes" "$(cat "$T/demo2/export/transport/notes.txt")" "the note in the demo's package"
# ... and DIR/demo.sqlite only when it is a vinfra database, its .partial
# only when it is a database a killed demo left.
mkdir "$T/demo3"
echo 'my notes' >"$T/demo3/demo.sqlite"
expect_fail 1 "vinfra: error: '$T/demo3/demo.sqlite' is not a vinfra database (not an SQLite file: file is not a database): the demo replaces only a database of its own (name another --out folder)" \
  "$VINFRA" demo --out "$T/demo3" --no-maps --no-exports
assert_eq "demo.sqlite" "$(ls -A "$T/demo3")" "the demo folder after the refusal"
assert_eq "my notes" "$(cat "$T/demo3/demo.sqlite")" "a demo.sqlite the demo did not write"
mv "$T/demo3/demo.sqlite" "$T/demo3/demo.sqlite.partial"
expect_fail2 1 "vinfra: error: '$T/demo3/demo.sqlite.partial' is not a database an earlier demo left: the demo replaces only a database of its own (name another --out folder)" \
  "vinfra：错误：'$T/demo3/demo.sqlite.partial' 不是之前的演示留下的数据库：演示只替换它自己建的数据库（请用 --out 指定另一个文件夹）" \
  "$VINFRA" demo --out "$T/demo3" --no-maps --no-exports
assert_eq "my notes" "$(cat "$T/demo3/demo.sqlite.partial")" "a demo.sqlite.partial the demo did not write"
: >"$T/demo3/demo.sqlite.partial" # what a demo killed at once leaves
expect_ok "$VINFRA" demo --out "$T/demo3" --no-maps --no-exports
[ ! -e "$T/demo3/demo.sqlite.partial" ] || fail "the empty demo.sqlite.partial a killed demo left was kept"
echo ok
