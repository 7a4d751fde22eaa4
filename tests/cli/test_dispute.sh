# test_dispute.sh: disputes on the demo union from the command line: a
# dispute with the first hospital's trust finds the resident doctors there
# secondary (employed by their lead employer), adding the lead employer makes
# them primary; --json shapes, repeatable options, exit codes.
. tests/lib.sh
export MANDATE_REGIMES=$PWD/data/regimes
DB=$T_DIR/demo.db
q(){ sqlite3 "$DB" "$1"; }

expect_exit 0 "mandate dispute --help exits 0" "$MANDATE" dispute --help
contains "$T_DIR/out" "usage: mandate dispute create" && ok "dispute --help lists the subcommands" || not_ok "dispute --help lists the subcommands"
for c in create add-employer add-unit list show members; do
  expect_exit 0 "mandate dispute $c --help exits 0" "$MANDATE" dispute $c --help
  contains "$T_DIR/out" "usage: mandate dispute $c" && ok "dispute $c --help shows usage" || not_ok "dispute $c --help shows usage" "$(cat $T_DIR/out)"
done
"$MANDATE" --help | grep -q "dispute" && ok "top-level help lists dispute" || not_ok "top-level help lists dispute"
expect_exit 2 "dispute without a subcommand" "$MANDATE" dispute
expect_exit 2 "unknown dispute subcommand" "$MANDATE" dispute frobnicate

"$MANDATE" demo --db "$DB" --members 3000 --seed 11 >/dev/null 2>&1 && ok "demo database" || not_ok "demo database"

# The first hospital site: the one with the contractor's cleaners.
SITE=$(q "select u.code from units u join members m on m.unit_id=u.id join employers e on e.id=m.employer_id where e.name='Brightclean Services Ltd' limit 1")
SITE_NAME=$(q "select name from units where code='$SITE'")
LEAD=$(q "select e.name from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id where u.code='$SITE' and e.name like '%Lead Employer%' limit 1")
DOCS=$(q "select count(*) from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id where u.code='$SITE' and e.name='$LEAD' and m.status='active'")
CLEANERS=$(q "select count(*) from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id where u.code='$SITE' and e.name='Brightclean Services Ltd' and m.status='active'")
ACTIVE=$(q "select count(*) from members m join units u on u.id=m.unit_id where u.code='$SITE' and m.status='active'")
ALL=$(q "select count(*) from members m join units u on u.id=m.unit_id where u.code='$SITE'")
[ -n "$SITE" ] && [ -n "$LEAD" ] && [ "$DOCS" -gt 0 ] && [ "$CLEANERS" -gt 0 ] && [ "$ALL" -gt "$ACTIVE" ] \
  && ok "demo: $SITE_NAME has $DOCS doctors of $LEAD, $CLEANERS cleaners, lapsed members" \
  || not_ok "demo has a hospital with lead-employer doctors and cleaners" "$SITE / $LEAD / $DOCS / $CLEANERS"
TRUST="$SITE_NAME NHS Foundation Trust"

STAFF=$(q "select count(*) from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id where u.code='$SITE' and e.name='$TRUST' and m.status='active'")
[ "$STAFF" -gt $((DOCS+CLEANERS)) ] && ok "demo: the trust's own $STAFF staff are the majority at $SITE_NAME" \
  || not_ok "demo: the trust's own staff are the majority" "$STAFF staff, $DOCS doctors, $CLEANERS cleaners"

# An employer must be in the register before it can be a party.
expect_exit 1 "a dispute with an employer not in the register is refused" \
  "$MANDATE" dispute create ROTA --title "Rotas" --regime gb-era-2025 --employer "Imaginary Healthcare Ltd" --unit "$SITE" --db "$DB"
contains "$T_DIR/err" "no employer named \"Imaginary Healthcare Ltd\"" && ok "the unknown employer is named" || not_ok "the unknown employer is named" "$(cat $T_DIR/err)"
[ "$(q 'select count(*) from disputes')" = 0 ] && ok "a refused dispute writes nothing" || not_ok "a refused dispute writes nothing"
printf 'membership_number,first_name,last_name,status,employer,workplace_code,category,employment_type\nT0000001,Nia,Okafor,active,%s,%s,nurse,employed\nT0000002,Tom,Reid,active,%s,%s,nurse,employed\nT0000003,Una,Hale,lapsed,%s,%s,nurse,employed\n' \
  "$TRUST" "$SITE" "$TRUST" "$SITE" "$TRUST" "$SITE" >"$T_DIR/trust.csv"
