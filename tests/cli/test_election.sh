# test_election.sh: `mandate election demo` and `mandate verify` as an
# auditor uses them: honest boards verify and print the result; a board
# tampered with by hand (sed, awk, head) fails, naming the line and item;
# the participants' secrets are kept apart from the public board, mode 0600.
. tests/lib.sh
E=$T_DIR/e1
F=$T_DIR/e5

for c in "election demo" verify; do
  # shellcheck disable=SC2086  # $c is two words on purpose
  expect_exit 0 "mandate $c --help exits 0" "$MANDATE" $c --help
  contains "$T_DIR/out" "usage: mandate" && ok "mandate $c --help shows usage" || not_ok "mandate $c --help shows usage"
done
expect_exit 2 "election demo without --out is a usage error" "$MANDATE" election demo --voters 3 --answers 1
expect_exit 2 "a bad --voters is a usage error" "$MANDATE" election demo --voters 0 --answers 1 --out "$E"
expect_exit 2 "verify without a board is a usage error" "$MANDATE" verify

# a yes/no election with three trustees
expect_exit 0 "demo: yes/no, 3 trustees" "$MANDATE" election demo --voters 40 --answers 1 --trustees 3 --out "$E" --seed 5
contains "$T_DIR/out" "result: yes" && ok "demo prints its result" || not_ok "demo prints its result" "$(cat "$T_DIR/out")"
expect_exit 1 "demo refuses to overwrite a board" "$MANDATE" election demo --voters 3 --answers 1 --out "$E"
expect_exit 0 "verify an honest yes/no board" "$MANDATE" verify "$E"
contains "$T_DIR/out" "question 1: Are you prepared" && ok "verify prints the question" || not_ok "verify prints the question" "$(cat "$T_DIR/out")"
yes_demo=$("$MANDATE" election demo --voters 40 --answers 1 --trustees 3 --out "$T_DIR/e1b" --seed 5 | sed -n 's/.*result: yes \([0-9]*\),.*/\1/p')
yes_verify=$(sed -n 's/^  yes  *\([0-9]*\)$/\1/p' "$T_DIR/out")
[ -n "$yes_verify" ] && [ "$yes_demo" = "$yes_verify" ] && ok "verify's yes count is the demo's (same seed)" \
  || not_ok "verify's yes count is the demo's (same seed)" "demo $yes_demo, verify $yes_verify"
contains "$T_DIR/out" "3 partial decryptions" && ok "verify checked 3 partial decryptions" || not_ok "verify checked 3 partial decryptions"
expect_exit 0 "verify a board given as a file" "$MANDATE" verify "$E/board" --threads 1

# secrets apart from the board, for their owners' eyes only
[ "$(stat -c %a "$E/secret")" = 700 ] && ok "secret/ is mode 0700" || not_ok "secret/ is mode 0700" "$(stat -c %a "$E/secret")"
for f in authority.key trustee-1.key trustee-2.key trustee-3.key credentials; do
  [ "$(stat -c %a "$E/secret/$f")" = 600 ] && ok "secret/$f is mode 0600" || not_ok "secret/$f is mode 0600" "$(stat -c %a "$E/secret/$f" 2>&1)"
done
[ "$(stat -c %a "$E/board")" = 644 ] && ok "the board is public (0644)" || not_ok "the board is public (0644)"
if grep -q "$(sed -n 's/^secret //p' "$E/secret/trustee-1.key")" "$E/board"; then
  not_ok "no trustee secret on the board"
else ok "no trustee secret on the board"; fi
[ "$(grep -c '^voter-' "$E/secret/credentials")" = 40 ] && ok "one credential per voter" || not_ok "one credential per voter"

# a voter finds their tracker on the board, counted
tracker=$(awk '$1=="voter-0000002"{print $4}' "$E/secret/credentials")
expect_exit 0 "verify --trackers" "$MANDATE" verify "$E" --trackers
if [ "$tracker" = - ] || grep -q " $tracker counted$" "$T_DIR/out"; then ok "voter 2's tracker is on the board, counted"
else not_ok "voter 2's tracker is on the board, counted" "$tracker"; fi
[ "$(grep -c ' replaced$' "$T_DIR/out")" -gt 0 ] && ok "some ballots were replaced by a revote" || not_ok "some ballots were replaced by a revote"

