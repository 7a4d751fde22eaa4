# test_delivery.sh: did the voting codes arrive, and a code again. The
# credential authority's delivery report (delivery.csv, written here by
# hand) is imported all or nothing, each bad row named FILE:LINE:COL; an
# older report never undoes a newer one; the counts by state and by unit,
# by CLI and on the web, scoped by role (a rep of a workplace outside the
# ballot gets 404). A member asks for their code again on the public voting
# page: the answer is the same for a known and an unknown address, a
# request is recorded only for the known one, once within the hour; the
# officer's download lists it once, then not again; a rep cannot download
# it; the POST is rate limited per address.
. tests/lib.sh
. tests/lib_ballot.sh
. bench/login.sh
export MANDATE_REGIMES=$PWD/data/regimes
D=$T_DIR
DB=$D/union.db
PORT=$((20000 + ($$ + 23) % 20000))
BASE=http://127.0.0.1:$PORT
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$T_DIR"' EXIT
q(){ sqlite3 "$DB" "$1"; }

for c in "ballot delivery" "ballot resend-requests"; do
  expect_exit 0 "mandate $c --help exits 0" "$MANDATE" $c --help
  contains "$T_DIR/out" "usage: mandate" && ok "  ... and shows usage" || not_ok "  ... and shows usage" "$(head -3 "$T_DIR/out")"
done

# --- a ballot of the whole demo union, credentials in (as test_reminders.sh)
"$MANDATE" demo --db "$DB" --members 400 >"$D/demo.out" 2>&1 && ok "demo database" || not_ok "demo database" "$(cat "$D/demo.out")"
PASSWORD=$(awk '$2=="officer"{print $3}' "$D/demo.out")
ballot_keys
# shellcheck disable=SC2086
expect_exit 0 "create a ballot of the whole union" "$MANDATE" ballot create D1 --title "Pay offer 2026" \
  --question "Do you accept the offer?" --kind offer --unit NUPW --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 \
  --regime gb-tulrca-2016 --authority "$D/ca/authority.public" $P --db "$DB"
# shellcheck disable=SC2086
expect_exit 0 "create a ballot of one hospital" "$MANDATE" ballot create D2 --title "Rota change" \
  --question "Do you accept the new rota?" --kind indicative --unit H-RDG --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 \
  --regime gb-tulrca-2016 --authority "$D/ca/authority.public" $P --db "$DB"
NV=$(q "select voters from ballots where code='D1'")
expect_exit 0 "voters for the authority" "$MANDATE" ballot voters D1 --out "$D/voters.csv" --db "$DB"
ballot_credentials D1 "$DB"

