#!/bin/bash
# run.sh — `make bench`: runs the Google Benchmark binaries of a build, then
# bench/resolvers.sh (dns4eud vs Unbound, Knot Resolver, PowerDNS Recursor) and
# bench/dnssec.sh (cold resolution of signed names vs validating Unbound and kresd),
# and writes the whole report to bench/results/latest.md. Builds nothing.
# Benchmarks print figures; they never fail: this script always exits 0 and
# prints failures in the report.
#
#   bench/run.sh                     # uses build/ (make bench builds it, Release)
#   BUILD_DIR=build-bench bench/run.sh
#   BENCH_OUT=/tmp/report.md bench/run.sh     # elsewhere than bench/results/latest.md
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
BUILD_DIR=${BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$root/$BUILD_DIR" ;; esac
export BUILD_DIR
out=${BENCH_OUT:-$here/results/latest.md}
mkdir -p "$(dirname "$out")"
MICRO_ARGS=${MICRO_ARGS:---benchmark_repetitions=3 --benchmark_report_aggregates_only=true --benchmark_min_time=0.3}

report() {
    echo "# dns4eu benchmarks"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src apps 2>/dev/null || echo ' (working tree has uncommitted changes in src/ or apps/)')"
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r)"
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs share the machine: figures are noisy)"
    echo "- build: $BUILD_DIR ($(grep -m1 '^CMAKE_BUILD_TYPE' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null | cut -d= -f2 || echo '?'))"
    echo "- tools: $(unbound -V 2>/dev/null | head -1), Knot Resolver $(kresd --version 2>/dev/null | awk '{ print $NF }'), PowerDNS Recursor $(pdns_recursor --version 2>&1 | grep -o 'Recursor [0-9.]*' | head -1 | cut -d' ' -f2), dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ { print $2 }')"
    echo
    echo "## Micro-benchmarks (Google Benchmark, median of 3)"
    echo
    echo "Commands: \`$BUILD_DIR/bench/<name> $MICRO_ARGS\`. Goal: each dns operation under 1 µs (CPU column)."
    echo
    for b in dns_bench cache_bench dnssec_bench; do
        bin="$BUILD_DIR/bench/$b"
        echo "### $b"
        echo
        if [ ! -x "$bin" ]; then
            echo "**FAILED: $bin not found (build it: make build, or ninja -C $BUILD_DIR $b)**"; echo; continue
        fi
        echo '```'
        # shellcheck disable=SC2086
        "$bin" $MICRO_ARGS 2>&1 | grep -v '^\*\*\*WARNING\*\*\* Library was built as DEBUG'
        rc=${PIPESTATUS[0]}
        echo '```'
        [ "$rc" = 0 ] || echo "**FAILED: $b exited with status $rc**"
        echo
    done
    echo "(Debian's libbenchmark warns it was built as DEBUG; that concerns the harness, not the code measured.)"
    echo
    if [ -x "$BUILD_DIR/dns4eud" ]; then
        echo "Command: \`bench/resolvers.sh $BUILD_DIR/dns4eud\` (BENCH_SECONDS=${BENCH_SECONDS:-10}, FIXED_QPS=${FIXED_QPS:-10000}, RSS_NAMES=${RSS_NAMES:-100000}, RSS_QPS=${RSS_QPS:-2000}, COLD_RUNS=${COLD_RUNS:-10}, KX_QPS=${KX_QPS:-1500000})"
        echo
        "$here/resolvers.sh" "$BUILD_DIR/dns4eud" || echo "**FAILED: resolvers.sh exited with status $?**"
        sed -n '/^## How each figure is measured/,$p' "$here/METHOD.md" 2>/dev/null
        echo
        "$here/dnssec.sh" "$BUILD_DIR/dns4eud" || echo "**FAILED: dnssec.sh exited with status $?**"
    else
        echo "**FAILED: $BUILD_DIR/dns4eud not found: resolver comparison skipped**"
    fi
    echo
    echo "## Policy engine"
    echo
    if [ -x "$BUILD_DIR/bench/policy_bench" ]; then
        echo '```'
        "$BUILD_DIR/bench/policy_bench" 2>&1
        echo '```'
    else
        echo "**FAILED: $BUILD_DIR/bench/policy_bench not found**"
    fi
    echo
    [ -x "$BUILD_DIR/dns4eud" ] && "$here/policy_qps.sh" "$BUILD_DIR/dns4eud"
    echo
    echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

report | tee "$out"
echo "report written to $out" >&2
exit 0
