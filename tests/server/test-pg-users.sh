#!/usr/bin/env bash
# Permissions by team on a server database (vinfra users, pg-roles.c): the
# demo loaded by the role that created the database, then an office, a
# work team for 上雷村, one for 甘坪村 and a bureau added; as each role,
# every cross-village write (import, edit, delete, plan --save) and every
# write of the bureau is refused with vinfra's message naming the role and
# its village, the office writes everywhere, every read of a personal
# field but the office's is refused (export --include-personal, a direct
# SELECT), and stats and coverage give every role the same figures.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/pgserver.sh"
pg_start
PG=$(pg_db lantian)
demo_load "$PG"
OFFICE="$PG&user=office" TEAM="$PG&user=team_sl" OTHER="$PG&user=team_gp" BUREAU="$PG&user=bureau"

# psql_as ROLE SQL: SQL as ROLE (stdout in $T/out, stderr in $T/err, $RC).
psql_as() { run psql -X -q -At -h "$PG_DIR" -U "$1" -d lantian -c "$2"; }

# No users on a file.
expect_ok "$VINFRA" init --db "$T/file.sqlite"
expect_fail2 2 "vinfra: error: users add: '$T/file.sqlite' is a SpatiaLite file: users and permissions need a server database (--db postgresql://HOST/DBNAME); whoever may open a file may read and write all of it" \
  "vinfra：错误：users add：'$T/file.sqlite' 是 SpatiaLite 文件：用户和权限需要服务器数据库（--db postgresql://主机/数据库名）；能打开文件的人就能读写其全部内容" \
  "$VINFRA" users add team_sl --role team --village 上雷村 --db "$T/file.sqlite"
expect_fail 2 "vinfra: error: users list: '$T/file.sqlite' is a SpatiaLite file: users and permissions need a server database (--db postgresql://HOST/DBNAME); whoever may open a file may read and write all of it" \
  "$VINFRA" users list --db "$T/file.sqlite"

# Usage errors.
expect_fail2 2 "vinfra: error: users add: a team needs --village, the village it works in" \
  "vinfra：错误：users add：工作队需要 --village，即其所在的村" \
  "$VINFRA" users add team_sl --role team --db "$PG"
expect_fail2 2 "vinfra: error: users add: 'Team-1' is no role name: expected lowercase ASCII letters, digits and _, starting with a letter, at most 63 bytes, not starting with pg_" \
  "vinfra：错误：users add：'Team-1' 不是角色名：应为小写 ASCII 字母、数字和 _，以字母开头，最长 63 字节，且不以 pg_ 开头" \
  "$VINFRA" users add Team-1 --role team --village 上雷村 --db "$PG"
expect_fail 2 "vinfra: error: users add: --role: expected office, team or bureau, got 'chief'" \
  "$VINFRA" users add chief --role chief --db "$PG"
expect_fail 2 "vinfra: error: users add: --village: no village \"下雷村\" in '$PG'" \
  "$VINFRA" users add team_xl --role team --village 下雷村 --db "$PG"

# The users, added by the role that created the database (its first office user).
expect_ok "$VINFRA" users add office --role office --db "$PG" --lang en
assert_contains "$T/out" "added user office to '$PG' as the office (change 21)"
assert_contains "$T/out" "created the login role office without a password"
expect_ok "$VINFRA" users add team_sl --role team --village 上雷村 --db "$PG"
assert_contains "$T/out" "已将用户 team_sl 添加到 '$PG'，身份为上雷村工作队（变更 22）"
expect_ok "$VINFRA" users add team_gp --role team --village 甘坪村 --db "$PG"
expect_ok "$VINFRA" users add bureau --role bureau --db "$PG"
expect_fail 2 "vinfra: error: users add: role \"team_sl\" is already a user of '$PG': 'vinfra users remove team_sl' first to give it another role" \
  "$VINFRA" users add team_sl --role bureau --db "$PG"
pg_sql lantian "CREATE ROLE boss LOGIN SUPERUSER"
expect_fail 2 "vinfra: error: users add: role \"boss\" is a superuser or bypasses row-level security: the policies of '$PG' would not bind it; give the team a role of its own" \
  "$VINFRA" users add boss --role team --village 上雷村 --db "$PG"
