#!/bin/sh
# verify.sh: how fast `mandate verify` checks a board, against a floor and a peer.
#   mandate: `election demo --voters N` with a yes/no question (--answers 1)
#     and a 1-of-5 one (--answers 5), each verified with --threads 1 and 2
#     (wall seconds and peak memory from GNU time);
#   the naive floor: the cheaper library's cost for each group operation
#     (libsodium or libdecaf), measured now by bench/groupops.c, times the
#     operations one ballot's checks need (counted from docs/protocol.md, see
#     floor_ops below); mandate verifies in batches (one multi-scalar
#     multiplication for many proofs), so it beats that floor;
#   the peer: Debian's belenios-tool 2.0 (2048-bit group) on an election with
#     the same answers and PEER_BALLOTS ballots, timing its `election verify`;
#   the headline, measured: a 1,000,000-voter yes/no election (HEADLINE=N to
#     change, 0 to skip) fully verified on 2 threads, vs 60 s, with peak memory.
# VOTERS=N (default 20000), PEER_BALLOTS=N (default 1000; belenios-tool appends
# ballots in quadratic time, keep it at 1,000-2,000), PEER=0 skips the peer.
# Figures only: nothing here passes or fails.
set -e

# --- the peer, one election: sh verify.sh __peer ANSWERS BALLOTS DIR -------
# Run as a child process so that any failure stops it (set -e) and the parent
# reports the peer as failed and carries on. Prints "vote_s append_s verify_s
# verify_peak_kib" on stdout.
if [ "${1:-}" = __peer ]; then
  K=$2; NB=$3; PW=$4
  BT=belenios-tool
  export BELENIOS_USE_URANDOM=1 TERM=dumb
  now(){ date +%s.%N; }
  rm -rf "$PW"; mkdir -p "$PW/choices" "$PW/ballots"; cd "$PW"
  g="--group BELENIOS-2048"
  $BT setup generate-token > uuid
  # one 1-of-K question, no blank: a yes/no ballot is [Yes, No]
  if [ "$K" = 2 ]; then ans='["Yes","No"]'; else
    ans=$(awk -v k="$K" 'BEGIN{for(i=1;i<=k;i++) printf "%s\"Option %d\"", (i>1?",":"["), i; print "]"}'); fi
  printf '{"description":"Benchmark ballot","name":"Benchmark ballot","questions":[{"answers":%s,"blank":false,"min":1,"max":1,"question":"Question"}],"administrator":"Bench","credential_authority":"Bench"}\n' "$ans" > template.json
  for a in $(seq 0 $((K - 1))); do
    awk -v k="$K" -v a="$a" 'BEGIN{printf "[["; for(i=0;i<k;i++) printf "%s%d", (i?",":""), (i==a); print "]]"}' > "choices/$a.json"
  done
  # credential authority, one trustee, the election and its archive
  $BT setup generate-credentials --uuid "$(cat uuid)" $g --count "$NB" > /dev/null
  mv ./*.pubcreds public_creds.json
  if head -c1 ./*.privcreds | grep -q '{'; then       # 2.1+: {"id": "cred"}
    jq -r 'to_entries[] | "\(.key) \(.value)"' ./*.privcreds > creds.txt
  else cp ./*.privcreds creds.txt; fi                 # 2.0: "id cred" lines
  $BT setup generate-trustee-key $g > /dev/null 2>&1
  cat ./*.pubkey > public_keys.jsons
  $BT setup make-trustees
  $BT setup make-election --uuid "$(cat uuid)" $g --template template.json
  $BT archive init
  rm -f election.json trustees.json public_creds.json
  # votes: one generate-ballot process per voter (as on the voters' own
  # machines), all cores; choices weighted 60/40 or 30/25/20/15/10
  t0=$(now)
  awk -v k="$K" 'BEGIN{srand(42)} {r=rand()*100; if(k==2) a=(r<60?0:1);
       else a=(r<30?0:r<55?1:r<75?2:r<90?3:4); print NR, $2, a}' creds.txt |
    xargs -P "$(nproc)" -n 3 sh -c 'printf %s "$1" > "ballots/$0.cred"
      belenios-tool election generate-ballot --privcred "ballots/$0.cred" \
        --ballot "choices/$2.json" > "ballots/$0.json" 2> /dev/null
      rm -f "ballots/$0.cred"'
  t1=$(now)
  # the board: `archive add-event` is the tool's only way in, one call a
  # ballot, each re-reading the archive
  for i in $(seq 1 "$NB"); do
    $BT archive add-event --type=Ballot < "ballots/$i.json" 2> /dev/null
  done
  t2=$(now)
  # full verification of the board with every ballot in; voting is left
  # open (no tally, decryption, result): each of those re-verifies every
  # ballot, tripling the run for a per-ballot figure that does not change
  /usr/bin/time -f '%e %M' -o time.txt $BT election verify 2> verify.log
  grep -q "all checks passed" verify.log || { cat verify.log >&2; exit 1; }
  echo "$(echo "$t1 - $t0" | bc -l) $(echo "$t2 - $t1" | bc -l) $(cat time.txt)"
  exit 0
fi

cd "$(dirname "$0")/.."
M=./build/mandate
N=${VOTERS:-20000}
PB=${PEER_BALLOTS:-1000}
W=bench/tmp/verify
[ -x $M ] || { echo "verify.sh: $M missing: run make first" >&2; exit 1; }
rm -rf "$W"; mkdir -p "$W"

# f FORMAT EXPR: print EXPR (awk arithmetic) with printf FORMAT
f(){ awk "BEGIN{printf \"$1\", $2}"; }
# timed FILE CMD...: run CMD, stdout to FILE; sets WALL (s) and RSS (MiB)
timed(){
  o=$1; shift
  /usr/bin/time -f '%e %M' -o "$W/time" "$@" > "$o"
  WALL=$(cut -d' ' -f1 "$W/time"); RSS=$(f '%.0f' "$(cut -d' ' -f2 "$W/time")/1024")
}

echo "mandate verify bench: $N voters, $(nproc) cores, libsodium $(pkg-config --modversion libsodium 2>/dev/null || echo '?')"

# --- the cost of each group operation, measured now --------------------------
cc -O2 -I/usr/include/decaf -o "$W/groupops" bench/groupops.c build/src/crypto/group.o build/src/crypto/msm.o \
  build/src/crypto/proof.o build/src/crypto/hash.o build/src/crypto/elgamal.o build/src/util/mem.o -lsodium -ldecaf -lm
"$W/groupops" 20000 > "$W/ops"
op(){ awk -v k="$1" '$1==k{print $2}' "$W/ops"; }
VAR=$(op var_mul); BASE=$(op base_mul); ADD=$(op add); DEC=$(op decaf_decode)
echo "group operations, 1 thread, means over 20,000 (us): libsodium (encoded points) / libdecaf (decoded)"
echo "  c·A (variable base) $(op sodium_var_mul) / $(op decaf_var_mul); s·G (fixed base) $(op sodium_base_mul) / $(op decaf_base_mul);" \
     "A+B $(op sodium_add) / $(op decaf_add); decode $(op sodium_decode) / $DEC"
echo "  multi-scalar multiplication, ns a point: $(op msm_ns_point_64) at 64 points, $(op msm_ns_point_1024) at 1,024, $(op msm_ns_point_32768) at 32,768"
echo "  proofs alone, 1 core: yes/no ballot (0/1 proof + signature) one at a time $(op ballot_yesno_single_per_s)/s, batched $(op ballot_yesno_batch_per_s)/s"

# floor_ops A: "fixed variable additions decodes" per ballot of a question
# with A answers, one ballot at a time, as docs/protocol.md 5 and 8.4-8.5
# specify them (the cheaper library's cost for each):
#   0/1 proof (5.1), for v = 0, 1: a_v = s_v·G - c_v·A, b_v = s_v·Y - c_v·(B - v·G)
#     = 2 fixed + 6 variable multiplications, 5 additions; its 4 commitments decoded
#   sum proof [0,1] (5.2, A > 1, blank allowed): the same 2 + 6 + 5 on
#     (ΣA_i, ΣB_i), whose sums cost 2(A-1) additions; 4 commitments decoded
#   signature (5.5): R = s·G - c·C = 1 fixed + 1 variable, 1 addition; R and C decoded
#   the ciphertexts: 2 points an answer decoded; tally: 2 additions an answer
# Hashing, parsing and scalar arithmetic are left out: a floor, not an estimate.
floor_ops(){
  if [ "$1" = 1 ]; then echo "3 7 8 8"
  else echo "$((2 * $1 + 3)) $((6 * $1 + 7)) $((5 * $1 + 2 * ($1 - 1) + 5 + 1 + 2 * $1)) $((6 * $1 + 6))"; fi
}

# --- mandate -------------------------------------------------------------------
for A in 1 5; do
  if [ $A = 1 ]; then name="yes/no"; else name="1-of-$A"; fi
  D="$W/mandate-$A"
  t0=$(date +%s.%N)
  $M election demo --voters "$N" --answers $A --out "$D" --seed 1 > "$W/demo.out"
  gen=$(f '%.1f' "$(date +%s.%N) - $t0")
  B=$(awk '/ballots cast/{for(i=1;i<=NF;i++) if($i=="ballots") print $(i-1)}' "$W/demo.out")
  # shellcheck disable=SC2046  # three numbers, split on purpose
  set -- $(floor_ops $A)
  us=$(f '%.1f' "$1*$BASE + $2*$VAR + $3*$ADD + $4*$DEC")
  floor=$(f '%.0f' "1e6/$us")
  echo "$name (--answers $A): $B ballots on the board of $N voters (demo took $gen s)"
  echo "  naive floor (one ballot at a time): $1 s·G + $2 c·A + $3 A+B + $4 decodes = $us us a ballot: $floor ballots/s/core"
  timed "$W/v1.out" $M verify "$D" --threads 1
  w1=$WALL; r1=$(f '%.0f' "$B/$WALL")
  echo "  verify --threads 1 (batched): $WALL s, $r1 ballots/s/core, peak $RSS MiB (achieved/naive floor: $(f '%.2f' "$r1/$floor")x)"
  timed "$W/v2.out" $M verify "$D" --threads 2
  r2=$(f '%.0f' "$B/$WALL")
  echo "  verify --threads 2: $WALL s, $r2 ballots/s overall, $(f '%.0f' "$r2/2")/core, peak $RSS MiB (speed-up $(f '%.2f' "$w1/$WALL")x)"
  if [ $A = 1 ]; then OURS_US_1=$(f '%.1f' "1e6*$w1/$B"); else OURS_US_5=$(f '%.1f' "1e6*$w1/$B"); fi
  if [ $A = 1 ]; then YN_RATE=$r2; YN_RSS=$RSS; YN_PER_VOTER=$(f '%.4f' "$B/$N"); fi
  rm -rf "$D"
done

# --- the peer --------------------------------------------------------------
if [ "${PEER:-1}" = 0 ]; then
  echo "peer: skipped (PEER=0)"
elif ! command -v belenios-tool > /dev/null || ! command -v jq > /dev/null; then
  echo "peer: skipped: belenios-tool or jq not installed (sh scripts/deps.sh bench installs them from Debian; it needs a package mirror)"
else
  echo "peer: belenios-tool $(belenios-tool --version), group BELENIOS-2048, 1 trustee, $PB ballots, verify on one core"
  for A in 1 5; do
    if [ $A = 1 ]; then K=2; name="yes/no"; else K=$A; name="1-of-$A"; fi
    if out=$(sh bench/verify.sh __peer $K "$PB" "$PWD/$W/peer-$K" 2> "$W/peer-$K.err"); then
      set -- $out
      pus=$(f '%.1f' "1e6*$3/$PB")
      if [ $A = 1 ]; then ours=$OURS_US_1; else ours=$OURS_US_5; fi
      echo "  $name (1 of $K answers, no blank): election verify $3 s, peak $(f '%.0f' "$4/1024") MiB (making it: ballots $(f '%.0f' "$1") s, appending $(f '%.0f' "$2") s)"
      echo "    per ballot, 1 core: belenios-tool $(f '%.0f' "$pus") us, mandate $ours us: mandate $(f '%.1f' "$pus/$ours")x faster (target 50x)"
    else
      echo "  $name: peer failed, skipped: $(tail -n 1 "$W/peer-$K.err")"
    fi
    rm -rf "$W/peer-$K"
  done
fi

# --- the headline: a 1,000,000-voter yes/no election, measured ------------------
H=${HEADLINE:-1000000}
if [ "$H" = 0 ]; then
  echo "headline: skipped (HEADLINE=0); at $N voters: $YN_RATE ballots/s on 2 threads"
else
  D="$W/headline"
  t0=$(date +%s.%N)
  $M election demo --voters "$H" --answers 1 --out "$D" --seed 3 > "$W/demo.out"
  gen=$(f '%.0f' "$(date +%s.%N) - $t0")
  B=$(awk '/ballots cast/{for(i=1;i<=NF;i++) if($i=="ballots") print $(i-1)}' "$W/demo.out")
  timed "$W/vh.out" $M verify "$D" --threads 2
  echo "headline: a $H-voter yes/no election ($B ballots with revotes, board $(du -m "$D/board" | cut -f1) MB; making it took $gen s)"
  echo "  fully verified (chain, every signature and proof, tally, decryption, result) in $WALL s on 2 threads," \
       "peak memory $RSS MiB (target 60 s: $(f '%.2f' "$WALL/60") of it)"
  rm -rf "$D"
fi
rm -rf "$W"; rmdir bench/tmp 2>/dev/null || true
