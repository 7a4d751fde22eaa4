# test_pledge_web.sh: pledge campaigns through the web (docs/pledges.md,
# "On the web"), on the demo union with the real server: the officer
# creates one campaign of each template with the form, the authority
# issues credentials, members' signed pledges (made ahead as their devices
# would, `mandate pledge items`) arrive at the public intake, the public
# progress updates; a kill -9 in the middle of a burst loses no
# acknowledged pledge; the trigger opens the letter (HTML, and PDF when
# chromium is here) and queues a notice per signatory in the outbox.
. tests/lib.sh
D=$T_DIR
DB=$D/union.db
PORT=$((20000 + ($$ * 7) % 20000))
BASE=http://127.0.0.1:$PORT
SERVER=""
trap '[ -n "$SERVER" ] && kill -9 $SERVER 2>/dev/null; rm -rf "$T_DIR"' EXIT

expect_exit 0 "mandate pledge items --help exits 0" "$MANDATE" pledge items --help
"$MANDATE" demo --db "$DB" --members 2000 >"$D/demo.out" 2>&1 && ok "demo database" || not_ok "demo database" "$(tail -5 "$D/demo.out")"
PASSWORD=$(awk '$2=="officer"{print $3}' "$D/demo.out")
for i in 1 2 3; do "$MANDATE" trustee keygen --index $i --trustees 3 --threshold 2 --dir "$D/t$i" >/dev/null; done
P="--public $D/t1/trustee-1.public --public $D/t2/trustee-2.public --public $D/t3/trustee-3.public"
# shellcheck disable=SC2086
for i in 1 2 3; do "$MANDATE" trustee shares --secret "$D/t$i/trustee-$i.secret" $P --out "$D/shares-$i" >/dev/null; done
# shellcheck disable=SC2086
"$MANDATE" trustee combine --secret "$D/t1/trustee-1.secret" $P --shares "$D/shares-2" --shares "$D/shares-3" >/dev/null
# shellcheck disable=SC2086
"$MANDATE" trustee combine --secret "$D/t2/trustee-2.secret" $P --shares "$D/shares-1" --shares "$D/shares-3" >/dev/null
"$MANDATE" authority keygen --dir "$D/auth" >/dev/null

