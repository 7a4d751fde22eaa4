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
# the main menu leads to every part a role may open, and to nothing it may not
get /readiness "$OFFICER" >/dev/null
for h in /readiness /members /disputes /ballots /pledges /action; do grep -q "<li><a href=\"$h\">" "$T_DIR/body" || echo "officer lacks $h"; done >"$T_DIR/menu"
get /readiness "$REP" >/dev/null
grep -q '<li><a href="/action">' "$T_DIR/body" && echo "the rep is offered /action" >>"$T_DIR/menu"
[ "$(get /action "$REP")" = 404 ] || echo "/action is open to a rep" >>"$T_DIR/menu"
[ ! -s "$T_DIR/menu" ] && ok "the menu: every part for the officer; no action scenarios for a rep, who may not open them" \
  || not_ok "the menu by role" "$(cat "$T_DIR/menu")"
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

# --- action scenarios: officers and branch secretaries; a rep gets 404
"$MANDATE" action create WEBALL --title "All-out" --starts 2026-12-01 --days 5 --kind all-out \
  --pay 40 --balance 50000 --db "$DB" >/dev/null 2>&1 && ok "an action scenario for the web" || not_ok "an action scenario for the web"
for path in /action /action/WEBALL /api/v1/action /api/v1/action/WEBALL; do
  so=$(get "$path" "$OFFICER"); ss=$(get "$path" "$SECRETARY"); sr=$(get "$path" "$REP")
  [ "$so" = 200 ] && [ "$ss" = 200 ] && [ "$sr" = 404 ] && ok "$path: officer 200, secretary 200, rep 404" \
    || not_ok "$path: officer 200, secretary 200, rep 404" "got $so $ss $sr"
done
[ "$(get /action/NO-SUCH "$OFFICER")" = 404 ] && ok "an unknown scenario is a 404" || not_ok "an unknown scenario is a 404"
get /action "$OFFICER" >/dev/null
grep -q '<polyline' "$T_DIR/body" && grep -q 'name="csrf"' "$T_DIR/body" && ok "/action charts the fund and offers the officer a form" \
  || not_ok "/action charts the fund and offers the officer a form"
get /api/v1/action/WEBALL "$OFFICER" >/dev/null
ALLACT=$(sq "select count(*) from members where status='active'")
[ "$(jq '.carrying' "$T_DIR/body")" = "$ALLACT" ] && [ "$(jq '.fund.opening_pence' "$T_DIR/body")" = 5000000 ] \
  && ok "the officer sees the whole union and the fund" || not_ok "the officer sees the whole union and the fund" "$(jq -c '{carrying, fund}' "$T_DIR/body")"
get /api/v1/action/WEBALL "$SECRETARY" >/dev/null
SECACT=$(sq "select count(*) from members m join units u on u.id=m.unit_id, units b where b.code='$BRANCH' and u.lft between b.lft and b.rgt and m.status='active'")
[ "$(jq '.active_members' "$T_DIR/body")" = "$SECACT" ] && [ "$(jq '.fund' "$T_DIR/body")" = null ] \
  && [ "$(jq '.days_fund_lasts' "$T_DIR/body")" = null ] && ok "a branch secretary sees their branch's $SECACT members and no fund" \
  || not_ok "a branch secretary sees only their branch" "$(jq -c '{active_members, fund}' "$T_DIR/body")"
get /action "$SECRETARY" >/dev/null
! grep -q 'method="post" action="/action"' "$T_DIR/body" && ok "no create form for a branch secretary" || not_ok "no create form for a branch secretary"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
st=$(curl -s -o "$T_DIR/body" -w '%{http_code}' -H "Cookie: $SECRETARY" --data-urlencode "csrf=$csrf" \
     --data "code=SECX&title=x&kind=all-out&starts_on=2026-12-01&days=3" "$BASE/action")
[ "$st" = 403 ] && grep -q "not available to your role" "$T_DIR/body" && ok "a branch secretary may not create a scenario (403)" || not_ok "a branch secretary may not create a scenario" "got $st"
get /action "$OFFICER" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $OFFICER" --data "code=NOCSRF&title=x&kind=all-out&starts_on=2026-12-01&days=3" "$BASE/action")
[ "$st" = 403 ] && ok "creating a scenario without a CSRF token is refused" || not_ok "creating a scenario without a CSRF token is refused" "got $st"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $OFFICER" --data-urlencode "csrf=$csrf" \
     --data "code=WEBROLL&title=Rolling&kind=rolling&units=$BRANCH&starts_on=2026-12-01&days=4&action_days=1-2&pay=30&levy=1.50&balance=20000" "$BASE/action")
[ "$st" = 303 ] && [ "$(sq "select count(*) from action_plan_days a join action_plans p on p.id=a.plan_id where p.code='WEBROLL'")" = 2 ] \
  && ok "the officer creates a scenario from the form" || not_ok "the officer creates a scenario from the form" "got $st"
before=$(sq "select count(*) from action_plans")
st=$(curl -s -o "$T_DIR/body" -w '%{http_code}' -H "Cookie: $OFFICER" --data-urlencode "csrf=$csrf" \
     --data "code=WEBBAD&title=x&kind=targeted&units=NO-SUCH&starts_on=2026-12-01&days=3" "$BASE/action")
[ "$st" = 400 ] && grep -q "no unit with code NO-SUCH" "$T_DIR/body" && [ "$(sq "select count(*) from action_plans")" = "$before" ] \
  && ok "a bad scenario form is a 400 with the reason, nothing written" || not_ok "a bad scenario form is a 400" "got $st"
get /readiness "$REP" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" --data-urlencode "csrf=$csrf" \
     --data "code=REPX&title=x&kind=all-out&starts_on=2026-12-01&days=3" "$BASE/action")
