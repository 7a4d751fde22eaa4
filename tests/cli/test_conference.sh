# test_conference.sh: a delegate conference vote with public weights, end
# to end on the demo union: the officer creates it from a weights file
# (member,weight), bad files are refused line by line with nothing
# created, the voter list carries each delegate's weight and the
# authority's commands one per (group, weight) pair, a credential batch of
# the wrong weight is refused naming the voter, delegates cast over HTTP
# (one votes again), turnout shows delegates and the votes they hold,
# and after the close and two trustees' decryptions the result counts
# votes (weighted) judged under the union's own rulebook, and `mandate
# verify` passes. The web form creates a weighted ballot too.
. tests/lib.sh
. tests/lib_ballot.sh
. bench/login.sh
export MANDATE_REGIMES=$PWD/data/regimes
D=$T_DIR
DB=$D/union.db
BDIR=$DB.ballots/CONF
BOARD=$BDIR/board
PORT=$((20000 + ($$ + 11) % 20000))
BASE=http://127.0.0.1:$PORT
q(){ sqlite3 "$DB" "$1"; }
SERVER=
trap '[ -n "$SERVER" ] && kill -9 $SERVER 2>/dev/null; rm -rf "$T_DIR"' EXIT

expect_exit 0 "ballot create --help exits 0" "$MANDATE" ballot create --help
contains "$T_DIR/out" "--weights FILE" && contains "$T_DIR/out" "member,weight" && ok "--help explains --weights" || not_ok "--help explains --weights"

"$MANDATE" demo --db "$DB" --members 2000 >"$D/demo.out" 2>&1 && ok "demo database" || not_ok "demo database" "$(cat "$D/demo.out")"
PASSWORD=$(awk '$2=="officer"{print $3}' "$D/demo.out")

ballot_keys

