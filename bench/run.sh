#!/bin/sh
# run.sh: the register's speed and size figures on a 1,000,000-member union.
#   import from CSV (target < 15 s), against a floor: sqlite3's own .import of
#     the same file into a bare table, measured in the same run;
#   the whole-union readiness roll-up over HTTP (target p99 < 300 ms) and a
#     branch page (target p99 < 50 ms), 1,000 requests each with ab;
#   the server's peak resident memory (target < 200 MB).
# MEMBERS=N changes the size. Figures only: nothing here passes or fails.
set -e
cd "$(dirname "$0")/.."
M=./build/mandate
N=${MEMBERS:-1000000}
PORT=${PORT:-18931}
W=bench/tmp
rm -rf "$W"; mkdir -p "$W"
export MANDATE_TODAY=${MANDATE_TODAY:-2026-11-23}

now(){ date +%s.%N; }
secs(){ echo "$2 - $1" | bc -l | xargs printf '%.2f'; }
ratio(){ echo "$1 / $2" | bc -l | xargs printf '%.2f'; }

echo "mandate bench: $N members, $(nproc) cores"
t0=$(now); $M demo --csv "$W/csv" --members "$N" --seed 1 >/dev/null; t1=$(now)
echo "demo CSV generation:            $(secs $t0 $t1) s  ($(du -m "$W/csv/members.csv" | cut -f1) MB)"

$M init --db "$W/union.db" >/dev/null
$M import units "$W/csv/units.csv" --db "$W/union.db" --quiet >/dev/null
t0=$(now); $M import members "$W/csv/members.csv" --db "$W/union.db" --quiet >/dev/null; t1=$(now)
imp=$(secs $t0 $t1)
t0=$(now); sqlite3 "$W/floor.db" ".import --csv $W/csv/members.csv members"; t1=$(now)
flo=$(secs $t0 $t1)
echo "import members:                 $imp s  (target 15 s: $(ratio $imp 15) of it)"
echo "  floor, sqlite3 .import:       $flo s  (mandate/floor: $(ratio $imp $flo)x; the floor validates nothing)"

t0=$(now); $M readiness --db "$W/union.db" --json >/dev/null; t1=$(now)
echo "readiness CLI, whole union:     $(secs $t0 $t1) s (process start to exit)"

ROOT=$(sqlite3 "$W/union.db" "select code from units where parent_id is null")
BRANCH=$(sqlite3 "$W/union.db" "select code from units where kind='branch' order by rgt-lft desc limit 1")
printf 'bench-password-1\n' | $M user add bench --role national_officer --unit "$ROOT" --db "$W/union.db" >/dev/null
$M serve --db "$W/union.db" --listen 127.0.0.1:$PORT 2>"$W/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for i in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
. bench/login.sh
COOKIE=$(login "http://127.0.0.1:$PORT" bench bench-password-1)

p99(){ ab -q -n 1000 -c 4 -C "$COOKIE" "$1" 2>/dev/null | awk '/ 99% /{print $2}'; }
r=$(p99 "http://127.0.0.1:$PORT/api/v1/readiness")
echo "readiness roll-up, whole union: p99 $r ms over 1,000 requests, 4 at a time (target 300 ms: $(ratio $r 300) of it)"
b=$(p99 "http://127.0.0.1:$PORT/units/$BRANCH")
echo "branch page ($BRANCH):   p99 $b ms over 1,000 requests, 4 at a time (target 50 ms: $(ratio $b 50) of it)"
rss=$(awk '/VmHWM/{print int($2/1024)}' /proc/$SERVER/status)
echo "server peak resident memory:    $rss MB (target 200 MB: $(ratio $rss 200) of it)"
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT
rm -rf "$W"
sh bench/verify.sh
