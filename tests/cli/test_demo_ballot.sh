# test_demo_ballot.sh: the demo union's worked online ballot, REF26, as a
# newcomer meets it after `mandate demo --examples`: the ballot is open for
# the branch secretary's branch with about 40% voted; the voting codes it
# prints are real (a ballot made with one is taken by the server's cast
# API); the trustees' and the authority's secret files are the owner's
# alone and the database holds no secret credential; and after the close,
# two of the three trustees decrypt and the result counts exactly each
# voter's last ballot, on a board that `mandate verify` accepts. REF26's
# reminder wave has both groups and a positive estimate, its delivery report
# sent, re-sent, bounced and printed codes and two members asking again (the
# officer's page lists the bounced); IND26 is closed with its tally and no
# result, and two trustees' key files then count each voter's last ballot.
. tests/lib.sh
. bench/login.sh
export MANDATE_REGIMES=$PWD/data/regimes
D=$T_DIR
DB=$D/demo.db
KEYS=$DB.example-keys
BDIR=$DB.ballots/REF26
PORT=$((20000 + ($$ + 11) % 20000))
BASE=http://127.0.0.1:$PORT
q(){ sqlite3 "$DB" "$1"; }
SERVER=
trap '[ -n "$SERVER" ] && kill -9 $SERVER 2>/dev/null; rm -rf "$T_DIR"' EXIT

expect_exit 0 "demo --help mentions the example ballot" "$MANDATE" demo --help
contains "$T_DIR/out" "REF26" && ok "the help names REF26" || not_ok "the help names REF26"

"$MANDATE" demo --db "$DB" --members 2000 --examples >"$D/demo.out" 2>"$D/demo.err" \
  && ok "demo --examples with the online ballot" || not_ok "demo --examples with the online ballot" "$(cat "$D/demo.err")"

# --- the ballot is there, open, for one branch, about 40% voted
"$MANDATE" ballot list --json --db "$DB" >"$D/list.json"
[ "$(jq -r '.[] | select(.code=="REF26") | .state' "$D/list.json")" = open ] && ok "REF26 exists and is open" \
  || not_ok "REF26 exists and is open" "$(cat "$D/list.json")"
[ "$(q "select kind||' '||breakdown from ballots where code='REF26'")" = "offer 1" ] && ok "a referendum on an offer, counted by workplace" \
  || not_ok "kind offer, breakdown on"
SECUNIT=$(q "select u.code from users us join units u on u.id=us.unit_id where us.username='secretary'")
NV=$(q "select count(*) from members m join units u on u.id=m.unit_id, units b where b.code='$SECUNIT' and m.status='active' and u.lft between b.lft and b.rgt")
[ "$(q "select voters from ballots where code='REF26'")" = "$NV" ] && ok "the constituency is the secretary's branch $SECUNIT ($NV members)" \
  || not_ok "the constituency is the secretary's branch" "$(q "select voters from ballots")"
"$MANDATE" ballot turnout REF26 --json --db "$DB" >"$D/turnout.json"
VOTED=$(jq '.units[0].voted' "$D/turnout.json")
PCT=$((100 * VOTED / NV))
[ "$PCT" -ge 30 ] && [ "$PCT" -le 50 ] && ok "about 40% have voted ($VOTED of $NV)" || not_ok "about 40% have voted" "$VOTED of $NV"
[ "$(jq '[.over_time[] | select(.voted > 0)] | length' "$D/turnout.json")" -ge 5 ] && ok "turnout climbs over the past day" \
  || not_ok "turnout climbs over the past day" "$(jq -c .over_time "$D/turnout.json")"
grep -q "$VOTED voted so far" "$D/demo.out" && ok "the demo says how many have voted" || not_ok "the demo says how many have voted" "$(cat "$D/demo.out")"
[ "$(q "select count(*) from ballot_voters v join ballots b on b.id=v.ballot_id where b.code='REF26' and v.ballots>1")" -ge 1 ] \
  && ok "some members voted twice" || not_ok "some members voted twice"

