# test_cli.sh: the mandate command line as an officer uses it: help, exit
# codes, init, import (good and bad files), readiness, export and erasure.
. tests/lib.sh
D=tests/data
DB=$T_DIR/union.db

for c in init demo import readiness export erase user serve; do
  expect_exit 0 "mandate $c --help exits 0" "$MANDATE" $c --help
  contains "$T_DIR/out" "usage: mandate $c" && ok "mandate $c --help shows usage" || not_ok "mandate $c --help shows usage"
done
expect_exit 0 "mandate --help" "$MANDATE" --help
expect_exit 2 "unknown command is a usage error" "$MANDATE" frobnicate
expect_exit 2 "missing --db is a usage error" "$MANDATE" readiness
expect_exit 2 "unknown option is a usage error" "$MANDATE" init --db "$DB" --colour

expect_exit 0 "init creates a database" "$MANDATE" init --db "$DB"
[ "$(stat -c %a "$DB")" = 600 ] && ok "database file is mode 0600" || not_ok "database file is mode 0600" "$(stat -c %a "$DB")"
expect_exit 1 "init refuses to overwrite" "$MANDATE" init --db "$DB"
expect_exit 1 "a missing database is a user error" "$MANDATE" readiness --db "$T_DIR/nope.db"
contains "$T_DIR/err" "mandate init --db" && ok "missing database message says how to create one" || not_ok "missing database message says how to create one"

expect_exit 0 "import units" "$MANDATE" import units $D/units.csv --db "$DB"
contains "$T_DIR/out" "7 units read, 7 new" && ok "units import summary" || not_ok "units import summary" "$(cat $T_DIR/out)"
expect_exit 0 "dry-run import of members" "$MANDATE" import members $D/members.csv --db "$DB" --dry-run
[ "$(sqlite3 "$DB" 'select count(*) from members')" = 0 ] && ok "dry run wrote nothing" || not_ok "dry run wrote nothing"
expect_exit 0 "import members" "$MANDATE" import members $D/members.csv --db "$DB"
contains "$T_DIR/out" "5 members read, 5 new, 0 updated" && ok "members import summary" || not_ok "members import summary" "$(cat $T_DIR/out)"
expect_exit 0 "re-import updates" "$MANDATE" import members $D/members.csv --db "$DB"
contains "$T_DIR/out" "5 members read, 0 new, 5 updated" && ok "re-import updates by number" || not_ok "re-import updates by number" "$(cat $T_DIR/out)"

expect_exit 1 "a bad positions file is refused" "$MANDATE" import positions $D/positions_bad.csv --db "$DB"
contains "$T_DIR/err" "positions_bad.csv:2:2 (position): expected rep, health_safety_rep" && ok "unknown position named" || not_ok "unknown position named" "$(cat $T_DIR/err)"
contains "$T_DIR/err" "positions_bad.csv:3:1 (membership_number)" && ok "unknown member in positions named" || not_ok "unknown member in positions named"
contains "$T_DIR/err" "positions_bad.csv:4:3 (unit_code)" && ok "unknown unit in positions named" || not_ok "unknown unit in positions named"
[ "$(sqlite3 "$DB" 'select count(*) from positions')" = 0 ] && ok "bad positions file wrote nothing" || not_ok "bad positions file wrote nothing"
expect_exit 0 "import positions" "$MANDATE" import positions $D/positions.csv --db "$DB"
contains "$T_DIR/out" "2 positions read, 2 new" && ok "positions import summary" || not_ok "positions import summary" "$(cat $T_DIR/out)"
"$MANDATE" readiness --db "$DB" --json --unit DWP-N >"$T_DIR/r.json"
jq -e '.[] | select(.unit=="LEEDS-JC") | .reps == 1 and .members_per_rep == 2' "$T_DIR/r.json" >/dev/null \
  && ok "an imported rep counts in readiness" || not_ok "an imported rep counts in readiness" "$(cat $T_DIR/r.json)"

before=$(sqlite3 "$DB" .dump | sha256sum)
expect_exit 1 "a bad members file is refused" "$MANDATE" import members $D/members_bad.csv --db "$DB"
contains "$T_DIR/err" "members_bad.csv:2:9 (email): expected an email address" && ok "bad email named by line and column" || not_ok "bad email named by line and column" "$(cat $T_DIR/err)"
contains "$T_DIR/err" "members_bad.csv:3:4 (status): expected active, lapsed or retired" && ok "bad status named by line and column" || not_ok "bad status named by line and column" "$(cat $T_DIR/err)"
contains "$T_DIR/err" "members_bad.csv:3:6 (workplace_code)" && ok "unknown workplace named" || not_ok "unknown workplace named" "$(cat $T_DIR/err)"
contains "$T_DIR/err" "nothing was imported" && ok "says nothing was imported" || not_ok "says nothing was imported"
after=$(sqlite3 "$DB" .dump | sha256sum)
[ "$before" = "$after" ] && ok "database unchanged after a bad import" || not_ok "database unchanged after a bad import"
printf 'code,name,kind,parent_code,sector\nX,"unterminated,union,,\n' > "$T_DIR/broken.csv"
expect_exit 1 "malformed CSV is refused" "$MANDATE" import units "$T_DIR/broken.csv" --db "$DB"
contains "$T_DIR/err" "line 2" && ok "malformed CSV names its line" || not_ok "malformed CSV names its line" "$(cat $T_DIR/err)"