expect_ok "$VINFRA" users list --db "$TEAM" --format csv
cut -d, -f1-3,5,6 "$T/out" >"$T/users.csv"
assert_eq "name,role,village,added_by,can_login
office,office,,vinfra_admin,yes
vinfra_admin,office,,vinfra_admin,yes
team_sl,team,上雷村,vinfra_admin,yes
team_gp,team,甘坪村,vinfra_admin,yes
bureau,bureau,,vinfra_admin,yes" "$(cat "$T/users.csv")" "users list"
# Only the role that created the database hands out roles.
expect_fail 1 "vinfra: error: users add: cannot create the login role in '$OFFICE': refused to role \"office\" (the office): this is for the role that created the database, or a superuser (PostgreSQL: permission denied to create role)" \
  "$VINFRA" users add team_x --role bureau --db "$OFFICE"

# Every role reads every village's public layers: the same figures for all.
expect_ok "$VINFRA" stats --db "$PG" --format csv
cp "$T/out" "$T/stats.csv"
expect_ok "$VINFRA" coverage --db "$PG" --service clinic --format json
cp "$T/out" "$T/coverage.json"
for db in "$OFFICE" "$TEAM" "$OTHER" "$BUREAU"; do
  expect_ok "$VINFRA" stats --db "$db" --format csv
  cmp -s "$T/out" "$T/stats.csv" || fail "stats as ${db##*user=}: other figures than the creator's"
  expect_ok "$VINFRA" coverage --db "$db" --service clinic --format json
  cmp -s "$T/out" "$T/coverage.json" || fail "coverage as ${db##*user=}: other figures than the creator's"
done

# A point inside 甘坪村 and one inside 上雷村, for imports.
point() {
  printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"%s","name":"路灯","status":"built","year":2024,"power_source":"grid","watts":100},"geometry":{"type":"Point","coordinates":[%s]}}]}\n' "$2" "$3" >"$T/$1.geojson"
}
point gp LD-NEW-GP "109.4539,34.0526"
point sl LD-NEW-SL "109.2640,34.0675"

# The 上雷村 team writes 上雷村 only.
rls="new row violates row-level security policy for table"
team_en='role "team_sl" (work team of 上雷村)'
team_zh='角色 "team_sl"（上雷村工作队）'
refused_en="refused to $team_en: a team writes only its own village's features and reads no personal fields"
refused_zh="已拒绝$team_zh：工作队只能写本村的要素，且不能读取个人信息字段"
expect_fail2 1 "vinfra: error: cannot import '$T/gp.geojson': feature 1 (id \"LD-NEW-GP\"): cannot insert feature \"LD-NEW-GP\" into layer \"streetlights\" in '$TEAM': $refused_en (PostgreSQL: $rls \"streetlights\")" \
  "vinfra：错误：无法导入 '$T/gp.geojson'：要素 1（编号 \"LD-NEW-GP\"）：无法把要素 \"LD-NEW-GP\" 插入图层 \"streetlights\"（'$TEAM'）：$refused_zh（PostgreSQL：$rls \"streetlights\"）" \
  "$VINFRA" import "$T/gp.geojson" --layer streetlights --village 甘坪村 --db "$TEAM"
expect_fail2 1 "vinfra: error: edit: $team_en may not change roads feature \"R-甘坪-001\" of 甘坪村 in '$TEAM': a team writes only its own village's features" \
  "vinfra：错误：edit：${team_zh}不能修改 '$TEAM' 中甘坪村的 roads 要素 \"R-甘坪-001\"：工作队只能写本村的要素" \
  "$VINFRA" edit roads R-甘坪-001 --set name=村道 --db "$TEAM"
expect_fail2 1 "vinfra: error: delete: $team_en may not delete roads feature \"R-甘坪-002\" of 甘坪村 in '$TEAM': a team writes only its own village's features" \
  "vinfra：错误：delete：${team_zh}不能删除 '$TEAM' 中甘坪村的 roads 要素 \"R-甘坪-002\"：工作队只能写本村的要素" \
  "$VINFRA" delete roads R-甘坪-002 --db "$TEAM"
expect_fail2 1 "vinfra: error: cannot insert feature \"PLAN-clinic-1\" into layer \"clinics\" in '$TEAM': $refused_en (PostgreSQL: $rls \"clinics\")" \
  "vinfra：错误：无法把要素 \"PLAN-clinic-1\" 插入图层 \"clinics\"（'$TEAM'）：$refused_zh（PostgreSQL：$rls \"clinics\"）" \
  "$VINFRA" plan --service clinic --add 1 --village 甘坪村 --save --db "$TEAM"
