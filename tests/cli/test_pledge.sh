# test_pledge.sh: conditional collective pledges (docs/pledges.md) on the
# demo union, each participant with their own directory: three trustees
# make a campaign key (any two open), the credential authority issues one
# credential per member in scope, GP-surgery members pledge an undated
# resignation "if 60% of my surgery does", counts by workplace, a
# withdrawal, the trigger, two trustees open exactly the counted names,
# and a second campaign that expires. And THE ATTACKER: with a full copy
# of the server's files (database, log, board) and no trustee key, no
# signer can be found, and nothing opens.
. tests/lib.sh
D=$T_DIR
S=$D/server                       # everything the server holds
mkdir -p "$S"
DB=$S/union.db
LOG=$S/server.log                 # the server-side commands' output
TODAY=$MANDATE_TODAY

for c in "pledge" "pledge create" "pledge credentials" "pledge sign" "pledge withdraw" "pledge status" \
         "pledge open" "pledge expire" "pledge verify" "trustee destroy"; do
  # shellcheck disable=SC2086  # two words on purpose
  expect_exit 0 "mandate $c --help exits 0" "$MANDATE" $c --help
done

check "demo database" "$MANDATE" demo --db "$DB" --members 2000

# the key ceremony, as for a ballot: 3 trustees, any 2 open
for i in 1 2 3; do "$MANDATE" trustee keygen --index $i --trustees 3 --threshold 2 --dir "$D/t$i" >/dev/null; done
P="--public $D/t1/trustee-1.public --public $D/t2/trustee-2.public --public $D/t3/trustee-3.public"
# shellcheck disable=SC2086
for i in 1 2 3; do "$MANDATE" trustee shares --secret "$D/t$i/trustee-$i.secret" $P --out "$D/shares-$i" >/dev/null; done
"$MANDATE" trustee combine --secret "$D/t1/trustee-1.secret" $P --shares "$D/shares-2" --shares "$D/shares-3" >/dev/null &&
"$MANDATE" trustee combine --secret "$D/t2/trustee-2.secret" $P --shares "$D/shares-1" --shares "$D/shares-3" >/dev/null &&
"$MANDATE" trustee combine --secret "$D/t3/trustee-3.secret" $P --shares "$D/shares-1" --shares "$D/shares-2" >/dev/null &&
  ok "trustees make the campaign key with the ballot key ceremony" || not_ok "trustees make the campaign key"
"$MANDATE" authority keygen --dir "$D/auth" >/dev/null

GPS="--unit H-BOL-GP001 --unit H-BOL-GP002 --unit H-BOL-GP003 --unit H-BOL-GP004 --unit H-MID-GP001 --unit H-MID-GP002"
expect_exit 2 "a bad trigger is a usage error" \
  "$MANDATE" pledge create --db "$DB" --code x --title X --template strike --deadline 2026-12-20 \
    --authority "$D/auth/authority.public" $P --trigger 150%
expect_exit 1 "an unknown unit is refused" \
  "$MANDATE" pledge create --db "$DB" --code x --title X --template strike --deadline 2026-12-20 \
    --authority "$D/auth/authority.public" $P --unit NO-SUCH-UNIT
# shellcheck disable=SC2086
check "create a campaign with a trigger per workplace and an action menu" \
  "$MANDATE" pledge create --db "$DB" --code gp-resign --title "GP undated resignations" \
    --template undated_resignation --deadline 2026-12-20 --authority "$D/auth/authority.public" $P $GPS \
    --action "Hand in an undated resignation=60%/workplace" --action "Refer everything=30"
cat "$T_DIR/out" >>"$LOG"
contains "$T_DIR/out" "6 workplaces in scope" && ok "the six surgeries are the workplaces" || not_ok "six workplaces" "$(cat "$T_DIR/out")"

check "the authority issues the credentials" \
  "$MANDATE" pledge credentials gp-resign --db "$DB" --secret "$D/auth/authority.secret" --out "$D/auth/creds"
