# test_action.sh: action scenarios and the strike fund from the command line
# on the demo union: all-out, rolling and targeted scenarios, pay by
# category, a dispute that keeps secondary members at work, a branch's view,
# side-by-side comparison, --json shapes, bad input and exit codes.
. tests/lib.sh
export MANDATE_REGIMES=$PWD/data/regimes
DB=$T_DIR/demo.db
q(){ sqlite3 "$DB" "$1"; }

expect_exit 0 "mandate action --help exits 0" "$MANDATE" action --help
contains "$T_DIR/out" "usage: mandate action create" && ok "action --help lists the subcommands" || not_ok "action --help lists the subcommands"
for c in create add-days set-pay set-fund list show compare delete; do
  expect_exit 0 "mandate action $c --help exits 0" "$MANDATE" action $c --help
  contains "$T_DIR/out" "usage: mandate action $c" && ok "action $c --help shows usage" || not_ok "action $c --help shows usage" "$(cat $T_DIR/out)"
done
"$MANDATE" --help | grep -q "action" && ok "top-level help lists action" || not_ok "top-level help lists action"
expect_exit 2 "action without a subcommand" "$MANDATE" action
expect_exit 2 "unknown action subcommand" "$MANDATE" action frobnicate

"$MANDATE" demo --db "$DB" --members 2000 --seed 11 >/dev/null 2>&1 && ok "demo database" || not_ok "demo database"
ACTIVE=$(q "select count(*) from members where status='active'")
B1=$(q "select code from units where kind='branch' order by lft limit 1")
B1_ACTIVE=$(q "select count(*) from members m join units u on u.id=m.unit_id, units b where b.code='$B1' and u.lft between b.lft and b.rgt and m.status='active'")
W=$(q "select code from units where kind='workplace' order by lft limit 3" | tr '\n' ',' | sed 's/,$//')
W1=$(echo "$W" | cut -d, -f1); W2=$(echo "$W" | cut -d, -f2); W3=$(echo "$W" | cut -d, -f3)
wact(){ q "select count(*) from members m join units u on u.id=m.unit_id where u.code='$1' and m.status='active'"; }

# All-out: every active member, every action day; £40 a day.
expect_exit 0 "create an all-out scenario" "$MANDATE" action create ALL --title "All-out" \
  --starts 2026-12-01 --days 7 --kind all-out --on-days 1-5 --pay 40 --balance 100000 --db "$DB"
contains "$T_DIR/out" "scenario ALL created" && ok "create prints the scenario" || not_ok "create prints the scenario" "$(cat $T_DIR/out)"
"$MANDATE" action show ALL --db "$DB" --json >"$T_DIR/all.json"
[ "$(jq '.carrying' "$T_DIR/all.json")" = "$ACTIVE" ] && [ "$(jq '.per_day[0].out' "$T_DIR/all.json")" = "$ACTIVE" ] \
  && ok "all-out: all $ACTIVE active members out on day 1" || not_ok "all-out: all active members out" "$(jq -c '{carrying, out: .per_day[0].out}' "$T_DIR/all.json")"
[ "$(jq '.per_day[5].out' "$T_DIR/all.json")" = 0 ] && ok "all-out: nobody out on a day without action" || not_ok "all-out: nobody out on day 6"
[ "$(jq '.per_day[0].pay_pence' "$T_DIR/all.json")" = "$((ACTIVE*4000))" ] && ok "strike pay is members out x £40" || not_ok "strike pay is members out x £40" "$(jq '.per_day[0].pay_pence' "$T_DIR/all.json")"
# £100,000 / (£40 x ACTIVE a day): the fund lasts floor() days.
LASTS=$((10000000 / (ACTIVE*4000)))
[ "$(jq '.days_fund_lasts' "$T_DIR/all.json")" = "$LASTS" ] && [ "$(jq '.lasts_whole_plan' "$T_DIR/all.json")" = false ] \
  && ok "the fund lasts $LASTS days" || not_ok "the fund lasts $LASTS days" "$(jq -c '{days_fund_lasts, runs_out_on}' "$T_DIR/all.json")"
jq -e '.per_day | length == 7 and (.[0] | has("date") and has("balance_pence") and has("levy_pence"))' "$T_DIR/all.json" >/dev/null \
  && ok "show --json has a row a day" || not_ok "show --json has a row a day"

# Rolling over three workplaces: each takes a day in turn.
expect_exit 0 "create a rolling scenario" "$MANDATE" action create ROLL --title "Rolling" \
  --starts 2026-12-01 --days 6 --kind rolling --unit "$W" --pay 40 --levy 1.40 --balance 100000 --db "$DB"