# --- the keys: the owner's alone; the server holds public halves only
mode(){ stat -c %a "$1"; }
[ "$(mode "$KEYS")" = 700 ] && ok "the keys folder is 0700" || not_ok "the keys folder is 0700" "$(mode "$KEYS")"
bad=0
for f in "$KEYS"/trustee-1.secret "$KEYS"/trustee-2.secret "$KEYS"/trustee-3.secret "$KEYS"/authority.secret "$KEYS"/credentials-* "$KEYS"/VOTING-CODES.txt; do
  [ -f "$f" ] && [ "$(mode "$f")" = 600 ] || { bad=$((bad+1)); echo "    $f $(mode "$f" 2>/dev/null)"; }
done
[ "$bad" = 0 ] && ok "every secret file is there and 0600" || not_ok "every secret file is there and 0600" "$bad"
grep -hv '^#' "$KEYS"/credentials-* | awk '{print $2}' >"$D/secrets"
grep -hv '^#' "$KEYS"/credentials-* | awk '{print $3}' >"$D/publics"
[ "$(wc -l <"$D/secrets")" = "$NV" ] && ok "one credential per voter" || not_ok "one credential per voter" "$(wc -l <"$D/secrets")"
sqlite3 "$DB" .dump >"$D/dump.sql"
[ "$(grep -c -F -f "$D/secrets" "$D/dump.sql")" = 0 ] && ! grep -q -F -f "$D/secrets" "$BDIR/board" \
  && ok "no secret credential in the database or on the board" || not_ok "no secret credential in the database or on the board"
[ "$(q "select count(*) from ballot_voters v join ballots b on b.id=v.ballot_id where b.code='REF26' and v.credential is not null")" = "$NV" ] \
  && [ "$(grep -c -F -f "$D/publics" "$D/dump.sql")" -ge 1 ] && ok "the server holds every voter's public credential" \
  || not_ok "the server holds every voter's public credential"

# --- the printed codes: members who have not voted, and they work
grep -oE '^    ([0-9a-f]{8} ){7}[0-9a-f]{8}' "$D/demo.out" | tr -d ' ' >"$D/codes"
grep -oE '^([0-9a-f]{8} ){7}[0-9a-f]{8}' "$KEYS/VOTING-CODES.txt" | tr -d ' ' >"$D/codes-file"
[ "$(wc -l <"$D/codes")" = 3 ] && cmp -s "$D/codes" "$D/codes-file" && ok "three voting codes printed, the same in VOTING-CODES.txt" \
  || not_ok "three voting codes printed and in the file" "$(cat "$D/demo.out")"
grep -q "http://127.0.0.1:8080/vote/REF26" "$D/demo.out" && ok "the voting link is printed" || not_ok "the voting link is printed"
grep -q "$KEYS" "$D/demo.out" && ok "the demo says where the trustees' keys are" || not_ok "the demo says where the keys are"
notvoted=0
while read -r c; do
  pub=$(grep -F "$c" "$KEYS"/credentials-* | awk '{print $3}')
  [ "$(q "select count(*) from ballot_voters where credential='$pub' and voted_at is null")" = 1 ] && notvoted=$((notvoted+1))
done <"$D/codes"
[ "$notvoted" = 3 ] && ok "each printed code is a member who has not voted" || not_ok "each printed code is a member who has not voted" "$notvoted"

"$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT >"$D/serve.out" 2>"$D/serve.log" &
SERVER=$!
for i in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
! grep -q "vote/REF26\|[0-9a-f]\{8\} [0-9a-f]\{8\}" "$D/serve.out" && ok "serve does not print the voting codes" || not_ok "serve does not print the voting codes"
C1=$(sed -n 1p "$D/codes")
"$MANDATE" ballot make REF26 --credential "$C1" --choose yes --db "$DB" >"$D/mine.hex" 2>/dev/null
st=$(curl -s -o "$D/resp" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$D/mine.hex" "$BASE/api/v1/ballots/REF26/cast")
[ "$st" = 201 ] && [ "$(jq .revote "$D/resp")" = false ] && ok "a printed code votes: the server takes the ballot (201)" \
  || not_ok "a printed code votes" "$st $(cat "$D/resp")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/vote/REF26")" = 200 ] && ok "the voting page is up" || not_ok "the voting page is up"