[ "$st" = 404 ] && [ "$(sq "select count(*) from action_plans where code='REPX'")" = 0 ] \
  && ok "a rep cannot create a scenario (404)" || not_ok "a rep cannot create a scenario" "got $st"

# --- a statutory ballot's turnout: the whole ballot for the officer, the
# branch for the secretary, one workplace for the rep; out of scope = 404
"$MANDATE" dispute create TURNPAY --title "Pay 2026" --regime gb-era-2025 \
  --employer "Department for Work and Pensions" --unit DWP --db "$DB" >/dev/null 2>&1 \
  && "$MANDATE" dispute ballot-open TURNPAY --opens 2026-11-16 --closes 2026-12-07 --db "$DB" >/dev/null 2>&1 \
  && "$MANDATE" dispute posted-links TURNPAY --base-url "$BASE" --out "$T_DIR/links.csv" --db "$DB" >/dev/null 2>&1 \
  && ok "a statutory ballot with personal links for the web" || not_ok "a statutory ballot with personal links for the web"
HOSP=$(sq "select u.code from units u join members m on m.unit_id=u.id join employers e on e.id=m.employer_id where e.name='Brightclean Services Ltd' limit 1")
"$MANDATE" dispute create TURNROTA --title "Rotas" --regime gb-era-2025 \
  --employer "$(sq "select name from units where code='$HOSP'") NHS Foundation Trust" --unit "$HOSP" --db "$DB" >/dev/null 2>&1 \
  && "$MANDATE" dispute ballot-open TURNROTA --opens 2026-11-16 --closes 2026-12-07 --db "$DB" >/dev/null 2>&1 \
  && ok "a ballot outside the secretary's and rep's scope" || not_ok "a ballot outside the secretary's and rep's scope"
REPUNIT=$(sq "select u.code from users us join units u on u.id=us.unit_id where us.username='rep'")
for path in /disputes/TURNPAY/turnout /api/v1/disputes/TURNPAY/turnout; do
  so=$(get "$path" "$OFFICER"); ss=$(get "$path" "$SECRETARY"); sr=$(get "$path" "$REP")
  [ "$so" = 200 ] && [ "$ss" = 200 ] && [ "$sr" = 200 ] && ok "$path: 200 for every role in it" || not_ok "$path: 200 for every role in it" "got $so $ss $sr"
done
for path in /disputes/TURNROTA/turnout /api/v1/disputes/TURNROTA/turnout; do
  so=$(get "$path" "$OFFICER"); ss=$(get "$path" "$SECRETARY"); sr=$(get "$path" "$REP")
  [ "$so" = 200 ] && [ "$ss" = 404 ] && [ "$sr" = 404 ] && ok "$path: officer 200, secretary and rep 404" || not_ok "$path: officer 200, secretary and rep 404" "got $so $ss $sr"
done
[ "$(get /disputes/NO-SUCH/turnout "$OFFICER")" = 404 ] && ok "an unknown dispute's turnout is a 404" || not_ok "an unknown dispute's turnout is a 404"
[ "$(get /disputes/TURNPAY/turnout)" = 303 ] && [ "$(get /api/v1/disputes/TURNPAY/turnout)" = 401 ] \
  && ok "the turnout needs a session" || not_ok "the turnout needs a session"
get /api/v1/disputes/TURNPAY/turnout "$OFFICER" >/dev/null
jq -e '.covers_ballot and .rows[0].unit == null and .rows[0].name == "whole ballot" and (.rows | length) > 2' "$T_DIR/body" >/dev/null \
  && ok "the officer sees the whole ballot and every workplace" || not_ok "the officer sees the whole ballot" "$(jq -c '{covers_ballot, n: (.rows|length)}' "$T_DIR/body")"
get /api/v1/disputes/TURNPAY/turnout "$REP" >/dev/null
jq -e --arg u "$REPUNIT" '(.covers_ballot | not) and (.rows | length) == 2 and .rows[1].unit == $u and .rows[0].entitled == .rows[1].entitled' "$T_DIR/body" >/dev/null \
  && ok "the rep sees only their workplace" || not_ok "the rep sees only their workplace" "$(jq -c '[.rows[] | .unit]' "$T_DIR/body")"
get /api/v1/disputes/TURNPAY/turnout "$SECRETARY" >/dev/null
sq "select u.code from units u, units b where b.code='$BRANCH' and u.lft between b.lft and b.rgt" | sort >"$T_DIR/branch_units"
jq -r '.rows[1:][].unit' "$T_DIR/body" | sort | comm -23 - "$T_DIR/branch_units" >"$T_DIR/leak"
[ ! -s "$T_DIR/leak" ] && jq -e '(.covers_ballot | not) and (.rows | length) > 1' "$T_DIR/body" >/dev/null \
  && ok "the secretary sees only their branch's workplaces" || not_ok "the secretary sees only their branch's workplaces" "$(head -n 3 "$T_DIR/leak")"
get /disputes/TURNPAY/turnout "$OFFICER" >/dev/null
grep -q '<svg' "$T_DIR/body" && grep -q 'whole ballot' "$T_DIR/body" && grep -q 'name="returned"' "$T_DIR/body" \
  && ok "the turnout page charts the returns and offers the officer a form" || not_ok "the turnout page charts the returns and offers a form"