# ... nor moves its own features into another village.
expect_fail2 1 "vinfra: error: edit: cannot change feature \"R-上雷-001\" of layer \"roads\" in '$TEAM': $refused_en (PostgreSQL: $rls \"roads\")" \
  "vinfra：错误：edit：无法修改图层 \"roads\" 的要素 \"R-上雷-001\"（'$TEAM'）：$refused_zh（PostgreSQL：$rls \"roads\"）" \
  "$VINFRA" edit roads R-上雷-001 --set village=甘坪村 --db "$TEAM"
# Its own village it writes, and its changes go into the history.
before=$(pg_sql lantian "SELECT max(id) FROM history")
expect_ok "$VINFRA" import "$T/sl.geojson" --layer streetlights --village 上雷村 --db "$TEAM"
expect_ok "$VINFRA" edit roads R-上雷-001 --set name=村道一号 --set year=2020 --db "$TEAM"
expect_ok "$VINFRA" delete streetlights LD-上雷-0001 --db "$TEAM"
expect_ok "$VINFRA" plan --service clinic --add 1 --village 上雷村 --save --db "$TEAM"
assert_eq "4" "$(pg_sql lantian "SELECT count(*) FROM history WHERE id > $before AND action IN ('import', 'edit', 'delete', 'plan')")" "the team's changes in the history"
# The 甘坪村 team, likewise, may not write 上雷村.
expect_fail2 1 "vinfra: error: edit: role \"team_gp\" (work team of 甘坪村) may not change roads feature \"R-上雷-002\" of 上雷村 in '$OTHER': a team writes only its own village's features" \
  "vinfra：错误：edit：角色 \"team_gp\"（甘坪村工作队）不能修改 '$OTHER' 中上雷村的 roads 要素 \"R-上雷-002\"：工作队只能写本村的要素" \
  "$VINFRA" edit roads R-上雷-002 --set name=村道 --db "$OTHER"
point sl2 LD-NEW-SL2 "109.2640,34.0675"
expect_fail 1 "vinfra: error: cannot import '$T/sl2.geojson': feature 1 (id \"LD-NEW-SL2\"): cannot insert feature \"LD-NEW-SL2\" into layer \"streetlights\" in '$OTHER': refused to role \"team_gp\" (work team of 甘坪村): a team writes only its own village's features and reads no personal fields (PostgreSQL: $rls \"streetlights\")" \
  "$VINFRA" import "$T/sl2.geojson" --layer streetlights --village 上雷村 --db "$OTHER"
expect_ok "$VINFRA" import "$T/gp.geojson" --layer streetlights --village 甘坪村 --db "$OTHER"

# The bureau only reads.
bureau_en='refused to role "bureau" (a bureau): a bureau only reads, and reads no personal fields'
bureau_zh='已拒绝角色 "bureau"（部门）：部门只能读取，且不能读取个人信息字段'
expect_fail2 1 "vinfra: error: edit: cannot change feature \"R-上雷-002\" of layer \"roads\" in '$BUREAU': $bureau_en (PostgreSQL: permission denied for table roads)" \
  "vinfra：错误：edit：无法修改图层 \"roads\" 的要素 \"R-上雷-002\"（'$BUREAU'）：$bureau_zh（PostgreSQL：permission denied for table roads）" \
  "$VINFRA" edit roads R-上雷-002 --set name=村道 --db "$BUREAU"
expect_fail 1 "vinfra: error: delete: cannot delete feature \"R-上雷-002\" of layer \"roads\" in '$BUREAU': $bureau_en (PostgreSQL: permission denied for table roads)" \
  "$VINFRA" delete roads R-上雷-002 --db "$BUREAU"
expect_fail 1 "vinfra: error: cannot import '$T/sl2.geojson': cannot read the database in '$BUREAU': $bureau_en (PostgreSQL: permission denied for table imports)" \
  "$VINFRA" import "$T/sl2.geojson" --layer streetlights --village 上雷村 --db "$BUREAU"
expect_fail 1 "vinfra: error: cannot insert feature \"PLAN-clinic-2\" into layer \"clinics\" in '$BUREAU': $bureau_en (PostgreSQL: permission denied for table clinics)" \
  "$VINFRA" plan --service clinic --add 1 --village 上雷村 --save --db "$BUREAU"
# ... and takes its packages, recorded in the history.
expect_ok "$VINFRA" export --db "$BUREAU" --profile transport --format csv --out "$T/bureau-transport"
assert_eq "export" "$(pg_sql lantian "SELECT action FROM history ORDER BY id DESC LIMIT 1")" "the bureau's export in the history"

