#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR/tests/fuzz for FUZZ_SECONDS over its
# seed corpus (tests/fuzz/corpus/<target>/, copied so the repo stays clean).
# Prints each target's exec count and rate. Fails when a target crashes, leaks
# or hangs; the reproducers are copied to BUILD_DIR/fuzz-artifacts/.
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
  status=0
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$work/$name-" "$work/$name" > "$work/$name.log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$name.log" | tail -1)
  echo "   $name: ${execs:-?} execs, ${rate:-?} exec/s, corpus $(ls "$work/$name" | wc -l) files"
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
  else
    echo "FUZZ FAILURE in $name:"; tail -60 "$work/$name.log"
    # Artifacts are kept in BUILD_DIR/fuzz-artifacts/ (the work dir is removed on exit).
    mkdir -p "$build_dir/fuzz-artifacts"
    for a in "$work/$name"-*; do
      [ -f "$a" ] || continue
      cp "$a" "$build_dir/fuzz-artifacts/"
      echo "artifact $build_dir/fuzz-artifacts/$(basename "$a"):"; od -A x -t x1z "$a" | head -20
    done
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