grep -qE 'M[0-9]{7}' "$T_DIR/body" && not_ok "the turnout page names no member" || ok "the turnout page names no member"
get /disputes/TURNPAY/turnout "$REP" >/dev/null
! grep -q 'name="returned"' "$T_DIR/body" && ok "no scrutineer form for a rep" || not_ok "no scrutineer form for a rep"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" --data-urlencode "csrf=$csrf" --data "returned=1&on=2026-11-20&unit=$REPUNIT" "$BASE/disputes/TURNPAY/turnout")
[ "$st" = 403 ] && ok "a rep may not enter the scrutineer's figure (403)" || not_ok "a rep may not enter the scrutineer's figure" "got $st"
get /disputes/TURNPAY/turnout "$OFFICER" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $OFFICER" --data "returned=100&on=2026-11-20" "$BASE/disputes/TURNPAY/turnout")
[ "$st" = 403 ] && ok "a scrutineer's figure without a CSRF token is refused" || not_ok "a scrutineer's figure without a CSRF token is refused" "got $st"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $OFFICER" --data-urlencode "csrf=$csrf" --data "returned=100&on=2026-11-20" "$BASE/disputes/TURNPAY/turnout")
get /api/v1/disputes/TURNPAY/turnout "$OFFICER" >/dev/null
[ "$st" = 303 ] && jq -e '.rows[0].source == "scrutineer" and .rows[0].returned == 100' "$T_DIR/body" >/dev/null \
  && ok "the officer enters the scrutineer's figure" || not_ok "the officer enters the scrutineer's figure" "got $st"
st=$(curl -s -o "$T_DIR/body" -w '%{http_code}' -H "Cookie: $OFFICER" --data-urlencode "csrf=$csrf" --data "returned=50&on=2026-11-21" "$BASE/disputes/TURNPAY/turnout")
[ "$st" = 400 ] && grep -q "returns only go up" "$T_DIR/body" && ok "a falling figure is a 400 with the reason" || not_ok "a falling figure is a 400" "got $st"
get /disputes/TURNPAY/turnout "$SECRETARY" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $SECRETARY" --data-urlencode "csrf=$csrf" --data "returned=5&on=2026-11-20" "$BASE/disputes/TURNPAY/turnout")
[ "$st" = 403 ] && ok "a secretary may not enter the whole ballot's figure" || not_ok "a secretary may not enter the whole ballot's figure" "got $st"
OTHERW=$(sq "select u.code from statutory_units su join units u on u.id=su.unit_id join statutory_ballots b on b.id=su.ballot_id join disputes d on d.id=b.dispute_id, units br where d.code='TURNPAY' and br.code='$BRANCH' and not (u.lft between br.lft and br.rgt) limit 1")
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $SECRETARY" --data-urlencode "csrf=$csrf" --data "returned=1&on=2026-11-20&unit=$OTHERW" "$BASE/disputes/TURNPAY/turnout")
[ "$st" = 404 ] && ok "a secretary's figure for a workplace outside the branch is a 404" || not_ok "a secretary's figure outside the branch" "got $st for $OTHERW"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $SECRETARY" --data-urlencode "csrf=$csrf" --data "returned=1&on=2026-11-20&unit=$REPUNIT" "$BASE/disputes/TURNPAY/turnout")
[ "$st" = 303 ] && [ "$(sq "select count(*) from statutory_returns r join units u on u.id=r.unit_id where u.code='$REPUNIT'")" = 1 ] \
  && ok "a secretary enters a figure for a workplace in the branch" || not_ok "a secretary enters a figure for a workplace in the branch" "got $st"