expect_exit 0 "import the trust's own staff" "$MANDATE" import members "$T_DIR/trust.csv" --db "$DB"

# Usage errors (2) and user errors (1)
expect_exit 2 "create without --db" "$MANDATE" dispute create ROTA --title T --regime gb-era-2025 --employer "$TRUST" --unit "$SITE"
expect_exit 2 "create without --employer" "$MANDATE" dispute create ROTA --title T --regime gb-era-2025 --unit "$SITE" --db "$DB"
expect_exit 2 "create without CODE" "$MANDATE" dispute create --title T --regime gb-era-2025 --employer "$TRUST" --unit "$SITE" --db "$DB"
expect_exit 2 "--employer with no value" "$MANDATE" dispute create ROTA --title T --regime gb-era-2025 --unit "$SITE" --db "$DB" --employer
expect_exit 2 "create with an unknown option" "$MANDATE" dispute create ROTA --title T --regime gb-era-2025 --employer "$TRUST" --unit "$SITE" --db "$DB" --colour red
expect_exit 1 "create with an unknown regime" "$MANDATE" dispute create ROTA --title T --regime gb-1871 --employer "$TRUST" --unit "$SITE" --db "$DB"
contains "$T_DIR/err" "no legal regime \"gb-1871\"" && ok "the unknown regime is named" || not_ok "the unknown regime is named" "$(cat $T_DIR/err)"
expect_exit 1 "create with an unknown unit and a bad type lists both" "$MANDATE" dispute create ROTA --title T --regime gb-era-2025 --employer "$TRUST" --unit "$SITE,NOPE" --employment-type freelance --db "$DB"
contains "$T_DIR/err" "no unit with code NOPE" && contains "$T_DIR/err" "--employment-type" \
  && ok "every problem is listed" || not_ok "every problem is listed" "$(cat $T_DIR/err)"
expect_exit 1 "create on a missing database" "$MANDATE" dispute create ROTA --title T --regime gb-era-2025 --employer "$TRUST" --unit "$SITE" --db "$T_DIR/nope.db"

# A dispute with the trust: its doctors and cleaners are secondary.
expect_exit 0 "create a dispute with the hospital trust" "$MANDATE" dispute create ROTA --title "Rotas and rest breaks" \
  --regime gb-era-2025 --employer "$TRUST" --unit "$SITE" --issue "Unsafe rotas" --db "$DB"
contains "$T_DIR/out" "$DOCS members in scope are employed by $LEAD, which is not a party: ballot them only in a separate dispute with $LEAD, or add $LEAD as a party." \
  && ok "create advises on the lead employer's doctors" || not_ok "create advises on the lead employer's doctors" "$(cat $T_DIR/out)"
expect_exit 1 "a code is used once" "$MANDATE" dispute create ROTA --title T --regime gb-era-2025 --employer "$TRUST" --unit "$SITE" --db "$DB"
contains "$T_DIR/err" "already exists" && ok "says the code exists" || not_ok "says the code exists"

expect_exit 0 "dispute show" "$MANDATE" dispute show ROTA --db "$DB"
contains "$T_DIR/out" "$LEAD" && contains "$T_DIR/out" "secondary" && ok "show names the lead employer as secondary" || not_ok "show names the lead employer as secondary" "$(cat $T_DIR/out)"
expect_exit 0 "dispute show --json" "$MANDATE" dispute show ROTA --db "$DB" --json
cp "$T_DIR/out" "$T_DIR/show.json"
for k in code title issue regime created_on employers units categories employment_types in_scope counts by_employer advice; do
  jq -e "has(\"$k\")" "$T_DIR/show.json" >/dev/null && ok "show --json has $k" || not_ok "show --json has $k"
