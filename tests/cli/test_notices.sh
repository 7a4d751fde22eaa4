# test_notices.sh: the documents of a statutory ballot from the command line,
# on the demo union: the notice of the result (s231, s231A), the notice of
# industrial action (s234A) and the sample voting paper (s229) contain the
# figures they must; bad figures and dates are refused and write nothing;
# --pdf prints with chromium, or says how to install it.
. tests/lib.sh
export MANDATE_REGIMES=$PWD/data/regimes
DB=$T_DIR/demo.db
q(){ sqlite3 "$DB" "$1"; }

for c in result-notice action-notice sample-paper; do
  expect_exit 0 "mandate dispute $c --help exits 0" "$MANDATE" dispute $c --help
  contains "$T_DIR/out" "usage: mandate dispute $c" && ok "dispute $c --help shows usage" || not_ok "dispute $c --help shows usage" "$(cat $T_DIR/out)"
done
"$MANDATE" dispute --help | grep -q "result-notice" && ok "dispute --help lists the notices" || not_ok "dispute --help lists the notices"

"$MANDATE" demo --db "$DB" --members 3000 --seed 11 >/dev/null 2>&1 && ok "demo database" || not_ok "demo database"
SITE=$(q "select u.code from units u join members m on m.unit_id=u.id join employers e on e.id=m.employer_id where e.name='Brightclean Services Ltd' limit 1")
TRUST="$(q "select name from units where code='$SITE'") NHS Foundation Trust"
LEAD=$(q "select e.name from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id where u.code='$SITE' and e.name like '%Lead Employer%' limit 1")
expect_exit 0 "create the dispute" "$MANDATE" dispute create ROTA --title "Rotas & rest" --regime gb-era-2025 \
  --employer "$TRUST" --employer "$LEAD" --unit "$SITE" --issue "Rotas <and> rest breaks" --db "$DB"
STAFF=$(q "select count(*) from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id where u.code='$SITE' and e.name='$TRUST' and m.status='active'")
DOCS=$(q "select count(*) from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id where u.code='$SITE' and e.name='$LEAD' and m.status='active'")
ENTITLED=$((STAFF+DOCS))

# --- the notice of the result: 373 entitled, 200 votes: turnout met (187 needed)
expect_exit 0 "result-notice writes the notice" "$MANDATE" dispute result-notice ROTA --opens 2026-12-07 --closes 2026-12-21 \
  --entitled 373 --votes 200 --yes 150 --no 45 --out "$T_DIR/result.html" --db "$DB"
R=$T_DIR/result.html
contains "$R" ">373<" && contains "$R" ">200<" && contains "$R" ">150<" && contains "$R" ">45<" && contains "$R" ">5<" \
  && ok "the result gives entitled, votes, Yes, No and spoiled (5 = 200 - 150 - 45)" || not_ok "the result gives the five figures" "$(grep -c '' "$R")"
contains "$R" "section 231 of" && contains "$R" "section 231A" && ok "the result cites s231 and s231A" || not_ok "the result cites s231 and s231A"
contains "$R" "Yes, met" && ! contains "$R" "No, not met" && contains "$R" "at least 187" \
  && ok "turnout 200 of 373 is met: 187 were needed" || not_ok "turnout met, 187 needed"