# voters: two in the rep's workplace, one elsewhere in the secretary's branch (none: the branch has one
# workplace), one outside the secretary's branch
vno(){ q "select printf('voter-%07d', v.voter_no) from ballot_voters v join units u on u.id=v.unit_id join ballots b on b.id=v.ballot_id
          where b.code='D1' and u.code $1 order by v.voter_no limit 1 offset ${2:-0}"; }
vnum(){ q "select m.number from ballot_voters v join members m on m.id=v.member_id join ballots b on b.id=v.ballot_id
           where b.code='D1' and v.voter_no=${1#voter-}+0"; }
IN1=$(vno "='DWP-RDG-01'" 0); IN2=$(vno "='DWP-RDG-01'" 1); OUT1=$(vno "='H-RDG-HOSP1'" 0); OUT2=$(vno "='H-RDG-HOSP1'" 1)
OUT3=$(vno "='MOJ-LON-01'" 0); OUT4=$(vno "='HO-DOV-01'" 0)
IN1N=$(vnum "$IN1"); OUT1N=$(vnum "$OUT1")
[ -n "$IN1" ] && [ -n "$OUT4" ] && [ -n "$IN1N" ] && ok "voters in and out of the rep's workplace" || not_ok "voters in and out of the rep's workplace"

# report FILE LINE...: a delivery report with CRLF line ends
report(){
  f=$1; shift
  { printf 'ballot,voter,channel,state,resends,updated_at,detail\r\n'; for l in "$@"; do printf '%s\r\n' "$l"; done; } >"$f"
}
report "$D/delivery.csv" \
  "D1,$IN1,email,bounced,0,2026-11-20T09:00:00Z,\"the recipient was refused: 550 5.1.1 no such user\"" \
  "D1,$IN2,email,sent,1,2026-11-20T09:01:00Z," \
  "D1,$OUT1,sms,failed,0,2026-11-20T09:02:00Z,the gateway said 400" \
  "D1,$OUT2,email,sent,0,2026-11-20T09:03:00Z," \
  "D1,$OUT3,letter,printed,0,2026-11-20T09:04:00Z," \
  "D1,$OUT4,email,queued,0,2026-11-20T09:05:00Z,"
expect_exit 0 "import a delivery report" "$MANDATE" ballot delivery D1 --import "$D/delivery.csv" --db "$DB"
contains "$T_DIR/out" "6 rows imported for ballot D1: queued 1, sending 0, sent 2, failed 1, bounced 1, printed 1" \
  && ok "  ... prints the counts by state" || not_ok "  ... prints the counts by state" "$(head -3 "$T_DIR/out")"
[ "$(q 'select count(*) from ballot_delivery')" = 6 ] && ok "  ... six voters' states stored" || not_ok "  ... six voters' states stored"
expect_exit 0 "delivery counts as JSON" "$MANDATE" ballot delivery D1 --json --db "$DB"
jq -e --argjson nr "$((NV-6))" '.total | .sent==1 and .resent==1 and .printed==1 and .queued==1 and .bounced==1 and .failed==1 and .no_report==$nr' "$T_DIR/out" >/dev/null \
  && ok "  ... sent, re-sent, printed, queued, bounced, failed, no report" || not_ok "  ... the totals" "$(jq -c .total "$T_DIR/out")"
jq -e '.units[] | select(.code=="DWP-RDG-01") | .bounced==1 and .resent==1' "$T_DIR/out" >/dev/null \
  && ok "  ... and by workplace" || not_ok "  ... and by workplace" "$(jq -c '.units[1]' "$T_DIR/out")"
expect_exit 0 "delivery counts as text" "$MANDATE" ballot delivery D1 --db "$DB"
contains "$T_DIR/out" "re-sent" && contains "$T_DIR/out" "no report" && ok "  ... name every state" || not_ok "  ... name every state" "$(head -12 "$T_DIR/out")"

# --- bad reports: the line and column named, nothing stored
before=$(q "select group_concat(voter_id||state||updated_at) from ballot_delivery")
bad(){  # bad NAME WANT LINE...: the import fails naming WANT, and stores nothing
  name=$1; want=$2; shift 2
  report "$D/bad.csv" "D1,$OUT2,email,bounced,0,2026-11-22T09:00:00Z,would change" "$@"
  expect_exit 1 "a report with $name is refused" "$MANDATE" ballot delivery D1 --import "$D/bad.csv" --db "$DB"
  contains "$T_DIR/err" "$D/bad.csv:$want" && ok "  ... naming $D/bad.csv:$want" || not_ok "  ... naming $want" "$(cat "$T_DIR/err")"
  [ "$(q "select group_concat(voter_id||state||updated_at) from ballot_delivery")" = "$before" ] \
    && ok "  ... and nothing is stored" || not_ok "  ... and nothing is stored"
}
bad "an unknown voter" "3:2" "D1,voter-9999999,email,sent,0,2026-11-20T09:00:00Z,"
bad "a bad state" "3:4" "D1,$IN1,email,lost,0,2026-11-20T09:00:00Z,"
bad "another ballot" "3:1" "D2,$IN1,email,sent,0,2026-11-20T09:00:00Z,"
bad "a bad time" "3:6" "D1,$IN1,email,sent,0,2026-11-31T09:00:00Z,"
bad "a bad resends" "3:5" "D1,$IN1,email,sent,-1,2026-11-20T09:00:00Z,"
bad "a bad channel" "3:3" "D1,$IN1,post,sent,0,2026-11-20T09:00:00Z,"
printf 'ballot,voter,state\r\nD1,%s,sent\r\n' "$IN1" >"$D/bad.csv"
expect_exit 1 "a report with another header is refused" "$MANDATE" ballot delivery D1 --import "$D/bad.csv" --db "$DB"
contains "$T_DIR/err" "$D/bad.csv:1:1: the header must be exactly" && ok "  ... naming line 1" || not_ok "  ... naming line 1" "$(cat "$T_DIR/err")"

# --- an older report never undoes a newer one; a newer one does
report "$D/older.csv" "D1,$IN1,email,sent,0,2026-11-19T09:00:00Z," "D1,$OUT4,email,sent,0,2026-11-21T10:00:00Z,"
expect_exit 0 "import an older report with one newer row" "$MANDATE" ballot delivery D1 --import "$D/older.csv" --db "$DB"
contains "$T_DIR/out" "1 rows were older" && ok "  ... says one row was older" || not_ok "  ... says one row was older" "$(head -3 "$T_DIR/out")"
[ "$(q "select d.state from ballot_delivery d join ballot_voters v on v.id=d.voter_id where v.voter_no=${IN1#voter-}+0 and v.ballot_id=(select id from ballots where code='D1')")" = bounced ] \
  && ok "  ... the bounce reported later stays" || not_ok "  ... the bounce reported later stays"
[ "$(q "select d.state from ballot_delivery d join ballot_voters v on v.id=d.voter_id where v.voter_no=${OUT4#voter-}+0 and v.ballot_id=(select id from ballots where code='D1')")" = sent ] \
  && ok "  ... the newer row replaces the queued one" || not_ok "  ... the newer row replaces the queued one"

# --- the web: counts and who, scoped by role
"$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT 2>"$D/serve.log" >"$D/serve.out" &
SERVER=$!
for i in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
OFFICER=$(login "$BASE" officer "$PASSWORD"); SECRETARY=$(login "$BASE" secretary "$PASSWORD"); REP=$(login "$BASE" rep "$PASSWORD")
get(){ curl -s -o "$D/body" -D "$D/hdr" -w '%{http_code}' ${2:+-H "Cookie: $2"} "$BASE$1"; }
[ "$(get /ballots/D1 "$OFFICER")" = 200 ] && contains "$D/body" 'href="/ballots/D1/delivery"' \
  && ok "the ballot's page links its delivery page" || not_ok "the ballot's page links its delivery page"
[ "$(get /ballots/D1/delivery "$OFFICER")" = 200 ] && contains "$D/body" "Did the voting codes arrive?" \
  && contains "$D/body" "$IN1N" && contains "$D/body" "$OUT1N" && contains "$D/body" "550 5.1.1 no such user" \
  && contains "$D/body" "check the email in the register; once fixed, the officer asks the authority to send it again" \
  && ok "officer: the delivery page lists the bounced and the failed, with what to do" || not_ok "officer: the delivery page" "$(head -c 600 "$D/body")"
scope_units(){ q "select u.code from units u, users us join units s on s.id=us.unit_id where us.username='$1' and u.lft between s.lft and s.rgt order by 1"; }
for role in officer secretary rep; do
  case $role in officer) C=$OFFICER;; secretary) C=$SECRETARY;; rep) C=$REP;; esac
  st=$(get /api/v1/ballots/D1/delivery "$C")
  jq -r '.units[].code' "$D/body" | sort >"$D/shown"; scope_units $role >"$D/allowed"
  [ "$st" = 200 ] && [ -s "$D/shown" ] && [ -z "$(comm -23 "$D/shown" "$D/allowed")" ] \
    && ok "$role: the JSON shows only units in scope ($(wc -l <"$D/shown"))" || not_ok "$role: only units in scope" "$st $(comm -23 "$D/shown" "$D/allowed" | head -3)"
  jq -r '.not_arrived[].number' "$D/body" | sort -u >"$D/numbers"
  q "select m.number from members m join units u on u.id=m.unit_id where u.code in ($(sed "s/.*/'&'/" "$D/allowed" | tr '\n' ',' | sed 's/,$//'))" | sort >"$D/allowed_members"
  [ -z "$(comm -23 "$D/numbers" "$D/allowed_members")" ] && ok "$role: lists no member outside their scope" || not_ok "$role: lists a member outside scope"
done
get /ballots/D1/delivery "$REP" >/dev/null
contains "$D/body" "$IN1N" && ! contains "$D/body" "$OUT1N" && ! contains "$D/body" "Import a delivery report" \
  && ok "rep: sees their member's bounce, not others, and no import form" || not_ok "rep: their member only"
get /ballots/D1/not-voted "$REP" >/dev/null
grep -F "$IN1N" "$D/body" | grep -q "code bounced: check their address" && ok "rep: the not-voted list says whose code bounced" || not_ok "rep: the not-voted list says whose code bounced"
get /ballots/D1/delivery "$SECRETARY" >/dev/null
! contains "$D/body" "$OUT1N" && ! contains "$D/body" "H-RDG-HOSP1" && ok "secretary: nothing outside the branch" || not_ok "secretary: nothing outside the branch"
[ "$(get /ballots/D2/delivery "$REP")" = 404 ] && [ "$(get /api/v1/ballots/D2/delivery "$REP")" = 404 ] \
  && ok "a rep of a workplace outside the ballot gets 404" || not_ok "a rep of a workplace outside the ballot gets 404"
[ "$(get /ballots/NOPE/delivery "$OFFICER")" = 404 ] && ok "an unknown ballot is a 404" || not_ok "an unknown ballot is a 404"

# --- import on the web: officers only, CSRF, all or nothing
get /ballots/D1/delivery "$OFFICER" >/dev/null
ocsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$D/body" | head -n 1)
report "$D/web.csv" "D1,$OUT3,letter,printed,0,2026-11-22T09:00:00Z,"
st=$(curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $OFFICER" --data-urlencode "report@$D/web.csv" "$BASE/ballots/D1/delivery")
[ "$st" = 403 ] && ok "a web import without the CSRF token is refused" || not_ok "a web import without the CSRF token is refused" "got $st"
report "$D/web-bad.csv" "D1,$OUT3,letter,printed,0,2026-11-22T09:00:00Z," "D1,$IN1,email,gone,0,2026-11-22T09:00:00Z,"
st=$(curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $OFFICER" --data-urlencode "csrf=$ocsrf" --data-urlencode "report@$D/web-bad.csv" "$BASE/ballots/D1/delivery")
[ "$st" = 400 ] && contains "$D/body" "delivery.csv:3:4" && [ "$(q "select count(*) from ballot_delivery where updated_at='2026-11-22T09:00:00Z'")" = 0 ] \
  && ok "a bad report on the web is a 400 naming delivery.csv:3:4, nothing stored" || not_ok "a bad web report is a 400" "$st $(head -c 400 "$D/body")"
st=$(curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $OFFICER" --data-urlencode "csrf=$ocsrf" --data-urlencode "report@$D/web.csv" "$BASE/ballots/D1/delivery")
[ "$st" = 200 ] && contains "$D/body" "1 rows imported" && [ "$(q "select count(*) from ballot_delivery where updated_at='2026-11-22T09:00:00Z'")" = 1 ] \
  && ok "an officer imports a report on the web" || not_ok "an officer imports a report on the web" "$st"
get /ballots/D1 "$REP" >/dev/null
rcsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$D/body" | head -n 1)
st=$(curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $REP" --data-urlencode "csrf=$rcsrf" --data-urlencode "report@$D/web.csv" "$BASE/ballots/D1/delivery")
[ "$st" = 403 ] && ok "a rep cannot import a report (403)" || not_ok "a rep cannot import a report" "got $st"
st=$(curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $OFFICER" -H "X-CSRF-Token: $ocsrf" --data-urlencode "report@$D/web.csv" "$BASE/api/v1/ballots/D1/delivery")
[ "$st" = 200 ] && jq -e '.rows==1 and .states.printed==1' "$D/body" >/dev/null && ok "the JSON import answers the counts" || not_ok "the JSON import" "$st $(cat "$D/body")"

# --- a member asks for their code again
jar=$D/jar
st=$(curl -s -c "$jar" -o "$D/body" -w '%{http_code}' "$BASE/vote/D1")
[ "$st" = 200 ] && contains "$D/body" "Lost your voting code?" && contains "$D/body" 'action="/vote/D1/resend"' \
  && contains "$D/body" 'name="contact"' && ok "the voting page has a plain form: lost your voting code?" || not_ok "the voting page has the resend form" "$st"
vcsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$D/body" | head -n 1)
KNUM=$(q "select m.number from ballot_voters v join members m on m.id=v.member_id join ballots b on b.id=v.ballot_id
          where b.code='D1' and m.email like '%@%' and (select count(*) from members m2 where lower(m2.email)=lower(m.email))=1 order by v.voter_no limit 1")
KEMAIL=$(q "select email from members where number='$KNUM'")
KVOTER=$(q "select printf('voter-%07d', v.voter_no) from ballot_voters v join members m on m.id=v.member_id join ballots b on b.id=v.ballot_id where b.code='D1' and m.number='$KNUM'")
KUPPER=$(echo "$KEMAIL" | tr a-z A-Z)
resend(){ curl -s -b "$jar" -o "$D/$1" -w '%{http_code}' --data-urlencode "csrf=$vcsrf" --data-urlencode "contact=$2" "$BASE/vote/D1/resend"; }
st=$(curl -s -o /dev/null -w '%{http_code}' --data-urlencode "contact=$KEMAIL" "$BASE/vote/D1/resend")
[ "$st" = 403 ] && [ "$(q 'select count(*) from ballot_resend_requests')" = 0 ] && ok "a request without the form's token is refused" || not_ok "a request without the form's token is refused" "got $st"
st1=$(resend known " $KUPPER ")
st2=$(resend unknown "nobody-at-all@example.invalid")
[ "$st1" = 200 ] && [ "$st2" = 200 ] && cmp -s "$D/known" "$D/unknown" && contains "$D/known" "independent scrutineer" \
  && contains "$D/known" "up to a day" && contains "$D/known" "ask your workplace rep" \
  && ok "the answer is the same for a known and an unknown address" || not_ok "the same answer for known and unknown" "$st1 $st2 $(diff "$D/known" "$D/unknown" | head -5)"
[ "$(q "select count(*) from ballot_resend_requests")" = 1 ] && [ "$(q "select channel from ballot_resend_requests")" = email ] \
  && ok "a request is recorded for the known address only" || not_ok "a request for the known address only" "$(q 'select * from ballot_resend_requests')"
st=$(resend again "$KEMAIL")
[ "$st" = 200 ] && [ "$(q "select count(*) from ballot_resend_requests")" = 1 ] && ok "asking again within the hour records nothing more" || not_ok "asking again records nothing more" "$st"
! grep -qiF "$KEMAIL" "$D/serve.log" "$D/serve.out" && ok "the address typed is not logged" || not_ok "the address typed is not logged"
get /ballots/D1/delivery "$OFFICER" >/dev/null
contains "$D/body" "1 request not yet given to the authority" && ok "the delivery page counts the pending request" || not_ok "the delivery page counts the pending request"
# download(COOKIE [all]): the officer's form, POSTed with the page's CSRF token
download(){
  get /ballots/D1/delivery "$1" >/dev/null
  dcsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$D/body" | head -n 1)
  curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $1" --data-urlencode "csrf=$dcsrf" --data "all=${2:-0}" "$BASE/ballots/D1/resend-requests.csv"
}
st=$(curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $OFFICER" --data "all=0" "$BASE/ballots/D1/resend-requests.csv")
[ "$st" = 403 ] && [ "$(q "select count(*) from ballot_resend_requests where exported_at is not null")" = 0 ] \
  && ok "the download without the form's CSRF token is refused and marks nothing" || not_ok "the download needs the CSRF token" "$st"
[ "$(download "$REP")" = 403 ] && [ "$(download "$SECRETARY")" = 403 ] \
  && ok "a rep or a secretary cannot download the requests (403)" || not_ok "a rep cannot download the requests"
st=$(download "$OFFICER"); cp "$D/body" "$D/first.csv"
[ "$st" = 200 ] && [ "$(tr -d '\r' <"$D/first.csv")" = "$(printf 'ballot,voter,channel,requested_at\nD1,%s,email,2026-11-23T12:00:00Z' "$KVOTER")" ] \
  && grep -q "$(printf '\r')\$" "$D/first.csv" && ok "the officer's download lists the request (CRLF)" || not_ok "the officer's download lists the request" "$st $(cat "$D/first.csv")"
st=$(download "$OFFICER")
[ "$st" = 200 ] && [ "$(wc -l <"$D/body")" = 1 ] && ok "the next download has only new requests (none)" || not_ok "the next download has only new ones" "$(cat "$D/body")"
st=$(download "$OFFICER" 1)
[ "$st" = 200 ] && contains "$D/body" "$KVOTER" && ok "all=1 gives every request" || not_ok "all=1 gives every request"
st=$(resend bad "hello there")
[ "$st" = 400 ] && contains "$D/bad" "UK mobile" && ok "something neither an email nor a mobile: 400, saying what to give" || not_ok "a malformed address is a 400" "$st"
KMOB=$(q "select m.mobile from ballot_voters v join members m on m.id=v.member_id join ballots b on b.id=v.ballot_id
          where b.code='D1' and m.mobile like '+447%' and m.number<>'$KNUM' and (select count(*) from members m2 where m2.mobile=m.mobile)=1 limit 1")
st=$(resend mobile "0${KMOB#+44}")
[ "$st" = 200 ] && [ "$(q "select count(*) from ballot_resend_requests where channel='sms' and exported_at is null")" = 1 ] \
  && ok "a mobile number in national form finds its member (sms)" || not_ok "a mobile finds its member" "$st $KMOB"
st=$(resend limited "$KEMAIL")
[ "$st" = 429 ] && ok "the sixth request from one address in 15 minutes is refused (429)" || not_ok "the request is rate limited" "got $st"
expect_exit 0 "resend-requests by CLI" "$MANDATE" ballot resend-requests D1 --out "$D/cli.csv" --db "$DB"
[ "$(tail -n +2 "$D/cli.csv" | wc -l)" = 1 ] && contains "$D/cli.csv" ",sms," && ok "  ... writes the one new request" || not_ok "  ... writes the one new request" "$(cat "$D/cli.csv")"
expect_exit 0 "resend-requests --all by CLI" "$MANDATE" ballot resend-requests D1 --out "$D/cli-all.csv" --all --db "$DB"
[ "$(tail -n +2 "$D/cli-all.csv" | wc -l)" = 2 ] && ok "  ... writes both" || not_ok "  ... writes both" "$(cat "$D/cli-all.csv")"

finish
