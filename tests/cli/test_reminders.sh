# test_reminders.sh: credentials and measured reminder waves delivered to a
# real SMTP server on loopback (tests/tools/smtp_sink.py) and parsed back.
# The credential authority mails each voter their code from its OWN
# database (mandate mail-credentials); the server's database never holds a
# secret. Then the union's server sends a reminder wave: it reaches exactly
# the non-voters with an email, less the held-out share (who get nothing),
# carries the voting page's link and no voting code, and the hold-out is
# re-drawn independently from the stored seed (Python's BLAKE2b). A wave is
# sent once however often 'remind send' runs. Last, the turnout difference
# on a hand-made case (56 of 70 reminded against 48 of 80 held out voted:
# Newcombe 1998's example, +20.0 points, 95% CI 5.2 to 33.4), by CLI, JSON
# and the web page, scoped by role. (Votes in the hand-made case are set
# in the database: casting itself is tests/cli/test_ballots.sh's.)
. tests/lib.sh
. tests/lib_mail.sh
. tests/lib_ballot.sh
. bench/login.sh
export MANDATE_REGIMES=$PWD/data/regimes
PY=${MANDATE_PYTHON:-/usr/bin/python3}
D=$T_DIR
DB=$D/union.db
ADB=$D/authority.db
PORT=$((20000 + ($$ + 11) % 20000))
BASE=http://127.0.0.1:$PORT
SINK_PID=""
SERVER=""
trap '[ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null; [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$T_DIR"' EXIT
q(){ sqlite3 "$DB" "$1"; }

for c in "remind" "remind schedule" "remind send" "remind results" "mail-credentials"; do
  expect_exit 0 "mandate $c --help exits 0" "$MANDATE" $c --help
  contains "$T_DIR/out" "usage: mandate" && ok "  ... and shows usage" || not_ok "  ... and shows usage" "$(head -3 "$T_DIR/out")"
done
"$MANDATE" --help | grep -q "remind" && ok "top-level help lists remind" || not_ok "top-level help lists remind"

if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
  not_ok "python3-aiosmtpd is installed" "run: sh scripts/deps.sh test"
  finish; exit
fi


# --- a ballot of the whole demo union, credentials in (as docs/ballots.md)
"$MANDATE" demo --db "$DB" --members 400 >"$D/demo.out" 2>&1 && ok "demo database" || not_ok "demo database" "$(cat "$D/demo.out")"
PASSWORD=$(awk '$2=="officer"{print $3}' "$D/demo.out")
ballot_keys
# shellcheck disable=SC2086
expect_exit 0 "create a ballot of the whole union" "$MANDATE" ballot create R1 --title "Pay offer 2026" \
  --question "Do you accept the offer?" --kind offer --unit NUPW --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 \
  --regime gb-tulrca-2016 --authority "$D/ca/authority.public" $P --db "$DB"
NV=$(q "select voters from ballots where code='R1'")
expect_exit 0 "voters --with-contacts for the authority" "$MANDATE" ballot voters R1 --out "$D/voters.csv" --with-contacts --db "$DB"
ballot_credentials R1 "$DB"

# --- the authority mails the codes from its own database
start_sink "$D/cred-mail"
[ -n "$SINK_PORT" ] && ok "SMTP sink listening" || not_ok "SMTP sink listening" "$(cat "$D/sink.err")"
"$MANDATE" init --db "$ADB" >/dev/null 2>&1 &&
"$MANDATE" mail config --smtp-url "smtp://127.0.0.1:$SINK_PORT" --from scrutineer@ballots.example.org \
  --from-name "Independent Scrutineer" --db "$ADB" >/dev/null 2>&1 && ok "the authority's own database and mail settings" \
  || not_ok "the authority's own database and mail settings"
head -n 20 "$D/voters.csv" >"$D/voters-short.csv"
expect_exit 1 "mail-credentials with a voter list missing voters is refused" "$MANDATE" mail-credentials \
  --credentials "$D/ca/credentials" --voters "$D/voters-short.csv" --link "https://union.example.org/vote/R1" --title "Pay offer 2026" --db "$ADB"
contains "$T_DIR/err" "not in $D/voters-short.csv" && [ "$(sqlite3 "$ADB" 'select count(*) from outbox')" = 0 ] \
  && ok "  ... says so and queues nothing" || not_ok "  ... says so and queues nothing" "$(cat "$T_DIR/err")"