PASSWORD=$(awk '$2=="officer"{print $3}' "$D/demo.out")
OFF=$(login "$BASE" officer "$PASSWORD")
[ "$(curl -s -o "$D/page" -w '%{http_code}' -H "Cookie: $OFF" "$BASE/ballots/REF26")" = 200 ] && grep -q '<svg' "$D/page" \
  && ok "the officer's ballot page draws turnout" || not_ok "the officer's ballot page"
kill $SERVER; wait $SERVER 2>/dev/null; SERVER=

# --- close after the window, two trustees of three decrypt, the result
CLOSES=$(q "select substr(closes_at,1,10) from ballots where code='REF26'")
grep -q "MANDATE_TODAY=" "$D/demo.out" && ok "the demo says how to close it" || not_ok "the demo says how to close it"
expect_exit 1 "closing before the window ends is refused" "$MANDATE" ballot close REF26 --db "$DB"
AFTER=$(date -u -d "$CLOSES + 1 day" +%F)
MANDATE_TODAY=$AFTER expect_exit 0 "close after the window" "$MANDATE" ballot close REF26 --db "$DB"
for i in 1 3; do
  expect_exit 0 "trustee $i of 3 decrypts with their key file" "$MANDATE" trustee decrypt --secret "$KEYS/trustee-$i.secret" --board "$BDIR"
done
MANDATE_TODAY=$AFTER expect_exit 0 "the result" "$MANDATE" ballot result REF26 --json --db "$DB"
cp "$T_DIR/out" "$D/result.json"
NVOTED=$(q "select count(*) from ballot_voters v join ballots b on b.id=v.ballot_id where b.code='REF26' and v.voted_at is not null")
[ "$(jq '.counted' "$D/result.json")" = "$NVOTED" ] && [ "$NVOTED" = $((VOTED+1)) ] \
  && ok "the count is each voter's last ballot: $NVOTED counted" || not_ok "the count" "$(jq -c '{counted, cast}' "$D/result.json") vs $NVOTED"
YES=$(jq '.answers[0].votes' "$D/result.json")
[ "$YES" -gt 0 ] && [ "$YES" -lt "$NVOTED" ] && ok "yes $YES of $NVOTED" || not_ok "yes and no" "$(jq -c .answers "$D/result.json")"
"$MANDATE" verify "$BDIR" >"$D/verify.out" 2>&1 && grep -q "result" "$D/verify.out" && ok "mandate verify accepts the board" \
  || not_ok "mandate verify accepts the board" "$(tail -n 3 "$D/verify.out")"

# --- REF26's reminder wave, a day ago, measured against its hold-out
"$MANDATE" remind results REF26 --json --db "$DB" >"$D/remind.json"
[ "$(jq '.waves | length' "$D/remind.json")" = 1 ] && [ "$(jq -r '.waves[0].sent_at' "$D/remind.json")" != null ] \
  && ok "one reminder wave, sent" || not_ok "one reminder wave, sent" "$(jq -c .waves "$D/remind.json")"
NREM=$(jq '.waves[0].days[0].reminded.members' "$D/remind.json")
NHELD=$(jq '.waves[0].days[0].held_out.members' "$D/remind.json")
[ "$NREM" -gt 0 ] && [ "$NHELD" -gt 0 ] && [ "$NHELD" -lt "$NREM" ] && ok "reminded $NREM, held out $NHELD" \
  || not_ok "both groups are there" "$NREM $NHELD"
[ "$(jq '.waves[0].days[0].pending' "$D/remind.json")" = false ] && [ "$(jq '.waves[0].days[0].difference_points > 0' "$D/remind.json")" = true ] \
  && ok "a day on, the reminded voted more than those held out" || not_ok "the reminder's effect" "$(jq -c '.waves[0].days[0]' "$D/remind.json")"
[ "$(q "select count(*) from outbox where purpose='reminder' and state='queued'")" = "$NREM" ] \
  && ok "the reminders wait in the outbox" || not_ok "the reminders wait in the outbox"
