# tests/lib.sh - helpers for CLI tests.  Source it first thing:
#   . "$TESTS_DIR/lib.sh"
# Gives: $VINFRA (the binary), $T (a fresh temporary directory, removed on
# exit), and the assertions below.  An assertion failure prints what was
# expected and what happened, and exits 1.
set -u
: "${VINFRA:?run through meson test}"
T=$(mktemp -d "${TMPDIR:-/tmp}/vinfra-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export VINFRA_DB="$T/default.sqlite"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }

# run CMD...: runs it, keeping stdout in $T/out, stderr in $T/err, exit code in $RC.
run() {
  set +e
  "$@" >"$T/out" 2>"$T/err"
  RC=$?
  set -e
  return 0
}

# expect_ok CMD...: must exit 0.
expect_ok() {
  run "$@"
  [ "$RC" -eq 0 ] || { cat "$T/err" >&2; fail "expected success from: $*  (exit $RC)"; }
}

# expect_fail CODE 'exact stderr line' CMD...: must exit CODE and print that
# line in English (VINFRA_LANG=en).  Then, unless CMD chooses a language
# itself or EXPECT_FAIL_ONCE is set (a command that must run only once), it
# runs again in the default language: the same exit code, an error line,
# and no English sentence (tests/no-english.py).
expect_fail() {
  local code=$1 msg=$2; shift 2
  VINFRA_LANG=en run "$@"
  [ "$RC" -eq "$code" ] || { cat "$T/err" >&2; fail "expected exit $code from: $*  (got $RC)"; }
  grep -qxF -- "$msg" "$T/err" || { echo "--- stderr:" >&2; cat "$T/err" >&2; fail "expected stderr line: $msg"; }
  case " $* " in *" --lang "*|*" --lang="*) return 0 ;; esac
  [ -z "${EXPECT_FAIL_ONCE:-}" ] || return 0
  cp "$T/err" "$T/err.en"
  expect_fail_zh "$code" "$@"
  cp "$T/err.en" "$T/err"
}

# expect_fail2 CODE 'English line' 'Chinese line' CMD...: as expect_fail, and
# the default language's run must print the Chinese line exactly.
expect_fail2() {
  local code=$1 en=$2 zh=$3; shift 3
  EXPECT_FAIL_ONCE=1 expect_fail "$code" "$en" "$@"
  expect_fail_zh "$code" "$@"
  grep -qxF -- "$zh" "$T/err" || { echo "--- stderr:" >&2; cat "$T/err" >&2; fail "expected Chinese stderr line: $zh"; }
}

# expect_fail_zh CODE CMD...: in the default language CMD must exit CODE and
# print an error in Chinese, without an English sentence.
expect_fail_zh() {
  local code=$1; shift
  VINFRA_LANG= run "$@"
  [ "$RC" -eq "$code" ] || { cat "$T/err" >&2; fail "expected exit $code in Chinese from: $*  (got $RC)"; }
  grep -q "^vinfra：错误：" "$T/err" || { cat "$T/err" >&2; fail "expected a Chinese error line from: $*"; }
  python3 "$TESTS_DIR/no-english.py" "$T/err" || fail "English in the Chinese error of: $*"
}

# assert_eq EXPECTED ACTUAL WHAT
assert_eq() { [ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"; }

# assert_contains FILE TEXT
assert_contains() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "expected '$2' in $1"; }; }

# sha FILE: content hash, for "the database is byte-identical" checks.
sha() { sha256sum "$1" | cut -d' ' -f1; }

# need TOOL: skip the test when an optional reference tool is missing.
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 not installed"; }

# demo_db DIR: DIR/demo.sqlite, a fresh demo database, as `vinfra demo --out DIR
# --no-maps --no-exports` builds it: a copy of the one meson builds once per test
# run ($VINFRA_DEMO_DB, tests/meson.build's demo_fixture), or built here when
# there is none (a test run by hand).
demo_db() {
  mkdir -p "$1"
  if [ -f "${VINFRA_DEMO_DB:-}" ]; then
    cp "$VINFRA_DEMO_DB" "$1/demo.sqlite"
  else
    "$VINFRA" demo --out "$1" --no-maps --no-exports --quiet >/dev/null 2>"$T/demo.err" ||
      { cat "$T/demo.err" >&2; fail "vinfra demo --out $1"; }
  fi
}

# demo_load DB: the demo's files imported into a new database DB, in the
# demo's order (data/demo/manifest.tsv), as a user imports them: for a
# store demo_db cannot copy (a server database).
demo_load() {
  local d="$VINFRA_DATADIR/demo" file layer vf
  expect_ok "$VINFRA" init --db "$1"
  while IFS=$'\t' read -r file layer vf; do
    case $file in ''|'#'*|file) continue ;; esac
    if [ "$layer" = ledger ]; then
      expect_ok "$VINFRA" import --db "$1" --ledger "$d/$file" -q
    else
      expect_ok "$VINFRA" import --db "$1" "$d/$file" --layer "$layer" ${vf:+--village-field "$vf"} -q
    fi
  done <"$d/manifest.tsv"
}

# expect_busy DB COMMAND ARGS...: vinfra COMMAND gives up on the write lock
# another program holds on DB after a busy timeout of 200 ms, saying so in
# both languages.
expect_busy() {
  local db=$1 cmd=$2
  shift 2
  VINFRA_BUSY_TIMEOUT_MS=200 expect_fail2 1 "vinfra: error: $cmd: database '$db' is busy: another program is writing to it (waited 200 ms; try again later, or set VINFRA_BUSY_TIMEOUT_MS to wait longer)" \
    "vinfra：错误：$cmd：数据库 '$db' 正忙：另一个程序正在写入（已等待 200 毫秒；请稍后再试，或设置 VINFRA_BUSY_TIMEOUT_MS 等待更久）" \
    "$VINFRA" "$cmd" "$@"
}

# sql DB QUERY: run a SpatiaLite query on a database (needs the sqlite3 CLI).
sql() { sqlite3 -cmd ".load mod_spatialite" "$1" "$2"; }

# seeded_points OUT N PREFIX SEED MINX MAXX MINY MAXY: a GeoJSON of N built
# points (ids PREFIX0000...) spread over the box from a seeded generator.
seeded_points() {
  python3 - "$@" <<'PY'
import json, random, sys
out, n, prefix, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
x0, x1, y0, y1 = map(float, sys.argv[5:9])
r = random.Random(seed)
feats = [{"type": "Feature", "properties": {"id": "%s%04d" % (prefix, i), "status": "built"},
          "geometry": {"type": "Point", "coordinates": [round(r.uniform(x0, x1), 7),
                                                        round(r.uniform(y0, y1), 7)]}}
         for i in range(n)]
json.dump({"type": "FeatureCollection", "features": feats}, open(out, "w"))
PY
}
