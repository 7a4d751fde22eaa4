#!/bin/sh
# ballot_officer_setup.sh: what test_ballot_officer.mjs needs, made with the
# real ceremony commands before the server starts. Usage:
#   sh tests/browser/ballot_officer_setup.sh MANDATE DB DIR
# In DIR: two trustees who ran the key ceremony (any 2 of 2 decrypt:
# t1/trustee-1.secret, t2/trustee-2.secret after combine) and the
# credential authority (ca/); on the demo database DB the ballot TRUST26,
# counted by workplace over the first branch, voting 2026-11-02 to
# 2026-11-10 (before $MANDATE_TODAY), with every credential imported, 24
# ballots on its board (12 yes, 12 no), and closed: the tally is there, waiting for
# the trustees. The officer's create form uses the same trustees' and
# authority's public files.
set -e
M=$1 DB=$2 D=$3
mkdir -p "$D"
for i in 1 2; do "$M" trustee keygen --index $i --trustees 2 --threshold 2 --dir "$D/t$i" >/dev/null; done
P="--public $D/t1/trustee-1.public --public $D/t2/trustee-2.public"
# shellcheck disable=SC2086
for i in 1 2; do "$M" trustee shares --secret "$D/t$i/trustee-$i.secret" $P --out "$D/shares-$i" >/dev/null; done
"$M" trustee combine --secret "$D/t1/trustee-1.secret" $P --shares "$D/shares-2" >/dev/null
"$M" trustee combine --secret "$D/t2/trustee-2.secret" $P --shares "$D/shares-1" >/dev/null
"$M" authority keygen --dir "$D/ca" >/dev/null
branch=$(sqlite3 "$DB" "SELECT code FROM units WHERE kind='branch' ORDER BY id LIMIT 1")
echo "$branch" >"$D/branch"
# shellcheck disable=SC2086
MANDATE_TODAY=2026-11-01 "$M" ballot create TRUST26 --title "Strike on the rota" --question "Are you prepared to take strike action?" \
  --kind indicative --unit "$branch" --opens 2026-11-02T09:00 --closes 2026-11-10T17:00 --regime gb-tulrca-2016 --breakdown \
  --authority "$D/ca/authority.public" $P --db "$DB"
mkdir -p "$D/ca/TRUST26"
cp "$DB.ballots/TRUST26/board" "$D/ca/TRUST26/board"
# one run per workplace group, in order (docs/ballots.md)
MANDATE_TODAY=2026-11-01 "$M" ballot voters TRUST26 --out "$D/voters.csv" --db "$DB" >"$D/voters.out"
grep -- '--voters' "$D/voters.out" | sed 's/.*--voters \([0-9]*\) --group \(.*\) --out.*/\1|\2/; s/.*--voters \([0-9]*\) --out.*/\1|/' >"$D/runs"
g=0
: >"$D/ca/TRUST26.cred"
while IFS='|' read -r nv grp; do
  g=$((g+1))
  grp=$(printf '%s' "$grp" | sed "s/^'//; s/'\$//")
  if [ -n "$grp" ]; then
    "$M" authority credentials --secret "$D/ca/authority.secret" --board "$D/ca/TRUST26" --voters "$nv" --group "$grp" --out "$D/ca/cred-$g" >/dev/null
  else
    "$M" authority credentials --secret "$D/ca/authority.secret" --board "$D/ca/TRUST26" --voters "$nv" --out "$D/ca/cred-$g" >/dev/null
  fi
  grep -v '^#' "$D/ca/cred-$g" >>"$D/ca/TRUST26.cred"
done <"$D/runs"
awk '{print $1, $3}' "$D/ca/TRUST26.cred" >"$D/ca/TRUST26.public"
"$M" ballot import-credentials TRUST26 --board-from "$D/ca/TRUST26" --map "$D/ca/TRUST26.public" --db "$DB"
# a dozen voters of the first workplace vote (8 yes, 4 no) and a dozen of
# the last (4 yes, 8 no): at least two buckets, so "where" has rows
{ awk '{print $2}' "$D/ca/TRUST26.cred" | head -n 12; awk '{print $2}' "$D/ca/TRUST26.cred" | tail -n 12; } >"$D/voting"
i=0
while read -r cred; do
  i=$((i+1))
  case $i in [1-8]|1[3-6]) c=yes;; *) c=no;; esac
  "$M" election cast "$DB.ballots/TRUST26" --credential "$cred" --choose $c >/dev/null
done <"$D/voting"
"$M" ballot reconcile TRUST26 --db "$DB"
"$M" ballot close TRUST26 --db "$DB"