cat "$T_DIR/out" >>"$LOG"
NCRED=$(grep -vc '^#' "$D/auth/creds")
[ "$NCRED" = 38 ] && ok "one credential per active member in scope (38)" || not_ok "38 credentials" "got $NCRED"
expect_exit 1 "credentials are issued once only" \
  "$MANDATE" pledge credentials gp-resign --db "$DB" --secret "$D/auth/authority.secret" --out "$D/auth/creds2"

# who is who (the test knows; the server must not): number unit name
sqlite3 "$DB" "SELECT m.number, u.code, m.first_name||' '||m.last_name FROM members m JOIN units u ON u.id=m.unit_id ORDER BY m.number" |
  tr '|' '\t' >"$D/who"
cred_of(){ awk -v n="$1" '$1==n {print $2}' "$D/auth/creds"; }
name_of(){ awk -F'\t' -v n="$1" '$1==n {print $3}' "$D/who"; }
members_in(){ # the members of workplace $1 who hold a credential
  awk -F'\t' -v u="$1" '$2==u {print $1}' "$D/who" | while read -r m; do [ -n "$(cred_of "$m")" ] && echo "$m"; done
}
: >"$D/signed"
sign(){ # sign MEMBER [ACTIONS]
  "$MANDATE" pledge sign gp-resign --db "$DB" --credential "$(cred_of "$1")" --name "$(name_of "$1")" \
    --actions "${2:-1}" >>"$D/device.log" 2>&1 && echo "$1" >>"$D/signed"
}

# enough in every surgery but the last; 60% of n, rounded up
for u in H-BOL-GP001 H-BOL-GP002 H-BOL-GP003 H-BOL-GP004 H-MID-GP001 H-MID-GP002; do
  members_in $u >"$D/m-$u"
  n=$(wc -l <"$D/m-$u"); need=$(( (n*60 + 99) / 100 ))
  [ $u = H-MID-GP002 ] && need=$((need-1))
  head -n $need "$D/m-$u" | while read -r m; do sign "$m" 1,2; done
done
NSIGNED=$(wc -l <"$D/signed")
[ "$NSIGNED" -ge 20 ] && ok "members sign with their credentials ($NSIGNED)" || not_ok "members sign" "$(tail -3 "$D/device.log")"
"$MANDATE" pledge status gp-resign --db "$DB" --json >"$D/st1.json"
jq -e '.actions[0].met == false and .actions[1].met == false and .actions[1].count >= 20' "$D/st1.json" >/dev/null &&
  ok "one surgery short: neither trigger is met" || not_ok "trigger before" "$(cat "$D/st1.json")"
jq -e "[.workplaces[].counts[0]] | add == $NSIGNED" "$D/st1.json" >/dev/null &&
  ok "counts by workplace add up to the pledges" || not_ok "counts by workplace"
jq -e '[.workplaces[] | select(.code=="H-MID-GP002") | .met[0]] == [false]' "$D/st1.json" >/dev/null &&
  ok "the gap is shown: H-MID-GP002 is short" || not_ok "the gap"
expect_exit 1 "no trustee may open before the trigger" \
  "$MANDATE" pledge open --secret "$D/t1/trustee-1.secret" --board "$DB-pledges/gp-resign"

# a credential counts once: signing again replaces; a forged credential is refused
M1=$(head -n 1 "$D/m-H-BOL-GP001")
"$MANDATE" pledge sign gp-resign --db "$DB" --credential "$(cred_of "$M1")" --name "$(name_of "$M1")" --actions 1 >"$D/o" 2>&1
"$MANDATE" pledge status gp-resign --db "$DB" --json >"$D/st2.json"
jq -e ".pledges == $NSIGNED" "$D/st2.json" >/dev/null && ok "signing twice still counts once" || not_ok "counts once" "$(jq .pledges "$D/st2.json")"
expect_exit 1 "a credential the authority did not issue is refused" \
  "$MANDATE" pledge sign gp-resign --db "$DB" --credential 0100000000000000000000000000000000000000000000000000000000000000 --name "Mallory"