expect_exit 1 "mail-credentials with the map (no secrets) is refused" "$MANDATE" mail-credentials \
  --credentials "$D/map" --voters "$D/voters.csv" --link "https://union.example.org/vote/R1" --title "Pay offer 2026" --db "$ADB"
contains "$T_DIR/err" "$D/map:1:1" && ok "  ... naming FILE:LINE:COL" || not_ok "  ... naming FILE:LINE:COL" "$(cat "$T_DIR/err")"
expect_exit 0 "mail-credentials --channel email queues one email per voter with an address" "$MANDATE" mail-credentials \
  --credentials "$D/ca/credentials" --voters "$D/voters.csv" --link "https://union.example.org/vote/R1" --title "Pay offer 2026" \
  --channel email --db "$ADB"
NMAIL=$("$PY" -c 'import csv, sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], newline="")) if r["email"]))' "$D/voters.csv")
contains "$T_DIR/out" "$NMAIL credential emails and 0 text messages queued" && contains "$T_DIR/out" "were sent nothing" \
  && ok "  ... $NMAIL queued; the others listed" || not_ok "  ... queued count" "$(cat "$T_DIR/out")"
expect_exit 0 "the authority's sender delivers them" "$MANDATE" outbox send --once --batch 1000 --db "$ADB"
[ "$(sqlite3 "$ADB" "select count(*) from outbox where state='sent' and body is null")" = "$NMAIL" ] \
  && ok "  ... all sent, and the bodies (the codes) no longer kept" || not_ok "  ... all sent" "$(sqlite3 "$ADB" 'select state,count(*) from outbox group by 1')"
for s in $(grep -v '^#' "$D/ca/credentials" | awk '{print $2}' | head -n 50); do
  grep -rqs "$s" "$DB" "$DB.ballots" && echo "$s"
done >"$D/leak"
[ ! -s "$D/leak" ] && ok "no secret credential is in the server's database or board" || not_ok "a secret reached the server"

cat >"$D/parse.py" <<'EOF'
# parse.py DIR: every message the sink wrote, as JSON lines {to, subject, body}.
import email, email.policy, json, os, sys
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    if not f.endswith('.eml'): continue
    m = email.message_from_binary_file(open(os.path.join(d, f), 'rb'), policy=email.policy.default)
    print(json.dumps({'to': str(m['x-sink-rcpt-to']), 'subject': str(m['subject']),
                      'message_id': str(m['message-id']), 'body': m.get_body(('plain',)).get_content()}))
EOF
cat >"$D/check_creds.py" <<'EOF'
# check_creds.py MAIL.jsonl VOTERS.csv CREDENTIALS: each voter with an email
# got exactly one message, with their own code and the link, and no other code.
import csv, json, re, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
voters = list(csv.DictReader(open(sys.argv[2], newline='')))
secret = {l.split()[0]: l.split()[1] for l in open(sys.argv[3]) if l.strip() and not l.startswith('#')}
by_to = {}
for m in msgs: by_to.setdefault(m['to'].lower(), []).append(m)
bad = []
want = [v for v in voters if v['email']]
for v in want:
    got = by_to.get(v['email'].lower(), [])
    mine = [m for m in got if secret[v['voter']] in m['body']]
    if len(mine) != 1: bad.append('%s: %d messages with their code' % (v['voter'], len(mine)))
    for m in got:
        if 'https://union.example.org/vote/R1' not in m['body']: bad.append(v['voter'] + ': no link')
        codes = set(re.findall(r'\b[0-9a-f]{64}\b', m['body']))
        if codes - {secret[v['voter']]}: bad.append(v['voter'] + ': another code')
if len(msgs) != len(want): bad.append('%d messages for %d voters with an email' % (len(msgs), len(want)))
print('\n'.join(bad[:5]) if bad else 'ok')
EOF
"$PY" "$D/parse.py" "$D/cred-mail" >"$D/cred.jsonl"
R=$("$PY" "$D/check_creds.py" "$D/cred.jsonl" "$D/voters.csv" "$D/ca/credentials" 2>&1)
[ "$R" = ok ] && ok "parsed back: each voter with an email got one message, with their own code and the link" \
  || not_ok "credentials parsed back" "$R"
stop_sink

