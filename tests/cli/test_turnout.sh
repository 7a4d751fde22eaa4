# test_turnout.sh: tracking a statutory ballot's turnout on the demo union
# from the command line: the snapshot of who is entitled does not move when
# the register does, the scrutineer's figures (exactly 50% meets the
# threshold), the mail-merge file of personal links (only hashes stored),
# --json shapes, exit codes.
. tests/lib.sh
export MANDATE_REGIMES=$PWD/data/regimes
DB=$T_DIR/demo.db
q(){ sqlite3 "$DB" "$1"; }

for c in ballot-open scrutineer-update posted-links turnout; do
  expect_exit 0 "mandate dispute $c --help exits 0" "$MANDATE" dispute $c --help
  contains "$T_DIR/out" "usage: mandate dispute $c" && ok "dispute $c --help shows usage" || not_ok "dispute $c --help shows usage" "$(cat $T_DIR/out)"
done
"$MANDATE" dispute --help | grep -q "dispute turnout CODE" && ok "dispute --help lists turnout" || not_ok "dispute --help lists turnout"

"$MANDATE" demo --db "$DB" --members 3000 --seed 11 >/dev/null 2>&1 && ok "demo database" || not_ok "demo database"
SITE=$(q "select u.code from units u join members m on m.unit_id=u.id join employers e on e.id=m.employer_id where e.name='Brightclean Services Ltd' limit 1")
TRUST="$(q "select name from units where code='$SITE'") NHS Foundation Trust"
expect_exit 0 "create a dispute with the hospital trust" "$MANDATE" dispute create ROTA --title "Rotas and rest breaks" \
  --regime gb-era-2025 --employer "$TRUST" --unit "$SITE" --db "$DB"
PRIMARY=$("$MANDATE" dispute show ROTA --db "$DB" --json | jq .counts.primary)

# Usage errors (2) and user errors (1)
expect_exit 2 "ballot-open without --closes" "$MANDATE" dispute ballot-open ROTA --opens 2026-11-16 --db "$DB"
expect_exit 2 "ballot-open closing before it opens" "$MANDATE" dispute ballot-open ROTA --opens 2026-11-16 --closes 2026-11-10 --db "$DB"
expect_exit 2 "ballot-open with a bad date" "$MANDATE" dispute ballot-open ROTA --opens 2026-02-30 --closes 2026-12-07 --db "$DB"
expect_exit 2 "ballot-open with a bad --important-public-service" "$MANDATE" dispute ballot-open ROTA --opens 2026-11-16 --closes 2026-12-07 --important-public-service maybe --db "$DB"
expect_exit 1 "ballot-open on an unknown dispute" "$MANDATE" dispute ballot-open NOPE --opens 2026-11-16 --closes 2026-12-07 --db "$DB"
expect_exit 1 "turnout before a ballot is opened" "$MANDATE" dispute turnout ROTA --db "$DB"
contains "$T_DIR/err" "no statutory ballot has been opened on dispute ROTA" && ok "says no ballot is open" || not_ok "says no ballot is open" "$(cat $T_DIR/err)"

# Opening takes the snapshot: the primary members, no more.
expect_exit 0 "ballot-open" "$MANDATE" dispute ballot-open ROTA --opens 2026-11-16 --closes 2026-12-07 --db "$DB"
contains "$T_DIR/out" "$PRIMARY entitled to vote (snapshot taken 2026-11-23" && ok "the snapshot holds the $PRIMARY primary members" || not_ok "the snapshot holds the primary members" "$(cat $T_DIR/out)"
contains "$T_DIR/out" "important public services: yes (from the workplaces' sectors)" && ok "a hospital is an important public service" || not_ok "a hospital is an important public service" "$(cat $T_DIR/out)"
expect_exit 1 "a second ballot-open is refused" "$MANDATE" dispute ballot-open ROTA --opens 2026-11-20 --closes 2026-12-10 --db "$DB"
contains "$T_DIR/err" "already opened on 2026-11-23" && ok "says when it was opened" || not_ok "says when it was opened" "$(cat $T_DIR/err)"