expect_exit 0 "readiness --json" "$MANDATE" readiness --db "$DB" --json
cp "$T_DIR/out" "$T_DIR/ready.json"
[ "$(jq -r '.[0].unit' "$T_DIR/ready.json")" = NU ] && ok "readiness starts at the union" || not_ok "readiness starts at the union"
jq -e '.[] | select(.unit=="LEEDS-JC") | .home_address_pct == 50' "$T_DIR/ready.json" >/dev/null \
  && ok "a workplace ballot address does not count as home" || not_ok "a workplace ballot address does not count as home" "$(jq -c '.[] | select(.unit=="LEEDS-JC")' "$T_DIR/ready.json")"
[ "$(jq -r '.[] | select(.unit=="YORK-PC") | .members' "$T_DIR/ready.json")" = 2 ] && ok "lapsed members are counted as members" || not_ok "lapsed members are counted as members"
jq -e '.[] | select(.unit=="YORK-PC") | .email_pct == 100' "$T_DIR/ready.json" >/dev/null \
  && ok "percentages are over active members" || not_ok "percentages are over active members"
for f in unit members home_address_pct email_pct mobile_pct reps members_per_rep; do
  jq -e "all(.[]; has(\"$f\"))" "$T_DIR/ready.json" >/dev/null && ok "readiness json has $f" || not_ok "readiness json has $f"
done
expect_exit 0 "readiness for one branch" "$MANDATE" readiness --db "$DB" --unit DWP-S
contains "$T_DIR/out" "DOVER-BF" && ! contains "$T_DIR/out" "LEEDS-JC" && ok "branch readiness shows only its subtree" || not_ok "branch readiness shows only its subtree"
expect_exit 1 "readiness for an unknown unit" "$MANDATE" readiness --db "$DB" --unit NOPE

expect_exit 0 "export member" "$MANDATE" export member M0000003 --db "$DB"
[ "$(jq -r .member.first_name "$T_DIR/out")" = 'Cara "CJ"' ] && ok "export has the member's record" || not_ok "export has the member's record"
expect_exit 1 "export of an unknown member" "$MANDATE" export member M9999999 --db "$DB"
expect_exit 2 "erase needs --yes" "$MANDATE" erase member M0000003 --db "$DB"
expect_exit 0 "erase member" "$MANDATE" erase member M0000003 --db "$DB" --yes
expect_exit 1 "erased member is gone" "$MANDATE" export member M0000003 --db "$DB"
[ "$(sqlite3 "$DB" "select count(*) from members where number='M0000003'")" = 0 ] && ok "erased member not in the database" || not_ok "erased member not in the database"
if grep -a -q "Mill Lane" "$DB" "$DB-wal" 2>/dev/null; then not_ok "erased address is gone from the files"; else ok "erased address is gone from the files"; fi

# kill -9 in the middle of a large import: all of it or none of it, never part
"$MANDATE" demo --csv "$T_DIR/big" --members 60000 --seed 3 >/dev/null 2>&1 \
  && ok "demo --csv writes import files" || not_ok "demo --csv writes import files"
K=$T_DIR/kill.db
"$MANDATE" init --db "$K" >/dev/null
"$MANDATE" import units "$T_DIR/big/units.csv" --db "$K" >/dev/null
"$MANDATE" import members "$T_DIR/big/members.csv" --db "$K" --quiet >/dev/null 2>&1 &
pid=$!
sleep 0.5
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
n=$(sqlite3 "$K" "select count(*) from members")
[ "$n" = 0 ] || [ "$n" = 60000 ] && ok "kill -9 during import leaves all or nothing ($n members)" || not_ok "kill -9 during import leaves all or nothing" "$n members"
[ "$(sqlite3 "$K" "pragma integrity_check")" = ok ] && ok "database intact after kill -9" || not_ok "database intact after kill -9"
expect_exit 0 "the import can simply be run again" "$MANDATE" import members "$T_DIR/big/members.csv" --db "$K" --quiet
[ "$(sqlite3 "$K" "select count(*) from members")" = 60000 ] && ok "second import complete" || not_ok "second import complete"
[ "$(sqlite3 "$K" "select count(*) from sqlite_master where type='index' and name in ('members_unit','members_sort_name')")" = 2 ] \
  && ok "a large import rebuilds the member indexes" || not_ok "a large import rebuilds the member indexes"
expect_exit 0 "demo CSV re-imports cleanly as a dry run" "$MANDATE" import members "$T_DIR/big/members.csv" --db "$K" --dry-run --quiet
contains "$T_DIR/out" "0 new, 60000 updated" && ok "dry run of a re-import counts updates" || not_ok "dry run of a re-import counts updates" "$(cat $T_DIR/out)"

# make run's demo carries a worked example of each planning feature
expect_exit 0 "demo --examples" "$MANDATE" demo --db "$T_DIR/ex.db" --members 2000 --examples
contains "$T_DIR/out" "dispute PAY26" && ok "demo --examples says what it made" || not_ok "demo --examples says what it made" "$(cat "$T_DIR/out")"
expect_exit 0 "the example dispute's ballot is under way" "$MANDATE" dispute turnout PAY26 --db "$T_DIR/ex.db"
contains "$T_DIR/out" "entitled" && ok "its turnout shows who is entitled" || not_ok "its turnout shows who is entitled" "$(cat "$T_DIR/out")"
expect_exit 0 "the example scenarios compare" "$MANDATE" action compare ALL ROLL --db "$T_DIR/ex.db"
contains "$T_DIR/out" "strike pay" && ok "the scenarios cost strike pay" || not_ok "the scenarios cost strike pay" "$(cat "$T_DIR/out")"
expect_exit 2 "--examples goes with --db only" "$MANDATE" demo --csv "$T_DIR/excsv" --members 2000 --examples

finish