"$MANDATE" action show ROLL --db "$DB" --json >"$T_DIR/roll.json"
OUTS=$(jq -c '[.per_day[].out]' "$T_DIR/roll.json")
[ "$OUTS" = "[$(wact $W1),$(wact $W2),$(wact $W3),$(wact $W1),$(wact $W2),$(wact $W3)]" ] \
  && ok "rolling: $W1, $W2, $W3 take turns" || not_ok "rolling: the workplaces take turns" "$OUTS"
# The levy: £1.40 a week = 20p a day from each active member not out.
L1=$(jq '.per_day[0].levy_pence' "$T_DIR/roll.json")
[ "$L1" = "$(( (ACTIVE - $(wact $W1)) * 20 ))" ] && ok "the levy is 20p a day from each member not out" || not_ok "the levy" "$L1"
[ "$(jq '.lasts_whole_plan' "$T_DIR/roll.json")" = true ] && ok "rolling: the fund lasts the whole plan" || not_ok "rolling: the fund lasts"

# Targeted, with pay by category.
expect_exit 0 "create a targeted scenario" "$MANDATE" action create TGT --title "Targeted" \
  --starts 2026-12-01 --days 3 --kind targeted --unit "$B1" --pay 40 --db "$DB"
CAT=$(q "select lower(m.category) from members m join units u on u.id=m.unit_id, units b where b.code='$B1' and u.lft between b.lft and b.rgt and m.status='active' and m.category is not null group by 1 order by count(*) desc limit 1")
NCAT=$(q "select count(*) from members m join units u on u.id=m.unit_id, units b where b.code='$B1' and u.lft between b.lft and b.rgt and m.status='active' and lower(m.category)='$CAT'")
expect_exit 0 "set a category's strike pay" "$MANDATE" action set-pay TGT --category "$CAT" --rate 55.50 --db "$DB"
"$MANDATE" action show TGT --db "$DB" --json >"$T_DIR/tgt.json"
[ "$(jq '.per_day[0].pay_pence' "$T_DIR/tgt.json")" = "$(( NCAT*5550 + (B1_ACTIVE-NCAT)*4000 ))" ] \
  && ok "targeted: $NCAT '$CAT' at £55.50, the rest of $B1 at £40" || not_ok "targeted pay by category" "$(jq '.per_day[0].pay_pence' "$T_DIR/tgt.json")"
[ "$(jq '.carrying' "$T_DIR/tgt.json")" = "$B1_ACTIVE" ] && ok "targeted: $B1's $B1_ACTIVE members carry it" || not_ok "targeted carrying"

# Side by side.
expect_exit 0 "compare three scenarios" "$MANDATE" action compare ALL ROLL TGT --db "$DB"
contains "$T_DIR/out" "days the fund lasts" && contains "$T_DIR/out" "whole plan" && ok "compare shows how long each fund lasts" || not_ok "compare shows how long each fund lasts" "$(cat $T_DIR/out)"
"$MANDATE" action compare ALL ROLL --db "$DB" --json >"$T_DIR/cmp.json"
jq -e '.scenarios | length == 2 and .[0].code == "ALL" and .[1].code == "ROLL"' "$T_DIR/cmp.json" >/dev/null \
  && ok "compare --json has both scenarios" || not_ok "compare --json has both scenarios"
expect_exit 1 "compare an unknown scenario" "$MANDATE" action compare ALL NOPE --db "$DB"

# A branch's view: its own members, no fund.
"$MANDATE" action show ALL --unit "$B1" --db "$DB" --json >"$T_DIR/b1.json"
[ "$(jq '.active_members' "$T_DIR/b1.json")" = "$B1_ACTIVE" ] && [ "$(jq '.fund' "$T_DIR/b1.json")" = null ] \
  && [ "$(jq '.per_day[0].balance_pence' "$T_DIR/b1.json")" = null ] \
  && ok "show --unit: $B1's own figures and no fund" || not_ok "show --unit" "$(jq -c '{active_members, fund}' "$T_DIR/b1.json")"

# A dispute: only members employed by a party are counted out.
SITE=$(q "select u.code from units u join members m on m.unit_id=u.id join employers e on e.id=m.employer_id where e.name='Brightclean Services Ltd' limit 1")
TRUST="$(q "select name from units where code='$SITE'") NHS Foundation Trust"
"$MANDATE" dispute create RD --title "Rotas" --regime gb-era-2025 --employer "$TRUST" --unit "$SITE" --db "$DB" >/dev/null 2>&1
PRIMARY=$("$MANDATE" dispute show RD --db "$DB" --json | jq '.counts.primary')
expect_exit 0 "create an all-out scenario in a dispute" "$MANDATE" action create RDALL --title "Site all-out" \
  --starts 2026-12-01 --days 2 --kind all-out --dispute RD --pay 50 --db "$DB"