# --- a reminder wave from the union's server
start_sink "$D/reminders"
"$MANDATE" mail config --smtp-url "smtp://127.0.0.1:$SINK_PORT" --from ballots@union.example.org --from-name "The Union" --db "$DB" >/dev/null 2>&1
# Thirty members have voted already (recorded as the intake records a cast).
q "update ballot_voters set voted_at='2026-11-21T09:00:00Z', ballots=1 where id in (select id from ballot_voters where ballot_id=(select id from ballots where code='R1') order by voter_no limit 30)"
printf 'Hello {first_name}, your code is {code}: {link}\n' >"$D/bad-template.txt"
expect_exit 1 "a reminder template asking for the voting code is refused" "$MANDATE" remind schedule R1 --at 2026-11-23T12:00 \
  --link-base https://union.example.org --template-file "$D/bad-template.txt" --db "$DB"
contains "$T_DIR/err" "never carries a voting code" && ok "  ... and says why" || not_ok "  ... and says why" "$(cat "$T_DIR/err")"
expect_exit 1 "a wave after the close and a bad link are refused together" "$MANDATE" remind schedule R1 \
  --at 2026-12-02T09:00 --link-base "javascript:alert(1)" --db "$DB"
contains "$T_DIR/err" "while voting is open" && contains "$T_DIR/err" "link-base" && [ "$(q 'select count(*) from reminder_waves')" = 0 ] \
  && ok "  ... every problem named, nothing written" || not_ok "  ... every problem named" "$(cat "$T_DIR/err")"
expect_exit 2 "--holdout 95 is a usage error" "$MANDATE" remind schedule R1 --at 2026-11-23T12:00 --link-base https://union.example.org --holdout 95 --db "$DB"
expect_exit 0 "schedule a wave with a 20% hold-out" "$MANDATE" remind schedule R1 --at 2026-11-23T12:00 --holdout 20 \
  --link-base https://union.example.org --subject "Have you voted on the pay offer?" --db "$DB"
expect_exit 0 "remind send" "$MANDATE" remind send R1 --db "$DB"
ELIG=$(q "select count(*) from ballot_voters v join members m on m.id=v.member_id join ballots b on b.id=v.ballot_id where b.code='R1' and v.voted_at is null and coalesce(m.email,'')<>''")
HELD=$(( (ELIG*20 + 50) / 100 ))
contains "$T_DIR/out" "1 wave sent: $((ELIG-HELD)) messages queued in the outbox, $HELD members held out" \
  && ok "  ... $((ELIG-HELD)) queued, $HELD of $ELIG held out" || not_ok "  ... counts" "$(cat "$T_DIR/out") (eligible $ELIG)"
expect_exit 0 "remind send again" "$MANDATE" remind send --db "$DB"
contains "$T_DIR/out" "0 waves sent" && [ "$(q "select count(*) from outbox where purpose='reminder'")" = $((ELIG-HELD)) ] \
  && ok "  ... sends nothing twice" || not_ok "  ... sends nothing twice" "$(cat "$T_DIR/out")"
expect_exit 0 "the outbox delivers the wave" "$MANDATE" outbox send --once --batch 1000 --db "$DB"
"$PY" "$D/parse.py" "$D/reminders" >"$D/rem.jsonl"
q "select m.email, r.held_out from reminder_recipients r join ballot_voters v on v.id=r.voter_id join members m on m.id=v.member_id" >"$D/groups"
q "select m.email from ballot_voters v join members m on m.id=v.member_id where v.voted_at is not null and coalesce(m.email,'')<>''" >"$D/voted"
q "select seed from reminder_waves where wave_no=1" >"$D/seed"
q "select v.voter_no, r.held_out from reminder_recipients r join ballot_voters v on v.id=r.voter_id" >"$D/draw"
cat >"$D/check_rem.py" <<'EOF'
# check_rem.py: the reminders against the recorded groups, the credentials
# and an independent re-draw of the hold-out from the stored seed.
import hashlib, json, re, sys
D = sys.argv[1]
msgs = [json.loads(l) for l in open(D + '/rem.jsonl')]
groups = dict(l.strip().split('|') for l in open(D + '/groups'))
voted = {l.strip().lower() for l in open(D + '/voted')}
secrets = {l.split()[1] for l in open(D + '/ca/credentials') if l.strip() and not l.startswith('#')}
got = [m['to'].lower() for m in msgs]
bad = []
want = sorted(e.lower() for e, h in groups.items() if h == '0')
if sorted(got) != want: bad.append('recipients differ: %d got, %d wanted' % (len(got), len(want)))
if any(groups.get(e) == '1' for e in got): bad.append('a held-out member got a reminder')
if voted & set(got): bad.append('a member who had voted got a reminder')
for m in msgs:
    if 'https://union.example.org/vote/R1' not in m['body']: bad.append('no link: ' + m['to'])
    if re.search(r'[0-9a-fA-F]{40}', m['body']) or any(s in m['body'] for s in secrets): bad.append('a code in a reminder')
    if m['subject'] != 'Have you voted on the pay offer?': bad.append('subject ' + m['subject'])
