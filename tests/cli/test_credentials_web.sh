# test_credentials_web.sh: the officer imports the credential authority's
# work from the web (docs/ballots.md, "From the web"): the ballot's page
# offers the upload (credentials.js) and still shows the command; POST
# /api/v1/ballots/CODE/credentials with {"board", "map"} imports every
# voter's public credential (201), for national officers only (a rep and a
# branch secretary get 403), needs the CSRF header, refuses a bad map and a
# second import with the reason and nothing changed (400), and takes a body
# far over the 64 KiB every other route still refuses (413).
. tests/lib.sh
. tests/lib_ballot.sh
. bench/login.sh
export MANDATE_REGIMES=$PWD/data/regimes
D=$T_DIR
DB=$D/union.db
BOARD=$DB.ballots/W1/board
PORT=$((20000 + ($$ + 11) % 20000))
BASE=http://127.0.0.1:$PORT
API=$BASE/api/v1/ballots/W1/credentials
q(){ sqlite3 "$DB" "$1"; }
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$T_DIR"' EXIT

"$MANDATE" demo --db "$DB" --members 300 >"$D/demo.out" 2>&1 && ok "demo database" || not_ok "demo database" "$(cat "$D/demo.out")"
PASSWORD=$(awk '$2=="officer"{print $3}' "$D/demo.out")
ballot_keys
# shellcheck disable=SC2086
expect_exit 0 "create a ballot of the whole union" "$MANDATE" ballot create W1 --title "Pay offer" \
  --question "Do you accept the offer?" --kind offer --unit NUPW --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 \
  --regime gb-tulrca-2016 --authority "$D/ca/authority.public" $P --db "$DB"
NV=$(q "select voters from ballots where code='W1'")

# --- the authority's work, on its own copy of the board; not imported here
cp "$BOARD" "$D/ca/board"
"$MANDATE" authority credentials --secret "$D/ca/authority.secret" --board "$D/ca/board" --voters "$NV" \
  --out "$D/ca/credentials" >/dev/null && ok "the authority issues $NV credentials" || not_ok "the authority issues credentials"
grep -v '^#' "$D/ca/credentials" | awk '{print $1, $3}' >"$D/map"
body(){ jq -n --rawfile board "$1" --rawfile map "$2" '{board: $board, map: $map}' >"$3"; }
body "$D/ca/board" "$D/map" "$D/good.json"
head -n 3 "$D/map" >"$D/map-short"
body "$D/ca/board" "$D/map-short" "$D/short.json"
# a body of well over 64 KiB: the authority's board padded with spaces,
# which the import refuses (it adds something that is not a credential)
{ cat "$D/ca/board"; head -c 200000 /dev/zero | tr '\0' ' '; } >"$D/big-board"
body "$D/big-board" "$D/map" "$D/big.json"
[ "$(stat -c %s "$D/big.json")" -gt 65536 ] && ok "a body over 64 KiB to send" || not_ok "a body over 64 KiB to send"

"$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT >"$D/serve.out" 2>"$D/serve.log" &
SERVER=$!
for i in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "$BASE/healthz" >/dev/null && ok "server up" || not_ok "server up" "$(cat "$D/serve.log")"
OFFICER=$(login "$BASE" officer "$PASSWORD"); SECRETARY=$(login "$BASE" secretary "$PASSWORD"); REP=$(login "$BASE" rep "$PASSWORD")

# --- the officer's page: the upload, and the command without JavaScript
curl -s -H "Cookie: $OFFICER" "$BASE/ballots/W1" >"$D/page"
csrf=$(sed -n 's/.*data-csrf="\([^"]*\)".*/\1/p' "$D/page" | head -n 1)
grep -q 'id="credentials" class="stack" hidden' "$D/page" && grep -q 'type="file" id="credentials-board"' "$D/page" \
  && grep -q 'type="file" id="credentials-map"' "$D/page" && ok "the page offers the upload (shown by its script)" \
  || not_ok "the page offers the upload" "$(grep -n credentials "$D/page" | head -5)"
