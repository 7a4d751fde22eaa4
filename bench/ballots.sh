#!/bin/sh
# ballots.sh: issue 5's speed figures. Casting over HTTP (POST
# /api/v1/ballots/CODE/cast) on the demo union: every ballot checked
# (signature and proofs), appended to the board with fdatasync and
# recorded in the database before its tracker comes back. Prints the
# sustained rate of accepted ballots (target >= 1,000/s), their latency
# p50/p99 (target p99 < 100 ms) and, during the burst, the live turnout
# page's p99 (GET /api/v1/ballots/CODE as an officer; target < 100 ms).
#
# The ballots are made ahead (not timed), as members' devices would, by
# `mandate ballot make`, one per voter. The load generator is curl's own
# --parallel (libcurl multi in one process, CAST_INFLIGHT requests in
# flight, a fresh connection each, as many phones would): one client
# process, no extra code to build, and a per-request time from
# --write-out. The turnout page is read meanwhile by curl, one request
# after another, about TURNOUT_RATE a second (officers' screens
# refreshing), until the burst ends. The client shares the machine's
# cores with the server: the figures include its cost.
#
# BALLOT_MEMBERS=N (default 20000: the constituency), BALLOTS=N (default
# 20000, at most the constituency), CAST_INFLIGHT=N (default 48; the
# server takes at most 64 connections from one address), TURNOUT_RATE=N
# (turnout requests a second during the burst, default 20).
# Figures only: nothing here passes or fails.
set -e
cd "$(dirname "$0")/.."
M=./build/mandate
N=${BALLOT_MEMBERS:-20000}
NB=${BALLOTS:-20000}
INFLIGHT=${CAST_INFLIGHT:-48}
PORT=${PORT:-18941}
W=bench/tmp-ballots
BASE="http://127.0.0.1:$PORT"
rm -rf "$W"; mkdir -p "$W"
export MANDATE_TODAY=${MANDATE_TODAY:-2026-11-23}
now(){ date +%s.%N; }
secs(){ echo "$2 - $1" | bc -l | xargs printf '%.1f'; }

echo "mandate ballot bench: $N members, $NB ballots cast, $INFLIGHT in flight, $(nproc) cores"
$M demo --db "$W/union.db" --members "$N" --seed 1 >"$W/demo.out"
PASSWORD=$(awk '$2=="officer"{print $3}' "$W/demo.out")
ROOT=$(sqlite3 "$W/union.db" "select code from units where parent_id is null")
$M trustee keygen --index 1 --trustees 1 --threshold 1 --dir "$W/t1" >/dev/null
$M authority keygen --dir "$W/ca" >/dev/null
$M ballot create BENCH --title "Bench ballot" --question "Are you prepared to take strike action?" \
  --kind indicative --unit "$ROOT" --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 \
  --regime gb-tulrca-2016 --authority "$W/ca/authority.public" --public "$W/t1/trustee-1.public" \
  --db "$W/union.db" >/dev/null
$M ballot voters BENCH --out "$W/voters.csv" --db "$W/union.db" >/dev/null
BOARD="$W/union.db.ballots/BENCH/board"
cp "$BOARD" "$W/ca/board"
# no breakdown: one run of the authority for every voter
$M authority credentials --secret "$W/ca/authority.secret" --board "$W/ca/board" \
  --voters "$(($(wc -l <"$W/voters.csv") - 1))" --out "$W/ca/credentials-1" >/dev/null
cat "$W"/ca/credentials-* | grep -v '^#' >"$W/all.secret"
awk '{print $1, $3}' "$W/all.secret" >"$W/map"
$M ballot import-credentials BENCH --board-from "$W/ca" --map "$W/map" --db "$W/union.db" >/dev/null
NV=$(wc -l <"$W/all.secret")
[ "$NB" -le "$NV" ] || NB=$NV