done
[ "$(jq -r '.in_scope' "$T_DIR/show.json")" = $((ACTIVE+2)) ] && ok "only active members are in scope ($((ACTIVE+2)))" || not_ok "only active members are in scope" "$(jq -c .counts "$T_DIR/show.json") active=$ACTIVE"
jq -e ".counts.primary == $((STAFF+2)) and .counts.secondary == $((DOCS+CLEANERS)) and .counts.unknown == 0" "$T_DIR/show.json" >/dev/null \
  && ok "$((STAFF+2)) primary (trust staff), $((DOCS+CLEANERS)) secondary" || not_ok "counts by class" "$(jq -c .counts "$T_DIR/show.json")"
jq -e --arg e "$LEAD" ".by_employer[] | select(.employer==\$e) | .class==\"secondary\" and .party==false and .members==$DOCS" "$T_DIR/show.json" >/dev/null \
  && ok "by_employer: the lead employer is not a party" || not_ok "by_employer: the lead employer is not a party" "$(jq -c .by_employer "$T_DIR/show.json")"
jq -e ".by_employer[] | select(.employer==\"Brightclean Services Ltd\") | .class==\"secondary\" and .members==$CLEANERS" "$T_DIR/show.json" >/dev/null \
  && ok "by_employer: the contractor's cleaners are secondary" || not_ok "by_employer: the contractor's cleaners are secondary"
jq -e --arg t "$TRUST" '.employers == [$t] and .regime == "gb-era-2025" and .created_on == "2026-11-23"' "$T_DIR/show.json" >/dev/null \
  && ok "show --json: employers, regime, date" || not_ok "show --json: employers, regime, date" "$(head -c 600 "$T_DIR/show.json")"

expect_exit 0 "dispute members --class secondary --json" "$MANDATE" dispute members ROTA --db "$DB" --class secondary --json --limit 1000
cp "$T_DIR/out" "$T_DIR/sec.json"
jq -e "(.total == $((DOCS+CLEANERS))) and (.members | length == $((DOCS+CLEANERS))) and all(.members[]; .class==\"secondary\")" "$T_DIR/sec.json" >/dev/null \
  && ok "members --class secondary lists only secondary" || not_ok "members --class secondary lists only secondary" "$(jq -c '{total,class}' "$T_DIR/sec.json")"
jq -e --arg r "employed by $LEAD, which is not a party to this dispute (works at $SITE_NAME)" \
  '[.members[] | select(.reason == $r)] | length > 0' "$T_DIR/sec.json" >/dev/null \
  && ok "a doctor's reason names the lead employer and the hospital" || not_ok "a doctor's reason names the lead employer and the hospital" "$(jq -c '.members[0]' "$T_DIR/sec.json")"
for k in number name employer workplace workplace_name category employment_type class reason; do
  jq -e "all(.members[]; has(\"$k\"))" "$T_DIR/sec.json" >/dev/null && ok "members --json has $k" || not_ok "members --json has $k"
done
expect_exit 0 "dispute members, a page" "$MANDATE" dispute members ROTA --db "$DB" --limit 5 --offset 2
[ "$(grep -c "^[MT][0-9]" "$T_DIR/out")" = 5 ] && ok "--limit 5 prints 5 members" || not_ok "--limit 5 prints 5 members" "$(cat $T_DIR/out)"
contains "$T_DIR/out" "3 to 7 of $((ACTIVE+2)); --offset 7 for more" && ok "the page says where it is" || not_ok "the page says where it is" "$(tail -1 $T_DIR/out)"
expect_exit 2 "members --class nonsense" "$MANDATE" dispute members ROTA --db "$DB" --class tertiary
expect_exit 2 "members --limit nonsense" "$MANDATE" dispute members ROTA --db "$DB" --limit lots
expect_exit 2 "members without CODE" "$MANDATE" dispute members --db "$DB"
expect_exit 1 "members of an unknown dispute" "$MANDATE" dispute members NOPE --db "$DB"
expect_exit 1 "show an unknown dispute" "$MANDATE" dispute show NOPE --db "$DB"
contains "$T_DIR/err" "no dispute with code NOPE" && ok "the unknown dispute is named" || not_ok "the unknown dispute is named"

