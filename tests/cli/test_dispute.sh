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

# The demo's hospital staff are all employed by others: the trust is not an
# employer in the register until some of its staff are imported.
expect_exit 1 "a dispute with an employer not in the register is refused" \
  "$MANDATE" dispute create ROTA --title "Rotas" --regime gb-era-2025 --employer "$TRUST" --unit "$SITE" --db "$DB"
contains "$T_DIR/err" "no employer named \"$TRUST\"" && ok "the unknown employer is named" || not_ok "the unknown employer is named" "$(cat $T_DIR/err)"
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
jq -e ".counts.primary == 2 and .counts.secondary == $((DOCS+CLEANERS)) and .counts.unknown == 0" "$T_DIR/show.json" >/dev/null \
  && ok "2 primary (trust nurses), $((DOCS+CLEANERS)) secondary" || not_ok "counts by class" "$(jq -c .counts "$T_DIR/show.json")"
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
jq -e ".counts.primary == $((DOCS+2)) and .counts.secondary == $CLEANERS" "$T_DIR/show2.json" >/dev/null \
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

finish
