#!/bin/bash
# Stop the servers that start.sh started in WORKDIR (listed in WORKDIR/pids):
# SIGTERM, then SIGKILL after 5 s. Returns 0 when all are gone.
# Usage: tests/internet/stop.sh WORKDIR
set -uo pipefail
if [ "$#" -ne 1 ]; then
    echo "usage: $0 WORKDIR" >&2
    exit 2
fi
pids="$1/pids"
[ -f "$pids" ] || exit 0
while read -r _ pid; do kill -TERM "$pid" 2>/dev/null; done < "$pids"
for _ in $(seq 50); do
    alive=0
    while read -r _ pid; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$pids"
    [ "$alive" = 0 ] && break
    sleep 0.1
done
while read -r _ pid; do kill -KILL "$pid" 2>/dev/null; done < "$pids"
rm -f "$pids"
exit 0