# Adding the lead employer makes its doctors primary.
expect_exit 1 "add-employer: an unknown employer" "$MANDATE" dispute add-employer ROTA "Nobody Ltd" --db "$DB"
expect_exit 2 "add-employer without NAME" "$MANDATE" dispute add-employer ROTA --db "$DB"
expect_exit 0 "add-employer: the lead employer" "$MANDATE" dispute add-employer ROTA "$LEAD" --db "$DB"
contains "$T_DIR/out" "$LEAD is now a party to dispute ROTA" && ok "add-employer says so" || not_ok "add-employer says so" "$(cat $T_DIR/out)"
expect_exit 0 "add-employer again is harmless" "$MANDATE" dispute add-employer ROTA "$LEAD" --db "$DB"
contains "$T_DIR/out" "already a party" && ok "add-employer again says it already was" || not_ok "add-employer again says it already was"
"$MANDATE" dispute show ROTA --db "$DB" --json >"$T_DIR/show2.json"
jq -e ".counts.primary == $((DOCS+STAFF+2)) and .counts.secondary == $CLEANERS" "$T_DIR/show2.json" >/dev/null \
  && ok "the lead employer's doctors are now primary" || not_ok "the lead employer's doctors are now primary" "$(jq -c .counts "$T_DIR/show2.json")"
jq -e --arg e "$LEAD" '.by_employer[] | select(.employer==$e) | .party==true and .class=="primary"' "$T_DIR/show2.json" >/dev/null \
  && ok "by_employer: the lead employer is a party" || not_ok "by_employer: the lead employer is a party"
jq -e --arg e "$LEAD" 'all(.advice[]; contains($e) | not)' "$T_DIR/show2.json" >/dev/null \
  && ok "no advice about the lead employer any more" || not_ok "no advice about the lead employer any more" "$(jq -c .advice "$T_DIR/show2.json")"
"$MANDATE" dispute members ROTA --db "$DB" --class secondary --json --limit 1000 >"$T_DIR/sec2.json"
jq -e 'all(.members[]; .employer=="Brightclean Services Ltd")' "$T_DIR/sec2.json" >/dev/null \
  && ok "only the contractor's cleaners are still secondary" || not_ok "only the contractor's cleaners are still secondary"

# Employer names may hold commas (GP practices do): one --employer each.
GP=$(q "select e.name from employers e where e.name like '%,%' order by e.name limit 1")
GP_UNIT=$(q "select u.code from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id where e.name='$GP' limit 1")
GP_N=$(q "select count(*) from members m join units u on u.id=m.unit_id where u.code='$GP_UNIT' and m.status='active'")
expect_exit 0 "repeated --employer and --unit, a name with a comma" "$MANDATE" dispute create PAY-1 --title "Pay" --regime gb-tulrca-2016 \
  --employer "$TRUST" --employer "$GP" --unit "$SITE" --unit "$GP_UNIT" --db "$DB"
"$MANDATE" dispute show PAY-1 --db "$DB" --json >"$T_DIR/pay.json"
jq -e --arg g "$GP" '(.employers | length == 2) and (.employers | index($g) != null)' "$T_DIR/pay.json" >/dev/null \
  && ok "the comma name is one employer ($GP)" || not_ok "the comma name is one employer" "$(jq -c .employers "$T_DIR/pay.json")"
[ "$(jq '.in_scope' "$T_DIR/pay.json")" = $((ACTIVE+2+GP_N)) ] && ok "two units in scope" || not_ok "two units in scope" "$(jq .in_scope "$T_DIR/pay.json")"
expect_exit 0 "--unit A,B and a category filter" "$MANDATE" dispute create DOCS-1 --title "Doctors" --regime gb-era-2025 \
  --employer "$LEAD" --unit "$SITE,$GP_UNIT" --category "Resident Doctor" --db "$DB"
"$MANDATE" dispute show DOCS-1 --db "$DB" --json >"$T_DIR/docs.json"
jq -e ".in_scope == $DOCS and .counts.primary == $DOCS and (.units | length == 2) and .categories == [\"resident doctor\"]" "$T_DIR/docs.json" >/dev/null \
  && ok "only resident doctors, all primary" || not_ok "only resident doctors, all primary" "$(jq -c '{in_scope,counts,categories}' "$T_DIR/docs.json")"
expect_exit 0 "add-unit" "$MANDATE" dispute add-unit DOCS-1 "$(q "select code from units where parent_id is null")" --db "$DB"
[ "$("$MANDATE" dispute show DOCS-1 --db "$DB" --json | jq '.counts.secondary > 0')" = true ] \
  && ok "the whole union's doctors: other lead employers are secondary" || not_ok "the whole union's doctors: other lead employers are secondary"