grep -q "mandate mail config" "$D/demo.out" && grep -q "/ballots/REF26/reminders" "$D/demo.out" \
  && ok "the demo says the outbox sends nothing until mail is set up" || not_ok "the demo speaks of the outbox"

# --- REF26's codes: the authority's delivery report, and two asking again
"$MANDATE" ballot delivery REF26 --json --db "$DB" >"$D/delivery.json"
[ "$(jq '.total.sent > 0 and .total.resent > 0 and .total.bounced > 0 and .total.printed > 0 and .total.no_report == 0' "$D/delivery.json")" = true ] \
  && ok "sent, re-sent, bounced and printed: $(jq -c .total "$D/delivery.json")" || not_ok "the delivery counts" "$(jq -c .total "$D/delivery.json")"
[ "$(jq '[.total[]] | add' "$D/delivery.json")" = "$NV" ] && ok "one report row per voter" || not_ok "one report row per voter"
[ "$(jq '[.not_arrived[] | select(.state=="bounced" and (.detail | test("^(the recipient was refused|bounced after it was sent): 5[0-9][0-9] ")))] | length' "$D/delivery.json")" \
  = "$(jq .total.bounced "$D/delivery.json")" ] && ok "each bounce says the server's reason" || not_ok "each bounce says why"
[ "$(q "select count(*) from ballot_delivery d join ballot_voters v on v.id=d.voter_id where d.state='bounced' and v.voted_at is not null")" = 0 ] \
  && ok "nobody whose code bounced has voted" || not_ok "nobody whose code bounced has voted"
[ "$(jq .resend_requests "$D/delivery.json")" -ge 1 ] && [ "$(jq .resend_requests "$D/delivery.json")" -le 2 ] \
  && ok "members asked for their code again" || not_ok "members asked for their code again" "$(jq .resend_requests "$D/delivery.json")"
letters=0
while read -r c; do
  pub=$(grep -F "$c" "$KEYS"/credentials-* | awk '{print $3}')
  [ "$(q "select d.channel||' '||d.state from ballot_delivery d join ballot_voters v on v.id=d.voter_id where v.credential='$pub'")" = "letter printed" ] \
    && letters=$((letters+1))
done <"$D/codes"
[ "$letters" = 3 ] && ok "the codes the demo prints are reported as printed letters" || not_ok "the printed codes are letters" "$letters"
BOUNCED=$(jq -r '[.not_arrived[] | select(.state=="bounced")][0].number' "$D/delivery.json")

# --- IND26: closed yesterday, its tally on the board, waiting for the trustees
IDIR=$DB.ballots/IND26
[ "$(jq -r '.[] | select(.code=="IND26") | .state' "$D/list.json")" = closed ] && ok "IND26 is closed" \
  || not_ok "IND26 is closed" "$(cat "$D/list.json")"
TODAY=${MANDATE_TODAY:-$(date -u +%F)}
[ "$(q "select kind||' '||substr(closes_at,1,10) from ballots where code='IND26'")" = "indicative $(date -u -d "$TODAY - 1 day" +%F)" ] \
  && ok "an indicative ballot whose window ended yesterday" || not_ok "IND26's kind and window" "$(q "select kind, closes_at from ballots where code='IND26'")"
[ "$(grep -c '^tally ' "$IDIR/board")" = 1 ] && ! grep -q '^result ' "$IDIR/board" \
  && [ "$(q "select result_json is null from ballots where code='IND26'")" = 1 ] \
  && ok "its encrypted tally is on the board, and no result" || not_ok "IND26's tally and no result"
NVI=$(q "select voters from ballots where code='IND26'")
VI=$(q "select count(*) from ballot_voters v join ballots b on b.id=v.ballot_id where b.code='IND26' and v.voted_at is not null")
PCTI=$((100 * VI / NVI))
[ "$PCTI" -ge 40 ] && [ "$PCTI" -le 70 ] && ok "about 55% voted in IND26 ($VI of $NVI)" || not_ok "about 55% voted in IND26" "$VI of $NVI"
[ "$(q "select count(*) from ballot_voters v join ballots b on b.id=v.ballot_id where b.code='IND26' and v.ballots>1")" -ge 1 ] \
  && ok "some voted again in IND26" || not_ok "some voted again in IND26"
