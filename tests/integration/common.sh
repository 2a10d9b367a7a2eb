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