# A member with no employer on record is a third class.
q "update members set employer_id=null where number=(select m.number from members m join units u on u.id=m.unit_id where u.code='$SITE' and m.status='active' order by m.number limit 1)"
"$MANDATE" dispute show ROTA --db "$DB" --json >"$T_DIR/show3.json"
jq -e '.counts.unknown == 1 and any(.advice[]; contains("no employer on record"))' "$T_DIR/show3.json" >/dev/null \
  && ok "unknown employer counted and advised" || not_ok "unknown employer counted and advised" "$(jq -c '{counts,advice}' "$T_DIR/show3.json")"
"$MANDATE" dispute members ROTA --db "$DB" --json --limit 1 >"$T_DIR/m1.json"
jq -e '.members[0].class == "unknown" and .members[0].employer == null' "$T_DIR/m1.json" >/dev/null \
  && ok "unknown employer listed first" || not_ok "unknown employer listed first" "$(cat "$T_DIR/m1.json")"

expect_exit 0 "dispute list" "$MANDATE" dispute list --db "$DB"
contains "$T_DIR/out" "ROTA" && contains "$T_DIR/out" "PAY-1" && ok "list shows the disputes" || not_ok "list shows the disputes"
[ "$("$MANDATE" dispute list --db "$DB" --json | jq -r '[.[].code] | join(" ")')" = "DOCS-1 PAY-1 ROTA" ] \
  && ok "list --json, in code order" || not_ok "list --json, in code order"

# ---- The scrutineer's register (dispute ROTA: the trust and the lead
# employer at $SITE). Everyone entitled: active, at $SITE, employed by a party.
printf 'membership_number,first_name,last_name,status,employer,workplace_code,category,employment_type,address_line1,town,postcode,address_kind,address_verified_on\nT0000009,"=HYPERLINK(""http://evil.example/"",""click"")",@Sum,active,%s,%s,nurse,employed,-1 Odd Row,Peterborough,PE1 1AB,home,2026-01-05\n' \
  "$TRUST" "$SITE" >"$T_DIR/formula.csv"
expect_exit 0 "import a member whose name is a formula" "$MANDATE" import members "$T_DIR/formula.csv" --db "$DB"
ENT="m.status='active' and u.code='$SITE' and e.name in ('$TRUST','$LEAD')"
FROM="members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id"
BADADDR="(m.address_kind<>'home' or coalesce(m.address_verified_on,'')='' or coalesce(m.address_line1,'')='' or coalesce(m.postcode,'')='')"
R_ENT=$(q "select count(*) from $FROM where $ENT")
R_WP=$(q "select count(*) from $FROM where $ENT and m.address_kind='workplace'")
R_UNV=$(q "select count(*) from $FROM where $ENT and m.address_kind<>'workplace' and $BADADDR")
R_OK=$((R_ENT-R_WP-R_UNV))
[ "$R_WP" -gt 0 ] && [ "$R_UNV" -gt 0 ] && [ "$R_OK" -gt 0 ] && ok "demo: $R_ENT entitled, $R_WP workplace addresses, $R_UNV unverified" \
  || not_ok "the demo has workplace and unverified addresses" "$R_ENT $R_WP $R_UNV"
for c in scrutineer-register ballot-notice; do
  expect_exit 0 "mandate dispute $c --help exits 0" "$MANDATE" dispute $c --help
  contains "$T_DIR/out" "usage: mandate dispute $c" && ok "dispute $c --help shows usage" || not_ok "dispute $c --help shows usage"
