#!/bin/sh
# vote_setup.sh: the elections the voting-page tests (test_vote.mjs) use,
# made with the real ceremony commands before the server starts. Usage:
#   sh tests/browser/vote_setup.sh MANDATE DB DIR
# In DIR: one trustee (t1/), the credential authority (ca/) and, on the
# demo database DB (voting open on $MANDATE_TODAY):
#   OFFER26  a yes/no referendum on an offer (mandate ballot create)
#   PICK26   choose one of three, or leave it blank
# each with every voter's credential issued and imported (ca/OFFER26.cred,
# ca/PICK26.cred: "voter-NNNNNNN SECRET PUBLIC" lines); and, outside any
# database, an election board DIR/multi (mandate election create) where
# 1 to 2 of 4 answers are chosen, with 4 credentials (ca/multi.cred), to
# which the tests append ballots made in the browser.
set -e
M=$1 DB=$2 D=$3
mkdir -p "$D"
"$M" trustee keygen --index 1 --trustees 1 --threshold 1 --dir "$D/t1"
"$M" trustee combine --secret "$D/t1/trustee-1.secret" --public "$D/t1/trustee-1.public"
"$M" authority keygen --dir "$D/ca"
union=$(sqlite3 "$DB" "SELECT code FROM units WHERE kind='union' ORDER BY id LIMIT 1")
ballot(){ # CODE TITLE QUESTION [--answers A;B;C]
  code=$1 title=$2 question=$3; shift 3
  "$M" ballot create "$code" --title "$title" --question "$question" "$@" --kind indicative \
    --unit "$union" --opens 2026-11-20T09:00 --closes 2026-11-30T17:00 --regime gb-era-2025 \
    --authority "$D/ca/authority.public" --public "$D/t1/trustee-1.public" --db "$DB"
  n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM ballot_voters v JOIN ballots b ON b.id=v.ballot_id WHERE b.code='$code'")
  mkdir -p "$D/ca/$code"
  cp "$DB.ballots/$code/board" "$D/ca/$code/board"
  "$M" authority credentials --secret "$D/ca/authority.secret" --board "$D/ca/$code" --voters "$n" --out "$D/ca/$code.cred"
  grep -v '^#' "$D/ca/$code.cred" | awk '{print $1, $3}' >"$D/ca/$code.public"
  "$M" ballot import-credentials "$code" --board-from "$D/ca/$code" --map "$D/ca/$code.public" --db "$DB"
}
ballot OFFER26 "Pay offer 2026" "Do you accept the employer's pay offer?"
ballot PICK26 "Next campaign" "Which campaign should the branch run next?" --answers "Pay;Workload;Safety"
"$M" election create --title "Delegates" --question "Which two motions go to conference?" \
  --answers "Motion A;Motion B;Motion C;Motion D" --min 1 --max 2 \
  --authority "$D/ca/authority.public" --public "$D/t1/trustee-1.public" --out "$D/multi"
"$M" authority credentials --secret "$D/ca/authority.secret" --board "$D/multi" --voters 4 --out "$D/ca/multi.cred"
