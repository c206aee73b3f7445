#!/usr/bin/env bash
# PostgreSQL yardstick for `coco bench native`: the same debit/credit
# transfer (two balance updates and a history insert with a unique
# idempotency key) with durable commits (fsync on, synchronous_commit on),
# driven by pgbench. Starts a throwaway cluster on a spare port and removes
# it afterwards. Usage: pg-baseline.sh [CLIENTS] [SECONDS]
set -euo pipefail
clients=${1:-16}
seconds=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
cleanup() { run "$bin/pg_ctl -D $dir/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
run "$bin/initdb -D $dir/data -U postgres --auth=trust" >/dev/null
run "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c fsync=on -c synchronous_commit=on -c listen_addresses=127.0.0.1' -l $dir/log -w start" >/dev/null
PGOPTIONS=--client-min-messages=warning psql -q -h 127.0.0.1 -p "$port" -U postgres -f "$here/pg-schema.sql" >/dev/null
pgbench -h 127.0.0.1 -p "$port" -U postgres -n -f "$here/pg-transfer.sql" -c "$clients" -j 2 -T "$seconds" -r postgres 2>&1 |
  grep -E "^(tps|latency average|number of transactions actually processed)"
