# test_web.sh: the real server on 127.0.0.1, driven with curl: login,
# sessions, CSRF, rate limiting, security headers, and the role matrix —
# every page and API route as every role, checking that nobody ever sees a
# member outside their scope.
. tests/lib.sh
. bench/login.sh
DB=$T_DIR/demo.db
PORT=$((20000 + $$ % 20000))
BASE=http://127.0.0.1:$PORT

"$MANDATE" demo --db "$DB" --members 3000 --seed 11 >"$T_DIR/demo.out" 2>&1 \
  && ok "demo database created" || { not_ok "demo database created" "$(cat $T_DIR/demo.out)"; finish; exit 1; }
PASSWORD=$(awk '$2=="officer"{print $3}' "$T_DIR/demo.out")

"$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT 2>"$T_DIR/serve.log" >"$T_DIR/serve.out" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$T_DIR"' EXIT
for i in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "$BASE/healthz" >/dev/null && ok "server answers /healthz" || not_ok "server answers /healthz" "$(cat $T_DIR/serve.log)"
grep -q "officer" "$T_DIR/serve.out" && ok "serve prints the demo logins" || not_ok "serve prints the demo logins" "$(cat $T_DIR/serve.out)"

# get PATH [COOKIE]: body to $T_DIR/body, headers to $T_DIR/hdr, prints status
get(){
  curl -s -o "$T_DIR/body" -D "$T_DIR/hdr" -w '%{http_code}' ${2:+-H "Cookie: $2"} "$BASE$1"
}

# --- without a session
[ "$(get /readiness)" = 303 ] && grep -qi '^location: /login' "$T_DIR/hdr" \
  && ok "a page without a session redirects to /login" || not_ok "a page without a session redirects to /login"
[ "$(get /api/v1/readiness)" = 401 ] && ok "the API without a session is 401" || not_ok "the API without a session is 401"
[ "$(get /members/M0000001)" = 303 ] && ok "a member page without a session redirects" || not_ok "a member page without a session redirects"
get /login >/dev/null
grep -qi "^content-security-policy: default-src 'self'" "$T_DIR/hdr" && ok "CSP header" || not_ok "CSP header" "$(cat $T_DIR/hdr)"
grep -qi "frame-ancestors 'none'" "$T_DIR/hdr" && ok "no framing" || not_ok "no framing"
grep -qi '^x-content-type-options: nosniff' "$T_DIR/hdr" && ok "nosniff header" || not_ok "nosniff header"
[ "$(get /no/such/page)" = 404 ] || [ "$(get /no/such/page)" = 303 ] && ok "unknown route is not served" || not_ok "unknown route is not served"

