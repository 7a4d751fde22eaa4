# lib_ballot.sh: the key ceremony and the credentials for the ballot tests,
# done as docs/ballots.md and docs/ceremony.md do them, each party in its
# own folder under $D: two trustees, both needed to decrypt ($D/t1, $D/t2),
# and the credential authority ($D/ca). Source after tests/lib.sh; needs
# $MANDATE and $D.

# ballot_keys: the trustees' shared key and the authority's keys. Sets P,
# the create command's "--public FILE --public FILE". One ok/not_ok line.
ballot_keys(){
  for i in 1 2; do "$MANDATE" trustee keygen --index $i --trustees 2 --threshold 2 --dir "$D/t$i" >/dev/null; done
  P="--public $D/t1/trustee-1.public --public $D/t2/trustee-2.public"
  # shellcheck disable=SC2086
  for i in 1 2; do "$MANDATE" trustee shares --secret "$D/t$i/trustee-$i.secret" $P --out "$D/shares-$i" >/dev/null; done
  # shellcheck disable=SC2086
  "$MANDATE" trustee combine --secret "$D/t1/trustee-1.secret" $P --shares "$D/shares-2" >/dev/null &&
  "$MANDATE" trustee combine --secret "$D/t2/trustee-2.secret" $P --shares "$D/shares-1" >/dev/null &&
  "$MANDATE" authority keygen --dir "$D/ca" >/dev/null && ok "trustees' and authority's keys" || not_ok "trustees' and authority's keys"
}

# ballot_credentials CODE DB: the authority issues one credential to each
# voter of ballot CODE on its own copy of the board ($D/ca/credentials:
# "voter SECRET PUBLIC"), and the server takes the public halves only.
# Sets NV (the number of voters). Two ok/not_ok lines.
ballot_credentials(){
  NV=$(sqlite3 "$2" "select voters from ballots where code='$1'")
  cp "$2.ballots/$1/board" "$D/ca/board"
  "$MANDATE" authority credentials --secret "$D/ca/authority.secret" --board "$D/ca/board" --voters "$NV" --out "$D/ca/credentials" >/dev/null \
    && ok "the authority issues $NV credentials" || not_ok "the authority issues credentials"
  grep -v '^#' "$D/ca/credentials" | awk '{print $1, $3}' >"$D/map"
  expect_exit 0 "the server takes the public halves" "$MANDATE" ballot import-credentials "$1" --board-from "$D/ca" --map "$D/map" --db "$2"
}
