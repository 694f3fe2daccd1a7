#!/usr/bin/env bash
# --db names a database file: a FIFO (which would block the open forever), a
# device, a folder, a name ending in '/' (init made a file named after the
# folder) and a name longer than the system allows are refused with what
# they are, before SQLite opens them, and nothing is created.
. "$TESTS_DIR/lib.sh"
set -e
mkdir "$T/w"
cd "$T/w"
mkfifo pipe
# timeout: before the fix the open blocked; exit 124 would say it still does.
run timeout 20 "$VINFRA" stats --db pipe --lang en
assert_eq 1 "$RC" "stats on a FIFO: exit"
grep -qxF "vinfra: error: cannot open database 'pipe': it is a named pipe (FIFO), not a database file (name a .sqlite file with --db)" "$T/err" ||
  fail "stats on a FIFO: $(cat "$T/err")"
run timeout 20 "$VINFRA" init --db pipe --lang en
grep -qxF "vinfra: error: cannot create database 'pipe': it is a named pipe (FIFO), not a database file (name a .sqlite file with --db)" "$T/err" ||
  fail "init on a FIFO: $(cat "$T/err")"
run timeout 20 "$VINFRA" stats --db pipe
assert_eq 1 "$RC" "stats on a FIFO in Chinese: exit"
grep -qxF "vinfra：错误：无法打开数据库 'pipe'：它是命名管道（FIFO），不是数据库文件（请用 --db 指定一个 .sqlite 文件）" "$T/err" ||
  fail "stats on a FIFO in Chinese: $(cat "$T/err")"
run timeout 20 "$VINFRA" init --db pipe
grep -qxF "vinfra：错误：无法创建数据库 'pipe'：它是命名管道（FIFO），不是数据库文件（请用 --db 指定一个 .sqlite 文件）" "$T/err" ||
  fail "init on a FIFO in Chinese: $(cat "$T/err")"
expect_fail2 1 "vinfra: error: cannot open database '/dev/null': it is a character device, not a database file (name a .sqlite file with --db)" \
  "vinfra：错误：无法打开数据库 '/dev/null'：它是字符设备，不是数据库文件（请用 --db 指定一个 .sqlite 文件）" \
  "$VINFRA" stats --db /dev/null
expect_fail2 1 "vinfra: error: cannot create database 'newdir/': the name ends in '/', so it names a folder: name the database file in it, e.g. 'newdir/vinfra.sqlite'" \
  "vinfra：错误：无法创建数据库 'newdir/'：名称以 '/' 结尾，指的是文件夹：请指定其中的数据库文件，如 'newdir/vinfra.sqlite'" \
  "$VINFRA" init --db newdir/
[ ! -e newdir ] || fail "init --db newdir/ created 'newdir'"
mkdir folder
expect_fail2 1 "vinfra: error: cannot create database 'folder': it is a folder, not a database file (name a .sqlite file with --db)" \
  "vinfra：错误：无法创建数据库 'folder'：它是文件夹，不是数据库文件（请用 --db 指定一个 .sqlite 文件）" \
  "$VINFRA" init --db folder
long=$(printf 'a%.0s' $(seq 300)).sqlite
expect_fail2 1 "vinfra: error: cannot create database 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…': its file name is 307 bytes long, more than the 255 the system allows: choose a shorter one" \
  "vinfra：错误：无法创建数据库 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…'：它的文件名长 307 字节，超过系统允许的 255：请换一个短一些的" \
  "$VINFRA" init --db "$long"
deep=$(printf 'd/%.0s' $(seq 2100))x.sqlite
expect_fail2 1 "vinfra: error: cannot create database 'd/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/…': its path is 4208 bytes long, more than the 4095 the system allows: choose a shorter one" \
  "vinfra：错误：无法创建数据库 'd/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/…'：它的路径长 4208 字节，超过系统允许的 4095：请换一个短一些的" \
  "$VINFRA" init --db "$deep"
[ "$(ls)" = "$(printf 'folder\npipe')" ] || fail "files were created: $(ls)"
# An import's source too: the first read of a FIFO blocked forever.
run "$VINFRA" init --db "$T/db.sqlite"
for args in "pipe --layer roads" "--ledger pipe"; do
  # shellcheck disable=SC2086
  run timeout 20 "$VINFRA" import $args --db "$T/db.sqlite" --lang en
  assert_eq 1 "$RC" "import $args: exit"
  grep -qxF "vinfra: error: cannot import 'pipe': it is a FIFO (named pipe), not a file" "$T/err" ||
    fail "import $args: $(cat "$T/err")"
done
