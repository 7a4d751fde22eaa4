# test_law.sh: the legal regimes from the command line: rules list/show,
# thresholds (verdicts, --json shape, exit codes) and timeline (dates,
# warnings, --json, the .ics file), and a malformed regimes directory.
. tests/lib.sh
export MANDATE_REGIMES=$PWD/data/regimes

for c in rules thresholds timeline; do
  expect_exit 0 "mandate $c --help exits 0" "$MANDATE" $c --help
  contains "$T_DIR/out" "usage: mandate $c" && ok "mandate $c --help shows usage" || not_ok "mandate $c --help shows usage"
done
"$MANDATE" --help | grep -q "thresholds" && ok "top-level help lists thresholds" || not_ok "top-level help lists thresholds"

# rules list / show
expect_exit 0 "rules list" "$MANDATE" rules list
for r in gb-tulrca-2016 gb-era-2025 au-fwa-2009 union-rules-majority; do
  contains "$T_DIR/out" "$r" && ok "rules list has $r" || not_ok "rules list has $r" "$(cat $T_DIR/out)"
done
expect_exit 0 "rules list --json" "$MANDATE" rules list --json
# three statutes and the union's own rulebook (data/regimes/union-rules-majority.json)
[ "$(jq 'length' "$T_DIR/out")" = 4 ] && ok "rules list --json has 4 regimes" || not_ok "rules list --json has 4 regimes"
jq -e '[.[] | select(.id=="union-rules-majority")] | length == 1' "$T_DIR/out" >/dev/null \
  && ok "rules list --json has the union's own rulebook" || not_ok "rules list --json has the union's own rulebook"
T="$MANDATE thresholds --regime union-rules-majority --on 2026-12-01"
$T --entitled 1000 --votes 11 --yes 6 --json >"$T_DIR/u.json" 2>&1
jq -e '.mandate==true and (.rules|length)==1 and .rules[0].rule=="majority"' "$T_DIR/u.json" >/dev/null \
  && ok "union rulebook: 6 of 11 votes cast carry it, whatever the turnout" || not_ok "union rulebook: a simple majority" "$(cat "$T_DIR/u.json")"
$T --entitled 1000 --votes 12 --yes 6 --json >"$T_DIR/u.json" 2>&1
jq -e '.mandate==false' "$T_DIR/u.json" >/dev/null && ok "union rulebook: a tie is not a majority" || not_ok "union rulebook: a tie" "$(cat "$T_DIR/u.json")"
"$MANDATE" rules show union-rules-majority >"$T_DIR/u.txt" 2>&1
grep -q "no statute" "$T_DIR/u.txt" && ok "rules show says the union's rulebook is no statute" || not_ok "rules show: no statute" "$(head -5 "$T_DIR/u.txt")"
expect_exit 0 "rules show gb-era-2025" "$MANDATE" rules show gb-era-2025
contains "$T_DIR/out" "ERA 2025 s69" && ok "rules show cites the 40% repeal" || not_ok "rules show cites the 40% repeal"
contains "$T_DIR/out" "commencement unknown" && ok "rules show marks the pending turnout repeal" || not_ok "rules show marks the pending turnout repeal"
expect_exit 0 "rules show --json" "$MANDATE" rules show gb-tulrca-2016 --json
jq -e '.rules | map(select(.id=="action_notice")) | .[0].versions[0].params.days == 14' "$T_DIR/out" >/dev/null \
  && ok "rules show --json: 14 days' action notice" || not_ok "rules show --json: 14 days' action notice"
expect_exit 1 "rules show of an unknown regime" "$MANDATE" rules show xx-none
expect_exit 2 "rules show without a regime" "$MANDATE" rules show
expect_exit 2 "rules with an unknown subcommand" "$MANDATE" rules frob