# Undo puts back old rows, personal fields included: the office's.
for db in "$TEAM" "$BUREAU"; do
  role=${db##*user=}
  case $role in team_sl) who_en=$team_en ;; *) who_en='role "bureau" (a bureau)' ;; esac
  expect_fail 1 "vinfra: error: undo: $who_en may not undo changes in '$db': only the office undoes, as only the office reads the old rows of the change log and changes the history" \
    "$VINFRA" undo --db "$db"
done

# The office writes everywhere, and undoes.
expect_ok "$VINFRA" edit roads R-甘坪-001 --set name=村道 --db "$OFFICE"
expect_ok "$VINFRA" delete roads R-甘坪-002 --db "$OFFICE"
expect_ok "$VINFRA" import "$T/sl2.geojson" --layer streetlights --village 上雷村 --db "$OFFICE"
expect_ok "$VINFRA" undo --db "$OFFICE"
expect_ok "$VINFRA" undo --db "$OFFICE"
expect_ok "$VINFRA" export --db "$OFFICE" --profile all --format csv --include-personal --out "$T/office-all"
grep -q 19900000 "$T/office-all/households.csv" || fail "the office's export has no phone numbers"

# Personal fields: the office's only.
personal_en='may not read the personal fields of layer "households" (head_name, id_number, phone)'
expect_fail2 1 "vinfra: error: --include-personal: $team_en $personal_en in '$TEAM': only the office reads them" \
  "vinfra：错误：--include-personal：${team_zh}不能读取 '$TEAM' 中图层 \"households\" 的个人信息字段（head_name, id_number, phone）：只有办公室可以读取" \
  "$VINFRA" export --db "$TEAM" --profile all --format csv --include-personal --out "$T/team-all"
expect_fail 1 "vinfra: error: --include-personal: role \"bureau\" (a bureau) $personal_en in '$BUREAU': only the office reads them" \
  "$VINFRA" export --db "$BUREAU" --profile all --format csv --include-personal --out "$T/bureau-all"
expect_fail 1 "vinfra: error: --include-personal: role \"team_gp\" (work team of 甘坪村) $personal_en in '$OTHER': only the office reads them" \
  "$VINFRA" export --db "$OTHER" --profile all --format csv --include-personal --out "$T/other-all"
[ ! -e "$T/team-all" ] || fail "a refused export left a package"
for q in "team_sl|SELECT phone FROM households" "team_gp|SELECT id_number FROM households" \
  "bureau|SELECT head_name FROM households" "team_sl|SELECT old FROM change_log" \
  "bureau|SELECT * FROM households"; do
  psql_as "${q%%|*}" "${q#*|}"
  [ "$RC" -ne 0 ] || fail "${q%%|*} may run: ${q#*|}"
  assert_contains "$T/err" "permission denied for table"
done
psql_as office "SELECT count(phone) FROM households"
[ "$RC" -eq 0 ] && [ "$(cat "$T/out")" -gt 0 ] || fail "the office reads no phone numbers"
# Without --include-personal every role exports.
expect_ok "$VINFRA" export --db "$TEAM" --profile all --format csv --out "$T/team-all"

# Offline copies: a team's checkout carries no personal fields, the
# office's does; what a copy pushes the server holds to the pusher's role.
expect_ok "$VINFRA" checkout --db "$TEAM" --village 上雷村 --out "$T/team.sqlite"
assert_eq "0" "$(sql "$T/team.sqlite" "SELECT count(phone) + count(head_name) + count(id_number) FROM households")" "personal fields in the team's copy"
expect_ok "$VINFRA" checkout --db "$OFFICE" --village 上雷村 --out "$T/office.sqlite"
[ "$(sql "$T/office.sqlite" "SELECT count(phone) FROM households")" -gt 0 ] || fail "no personal fields in the office's copy"
expect_ok "$VINFRA" checkout --db "$BUREAU" --village 上雷村 --out "$T/bureau.sqlite"
expect_ok "$VINFRA" edit --db "$T/team.sqlite" roads R-上雷-003 --set name=乙
expect_ok "$VINFRA" push --db "$T/team.sqlite"
assert_eq "乙" "$(pg_sql lantian "SELECT name FROM roads WHERE id = 'R-上雷-003'")" "the team's push on the server"
# A conflict names who changed the server's side (read as the owner).
expect_ok "$VINFRA" edit --db "$T/team.sqlite" roads R-上雷-003 --set name=丙
expect_ok "$VINFRA" edit --db "$OFFICE" roads R-上雷-003 --set name=丁
expect_fail 1 "vinfra: error: push: cannot push '$T/team.sqlite': 1 conflict with the server is open (see 'vinfra conflicts', settle it with 'vinfra resolve')" \
  "$VINFRA" push --db "$T/team.sqlite"
