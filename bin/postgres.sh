# Sourced by bin/test and benchmarks: starts a throwaway local PostgreSQL server for this run and
# exports PG_URL. The server lives in a temporary folder and stops when the calling shell exits.
pg_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bindir/initdb" ] || { echo "PostgreSQL is not installed (bin/system-packages installs it)" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/equalchance-pg.XXXXXX)
  PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  local as_user=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_DIR"   # PostgreSQL refuses to run as root
    as_user=(runuser -u postgres --)
  fi
  "${as_user[@]}" "$bindir/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${as_user[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -s \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/equalchance"
  "$bindir/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE equalchance" postgres
  export PG_URL PG_DIR PG_BINDIR="$bindir"
  trap pg_stop EXIT
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    local as_user=()
    [ "$(id -u)" -eq 0 ] && as_user=(runuser -u postgres --)
    "${as_user[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w -s stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
