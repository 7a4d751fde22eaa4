#!/bin/sh
# run.sh: every test suite, plain and under AddressSanitizer+UBSan.
# Each suite ends with "N passed, N failed"; this adds them up and ends
# with the same line for the whole run.
cd "$(dirname "$0")/.." || exit 2
total_pass=0
total_fail=0
log=$(mktemp)
run_suite(){
  name=$1; shift
  echo "== $name"
  "$@" >"$log" 2>&1
  status=$?
  grep -v '^ok ' "$log"
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
  f=$(echo "$last" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
  if [ -z "$p" ]; then p=0; f=1; echo "   $name printed no result (exit $status)"; fi
  if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; echo "   $name exited $status"; fi
  total_pass=$((total_pass+p)); total_fail=$((total_fail+f))
}
export MANDATE_TODAY=2026-11-23
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite "unit tests" ./build/unit-tests
run_suite "unit tests (ASan+UBSan)" ./build-san/unit-tests
for t in tests/cli/*.sh tests/http/*.sh; do
  [ -f "$t" ] || continue
  run_suite "$t (ASan+UBSan)" sh "$t"
done
run_suite "protocol vectors (independent Python check)" /usr/bin/python3 tests/vectors/check_protocol_vectors.py
run_suite "browser (Chromium)" sh tests/browser/run.sh
# The parsers' fuzzers, briefly (make fuzz runs them longer).
run_suite "fuzzers (${FUZZ_SECONDS:=15} s each)" env FUZZ_SECONDS=$FUZZ_SECONDS sh fuzz/run.sh
rm -f "$log"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