expect_ok "$VINFRA" resolve --db "$T/team.sqlite" R-上雷-003 --theirs
expect_ok "$VINFRA" edit --db "$T/team.sqlite" roads R-上雷-004 --set village=甘坪村
expect_fail2 1 "vinfra: error: push: roads feature \"R-上雷-004\": cannot change feature \"R-上雷-004\" of layer \"roads\" in '$TEAM': $refused_en (PostgreSQL: $rls \"roads\")" \
  "vinfra：错误：push：roads 要素 \"R-上雷-004\"：无法修改图层 \"roads\" 的要素 \"R-上雷-004\"（'$TEAM'）：$refused_zh（PostgreSQL：$rls \"roads\"）" \
  "$VINFRA" push --db "$T/team.sqlite"
expect_ok "$VINFRA" edit --db "$T/bureau.sqlite" roads R-上雷-005 --set name=戊
expect_fail 1 "vinfra: error: push: roads feature \"R-上雷-005\": cannot change feature \"R-上雷-005\" of layer \"roads\" in '$BUREAU': $bureau_en (PostgreSQL: permission denied for table roads)" \
  "$VINFRA" push --db "$T/bureau.sqlite"

# History: nobody but the office changes it; the change log only its trigger writes.
for q in "team_sl|UPDATE history SET detail = 'x' WHERE id = 2" \
  "bureau|DELETE FROM history WHERE id = 2" \
  "team_sl|INSERT INTO change_log (change_id, seq, tbl, row, op) VALUES (2, 0, 'roads', '1', 'update')" \
  "bureau|INSERT INTO history (id, at, \"user\", host, command_line, action, version, checksum_after) VALUES (999, 'x', 'x', 'x', 'x', 'import', 'x', 'x')"; do
  psql_as "${q%%|*}" "${q#*|}"
  [ "$RC" -ne 0 ] || fail "${q%%|*} may run: ${q#*|}"
done
# The role-to-village table only its owner writes.
psql_as office "UPDATE vinfra_users SET kind = 'office' WHERE name = 'team_sl'"
[ "$RC" -ne 0 ] || fail "the office may rewrite the users table"

# A team's temporary table does not stand in for a layer in the policies.
gp=$(pg_sql lantian "SELECT fid FROM roads WHERE id = 'R-甘坪-001'")
psql_as team_sl "CREATE TEMP TABLE roads (fid bigint, village text); INSERT INTO roads VALUES ($gp, '上雷村');
  INSERT INTO photos (sha256, file, layer, feature_fid, width, height, original_bytes, original_width,
  original_height, jpeg) VALUES ('x', 'x.jpg', 'roads', $gp, 1, 1, 1, 1, 1, '\\x00')"
assert_contains "$T/err" "$rls \"photos\""
# Forced: the policies bind a table's owner too.
assert_eq "0" "$(pg_sql lantian "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname IN (SELECT f_table_name FROM geometry_columns) AND NOT (relrowsecurity AND relforcerowsecurity)")" "layer tables without forced row-level security"
pg_sql lantian "ALTER TABLE roads OWNER TO team_sl"
psql_as team_sl "UPDATE roads SET name = 'x' WHERE village = '甘坪村'"
assert_eq "0" "$RC" "the owner's update"
assert_eq "" "$(cat "$T/err")" "the owner's update"
assert_eq "0" "$(pg_sql lantian "SELECT count(*) FROM roads WHERE name = 'x'")" "rows the owner team changed in another village"
pg_sql lantian "ALTER TABLE roads OWNER TO vinfra_admin"  # (which drops team_sl's grants on it)

# Removing a user takes its rights and the role 'users add' made.
expect_ok "$VINFRA" users remove team_gp --db "$PG" --lang en
assert_contains "$T/out" "removed user team_gp from '$PG'"
assert_contains "$T/out" "dropped the login role team_gp"
assert_eq "" "$(pg_sql lantian "SELECT rolname FROM pg_roles WHERE rolname = 'team_gp'")" "the dropped role"
expect_fail 2 "vinfra: error: users remove: no user \"team_gp\" in '$PG' ('vinfra users list' shows them)" \
  "$VINFRA" users remove team_gp --db "$PG"
expect_fail 2 "vinfra: error: users remove: cannot remove user \"vinfra_admin\" from '$PG': it is the role this command runs as" \
  "$VINFRA" users remove vinfra_admin --db "$PG"
expect_ok "$VINFRA" check --db "$PG"
