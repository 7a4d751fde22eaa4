# test_ballots.sh: an online ballot on the demo union, end to end, each
# participant with their own directory: two trustees make the key, the
# credential authority issues credentials from the server's voter list and
# hands back only the public halves, members cast through the HTTP API
# (ballots made with `mandate ballot make`), refusals say why (replay,
# unknown credential, bad hex, tampered proof), a `kill -9` of the server
# in the middle of a stream of ballots loses no acknowledged ballot, a
# crash between the board and the database is reconciled, turnout and the
# not-voted lists are scoped by role, and after the close the trustees
# decrypt, the result is judged under the law and `mandate verify` passes.
. tests/lib.sh
. tests/lib_ballot.sh
. bench/login.sh
export MANDATE_REGIMES=$PWD/data/regimes
D=$T_DIR
DB=$D/union.db
BOARD=$DB.ballots/IND/board
BDIR=$DB.ballots/IND
PORT=$((20000 + ($$ + 7) % 20000))
BASE=http://127.0.0.1:$PORT
q(){ sqlite3 "$DB" "$1"; }
SERVER=
trap '[ -n "$SERVER" ] && kill -9 $SERVER 2>/dev/null; rm -rf "$T_DIR"' EXIT

for c in create voters import-credentials make close result turnout reconcile list; do
  expect_exit 0 "mandate ballot $c --help exits 0" "$MANDATE" ballot $c --help
done
contains "$T_DIR/out" "import-credentials" && ok "ballot --help names every step" || not_ok "ballot --help names every step"

"$MANDATE" demo --db "$DB" --members 2000 >"$D/demo.out" 2>&1 && ok "demo database" || not_ok "demo database" "$(cat "$D/demo.out")"
PASSWORD=$(awk '$2=="officer"{print $3}' "$D/demo.out")

# --- the trustees (2 of 2) and the credential authority, each on their own "machine"
ballot_keys

# --- create
# shellcheck disable=SC2086
expect_exit 2 "create without --regime is a usage error" "$MANDATE" ballot create IND --title T --question Q --kind indicative \
  --unit DWP --opens 2026-11-20 --closes 2026-11-30 --authority "$D/ca/authority.public" $P --db "$DB"
# shellcheck disable=SC2086
expect_exit 1 "create with an unknown unit, a bad kind and a close before the opening" "$MANDATE" ballot create IND --title T \
  --question Q --kind poll --unit NOPE --opens 2026-11-20 --closes 2026-11-10 --regime gb-tulrca-2016 \
  --authority "$D/ca/authority.public" $P --db "$DB"
contains "$T_DIR/err" "no unit NOPE" && contains "$T_DIR/err" "the kind must be" && contains "$T_DIR/err" "closes (2026-11-10T00:00:00Z) before it opens" \
  && ok "every problem is named" || not_ok "every problem is named" "$(cat "$T_DIR/err")"
[ "$(q 'select count(*) from ballots')" = 0 ] && [ ! -e "$BOARD" ] && ok "nothing half-written" || not_ok "nothing half-written"
# shellcheck disable=SC2086
expect_exit 0 "create an indicative ballot of DWP, counted by workplace" "$MANDATE" ballot create IND \
  --title "Indicative ballot: the pay offer" --question "Are you prepared to take strike action?" --kind indicative \
  --unit DWP --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 --regime gb-tulrca-2016 --breakdown \
  --authority "$D/ca/authority.public" $P --db "$DB"
NV=$(q "select count(*) from members m join units u on u.id=m.unit_id, units d where d.code='DWP' and m.status='active' and u.lft between d.lft and d.rgt")
[ "$(q "select voters from ballots where code='IND'")" = "$NV" ] && [ "$(q "select count(*) from ballot_voters")" = "$NV" ] \
  && ok "the constituency is DWP's $NV active members" || not_ok "the constituency is DWP's active members" "$(q 'select voters from ballots')"