# the ballots, made ahead on "the members' devices" (not timed)
mkdir -p "$W/b"
t0=$(now)
if ! head -n "$NB" "$W/all.secret" | awk '{print NR, $2, (NR % 5 < 3 ? "yes" : "no")}' |
  xargs -P "$(nproc)" -n 3 sh -c "$M ballot make BENCH --credential \"\$1\" --choose \"\$2\" --db $W/union.db \
    >$W/b/\$0.hex 2>>$W/make.err"; then
  echo "ballot bench: making the ballots failed:"; grep -v '^tracker ' "$W/make.err" | head -n 5; exit 1
fi
t1=$(now)
echo "ballots made ahead:             $(ls "$W/b" | wc -l) in $(secs "$t0" "$t1") s (the members' devices; not timed)"

# the load generator's config: one transfer per ballot
for i in $(seq 1 "$NB"); do
  printf 'url = "%s/api/v1/ballots/BENCH/cast"\nheader = "Content-Type: text/plain"\ndata-binary = "@%s/b/%d.hex"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total} %%{exitcode}\\n"\nnext\n' \
    "$BASE" "$W" "$i"
done | sed '$d' >"$W/cast.cfg"

$M serve --db "$W/union.db" --listen "127.0.0.1:$PORT" >/dev/null 2>"$W/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
. bench/login.sh
COOKIE=$(login "$BASE" officer "$PASSWORD")
turnout(){  # one read of the turnout page: "STATUS SECONDS"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Cookie: $COOKIE" "$BASE/api/v1/ballots/BENCH"
}
p(){ sort -n | awk -v q="$1" '{a[NR]=$1} END{i=int(NR*q+0.999); if(i<1)i=1; if(NR) printf "%.1f", a[i]*1000; else printf "-"}'; }

# idle turnout page
for _ in $(seq 1 200); do turnout; done >"$W/turnout-idle"
echo "turnout page p99, idle:         $(awk '$1==200{print $2}' "$W/turnout-idle" | p 0.99) ms ($(grep -c '^200 ' "$W/turnout-idle") requests)"

# the burst, and the turnout page read meanwhile
cpu(){ awk '{print $14 + $15}' "/proc/$SERVER/stat"; }   # the server's CPU time, in ticks
c0=$(cpu)
t0=$(now)
( curl -s --parallel --parallel-immediate --parallel-max "$INFLIGHT" -K "$W/cast.cfg" >"$W/cast.out" 2>/dev/null || true
  now >"$W/burst-end" ) &
CASTER=$!
while kill -0 "$CASTER" 2>/dev/null; do turnout; sleep "$(echo "1 / ${TURNOUT_RATE:-20}" | bc -l)"; done >"$W/turnout-busy"
wait "$CASTER" || true
t1=$(cat "$W/burst-end")
c1=$(cpu)
ok=$(grep -c '^201 ' "$W/cast.out" || true)
wall=$(echo "$t1 - $t0" | bc -l)
echo "ballots accepted (201):         $ok of $NB in $(printf '%.2f' "$wall") s; other answers: $(grep -v '^201 ' "$W/cast.out" | cut -d' ' -f1 | sort | uniq -c | tr '\n' ' ')"
echo "sustained rate:                 $(echo "$ok / $wall" | bc -l | xargs printf '%.0f') ballots/s (target 1,000/s), each verified, fdatasync'd and committed before its answer"
echo "cast latency:                   p50 $(awk '$1==201{print $2}' "$W/cast.out" | p 0.50) ms, p99 $(awk '$1==201{print $2}' "$W/cast.out" | p 0.99) ms (target p99 100 ms)"
echo "server CPU per ballot:          $(echo "($c1 - $c0) * 1000 / $(getconf CLK_TCK) / ($ok + 1)" | bc -l | xargs printf '%.2f') ms (checks, board, database, HTTP; the turnout reads included)"
echo "turnout page p99, during it:    $(awk '$1==200{print $2}' "$W/turnout-busy" | p 0.99) ms (target 100 ms) over $(grep -c '^200 ' "$W/turnout-busy" || true) requests"
kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true
trap - EXIT
rec=$(sqlite3 "$W/union.db" "select count(*) from ballot_received")
echo "recorded / on the board:        $rec / $(grep -c '^ballot ' "$BOARD")"
[ -n "${KEEP:-}" ] || rm -rf "$W"
