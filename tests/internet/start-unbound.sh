#!/bin/bash
# Start Unbound (Debian's) as a reference resolver of the local test Internet
# in WORKDIR (started by start.sh, same namespace), listening on ADDR#PORT.
# Usage: tests/internet/start-unbound.sh [--validate] WORKDIR [ADDR [PORT]]
#   plain:      iterator only (no DNSSEC), default 127.53.100.1 53, state in
#               WORKDIR/unbound, log WORKDIR/unbound.log, writes
#               INET_UNBOUND_ADDR / INET_UNBOUND_PORT to WORKDIR/env;
#   --validate: validating, trust anchor WORKDIR/root.key (sign.py), EDE on,
#               val-log-level 2; default 127.53.101.1 53, state in
#               WORKDIR/unbound-validating, log WORKDIR/unbound-validating.log,
#               writes INET_VALIDATOR_ADDR / INET_VALIDATOR_PORT.
# Both may run at once. Returns once it answers (RD=1, SOA .) and appends
# "unbound PID" to WORKDIR/pids so stop.sh stops it too.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
here=$(dirname "$(readlink -f "$0")")
validate=0
if [ "${1:-}" = --validate ]; then
    validate=1
    shift
fi
if [ "$#" -lt 1 ] || [ "$#" -gt 3 ]; then
    echo "usage: $0 [--validate] WORKDIR [ADDR [PORT]]" >&2
    exit 2
fi
wd=$(cd "$1" && pwd)
port=${3:-53}
[ -f "$wd/root.hints" ] || { echo "$0: $wd/root.hints missing: run start.sh first" >&2; exit 1; }
if [ "$validate" = 1 ]; then
    [ -f "$wd/root.key" ] || { echo "$0: $wd/root.key missing: run start.sh first" >&2; exit 1; }
    addr=${2:-127.53.101.1}
    state=$wd/unbound-validating
    modules="validator iterator"
    sed -e "s|@WORKDIR@|$wd|g" "$here/unbound-validate.conf.in" > "$wd/unbound-validate.conf"
    validator="include: \"$wd/unbound-validate.conf\""
    envvar=INET_VALIDATOR
else
    addr=${2:-127.53.100.1}
    state=$wd/unbound
    modules="iterator"
    validator="# (no validator)"
    envvar=INET_UNBOUND
fi
rm -rf "$state" "$state.log"
mkdir -p "$state"
sed -e "s|@WORKDIR@|$wd|g" -e "s|@STATE@|$state|g" -e "s|@ADDR@|$addr|g" \
    -e "s|@PORT@|$port|g" -e "s|@MODULES@|$modules|g" -e "s|^@VALIDATOR@\$|$validator|" \
    "$here/unbound.conf.in" > "$state/unbound.conf"
unbound-checkconf "$state/unbound.conf" > /dev/null
unbound -d -c "$state/unbound.conf" > "$state.stderr" 2>&1 &
pid=$!
echo "unbound $pid" >> "$wd/pids"
deadline=$(( $(date +%s) + 20 ))
until kdig @"$addr" -p "$port" +tcp +time=2 +retry=0 SOA . 2>/dev/null | grep -q 'status: NOERROR'; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
        echo "$0: unbound did not come up" >&2
        cat "$state.stderr" "$state.log" >&2 2>/dev/null || true
        exit 1
    fi
    sleep 0.05
done
printf "%s_ADDR='%s'\n%s_PORT='%s'\n" "$envvar" "$addr" "$envvar" "$port" >> "$wd/env"
echo "unbound$([ "$validate" = 1 ] && echo " (validating)") up on $addr#$port (pid $pid)"
