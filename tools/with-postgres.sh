#!/bin/sh
# Runs a command beside a throwaway PostgreSQL server: initdb into a
# temporary directory, pg_ctl start on localhost at a free port, the
# connection in PGHOST, PGPORT, PGUSER, PGDATABASE (and REOFFENDING_PG=1,
# which the tests look for), then the command; the server is stopped and
# its directory removed whatever happens. Without PostgreSQL's server
# binaries the command runs alone (the tests then skip PostgreSQL).
# Root cannot run initdb: the server then runs as the user `postgres`.
#   sh tools/with-postgres.sh Rscript tools/run-tests.R tests/testthat
set -u

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && bindir=$d
  done
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: no PostgreSQL server binaries (Debian: postgresql);" \
    "running without a server" >&2
  exec "$@"
fi

as_server() { "$@"; }
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  if ! id "$owner" >/dev/null 2>&1; then
    echo "with-postgres: running as root and there is no user postgres;" \
      "running without a server" >&2
    exec "$@"
  fi
  as_server() { runuser -u "$owner" -- "$@"; }
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/reoffending-pg.XXXXXX")
chmod 755 "$dir"
[ "$owner" != "$(id -un)" ] && chown "$owner" "$dir"
data="$dir/data"
started=0
cleanup() {
  if [ "$started" = 1 ]; then
    as_server "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A random port; one that is taken makes the start fail, and another is
# tried.
random_port() {
  echo $(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
}

if ! as_server "$bindir/initdb" -D "$data" -U "$owner" -A trust \
  --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  echo "with-postgres: initdb failed" >&2
  exit 1
fi
for attempt in 1 2 3 4 5; do
  port=$(random_port)
  if as_server "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=localhost -c fsync=off" \
    start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ "$started" != 1 ]; then
  cat "$dir/server.log" >&2
  echo "with-postgres: the server did not start" >&2
  exit 1
fi
export PGHOST=localhost PGPORT="$port" PGUSER="$owner" PGDATABASE=postgres
export REOFFENDING_PG=1
echo "with-postgres: PostgreSQL on localhost:$port ($dir)"
"$@"