# --- login
BAD=$(login "$BASE" officer wrong-password-123)
[ "$(get /api/v1/readiness "$BAD")" = 401 ] && ok "a wrong password gives no session" || not_ok "a wrong password gives no session"
OFFICER=$(login "$BASE" officer "$PASSWORD")
SECRETARY=$(login "$BASE" secretary "$PASSWORD")
REP=$(login "$BASE" rep "$PASSWORD")
[ "$(get /api/v1/readiness "$OFFICER")" = 200 ] && ok "officer logs in" || not_ok "officer logs in" "password '$PASSWORD' cookie '$OFFICER'"
[ "$(get /api/v1/readiness "$SECRETARY")" = 200 ] && ok "secretary logs in" || not_ok "secretary logs in"
[ "$(get /api/v1/readiness "$REP")" = 200 ] && ok "rep logs in" || not_ok "rep logs in"
jar=$(mktemp); csrf=$(curl -s -c "$jar" "$BASE/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -s -b "$jar" -c "$jar" -D "$T_DIR/hdr" -o /dev/null --data-urlencode "username=officer" \
  --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$csrf" "$BASE/login"
grep -i '^set-cookie: mandate_session' "$T_DIR/hdr" | grep -qi httponly && ok "session cookie is HttpOnly" || not_ok "session cookie is HttpOnly" "$(cat $T_DIR/hdr)"
grep -i '^set-cookie: mandate_session' "$T_DIR/hdr" | grep -qi 'samesite=' && ok "session cookie has SameSite" || not_ok "session cookie has SameSite"
rm -f "$jar"

# --- the role matrix
sq(){ sqlite3 "$DB" "$1"; }
scope_sql(){  # members in the scope of user $1
  echo "select m.number from members m join units u on u.id=m.unit_id, users us join units s on s.id=us.unit_id
        where us.username='$1' and u.lft between s.lft and s.rgt"
}
for role in officer secretary rep; do
  case $role in officer) C=$OFFICER;; secretary) C=$SECRETARY;; rep) C=$REP;; esac
  sq "$(scope_sql $role)" | sort >"$T_DIR/allowed"
  nallowed=$(wc -l <"$T_DIR/allowed")
  leaks=0; pages=0; wrong=0
  # every unit: in scope must be 200, out of scope must be 404
  sq "select u.code, (u.lft between s.lft and s.rgt) from units u, users us join units s on s.id=us.unit_id where us.username='$role'" >"$T_DIR/units"
  while IFS='|' read -r code inscope; do
    for path in "/units/$code" "/api/v1/units/$code" "/readiness?unit=$code" "/api/v1/readiness?unit=$code"; do
      st=$(get "$path" "$C"); pages=$((pages+1))
      if [ "$inscope" = 1 ] && [ "$st" != 200 ]; then wrong=$((wrong+1)); echo "    $role $path: $st, expected 200"; fi
      if [ "$inscope" = 0 ] && [ "$st" != 404 ]; then wrong=$((wrong+1)); echo "    $role $path: $st, expected 404"; fi
      grep -oE 'M[0-9]{7}' "$T_DIR/body" | sort -u | comm -23 - "$T_DIR/allowed" >"$T_DIR/leak"
      if [ -s "$T_DIR/leak" ]; then leaks=$((leaks+1)); echo "    $role $path shows $(head -n 3 "$T_DIR/leak" | tr '\n' ' ')"; fi
    done
  done <"$T_DIR/units"
  # list pages, search, and paging
  mine=$(head -n 1 "$T_DIR/allowed")
  for path in /readiness /api/v1/readiness /members /api/v1/members "/members?page=2" "/api/v1/members?page=3" \
              "/members?q=a" "/api/v1/members?q=smith" "/members?q=$mine" "/"; do
    st=$(get "$path" "$C"); pages=$((pages+1))
    case $st in 200|303) ;; *) wrong=$((wrong+1)); echo "    $role $path: $st";; esac
    grep -oE 'M[0-9]{7}' "$T_DIR/body" | sort -u | comm -23 - "$T_DIR/allowed" >"$T_DIR/leak"
    if [ -s "$T_DIR/leak" ]; then leaks=$((leaks+1)); echo "    $role $path shows $(head -n 3 "$T_DIR/leak" | tr '\n' ' ')"; fi
  done
  # member pages: a sample inside (200) and outside (404) the scope
  sq "select number from members where number in ($(sed "s/.*/'&'/" "$T_DIR/allowed" | head -n 400 | tr '\n' ',' | sed 's/,$//')) order by random() limit 15" >"$T_DIR/in"
  sq "select number from members order by random() limit 60" | sort | comm -23 - "$T_DIR/allowed" | head -n 15 >"$T_DIR/out_of_scope"
  while read -r n; do
    for path in "/members/$n" "/api/v1/members/$n"; do
      st=$(get "$path" "$C"); pages=$((pages+1))
      [ "$st" = 200 ] || { wrong=$((wrong+1)); echo "    $role $path: $st, expected 200"; }
      grep -oE 'M[0-9]{7}' "$T_DIR/body" | sort -u | comm -23 - "$T_DIR/allowed" >"$T_DIR/leak"
      if [ -s "$T_DIR/leak" ]; then leaks=$((leaks+1)); echo "    $role $path shows $(head -n 3 "$T_DIR/leak" | tr '\n' ' ')"; fi
    done
  done <"$T_DIR/in"
  while read -r n; do
    for path in "/members/$n" "/api/v1/members/$n"; do
      st=$(get "$path" "$C"); pages=$((pages+1))
      [ "$st" = 404 ] || { wrong=$((wrong+1)); echo "    $role $path: $st, expected 404"; }
      grep -q "$n" "$T_DIR/body" && { leaks=$((leaks+1)); echo "    $role $path shows $n"; }
    done
  done <"$T_DIR/out_of_scope"
  [ "$leaks" = 0 ] && ok "$role sees no member outside their scope ($pages requests, $nallowed members in scope)" \
    || not_ok "$role sees no member outside their scope" "$leaks responses leaked"
  [ "$wrong" = 0 ] && ok "$role gets 200 inside and 404 outside their scope" || not_ok "$role gets 200 inside and 404 outside their scope" "$wrong wrong statuses"
done
[ "$(sq "$(scope_sql rep)" | wc -l)" -lt "$(sq "$(scope_sql secretary)" | wc -l)" ] \
  && [ "$(sq "$(scope_sql secretary)" | wc -l)" -lt "$(sq "select count(*) from members")" ] \
  && ok "the three roles have nested, smaller scopes" || not_ok "the three roles have nested, smaller scopes"