done
expect_exit 2 "scrutineer-register without --out" "$MANDATE" dispute scrutineer-register ROTA --db "$DB"
expect_exit 2 "scrutineer-register without --db" "$MANDATE" dispute scrutineer-register ROTA --out "$T_DIR/r.csv"
expect_exit 1 "scrutineer-register of an unknown dispute" "$MANDATE" dispute scrutineer-register NOPE --out "$T_DIR/r.csv" --db "$DB"
[ ! -e "$T_DIR/r.csv" ] && ok "nothing written for an unknown dispute" || not_ok "nothing written for an unknown dispute"
echo old >"$T_DIR/reg.csv"; chmod 644 "$T_DIR/reg.csv"
expect_exit 0 "scrutineer-register" "$MANDATE" dispute scrutineer-register ROTA --out "$T_DIR/reg.csv" --db "$DB"
cp "$T_DIR/out" "$T_DIR/reg.out"; cp "$T_DIR/err" "$T_DIR/reg.err"
[ "$(stat -c %a "$T_DIR/reg.csv")" = 600 ] && ok "the register is mode 0600 (replacing a 0644 file)" || not_ok "the register is mode 0600" "$(stat -c %a "$T_DIR/reg.csv")"
[ "$(head -1 "$T_DIR/reg.csv" | tr -d '\r')" = "membership_number,first_name,last_name,address_line1,address_line2,town,postcode,workplace,category" ] \
  && ok "the register's columns" || not_ok "the register's columns" "$(head -1 "$T_DIR/reg.csv")"
[ "$(($(wc -l <"$T_DIR/reg.csv")-1))" = "$R_OK" ] && ok "$R_OK members written" || not_ok "$R_OK members written" "$(wc -l <"$T_DIR/reg.csv")"
contains "$T_DIR/reg.out" "$R_OK written" && contains "$T_DIR/reg.out" "$R_WP left out with a workplace address" \
  && contains "$T_DIR/reg.out" "$R_UNV left out with an unverified or incomplete home address" \
  && ok "the summary counts" || not_ok "the summary counts" "$(cat "$T_DIR/reg.out")"
n_in=0; n_listed=0
for num in $(q "select m.number from $FROM where $ENT and m.address_kind='workplace'"); do
  grep -q "^$num," "$T_DIR/reg.csv" && n_in=$((n_in+1))
  grep -q "^$num: refused: the address on record is a workplace" "$T_DIR/reg.err" && n_listed=$((n_listed+1))
done
[ "$n_in" = 0 ] && ok "no workplace-address member is in the register" || not_ok "no workplace-address member is in the register" "$n_in found"
[ "$n_listed" = "$R_WP" ] && ok "each workplace-address member is listed on stderr" || not_ok "each workplace-address member is listed on stderr" "$n_listed of $R_WP"
[ "$(grep -c ': left out (address: ' "$T_DIR/reg.err")" = "$R_UNV" ] && ok "each unverified member is listed on stderr" || not_ok "each unverified member is listed on stderr"
grep -q '^T0000001,' "$T_DIR/reg.csv" && not_ok "a nurse with no address is left out" || ok "a nurse with no address is left out"
grep -q "^T0000009,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",'@Sum,'-1 Odd Row,," "$T_DIR/reg.csv" \
  && ok "formula-looking fields are neutralised with a quote" || not_ok "formula-looking fields are neutralised" "$(grep T0000009 "$T_DIR/reg.csv")"
grep -qE '(^|,)"?[=+@-]' "$T_DIR/reg.csv" && not_ok "no field starts with = + - @" "$(grep -E '(^|,)"?[=+@-]' "$T_DIR/reg.csv" | head -3)" || ok "no field starts with = + - @"
[ "$(cut -d, -f1 "$T_DIR/reg.csv" | tail -n +2 | grep -v '^[MT]0' | wc -l)" = 0 ] && ok "every row starts with a membership number" || not_ok "every row starts with a membership number"