OUTSIDER=$(awk -F'\t' '$2=="DWP-NTH-01" {print $1; exit}' "$D/who")
[ -z "$(cred_of "$OUTSIDER")" ] && ok "a member out of scope has no credential" || not_ok "out of scope"
RECEIPT=$(sed -n 's/.*your receipt: //p' "$D/o")
[ "$("$MANDATE" pledge status gp-resign --db "$DB" --receipt "$RECEIPT")" = counted ] && ok "the receipt shows the pledge counted" || not_ok "receipt"

# the last surgery reaches 60%: met; a withdrawal there makes it unmet again
LASTU=H-MID-GP002
n=$(wc -l <"$D/m-$LASTU"); need=$(( (n*60 + 99) / 100 ))
sign "$(sed -n "${need}p" "$D/m-$LASTU")" 1
"$MANDATE" pledge status gp-resign --db "$DB" --json >"$D/st3.json"
jq -e '.actions[0].met == true' "$D/st3.json" >/dev/null && ok "every surgery at 60%: the trigger is met" || not_ok "met" "$(cat "$D/st3.json")"
W=$(head -n 1 "$D/m-$LASTU")
check "a member withdraws" "$MANDATE" pledge withdraw gp-resign --db "$DB" --credential "$(cred_of "$W")"
grep -v "^$W\$" "$D/signed" >"$D/signed2"; mv "$D/signed2" "$D/signed"
"$MANDATE" pledge status gp-resign --db "$DB" --json >"$D/st4.json"
jq -e '.actions[0].met == false and .withdrawn == 1' "$D/st4.json" >/dev/null &&
  ok "the withdrawal removes the pledge from the count" || not_ok "withdrawal count" "$(jq -c . "$D/st4.json")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM pledges WHERE withdrawn=1 AND sealed IS NULL")" = 1 ] &&
  ok "and its sealed name with it" || not_ok "withdrawn sealed name deleted"
# a colleague takes the place
sign "$(sed -n "$((need+1))p" "$D/m-$LASTU")" 1
"$MANDATE" pledge status gp-resign --db "$DB" --json >"$D/st5.json"
jq -e '.actions[0].met == true' "$D/st5.json" >/dev/null && ok "met again" || not_ok "met again" "$(jq -c .workplaces "$D/st5.json")"
check "the board verifies" "$MANDATE" pledge verify "$DB-pledges/gp-resign"

# ---------------- THE ATTACKER: a full copy of the server, no trustee key
cp -r "$S" "$D/stolen"
A=$D/stolen
sort -u "$D/signed" | while read -r m; do name_of "$m"; done >"$D/signer-names"
cut -f3 "$D/who" | sort -u >"$D/all-names"
: >"$D/found"
# the board directory, the log, and every database file but the register's
# own table rows (the register holds every member's name by design: the
# question is whether anything says which of them signed)
find "$A" -type f ! -name 'union.db*' | while read -r f; do
  grep -a -F -f "$D/all-names" "$f" >>"$D/found" 2>/dev/null
done
sqlite3 "$A/union.db" .dump | grep -v '^INSERT INTO members ' | grep -v '^INSERT INTO demo_logins ' >"$D/dump"
grep -F -f "$D/signer-names" "$D/dump" | grep -i pledge >>"$D/found"
[ ! -s "$D/found" ] && ok "attacker: no member's name in the board or log, no signer's name in any pledge table" ||
  not_ok "attacker found names" "$(head -c 600 "$D/found")"