"$MANDATE" action show RDALL --db "$DB" --json >"$T_DIR/rd.json"
[ "$(jq '.per_day[0].out' "$T_DIR/rd.json")" = "$PRIMARY" ] && [ "$(jq '.cannot_act' "$T_DIR/rd.json")" -gt 0 ] \
  && ok "in a dispute only its $PRIMARY primary members go out; $(jq '.cannot_act' "$T_DIR/rd.json") stay at work" \
  || not_ok "in a dispute only primary members go out" "$(jq -c '{out: .per_day[0].out, cannot_act}' "$T_DIR/rd.json") primary $PRIMARY"
expect_exit 1 "a unit outside the dispute's constituency is refused" "$MANDATE" action add-days RDALL --kind targeted --unit "$W1" --db "$DB"
grep -q "outside dispute RD's constituency" "$T_DIR/err" && ok "and says why" || not_ok "and says why" "$(cat $T_DIR/err)"

# add-days and set-fund.
expect_exit 0 "add days to a scenario" "$MANDATE" action add-days ROLL --kind targeted --unit "$W1" --on-days 2 --db "$DB"
"$MANDATE" action show ROLL --db "$DB" --json >"$T_DIR/roll2.json"
[ "$(jq '.per_day[1].out' "$T_DIR/roll2.json")" = "$(( $(wact $W1) + $(wact $W2) ))" ] && ok "add-days: $W1 joins $W2 on day 2" || not_ok "add-days" "$(jq '.per_day[1].out' "$T_DIR/roll2.json")"
expect_exit 0 "set the fund" "$MANDATE" action set-fund ALL --balance 1000000 --income 700 --db "$DB"
"$MANDATE" action show ALL --db "$DB" --json >"$T_DIR/all2.json"
[ "$(jq '.total_income_pence' "$T_DIR/all2.json")" = 70000 ] && [ "$(jq '.lasts_whole_plan' "$T_DIR/all2.json")" = true ] \
  && ok "set-fund: £700 a week over 7 days is £700; £1,000,000 lasts" || not_ok "set-fund" "$(jq -c '{total_income_pence, lasts_whole_plan}' "$T_DIR/all2.json")"

# Bad input: a clear message, nothing written.
before=$(q "select count(*) from action_plans")
expect_exit 1 "an unknown unit is refused" "$MANDATE" action create BAD --title x --starts 2026-12-01 --days 3 --kind targeted --unit NOPE --db "$DB"
grep -q "no unit with code NOPE" "$T_DIR/err" && ok "and names the unit" || not_ok "and names the unit" "$(cat $T_DIR/err)"
expect_exit 1 "a duplicate code is refused" "$MANDATE" action create ALL --title x --starts 2026-12-01 --days 3 --kind all-out --db "$DB"
expect_exit 2 "a bad amount is a usage error" "$MANDATE" action create BAD --title x --starts 2026-12-01 --days 3 --kind all-out --pay 12.345 --db "$DB"
grep -q "expected an amount in pounds" "$T_DIR/err" && ok "and says what an amount looks like" || not_ok "bad amount message" "$(cat $T_DIR/err)"
expect_exit 2 "days beyond the plan are refused" "$MANDATE" action create BAD --title x --starts 2026-12-01 --days 3 --kind all-out --on-days 2-9 --db "$DB"
expect_exit 2 "a bad kind is refused" "$MANDATE" action create BAD --title x --starts 2026-12-01 --days 3 --kind general --db "$DB"
[ "$(q "select count(*) from action_plans")" = "$before" ] && ok "nothing was written" || not_ok "nothing was written"

# list and delete.
"$MANDATE" action list --db "$DB" --json >"$T_DIR/list.json"
[ "$(jq 'length' "$T_DIR/list.json")" = 4 ] && ok "list shows the four scenarios" || not_ok "list shows the four scenarios" "$(cat $T_DIR/list.json)"
expect_exit 0 "delete a scenario" "$MANDATE" action delete TGT --db "$DB"
[ "$(q "select count(*) from action_plan_pay")" = 0 ] && [ "$(q "select count(*) from action_plans where code='TGT'")" = 0 ] \
  && ok "delete removes its rates and days" || not_ok "delete removes its rates and days"
expect_exit 1 "delete an unknown scenario" "$MANDATE" action delete TGT --db "$DB"
finish
