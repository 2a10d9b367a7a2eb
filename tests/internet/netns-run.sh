#!/bin/bash
# Run CMD inside a private network namespace (own loopback, no route out).
# Usage: tests/internet/netns-run.sh CMD [ARGS...]
# Re-executes itself under `unshare --user --map-root-user --net --pid`
# (no root needed; as root, falls back to `unshare --net --pid` when user
# namespaces are not allowed), brings `lo` up, then execs CMD as PID 1 of a
# new PID namespace: when CMD exits, every process started inside (servers
# left running included) is killed with the namespace. CMD's exit status is
# returned.
# DNS4EU_NETNS_ROOT=1: only `unshare --net --pid` as real root (for XDP tests
# and benchmarks, which need CAP_BPF outside any user namespace).
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi
self=$(readlink -f "$0")
if [ "${DNS4EU_IN_NETNS:-}" != 1 ] && [ "${DNS4EU_NETNS_ROOT:-}" = 1 ]; then
    # XDP (AF_XDP) needs CAP_BPF and CAP_NET_ADMIN of the real root: a user
    # namespace's root cannot load BPF programs. Plain `unshare --net` then.
    export DNS4EU_IN_NETNS=1
    if [ "$(id -u)" = 0 ] && unshare --net --pid --fork --mount-proc true 2>/dev/null; then
        exec unshare --net --pid --fork --mount-proc --kill-child "$self" "$@"
    fi
    echo "$0: DNS4EU_NETNS_ROOT=1 needs root (uid 0) to create a network namespace where BPF works" >&2
    exit 1
fi
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    export DNS4EU_IN_NETNS=1
    if unshare --user --map-root-user --net --pid --fork --mount-proc true 2>/dev/null; then
        exec unshare --user --map-root-user --net --pid --fork --mount-proc --kill-child "$self" "$@"
    elif [ "$(id -u)" = 0 ] && unshare --net --pid --fork --mount-proc true 2>/dev/null; then
        exec unshare --net --pid --fork --mount-proc --kill-child "$self" "$@"
    fi
    echo "$0: cannot create a network namespace (unshare failed)" >&2
    exit 1
fi
ip link set lo up
exec "$@"
