# test_ceremony.sh: a real election run as docs/ceremony.md tells it, each
# participant with their own directory (their "machine"): three trustees
# make the key together (any two decrypt), a credential authority issues
# credentials, voters cast and recast, the tally is taken, two trustees
# decrypt, the result is published and `mandate verify` accepts it. And
# the ways a ceremony goes wrong: a faulty trustee's share, a trustee
# decrypting twice, a result before enough trustees, a tampered board.
. tests/lib.sh
D=$T_DIR
B=$D/board

for c in "trustee" "authority" "election cast" "election create" "election tally" "election result" \
         "trustee keygen" "trustee shares" "trustee combine" "trustee decrypt" "authority credentials"; do
  # shellcheck disable=SC2086  # $c may be two words on purpose
  expect_exit 0 "mandate $c --help exits 0" "$MANDATE" $c --help
done
expect_exit 2 "a threshold above the trustees is a usage error" \
  "$MANDATE" trustee keygen --index 1 --trustees 3 --threshold 4 --dir "$D/t1"

# 1. each trustee makes their polynomial, on their own machine
for i in 1 2 3; do
  check "trustee $i keygen" "$MANDATE" trustee keygen --index $i --trustees 3 --threshold 2 --dir "$D/t$i"
done
[ "$(stat -c %a "$D/t1/trustee-1.secret")" = 600 ] && ok "the trustee's secret file is 0600" || not_ok "the trustee's secret file is 0600"
grep -q '^coefficient ' "$D/t1/trustee-1.public" && not_ok "no coefficient in the public file" || ok "no coefficient in the public file"
P="--public $D/t1/trustee-1.public --public $D/t2/trustee-2.public --public $D/t3/trustee-3.public"

# 2. shares, sealed to each recipient
for i in 1 2 3; do
  # shellcheck disable=SC2086
  check "trustee $i seals shares" "$MANDATE" trustee shares --secret "$D/t$i/trustee-$i.secret" $P --out "$D/shares-$i"
done

# a faulty trustee: trustee 3 sends trustee 1 a share made for someone else
cp "$D/t1/trustee-1.secret" "$D/t1-copy.secret"
sed -n 's/^to-2 //p' "$D/shares-3" >"$D/x"
sed "s/^to-1 .*/to-1 $(cat "$D/x")/" "$D/shares-3" >"$D/shares-3-bad"
# shellcheck disable=SC2086
expect_exit 1 "a share not sealed to this trustee is refused" \
  "$MANDATE" trustee combine --secret "$D/t1-copy.secret" $P --shares "$D/shares-2" --shares "$D/shares-3-bad"
contains "$T_DIR/err" "from trustee 3" && ok "the faulty trustee is named" || not_ok "the faulty trustee is named" "$(cat "$T_DIR/err")"

# 3. each trustee combines what they received
keys=""
for i in 1 2 3; do
  others=""
  for j in 1 2 3; do [ $j != $i ] && others="$others --shares $D/shares-$j"; done
  # shellcheck disable=SC2086
  check "trustee $i combines and checks the shares" "$MANDATE" trustee combine --secret "$D/t$i/trustee-$i.secret" $P $others
  keys="$keys $(sed -n 's/^election key //p' "$T_DIR/out")"
done
[ "$(echo $keys | tr ' ' '\n' | sort -u | wc -l)" = 1 ] && ok "all three trustees print the same election key" || not_ok "all three trustees print the same election key" "$keys"
grep -q '^coefficient ' "$D/t1/trustee-1.secret" && not_ok "the polynomial is erased after combining" || ok "the polynomial is erased after combining"
# shellcheck disable=SC2086
expect_exit 1 "combining twice is refused" "$MANDATE" trustee combine --secret "$D/t1/trustee-1.secret" $P --shares "$D/shares-2" --shares "$D/shares-3"