# --- six delegates: four from one DWP workplace, two from another
WA=$(q "select u.code from units u join members m on m.unit_id=u.id, units d where d.code='DWP' and u.lft between d.lft and d.rgt
        and m.status='active' group by u.code having count(*)>=4 order by u.code limit 1")
WB=$(q "select u.code from units u join members m on m.unit_id=u.id, units d where d.code='DWP' and u.lft between d.lft and d.rgt
        and m.status='active' and u.code>'$WA' group by u.code having count(*)>=2 order by u.code limit 1")
q "select m.number from members m join units u on u.id=m.unit_id where u.code='$WA' and m.status='active' order by m.id limit 4" >"$D/a"
q "select m.number from members m join units u on u.id=m.unit_id where u.code='$WB' and m.status='active' order by m.id limit 2" >"$D/b"
OUTSIDER=$(q "select m.number from members m join units u on u.id=m.unit_id, units d where d.code='DWP' and m.status='active'
              and not (u.lft between d.lft and d.rgt) limit 1")
LAPSED=$(q "select number from members where status<>'active' limit 1")
{ echo "member,weight"
  paste -d, "$D/a" - <<EOF
1
3
3
10
EOF
  paste -d, "$D/b" - <<EOF
10
25
EOF
} >"$D/weights.csv"
TOTAL=52
[ "$(wc -l <"$D/weights.csv")" = 7 ] && [ -n "$WB" ] && ok "a weights file of 6 delegates ($WA, $WB)" || not_ok "a weights file" "$(cat "$D/weights.csv")"

create(){  # create CODE WEIGHTS [more args]
  c=$1; w=$2; shift 2
  # shellcheck disable=SC2086
  "$MANDATE" ballot create "$c" --title "Conference: motion 7" --question "Does conference adopt motion 7?" \
    --kind motion --weights "$w" --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 --regime union-rules-majority \
    --authority "$D/ca/authority.public" $P --db "$DB" "$@"
}
# a bad file: unknown member, weight 0, not a number, a member twice, a lapsed member, one outside DWP
{ echo "member,weight"
  echo "NOSUCH1,3"
  echo "$(sed -n 1p "$D/a"),0"
  echo "$(sed -n 2p "$D/a"),three"
  echo "$(sed -n 3p "$D/a"),2"
  echo "$(sed -n 3p "$D/a"),5"
  echo "$(sed -n 4p "$D/a"),1000001"
  [ -n "$LAPSED" ] && echo "$LAPSED,1"
  echo "$OUTSIDER,1"
} >"$D/bad.csv"
expect_exit 1 "a bad weights file is refused" create BAD "$D/bad.csv" --unit DWP
E=$T_DIR/err
contains "$E" "bad.csv:2:1: no member NOSUCH1" && contains "$E" "bad.csv:3:2: the weight must be from 1" \
  && contains "$E" "bad.csv:4:2: the weight must be a whole number" && contains "$E" "bad.csv:6:1: member $(sed -n 3p "$D/a") is listed twice (first on line 5)" \
  && contains "$E" "bad.csv:7:2: the weight must be from 1 to 1000000" && contains "$E" "outside the units given" \
  && ok "each bad line is named FILE:LINE:COL with its reason" || not_ok "each bad line is named" "$(cat "$E")"
if [ -n "$LAPSED" ]; then contains "$E" "not active" && ok "a member who is not active is refused" || not_ok "a lapsed member is refused" "$(cat "$E")"; fi
printf 'number,votes\n1,1\n' >"$D/nohead.csv"
expect_exit 1 "a file without the header is refused" create BAD "$D/nohead.csv"
contains "$T_DIR/err" "nohead.csv:1:1: the header must be exactly member,weight" && ok "  ... saying what the header must be" || not_ok "the header" "$(cat "$T_DIR/err")"
expect_exit 1 "--weights with --employer is refused" create BAD "$D/weights.csv" --employer "Nobody Ltd"
[ "$(q 'select count(*) from ballots')" = 0 ] && [ "$(q 'select count(*) from ballot_voters')" = 0 ] && [ ! -e "$DB.ballots/BAD" ] \
  && ok "nothing is created by a refused file" || not_ok "nothing is created by a refused file"

expect_exit 0 "create the conference vote (--weights, --breakdown, under the union's rulebook)" create CONF "$D/weights.csv" --unit DWP --breakdown
contains "$T_DIR/out" "6 delegates holding $TOTAL votes" && ok "  ... 6 delegates holding $TOTAL votes" || not_ok "the create message" "$(cat "$T_DIR/out")"
[ "$(q "select weighted||','||voters||','||kind from ballots where code='CONF'")" = "1,6,motion" ] \
  && [ "$(q "select sum(weight) from ballot_voters")" = $TOTAL ] && ok "stored: weighted, 6 voters, the kind stays motion" || not_ok "stored" "$(q 'select * from ballots')"
# voter numbers: each (group, weight) pair is one run
RUNS=$(q "select group_no||':'||weight||':'||min(voter_no)||'-'||max(voter_no)||':'||count(*) from ballot_voters group by group_no, weight order by min(voter_no)" | tr '\n' ' ')
[ "$RUNS" = "1:1:1-1:1 1:3:2-3:2 1:10:4-4:1 2:10:5-5:1 2:25:6-6:1 " ] && ok "voters numbered in runs of (group, weight)" || not_ok "voter runs" "$RUNS"

# --- the voter list and the authority's commands, one per (group, weight)
expect_exit 0 "voters" "$MANDATE" ballot voters CONF --out "$D/voters.csv" --db "$DB"
cp "$T_DIR/out" "$D/voters.out"
[ "$(head -n 1 "$D/voters.csv" | tr -d '\r')" = "voter,group,weight" ] && [ "$(tail -n 1 "$D/voters.csv" | tr -d '\r' | cut -d, -f3)" = 25 ] \
  && ok "the voter list has a weight column" || not_ok "the voter list has a weight column" "$(cat "$D/voters.csv")"
[ "$(grep -c 'mandate authority credentials .* --weight ' "$D/voters.out")" = 5 ] && grep -q -- "--voters 2 --group '$WA[^']*' --weight 3 " "$D/voters.out" \
  && ok "the authority's commands: one per (group, weight) pair" || not_ok "the authority's commands" "$(cat "$D/voters.out")"
# the authority runs them, in order, on its copy of the board
cp "$BOARD" "$D/ca/board"
grep 'mandate authority credentials' "$D/voters.out" | sed "s|mandate |\"\$MANDATE\" |; s|authority.secret|$D/ca/authority.secret|; s|BOARD-COPY|$D/ca/board|; s|--out credentials-|--out $D/ca/credentials-|; s|#.*||" >"$D/ca/run.sh"
( . "$D/ca/run.sh" ) >/dev/null 2>"$D/ca/run.err" && ok "the authority runs the printed commands" || not_ok "the authority runs the commands" "$(cat "$D/ca/run.err")"
cat "$D"/ca/credentials-* | grep -v '^#' | sort >"$D/ca/all.secret"
awk '{print $1, $3}' "$D/ca/all.secret" >"$D/map"
[ "$(wc -l <"$D/map")" = 6 ] && ok "six credentials, one per delegate" || not_ok "six credentials" "$(cat "$D/map")"

# a batch of the wrong weight: every delegate's credential issued with weight 1
mkdir -p "$D/wrong"; cp "$BOARD" "$D/wrong/board"
g=0
tail -n +2 "$D/voters.csv" | tr -d '\r' | cut -d, -f2 | uniq -c | while read -r n grp; do
  g=$((g+1))
  "$MANDATE" authority credentials --secret "$D/ca/authority.secret" --board "$D/wrong/board" --voters "$n" --group "$grp" --out "$D/wrong/credentials-$g" >/dev/null
done
cat "$D"/wrong/credentials-* | grep -v '^#' | awk '{print $1, $3}' >"$D/wrong/map"
expect_exit 1 "import-credentials refuses credentials of the wrong weight" "$MANDATE" ballot import-credentials CONF --board-from "$D/wrong" --map "$D/wrong/map" --db "$DB"
contains "$T_DIR/err" "voter-0000002 holds 3 votes but their credential was issued with weight 1" && ok "  ... naming the voter and the weights" || not_ok "names the voter" "$(cat "$T_DIR/err")"
[ "$(q 'select count(credential) from ballot_voters')" = 0 ] && [ "$(q "select credentials_at is null from ballots where code='CONF'")" = 1 ] \
  && ok "  ... and nothing is imported" || not_ok "nothing imported"
expect_exit 0 "import the right credentials" "$MANDATE" ballot import-credentials CONF --board-from "$D/ca" --map "$D/map" --db "$DB"
[ "$(q 'select count(credential) from ballot_voters')" = 6 ] && ok "every delegate has a credential" || not_ok "every delegate has a credential"

# --- delegates vote over HTTP: 1 yes, 2 no, 3 yes, 4 no, 5 yes, 6 does not vote; 4 changes to yes
secret(){ grep "^voter-000000$1 " "$D/ca/all.secret" | awk '{print $2}'; }
make_ballot(){ "$MANDATE" ballot make CONF --credential "$(secret "$1")" --choose "$2" --db "$DB" 2>/dev/null; }
for vc in 1:yes 2:no 3:yes 4:no 5:yes; do make_ballot "${vc%%:*}" "${vc#*:}" >"$D/b${vc%%:*}.hex"; done
make_ballot 4 yes >"$D/b4-again.hex"
start_server(){
  "$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT >"$D/serve.out" 2>>"$D/serve.log" &
  SERVER=$!
  for i in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
}
cast(){ curl -s -o "$D/resp" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$1" "$BASE/api/v1/ballots/CONF/cast"; }
start_server
n=0; for f in b1 b2 b3 b4 b5 b4-again; do [ "$(cast "$D/$f.hex")" = 201 ] && n=$((n+1)) && cp "$D/resp" "$D/$f.resp"; done
[ "$n" = 6 ] && ok "five delegates cast over HTTP, one casts again" || not_ok "casting" "$n of 6: $(cat "$D/resp")"
[ "$(jq .weight "$D/b1.resp")" = 1 ] && [ "$(jq .weight "$D/b4-again.resp")" = 10 ] \
  && ok "  ... each cast answers the votes it counts for (1; delegate 4: 10)" || not_ok "the cast's weight" "$(cat "$D/b4-again.resp")"
# weights by voter number: 1, 3, 3, 10, 10, 25; the last ballots: yes 1+3+10+10 = 24, no 3
YES=24; NO=3

OFFICER=$(login "$BASE" officer "$PASSWORD")
get(){ curl -s -o "$D/body" -w '%{http_code}' ${2:+-H "Cookie: $2"} "$BASE$1"; }
[ "$(get /api/v1/ballots/CONF "$OFFICER")" = 200 ] && jq -e ".weighted and .votes_in_ballot == $TOTAL and .units[0].voted == 5 and .units[0].voters == 6
   and .units[0].votes == $TOTAL and .units[0].votes_voted == 27" "$D/body" >/dev/null \
  && ok "turnout: 5 of 6 delegates, 27 of $TOTAL votes represented" || not_ok "turnout API" "$(head -c 600 "$D/body")"
jq -e "[.units[] | select(.unit==\"$WB\")][0] | .voted == 1 and .votes == 35 and .votes_voted == 10" "$D/body" >/dev/null \
  && ok "  ... by unit: $WB 1 of 2 delegates, 10 of 35 votes" || not_ok "turnout by unit" "$(jq -c '.units' "$D/body" | head -c 600)"
[ "$(get /ballots/CONF "$OFFICER")" = 200 ] && grep -q 'Votes represented' "$D/body" && grep -q '27 of 52 votes' "$D/body" \
  && ok "the turnout page shows the votes represented" || not_ok "the turnout page" "$(grep -o '<dl.*</dl>' "$D/body" | head -c 600)"
"$MANDATE" ballot turnout CONF --db "$DB" >"$D/turnout.txt" 2>&1
grep -q 'votes represented' "$D/turnout.txt" && grep -q ' 27 of      52' "$D/turnout.txt" \
  && ok "ballot turnout: delegates and votes represented" || not_ok "ballot turnout" "$(cat "$D/turnout.txt")"
kill $SERVER; wait $SERVER 2>/dev/null; SERVER=

# --- close, two trustees decrypt, the result in votes (weighted)
export MANDATE_TODAY=2026-12-01
expect_exit 0 "close" "$MANDATE" ballot close CONF --db "$DB"
for i in 1 2; do expect_exit 0 "trustee $i decrypts" "$MANDATE" trustee decrypt --secret "$D/t$i/trustee-$i.secret" --board "$BDIR"; done
expect_exit 0 "result" "$MANDATE" ballot result CONF --json --db "$DB"
cp "$T_DIR/out" "$D/result.json"
jq -e ".weighted and .answers[0].votes == $YES and .answers[1].votes == $NO and .counted == $((YES+NO)) and .entitled == $TOTAL
       and .delegates_voted == 5 and .delegates_entitled == 6" "$D/result.json" >/dev/null \
  && ok "the result in votes (weighted): yes $YES, no $NO of $TOTAL; 5 of 6 delegates" || not_ok "the weighted result" "$(head -c 800 "$D/result.json")"
jq -e '.verdict.mandate == true and .verdict.regime == "union-rules-majority" and (.verdict.rules | length) == 1' "$D/result.json" >/dev/null \
  && ok "carried under the union's rulebook: a simple majority of the votes cast" || not_ok "the verdict" "$(jq -c .verdict "$D/result.json")"
jq -e '[.regimes[] | select(.regime=="gb-tulrca-2016")] | length == 1' "$D/result.json" >/dev/null \
  && ok "the statutes alongside" || not_ok "the statutes alongside" "$(jq -c .regimes "$D/result.json" | head -c 400)"
"$MANDATE" ballot result CONF --db "$DB" >"$D/result.txt" 2>&1
grep -q "votes (weighted)" "$D/result.txt" && grep -q "5 of 6 delegates voted" "$D/result.txt" \
  && ok "ballot result in words says votes (weighted)" || not_ok "ballot result in words" "$(cat "$D/result.txt")"
grep -q "under union-rules-majority: carried" "$D/result.txt" && ! grep -qi "a mandate\|no mandate" "$D/result.txt" \
  && ok "a motion is carried, in those words, not 'a mandate'" || not_ok "a motion's verdict in words" "$(cat "$D/result.txt")"
expect_exit 0 "mandate verify passes on the board" "$MANDATE" verify "$BDIR"
contains "$T_DIR/out" "$((YES+NO))" && ok "  ... and counts the same weight" || not_ok "verify's figures" "$(cat "$T_DIR/out")"
start_server
OFFICER=$(login "$BASE" officer "$PASSWORD")
[ "$(get /ballots/CONF/result "$OFFICER")" = 200 ] && grep -q 'Votes (weighted) counted' "$D/body" && grep -q '5 of 6 delegates voted' "$D/body" \
  && ok "the result page says votes (weighted)" || not_ok "the result page" "$(grep -o '<main.*' "$D/body" | head -c 600)"
grep -q "union-rules-majority, this ballot[^ ]* regime: carried\." "$D/body" && ok "  ... and that the motion is carried" || not_ok "  ... and that the motion is carried"

# --- the web form creates a weighted ballot
[ "$(get /ballots/new "$OFFICER")" = 200 ] && grep -q 'Delegate conference (weighted votes)' "$D/body" && grep -q 'union-rules-majority' "$D/body" \
  && ok "the create form offers a delegate conference and the union's rulebook" || not_ok "the create form"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$D/body" | head -n 1)
cat "$D/t1/trustee-1.public" "$D/t2/trustee-2.public" >"$D/trustees.public"
form(){  # form CODE WEIGHTSFILE
  curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $OFFICER" --data-urlencode "csrf=$csrf" \
    --data-urlencode "code=$1" --data-urlencode "title=Conference vote" --data-urlencode "kind=motion" \
    --data-urlencode "question=Adopt motion 9?" --data-urlencode "units=" \
    --data-urlencode "weights@$2" --data-urlencode "opens=2026-12-02T08:00" --data-urlencode "closes=2026-12-05T17:00" \
    --data-urlencode "regime=union-rules-majority" --data-urlencode "authority@$D/ca/authority.public" \
    --data-urlencode "trustees@$D/trustees.public" "$BASE/ballots/new"
}
st=$(form WEBBAD "$D/bad.csv")
[ "$st" = 400 ] && grep -q 'weights:2:1: no member NOSUCH1' "$D/body" && ! grep -q 'mandate-ballot-' "$D/body" && [ "$(q "select count(*) from ballots where code='WEBBAD'")" = 0 ] \
  && ok "the form: a bad weights line is a 400 naming it, nothing created" || not_ok "the form's bad weights" "$st $(tail -c 1500 "$D/serve.log") $(grep -o "<main.*" "$D/body" | head -c 600)"
st=$(form WEBCONF "$D/weights.csv")
[ "$st" = 303 ] && [ "$(q "select weighted||','||voters from ballots where code='WEBCONF'")" = "1,6" ] \
  && [ "$(q "select sum(v.weight) from ballot_voters v join ballots b on b.id=v.ballot_id where b.code='WEBCONF'")" = $TOTAL ] \
  && ok "the form creates a weighted ballot of 6 delegates, $TOTAL votes" || not_ok "the form creates a weighted ballot" "$st $(grep -A5 "<main" "$D/body" | head -c 900)"
[ "$(get /ballots/WEBCONF/voters.csv "$OFFICER")" = 200 ] && head -n 1 "$D/body" | grep -q '^voter,group,weight' \
  && ok "its voter list has the weights" || not_ok "the web voter list" "$(head -n 3 "$D/body")"
kill $SERVER; wait $SERVER 2>/dev/null; SERVER=
finish