# thresholds
T="$MANDATE thresholds --regime gb-tulrca-2016 --on 2025-06-01"
expect_exit 0 "thresholds: exactly 50% and 40%" $T --entitled 1000 --votes 500 --yes 400 --no 100 --important-public-service --json
cp "$T_DIR/out" "$T_DIR/t.json"
jq -e '.regime=="gb-tulrca-2016" and .mandate==true and (.rules|length)==3' "$T_DIR/t.json" >/dev/null \
  && ok "thresholds --json: regime, mandate, 3 rules" || not_ok "thresholds --json: regime, mandate, 3 rules" "$(cat $T_DIR/t.json)"
jq -e 'all(.rules[]; has("rule") and has("met") and has("value") and has("required") and has("margin"))' "$T_DIR/t.json" >/dev/null \
  && ok "thresholds --json: every rule has rule, met, value, required, margin" || not_ok "thresholds --json: rule keys"
jq -e '.rules[] | select(.rule=="turnout") | .met==true and .value==50 and .required==50 and .margin==0' "$T_DIR/t.json" >/dev/null \
  && ok "turnout exactly 50% is met with margin 0" || not_ok "turnout exactly 50% is met with margin 0"
jq -e '.rules[] | select(.rule=="ips_support") | .met==true and .margin==0' "$T_DIR/t.json" >/dev/null \
  && ok "40% of entitled exactly is met" || not_ok "40% of entitled exactly is met"
expect_exit 0 "thresholds: 49.99% turnout" "$MANDATE" thresholds --regime gb-tulrca-2016 --on 2025-06-01 --entitled 10000 --votes 4999 --yes 4000 --json
jq -e '.mandate==false and (.rules[] | select(.rule=="turnout") | .met==false and .value==49.99 and .margin==-1)' "$T_DIR/out" >/dev/null \
  && ok "49.99% turnout fails by one vote" || not_ok "49.99% turnout fails by one vote" "$(cat $T_DIR/out)"
expect_exit 0 "thresholds: a tie (text)" "$MANDATE" thresholds --regime gb-era-2025 --on 2026-03-02 --entitled 1000 --votes 500 --yes 250 --no 250
contains "$T_DIR/out" "NO MANDATE" && ok "a tie is no mandate" || not_ok "a tie is no mandate" "$(cat $T_DIR/out)"
contains "$T_DIR/out" "margin -1 vote" && ok "text shows the margin in votes" || not_ok "text shows the margin in votes"
expect_exit 0 "thresholds: ERA after 18 Feb 2026 ignores 40%" "$MANDATE" thresholds --regime gb-era-2025 --on 18/02/2026 --entitled 1000 --votes 600 --yes 350 --important-public-service --json
jq -e '.mandate==true and ([.rules[].rule] | index("ips_support") == null)' "$T_DIR/out" >/dev/null \
  && ok "40% rule repealed from 2026-02-18" || not_ok "40% rule repealed from 2026-02-18" "$(cat $T_DIR/out)"
expect_exit 0 "thresholds: ERA before 18 Feb 2026 keeps 40%" "$MANDATE" thresholds --regime gb-era-2025 --on 2026-02-17 --entitled 1000 --votes 600 --yes 350 --important-public-service --json
jq -e '.mandate==false' "$T_DIR/out" >/dev/null && ok "40% rule applies on 2026-02-17" || not_ok "40% rule applies on 2026-02-17"
expect_exit 0 "thresholds default to today" "$MANDATE" thresholds --regime gb-era-2025 --entitled 10 --votes 5 --yes 3 --json
[ "$(jq -r .on "$T_DIR/out")" = "$MANDATE_TODAY" ] && ok "--on defaults to MANDATE_TODAY" || not_ok "--on defaults to MANDATE_TODAY"
expect_exit 0 "thresholds au-fwa-2009 valid votes" "$MANDATE" thresholds --regime au-fwa-2009 --entitled 100 --votes 50 --yes 25 --no 20 --json
jq -e '.mandate==true and (.rules[] | select(.rule=="majority") | .margin==2)' "$T_DIR/out" >/dev/null \
  && ok "au: more than half of valid votes" || not_ok "au: more than half of valid votes" "$(cat $T_DIR/out)"

