# test_ballot_burst.sh: the intake's group commit under a burst. Many
# ballots are cast at once (curl --parallel, 32 in flight), so that they
# are verified side by side and reach the board in groups, one fdatasync
# and one transaction each; a second burst is cut by `kill -9` of the
# server. After the restart: every ballot that got a tracker back is on
# the board and recorded, the board and the database hold the same
# ballots in the same order, the board's chain and every ballot on it
# verify, and the ballots the kill cut off can be cast again.
. tests/lib.sh
export MANDATE_REGIMES=$PWD/data/regimes
D=$T_DIR
DB=$D/union.db
BOARD=$DB.ballots/BURST/board
PORT=$((20000 + ($$ + 11) % 20000))
BASE=http://127.0.0.1:$PORT
NB=160
q(){ sqlite3 "$DB" "$1"; }
SERVER=
trap '[ -n "$SERVER" ] && kill -9 $SERVER 2>/dev/null; rm -rf "$T_DIR"' EXIT

# --- a ballot of the whole demo union, one trustee, credentials in
"$MANDATE" demo --db "$DB" --members 400 >/dev/null 2>&1
ROOT=$(q "select code from units where parent_id is null")
"$MANDATE" trustee keygen --index 1 --trustees 1 --threshold 1 --dir "$D/t1" >/dev/null
"$MANDATE" authority keygen --dir "$D/ca" >/dev/null
expect_exit 0 "create a ballot of the whole union" "$MANDATE" ballot create BURST --title "Burst" --question "Strike?" \
  --kind indicative --unit "$ROOT" --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 --regime gb-tulrca-2016 \
  --authority "$D/ca/authority.public" --public "$D/t1/trustee-1.public" --db "$DB"
"$MANDATE" ballot voters BURST --out "$D/voters.csv" --db "$DB" >/dev/null
cp "$BOARD" "$D/ca/board"
"$MANDATE" authority credentials --secret "$D/ca/authority.secret" --board "$D/ca/board" \
  --voters "$(($(wc -l <"$D/voters.csv") - 1))" --out "$D/ca/credentials" >/dev/null
grep -v '^#' "$D/ca/credentials" >"$D/all.secret"
awk '{print $1, $3}' "$D/all.secret" >"$D/map"
expect_exit 0 "import the public halves" "$MANDATE" ballot import-credentials BURST --board-from "$D/ca" --map "$D/map" --db "$DB"

# --- NB ballots made ahead, and a curl config casting each one
mkdir -p "$D/b"
head -n "$NB" "$D/all.secret" | awk '{print NR, $2, (NR % 3 ? "yes" : "no")}' | while read -r i cred choice; do
  "$MANDATE" ballot make BURST --credential "$cred" --choose "$choice" --db "$DB" >"$D/b/$i.hex" 2>/dev/null
done
[ "$(cat "$D"/b/*.hex | wc -l)" = "$NB" ] && ok "$NB ballots made" || not_ok "$NB ballots made"
config(){  # config FIRST LAST: one transfer per ballot, "N STATUS" then the answer
  for i in $(seq "$1" "$2"); do
    printf 'url = "%s/api/v1/ballots/BURST/cast"\nheader = "Content-Type: text/plain"\ndata-binary = "@%s/b/%d.hex"\noutput = "%s/r%d"\nwrite-out = "%d %%{http_code}\\n"\nnext\n' \
      "$BASE" "$D" "$i" "$D" "$i" "$i"
  done | sed '$d'
}
start_server(){
  "$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT >/dev/null 2>>"$D/serve.log" &
  SERVER=$!
  for _ in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
}
acked(){  # the trackers of every 201 so far
  for f in "$D"/status*; do awk '$2==201{print $1}' "$f"; done | while read -r i; do jq -r .tracker "$D/r$i"; done
}