grep -Eq '<script type="module" src="/static/js/[0-9a-f]{16}/credentials.js"></script>' "$D/page" \
  && ok "  ... its script from a versioned path, not inline" || not_ok "  ... its script from a versioned path"
grep -q 'mandate ballot import-credentials W1' "$D/page" && ok "  ... and the command, without JavaScript" || not_ok "  ... and the command"
js=$(sed -n 's#.*src="\(/static/js/[0-9a-f]*/credentials.js\)".*#\1#p' "$D/page" | head -n 1)
[ "$(curl -s -o "$D/js" -w '%{http_code}' "$BASE$js")" = 200 ] && grep -q "X-CSRF-Token" "$D/js" \
  && ok "credentials.js is served" || not_ok "credentials.js is served" "$js"

# post FILE COOKIE [CSRF]: the HTTP status; the answer in $D/resp
post(){
  curl -s -o "$D/resp" -w '%{http_code}' -H "Cookie: $2" -H "X-CSRF-Token: ${3:-}" \
    -H 'Content-Type: application/json' --data-binary "@$1" "$API"
}
# token COOKIE: that session's CSRF token, from a page (the logout form)
token(){ curl -s -H "Cookie: $1" "$BASE/ballots" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1; }
for who in REP SECRETARY; do
  eval "cookie=\$$who"
  # shellcheck disable=SC2154
  [ "$(post "$D/good.json" "$cookie" "$(token "$cookie")")" = 403 ] && jq -e '.error|test("national officers")' "$D/resp" >/dev/null \
    && ok "$who (with its own CSRF token) gets 403: for national officers" || not_ok "$who gets 403" "$(cat "$D/resp")"
done
[ "$(post "$D/good.json" "$OFFICER" "")" = 403 ] && ok "no CSRF token: 403" || not_ok "no CSRF token: 403" "$(cat "$D/resp")"
# the large body is for a national officer's session only: anyone else is
# refused before the server reads (and holds) it
[ -s "$D/big.json" ] || head -c 200000 /dev/zero | tr '\0' 'a' >"$D/big.json"
[ "$(post "$D/big.json" "" "")" = 413 ] && [ "$(post "$D/big.json" "mandate_session=0123456789abcdef" "")" = 413 ] \
  && [ "$(post "$D/big.json" "$REP" "$(token "$REP")")" = 413 ] \
  && ok "a body over 64 KiB without an officer's session (none, a forged one, a rep's): 413, not read" \
  || not_ok "a large body without an officer's session: 413" "$(cat "$D/resp")"
[ "$(curl -s -o "$D/resp" -w '%{http_code}' -H "Cookie: $OFFICER" -H "X-CSRF-Token: $csrf" --data-binary "@$D/good.json" "$API")" = 415 ] \
  && ok "not sent as JSON: 415" || not_ok "not sent as JSON: 415" "$(cat "$D/resp")"
[ "$(q 'select count(credential) from ballot_voters')" = 0 ] && ok "  ... nothing imported" || not_ok "  ... nothing imported"
echo '{"board": 1}' >"$D/bad.json"
[ "$(post "$D/bad.json" "$OFFICER" "$csrf")" = 400 ] && jq -e '.error|test("board")' "$D/resp" >/dev/null \
  && ok "a body without the two texts: 400 saying what to send" || not_ok "a body without the two texts: 400" "$(cat "$D/resp")"
[ "$(post "$D/short.json" "$OFFICER" "$csrf")" = 400 ] && jq -e '.error|test("not imported")' "$D/resp" >/dev/null \
  && ! grep -q 'mandate-credentials-' "$D/resp" \
  && ok "a map missing voters: 400 with the reason (no temporary path)" || not_ok "a map missing voters: 400" "$(cat "$D/resp")"
[ "$(post "$D/big.json" "$OFFICER" "$csrf")" = 400 ] && jq -e ".error|test(\"the authority's board\")" "$D/resp" >/dev/null \
  && ok "a body over 64 KiB is read (this route takes up to 64 MiB): a padded board is refused by the import" \
  || not_ok "a padded board over 64 KiB: 400" "$(head -c 600 "$D/resp")"
