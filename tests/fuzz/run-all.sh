#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR/tests/fuzz for FUZZ_SECONDS over its
# seed corpus (tests/fuzz/corpus/<target>/, copied so the repo stays clean).
# Fails when a target crashes, leaks or hangs.
set -euo pipefail
build_dir=${1:-build-fuzz}
seconds=${FUZZ_SECONDS:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
for bin in "$build_dir"/tests/fuzz/*_fuzz; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  mkdir -p "$work/$name"
  if [ -d "$root/tests/fuzz/corpus/$name" ]; then cp -r "$root/tests/fuzz/corpus/$name/." "$work/$name/"; fi
  echo "== fuzzing $name for ${seconds}s ($(ls "$work/$name" | wc -l) seeds)"
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$work/$name-" "$work/$name" > "$work/$name.log" 2>&1; then
    grep -E 'stat::number_of_executed_units|Done' "$work/$name.log" | tail -2 || true
    passed=$((passed + 1))
  else
    echo "FUZZ FAILURE in $name:"; tail -60 "$work/$name.log"
    ls "$work" | grep -- "$name-" | while read -r a; do echo "artifact $a:"; xxd "$work/$a" | head -20; done
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