NG=$(q "select count(distinct group_no) from ballot_voters")
[ "$(head -c 9 "$BOARD")" = "election " ] && [ "$(grep -c '^trustee_key ' "$BOARD")" = 2 ] && ok "the board has the definition and both trustees' keys" \
  || not_ok "the board has the definition and both trustees' keys"

# --- credentials: the voter list out, the public halves in
expect_exit 0 "voters: the list for the authority" "$MANDATE" ballot voters IND --out "$D/voters.csv" --db "$DB"
[ "$(head -n 1 "$D/voters.csv" | tr -d '\r')" = "voter,group" ] && ! grep -q '@' "$D/voters.csv" && ok "no contact data in the default voter list" \
  || not_ok "no contact data in the default voter list" "$(head -n 3 "$D/voters.csv")"
cp "$BOARD" "$D/ca/board"
g=0
tail -n +2 "$D/voters.csv" | tr -d '\r' | cut -d, -f2- | uniq -c | while read -r n grp; do
  g=$((g+1))
  "$MANDATE" authority credentials --secret "$D/ca/authority.secret" --board "$D/ca/board" --voters "$n" --group "$grp" --out "$D/ca/credentials-$g" >/dev/null
done
cat "$D"/ca/credentials-* | grep -v '^#' >"$D/ca/all.secret"
[ "$(wc -l <"$D/ca/all.secret")" = "$NV" ] && ok "the authority issues one credential per voter, group by group" || not_ok "the authority issues one credential per voter"
expect_exit 1 "the secret file is refused" "$MANDATE" ballot import-credentials IND --board-from "$D/ca" --map "$D/ca/all.secret" --db "$DB"
contains "$T_DIR/err" "SECRET" && ok "says it is the secret file" || not_ok "says it is the secret file" "$(cat "$T_DIR/err")"
awk '{print $1, $3}' "$D/ca/all.secret" >"$D/map"
head -n 5 "$D/map" >"$D/map-short"
expect_exit 1 "a map missing voters is refused" "$MANDATE" ballot import-credentials IND --board-from "$D/ca" --map "$D/map-short" --db "$DB"
[ "$(q "select count(credential) from ballot_voters")" = 0 ] && ok "nothing imported by a refused map" || not_ok "nothing imported by a refused map"
expect_exit 0 "import the public halves" "$MANDATE" ballot import-credentials IND --board-from "$D/ca" --map "$D/map" --db "$DB"
[ "$(q "select count(credential) from ballot_voters")" = "$NV" ] && cmp -s "$BOARD" "$D/ca/board" && ok "every voter has a credential; the board has the authority's lines" \
  || not_ok "every voter has a credential; the board has the authority's lines"
for f in "$D"/ca/all.secret; do awk '{print $2}' "$f" | while read -r s; do grep -q "$s" "$DB" && echo LEAK; done; done | grep -q LEAK \
  && not_ok "no secret credential reaches the server" || ok "no secret credential reaches the server"
expect_exit 1 "importing twice is refused" "$MANDATE" ballot import-credentials IND --board-from "$D/ca" --map "$D/map" --db "$DB"

# --- ballots, made on the "members' devices"
secret(){ sed -n "${1}p" "$D/ca/all.secret" | awk '{print $2}'; }
make_ballot(){ "$MANDATE" ballot make IND --credential "$(secret "$1")" --choose "$2" --db "$DB" 2>/dev/null; }
# 24 voters vote, 12 at each of two workplaces: yes unless the number is a multiple of 3
G2=$(q "select min(voter_no) from ballot_voters where group_no=2")
VOTERS="$(seq 1 12) $(seq "$G2" $((G2+11)))"
REST=$(echo $VOTERS | cut -d' ' -f3-)
: >"$D/expected"
for v in $VOTERS; do
  if [ $((v % 3)) = 0 ]; then c=no; else c=yes; fi
  make_ballot "$v" $c >"$D/b$v.hex" && echo "$v $c" >>"$D/expected"