# --- the public "I've posted my vote" page: no login, a first name only
LINE=$(grep -m 1 "^$(sq "select m.number from statutory_entitled e join members m on m.id=e.member_id where e.link_hash is not null and m.email is not null and m.email<>'' limit 1")," "$T_DIR/links.csv" | tr -d '\r')
PNUM=${LINE%%,*}; PFIRST=$(echo "$LINE" | cut -d, -f2); PLINK=${LINE##*,}; PTOKEN=${PLINK##*/}
PLAST=$(sq "select last_name from members where number='$PNUM'"); PEMAIL=$(sq "select email from members where number='$PNUM'")
jar=$(mktemp)
st=$(curl -s -c "$jar" -o "$T_DIR/body" -w '%{http_code}' "$PLINK")
[ "$st" = 200 ] && grep -q "Hello, $PFIRST" "$T_DIR/body" && ok "the personal link opens without a login and greets $PFIRST" || not_ok "the personal link opens without a login" "got $st for $PLINK"
if grep -qF -e "$PNUM" -e "$PEMAIL" "$T_DIR/body" || grep -qwF "$PLAST" "$T_DIR/body"; then
  not_ok "the public page shows no member data but a first name" "$(grep -F -e "$PNUM" -e "$PEMAIL" -e "$PLAST" "$T_DIR/body" | head -n 2)"
else ok "the public page shows no member data but a first name"; fi
! grep -q 'href="/members"' "$T_DIR/body" && ok "the public page has no navigation" || not_ok "the public page has no navigation"
pcsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
st=$(curl -s -o /dev/null -w '%{http_code}' --data "x=1" "$PLINK")
[ "$st" = 403 ] && ok "posting without the form's token is refused" || not_ok "posting without the form's token is refused" "got $st"
st=$(curl -s -b "$jar" -o "$T_DIR/body" -w '%{http_code}' --data-urlencode "csrf=$pcsrf" "$PLINK")
[ "$st" = 200 ] && grep -q "You told us you posted your vote on 2026-11-23" "$T_DIR/body" \
  && [ "$(sq "select posted_on from statutory_entitled e join members m on m.id=e.member_id where m.number='$PNUM'")" = 2026-11-23 ] \
  && ok "I've posted my vote is recorded" || not_ok "I've posted my vote is recorded" "got $st"
st=$(curl -s -b "$jar" -o "$T_DIR/body" -w '%{http_code}' --data-urlencode "csrf=$pcsrf" "$PLINK")
[ "$st" = 200 ] && [ "$(sq "select count(posted_on) from statutory_entitled")" = 1 ] && ok "posting twice records it once" || not_ok "posting twice records it once" "got $st"
rm -f "$jar"
[ "$(get "/posted/$(echo "$PTOKEN" | tr 0-9a-f 1-9a-f0)")" = 404 ] && ok "an unknown link is a 404" || not_ok "an unknown link is a 404"
[ "$(get "/posted/not-a-token!")" = 400 ] && ok "a malformed link is a 400" || not_ok "a malformed link is a 400"

# --- disputes: each role sees the disputes that reach its units, and only its own members of them
GROUP=$(sq "select p.code from units b join units p on p.id=b.parent_id where b.code='$BRANCH'")
GROUP_EMP=$(sq "select e.name from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id, units g where g.code='$GROUP' and u.lft between g.lft and g.rgt group by e.name order by count(*) desc limit 1")
HSITE=$(sq "select u.code from units u join members m on m.unit_id=u.id join employers e on e.id=m.employer_id where e.name='Brightclean Services Ltd' limit 1")
HTRUST="$(sq "select name from units where code='$HSITE'") NHS Foundation Trust"
"$MANDATE" dispute create DPAY --title "Pay <2026>" --regime gb-era-2025 --employer "$GROUP_EMP" --unit "$GROUP" --db "$DB" >/dev/null 2>&1 \
  && "$MANDATE" dispute create DROTA --title "Rotas" --regime gb-era-2025 --employer "$HTRUST" --unit "$HSITE" --db "$DB" >/dev/null 2>&1 \
  && ok "two disputes for the web: $GROUP (union-wide) and $HSITE (a hospital)" || not_ok "two disputes for the web"
for role in officer secretary rep; do
  case $role in officer) C=$OFFICER;; secretary) C=$SECRETARY;; rep) C=$REP;; esac
  sq "$(scope_sql $role)" | sort >"$T_DIR/allowed"
  want=$(sq "select count(*) from members m join units u on u.id=m.unit_id, units g, users us join units s on s.id=us.unit_id
             where g.code='$GROUP' and us.username='$role' and m.status='active' and u.lft between g.lft and g.rgt and u.lft between s.lft and s.rgt")
  get /api/v1/disputes/DPAY "$C" >/dev/null
  [ "$(jq .in_scope "$T_DIR/body")" = "$want" ] && ok "$role: the union-wide dispute counts their $want members only" \
    || not_ok "$role: the union-wide dispute counts their members only" "got $(jq .in_scope "$T_DIR/body"), want $want"
  leaks=0; pages=0
  for path in /disputes /api/v1/disputes /disputes/DPAY "/disputes/DPAY?class=secondary" "/disputes/DPAY?page=2" \
              /api/v1/disputes/DPAY "/api/v1/disputes/DPAY/members" "/api/v1/disputes/DPAY/members?page=3" \
              "/api/v1/disputes/DPAY/members?class=primary&page=2" "/disputes/DPAY?opens=2026-12-07&closes=2026-12-21" \
              "/disputes/DPAY/sample-paper?opens=2026-12-07"; do
    st=$(get "$path" "$C"); pages=$((pages+1))
    [ "$st" = 200 ] || { leaks=$((leaks+1)); echo "    $role $path: $st, expected 200"; }
    grep -oE 'M[0-9]{7}' "$T_DIR/body" | sort -u | comm -23 - "$T_DIR/allowed" >"$T_DIR/leak"
    if [ -s "$T_DIR/leak" ]; then leaks=$((leaks+1)); echo "    $role $path shows $(head -n 3 "$T_DIR/leak" | tr '\n' ' ')"; fi
  done
  [ "$leaks" = 0 ] && ok "$role: dispute pages show no member outside their scope ($pages requests)" || not_ok "$role: dispute pages stay in scope" "$leaks problems"
  get "/api/v1/disputes/DPAY/members" "$C" >/dev/null
  [ "$(jq .total "$T_DIR/body")" = "$want" ] && ok "$role: the member list has the same $want" || not_ok "$role: the member list total" "$(jq .total "$T_DIR/body")"
done
for role in secretary rep; do
  case $role in secretary) C=$SECRETARY;; rep) C=$REP;; esac
  bad=0
  for path in /disputes/DROTA /api/v1/disputes/DROTA /api/v1/disputes/DROTA/members \
              "/api/v1/disputes/DROTA/timeline?opens=2026-12-07&closes=2026-12-21" "/disputes/DROTA/timeline.ics?opens=2026-12-07&closes=2026-12-21" \
              "/disputes/DROTA/sample-paper?opens=2026-12-07" "/disputes/DROTA/ballot-notice?opens=2026-12-07" /disputes/DROTA/scrutineer-register.csv; do
    st=$(get "$path" "$C")
    [ "$st" = 404 ] || { bad=$((bad+1)); echo "    $role $path: $st, expected 404"; }
  done
  get /api/v1/disputes "$C" >/dev/null
  jq -e 'map(.code) | index("DROTA") == null' "$T_DIR/body" >/dev/null || bad=$((bad+1))
  [ "$bad" = 0 ] && ok "$role: a dispute outside their units is a 404 and not listed" || not_ok "$role: an out-of-scope dispute is a 404" "$bad wrong"
  [ "$(get /disputes/DPAY/scrutineer-register.csv "$C")" = 403 ] && grep -q "national officer" "$T_DIR/body" \
    && ok "$role: the scrutineer's register is for officers only (403)" || not_ok "$role: the register is for officers only"
  [ "$(get "/disputes/DPAY/ballot-notice?opens=2026-12-07" "$C")" = 403 ] && ok "$role: a notice of the whole union-wide dispute is a 403" \
    || not_ok "$role: a whole-dispute notice is a 403"