# 4. the authority, and the organiser's definition
check "authority keygen" "$MANDATE" authority keygen --dir "$D/ca"
# shellcheck disable=SC2086
check "election create" "$MANDATE" election create --title "Ceremony test" --question "Strike?" \
  --authority "$D/ca/authority.public" $P --out "$D/e"
contains "$T_DIR/out" "$(echo $keys | cut -d' ' -f1)" && ok "the board's key is the trustees' key" || not_ok "the board's key is the trustees' key" "$(cat "$T_DIR/out")"
check "authority publishes credentials" "$MANDATE" authority credentials --secret "$D/ca/authority.secret" \
  --board "$D/e" --voters 6 --out "$D/ca/credentials"
[ "$(stat -c %a "$D/ca/credentials")" = 600 ] && ok "the credentials file is 0600" || not_ok "the credentials file is 0600"
check "authority keygen (an impostor)" "$MANDATE" authority keygen --dir "$D/fake"
expect_exit 1 "credentials signed by another key are refused" "$MANDATE" authority credentials \
  --secret "$D/fake/authority.secret" --board "$D/e" --voters 2 --out "$D/fake/credentials"

# 5. voting: 4 yes, 1 no, one voter changes their mind, one abstains
cred(){ awk -v v="voter-000000$1" '$1==v{print $2}' "$D/ca/credentials"; }
for v in 1 2 3 4; do check "voter $v casts yes" "$MANDATE" election cast "$D/e" --credential "$(cred $v)" --choose yes; done
check "voter 5 casts no" "$MANDATE" election cast "$D/e" --credential "$(cred 5)" --choose no
check "voter 4 changes to no" "$MANDATE" election cast "$D/e" --credential "$(cred 4)" --choose no
contains "$T_DIR/out" "your tracker:" && ok "the voter gets a tracker" || not_ok "the voter gets a tracker"
expect_exit 1 "an unknown credential cannot vote" "$MANDATE" election cast "$D/e" \
  --credential 0100000000000000000000000000000000000000000000000000000000000000 --choose yes
expect_exit 1 "a trustee cannot decrypt before the tally" "$MANDATE" trustee decrypt --secret "$D/t1/trustee-1.secret" --board "$D/e"

# 6. the close, two of three trustees, the result
check "election tally" "$MANDATE" election tally "$D/e"
expect_exit 1 "no ballot after the close" "$MANDATE" election cast "$D/e" --credential "$(cred 6)" --choose yes
check "trustee 3 decrypts" "$MANDATE" trustee decrypt --secret "$D/t3/trustee-3.secret" --board "$D/e"
expect_exit 1 "a trustee cannot decrypt twice" "$MANDATE" trustee decrypt --secret "$D/t3/trustee-3.secret" --board "$D/e"
expect_exit 1 "no result with one of two trustees" "$MANDATE" election result "$D/e"
contains "$T_DIR/err" "2 of the 3 trustees are needed" && ok "says how many trustees are needed" || not_ok "says how many trustees are needed" "$(cat "$T_DIR/err")"
check "trustee 1 decrypts" "$MANDATE" trustee decrypt --secret "$D/t1/trustee-1.secret" --board "$D/e"
check "election result" "$MANDATE" election result "$D/e"
expect_exit 0 "the whole board verifies" "$MANDATE" verify "$D/e"
y=$(sed -n 's/^  yes  *\([0-9]*\)$/\1/p' "$T_DIR/out"); n=$(sed -n 's/^  no  *\([0-9]*\)$/\1/p' "$T_DIR/out")
[ "$y" = 3 ] && [ "$n" = 2 ] && ok "the result is 3 yes, 2 no (the revote counted)" || not_ok "the result is 3 yes, 2 no (the revote counted)" "yes $y no $n"
contains "$T_DIR/out" "2 of 3 trustees needed" && ok "verify says 2 of 3 trustees" || not_ok "verify says 2 of 3 trustees" "$(cat "$T_DIR/out")"

