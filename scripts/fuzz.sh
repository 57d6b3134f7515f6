#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (README, "Fuzzing").
#   scripts/fuzz.sh run [SECONDS_PER_TARGET] [TARGET…]   fuzz each target (default 60 s), one after another
#   scripts/fuzz.sh smoke                                 a few seconds per target (make test runs this)
# Builds in .build-fuzz with -sanitize=fuzzer,address. Crashes land in .build-fuzz/crashes/<target>/; a crash
# fails the run. Skips (loudly, exit 0) where the toolchain has no libFuzzer runtime.
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}"
MODE="${1:-run}"; shift || true
SECONDS_PER_TARGET="${1:-${FUZZ_SECONDS:-60}}"; shift || true
ALL=(FuzzZip FuzzXLSX FuzzXLSXParts FuzzCSV FuzzReturn FuzzXLS FuzzODS)
TARGETS=("$@"); [ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")
if [ "$MODE" = smoke ]; then
  SECONDS_PER_TARGET="${FUZZ_SMOKE_SECONDS:-4}"
  if [ "${FUZZ_SMOKE:-1}" = 0 ]; then echo "SKIPPING the fuzz smoke run: FUZZ_SMOKE=0" >&2; exit 0; fi
fi
SCRATCH=.build-fuzz

toolchain="$(dirname "$(dirname "$(readlink -f "$SWIFT")")")"
if ! ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a "$toolchain"/lib/swift/clang/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 \
   && ! ls "$toolchain"/lib/clang/*/lib/*/libclang_rt.fuzzer*.a >/dev/null 2>&1; then
  echo "SKIPPING fuzz $MODE: no libFuzzer runtime (libclang_rt.fuzzer) in the Swift toolchain at $toolchain" >&2
  exit 0
fi

mkdir -p "$SCRATCH"
# lld: gold fails on these links with an internal error in its DWARF reader.
FLAGS=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -use-ld=lld)
for target in "${TARGETS[@]}"; do
  if ! "$SWIFT" build -c debug --scratch-path "$SCRATCH" "${FLAGS[@]}" --product "$target" >"$SCRATCH/build.log" 2>&1; then
    tail -30 "$SCRATCH/build.log" >&2
    echo "fuzz: building $target with -sanitize=fuzzer,address failed" >&2
    exit 1
  fi
done
BIN="$("$SWIFT" build -c debug --scratch-path "$SCRATCH" "${FLAGS[@]}" --show-bin-path)"

python3 scripts/fuzz-seeds.py "$SCRATCH/seeds" || exit 1
status=0
export FUZZ_SCRATCH="$(mktemp -d)"
trap 'rm -rf "$FUZZ_SCRATCH"' EXIT
for target in "${TARGETS[@]}"; do
  corpus="$SCRATCH/corpus/$target"; crashes="$SCRATCH/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  log="$SCRATCH/$target.log"
  # Every crash found so far, kept under Tests/FuzzRegressions/<target>/, must run clean first.
  regressions=(Tests/FuzzRegressions/"$target"/*)
  if [ -e "${regressions[0]}" ]; then
    if ! "$BIN/$target" -rss_limit_mb=2048 -timeout=30 "${regressions[@]}" >"$SCRATCH/$target.regressions.log" 2>&1; then
      status=1
      echo "fuzz $target: a regression input fails again — see $SCRATCH/$target.regressions.log" >&2
      grep -m5 -E 'ERROR|Fatal error|SUMMARY' "$SCRATCH/$target.regressions.log" >&2
      continue
    fi
    echo "fuzz $target: ${#regressions[@]} regression input(s) run clean"
  fi
  # Seeds first, then the growing corpus; bounded time, memory and input size.
  "$BIN/$target" "$corpus" "$SCRATCH/seeds/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=30 \
      -rss_limit_mb=2048 -max_len=262144 -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1)"
  if [ $rc -ne 0 ]; then
    status=1
    echo "fuzz $target: FAILED after ${runs:-?} runs ($cov) — see $log; reproducer in $crashes/" >&2
    grep -m5 -E 'ERROR|Fatal error|SUMMARY' "$log" >&2
  else
    echo "fuzz $target: ${SECONDS_PER_TARGET}s, ${runs:-?} runs, $cov, no crash"
  fi
done
exit $status