sqlite3 "$A/union.db" ".schema" | grep -i 'CREATE TABLE pledge' -A 14 | grep -i 'member' >"$D/link" || true
[ ! -s "$D/link" ] && ok "attacker: no pledge table refers to a member" || not_ok "a pledge table refers to members" "$(cat "$D/link")"
# what links a credential to a member is the authority's mail-merge file, never on the server
grep -r -l -F "$(cred_of "$M1")" "$A" >"$D/link2" 2>/dev/null
[ ! -s "$D/link2" ] && ok "attacker: no secret credential on the server" || not_ok "secret credential on the server" "$(cat "$D/link2")"
expect_exit 1 "attacker: the server's material alone opens nothing" \
  "$MANDATE" pledge open gp-resign --db "$A/union.db" --out "$D/stolen.html"
# a forged "trustee" file from the server's public data (the verification key as a share)
VK=$(sqlite3 "$A/union.db" "SELECT verification_key FROM pledge_trustees WHERE trustee_no=1")
printf 'index 1\ntrustees 3\nthreshold 2\nshare %s\n' "$VK" >"$D/forged.secret"
expect_exit 1 "attacker: a share forged from public keys is refused" \
  "$MANDATE" pledge open --secret "$D/forged.secret" --board "$A/union.db-pledges/gp-resign"
[ ! -e "$D/stolen.html" ] && ok "attacker: no document" || not_ok "attacker made a document"

# ---------------- the trigger: two trustees open, the document names exactly the counted
check "trustee 1 opens" "$MANDATE" pledge open --secret "$D/t1/trustee-1.secret" --board "$DB-pledges/gp-resign"
expect_exit 1 "one trustee is not enough" "$MANDATE" pledge open gp-resign --db "$DB" --out "$D/letter.html"
expect_exit 1 "a trustee opens once" "$MANDATE" pledge open --secret "$D/t1/trustee-1.secret" --board "$DB-pledges/gp-resign"
expect_exit 1 "no pledge after the first opening" \
  "$MANDATE" pledge sign gp-resign --db "$DB" --credential "$(cred_of "$(tail -n 1 "$D/m-H-BOL-GP003")")" --name x
check "trustee 3 opens" "$MANDATE" pledge open --secret "$D/t3/trustee-3.secret" --board "$DB-pledges/gp-resign"
check "the collective document" "$MANDATE" pledge open gp-resign --db "$DB" --out "$D/letter.html"
cat "$T_DIR/out" >>"$LOG"
NCOUNT=$(sort -u "$D/signed" | wc -l)
NROWS=$(awk '/<h2>Hand in an undated resignation/,/<\/table>/' "$D/letter.html" | grep -c '<tr><td>')
[ "$NROWS" = "$NCOUNT" ] && ok "the letter names exactly the $NCOUNT counted signatories" || not_ok "letter rows" "$NROWS rows, $NCOUNT counted"
missing=0
sort -u "$D/signed" | while read -r m; do grep -qF "<td>$(name_of "$m" | sed 's/&/\&amp;/g; s/'"'"'/\&#39;/g')</td>" "$D/letter.html" || echo "$m"; done >"$D/missing"
[ ! -s "$D/missing" ] && ok "every counted signatory is in the letter" || not_ok "missing from letter" "$(cat "$D/missing")"
grep -qF "<td>$(name_of "$W")</td>" "$D/letter.html" && not_ok "the withdrawn member is not in the letter" || ok "the withdrawn member is not in the letter"
check "anyone can check the opened count matches the board" "$MANDATE" pledge verify "$DB-pledges/gp-resign"
contains "$T_DIR/out" "names opened: $NCOUNT, matching the count" && ok "verify reports the opened count" || not_ok "verify opened" "$(cat "$T_DIR/out")"
# a board with a pledge removed does not verify
B=$DB-pledges/gp-resign/board
grep -v "^pledge_withdrawal " "$B" >"$D/board-cut"
expect_exit 1 "a board with an item removed does not verify" "$MANDATE" pledge verify "$D/board-cut"