done
get /api/v1/disputes "$OFFICER" >/dev/null
jq -e 'map(.code) | index("DPAY") != null and index("DROTA") != null' "$T_DIR/body" >/dev/null && ok "the officer sees both disputes" || not_ok "the officer sees both disputes"
[ "$(get /disputes/DROTA/scrutineer-register.csv "$OFFICER")" = 200 ] && grep -qi '^content-type: text/csv' "$T_DIR/hdr" \
  && head -n 1 "$T_DIR/body" | grep -q '^membership_number,first_name' && ok "the officer downloads the scrutineer's register (CSV)" \
  || not_ok "the officer downloads the register"
get "/disputes/DPAY?opens=2026-12-07&closes=2026-12-21" "$OFFICER" >/dev/null
grep -q '2026-11-30' "$T_DIR/body" && grep -q 's226A' "$T_DIR/body" && grep -q 'ballot_notice_by' "$T_DIR/body" \
  && grep -q 'timeline.ics?opens=2026-12-07' "$T_DIR/body" && ok "the timeline view shows each date with its rule and section, and the .ics link" \
  || not_ok "the timeline view"
grep -q 'Pay &lt;2026&gt;' "$T_DIR/body" && ! grep -q 'Pay <2026>' "$T_DIR/body" && ok "the dispute title is HTML-escaped" || not_ok "the dispute title is HTML-escaped"
get /disputes/DROTA "$OFFICER" >/dev/null
grep -q 'add-employer DROTA' "$T_DIR/body" && grep -q 'narrow the constituency' "$T_DIR/body" && grep -q 'Lead Employer' "$T_DIR/body" \
  && ok "the hospital dispute says how to fix it: add the lead employer, or narrow the constituency" || not_ok "fix-it hints"
[ "$(get "/disputes/DROTA/timeline.ics?opens=2026-12-07&closes=2026-12-21" "$OFFICER")" = 200 ] && grep -q 'BEGIN:VCALENDAR' "$T_DIR/body" \
  && ok "the .ics of the planned ballot" || not_ok "the .ics of the planned ballot"
st=$(get "/disputes/DPAY?opens=2026-02-30&closes=2026-03-10" "$OFFICER")
[ "$st" = 400 ] && grep -q 'opens' "$T_DIR/body" && grep -q 'real date' "$T_DIR/body" && ok "a bad opens date is a 400 with the reason" || not_ok "a bad opens date is a 400" "got $st"
st=$(get "/api/v1/disputes/DPAY/timeline?opens=2026-12-21&closes=2026-12-07" "$OFFICER")
[ "$st" = 400 ] && jq -e '.error | test("closes")' "$T_DIR/body" >/dev/null && ok "a ballot closing before it opens is a 400 with the reason" || not_ok "closes before opens is a 400" "got $st"
[ "$(get "/disputes/DPAY?opens=2026-12-07" "$OFFICER")" = 400 ] && ok "opens without closes is a 400" || not_ok "opens without closes is a 400"
[ "$(get "/disputes/DPAY?class=bogus" "$OFFICER")" = 400 ] && ok "a bad class is a 400" || not_ok "a bad class is a 400"
for doc in "ballot-notice?opens=2026-12-07&closes=2026-12-21" "result-notice?opens=2026-12-07&votes=200&yes=150&no=45&entitled=373" \
           "action-notice?given=2026-12-23&dates=2027-01-11,2027-01-13" "sample-paper?opens=2026-12-07&question=both"; do
  st=$(get "/disputes/DROTA/$doc" "$OFFICER")
  [ "$st" = 200 ] && grep -q 'href="/static/notice.css"' "$T_DIR/body" && ! grep -q '<style>' "$T_DIR/body" \
    && ok "printable ${doc%%\?*}: 200, the stylesheet linked (CSP allows no inline style)" || not_ok "printable ${doc%%\?*}" "got $st"
done
get "/disputes/DROTA/result-notice?opens=2026-12-07&votes=200&yes=150&no=45&entitled=373" "$OFFICER" >/dev/null
grep -q '>373<' "$T_DIR/body" && grep -q 'at least 187' "$T_DIR/body" && ok "the web result notice judges the turnout (187 of 373 needed)" || not_ok "the web result notice"
[ "$(get "/disputes/DROTA/result-notice?opens=2026-12-07&votes=200&yes=150&no=45&spoiled=9" "$OFFICER")" = 400 ] \
  && grep -q 'do not add up' "$T_DIR/body" && ok "result figures that do not add up are a 400 with the reason" || not_ok "bad result figures are a 400"
[ "$(get "/disputes/DROTA/action-notice?given=2026-12-23&starts=2026-12-24" "$OFFICER")" = 400 ] \
  && grep -q 'earliest day' "$T_DIR/body" && ok "action too soon after notice is a 400 with the earliest day" || not_ok "action too soon is a 400"
[ "$(get /static/notice.css)" = 200 ] && grep -q '@media print' "$T_DIR/body" && ok "the notices' print stylesheet" || not_ok "the notices' print stylesheet"

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

# --- online ballots (page_ballot.c; the whole flow: tests/cli/test_ballots.sh): the role matrix
SECRETARY=$(login "$BASE" secretary "$PASSWORD")   # an earlier test logged this session out
"$MANDATE" trustee keygen --index 1 --trustees 1 --threshold 1 --dir "$T_DIR/bt" >/dev/null
"$MANDATE" authority keygen --dir "$T_DIR/bca" >/dev/null
ROOT=$(sq "select code from units where parent_id is null limit 1")
"$MANDATE" ballot create WEB --title "Indicative ballot" --question "Strike?" --kind indicative --unit "$ROOT" \
  --opens 2026-11-20 --closes 2026-11-30 --regime gb-tulrca-2016 --authority "$T_DIR/bca/authority.public" \
  --public "$T_DIR/bt/trustee-1.public" --db "$DB" >"$T_DIR/bout" 2>&1 && ok "a ballot of the whole union" || not_ok "a ballot of the whole union" "$(cat "$T_DIR/bout")"
