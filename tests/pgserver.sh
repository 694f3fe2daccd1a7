# tests/pgserver.sh - a private PostgreSQL + PostGIS server for one test,
# sourced after tests/lib.sh.  pg_start runs initdb into a fresh folder
# (as the unprivileged user postgres when the test runs as root: initdb
# refuses root), starts the server on a Unix socket in that folder with no
# TCP listener, and stops it and removes the folder when the test exits.
# It sets PGHOST, PGPORT and PGUSER for the test's clients (vinfra, psql),
# and pg_db NAME creates a database and prints its connection string.
# A test skips (77) only when PostgreSQL 15 or PostGIS 3 is not installed
# (bash tools/setup.sh --test installs both).

PG_BIN=/usr/lib/postgresql/15/bin

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    "${PG_RUNAS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$PG_DIR"
  fi
}

pg_start() {
  [ -x "$PG_BIN/initdb" ] || skip "PostgreSQL 15 is not installed (bash tools/setup.sh --test)"
  [ -f /usr/share/postgresql/15/extension/postgis.control ] ||
    skip "PostGIS 3 for PostgreSQL 15 is not installed (bash tools/setup.sh --test)"
  # A short path: a Unix socket's name has room for about 100 bytes.
  PG_DIR=$(mktemp -d /tmp/vinfra-pg.XXXXXX)
  PG_RUNAS=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || fail "no user postgres to run the test server as"
    chown postgres "$PG_DIR"
    PG_RUNAS=(runuser -u postgres --)
  fi
  trap 'pg_stop; rm -rf "$T"' EXIT
  "${PG_RUNAS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U vinfra_admin --auth=trust \
    -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; fail "initdb failed"; }
  # No TCP listener; durability off (a test server dies with its test).
  "${PG_RUNAS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-k $PG_DIR -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; fail "the test server did not start"; }
  export PGHOST=$PG_DIR PGPORT=5432 PGUSER=vinfra_admin
  unset PGPASSWORD PGDATABASE PGSERVICE
}

# pg_db NAME: a new database NAME; prints "host=... dbname=NAME".
pg_db() {
  "$PG_BIN/createdb" -h "$PG_DIR" -U vinfra_admin "$1" || fail "createdb $1"
  echo "postgresql:///$1?host=$PG_DIR"
}

# pg_sql DB SQL: run SQL in database DB, unaligned output.
pg_sql() { psql -X -q -At -h "$PG_DIR" -U vinfra_admin -d "$1" -c "$2"; }