expect_exit 0 "scrutineer-register --include-unverified" "$MANDATE" dispute scrutineer-register ROTA --out "$T_DIR/regu.csv" --include-unverified --db "$DB"
head -1 "$T_DIR/regu.csv" | tr -d '\r' | grep -q ',category,address_flag$' && ok "--include-unverified adds address_flag" || not_ok "--include-unverified adds address_flag" "$(head -1 "$T_DIR/regu.csv")"
[ "$(($(wc -l <"$T_DIR/regu.csv")-1))" = "$((R_OK+R_UNV))" ] && ok "--include-unverified keeps the unverified ($((R_OK+R_UNV)))" || not_ok "--include-unverified keeps the unverified"
grep '^T0000001,' "$T_DIR/regu.csv" | grep -q 'no address line 1; no postcode' && ok "the nurse with no address is flagged" || not_ok "the nurse with no address is flagged" "$(grep '^T0000001,' "$T_DIR/regu.csv")"
[ "$(tail -n +2 "$T_DIR/regu.csv" | tr -d '\r' | grep -c ',$')" = "$R_OK" ] && ok "verified rows have an empty flag" || not_ok "verified rows have an empty flag"
contains "$T_DIR/out" "$R_UNV unverified or incomplete home address: written, flagged" && ok "the summary says they are flagged" || not_ok "the summary says they are flagged" "$(cat "$T_DIR/out")"
n_in=0
for num in $(q "select m.number from $FROM where $ENT and m.address_kind='workplace'"); do grep -q "^$num," "$T_DIR/regu.csv" && n_in=$((n_in+1)); done
[ "$n_in" = 0 ] && ok "workplace addresses are refused even with --include-unverified" || not_ok "workplace addresses are refused even with --include-unverified"
[ "$(stat -c %a "$T_DIR/regu.csv")" = 600 ] && ok "mode 0600 again" || not_ok "mode 0600 again"
expect_exit 0 "a dispute with no one employed by a party" "$MANDATE" dispute create EMPTY --title "Empty" --regime gb-era-2025 --employer "$TRUST" --unit "$GP_UNIT" --db "$DB"
expect_exit 1 "scrutineer-register with no one entitled" "$MANDATE" dispute scrutineer-register EMPTY --out "$T_DIR/empty.csv" --db "$DB"
[ ! -e "$T_DIR/empty.csv" ] && ok "nothing written when no one is entitled" || not_ok "nothing written when no one is entitled"