[ "$(get /api/v1/ballots/WEB)" = 401 ] && [ "$(get /ballots/WEB)" = 303 ] && ok "ballot pages need a login" || not_ok "ballot pages need a login"
for role in officer secretary rep; do
  case $role in officer) C=$OFFICER;; secretary) C=$SECRETARY;; rep) C=$REP;; esac
  sq "$(scope_sql $role)" | sort >"$T_DIR/allowed"
  sq "select u.code from units u, users us join units s on s.id=us.unit_id where us.username='$role' and u.lft between s.lft and s.rgt" | sort >"$T_DIR/allowed_units"
  wrong=0; leaks=0
  for path in /ballots /api/v1/ballots /ballots/WEB /api/v1/ballots/WEB /ballots/WEB/not-voted /api/v1/ballots/WEB/not-voted \
              /ballots/WEB/delivery /api/v1/ballots/WEB/delivery; do
    st=$(get "$path" "$C"); [ "$st" = 200 ] || { wrong=$((wrong+1)); echo "    $role $path: $st"; }
    grep -oE 'M[0-9]{7}' "$T_DIR/body" | sort -u | comm -23 - "$T_DIR/allowed" | grep -q . && { leaks=$((leaks+1)); echo "    $role $path leaks a member"; }
  done
  get /api/v1/ballots/WEB "$C" >/dev/null
  jq -r '.units[].unit' "$T_DIR/body" | sort | comm -23 - "$T_DIR/allowed_units" | grep -q . && { leaks=$((leaks+1)); echo "    $role sees a unit outside their scope"; }
  sq "select u.code, (u.lft between s.lft and s.rgt) from units u, users us join units s on s.id=us.unit_id where us.username='$role' order by random() limit 12" |
  while IFS='|' read -r code inscope; do
    st=$(get "/ballots/WEB/not-voted?unit=$code" "$C")
    if [ "$inscope" = 1 ] && [ "$st" != 200 ]; then echo "    $role not-voted $code: $st, expected 200"; fi
    if [ "$inscope" = 0 ] && [ "$st" != 404 ]; then echo "    $role not-voted $code: $st, expected 404"; fi
  done >"$T_DIR/bwrong"
  [ -s "$T_DIR/bwrong" ] && { wrong=$((wrong+1)); cat "$T_DIR/bwrong"; }
  [ "$leaks" = 0 ] && [ "$wrong" = 0 ] && ok "$role: ballot turnout and not-voted lists stay in scope" || not_ok "$role: ballot pages stay in scope" "$leaks leaks, $wrong wrong"
done
REPUNIT=$(sq "select u.code from users us join units u on u.id=us.unit_id where us.username='rep'")
get /api/v1/ballots/WEB "$REP" >/dev/null
[ "$(jq -r '[.units[].unit] | join(",")' "$T_DIR/body")" = "$REPUNIT" ] && ok "a rep sees only their workplace's turnout" || not_ok "a rep sees only their workplace's turnout" "$(head -c 300 "$T_DIR/body")"
# reminder waves' results (page_reminders.c; the whole flow: tests/cli/test_reminders.sh)
SECUNIT=$(sq "select u.code from users us join units u on u.id=us.unit_id where us.username='secretary'")
[ "$(get /api/v1/ballots/WEB/reminders)" = 401 ] && [ "$(get /ballots/WEB/reminders "$OFFICER")" = 200 ] \
  && [ "$(get /api/v1/ballots/WEB/reminders "$SECRETARY")" = 200 ] && [ "$(jq -r .scope "$T_DIR/body")" = "$SECUNIT" ] \
  && [ "$(get /ballots/WEB/reminders "$REP")" = 403 ] && [ "$(get /api/v1/ballots/WEB/reminders "$REP")" = 403 ] \
  && ok "reminders' results: officer and branch secretary (their scope), not a rep, not without a login" \
  || not_ok "reminders' results role matrix" "$(head -c 300 "$T_DIR/body")"
# scheduling a wave from the web: national officers only (the flow: tests/cli/test_mail_worker.sh)
for c in "$SECRETARY" "$REP"; do
  get /ballots "$c" >/dev/null
  t=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
  curl -s -o /dev/null -w '%{http_code} ' -H "Cookie: $c" --data-urlencode "csrf=$t" \
    --data "channel=email&holdout=10&send_at=2026-11-29T09:00&link_base=https://union.example.org" \
    --data-urlencode "message={link}" "$BASE/ballots/WEB/reminders"
done >"$T_DIR/wst"
[ "$(cat "$T_DIR/wst")" = "403 403 " ] && [ "$(sq "select count(*) from reminder_waves")" = 0 ] \
  && ok "scheduling a reminder wave: a branch secretary and a rep get 403, nothing scheduled" \
  || not_ok "scheduling a reminder wave is for officers" "$(cat "$T_DIR/wst")"
