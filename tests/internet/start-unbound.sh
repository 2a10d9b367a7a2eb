#!/bin/bash
# Start Unbound (Debian's) as a reference resolver of the local test Internet
# in WORKDIR (started by start.sh, same namespace), listening on ADDR#PORT.
# Usage: tests/internet/start-unbound.sh WORKDIR [ADDR [PORT]]
#        (default 127.53.100.1 53). Returns once it answers (RD=1, SOA .),
# appends "unbound PID" to WORKDIR/pids so stop.sh stops it too, and writes
# INET_UNBOUND_ADDR / INET_UNBOUND_PORT to WORKDIR/env. Log: WORKDIR/unbound.log.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
here=$(dirname "$(readlink -f "$0")")
if [ "$#" -lt 1 ] || [ "$#" -gt 3 ]; then
    echo "usage: $0 WORKDIR [ADDR [PORT]]" >&2
    exit 2
fi
wd=$(cd "$1" && pwd)
addr=${2:-127.53.100.1}
port=${3:-53}
[ -f "$wd/root.hints" ] || { echo "$0: $wd/root.hints missing: run start.sh first" >&2; exit 1; }
rm -rf "$wd/unbound" "$wd/unbound.log"
mkdir -p "$wd/unbound"
sed -e "s|@WORKDIR@|$wd|g" -e "s|@ADDR@|$addr|g" -e "s|@PORT@|$port|g" \
    "$here/unbound.conf.in" > "$wd/unbound/unbound.conf"
unbound-checkconf "$wd/unbound/unbound.conf" > /dev/null
unbound -d -c "$wd/unbound/unbound.conf" > "$wd/unbound.stderr" 2>&1 &
pid=$!
echo "unbound $pid" >> "$wd/pids"
deadline=$(( $(date +%s) + 20 ))
until kdig @"$addr" -p "$port" +tcp +time=2 +retry=0 SOA . 2>/dev/null | grep -q 'status: NOERROR'; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
        echo "$0: unbound did not come up" >&2
        cat "$wd/unbound.stderr" "$wd/unbound.log" >&2 2>/dev/null || true
        exit 1
    fi
    sleep 0.05
done
printf "INET_UNBOUND_ADDR='%s'\nINET_UNBOUND_PORT='%s'\n" "$addr" "$port" >> "$wd/env"
echo "unbound up on $addr#$port (pid $pid)"