start_server(){
  "$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT 2>>"$D/serve.log" >>"$D/serve.out" &
  SERVER=$!
  for _ in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
start_server && ok "the server starts" || not_ok "the server starts" "$(tail -5 "$D/serve.log")"

# login NAME: the session cookie "mandate_session=..."
login(){
  jar=$D/jar-$1
  c=$(curl -s -c "$jar" "$BASE/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=$1" --data-urlencode "password=$PASSWORD" \
    --data-urlencode "csrf=$c" "$BASE/login"
  awk '$6=="mandate_session"{print "mandate_session=" $7}' "$jar"
}
OFFICER=$(login officer); SECRETARY=$(login secretary); REP=$(login rep)
get(){ curl -s -o "$D/body" -w '%{http_code}' ${2:+-H "Cookie: $2"} "$BASE$1"; }
csrf_of(){ get /pledges/new "$1" >/dev/null; sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$D/body" | head -n 1; }
# create COOKIE FIELDS...: POST /pledges, prints the status
create(){
  who=$1; shift
  c=$(csrf_of "$who")
  curl -s -o "$D/body" -D "$D/hdr" -w '%{http_code}' -H "Cookie: $who" --data-urlencode "csrf=$c" "$@" "$BASE/pledges"
}

KEYS=$(cat "$D/t1/trustee-1.public" "$D/t2/trustee-2.public" "$D/t3/trustee-3.public" "$D/auth/authority.public")
GPS="H-BOL-GP001,H-BOL-GP002,H-BOL-GP003"
st=$(create "$OFFICER" --data-urlencode "template=undated_resignation" --data-urlencode "code=gp-web" \
  --data-urlencode "title=GP undated resignations" --data-urlencode "deadline=2026-12-20" --data-urlencode "units=$GPS" \
  --data-urlencode "actions=Hand in an undated resignation=60%/workplace
Refer everything=3" --data-urlencode "keys=$KEYS")
[ "$st" = 303 ] && grep -qi '^location: /pledges/gp-web/progress' "$D/hdr" && ok "the officer creates an undated resignation campaign (keys pasted)" \
  || not_ok "officer creates a campaign" "$st $(head -c 400 "$D/body")"
for t in section44 strike solidarity; do
  st=$(create "$OFFICER" --data-urlencode "template=$t" --data-urlencode "code=web-$t" --data-urlencode "title=Web $t" \
    --data-urlencode "deadline=2026-12-20" --data-urlencode "units=H-BOL-GP001" --data-urlencode "trigger=3" \
    --data-urlencode "keys_from=gp-web")
  [ "$st" = 303 ] && ok "the officer creates a $t campaign (keys from an earlier one)" || not_ok "create $t" "$st $(head -c 400 "$D/body")"
done
st=$(create "$SECRETARY" --data-urlencode "template=strike" --data-urlencode "code=sec" --data-urlencode "title=x" \
  --data-urlencode "deadline=2026-12-20" --data-urlencode "keys_from=gp-web")
[ "$st" = 403 ] && ok "a branch secretary may not create a campaign (403)" || not_ok "secretary create 403" "$st"
st=$(create "$OFFICER" --data-urlencode "template=strike" --data-urlencode "code=bad" --data-urlencode "title=x" \
  --data-urlencode "deadline=2026-12-20" --data-urlencode "keys=nonsense")
[ "$st" = 400 ] && contains "$D/body" "keys" && ok "pasted keys that are not keys: 400 with the reason" || not_ok "bad keys 400" "$st $(cat "$D/body")"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $OFFICER" --data "template=strike&code=nocsrf&title=x&deadline=2026-12-20&keys_from=gp-web" "$BASE/pledges")
[ "$st" = 403 ] && ok "no CSRF token, no campaign" || not_ok "csrf 403" "$st"
[ "$(sqlite3 "$DB" "select count(*) from pledge_campaigns")" = 4 ] && ok "four campaigns, nothing half-written" || not_ok "four campaigns"

[ "$(get /pledges "$OFFICER")" = 200 ] && contains "$D/body" "GP undated resignations" && ok "/pledges lists them for the officer" || not_ok "/pledges officer"
[ "$(get /api/v1/pledges "$REP")" = 200 ] && ok "/api/v1/pledges answers a rep (their workplaces only)" || not_ok "/api/v1/pledges rep"
[ "$(get /pledges/new "$REP")" = 403 ] && ok "/pledges/new is the officer's" || not_ok "/pledges/new rep"
[ "$(get /pledges)" = 303 ] && ok "/pledges needs a login" || not_ok "/pledges anonymous"
[ "$(get /pledges/gp-web/progress)" = 200 ] && contains "$D/body" "0 of the 0 members" && ok "the progress page is public (counts only)" || not_ok "public progress" "$(head -c 300 "$D/body")"
[ "$(get /pledge/web-section44)" = 200 ] && contains "$D/body" 'id="statement"' && ok "the Section 44 signing page asks for the danger in the signer's words" || not_ok "s44 page"
[ "$(get /pledge/no-such)" = 404 ] && ok "an unknown campaign is a 404" || not_ok "unknown 404"

"$MANDATE" pledge credentials gp-web --db "$DB" --secret "$D/auth/authority.secret" --out "$D/creds" >/dev/null \
  && ok "the authority issues the credentials" || not_ok "credentials"
NCRED=$(grep -vc '^#' "$D/creds")
check "pledge items signs ahead for 40 members' devices" \
  "$MANDATE" pledge items gp-web --db "$DB" --credentials "$D/creds" --count "$NCRED" --out "$D/items" --actions 1,2
# sign FILE: POST, prints "status receipt"
sign(){
  curl -s -o "$D/sign.out" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$1" "$BASE/api/v1/pledges/gp-web/sign"
}
st=$(sign "$D/items/000001.json")
[ "$st" = 201 ] && grep -q '"receipt"' "$D/sign.out" && ok "a signed pledge is taken: 201 with a receipt" || not_ok "sign 201" "$st $(cat "$D/sign.out")"
R1=$(sed -n 's/.*"receipt": *"\([a-z2-7]*\)".*/\1/p' "$D/sign.out")
st=$(sign "$D/items/000001.json")
[ "$st" = 409 ] && ok "the same pledge again is a replay (409)" || not_ok "replay 409" "$st $(cat "$D/sign.out")"
sed 's/"item":"\(..\)/"item":"ff/' "$D/items/000002.json" >"$D/bad.json"
st=$(sign "$D/bad.json")
case $st in 400|403) ok "a pledge with a bad credential is refused ($st)";; *) not_ok "bad pledge refused" "$st";; esac
st=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: text/plain' --data "x" "$BASE/api/v1/pledges/gp-web/sign")
[ "$st" = 415 ] && ok "the intake takes JSON only (415)" || not_ok "415" "$st"
st=$(curl -s -o "$D/sign.out" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$D/items/000003.json" "$BASE/api/v1/pledges/no-such/sign")
[ "$st" = 404 ] && contains "$D/sign.out" "no pledge campaign" && ok "a pledge to an unknown campaign is a 404" || not_ok "intake 404" "$st $(cat "$D/sign.out")"
[ "$(get "/api/v1/pledges/gp-web/receipts/$R1")" = 200 ] && contains "$D/body" '"counted"' && ok "the receipt checks as counted" || not_ok "receipt counted" "$(cat "$D/body")"
[ "$(get "/pledge/gp-web?receipt=$R1")" = 200 ] && contains "$D/body" "this pledge is counted" && ok "the signing page checks a receipt without JavaScript" || not_ok "receipt page"

# ---- kill -9 in the middle of a burst: no acknowledged pledge is lost
: >"$D/acked"
( for f in "$D"/items/0000[0-3]*.json; do
    [ "$f" = "$D/items/000001.json" ] && continue
    s=$(curl -s -o "$f.out" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$f" "$BASE/api/v1/pledges/gp-web/sign")
    [ "$s" = 201 ] && sed -n 's/.*"receipt": *"\([a-z2-7]*\)".*/\1/p' "$f.out" >>"$D/acked"
  done ) &
BURST=$!
sleep 0.3
kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null
wait "$BURST"
NACK=$(wc -l <"$D/acked")
start_server && ok "the server restarts after kill -9 ($NACK pledges were acknowledged)" || not_ok "restart"
lost=0
while read -r r; do
  [ "$(get "/api/v1/pledges/gp-web/receipts/$r")" = 200 ] && contains "$D/body" counted || lost=$((lost+1))
done <"$D/acked"
[ "$lost" = 0 ] && [ "$NACK" -gt 0 ] && ok "every acknowledged pledge survived the kill -9" || not_ok "no acknowledged pledge lost" "$lost of $NACK lost"
check "the board still verifies after the kill -9" "$MANDATE" pledge verify "$DB-pledges/gp-web"
# the rest arrive after the restart
for f in "$D"/items/*.json; do
  [ -f "$f.out" ] && grep -q receipt "$f.out" && continue
  [ "$f" = "$D/items/000001.json" ] && continue
  s=$(sign "$f"); [ "$s" = 201 ] || not_ok "pledge $f after the restart" "$s $(cat "$D/sign.out")"
done
n=""
for _ in $(seq 1 40); do
  get /api/v1/pledges/gp-web/progress >/dev/null
  n=$(sed -n 's/.*"counted": *\([0-9]*\).*/\1/p' "$D/body")
  [ "$n" = "$NCRED" ] && break; sleep 0.2
done
[ "$n" = "$NCRED" ] && ok "the progress page updates: all $NCRED counted" || not_ok "progress counts all" "counted $n of $NCRED"
grep -qE '"trigger_met": ?true' "$D/body" && ok "the trigger is met" || not_ok "trigger met" "$(head -c 600 "$D/body")"
get /pledges/gp-web/progress >/dev/null
grep -q '<svg' "$D/body" && grep -q 'By workplace' "$D/body" && ok "progress draws the counts by action and by workplace" || not_ok "progress svg"
if grep -qE 'Member M[0-9]|M[0-9]{7}' "$D/body"; then not_ok "the progress page names no one"; else ok "the progress page names no one"; fi

# ---- the trigger: two trustees open; the letter and the notices
check "trustee 1 opens" "$MANDATE" pledge open --secret "$D/t1/trustee-1.secret" --board "$DB-pledges/gp-web"
check "trustee 2 opens" "$MANDATE" pledge open --secret "$D/t2/trustee-2.secret" --board "$DB-pledges/gp-web"
PDF=""
command -v chromium >/dev/null 2>&1 && PDF="--pdf $D/letter.pdf"
# shellcheck disable=SC2086
check "the opening writes the letter and queues the notices" "$MANDATE" pledge open gp-web --db "$DB" --out "$D/letter.html" $PDF
cat "$T_DIR/out" >"$D/open.out"
NNAME=$(grep -c '<td>Member M' "$D/letter.html")
[ "$NNAME" -ge "$NCRED" ] && ok "the letter names the signatories" || not_ok "letter names" "$NNAME"
NOTICE=$(sqlite3 "$DB" "select count(*) from outbox where purpose='pledge_opened'")
[ "$NOTICE" = "$NCRED" ] || [ "$NOTICE" -gt 0 ] && ok "a notice per signatory with an address is in the outbox ($NOTICE)" || not_ok "notices queued" "$(cat "$D/open.out")"
contains "$D/open.out" "queued in the outbox" && ok "the opener is told what was queued" || not_ok "open output" "$(cat "$D/open.out")"
if [ -n "$PDF" ]; then
  head -c 4 "$D/letter.pdf" | grep -q '%PDF' && ok "the letter as PDF" || not_ok "letter pdf"
fi
st=$(sign "$D/items/000002.json")
[ "$st" = 403 ] && ok "no pledge after the opening (403)" || not_ok "frozen after opening" "$st"
if grep -qE 'M[0-9]{7}|Member M' "$D/serve.log"; then not_ok "the server log holds no member data"; else ok "the server log holds no member data"; fi
finish
