#!/bin/sh
# Runs one libFuzzer target for DT_FUZZ_SECONDS (default 20) from its committed seed corpus and
# dictionary, without writing into the source tree, and prints how many inputs it executed.
set -eu
target=$1
corpus=$2
dict=$3
work=$4
seconds=${DT_FUZZ_SECONDS:-20}
name=$(basename "$target")
mkdir -p "$work/corpus" "$work/artifacts"
log="$work/fuzz.log"
status=0
"$target" -max_total_time="$seconds" -dict="$dict" -print_final_stats=1 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" "$work/corpus" "$corpus" >"$log" 2>&1 \
  || status=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
tail -n 20 "$log"
echo "$name: ${execs:-0} executions in ${seconds} s (exit $status)"
exit $status