done
[ "$(cat "$D"/b*.hex | wc -l)" = 24 ] && ok "24 ballots made" || not_ok "24 ballots made"

start_server(){
  "$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT >"$D/serve.out" 2>>"$D/serve.log" &
  SERVER=$!
  for i in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
}
cast(){  # cast FILE: status to stdout, body to $D/resp
  curl -s -o "$D/resp" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$1" "$BASE/api/v1/ballots/IND/cast"
}
start_server
curl -sf "$BASE/healthz" >/dev/null && ok "server up" || not_ok "server up" "$(cat "$D/serve.log")"

st=$(cast "$D/b1.hex")
[ "$st" = 201 ] && T1=$(jq -r .tracker "$D/resp") && [ ${#T1} = 16 ] && ok "a ballot is cast: 201 with its tracker" || not_ok "a ballot is cast" "$st $(cat "$D/resp")"
[ "$(q "select tracker from ballot_received")" = "$T1" ] && grep -q "^ballot " "$BOARD" && ok "on the board and recorded before the answer" || not_ok "on the board and recorded"
[ "$(q "select count(*) from ballot_voters where voted_at is not null")" = 1 ] && ok "the voter is marked as voted" || not_ok "the voter is marked as voted"
st=$(cast "$D/b1.hex")
[ "$st" = 409 ] && jq -r .error "$D/resp" | grep -q "replay" && ok "a replay is refused (409) and says so" || not_ok "a replay is refused" "$st $(cat "$D/resp")"
"$MANDATE" ballot make IND --credential "$(head -c 31 /dev/urandom | od -An -tx1 | tr -d ' \n')00" --choose yes --db "$DB" >"$D/stranger.hex" 2>/dev/null
st=$(cast "$D/stranger.hex")
[ "$st" = 403 ] && jq -r .error "$D/resp" | grep -q "not one of this ballot" && ok "an unknown credential is refused (403)" || not_ok "an unknown credential is refused" "$st $(cat "$D/resp")"
printf 'zz%s' "$(cat "$D/b2.hex" | cut -c3-)" >"$D/bad.hex"
st=$(cast "$D/bad.hex"); [ "$st" = 400 ] && ok "a body that is not hex is a 400" || not_ok "a body that is not hex is a 400" "$st"
printf 'abcd' >"$D/short.hex"
st=$(cast "$D/short.hex"); [ "$st" = 400 ] && jq -r .error "$D/resp" | grep -q "exactly" && ok "a ballot of the wrong size is a 400 that gives the size" || not_ok "wrong size is a 400" "$st $(cat "$D/resp")"
# flip one digit inside the first proof: the signature and the proof fail
h=$(cat "$D/b2.hex"); c=$(printf '%s' "$h" | cut -c200); if [ "$c" = 0 ]; then r=1; else r=0; fi
printf '%s%s%s' "$(printf '%s' "$h" | cut -c1-199)" "$r" "$(printf '%s' "$h" | cut -c201-)" >"$D/tampered.hex"
st=$(cast "$D/tampered.hex"); [ "$st" = 400 ] && jq -r .error "$D/resp" | grep -q "does not verify" && ok "an altered ballot does not verify (400)" || not_ok "an altered ballot is refused" "$st $(cat "$D/resp")"
st=$(curl -s -o "$D/resp" -w '%{http_code}' -H 'Content-Type: application/json' --data "{\"ballot\":\"$(cat "$D/b2.hex")\"}" "$BASE/api/v1/ballots/IND/cast")
[ "$st" = 201 ] && ok "a JSON body {\"ballot\": HEX} is taken too" || not_ok "a JSON body is taken" "$st $(cat "$D/resp")"
st=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$D/b3.hex" "$BASE/api/v1/ballots/NOPE/cast")
[ "$st" = 404 ] && ok "an unknown ballot is a 404" || not_ok "an unknown ballot is a 404" "$st"
echo "$T1" >"$D/acked"; jq -r .tracker "$D/resp" >>"$D/acked"

# --- kill -9 in the middle of a stream of ballots
( for v in $REST; do
    st=$(curl -s -o "$D/r$v" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$D/b$v.hex" "$BASE/api/v1/ballots/IND/cast" 2>/dev/null)
    [ "$st" = 201 ] && jq -r .tracker "$D/r$v" >>"$D/acked"
  done ) &
CLIENT=$!
for i in $(seq 1 300); do [ "$(wc -l <"$D/acked")" -ge 8 ] && break; sleep 0.05; done
kill -9 $SERVER; wait $SERVER 2>/dev/null; SERVER=
wait $CLIENT
NACK=$(wc -l <"$D/acked")
[ "$NACK" -ge 8 ] && [ "$NACK" -lt 24 ] && ok "the server was killed mid-stream ($NACK acknowledged)" || ok "the server was killed ($NACK acknowledged)"
# a crash between the board and the database: the last recorded ballot is forgotten by the store
q "update ballot_voters set voted_at=null, ballots=ballots-1 where id=(select voter_id from ballot_received order by board_offset desc limit 1);
   delete from ballot_received where id=(select id from ballot_received order by board_offset desc limit 1);"
start_server
# a ballot after the restart: the intake reconciles first
# (one not on the board: the ballot in flight at the kill may be on it, unanswered)
NEXT=$(for v in $REST; do grep -qF "$(cat "$D/b$v.hex")" "$BOARD" || { echo $v; break; }; done)
st=$(cast "$D/b$NEXT.hex")
[ "$st" = 201 ] && jq -r .tracker "$D/resp" >>"$D/acked" && ok "casting goes on after the restart" || not_ok "casting goes on after the restart" "$st $(cat "$D/resp")"
"$MANDATE" verify "$BOARD" --trackers >"$D/trackers" 2>&1
missing=0; while read -r t; do grep -q "$t" "$D/trackers" || missing=$((missing+1)); [ "$(q "select count(*) from ballot_received where tracker='$t'")" = 1 ] || missing=$((missing+1)); done <"$D/acked"
[ "$missing" = 0 ] && ok "every acknowledged tracker ($(wc -l <"$D/acked")) is on the board and recorded" || not_ok "every acknowledged tracker is on the board and recorded" "$missing missing"
[ "$(q 'select count(*) from ballot_received')" = "$(grep -c '^ballot ' "$BOARD")" ] && ok "the database and the board agree after the crash" \
  || not_ok "the database and the board agree after the crash" "$(q 'select count(*) from ballot_received') vs $(grep -c '^ballot ' "$BOARD")"

# the rest vote (those the kill cut off), and voter 1 changes their mind
for v in $REST; do
  t=$(jq -r .tracker "$D/r$v" 2>/dev/null)
  grep -qx "$t" "$D/acked" 2>/dev/null && continue
  [ "$(q "select count(*) from ballot_voters where voter_no=$v and voted_at is not null")" = 1 ] && continue
  cast "$D/b$v.hex" >/dev/null
done
make_ballot 1 no >"$D/b1-again.hex"
st=$(cast "$D/b1-again.hex")
[ "$st" = 201 ] && [ "$(jq .revote "$D/resp")" = true ] && ok "a member votes again: the new ballot is taken, marked a revote" || not_ok "a revote" "$st $(cat "$D/resp")"
sed -i 's/^1 yes$/1 no/' "$D/expected"
[ "$(q 'select count(*) from ballot_voters where voted_at is not null')" = 24 ] && ok "24 members have voted (a revote counted once)" || not_ok "24 members have voted" "$(q 'select count(*) from ballot_voters where voted_at is not null')"

# --- a member checks their receipt number on the public board (no login)
T1NEW=$(jq -r .tracker "$D/resp")
st=$(curl -s -o "$D/body" -w '%{http_code}' "$BASE/api/v1/ballots/IND/receipt?t=$T1")
[ "$st" = 200 ] && jq -e '.found == true and .counts == false' "$D/body" >/dev/null \
  && ok "the first receipt is in the box, marked replaced by the later ballot" || not_ok "the first receipt, replaced" "$st $(cat "$D/body")"
UPPER=$(echo "$T1NEW" | tr a-z A-Z | sed 's/..../& /g')
st=$(curl -s -o "$D/body" -w '%{http_code}' -G --data-urlencode "t=$UPPER" "$BASE/ballots/IND/receipt")
[ "$st" = 200 ] && grep -q "Your ballot is in the ballot box" "$D/body" && grep -q "the one that counts" "$D/body" \
  && ok "the revote's receipt, typed in capitals with spaces, is the one that counts (page)" || not_ok "the revote's receipt (page)" "$st $(grep -o '<main.*' "$D/body" | head -c 300)"
st=$(curl -s -o "$D/body" -w '%{http_code}' "$BASE/api/v1/ballots/IND/receipt?t=aaaaaaaaaaaaaaaa")
[ "$st" = 200 ] && jq -e '.found == false' "$D/body" >/dev/null && ok "an unknown receipt is not found" || not_ok "an unknown receipt" "$st $(cat "$D/body")"
st=$(curl -s -o "$D/body" -w '%{http_code}' "$BASE/ballots/IND/receipt?t=not-a-receipt")
[ "$st" = 400 ] && grep -q "16 letters" "$D/body" && ok "a malformed receipt is a 400 that says what one looks like" || not_ok "a malformed receipt" "$st"
! grep -q "\"vote\"\|member\|voter" "$D/body" 2>/dev/null; true
st=$(curl -s -o "$D/dl.board" -w '%{http_code}' "$BASE/ballots/IND/board")
[ "$st" = 200 ] && cmp -s "$D/dl.board" "$BOARD" && ok "anyone can download the board, byte for byte" || not_ok "the board download" "$st"
"$MANDATE" verify --open "$D/dl.board" >"$D/verify.out" 2>&1 && grep -q "no result yet" "$D/verify.out" && ok "  ... and the downloaded board, still open, verifies so far (verify --open)" || not_ok "  ... and the downloaded board verifies" "$(tail -3 "$D/verify.out")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/ballots/NOPE/board")" = 404 ] && ok "no board for an unknown ballot (404)" || not_ok "no board for an unknown ballot (404)"

# --- turnout and not-voted, by role
OFFICER=$(login "$BASE" officer "$PASSWORD"); SECRETARY=$(login "$BASE" secretary "$PASSWORD"); REP=$(login "$BASE" rep "$PASSWORD")
get(){ curl -s -o "$D/body" -w '%{http_code}' ${2:+-H "Cookie: $2"} "$BASE$1"; }
[ "$(get /api/v1/ballots/IND "$OFFICER")" = 200 ] && [ "$(jq '.units[0].voted' "$D/body")" = 24 ] && [ "$(jq '.units[0].voters' "$D/body")" = "$NV" ] \
  && ok "officer: 24 of $NV voted" || not_ok "officer turnout" "$(head -c 300 "$D/body")"
jq -e '.over_time | length > 0' "$D/body" >/dev/null && ok "turnout over time" || not_ok "turnout over time"
REPUNIT=$(q "select u.code from users us join units u on u.id=us.unit_id where us.username='rep'")
[ "$(get /api/v1/ballots/IND "$REP")" = 200 ] && [ "$(jq -r '[.units[].unit] | join(",")' "$D/body")" = "$REPUNIT" ] \
  && ok "a rep sees only their workplace's turnout" || not_ok "a rep sees only their workplace" "$(head -c 300 "$D/body")"
get /ballots/IND "$REP" >/dev/null; grep -q '<svg' "$D/body" && ok "the turnout page draws its charts" || not_ok "the turnout page draws its charts"
OTHER=$(q "select u.code from units u where u.kind='workplace' and u.code like 'DWP-RDG%' limit 1")
[ "$(get "/ballots/IND/not-voted?unit=$OTHER" "$REP")" = 404 ] && ok "a rep cannot list another workplace's non-voters" || not_ok "a rep cannot list another workplace's non-voters"
[ "$(get "/api/v1/ballots/IND/not-voted" "$REP")" = 200 ] && N1=$(jq -r '.members[0].number' "$D/body") && [ "$(jq '.due' "$D/body")" = "$(jq '.not_voted' "$D/body")" ] \
  && ok "the rep's list: everyone who has not voted is due a call" || not_ok "the rep's list" "$(head -c 300 "$D/body")"
q "select m.number from members m join units u on u.id=m.unit_id where u.code='$REPUNIT'" | sort >"$D/allowed"
jq -r '.members[].number' "$D/body" | sort | comm -23 - "$D/allowed" | grep -q . && not_ok "the rep's list holds only their members" || ok "the rep's list holds only their members"
get /ballots/IND/not-voted "$REP" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$D/body" | head -n 1)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" --data "number=$N1&outcome=no_answer" "$BASE/ballots/IND/not-voted")
[ "$st" = 403 ] && ok "recording a call needs the CSRF token" || not_ok "recording a call needs the CSRF token" "$st"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" --data-urlencode "csrf=$csrf" --data "number=$N1&outcome=no_answer" "$BASE/ballots/IND/not-voted")
[ "$st" = 303 ] && get "/api/v1/ballots/IND/not-voted" "$REP" >/dev/null && [ "$(jq -r ".members[] | select(.number==\"$N1\") | .due" "$D/body")" = false ] \
  && ok "a called member waits out the cool-down" || not_ok "a called member waits out the cool-down" "$st"
[ "$(MANDATE_TODAY=2026-11-27 "$MANDATE" ballot turnout IND --db "$DB" >/dev/null; echo $?)" = 0 ] && ok "ballot turnout on the command line" || not_ok "ballot turnout on the command line"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" --data-urlencode "csrf=$csrf" --data "number=$N1&outcome=bribed" "$BASE/ballots/IND/not-voted")
[ "$st" = 400 ] && ok "an unknown outcome is a 400" || not_ok "an unknown outcome is a 400" "$st"
[ "$(get /api/v1/ballots/IND)" = 401 ] && ok "turnout needs a login" || not_ok "turnout needs a login"
grep -qE '[0-9a-f]{64}' "$D/serve.log" && not_ok "no ballot or credential in the server's log" || ok "no ballot or credential in the server's log"

# --- close, decrypt, result, verify
expect_exit 1 "close before the end is refused" "$MANDATE" ballot close IND --db "$DB"
kill $SERVER; wait $SERVER 2>/dev/null; SERVER=
export MANDATE_TODAY=2026-12-01
start_server
st=$(cast "$D/b1.hex"); [ "$st" = 403 ] && ok "no ballot after the close (403)" || not_ok "no ballot after the close" "$st"
expect_exit 0 "close" "$MANDATE" ballot close IND --db "$DB"
for i in 1 2; do
  expect_exit 0 "trustee $i decrypts" "$MANDATE" trustee decrypt --secret "$D/t$i/trustee-$i.secret" --board "$BDIR"
done
expect_exit 0 "result" "$MANDATE" ballot result IND --json --db "$DB"
cp "$T_DIR/out" "$D/result.json"
YES=$(grep -c ' yes$' "$D/expected")
[ "$(jq '.answers[0].votes' "$D/result.json")" = "$YES" ] && [ "$(jq '.counted' "$D/result.json")" = 24 ] \
  && ok "the count: $YES yes of 24 (the revote counts, the earlier ballot does not)" || not_ok "the count" "$(head -c 400 "$D/result.json")"
[ "$(jq '.verdict.mandate' "$D/result.json")" = false ] && jq -e '.verdict.rules | length > 0' "$D/result.json" >/dev/null \
  && ok "judged under gb-tulrca-2016: 24 of $NV is no mandate" || not_ok "judged under the regime" "$(jq .verdict "$D/result.json")"
[ "$NG" -gt 1 ] && jq -e '.buckets | length >= 1' "$D/result.json" >/dev/null && ok "the result per workplace bucket" || not_ok "the result per workplace bucket" "$(jq .buckets "$D/result.json")"
expect_exit 0 "mandate verify passes on the board" "$MANDATE" verify "$BDIR"
[ "$(get /api/v1/ballots/IND "$(login "$BASE" officer "$PASSWORD")")" = 200 ] && [ "$(jq '.result.counted' "$D/body")" = 24 ] \
  && ok "the result is on the ballot's API" || not_ok "the result is on the ballot's API" "$(head -c 300 "$D/body")"
# --- the result beyond the ballot's own regime: every regime alongside, and
# where a mandate could be won (each ranked workplace re-judged by `mandate thresholds`)
jq -e '(.regimes | length) >= 2 and .regimes[0].own and .regimes[0].regime == "gb-tulrca-2016"
       and ([.regimes[] | select(.regime == "gb-era-2025")] | length) == 1
       and ([.regimes[] | select(.rules) | .rules[] | has("margin")] | all)' "$D/result.json" >/dev/null \
  && ok "the result under every regime the product knows, each rule with its margin" || not_ok "the result under every regime" "$(jq -c .regimes "$D/result.json" | head -c 600)"
jq -e '(.where | length) == (.buckets | length) and ([.where[] | select(.merged) | .label | test("merged")] | all)
       and ([.where[] | .mandate] | . == (sort | reverse))' "$D/result.json" >/dev/null \
  && ok "where a mandate could be won: every bucket, merged ones labelled, those that pass first" || not_ok "the where table" "$(jq -c .where "$D/result.json" | head -c 600)"
wrong=0
jq -r '.where[] | select(.more_voters_needed != null and .more_voters_needed > 0) | "\(.entitled) \(.counted) \(.yes) \(.more_voters_needed)"' "$D/result.json" >"$D/where"
while read -r e v y n; do
  a=$("$MANDATE" thresholds --regime gb-tulrca-2016 --on 2026-11-20 --entitled "$e" --votes $((v+n)) --yes $((y+n)) --no $((v-y)) --json | jq .mandate)
  b=$("$MANDATE" thresholds --regime gb-tulrca-2016 --on 2026-11-20 --entitled "$e" --votes $((v+n-1)) --yes $((y+n-1)) --no $((v-y)) --json | jq .mandate)
  [ "$a" = true ] && [ "$b" = false ] || { wrong=$((wrong+1)); echo "    $e $v $y $n: $a $b"; }
done <"$D/where"
[ -s "$D/where" ] && [ "$wrong" = 0 ] && ok "each workplace's 'more voters needed' is the fewest that pass the thresholds" || not_ok "more voters needed" "$wrong wrong"
"$MANDATE" ballot result IND --db "$DB" >"$D/result.txt" 2>&1
grep -q 'alongside, under gb-era-2025' "$D/result.txt" && grep -q 'more voters needed' "$D/result.txt" \
  && ok "ballot result in words: the other regimes and the ranked workplaces" || not_ok "ballot result in words" "$(head -c 600 "$D/result.txt")"
OFF=$(login "$BASE" officer "$PASSWORD")
[ "$(get /ballots/IND/result "$OFF")" = 200 ] && grep -q 'Where could a mandate be won' "$D/body" && grep -q 'gb-era-2025' "$D/body" \
  && grep -q 'votes\? short\|to spare' "$D/body" && ok "the result page: thresholds met or missed by how many votes, and where" || not_ok "the result page" "$(head -c 400 "$D/body")"
[ "$(get /api/v1/ballots/IND/result "$OFF")" = 200 ] && jq -e '.where and .regimes' "$D/body" >/dev/null \
  && ok "the result's JSON twin" || not_ok "the result's JSON twin"
kill $SERVER; wait $SERVER 2>/dev/null; SERVER=
finish