# The draw, again: BLAKE2b-64 keyed with the seed over the voter number;
# the smallest keys are held out (reminders.h).
seed = bytes.fromhex(open(D + '/seed').read().strip())
rows = [l.strip().split('|') for l in open(D + '/draw')]
key = lambda no: int.from_bytes(hashlib.blake2b(no.encode(), key=seed, digest_size=8).digest(), 'big')
order = sorted(rows, key=lambda r: (key(r[0]), int(r[0])))
k = sum(r[1] == '1' for r in rows)
if {r[0] for r in order[:k]} != {r[0] for r in rows if r[1] == '1'}: bad.append('the draw does not re-create from the seed')
print('\n'.join(bad[:5]) if bad else 'ok')
EOF
R=$("$PY" "$D/check_rem.py" "$D" 2>&1)
[ "$R" = ok ] && ok "parsed back: the reminded got one each, the held out and the voters nothing, the link and no code; the draw re-created from the seed" \
  || not_ok "reminders parsed back" "$R"

# --- a text-message wave: to mobiles, half held out, queued for the gateway
expect_exit 0 "schedule an SMS wave with a 50% hold-out" "$MANDATE" remind schedule R1 --channel sms --at 2026-11-23T12:00 \
  --holdout 50 --link-base https://union.example.org/ --db "$DB"
SMSELIG=$(q "select count(*) from ballot_voters v join members m on m.id=v.member_id join ballots b on b.id=v.ballot_id where b.code='R1' and v.voted_at is null and coalesce(m.mobile,'')<>''")
"$MANDATE" remind send R1 --db "$DB" >/dev/null 2>&1
[ "$(q "select count(*) from outbox where channel='sms' and purpose='reminder' and body like '%https://union.example.org/vote/R1 %'")" = $((SMSELIG - (SMSELIG*50+50)/100)) ] \
  && [ "$(q "select count(*) from reminder_recipients r join reminder_waves w on w.id=r.wave_id where w.wave_no=2 and r.held_out=1 and r.outbox_id is null")" = $(((SMSELIG*50+50)/100)) ] \
  && ok "the SMS wave: one text per non-voter with a mobile, less the half held out" \
  || not_ok "the SMS wave" "$(q "select count(*) from outbox where channel='sms'") of $SMSELIG"

# --- the hand-made case: 70 reminded, 80 held out, votes at known times
q "insert into reminder_waves(ballot_id,wave_no,channel,subject,template,link_base,send_at,holdout_pct,seed,created_by,created_at,sent_at,reminded,held_out,no_address)
   select id,3,'email','S','{link}','https://union.example.org','2026-11-24T09:00:00Z',50,'00','test','2026-11-24T08:00:00Z','2026-11-24T09:00:00Z',70,80,0 from ballots where code='R1'"
W2=$(q "select id from reminder_waves where wave_no=3")
q "insert into reminder_recipients(wave_id,voter_id,held_out) select $W2, id, case when voter_no<=70 then 0 else 1 end from ballot_voters where voter_no between 1 and 150"
# Reminded: 56 vote within a day, 4 more on the third day. Held out: 48
# within a day; 2 more after a week's end (the 7-day cut, 12-01, is after the
# close, so it is the close: they do not count).
q "update ballot_voters set voted_at=case
     when voter_no<=56 then '2026-11-24T10:00:00Z'
     when voter_no<=60 then '2026-11-26T20:00:00Z'
     when voter_no<=70 then NULL
     when voter_no<=118 then '2026-11-24T20:00:00Z'
     when voter_no<=120 then '2026-11-30T18:00:00Z'
     else NULL end where voter_no<=150"