[ "$(q "select count(*) from ballot_received r join ballots b on b.id=r.ballot_id where b.code='IND26' and (r.received_at < b.opens_at or r.received_at >= b.closes_at)")" = 0 ] \
  && ok "every IND26 ballot came in during its window" || not_ok "every IND26 ballot came in during its window"
grep -q "/ballots/IND26/trustee" "$D/demo.out" && grep -q "$KEYS/trustee-1.secret" "$D/demo.out" && grep -q "$KEYS/trustee-2.secret" "$D/demo.out" \
  && grep -q "/ballots/IND26/result" "$D/demo.out" && ok "the demo says how to count IND26 now" || not_ok "the demo says how to count IND26" "$(cat "$D/demo.out")"
ls "$KEYS"/IND26-credentials-* >/dev/null 2>&1 && [ "$(mode "$KEYS/IND26-credentials-1")" = 600 ] \
  && ok "IND26's credentials are the authority's, apart from REF26's" || not_ok "IND26's credential files"

"$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT >"$D/serve.out" 2>"$D/serve.log" &
SERVER=$!
for i in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
OFF=$(login "$BASE" officer "$PASSWORD")
[ "$(curl -s -o "$D/page" -w '%{http_code}' -H "Cookie: $OFF" "$BASE/ballots/REF26/delivery")" = 200 ] && grep -q "$BOUNCED" "$D/page" \
  && grep -q "5\.[0-9]\.[0-9]" "$D/page" && ok "the delivery page lists the members whose code bounced, and why" \
  || not_ok "the delivery page lists the bounced members" "$BOUNCED"
[ "$(curl -s -o "$D/page" -w '%{http_code}' -H "Cookie: $OFF" "$BASE/ballots/REF26/reminders")" = 200 ] && grep -qi "held out" "$D/page" \
  && ok "the reminders page shows the wave" || not_ok "the reminders page shows the wave"
[ "$(curl -s -o "$D/page" -w '%{http_code}' "$BASE/ballots/IND26/trustee")" = 200 ] && ok "IND26's trustee page is up" \
  || not_ok "IND26's trustee page is up"
kill $SERVER; wait $SERVER 2>/dev/null; SERVER=

for i in 1 2; do
  expect_exit 0 "IND26: trustee $i decrypts with the same key file as for REF26" "$MANDATE" trustee decrypt --secret "$KEYS/trustee-$i.secret" --board "$IDIR"
done
expect_exit 0 "IND26's result" "$MANDATE" ballot result IND26 --json --db "$DB"
cp "$T_DIR/out" "$D/result-ind.json"
CASTI=$(q "select count(*) from ballot_received r join ballots b on b.id=r.ballot_id where b.code='IND26'")
[ "$(jq '.counted' "$D/result-ind.json")" = "$VI" ] && [ "$(jq '[.answers[].votes] | add' "$D/result-ind.json")" = "$VI" ] \
  && [ "$CASTI" -gt "$VI" ] && ok "IND26 counts each voter's last ballot: $VI of $CASTI cast" \
  || not_ok "IND26's count" "$(jq -c '{counted, answers}' "$D/result-ind.json") voted $VI cast $CASTI"
"$MANDATE" verify "$IDIR" >"$D/verify-ind.out" 2>&1 && ok "mandate verify accepts IND26's board" \
  || not_ok "mandate verify accepts IND26's board" "$(tail -n 3 "$D/verify-ind.out")"

mkdir "$D/again.db.example-keys"
expect_exit 1 "a demo whose keys folder exists is refused" "$MANDATE" demo --db "$D/again.db" --members 20 --examples
contains "$T_DIR/err" "again.db.example-keys already exists" && [ ! -e "$D/again.db" ] && ok "says so, creates nothing" \
  || not_ok "says so, creates nothing" "$(cat "$T_DIR/err")"
finish