# 7. a tampered board is refused by every participant's tool
head -n 3 "$D/e/board" >"$D/t.board"
sed -n 4p "$D/e/board" | sed 's/\(.\{200\}\)0/\11/;t;s/\(.\{200\}\)./\10/' >>"$D/t.board"
mkdir "$D/t" && cp "$D/t.board" "$D/t/board"
expect_exit 1 "a tool refuses a board that does not verify" "$MANDATE" election tally "$D/t"
contains "$T_DIR/err" "refusing" && ok "and says why" || not_ok "and says why" "$(cat "$T_DIR/err")"

# 8. a breakdown by branch, fixed before voting, and a delegate's weight:
# North has 3 ballots (published at --min-group 2), South 1 (too small
# alone: merged with North's neighbour so no one's vote is revealed)
# shellcheck disable=SC2086
check "election create with groups" "$MANDATE" election create --title "Groups" --question "Strike?" \
  --groups "North;South;East" --min-group 2 --authority "$D/ca/authority.public" $P --out "$D/g"
expect_exit 2 "credentials for a group the election does not have are refused" "$MANDATE" authority credentials \
  --secret "$D/ca/authority.secret" --board "$D/g" --voters 1 --group West --out "$D/ca/cw"
check "North's credentials" "$MANDATE" authority credentials --secret "$D/ca/authority.secret" --board "$D/g" --voters 3 --group North --out "$D/ca/cn"
check "South's delegate, weight 5" "$MANDATE" authority credentials --secret "$D/ca/authority.secret" --board "$D/g" --voters 1 --group South --weight 5 --out "$D/ca/cs"
check "East's credentials" "$MANDATE" authority credentials --secret "$D/ca/authority.secret" --board "$D/g" --voters 2 --group East --out "$D/ca/ce"
gcred(){ awk -v v="voter-000000$2" '$1==v{print $2}' "$D/ca/$1"; }
check "North 1 yes" "$MANDATE" election cast "$D/g" --credential "$(gcred cn 1)" --choose yes
check "North 2 yes" "$MANDATE" election cast "$D/g" --credential "$(gcred cn 2)" --choose yes
check "North 3 no" "$MANDATE" election cast "$D/g" --credential "$(gcred cn 3)" --choose no
check "South's delegate yes" "$MANDATE" election cast "$D/g" --credential "$(gcred cs 4)" --choose yes
check "East 1 no" "$MANDATE" election cast "$D/g" --credential "$(gcred ce 5)" --choose no
check "East 2 no" "$MANDATE" election cast "$D/g" --credential "$(gcred ce 6)" --choose no
check "tally (groups)" "$MANDATE" election tally "$D/g"
check "trustee 2 decrypts (groups)" "$MANDATE" trustee decrypt --secret "$D/t2/trustee-2.secret" --board "$D/g"
check "trustee 3 decrypts (groups)" "$MANDATE" trustee decrypt --secret "$D/t3/trustee-3.secret" --board "$D/g"
check "result (groups)" "$MANDATE" election result "$D/g"
expect_exit 0 "the grouped board verifies" "$MANDATE" verify "$D/g"
y=$(sed -n '2,/^  [A-Z]/s/^  yes  *\([0-9]*\)$/\1/p' "$T_DIR/out" | head -n 1)
[ "$y" = 7 ] && ok "the delegate's yes counts 5: 7 yes in all" || not_ok "the delegate's yes counts 5: 7 yes in all" "$(cat "$T_DIR/out")"
contains "$T_DIR/out" "North (3 ballots)" && ok "North is tallied on its own" || not_ok "North is tallied on its own" "$(cat "$T_DIR/out")"
contains "$T_DIR/out" "merged, too small alone: South, East (3 ballots)" && ok "South is merged, with East, never alone" \
  || not_ok "South is merged, with East, never alone" "$(cat "$T_DIR/out")"

finish