MANDATE_TODAY=2026-12-05 "$MANDATE" remind results R1 --json --db "$DB" >"$D/res.json" 2>"$D/err"
jq -e '.waves[2] as $w | $w.wave == 3 and ($w.days | length) == 4
  and $w.days[0].reminded.members == 70 and $w.days[0].reminded.voted == 56
  and $w.days[0].held_out.members == 80 and $w.days[0].held_out.voted == 48
  and $w.days[0].difference_points == 20 and $w.days[0].ci95_points == [5.2, 33.4]
  and $w.days[0].sentence == "the reminder raised turnout by 20.0 points (95% CI 5.2 to 33.4)"
  and $w.days[1].reminded.voted == 56 and $w.days[2].reminded.voted == 60
  and $w.days[3].until == "2026-11-30T17:00:00Z" and $w.days[3].held_out.voted == 48
  and ($w.days | all(.pending == false))' "$D/res.json" >/dev/null \
  && ok "the hand-made case: 56/70 against 48/80 is +20.0 points (95% CI 5.2 to 33.4); day 3 counts the later 4; day 7 stops at the close" \
  || not_ok "the hand-made case" "$(jq -c '.waves[2].days' "$D/res.json" 2>&1 | head -c 1500)"
# Day 3 by hand: 60/70 - 48/80 = 0.2571; Newcombe: 0.1151 to 0.3837.
jq -e '.waves[2].days[2].difference_points == 25.7 and .waves[2].days[2].ci95_points == [11.5, 38.4]' "$D/res.json" >/dev/null \
  && ok "day 3: 60/70 against 48/80 is +25.7 points (95% CI 11.5 to 38.4)" || not_ok "day 3" "$(jq -c '.waves[2].days[2]' "$D/res.json")"
MANDATE_TODAY=2026-12-05 "$MANDATE" remind results R1 --db "$DB" >"$D/res.txt" 2>&1
contains "$D/res.txt" "the reminder raised turnout by 20.0 points (95% CI 5.2 to 33.4)" \
  && contains "$D/res.txt" "56 of 70" && ok "results in words" || not_ok "results in words" "$(cat "$D/res.txt")"
"$MANDATE" remind results R1 --db "$DB" >"$D/res-now.txt" 2>&1
contains "$D/res-now.txt" "(so far)" && ok "figures not yet final say 'so far'" || not_ok "so far" "$(head -c 800 "$D/res-now.txt")"

# --- the web page: officer (whole ballot), branch secretary (their units), rep refused
"$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT >"$D/serve.out" 2>"$D/serve.log" &
SERVER=$!
for i in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
OFFICER=$(login "$BASE" officer "$PASSWORD"); SECRETARY=$(login "$BASE" secretary "$PASSWORD"); REP=$(login "$BASE" rep "$PASSWORD")
get(){ curl -s -o "$D/body" -w '%{http_code}' ${2:+-H "Cookie: $2"} "$BASE$1"; }
[ "$(get /ballots/R1/reminders "$OFFICER")" = 200 ] && contains "$D/body" "<svg" && contains "$D/body" "Wave 3" \
  && contains "$D/body" "raised turnout by" && contains "$D/body" "Reading these figures honestly" \
  && ok "the officer's page: each wave, a chart, the sentence, how to read it" || not_ok "the officer's page" "$(head -c 600 "$D/body")"
[ "$(get /api/v1/ballots/R1/reminders "$SECRETARY")" = 200 ] && cp "$D/body" "$D/sec.json"
"$MANDATE" remind results R1 --unit DWP-RDG --json --db "$DB" >"$D/rdg.json" 2>&1
jq -e --slurpfile c "$D/rdg.json" '.scope == "DWP-RDG" and .waves[0].days[0].reminded.members == $c[0].waves[0].days[0].reminded.members
  and .waves[0].days[0].held_out.members == $c[0].waves[0].days[0].held_out.members
  and ([.waves[0].days[0].reminded.members] | .[0]) < '"$((ELIG-HELD))" "$D/sec.json" >/dev/null \
  && ok "the branch secretary sees their branch's figures only (as remind results --unit DWP-RDG)" \
  || not_ok "the branch secretary's scope" "$(head -c 600 "$D/sec.json")"
[ "$(get /ballots/R1 "$OFFICER")" = 200 ] && contains "$D/body" "/ballots/R1/reminders" && ok "the ballot's page links to the reminders' results" || not_ok "the ballot's page links to the reminders"
[ "$(get /ballots/R1/reminders "$REP")" = 403 ] && ok "a rep is refused (403), with a reason" || not_ok "a rep is refused" "$(head -c 300 "$D/body")"
[ "$(get /ballots/R1/reminders)" != 200 ] && ok "no login, no page" || not_ok "no login, no page"
[ "$(get /ballots/NOPE/reminders "$OFFICER")" = 404 ] && ok "an unknown ballot is 404" || not_ok "an unknown ballot is 404"
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=""
stop_sink
finish