# --- readiness content
get /api/v1/readiness "$OFFICER" >/dev/null
[ "$(jq length "$T_DIR/body")" = "$(sq 'select count(*) from units')" ] && ok "officer's readiness has every unit" || not_ok "officer's readiness has every unit"
jq -e 'all(.[]; has("home_address_pct") and has("members_per_rep"))' "$T_DIR/body" >/dev/null && ok "readiness API fields" || not_ok "readiness API fields"
get /readiness "$OFFICER" >/dev/null
grep -q '<svg' "$T_DIR/body" && ok "readiness page draws SVG bars" || not_ok "readiness page draws SVG bars"
BRANCH=$(sq "select u.code from users us join units u on u.id=us.unit_id where us.username='secretary'")
get "/units/$BRANCH" "$SECRETARY" >/dev/null
grep -qiE 'workplace ballot address|no mobile|no rep' "$T_DIR/body" && ok "unit page states the gaps" || not_ok "unit page states the gaps"

# --- logging a conversation: CSRF enforced
N=$(sq "$(scope_sql rep) limit 1")
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" --data "held_on=2026-11-20&assessment=2&issues=pay" "$BASE/members/$N/conversations")
[ "$st" = 403 ] && ok "a POST without a CSRF token is refused" || not_ok "a POST without a CSRF token is refused" "got $st"
get "/members/$N" "$REP" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
before=$(sq "select count(*) from conversations c join members m on m.id=c.member_id where m.number='$N'")
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" --data-urlencode "csrf=$csrf" \
     --data "held_on=2026-11-20&assessment=2" --data-urlencode "issues=pay & workload" --data-urlencode "notes=<b>keen</b>" "$BASE/members/$N/conversations")
after=$(sq "select count(*) from conversations c join members m on m.id=c.member_id where m.number='$N'")
[ "$st" = 303 ] && [ "$after" = $((before+1)) ] && ok "a rep logs a conversation" || not_ok "a rep logs a conversation" "status $st, $before -> $after"
get "/members/$N" "$REP" >/dev/null
grep -q '&lt;b&gt;keen&lt;/b&gt;' "$T_DIR/body" && ! grep -q '<b>keen</b>' "$T_DIR/body" && ok "notes are HTML-escaped" || not_ok "notes are HTML-escaped"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" --data-urlencode "csrf=$csrf" \
     --data "held_on=not-a-date&assessment=9" "$BASE/members/$N/conversations")
[ "$st" = 400 ] && ok "a bad conversation form is a 400" || not_ok "a bad conversation form is a 400" "got $st"

# --- a rep cannot write to a member outside their scope
OUTN=$(sq "select number from members order by number" | sort | comm -23 - "$(sq "$(scope_sql rep)" | sort >"$T_DIR/rep_allowed"; echo "$T_DIR/rep_allowed")" | head -n 1)
before=$(sq "select count(*) from conversations")
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" --data-urlencode "csrf=$csrf" \
     --data "held_on=2026-11-20&assessment=2" "$BASE/members/$OUTN/conversations")
[ "$st" = 404 ] && [ "$(sq "select count(*) from conversations")" = "$before" ] \
  && ok "a rep cannot log a conversation outside their scope" || not_ok "a rep cannot log a conversation outside their scope" "status $st for $OUTN"

# --- logout ends the session
get /readiness "$SECRETARY" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
curl -s -o /dev/null -H "Cookie: $SECRETARY" --data-urlencode "csrf=$csrf" "$BASE/logout"
[ "$(get /api/v1/readiness "$SECRETARY")" = 401 ] && ok "logout ends the session" || not_ok "logout ends the session"

# --- login is rate limited
limited=0
for i in $(seq 1 12); do
  jar=$(mktemp); csrf=$(curl -s -c "$jar" "$BASE/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
  st=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' --data "username=rep&password=guess$i&csrf=$csrf" "$BASE/login")
  rm -f "$jar"
  [ "$st" = 429 ] && { limited=1; break; }
done
[ "$limited" = 1 ] && ok "repeated wrong passwords are rate limited (429)" || not_ok "repeated wrong passwords are rate limited (429)"

# --- bad requests get a reason
[ "$(get "/members?page=abc" "$OFFICER")" = 400 ] && ok "a bad page number is a 400" || not_ok "a bad page number is a 400"
[ "$(get "/units/NO-SUCH-UNIT" "$OFFICER")" = 404 ] && ok "an unknown unit is a 404" || not_ok "an unknown unit is a 404"

# --- the log holds no member data
kill $SERVER; wait $SERVER 2>/dev/null
if grep -qE 'M[0-9]{7}|@example|\+447|csrf=|password' "$T_DIR/serve.log"; then
  not_ok "the server log holds no member data or secrets" "$(grep -E 'M[0-9]{7}|@example|\+447|csrf=|password' "$T_DIR/serve.log" | head -n 3)"
else ok "the server log holds no member data or secrets"; fi
grep -q 'GET /readiness' "$T_DIR/serve.log" && ok "the server logs requests" || not_ok "the server logs requests" "$(head -n 3 "$T_DIR/serve.log")"
finish