expect_exit 1 "votes more than entitled" "$MANDATE" thresholds --regime gb-era-2025 --entitled 100 --votes 101 --yes 50
contains "$T_DIR/err" "cannot exceed those entitled" && ok "says votes exceed entitled" || not_ok "says votes exceed entitled" "$(cat $T_DIR/err)"
expect_exit 1 "yes + no more than votes" "$MANDATE" thresholds --regime gb-era-2025 --entitled 100 --votes 60 --yes 40 --no 21
contains "$T_DIR/err" "yes (40) + no (21) cannot exceed votes cast (60)" && ok "says yes + no exceed votes" || not_ok "says yes + no exceed votes" "$(cat $T_DIR/err)"
expect_exit 1 "negative votes" "$MANDATE" thresholds --regime gb-era-2025 --entitled 100 --votes -5 --yes 0
contains "$T_DIR/err" "--votes: expected a whole number" && ok "says what a count must be" || not_ok "says what a count must be" "$(cat $T_DIR/err)"
expect_exit 1 "not a number" "$MANDATE" thresholds --regime gb-era-2025 --entitled 1e3 --votes 5 --yes 0
expect_exit 1 "a bad date" "$MANDATE" thresholds --regime gb-era-2025 --entitled 100 --votes 5 --yes 0 --on 2026-02-30
expect_exit 1 "an unknown regime" "$MANDATE" thresholds --regime xx-none --entitled 100 --votes 5 --yes 0
expect_exit 2 "thresholds without --yes" "$MANDATE" thresholds --regime gb-era-2025 --entitled 100 --votes 5
expect_exit 2 "thresholds with an unknown option" "$MANDATE" thresholds --regime gb-era-2025 --entitled 100 --votes 5 --yes 1 --colour

# timeline
expect_exit 0 "timeline --json" "$MANDATE" timeline --regime gb-tulrca-2016 --ballot-opens 2025-01-06 --ballot-closes 2025-01-31 --json
cp "$T_DIR/out" "$T_DIR/tl.json"
jq -e '.ballot_notice_by=="2024-12-30" and .sample_paper_by=="2025-01-03" and .mandate_expires=="2025-07-30"' "$T_DIR/tl.json" >/dev/null \
  && ok "timeline --json: notice, sample paper, expiry" || not_ok "timeline --json: notice, sample paper, expiry" "$(cat $T_DIR/tl.json)"
jq -e '.earliest_action=="2025-02-15" and .mandate_expires_extended=="2025-10-30" and .reballot_closes_by=="2025-07-16"' "$T_DIR/tl.json" >/dev/null \
  && ok "timeline --json: action, extension, re-ballot" || not_ok "timeline --json: action, extension, re-ballot"
jq -e '(.warnings|type)=="array" and (.warnings|map(select(test("mandate .* ended")))|length)==1' "$T_DIR/tl.json" >/dev/null \
  && ok "timeline warns the mandate has ended (today 2026-11-23)" || not_ok "timeline warns the mandate has ended" "$(jq .warnings $T_DIR/tl.json)"
expect_exit 0 "timeline over Easter (text)" "$MANDATE" timeline --regime gb-era-2025 --ballot-opens 2027-04-01 --ballot-closes 2027-04-22
contains "$T_DIR/out" "sample_paper_by 2027-03-29 is a Monday, Easter Monday" && ok "a bank holiday deadline is warned" || not_ok "a bank holiday deadline is warned" "$(cat $T_DIR/out)"
contains "$T_DIR/out" "Thursday 2027-03-25" && ok "the working day before Easter is offered" || not_ok "the working day before Easter is offered"
MANDATE_TODAY=2027-04-20 "$MANDATE" timeline --regime gb-tulrca-2016 --ballot-opens 2026-10-19 --ballot-closes 2026-11-06 --json >"$T_DIR/six.json" 2>&1
jq -e '.mandate_expires=="2027-05-05" and (.warnings|map(select(test("within six weeks")))|length)==1' "$T_DIR/six.json" >/dev/null \
  && ok "a mandate expiring within six weeks is warned" || not_ok "a mandate expiring within six weeks is warned" "$(cat $T_DIR/six.json)"