# ---------------- Section 44 with statements, and expiry
printf '%s\n' "$(sed -n 1p "$D/m-H-BOL-GP003")" "$(sed -n 2p "$D/m-H-BOL-GP003")" >"$D/s44"
# shellcheck disable=SC2086
check "a Section 44 campaign that ends today" \
  "$MANDATE" pledge create --db "$DB" --code s44 --title "Collective Section 44 letter" --template section44 \
    --deadline "$TODAY" --authority "$D/auth/authority.public" $P --unit H-BOL-GP003 --trigger 100%
"$MANDATE" pledge credentials s44 --db "$DB" --secret "$D/auth/authority.secret" --out "$D/auth/creds-s44" >>"$LOG"
cred44(){ awk -v n="$1" '$1==n {print $2}' "$D/auth/creds-s44"; }
expect_exit 2 "a Section 44 pledge needs the signer's own statement" \
  "$MANDATE" pledge sign s44 --db "$DB" --credential "$(cred44 "$(sed -n 1p "$D/s44")")" --name x
i=0
while read -r m; do
  i=$((i+1))
  "$MANDATE" pledge sign s44 --db "$DB" --credential "$(cred44 "$m")" --name "$(name_of "$m")" \
    --statement "unique-danger-statement-$i: the ceiling in room $i is falling" >>"$D/device.log" 2>&1
done <"$D/s44"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM pledges p JOIN pledge_campaigns c ON c.id=p.campaign_id WHERE c.code='s44' AND live=1")" = 2 ] &&
  ok "two Section 44 pledges with statements" || not_ok "s44 pledges" "$(tail -2 "$D/device.log")"
cat "$DB" "$DB-wal" "$B" "$LOG" 2>/dev/null | grep -a -c "unique-danger-statement" >"$D/n" || true
[ "$(cat "$D/n")" = 0 ] && ok "attacker: no statement in any server file, the database included" || not_ok "statement found" "$(cat "$D/n")"
SEALED=$(sqlite3 "$DB" "SELECT sealed FROM pledges p JOIN pledge_campaigns c ON c.id=p.campaign_id WHERE c.code='s44' AND live=1 LIMIT 1")
expect_exit 1 "no expiry before the deadline has passed" "$MANDATE" pledge expire s44 --db "$DB"
MANDATE_TODAY=2026-11-24 check "after the deadline, unmet: expire" "$MANDATE" pledge expire s44 --db "$DB"
contains "$T_DIR/out" "2 sealed names destroyed" && ok "the expiry destroys the two sealed names" || not_ok "expired count" "$(cat "$T_DIR/out")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM pledges WHERE sealed IS NOT NULL AND campaign_id=(SELECT id FROM pledge_campaigns WHERE code='s44')")" = 0 ] &&
  ok "no sealed name is left in the database" || not_ok "sealed names left"
found=0
for f in "$DB" "$DB-wal" "$DB-shm"; do [ -f "$f" ] && grep -a -q -F "$SEALED" "$f" && found=1; done
[ $found = 0 ] && ok "the sealed bytes are gone from the database files (secure_delete, log emptied)" || not_ok "sealed bytes still on disk"
check "the expired board verifies and shows the expiry" "$MANDATE" pledge verify "$DB-pledges/s44"
contains "$T_DIR/out" "expired: 2 sealed names destroyed" && ok "the board shows that the names were destroyed" || not_ok "board expiry" "$(cat "$T_DIR/out")"
MANDATE_TODAY=2026-11-24 expect_exit 1 "an expired campaign takes no pledge" \
  "$MANDATE" pledge sign s44 --db "$DB" --credential "$(cred44 "$(sed -n 1p "$D/s44")")" --name x --statement y
cp "$D/t2/trustee-2.secret" "$D/t2-copy.secret"
check "a trustee destroys their key share" "$MANDATE" trustee destroy --secret "$D/t2-copy.secret"
[ ! -e "$D/t2-copy.secret" ] && ok "the key share file is gone" || not_ok "key share file still there"
expect_exit 1 "destroy refuses a file that is not a trustee's secret" "$MANDATE" trustee destroy --secret "$LOG"

finish