# --- a first burst: all answered, all in order
start_server
HALF=$((NB / 2))
config 1 "$HALF" >"$D/first.cfg"
curl -s --parallel --parallel-immediate --parallel-max 32 -K "$D/first.cfg" >"$D/status1" 2>/dev/null
[ "$(awk '$2==201' "$D/status1" | wc -l)" = "$HALF" ] && ok "a burst of $HALF concurrent ballots: every one 201" \
  || not_ok "a burst of concurrent ballots: every one 201" "$(cut -d' ' -f2 "$D/status1" | sort | uniq -c | tr '\n' ' ')"
[ "$(acked | sort -u | wc -l)" = "$HALF" ] && ok "each has its own tracker" || not_ok "each has its own tracker"
[ "$(q 'select count(*) from ballot_received')" = "$HALF" ] && [ "$(grep -c '^ballot ' "$BOARD")" = "$HALF" ] \
  && ok "each is on the board once and recorded once" || not_ok "each is on the board once and recorded once"

# --- a second burst, cut by kill -9
config $((HALF + 1)) "$NB" >"$D/second.cfg"
curl -s --parallel --parallel-immediate --parallel-max 32 -K "$D/second.cfg" >"$D/status2" 2>/dev/null &
CLIENT=$!
for _ in $(seq 1 400); do [ "$(q 'select count(*) from ballot_received' 2>/dev/null)" -ge $((HALF + 10)) ] 2>/dev/null && break; sleep 0.01; done
kill -9 $SERVER; wait $SERVER 2>/dev/null; SERVER=
wait $CLIENT
N2=$(awk '$2==201' "$D/status2" | wc -l)
ok "the server was killed during the burst ($N2 of $((NB - HALF)) acknowledged before it)"
start_server
# a ballot after the restart makes the intake reconcile the board and the store
LATE=$(awk '$2!=201{print $1}' "$D/status2" | head -n 1)
if [ -n "$LATE" ]; then
  st=$(curl -s -o "$D/r$LATE" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$D/b/$LATE.hex" "$BASE/api/v1/ballots/BURST/cast")
  { [ "$st" = 201 ] || [ "$st" = 409 ]; } && ok "a ballot the kill cut off is taken after the restart (or was already on the board: $st)" \
    || not_ok "a ballot cut off is taken after the restart" "$st $(cat "$D/r$LATE")"
fi
"$MANDATE" verify "$BOARD" --trackers >"$D/trackers" 2>&1
missing=0
for t in $(acked); do
  grep -q "$t" "$D/trackers" || missing=$((missing+1))
  [ "$(q "select count(*) from ballot_received where tracker='$t'")" = 1 ] || missing=$((missing+1))
done
[ "$missing" = 0 ] && ok "every acknowledged tracker ($(acked | wc -l)) is on the board and recorded" \
  || not_ok "every acknowledged tracker is on the board and recorded" "$missing missing"
grep -q "without a result" "$D/trackers" && [ "$(grep -c 'FAILED' "$D/trackers")" = 1 ] \
  && ok "the board's chain and every ballot on it verify (it is still open: no result yet)" \
  || not_ok "the board verifies" "$(tail -n 3 "$D/trackers")"
# the same ballots in the same order: the store's offsets against the board's lines
q "select tracker from ballot_received order by board_offset" >"$D/store-order"
awk '$1=="line"{print $3}' "$D/trackers" >"$D/board-order"
[ -s "$D/store-order" ] && cmp -s "$D/store-order" "$D/board-order" \
  && ok "the database and the board hold the same ballots in the same order" \
  || not_ok "the database and the board agree" "$(wc -l <"$D/store-order") recorded, $(wc -l <"$D/board-order") on the board"
[ "$(q 'select count(distinct voter_id) from ballot_received')" = "$(q 'select count(*) from ballot_voters where voted_at is not null')" ] \
  && ok "every recorded ballot's voter is marked as voted" || not_ok "every recorded ballot's voter is marked as voted"
kill $SERVER; wait $SERVER 2>/dev/null; SERVER=
finish