# The register moves; the snapshot does not.
printf 'membership_number,first_name,last_name,status,employer,workplace_code,category,employment_type\nT0000001,Nia,Okafor,active,%s,%s,nurse,employed\n' "$TRUST" "$SITE" >"$T_DIR/new.csv"
expect_exit 0 "import a new member of the trust" "$MANDATE" import members "$T_DIR/new.csv" --db "$DB"
[ "$("$MANDATE" dispute show ROTA --db "$DB" --json | jq .counts.primary)" = $((PRIMARY+1)) ] && ok "the dispute now counts one more" || not_ok "the dispute now counts one more"
ERASE=$(q "select m.number from statutory_entitled e join members m on m.id=e.member_id limit 1")
expect_exit 0 "erase an entitled member" "$MANDATE" erase member "$ERASE" --db "$DB" --yes
expect_exit 0 "turnout --json" "$MANDATE" dispute turnout ROTA --db "$DB" --json
cp "$T_DIR/out" "$T_DIR/t1.json"
jq -e ".entitled == $PRIMARY and .rows[0].entitled == $PRIMARY and ([.rows[1:][].entitled] | add) == $PRIMARY" "$T_DIR/t1.json" >/dev/null \
  && ok "the entitled count stays $PRIMARY after the register changed" || not_ok "the entitled count stays" "$(jq -c '{entitled, rows:[.rows[]|{unit,entitled}]}' "$T_DIR/t1.json")"
for k in dispute title regime opens closes snapshot_on entitled important_public_service as_of turnout_rule ips_rule rows self_reported_by_day scrutineer_by_day; do
  jq -e "has(\"$k\")" "$T_DIR/t1.json" >/dev/null && ok "turnout --json has $k" || not_ok "turnout --json has $k"
done
for k in unit name entitled returned source as_of turnout_pct self_reported scrutineer turnout_needed more_returns_needed yes_needed more_yes_needed projection projection_note; do
  jq -e "all(.rows[]; has(\"$k\"))" "$T_DIR/t1.json" >/dev/null && ok "turnout rows have $k" || not_ok "turnout rows have $k"
done
jq -e '.rows[0].source == "self-reported" and .rows[0].returned == 0 and .rows[0].yes_needed == null' "$T_DIR/t1.json" >/dev/null \
  && ok "no figures yet: members' own reports, and the 40% rule is repealed for 2026" || not_ok "no figures yet" "$(jq -c '.rows[0]' "$T_DIR/t1.json")"

# The scrutineer's figures
NEED=$(( (PRIMARY + 1) / 2 ))
expect_exit 2 "scrutineer-update with a bad number" "$MANDATE" dispute scrutineer-update ROTA --returned lots --on 2026-11-20 --db "$DB"
expect_exit 2 "scrutineer-update without --on" "$MANDATE" dispute scrutineer-update ROTA --returned 3 --db "$DB"
expect_exit 1 "scrutineer-update in the future" "$MANDATE" dispute scrutineer-update ROTA --returned 3 --on 2026-11-30 --db "$DB"
expect_exit 1 "scrutineer-update before the ballot opened" "$MANDATE" dispute scrutineer-update ROTA --returned 3 --on 2026-11-01 --db "$DB"
expect_exit 1 "scrutineer-update above the entitled" "$MANDATE" dispute scrutineer-update ROTA --returned $((PRIMARY+1)) --on 2026-11-20 --db "$DB"
expect_exit 1 "scrutineer-update for a unit not in the ballot" "$MANDATE" dispute scrutineer-update ROTA --returned 1 --unit NOPE --on 2026-11-20 --db "$DB"
expect_exit 0 "scrutineer-update one short of half" "$MANDATE" dispute scrutineer-update ROTA --returned $((NEED-1)) --on 2026-11-20 --db "$DB"
"$MANDATE" dispute turnout ROTA --db "$DB" --json >"$T_DIR/t2.json"
jq -e ".rows[0].source == \"scrutineer\" and .rows[0].returned == $((NEED-1)) and .rows[0].turnout_needed == $NEED and .rows[0].more_returns_needed == 1" "$T_DIR/t2.json" >/dev/null \
  && ok "one short of 50%: one more return needed" || not_ok "one short of 50%" "$(jq -c '.rows[0]' "$T_DIR/t2.json")"
jq -e '.rows[0].projection.days_elapsed == 5 and .rows[0].projection.days_left == 17 and .rows[0].projection.low <= .rows[0].projection.final and .rows[0].projection.final <= .rows[0].projection.high' "$T_DIR/t2.json" >/dev/null \
  && ok "a projection with its interval" || not_ok "a projection with its interval" "$(jq -c '.rows[0].projection' "$T_DIR/t2.json")"
expect_exit 1 "returns only go up" "$MANDATE" dispute scrutineer-update ROTA --returned $((NEED-2)) --on 2026-11-21 --db "$DB"
contains "$T_DIR/err" "returns only go up" && ok "says returns only go up" || not_ok "says returns only go up" "$(cat $T_DIR/err)"
expect_exit 0 "scrutineer-update exactly half" "$MANDATE" dispute scrutineer-update ROTA --returned $NEED --on 2026-11-21 --db "$DB"
"$MANDATE" dispute turnout ROTA --db "$DB" --json >"$T_DIR/t3.json"
jq -e ".rows[0].returned == $NEED and .rows[0].more_returns_needed == 0 and .rows[0].as_of == \"2026-11-21\" and (.scrutineer_by_day | length) == 2" "$T_DIR/t3.json" >/dev/null \
  && ok "exactly $NEED of $PRIMARY returned meets the 50% threshold" || not_ok "exactly half meets the threshold" "$(jq -c '.rows[0]' "$T_DIR/t3.json")"