# tampering, by hand
B=$E/board
nb=$(grep -n '^ballot ' "$B" | sed -n 3p | cut -d: -f1)
# flip one hex digit of the third ballot's first ciphertext (column 150)
awk -v n="$nb" 'NR==n{c=substr($0,150,1); r=(c=="0")?"1":"0"; $0=substr($0,1,149) r substr($0,151)}1' "$B" >"$T_DIR/t1"
expect_exit 1 "a flipped ciphertext digit fails" "$MANDATE" verify "$T_DIR/t1"
contains "$T_DIR/err" "line $nb (ballot)" && ok "the altered ballot is named" || not_ok "the altered ballot is named" "$(cat "$T_DIR/err")"
# flip a digit of its 0/1 proof (column 300)
awk -v n="$nb" 'NR==n{c=substr($0,300,1); r=(c=="0")?"1":"0"; $0=substr($0,1,299) r substr($0,301)}1' "$B" >"$T_DIR/t2"
expect_exit 1 "a flipped proof digit fails" "$MANDATE" verify "$T_DIR/t2"
contains "$T_DIR/err" "line $nb (ballot)" && ok "the ballot with the altered proof is named" || not_ok "the ballot with the altered proof is named" "$(cat "$T_DIR/err")"
# a ballot line duplicated
sed "${nb}p" "$B" >"$T_DIR/t3"
expect_exit 1 "a duplicated ballot line fails" "$MANDATE" verify "$T_DIR/t3"
contains "$T_DIR/err" "line $((nb+1)) (ballot)" && ok "the duplicate is named" || not_ok "the duplicate is named" "$(cat "$T_DIR/err")"
# two ballot lines swapped
sed -n "$((nb+1))p" "$B" >"$T_DIR/next"
sed -e "$((nb+1))d" -e "$((nb-1))r $T_DIR/next" "$B" >"$T_DIR/t4"
expect_exit 1 "reordered ballots fail" "$MANDATE" verify "$T_DIR/t4"
contains "$T_DIR/err" "line $nb (ballot)" && ok "the first moved line is named" || not_ok "the first moved line is named" "$(cat "$T_DIR/err")"
# truncated: the result removed; cut mid-line
sed '$d' "$B" >"$T_DIR/t5"
expect_exit 1 "a board without its result fails" "$MANDATE" verify "$T_DIR/t5"
contains "$T_DIR/err" "without a result" && ok "truncation is reported" || not_ok "truncation is reported" "$(cat "$T_DIR/err")"
head -c -20 "$B" >"$T_DIR/t6"
expect_exit 1 "a board cut mid-line fails" "$MANDATE" verify "$T_DIR/t6"
# a partial decryption altered (first digit of trustee 2's first share)
np=$(grep -n '^partial_decryption ' "$B" | sed -n 2p | cut -d: -f1)
awk -v n="$np" 'NR==n{c=substr($0,110,1); r=(c=="0")?"1":"0"; $0=substr($0,1,109) r substr($0,111)}1' "$B" >"$T_DIR/t7"
expect_exit 1 "an altered partial decryption fails" "$MANDATE" verify "$T_DIR/t7"
contains "$T_DIR/err" "line $np (partial_decryption)" && ok "the partial decryption is named" || not_ok "the partial decryption is named" "$(cat "$T_DIR/err")"
# the result changed: the yes count's lowest digit (column 121)
nr=$(wc -l <"$B")
awk -v n="$nr" 'NR==n{c=substr($0,121,1); r=(c=="0")?"1":"0"; $0=substr($0,1,120) r substr($0,122)}1' "$B" >"$T_DIR/t8"
expect_exit 1 "a changed result fails" "$MANDATE" verify "$T_DIR/t8"
contains "$T_DIR/err" "line $nr (result)" && ok "the result is named" || not_ok "the result is named" "$(cat "$T_DIR/err")"
contains "$T_DIR/err" "does not match the decrypted tally" && ok "the result mismatch is explained" || not_ok "the result mismatch is explained" "$(cat "$T_DIR/err")"
# garbage
head -c 3000 /dev/urandom >"$T_DIR/t9"
expect_exit 1 "garbage fails cleanly" "$MANDATE" verify "$T_DIR/t9"
contains "$T_DIR/err" "line 1" && ok "garbage is named at line 1" || not_ok "garbage is named at line 1" "$(cat "$T_DIR/err")"
expect_exit 1 "a missing board is a user error" "$MANDATE" verify "$T_DIR/nope"

# a 1-of-5 election, one trustee
expect_exit 0 "demo: 1-of-5, 1 trustee" "$MANDATE" election demo --voters 30 --answers 5 --out "$F"
expect_exit 0 "verify an honest 1-of-5 board" "$MANDATE" verify "$F"
contains "$T_DIR/out" "Option 5" && contains "$T_DIR/out" "(blank)" && ok "1-of-5 result has every option and blank" || not_ok "1-of-5 result has every option and blank" "$(cat "$T_DIR/out")"

finish