[ "$(grep -c '<section class="notice' "$R")" = 3 ] && ok "one notice to the members and one to each of the 2 employers" \
  || not_ok "three notices" "$(grep -c '<section class="notice' "$R")"
contains "$R" "Rotas &lt;and&gt; rest breaks" && ! contains "$R" "<and>" && ok "the issue is HTML-escaped" || not_ok "the issue is HTML-escaped"
contains "$T_DIR/out" "mandate: yes" && ok "the summary says there is a mandate" || not_ok "the summary says there is a mandate" "$(cat $T_DIR/out)"
# At the boundary: 186 of 373 is short by one
expect_exit 0 "result-notice with turnout one short" "$MANDATE" dispute result-notice ROTA --opens 2026-12-07 \
  --entitled 373 --votes 186 --yes 180 --no 6 --out "$T_DIR/short.html" --db "$DB"
contains "$T_DIR/short.html" "No, not met" && contains "$T_DIR/short.html" "does not support" \
  && ok "186 of 373 fails the 50% turnout" || not_ok "186 of 373 fails the 50% turnout"
# 40% of those entitled in important public services, under the 2016 rules
expect_exit 0 "result-notice under the 2016 rules, important public service" "$MANDATE" dispute result-notice ROTA \
  --opens 2025-06-02 --entitled 1000 --votes 600 --yes 399 --no 201 --important-public-service --out "$T_DIR/ips.html" --db "$DB"
contains "$T_DIR/ips.html" "at least 400" && contains "$T_DIR/ips.html" "No, not met" \
  && ok "399 Yes of 1000 entitled misses the 40% (400 needed)" || not_ok "the 40% rule is judged" "$(grep -o 'at least [0-9]*' "$T_DIR/ips.html")"
# The register's count when --entitled is not given
expect_exit 0 "result-notice without --entitled" "$MANDATE" dispute result-notice ROTA --opens 2026-12-07 \
  --votes 200 --yes 150 --no 45 --out "$T_DIR/reg.html" --db "$DB"
contains "$T_DIR/reg.html" ">$ENTITLED<" && contains "$T_DIR/err" "--entitled" \
  && ok "without --entitled: the register's $ENTITLED entitled, with a warning" || not_ok "the register's count" "$(cat $T_DIR/err)"
expect_exit 1 "figures that do not add up are refused" "$MANDATE" dispute result-notice ROTA --opens 2026-12-07 \
  --entitled 373 --votes 200 --yes 150 --no 45 --spoiled 9 --out "$T_DIR/bad.html" --db "$DB"
contains "$T_DIR/err" "do not add up" && [ ! -e "$T_DIR/bad.html" ] && ok "and nothing is written" || not_ok "nothing written" "$(cat $T_DIR/err)"
expect_exit 1 "more votes than entitled is refused" "$MANDATE" dispute result-notice ROTA --opens 2026-12-07 \
  --entitled 100 --votes 200 --yes 150 --no 50 --out "$T_DIR/bad.html" --db "$DB"
expect_exit 2 "a bad date is a usage error" "$MANDATE" dispute result-notice ROTA --opens 2026-02-30 --votes 1 --yes 1 --no 0 --out "$T_DIR/bad.html" --db "$DB"
expect_exit 2 "without --votes" "$MANDATE" dispute result-notice ROTA --opens 2026-12-07 --yes 1 --no 0 --out "$T_DIR/bad.html" --db "$DB"
expect_exit 1 "an unknown dispute" "$MANDATE" dispute result-notice NOPE --opens 2026-12-07 --votes 1 --yes 1 --no 0 --out "$T_DIR/bad.html" --db "$DB"

# --- the notice of industrial action
expect_exit 0 "action-notice, discontinuous" "$MANDATE" dispute action-notice ROTA --dates 2027-01-11,2027-01-13 \
  --given 2026-12-23 --ballot-opens 2026-12-07 --ballot-closes 2026-12-21 --out "$T_DIR/action.html" --db "$DB"
A=$T_DIR/action.html
contains "$A" "section 234A" && ok "the action notice cites s234A" || not_ok "the action notice cites s234A"
contains "$A" "Total number of employees concerned: $STAFF" && contains "$A" "Total number of employees concerned: $DOCS" \
  && ok "totals per employer: $STAFF trust staff, $DOCS lead-employer doctors" || not_ok "totals per employer" "$(grep -o 'concerned: [0-9]*' "$A")"
contains "$A" "discontinuous" && contains "$A" "(2027-01-11)" && contains "$A" "(2027-01-13)" \
  && ok "discontinuous, with each day of action" || not_ok "discontinuous, with each day"
CAT=$(q "select count(*) from members m join units u on u.id=m.unit_id join employers e on e.id=m.employer_id where u.code='$SITE' and e.name='$LEAD' and m.status='active' and lower(m.category)='resident doctor'")
contains "$A" "resident doctor" && contains "$A" ">$CAT<" && contains "$A" "($SITE)" \
  && ok "categories and numbers by workplace ($CAT resident doctors at $SITE)" || not_ok "categories by workplace" "$CAT"
contains "$A" "How these figures were reached" && ok "how the figures were reached" || not_ok "how the figures were reached"
contains "$A" "at least 10 days" && ok "the notice period is the regime's 10 days (gb-era-2025, notice given 2026-12-23)" || not_ok "10 days' notice"
expect_exit 0 "action-notice, continuous" "$MANDATE" dispute action-notice ROTA --starts 2027-01-04 --given 2026-12-23 --out "$T_DIR/cont.html" --db "$DB"
contains "$T_DIR/cont.html" "will be continuous" && contains "$T_DIR/cont.html" "(2027-01-04)" && ok "continuous, with its start" || not_ok "continuous"
expect_exit 1 "action too soon after notice is refused" "$MANDATE" dispute action-notice ROTA --starts 2027-01-01 --given 2026-12-23 --out "$T_DIR/soon.html" --db "$DB"
contains "$T_DIR/err" "earliest day action may start is 2027-01-02" && [ ! -e "$T_DIR/soon.html" ] \
  && ok "it names the earliest day (2026-12-23 + 10) and writes nothing" || not_ok "the earliest day" "$(cat $T_DIR/err)"
expect_exit 0 "14 days' notice under the 2016 rules (notice given 2026-02-17)" "$MANDATE" dispute action-notice ROTA --starts 2026-03-03 --given 2026-02-17 --out "$T_DIR/old.html" --db "$DB"
expect_exit 1 "and 13 days is too soon" "$MANDATE" dispute action-notice ROTA --starts 2026-03-02 --given 2026-02-17 --out "$T_DIR/old.html" --db "$DB"
expect_exit 1 "action after the mandate is refused" "$MANDATE" dispute action-notice ROTA --starts 2028-01-10 --given 2027-12-01 \
  --ballot-opens 2026-12-07 --ballot-closes 2026-12-21 --out "$T_DIR/late.html" --db "$DB"
contains "$T_DIR/err" "mandate ends" && ok "it says the mandate has ended" || not_ok "the mandate has ended" "$(cat $T_DIR/err)"
expect_exit 2 "--starts and --dates together" "$MANDATE" dispute action-notice ROTA --starts 2027-01-04 --dates 2027-01-05 --out "$T_DIR/x.html" --db "$DB"
expect_exit 2 "a bad date in --dates" "$MANDATE" dispute action-notice ROTA --dates 2027-01-05,2027-13-01 --out "$T_DIR/x.html" --db "$DB"

# --- the sample voting paper
expect_exit 0 "sample-paper with both questions" "$MANDATE" dispute sample-paper ROTA --opens 2026-12-07 --question both \
  --scrutineer "Civica Election Services" --return-by 2026-12-21 --out "$T_DIR/paper.html" --db "$DB"
P=$T_DIR/paper.html
contains "$P" "Are you prepared to take part in a strike?" && contains "$P" "industrial action short of a strike?" \
  && ok "the paper asks both questions (s229(2))" || not_ok "both questions"
contains "$P" "you may be in breach of your contract of employment" && contains "$P" "twelve weeks" \
  && ok "the paper has the s229(4) statement" || not_ok "the s229(4) statement"
contains "$P" "Civica Election Services" && contains "$P" "(2026-12-21)" && ok "the scrutineer and return date" || not_ok "the scrutineer and return date"
contains "$P" "(2026-12-04)" && contains "$P" "s226A(1)(b)" && ok "employers must have it by 2026-12-04 (3 days before)" || not_ok "sample paper deadline"
contains "$T_DIR/err" "return address" && contains "$T_DIR/err" "who may call" && ok "blanks are warned about" || not_ok "blanks warned" "$(cat $T_DIR/err)"
! contains "$P" "What the dispute is about" && ok "from 2026-02-18 (ERA 2025 s71) no dispute summary is asked for" || not_ok "no summary under ERA 2025"
expect_exit 0 "sample-paper under the 2016 rules" "$MANDATE" dispute sample-paper ROTA --opens 2025-06-02 --out "$T_DIR/paper16.html" --db "$DB"
contains "$T_DIR/paper16.html" "What the dispute is about" && contains "$T_DIR/paper16.html" "Rotas &lt;and&gt; rest breaks" \
  && ok "under the 2016 rules the paper summarises the issue (s229(2B))" || not_ok "2016 summary"
expect_exit 0 "create an Australian dispute" "$MANDATE" dispute create AU1 --title "AU" --regime au-fwa-2009 --employer "$TRUST" --unit "$SITE" --db "$DB"
expect_exit 1 "au-fwa-2009 lists no voting-paper content" "$MANDATE" dispute sample-paper AU1 --opens 2026-12-07 --out "$T_DIR/au.html" --db "$DB"

# --- PDF
expect_exit 1 "--pdf without chromium says how to install it" env MANDATE_CHROMIUM=/nonexistent/chromium \
  "$MANDATE" dispute sample-paper ROTA --opens 2026-12-07 --pdf "$T_DIR/x.pdf" --db "$DB"
contains "$T_DIR/err" "apt-get install chromium" && [ ! -e "$T_DIR/x.pdf" ] && ok "the message names the package" || not_ok "the message names the package" "$(cat $T_DIR/err)"
if command -v chromium >/dev/null 2>&1; then
  expect_exit 0 "--pdf prints with chromium" "$MANDATE" dispute result-notice ROTA --opens 2026-12-07 --entitled 373 \
    --votes 200 --yes 150 --no 45 --out "$T_DIR/r2.html" --pdf "$T_DIR/r2.pdf" --db "$DB"
  [ "$(head -c 5 "$T_DIR/r2.pdf")" = "%PDF-" ] && ok "the PDF is a PDF" || not_ok "the PDF is a PDF"
else
  ok "chromium not installed here: --pdf printing skipped"
fi
finish
