#!/bin/sh
# pledges.sh: issue 6's speed figure. A pledge campaign over a union of
# 200,000 members, every one of them in scope with a credential; a burst
# of 2,000 signed pledges a minute for a minute through the web's public
# intake (POST /api/v1/pledges/CODE/sign, each checked, on the board with
# fsync and committed before its 201); and, during the burst, the public
# progress page's latency with ab (target p99 < 100 ms). The pledges are
# signed ahead, as members' devices would, by `mandate pledge items`.
# PLEDGE_MEMBERS=N and PLEDGE_RATE=N (a minute) change the sizes.
# Figures only: nothing here passes or fails.
set -e
cd "$(dirname "$0")/.."
M=./build/mandate
N=${PLEDGE_MEMBERS:-200000}
RATE=${PLEDGE_RATE:-2000}
PORT=${PORT:-18937}
W=bench/tmp-pledges
rm -rf "$W"; mkdir -p "$W"
export MANDATE_TODAY=${MANDATE_TODAY:-2026-11-23}
command -v ab >/dev/null 2>&1 || { echo "pledges bench: skipped (ab is missing: sh scripts/deps.sh bench)"; exit 0; }
now(){ date +%s.%N; }
secs(){ echo "$2 - $1" | bc -l | xargs printf '%.1f'; }

echo "mandate pledge bench: $N members in scope, $RATE signatures a minute, $(nproc) cores"
$M demo --db "$W/union.db" --members "$N" --seed 1 >/dev/null
$M trustee keygen --index 1 --trustees 1 --threshold 1 --dir "$W/t1" >/dev/null
$M trustee shares --secret "$W/t1/trustee-1.secret" --public "$W/t1/trustee-1.public" --out "$W/s1" >/dev/null 2>&1 || true
$M authority keygen --dir "$W/auth" >/dev/null
$M pledge create --db "$W/union.db" --code bench --title "Strike pledge" --template strike --deadline 2026-12-20 \
  --authority "$W/auth/authority.public" --public "$W/t1/trustee-1.public" \
  --action "Strike on 1 December=60%/workplace" --action "Work to rule=30%" >/dev/null
t0=$(now)
$M pledge credentials bench --db "$W/union.db" --secret "$W/auth/authority.secret" --out "$W/creds" >/dev/null
t1=$(now)
echo "credentials for all in scope:   $(grep -vc '^#' "$W/creds") in $(secs $t0 $t1) s"
t0=$(now)
$M pledge items bench --db "$W/union.db" --credentials "$W/creds" --count "$RATE" --out "$W/items" --actions 1,2 >/dev/null
t1=$(now)
echo "pledges signed ahead:           $RATE in $(secs $t0 $t1) s (the members' devices)"

$M serve --db "$W/union.db" --listen "127.0.0.1:$PORT" >/dev/null 2>"$W/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/pledges/bench/progress"
idle=$(ab -q -n 500 -c 4 "$URL" 2>/dev/null | awk '/ 99% /{print $2}')
echo "progress page p99, idle:        ${idle} ms"

# The burst: RATE pledges over 60 s, paced in 4 lanes.
gap=$(echo "4 * 60 / $RATE" | bc -l)
ls "$W"/items/*.json >"$W/list"
t0=$(now)
LANES=""
for lane in 0 1 2 3; do
  awk -v l=$lane 'NR % 4 == l' "$W/list" | while read -r f; do
    s=$(now)
    curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' --data-binary "@$f" \
      "http://127.0.0.1:$PORT/api/v1/pledges/bench/sign" >>"$W/codes.$lane"
    left=$(echo "$gap - ($(now) - $s)" | bc -l)
    case $left in -*|0) ;; *) sleep "$left";; esac
  done &
  LANES="$LANES $!"
done
sleep 2
busy=$(ab -q -t 50 -n 1000000 -c 4 "$URL" 2>/dev/null | awk '/ 99% /{p=$2} /Requests per second/{r=$4} END{print p, r}')
for j in $LANES; do wait "$j" 2>/dev/null || true; done
t1=$(now)
ok=$(cat "$W"/codes.* | grep -c '^201$' || true)
echo "burst:                          $ok of $RATE pledges taken (201) in $(secs $t0 $t1) s"
echo "progress page p99, during it:   $(echo "$busy" | cut -d' ' -f1) ms (target 100 ms), at $(echo "$busy" | cut -d' ' -f2) requests/s"
counted=$(curl -s "http://127.0.0.1:$PORT/api/v1/pledges/bench/progress" | sed -n 's/.*"counted": *\([0-9]*\).*/\1/p')
echo "counted after the burst:        $counted"
t0=$(now); $M pledge verify "$W/union.db-pledges/bench" >/dev/null; t1=$(now)
echo "pledge verify, whole board:     $(secs $t0 $t1) s"
kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true
rm -rf "$W"
