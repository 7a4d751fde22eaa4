# lib.sh: helpers for the shell test suites. Source it; call `check NAME CMD...`
# or `ok NAME` / `not_ok NAME WHY`; end with `finish`, which prints
# "N passed, N failed" and exits non-zero on any failure.
# MANDATE is the binary under test (the sanitizer build by default).
MANDATE=${MANDATE:-$(pwd)/build-san/mandate}
export MANDATE_TODAY=${MANDATE_TODAY:-2026-11-23}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
T_PASS=0
T_FAIL=0
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mandate-test-XXXXXX")
trap 'rm -rf "$T_DIR"' EXIT

ok(){ T_PASS=$((T_PASS+1)); echo "ok   $1"; }
not_ok(){ T_FAIL=$((T_FAIL+1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "    $2"; return 0; }

# check NAME CMD...: passes when CMD exits 0.
check(){
  name=$1; shift
  if "$@" >"$T_DIR/out" 2>&1; then ok "$name"; else not_ok "$name" "$(head -c 2000 "$T_DIR/out")"; fi
}

# expect_exit CODE NAME CMD...: passes when CMD exits with CODE.
expect_exit(){
  code=$1; name=$2; shift 2
  "$@" >"$T_DIR/out" 2>"$T_DIR/err"; got=$?
  if [ "$got" = "$code" ]; then ok "$name"
  else not_ok "$name" "exit $got, expected $code: $(head -c 1500 "$T_DIR/err")"; fi
}

# contains FILE TEXT: grep -F quietly.
contains(){ grep -qF -- "$2" "$1"; }

finish(){
  echo "$T_PASS passed, $T_FAIL failed"
  [ "$T_FAIL" = 0 ]
}