expect_exit 0 "scrutineer-update for one workplace" "$MANDATE" dispute scrutineer-update ROTA --returned 2 --unit "$SITE" --on 2026-11-21 --db "$DB"
"$MANDATE" dispute turnout ROTA --db "$DB" --json | jq -e --arg s "$SITE" '.rows[] | select(.unit==$s) | .source=="scrutineer" and .returned==2' >/dev/null \
  && ok "the workplace's row shows its own figure" || not_ok "the workplace's row shows its own figure"
expect_exit 0 "turnout, in words" "$MANDATE" dispute turnout ROTA --db "$DB"
contains "$T_DIR/out" "whole ballot" && contains "$T_DIR/out" "scrutineer, as of 2026-11-21" && contains "$T_DIR/out" "95% interval" \
  && ok "turnout in words names the source and the interval" || not_ok "turnout in words" "$(cat $T_DIR/out)"

# The mail-merge file of personal links
expect_exit 2 "posted-links without --out" "$MANDATE" dispute posted-links ROTA --base-url https://u.example.org --db "$DB"
expect_exit 1 "posted-links with a bad base URL" "$MANDATE" dispute posted-links ROTA --base-url "javascript:alert(1)" --out "$T_DIR/links.csv" --db "$DB"
[ ! -e "$T_DIR/links.csv" ] && ok "a refused posted-links writes nothing" || not_ok "a refused posted-links writes nothing"
expect_exit 0 "posted-links" "$MANDATE" dispute posted-links ROTA --base-url https://u.example.org/ --out "$T_DIR/links.csv" --db "$DB"
head -n 1 "$T_DIR/links.csv" | tr -d '\r' | grep -qx "number,first_name,email,mobile,link" && ok "the mail-merge header" || not_ok "the mail-merge header" "$(head -n 1 "$T_DIR/links.csv")"
[ "$(stat -c %a "$T_DIR/links.csv")" = 600 ] && ok "the links file is mode 0600" || not_ok "the links file is mode 0600"
ROWS=$(($(wc -l <"$T_DIR/links.csv") - 1))
WITH=$(q "select count(*) from statutory_entitled e join members m on m.id=e.member_id where coalesce(m.email,'')<>'' or coalesce(m.mobile,'')<>''")
[ "$ROWS" = "$WITH" ] && [ "$ROWS" -gt 0 ] && ok "a link for each of the $WITH entitled members with an email or mobile" || not_ok "a link per reachable member" "$ROWS rows, $WITH reachable"
tail -n +2 "$T_DIR/links.csv" | tr -d '\r' | awk -F, '{print $NF}' | grep -vcE '^https://u\.example\.org/posted/[0-9a-f]{64}$' | grep -qx 0 \
  && ok "every link is BASE/posted/64 hex digits" || not_ok "every link is BASE/posted/64 hex digits" "$(sed -n 2p "$T_DIR/links.csv")"
TOKEN=$(sed -n 2p "$T_DIR/links.csv" | tr -d '\r' | awk -F, '{print $NF}' | sed 's,.*/posted/,,')
[ "$(q "select count(*) from statutory_entitled where link_hash='$TOKEN'")" = 0 ] && [ "$(q "select count(*) from statutory_entitled where link_hash is not null")" = "$ROWS" ] \
  && ok "only hashes of the tokens are stored" || not_ok "only hashes of the tokens are stored"
sqlite3 "$DB" .dump | grep -q "$TOKEN" && not_ok "no token anywhere in the database" || ok "no token anywhere in the database"
expect_exit 1 "posted-links twice is refused" "$MANDATE" dispute posted-links ROTA --base-url https://u.example.org --out "$T_DIR/links2.csv" --db "$DB"
contains "$T_DIR/err" "--reissue" && ok "says how to reissue" || not_ok "says how to reissue" "$(cat $T_DIR/err)"
expect_exit 0 "posted-links --reissue" "$MANDATE" dispute posted-links ROTA --base-url https://u.example.org --out "$T_DIR/links2.csv" --db "$DB" --reissue
cmp -s "$T_DIR/links.csv" "$T_DIR/links2.csv" && not_ok "reissued links are new" || ok "reissued links are new"
finish
