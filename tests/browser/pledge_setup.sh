#!/bin/sh
# pledge_setup.sh: the pledge campaign the signing-page tests
# (test_pledge.mjs) use, made with the real commands before the server
# starts. Usage:
#   sh tests/browser/pledge_setup.sh MANDATE DB DIR
# In DIR: three trustees (t1/, t2/, t3/; any 2 open), the credential
# authority (auth/) and, on the demo database DB, the Section 44 campaign
# S44WEB over two small surgeries (H-PET-GP002 and H-GLA-GP005, 4 members
# each) with two actions:
#   1 "Leave and refuse to return until it is made safe", at least 50% in
#     every workplace;
#   2 "Refer every patient elsewhere", at least 2 pledges overall;
# every member's pledge credential issued (auth/S44WEB.cred), and
# DIR/signers: one "WORKPLACE-CODE MEMBER-NUMBER SECRET" line per member in
# scope, by workplace then number, for the tests to sign with.
set -e
M=$1 DB=$2 D=$3
mkdir -p "$D"
for i in 1 2 3; do "$M" trustee keygen --index $i --trustees 3 --threshold 2 --dir "$D/t$i" >/dev/null; done
P="--public $D/t1/trustee-1.public --public $D/t2/trustee-2.public --public $D/t3/trustee-3.public"
# shellcheck disable=SC2086
for i in 1 2 3; do "$M" trustee shares --secret "$D/t$i/trustee-$i.secret" $P --out "$D/shares-$i" >/dev/null; done
# shellcheck disable=SC2086
"$M" trustee combine --secret "$D/t1/trustee-1.secret" $P --shares "$D/shares-2" --shares "$D/shares-3" >/dev/null
# shellcheck disable=SC2086
"$M" trustee combine --secret "$D/t2/trustee-2.secret" $P --shares "$D/shares-1" --shares "$D/shares-3" >/dev/null
"$M" authority keygen --dir "$D/auth" >/dev/null
# shellcheck disable=SC2086
"$M" pledge create --db "$DB" --code S44WEB --title "We will not work in an unsafe building" \
  --template section44 --deadline 2026-12-20 --authority "$D/auth/authority.public" $P \
  --unit H-PET-GP002 --unit H-GLA-GP005 \
  --action "Leave and refuse to return until it is made safe=50%/workplace" \
  --action "Refer every patient elsewhere=2"
"$M" pledge credentials S44WEB --db "$DB" --secret "$D/auth/authority.secret" --out "$D/auth/S44WEB.cred"
# Which workplace each credential's member works in (the authority's mail
# merge knows it; the server does not).
grep -v '^#' "$D/auth/S44WEB.cred" | while read -r number secret _public; do
  place=$(sqlite3 "$DB" "SELECT u.code FROM members m JOIN units u ON u.id=m.unit_id WHERE m.number='$number'")
  echo "$place $number $secret"
done | sort >"$D/signers"
[ "$(wc -l <"$D/signers")" = 8 ]
