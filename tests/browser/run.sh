#!/bin/sh
# run.sh: the browser suite. Installs the pinned npm packages
# (playwright-core, axe-core) if tests/browser/node_modules is missing or
# older than package-lock.json, creates a demo database in a temporary
# directory, starts the server on 127.0.0.1 and runs test_browser.mjs in
# Debian's chromium against it, then test_vote.mjs (the voting page and
# the ballots it makes, on ballots vote_setup.sh creates first), then
# test_pledge.mjs (the pledge signing and progress pages, and the letter
# the trustees open, on the campaign pledge_setup.sh creates first), then
# test_ballot_officer.mjs (an officer's create form, two trustees decrypting
# in the page, the result, on ballot_officer_setup.sh's ballot). Prints "ok"/"FAIL" lines and ends with
# "N passed, N failed"; exits with the tests' status.
# Environment: MANDATE (default ./build-san/mandate), CHROMIUM (default
# /usr/bin/chromium), ASAN_OPTIONS / UBSAN_OPTIONS (kept if set),
# BROWSER_TESTS (a regular expression: run only the tests it matches).
cd "$(dirname "$0")/../.." || exit 2
MANDATE=${MANDATE:-./build-san/mandate}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export MANDATE_TODAY=${MANDATE_TODAY:-2026-11-23}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CHROMIUM

T=$(mktemp -d "${TMPDIR:-/tmp}/mandate-browser-XXXXXX") || exit 2
SERVER=""
cleanup(){
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; fi
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# give_up NAME WHY: one failed check, the summary line, and out.
give_up(){
  echo "FAIL $1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    /'
  echo "0 passed, 1 failed"
  exit 1
}

command -v node >/dev/null 2>&1 || give_up "node is installed" "run: sh scripts/deps.sh test"
[ -x "$CHROMIUM" ] || give_up "chromium is installed at $CHROMIUM" "run: sh scripts/deps.sh test"
[ -x "$MANDATE" ] || give_up "$MANDATE is built" "run: make build-san/mandate"

# npm packages: exactly the versions in package-lock.json.
lock=tests/browser/package-lock.json
installed=tests/browser/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ -n "$(find "$lock" -newer "$installed" 2>/dev/null)" ]; then
  command -v npm >/dev/null 2>&1 || give_up "npm is installed" "run: sh scripts/deps.sh test"
  (cd tests/browser && npm ci --no-audit --no-fund) >"$T/npm.log" 2>&1 \
    || give_up "npm ci in tests/browser" "$(tail -n 20 "$T/npm.log")"
fi

# --examples: dispute PAY26 with its statutory ballot, scenarios ALL and ROLL
"$MANDATE" demo --db "$T/demo.db" --members 3000 --seed 11 --examples >"$T/demo.out" 2>&1 \
  || give_up "demo database created" "$(tail -n 20 "$T/demo.out")"
PASSWORD=$(awk '$2=="officer"{print $3}' "$T/demo.out")
[ -n "$PASSWORD" ] || give_up "demo prints the officer's password" "$(cat "$T/demo.out")"


# The voting page's elections (test_vote.mjs): ballots open today, every
# voter's code issued, and a 1-to-2-of-4 election board.
sh tests/browser/vote_setup.sh "$MANDATE" "$T/demo.db" "$T/vote" >"$T/vote-setup.out" 2>&1 \
  || give_up "the voting page's ballots created" "$(tail -n 20 "$T/vote-setup.out")"

# The pledge pages' campaign (test_pledge.mjs): a Section 44 campaign over
# two surgeries with a per-workplace trigger, every credential issued.
sh tests/browser/pledge_setup.sh "$MANDATE" "$T/demo.db" "$T/pledge" >"$T/pledge-setup.out" 2>&1 \
  || give_up "the pledge pages' campaign created" "$(tail -n 20 "$T/pledge-setup.out")"

# An officer and two trustees run a ballot from the web (test_ballot_officer.mjs):
# TRUST26 closed with its tally, waiting for the trustees' decryptions.
sh tests/browser/ballot_officer_setup.sh "$MANDATE" "$T/demo.db" "$T/officer" >"$T/officer-setup.out" 2>&1 \
  || give_up "the officer's ballot set up" "$(tail -n 20 "$T/officer-setup.out")"

# A port that nothing answers on yet; the server must come up on it.
up=""
for try in 0 1 2 3 4; do
  PORT=$((30000 + ($$ + try * 97) % 20000))
  BASE=http://127.0.0.1:$PORT
  curl -s -o /dev/null --max-time 1 "$BASE/" && continue
  "$MANDATE" serve --db "$T/demo.db" --listen "127.0.0.1:$PORT" >"$T/serve.out" 2>"$T/serve.log" &
  SERVER=$!
  i=0
  while [ $i -lt 300 ]; do
    if curl -sf -o /dev/null --max-time 2 "$BASE/healthz"; then up=1; break; fi
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1; i=$((i+1))
  done
  [ -n "$up" ] && break
  kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=""
done
[ -n "$up" ] || give_up "the server answers /healthz" "$(tail -n 30 "$T/serve.log")"

BASE_URL=$BASE MANDATE_PASSWORD=$PASSWORD node tests/browser/test_browser.mjs >"$T/pages.out" 2>&1
status=$?
BASE_URL=$BASE VOTE_DIR=$T/vote VOTE_DB=$T/demo.db MANDATE=$MANDATE node tests/browser/test_vote.mjs >"$T/vote.out" 2>&1 \
  || status=1
BASE_URL=$BASE PLEDGE_DIR=$T/pledge PLEDGE_DB=$T/demo.db MANDATE=$MANDATE node tests/browser/test_pledge.mjs >"$T/pledge.out" 2>&1 \
  || status=1
BASE_URL=$BASE MANDATE_PASSWORD=$PASSWORD OFFICER_DIR=$T/officer OFFICER_DB=$T/demo.db MANDATE=$MANDATE \
  node tests/browser/test_ballot_officer.mjs >"$T/officer.out" 2>&1 || status=1
# Each file's lines, then one summary for the suite (tests/run.sh reads the last).
grep -vE '^[0-9]+ passed, [0-9]+ failed' "$T/pages.out"
grep -vE '^[0-9]+ passed, [0-9]+ failed' "$T/vote.out"
grep -vE '^[0-9]+ passed, [0-9]+ failed' "$T/pledge.out"
grep -vE '^[0-9]+ passed, [0-9]+ failed' "$T/officer.out"
sum(){ grep -hE '^[0-9]+ passed, [0-9]+ failed' "$T/pages.out" "$T/vote.out" "$T/pledge.out" "$T/officer.out" | awk -v f="$1" '{n += $f} END {print n+0}'; }
npass=$(sum 1); nfail=$(sum 3)
[ "$status" != 0 ] && [ "$nfail" = 0 ] && nfail=1   # a crash before any summary line

# A sanitizer report in the server's log fails the run even if every page
# looked right.
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=""
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/serve.log"; then
  echo "FAIL the server ran clean under the sanitizers"
  grep -E -A 12 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/serve.log" | head -n 40 | sed 's/^/    /'
  status=1; nfail=$((nfail+1))
fi
echo "$npass passed, $nfail failed"
exit $status
