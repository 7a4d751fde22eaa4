#!/bin/sh
# run.sh: build each libFuzzer harness in fuzz/ and run it for a while.
# Usage: sh fuzz/run.sh [name...]     names: csv normalize form board dsn (default: all)
# FUZZ_SECONDS (default 20) is the time per harness. The corpus grows in
# fuzz/corpus-<name>/ (ignored by git), seeded from fuzz/seeds/<name>/.
# Exits non-zero if a harness does not build or finds a crash; the input
# that crashed is kept as build/fuzz/<name>-crash-* and replays with
#   build/fuzz/fuzz_<name> build/fuzz/<name>-crash-...
# shellcheck disable=SC2086  # $CFLAGS and $SRC are meant to split into words
set -u
cd "$(dirname "$0")/.." || exit 1

CC=${FUZZ_CC:-clang}
SECS=${FUZZ_SECONDS:-20}
OUT=build/fuzz
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -std=c17 -D_GNU_SOURCE -I/usr/include/decaf"
SRC="src/util/csv.c src/util/normalize.c src/util/buf.c src/util/mem.c src/web/form.c
     src/crypto/board.c src/crypto/election.c src/crypto/verify.c src/crypto/elgamal.c
     src/crypto/group.c src/crypto/hash.c src/crypto/proof.c src/crypto/dkg.c src/crypto/msm.c
     src/mail/dsn.c"
# GMime (the bounce reader) comes with GLib's flags
CFLAGS="$CFLAGS $(pkg-config --cflags gmime-3.0)"
LIBS="-lsodium -ldecaf -lpthread -lm $(pkg-config --libs gmime-3.0)"
NAMES=${*:-csv normalize form board dsn}

mkdir -p "$OUT"
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "fuzz: $CC not found; install it with: sh scripts/deps.sh test" >&2
  exit 1
fi
# libFuzzer's runtime is a separate Debian package (libclang-rt-14-dev).
printf 'int LLVMFuzzerTestOneInput(const unsigned char *a, unsigned long n)%s\n' \
  '{ (void)a; (void)n; return 0; }' >"$OUT/probe.c"
if ! $CC $CFLAGS -o "$OUT/probe" "$OUT/probe.c" >"$OUT/probe.log" 2>&1; then
  cat "$OUT/probe.log" >&2
  echo "fuzz: $CC cannot link libFuzzer; install libclang-rt-14-dev" \
       "(sh scripts/deps.sh test)" >&2
  exit 1
fi

status=0
npass=0
nfail=0
for name in $NAMES; do
  bin="$OUT/fuzz_$name"
  if [ ! -f "fuzz/fuzz_$name.c" ]; then
    echo "fuzz_$name: no such harness (fuzz/fuzz_$name.c)" >&2
    status=1; continue
  fi
  if ! $CC $CFLAGS -o "$bin" "fuzz/fuzz_$name.c" $SRC $LIBS; then
    echo "fuzz_$name: BUILD FAILED" >&2
    status=1; continue
  fi
  mkdir -p "fuzz/corpus-$name"
  set -- -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
         -artifact_prefix="$OUT/$name-" -print_final_stats=1
  [ -f "fuzz/$name.dict" ] && set -- "$@" -dict="fuzz/$name.dict"
  log="$OUT/$name.log"
  if "$bin" "$@" "fuzz/corpus-$name" "fuzz/seeds/$name" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    echo "fuzz_$name: ok, ${runs:-?} runs in ${SECS}s, $cov," \
         "corpus $(find "fuzz/corpus-$name" -type f | wc -l) files"
    npass=$((npass+1))
  else
    echo "fuzz_$name: FAILED (full log: $log)" >&2
    grep -v '^#' "$log" | tail -n 40 >&2
    status=1
    nfail=$((nfail+1))
  fi
done
[ "$status" = 0 ] || [ "$nfail" -gt 0 ] || nfail=1
echo "$npass passed, $nfail failed"
exit $status
