# common.sh — the start every dns4eud scenario shares. Sourced first thing by
# tests/integration/<feature>/run.sh with the script's arguments:
#
#   set -uo pipefail
#   . "$(dirname "$(readlink -f "$0")")/../common.sh" "$@"
#
# It checks the one argument (PATH/TO/dns4eud), sets $here (the scenario's
# folder), $inet (tests/internet) and $daemon (absolute path), and re-runs the
# script as PID 1 of its own user + network namespace (tests/internet/
# netns-run.sh), where it may bind any 127.x address and nothing leaves.
here=$(dirname "$(readlink -f "$0")")
inet=$(readlink -f "$here/../../internet")
if [ "$#" -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 PATH/TO/dns4eud" >&2
    exit 2
fi
daemon=$(readlink -f "$1")
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$inet/netns-run.sh" "$(readlink -f "$0")" "$daemon"
fi

# ---- shared by the scenarios that count their own checks --------------------
# open_workdir NAME: $wd (a fresh /tmp/dns4eu-NAME.XXXXXX), $pids (processes
# to kill at exit) and an EXIT trap that stops them and the test Internet and
# removes $wd (kept with INET_KEEP=1).
open_workdir() {
    wd=$(mktemp -d "/tmp/dns4eu-$1.XXXXXX")
    pids=()
    trap close_workdir EXIT
}
close_workdir() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    "$inet/stop.sh" "$wd" >/dev/null 2>&1
    if [ "${INET_KEEP:-}" = 1 ]; then echo "kept $wd"; else rm -rf "$wd"; fi
}
# ok NAME / bad NAME [WHY] / check NAME EXPECTED ACTUAL (ACTUAL contains
# EXPECTED); the script ends with: echo "$passed passed, $failed failed".
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }
check() {
    if [[ "$3" == *"$2"* ]]; then ok "$1"; else bad "$1" "expected '$2', got '$(echo "$3" | tail -c 600)'"; fi
}