# did the voting codes arrive? (page_delivery.c; the whole flow: tests/cli/test_delivery.sh)
# dl COOKIE: the officer's download form, POSTed with the delivery page's CSRF token
dl(){
  get /ballots/WEB/delivery "$1" >/dev/null
  dcsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
  curl -s -o "$T_DIR/body" -w '%{http_code}' -H "Cookie: $1" --data-urlencode "csrf=$dcsrf" --data "all=1" "$BASE/ballots/WEB/resend-requests.csv"
}
[ "$(get /api/v1/ballots/WEB/delivery)" = 401 ] && [ "$(get /ballots/WEB/delivery)" = 303 ] \
  && [ "$(get /api/v1/ballots/WEB/delivery "$REP")" = 200 ] && [ "$(jq -r '[.units[].code] | join(",")' "$T_DIR/body")" = "$REPUNIT" ] \
  && [ "$(get /api/v1/ballots/WEB/delivery "$SECRETARY")" = 200 ] && [ "$(jq -r '.units[0].code' "$T_DIR/body")" = "$SECUNIT" ] \
  && [ "$(dl "$REP")" = 403 ] && [ "$(dl "$SECRETARY")" = 403 ] \
  && [ "$(dl "$OFFICER")" = 200 ] && head -n 1 "$T_DIR/body" | grep -q '^ballot,voter,channel,requested_at' \
  && ok "codes' delivery: each role its own units; the requests for a code again are the officer's only" \
  || not_ok "codes' delivery role matrix" "$(head -c 300 "$T_DIR/body")"

# --- an officer runs a ballot from the web (page_ballot_officer.c) and reads its result
[ "$(get /ballots/new)" = 303 ] && [ "$(get /ballots/new "$SECRETARY")" = 403 ] && [ "$(get /ballots/new "$REP")" = 403 ] \
  && ok "the ballot create form is for national officers only" || not_ok "the ballot create form is for officers only"
[ "$(get /ballots/new "$OFFICER")" = 200 ] && grep -q 'name="trustees"' "$T_DIR/body" && grep -q 'gb-era-2025' "$T_DIR/body" \
  && ok "the officer gets the create form, every regime offered" || not_ok "the officer gets the create form"
bcsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
bpost(){  # bpost PATH COOKIE CSRF [curl args...]: status, body to $T_DIR/body
  p=$1; c=$2; t=$3; shift 3
  curl -s -o "$T_DIR/body" -w '%{http_code}' -H "Cookie: $c" --data-urlencode "csrf=$t" "$@" "$BASE$p"
}
bform(){  # the create form's fields for ballot $1 with trustees' file $2
  echo --data-urlencode "code=$1" --data-urlencode "title=Web-ballot" --data-urlencode "kind=indicative" \
    --data-urlencode "question=Strike?" --data-urlencode "units=$ROOT" --data-urlencode "opens=2026-11-20T08:00" \
    --data-urlencode "closes=2026-11-30T17:00" --data-urlencode "regime=gb-tulrca-2016" --data-urlencode "breakdown=1" \
    --data-urlencode "authority@$T_DIR/bca/authority.public" --data-urlencode "trustees@$2"
}
st=$(bpost /ballots/new "$SECRETARY" "$bcsrf" $(bform WEBSEC "$T_DIR/bt/trustee-1.public"))
[ "$st" = 403 ] && ok "a secretary cannot create a ballot (403)" || not_ok "a secretary cannot create a ballot" "$st"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $OFFICER" $(bform WEBNOCSRF "$T_DIR/bt/trustee-1.public") "$BASE/ballots/new")
[ "$st" = 403 ] && ok "creating a ballot needs the CSRF token" || not_ok "creating a ballot needs the CSRF token" "$st"
printf 'index 1\ntrustees 1\nthreshold 1\ncommitment zz\n' >"$T_DIR/bad.public"
st=$(bpost /ballots/new "$OFFICER" "$bcsrf" $(bform WEBBAD "$T_DIR/bad.public"))
[ "$st" = 400 ] && grep -q 'bad.public\|trustee-1.public\|commitment' "$T_DIR/body" && [ "$(sq "select count(*) from ballots where code='WEBBAD'")" = 0 ] \
  && ok "a bad trustee file is a 400 saying why, and nothing is created" || not_ok "a bad trustee file" "$st $(head -c 300 "$T_DIR/body")"
st=$(bpost /ballots/new "$OFFICER" "$bcsrf" $(bform WEBNEW "$T_DIR/bt/trustee-1.public"))
[ "$st" = 303 ] && [ "$(sq "select voters from ballots where code='WEBNEW'")" -gt 0 ] \
  && ok "the officer creates a ballot from the web form" || not_ok "the officer creates a ballot from the web form" "$st $(head -c 300 "$T_DIR/body")"
[ "$(get /ballots/WEBNEW "$OFFICER")" = 200 ] && grep -q 'Next steps' "$T_DIR/body" && grep -q '/ballots/WEBNEW/voters.csv' "$T_DIR/body" \
  && ok "the ballot's page shows the officer the next steps" || not_ok "the next steps"
[ "$(get /ballots/WEBNEW "$SECRETARY")" = 200 ] && ! grep -q 'Next steps' "$T_DIR/body" && ok "a secretary sees the turnout, not the officer's steps" || not_ok "secretary and the steps"
[ "$(get /ballots/WEBNEW/voters.csv "$OFFICER")" = 200 ] && head -n 1 "$T_DIR/body" | grep -q '^voter,group' && ! grep -qE 'M[0-9]{7}|@' "$T_DIR/body" \
  && ok "the voter list for the authority: voter numbers and groups, no member data" || not_ok "the voter list" "$(head -c 200 "$T_DIR/body")"
[ "$(get /ballots/WEBNEW/voters.csv "$SECRETARY")" = 403 ] && [ "$(get /ballots/WEBNEW/voters.csv "$REP")" = 403 ] \
  && ok "the voter list is for officers only" || not_ok "the voter list is for officers only"