# ---- The notice of ballot, checked against figures computed here.
expect_exit 2 "ballot-notice without --opens" "$MANDATE" dispute ballot-notice ROTA --out "$T_DIR/n.html" --db "$DB"
expect_exit 2 "ballot-notice with a bad date" "$MANDATE" dispute ballot-notice ROTA --opens 2026-02-30 --out "$T_DIR/n.html" --db "$DB"
expect_exit 2 "ballot-notice closing before it opens" "$MANDATE" dispute ballot-notice ROTA --opens 2026-12-07 --closes 2026-12-01 --out "$T_DIR/n.html" --db "$DB"
expect_exit 1 "ballot-notice of an unknown dispute" "$MANDATE" dispute ballot-notice NOPE --opens 2026-12-07 --out "$T_DIR/n.html" --db "$DB"
expect_exit 1 "ballot-notice with no one employed by a party" "$MANDATE" dispute ballot-notice EMPTY --opens 2026-12-07 --out "$T_DIR/n.html" --db "$DB"
[ ! -e "$T_DIR/n.html" ] && ok "no notice written on errors" || not_ok "no notice written on errors"
expect_exit 0 "ballot-notice" "$MANDATE" dispute ballot-notice ROTA --opens 2026-12-07 --closes 2026-12-21 --out "$T_DIR/notice.html" --db "$DB"
contains "$T_DIR/out" "must receive its notice by 2026-11-30" && ok "the CLI says the received-by date" || not_ok "the CLI says the received-by date" "$(cat "$T_DIR/out")"
[ "$(stat -c %a "$T_DIR/notice.html")" = 600 ] && ok "the notice is mode 0600" || not_ok "the notice is mode 0600"
[ "$(grep -c '<section class="notice' "$T_DIR/notice.html")" = 2 ] && ok "one notice per employer party" || not_ok "one notice per employer party"
contains "$T_DIR/notice.html" "break-after:page" && [ "$(grep -c 'notice page-break' "$T_DIR/notice.html")" = 1 ] \
  && ok "a page break between notices" || not_ok "a page break between notices"
contains "$T_DIR/notice.html" "Monday 30 November 2026 (2026-11-30)" && contains "$T_DIR/notice.html" "the 7th day before the opening day" \
  && ok "the notice says the received-by date" || not_ok "the notice says the received-by date"
contains "$T_DIR/notice.html" "Monday 7 December 2026 (2026-12-07)" && ok "the notice says the opening day" || not_ok "the notice says the opening day"
contains "$T_DIR/notice.html" "not legal advice" && ok "not legal advice, in the footer" || not_ok "not legal advice, in the footer"
# Each employer's section, and its figures from sqlite3.
awk -v RS='<section' -v emp="<tr><th>To</th><td>$TRUST</td>" 'index($0, emp)' "$T_DIR/notice.html" >"$T_DIR/trust.html"
awk -v RS='<section' -v emp="<tr><th>To</th><td>$LEAD</td>" 'index($0, emp)' "$T_DIR/notice.html" >"$T_DIR/lead.html"
# check_notice LABEL FILE EMPLOYER WHERE: the section's total, each category's
# and each workplace's number equal what sqlite3 counts for WHERE.
check_notice(){
  label=$1; f=$2; name=$3; W=$4
  tot=$(q "select count(*) from $FROM where $W")
  [ -s "$f" ] && contains "$f" "Total number of employees concerned: $tot<" && ok "$label notice: total $tot" || not_ok "$label notice: total $tot" "$(grep -o 'concerned: [0-9]*' "$f")"
  bad=0
  q "select lower(m.category) || '|' || count(*) from $FROM where $W group by lower(m.category)" >"$T_DIR/cats"
  while IFS='|' read -r cat n; do
    grep -qi "<tr><td>$cat</td><td class=\"n\">$n</td></tr>" "$f" || { bad=1; echo "    missing: $cat $n"; }
  done <"$T_DIR/cats"
  [ "$bad" = 0 ] && [ -s "$T_DIR/cats" ] && ok "$label notice: each category's number ($(tr '\n' ' ' <"$T_DIR/cats"))" || not_ok "$label notice: each category's number"
  bad=0
  q "select u.name || ' (' || u.code || ')|' || count(*) from $FROM where $W group by u.id" >"$T_DIR/wps"
  while IFS='|' read -r wp n; do
    grep -qF "<tr><td>$wp</td><td class=\"n\">$n</td></tr>" "$f" || { bad=1; echo "    missing: $wp $n"; }
  done <"$T_DIR/wps"
  [ "$bad" = 0 ] && [ -s "$T_DIR/wps" ] && ok "$label notice: each workplace's number ($(wc -l <"$T_DIR/wps") workplaces)" || not_ok "$label notice: each workplace's number"
  contains "$f" "whose employer on record is $name;" && contains "$f" "as it stood on Monday 23 November 2026" \
    && ok "$label notice: how the figures were reached" || not_ok "$label notice: how the figures were reached"
}
check_notice TRUST "$T_DIR/trust.html" "$TRUST" "m.status='active' and u.code='$SITE' and e.name='$TRUST'"
check_notice LEAD "$T_DIR/lead.html" "$LEAD" "m.status='active' and u.code='$SITE' and e.name='$LEAD'"
# A department across the whole union: several workplaces and categories.
DEPT="Department for Work and Pensions"
expect_exit 0 "a dispute with a department, union-wide" "$MANDATE" dispute create DWP --title "Pay" --regime gb-era-2025 \
  --employer "$DEPT" --unit "$(q "select code from units where parent_id is null")" --db "$DB"
expect_exit 0 "ballot-notice, union-wide" "$MANDATE" dispute ballot-notice DWP --opens 2026-12-07 --out "$T_DIR/dwp.html" --db "$DB"
[ "$(q "select count(distinct m.unit_id) from $FROM where m.status='active' and e.name='$DEPT'")" -gt 2 ] \
  && ok "the department has members at several workplaces" || not_ok "the department has members at several workplaces"
check_notice DWP "$T_DIR/dwp.html" "$DEPT" "m.status='active' and e.name='$DEPT'"
# Escaping, and a ballot too soon for the notice.
expect_exit 0 "a dispute with markup in its title" "$MANDATE" dispute create ESC --title 'Pay & "conditions" <b>now</b>' --regime gb-tulrca-2016 --employer "$TRUST" --unit "$SITE" --db "$DB"
expect_exit 0 "ballot-notice too late to give" "$MANDATE" dispute ballot-notice ESC --opens 2026-11-25 --out "$T_DIR/esc.html" --db "$DB"
contains "$T_DIR/esc.html" 'Pay &amp; &quot;conditions&quot; &lt;b&gt;now&lt;/b&gt;' && ! contains "$T_DIR/esc.html" '<b>now' \
  && ok "the title is HTML-escaped" || not_ok "the title is HTML-escaped"
contains "$T_DIR/err" "window too short" && ok "a warning when the notice date has passed" || not_ok "a warning when the notice date has passed" "$(cat "$T_DIR/err")"

finish