[ "$(q 'select count(credential) from ballot_voters')" = 0 ] && [ "$(q "select credentials_at is null from ballots where code='W1'")" = 1 ] \
  && ok "  ... nothing imported by a refusal" || not_ok "  ... nothing imported by a refusal"

# --- the import
[ "$(post "$D/good.json" "$OFFICER" "$csrf")" = 201 ] && [ "$(jq .imported "$D/resp")" = "$NV" ] \
  && ok "the officer imports $NV credentials: 201 with the count" || not_ok "the officer imports: 201" "$(cat "$D/resp")"
[ "$(q 'select count(*) from ballot_voters where credential is not null')" = "$NV" ] && cmp -s "$BOARD" "$D/ca/board" \
  && ok "  ... every voter's credential recorded; the board has the authority's lines" \
  || not_ok "  ... every voter's credential recorded" "$(q 'select count(credential) from ballot_voters')"
cp "$BOARD" "$D/board-after"
[ "$(post "$D/good.json" "$OFFICER" "$csrf")" = 400 ] && jq -e '.error|test("not taken again")' "$D/resp" >/dev/null \
  && ok "a second import is refused with the reason" || not_ok "a second import is refused" "$(cat "$D/resp")"
cmp -s "$BOARD" "$D/board-after" && [ "$(q 'select count(*) from ballot_voters where credential is not null')" = "$NV" ] \
  && ok "  ... nothing changed" || not_ok "  ... nothing changed"
curl -s -H "Cookie: $OFFICER" "$BASE/ballots/W1" >"$D/page"
grep -q 'id="credentials-board"' "$D/page" && not_ok "the upload is gone once imported" || ok "the upload is gone once imported"

# --- every other route keeps the 64 KiB limit
st=$(curl -s -o "$D/resp" -w '%{http_code}' -H "Cookie: $OFFICER" -H "X-CSRF-Token: $csrf" \
  -H 'Content-Type: application/json' --data-binary "@$D/big.json" "$BASE/api/v1/ballots/W1/not-voted")
[ "$st" = 413 ] && ok "a body over 64 KiB to another route: 413" || not_ok "a body over 64 KiB to another route: 413" "$st $(cat "$D/resp")"
grep -qE '[0-9a-f]{64}' "$D/serve.log" && not_ok "no credential in the server's log" || ok "no credential in the server's log"

# --- two imports at the same moment: one takes the credentials, the other is
# refused, and the board holds each credential once
# shellcheck disable=SC2086
"$MANDATE" ballot create W2 --title "Second" --question "Do you accept?" --kind offer --unit NUPW \
  --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 --regime gb-tulrca-2016 --authority "$D/ca/authority.public" $P --db "$DB" >/dev/null
mkdir -p "$D/ca2" && cp "$DB.ballots/W2/board" "$D/ca2/board"
"$MANDATE" authority credentials --secret "$D/ca/authority.secret" --board "$D/ca2/board" --voters "$NV" --out "$D/ca2/credentials" >/dev/null
grep -v '^#' "$D/ca2/credentials" | awk '{print $1, $3}' >"$D/map2"
for i in 1 2 3; do
  "$MANDATE" ballot import-credentials W2 --board-from "$D/ca2" --map "$D/map2" --db "$DB" >"$D/imp$i.out" 2>&1 &
  eval "IMP$i=\$!"
done
n0=0; for i in 1 2 3; do eval "wait \$IMP$i" && n0=$((n0+1)); done
"$MANDATE" verify --open "$DB.ballots/W2/board" >"$D/verify2.out" 2>&1; vst=$?
[ "$n0" = 1 ] && [ "$vst" = 0 ] && grep -q " $NV credentials," "$D/verify2.out" \
  && ok "three imports at once: one takes the credentials, the others are refused; the board holds each once and verifies" \
  || not_ok "concurrent imports" "$n0 succeeded; $(cat "$D/verify2.out" | head -3); $(cat "$D"/imp*.out | head -5)"
finish