expect_exit 0 "timeline with --ics" "$MANDATE" timeline --regime gb-era-2025 --ballot-opens 2027-03-01 --ballot-closes 2027-03-19 --ics "$T_DIR/t.ics"
ICS=$T_DIR/t.ics
[ -s "$ICS" ] && ok "ics file written" || not_ok "ics file written"
[ "$(head -n 1 "$ICS" | tail -c 2 | od -An -tx1 | tr -d ' \n')" = 0d0a ] && ok "ics lines end CRLF" || not_ok "ics lines end CRLF"
[ "$(tr -d '\r' <"$ICS" | head -1)" = "BEGIN:VCALENDAR" ] && [ "$(tr -d '\r' <"$ICS" | tail -1)" = "END:VCALENDAR" ] \
  && ok "ics is one VCALENDAR" || not_ok "ics is one VCALENDAR"
[ "$(grep -c '^BEGIN:VEVENT' "$ICS")" = "$(grep -c '^END:VEVENT' "$ICS")" ] && [ "$(grep -c '^UID:' "$ICS")" = "$(grep -c '^BEGIN:VEVENT' "$ICS")" ] \
  && ok "every VEVENT has a UID" || not_ok "every VEVENT has a UID"
grep -q '^DTSTART;VALUE=DATE:20270222' "$ICS" && ok "ics has the ballot notice date" || not_ok "ics has the ballot notice date"
grep -q '^DTSTAMP:20261123T000000Z' "$ICS" && ok "ics DTSTAMP from today" || not_ok "ics DTSTAMP from today"
grep -q '^SUMMARY:Mandate expires' "$ICS" && ok "ics has the mandate expiry" || not_ok "ics has the mandate expiry"
[ "$(tr -d '\r' <"$ICS" | awk 'length > 75' | wc -l)" = 0 ] && ok "ics lines at most 75 octets" || not_ok "ics lines at most 75 octets"
[ "$(grep -c "$(printf '\r')\$" "$ICS")" = "$(wc -l <"$ICS")" ] && ok "no bare LF in the ics" || not_ok "no bare LF in the ics"
expect_exit 0 "timeline au-fwa-2009 --json" "$MANDATE" timeline --regime au-fwa-2009 --ballot-opens 2026-12-07 --ballot-closes 2026-12-18 --json
jq -e '.mandate_expires==null and .ballot_notice_by==null and .action_must_start_by=="2027-01-16" and .earliest_action=="2026-12-24"' "$T_DIR/out" >/dev/null \
  && ok "au timeline: window and working days" || not_ok "au timeline: window and working days" "$(cat $T_DIR/out)"
expect_exit 1 "closes before it opens" "$MANDATE" timeline --regime gb-era-2025 --ballot-opens 2027-03-10 --ballot-closes 2027-03-01
expect_exit 1 "ics to a directory that is not there" "$MANDATE" timeline --regime gb-era-2025 --ballot-opens 2027-03-01 --ballot-closes 2027-03-19 --ics /nonexistent/x.ics
expect_exit 2 "timeline without --ballot-closes" "$MANDATE" timeline --regime gb-era-2025 --ballot-opens 2027-03-01

# a malformed regimes directory: every problem named with its file
mkdir -p "$T_DIR/regimes"
cp data/regimes/*.json "$T_DIR/regimes/"
sed 's/"kind": "turnout_min_pct"/"kind": "turnout_percent"/' data/regimes/gb-era-2025.json >"$T_DIR/regimes/gb-era-2025.json"
MANDATE_REGIMES=$T_DIR/regimes "$MANDATE" rules list >"$T_DIR/out" 2>"$T_DIR/err"; st=$?
[ "$st" = 1 ] && ok "a malformed regime file is a user error" || not_ok "a malformed regime file is a user error" "exit $st"
contains "$T_DIR/err" "gb-era-2025.json: rule 'turnout': unknown kind 'turnout_percent'" \
  && ok "the malformed file and rule are named" || not_ok "the malformed file and rule are named" "$(cat $T_DIR/err)"
finish