st=$(bpost /ballots/WEBNEW/close "$OFFICER" "$bcsrf")
[ "$st" = 409 ] && grep -q 'open until' "$T_DIR/body" && ok "closing before the close is refused with the reason (409)" || not_ok "close before the close" "$st $(head -c 200 "$T_DIR/body")"
st=$(bpost /ballots/WEBNEW/close "$REP" "$bcsrf")
[ "$st" = 403 ] && ok "a rep cannot close a ballot" || not_ok "a rep cannot close a ballot" "$st"
for who in OFFICER SECRETARY REP; do
  eval c=\$$who
  [ "$(get /ballots/WEB/result "$c")" = 200 ] && grep -q 'No result yet' "$T_DIR/body" && [ "$(get /api/v1/ballots/WEB/result "$c")" = 404 ] \
    && ok "$who: the result page before the count says so (API 404)" || not_ok "$who: the result before the count"
done
[ "$(get /ballots/WEB/result)" = 303 ] && [ "$(get /api/v1/ballots/WEB/result)" = 401 ] && ok "the result pages need a login" || not_ok "the result pages need a login"
# the trustee page is public (trustees need no account; a partial decryption proves itself)
[ "$(get /ballots/WEB/trustee)" = 200 ] && grep -q 'never leaves this' "$T_DIR/body" && grep -qi '^content-security-policy:.*wasm-unsafe-eval' "$T_DIR/hdr" \
  && ok "the trustee page needs no login and keeps the key on the trustee's computer" || not_ok "the trustee page"
[ "$(get /api/v1/ballots/WEB/tally)" = 409 ] && jq -e '.error | test("no tally")' "$T_DIR/body" >/dev/null \
  && ok "no tally to decrypt before the close (409, saying why)" || not_ok "tally before the close" "$(head -c 200 "$T_DIR/body")"
st=$(curl -s -o "$T_DIR/body" -w '%{http_code}' -H 'Content-Type: text/plain' --data 'zz' "$BASE/api/v1/ballots/WEB/decrypt")
[ "$st" = 400 ] && ok "a decryption that is not hex is a 400" || not_ok "decrypt not hex" "$st"
st=$(curl -s -o "$T_DIR/body" -w '%{http_code}' -H 'Content-Type: text/plain' --data '0000000000000000' "$BASE/api/v1/ballots/WEB/decrypt")
[ "$st" = 409 ] && ok "a decryption before the tally is refused (409)" || not_ok "decrypt before the tally" "$st"
[ "$(get /ballots/NOPE/trustee)" = 404 ] && ok "the trustee page of no ballot is a 404" || not_ok "trustee page 404"

# --- unknown personal links are rate limited per address, as logins are
limited=0
for i in $(seq 1 25); do
  st=$(get "/posted/$(printf '%064d' "$i")")
  [ "$st" = 429 ] && { limited=1; break; }
done
[ "$limited" = 1 ] && ok "guessing personal links is rate limited (429)" || not_ok "guessing personal links is rate limited (429)"

# --- the log holds no member data
# --- pledge campaigns (page_pledge.c; the whole flow: tests/cli/test_pledge_web.sh)
SECRETARY=$(login "$BASE" secretary "$PASSWORD")
[ "$(get /pledges)" = 303 ] && ok "/pledges without a session redirects" || not_ok "/pledges without a session redirects"
[ "$(get /api/v1/pledges)" = 401 ] && ok "/api/v1/pledges without a session is 401" || not_ok "/api/v1/pledges 401"
for who in OFFICER SECRETARY REP; do
  eval c=\$$who
  [ "$(get /pledges "$c")" = 200 ] && ok "/pledges answers the $who" || not_ok "/pledges $who"
done
[ "$(get /pledges/new "$OFFICER")" = 200 ] && grep -q 'name="csrf"' "$T_DIR/body" && ok "/pledges/new offers the officer a form" || not_ok "/pledges/new officer"
[ "$(get /pledges/new "$SECRETARY")" = 403 ] && ok "/pledges/new is 403 for a branch secretary" || not_ok "/pledges/new secretary"
[ "$(get /pledges/new "$REP")" = 403 ] && ok "/pledges/new is 403 for a rep" || not_ok "/pledges/new rep"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
get /readiness "$REP" >/dev/null; csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T_DIR/body" | head -n 1)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $REP" -H "X-CSRF-Token: $csrf" \
     --data "template=strike&code=REPX&title=x&deadline=2026-12-20&keys=x" "$BASE/api/v1/pledges")
[ "$st" = 403 ] && ok "a rep cannot create a pledge campaign through the API" || not_ok "rep POST /api/v1/pledges" "$st"
[ "$(get /pledges/NO-SUCH/progress)" = 404 ] && ok "public progress of an unknown campaign is 404" || not_ok "progress 404"
[ "$(get /pledge/NO-SUCH)" = 404 ] && ok "the signing page of an unknown campaign is 404" || not_ok "signing 404"
st=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data '{"item":"00","sealed":"00"}' "$BASE/api/v1/pledges/NO-SUCH/sign")
[ "$st" = 400 ] || [ "$st" = 404 ] && ok "the public intake refuses a pledge for no campaign ($st)" || not_ok "intake unknown" "$st"

kill $SERVER; wait $SERVER 2>/dev/null
if grep -qE 'M[0-9]{7}|@example|\+447|csrf=|password' "$T_DIR/serve.log"; then
  not_ok "the server log holds no member data or secrets" "$(grep -E 'M[0-9]{7}|@example|\+447|csrf=|password' "$T_DIR/serve.log" | head -n 3)"
else ok "the server log holds no member data or secrets"; fi
grep -q 'GET /readiness' "$T_DIR/serve.log" && ok "the server logs requests" || not_ok "the server logs requests" "$(head -n 3 "$T_DIR/serve.log")"
finish
