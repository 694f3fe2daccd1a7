#!/usr/bin/env bash
# Twelve work teams at once: a copy of each of the 11 villages and a second
# copy of 上雷村, each editing its own features offline, all pushed at the
# same moment.  No update is lost: every push is one change of the
# server's history, every team's edits are on the server, the counts add
# up; and two teams that changed the same field to different values get
# one push through and a conflict, never a silent overwrite.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/pgserver.sh"
pg_start
PG=$(pg_db lantian)
D="$VINFRA_DATADIR/demo"
expect_ok "$VINFRA" init --db "$PG"
expect_ok "$VINFRA" import --db "$PG" "$D/villages.geojson" --layer villages -q
expect_ok "$VINFRA" import --db "$PG" --ledger "$D/ledger.csv" -q
for l in roads streetlights; do
  expect_ok "$VINFRA" import --db "$PG" "$D/$l.geojson" --layer $l --village-field village -q
done
villages=(上雷村 双龙村 大坪村 七安子村 甘坪村 阿氏村 白岩沟村 小沟口村 东岔村 石门村 马家坪村)
teams=()
for v in "${villages[@]}"; do teams+=("$v"); done
teams+=(上雷村2)
edits=0
for t in "${teams[@]}"; do
  v=${t%2}
  expect_ok "$VINFRA" checkout --db "$PG" --village "$v" --out "$T/$t.sqlite" -q
  if [ "$t" = 上雷村2 ]; then
    # The second team of 上雷村 edits its streetlights, not its roads.
    for id in $(sqlite3 "$T/$t.sqlite" "SELECT id FROM streetlights ORDER BY id LIMIT 5"); do
      expect_ok "$VINFRA" edit --db "$T/$t.sqlite" streetlights "$id" --set name="$t-灯" -q
      edits=$((edits + 1))
    done
  else
    for id in $(sqlite3 "$T/$t.sqlite" "SELECT id FROM roads WHERE id <> 'R-上雷-003' ORDER BY id"); do
      expect_ok "$VINFRA" edit --db "$T/$t.sqlite" roads "$id" --set name="$t-路" -q
      edits=$((edits + 1))
    done
  fi
done
# Both teams of 上雷村 also change one road's name, differently.
expect_ok "$VINFRA" edit --db "$T/上雷村.sqlite" roads R-上雷-003 --set name=甲队 -q
expect_ok "$VINFRA" edit --db "$T/上雷村2.sqlite" roads R-上雷-003 --set name=乙队 -q

# All twelve push at once.
pids=()
for t in "${teams[@]}"; do
  "$VINFRA" push --db "$T/$t.sqlite" --lang en >"$T/$t.out" 2>"$T/$t.err" &
  pids+=($!)
done
refused=0 pushed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then pushed=$((pushed + 1)); else refused=$((refused + 1)); refused_team=${teams[$i]}; fi
done
assert_eq "11 1" "$pushed $refused" "pushes through and refused"
case $refused_team in 上雷村|上雷村2) ;; *) fail "the refused push is $refused_team's" ;; esac
assert_contains "$T/$refused_team.err" "1 conflict with the server is open"
assert_eq 11 "$(pg_sql lantian "SELECT count(*) FROM history WHERE action = 'push'")" "pushes in the history"
# Every edit of the pushes through is there; the refused team's are not yet.
winner=$([ "$refused_team" = 上雷村 ] && echo 乙队 || echo 甲队)
assert_eq "$winner" "$(pg_sql lantian "SELECT name FROM roads WHERE id = 'R-上雷-003'")" "the road both changed"
mine=$(sqlite3 "$T/$refused_team.sqlite" "SELECT count(*) FROM roads WHERE name LIKE '%-路'")
lights=$(sqlite3 "$T/$refused_team.sqlite" "SELECT count(*) FROM streetlights WHERE name LIKE '%-灯'")
on_server=$(pg_sql lantian "SELECT (SELECT count(*) FROM roads WHERE name LIKE '%-路') + (SELECT count(*) FROM streetlights WHERE name LIKE '%-灯')")
assert_eq $((edits - mine - lights)) "$on_server" "edits on the server"
changed=$(pg_sql lantian "SELECT sum(changed) FROM history WHERE action = 'push'")
assert_eq $((edits - mine - lights + 1)) "$changed" "features changed by the pushes, as the history counts them"
# The refused team settles its conflict and pushes: nothing is lost.
expect_ok "$VINFRA" resolve --db "$T/$refused_team.sqlite" R-上雷-003 --theirs
expect_ok "$VINFRA" push --db "$T/$refused_team.sqlite"
on_server=$(pg_sql lantian "SELECT (SELECT count(*) FROM roads WHERE name LIKE '%-路') + (SELECT count(*) FROM streetlights WHERE name LIKE '%-灯')")
assert_eq "$edits" "$on_server" "every team's edits on the server"
assert_eq "$winner" "$(pg_sql lantian "SELECT name FROM roads WHERE id = 'R-上雷-003'")" "the road both changed, settled"
expect_ok "$VINFRA" check --db "$PG"
