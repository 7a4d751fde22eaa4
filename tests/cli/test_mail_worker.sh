# test_mail_worker.sh: `mandate serve` sends its own mail (src/domain/dispatch.c,
# src/cli/cmd_serve.c), with a real SMTP server on loopback
# (tests/tools/smtp_sink.py). An officer schedules a reminder wave through the
# web form (login, CSRF token) for a time already due; the server's own sender
# thread queues and sends it and the reminders reach the sink without anyone
# running `outbox send`. A bad form comes back 400 naming every problem; a
# branch secretary's POST is 403. A ballot cast over HTTP brings its member a
# tracker email whose tracker is the one the cast returned, and never the vote,
# queued by the sender, off the cast's path. With --no-send nothing is queued
# or sent; the next sender queues what waited. kill -9 of the server in the middle
# of sending, then a restart: every queued message arrives, none lost, and a
# duplicate carries the first one's Message-ID. Without a mail configuration,
# due waves are still queued and the server says once that mail is not
# configured. The server's log gives counts only, never an address.
. tests/lib.sh
. tests/lib_mail.sh
. tests/lib_ballot.sh
. bench/login.sh
export MANDATE_REGIMES=$PWD/data/regimes
PY=${MANDATE_PYTHON:-/usr/bin/python3}
D=$T_DIR
DB=$D/union.db
PORT=$((20000 + ($$ + 23) % 20000))
BASE=http://127.0.0.1:$PORT
SINK_PID=""
SERVER=""
trap '[ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null; [ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null; rm -rf "$T_DIR"' EXIT
q(){ sqlite3 "$DB" "$1"; }

expect_exit 0 "mandate serve --help exits 0" "$MANDATE" serve --help
contains "$T_DIR/out" "--no-send" && contains "$T_DIR/out" "outbox" && ok "  ... and tells that it sends mail, and --no-send" \
  || not_ok "  ... and tells that it sends mail" "$(cat "$T_DIR/out")"

if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
  not_ok "python3-aiosmtpd is installed" "run: sh scripts/deps.sh test"
  finish; exit
fi

# start_server [ARGS]: serve on PORT, its stderr appended to serve.log.
start_server(){
  "$MANDATE" serve --db "$DB" --listen 127.0.0.1:$PORT "$@" >"$D/serve.out" 2>>"$D/serve.log" &
  SERVER=$!
  for i in $(seq 1 200); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
}
# stop_server: SIGTERM, and its exit status in STOPPED.
stop_server(){ kill -TERM "$SERVER"; wait "$SERVER"; STOPPED=$?; SERVER=""; }
# wait_for SQL VALUE: poll the database (up to 60 s) until SQL gives VALUE.
wait_for(){
  i=0; while [ "$(q "$1")" != "$2" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
  [ "$(q "$1")" = "$2" ]
}
# wait_files DIR N: poll until the sink has written at least N messages to DIR.
wait_files(){
  i=0; while [ "$(ls "$1" 2>/dev/null | grep -c '\.eml$')" -lt "$2" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
  [ "$(ls "$1" 2>/dev/null | grep -c '\.eml$')" -ge "$2" ]
}

# parsed DIR: every message the sink wrote to DIR, decoded, as JSON lines
# {to, subject, message_id, body} (quoted-printable undone).
cat >"$D/parse.py" <<'EOF'
import email, email.policy, json, os, sys
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    if not f.endswith('.eml'): continue
    m = email.message_from_binary_file(open(os.path.join(d, f), 'rb'), policy=email.policy.default)
    print(json.dumps({'to': str(m['x-sink-rcpt-to']), 'subject': str(m['subject']),
                      'message_id': str(m['message-id']), 'body': m.get_body(('plain',)).get_content()}))
EOF
parsed(){ "$PY" "$D/parse.py" "$1"; }

# --- a ballot of the whole demo union, credentials in (as test_reminders.sh)
"$MANDATE" demo --db "$DB" --members 300 >"$D/demo.out" 2>&1 && ok "demo database" || not_ok "demo database" "$(cat "$D/demo.out")"
PASSWORD=$(awk '$2=="officer"{print $3}' "$D/demo.out")
ballot_keys
# shellcheck disable=SC2086
expect_exit 0 "create a ballot of the whole union" "$MANDATE" ballot create R1 --title "Pay offer 2026" \
  --question "Do you accept the offer?" --kind offer --unit NUPW --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 \
  --regime gb-tulrca-2016 --authority "$D/ca/authority.public" $P --db "$DB"
NV=$(q "select voters from ballots where code='R1'")
ballot_credentials R1 "$DB"
# secret_of N: voter N's secret credential (the member's own device has it)
secret_of(){ grep -v '^#' "$D/ca/credentials" | awk -v n="$1" '{split($1, a, "-"); if( a[2]+0==n ) print $2}'; }
# a voter whose member has an email, and another
V1=$(q "select v.voter_no from ballot_voters v join members m on m.id=v.member_id where m.email<>'' order by v.voter_no limit 1")
V2=$(q "select v.voter_no from ballot_voters v join members m on m.id=v.member_id where m.email<>'' order by v.voter_no limit 1 offset 1")
V3=$(q "select v.voter_no from ballot_voters v join members m on m.id=v.member_id where m.email<>'' order by v.voter_no limit 1 offset 2")
V4=$(q "select v.voter_no from ballot_voters v join members m on m.id=v.member_id where m.email<>'' order by v.voter_no limit 1 offset 3")
E1=$(q "select m.email from ballot_voters v join members m on m.id=v.member_id where v.voter_no=$V1")
: >"$D/make.err"
for i in 1 2 3 4; do
  eval "v=\$V$i"
  "$MANDATE" ballot make R1 --credential "$(secret_of "$v")" --choose yes --db "$DB" >"$D/b$i.hex" 2>>"$D/make.err"
done
[ "$(cat "$D"/b[1-4].hex | wc -l)" = 4 ] && ok "four ballots made on members' devices" || not_ok "four ballots made" "$(cat "$D/make.err")"

# --- the link base: the union's public address
expect_exit 1 "mail config --link-base over plain http to another host is refused" "$MANDATE" mail config \
  --link-base http://union.example.org --db "$DB"
contains "$T_DIR/err" "https://" && ok "  ... saying https://" || not_ok "  ... saying https://" "$(cat "$T_DIR/err")"
start_sink "$D/mail"
[ -n "$SINK_PORT" ] && ok "SMTP sink listening" || not_ok "SMTP sink listening" "$(cat "$D/sink.err")"
expect_exit 0 "mail config with the SMTP sink and --link-base" "$MANDATE" mail config --smtp-url "smtp://127.0.0.1:$SINK_PORT" \
  --from ballots@union.example.org --link-base https://union.example.org --db "$DB"
contains "$T_DIR/out" "link_base      https://union.example.org" && ok "  ... shown in its output" || not_ok "  ... shown" "$(cat "$T_DIR/out")"
"$MANDATE" mail config --json --db "$DB" | jq -e '.link_base=="https://union.example.org"' >/dev/null \
  && ok "  ... and in its JSON" || not_ok "  ... and in its JSON"

# --- the server, sending
start_server
curl -sf "$BASE/healthz" >/dev/null && ok "server up" || not_ok "server up" "$(cat "$D/serve.log")"
OFFICER=$(login "$BASE" officer "$PASSWORD"); SECRETARY=$(login "$BASE" secretary "$PASSWORD")
get(){ curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $2" "$BASE$1"; }
st=$(get /ballots/R1/reminders "$OFFICER")
CSRF=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$D/body" | head -n 1)
[ "$st" = 200 ] && contains "$D/body" 'action="/ballots/R1/reminders"' && [ -n "$CSRF" ] && contains "$D/body" "{link}" \
  && contains "$D/body" 'value="https://union.example.org"' && contains "$D/body" "UTC" \
  && ok "an officer gets the form: default message with {link}, the link base from mail.link_base, times in UTC" \
  || not_ok "an officer gets the form" "$st $(head -c 600 "$D/body")"
contains "$D/body" "This server sends email" && ok "  ... and is told the server is sending mail" \
  || not_ok "  ... and is told the server is sending mail" "$(grep -o '<p[^>]*id="mail-status".*' "$D/body")"
st=$(get /ballots/R1/reminders "$SECRETARY")
[ "$st" = 200 ] && ! contains "$D/body" 'name="send_at"' && ok "a branch secretary sees the results but not the form" \
  || not_ok "a branch secretary sees no form" "$st"
SCSRF=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$D/body" | head -n 1)
[ -z "$SCSRF" ] && SCSRF=$(curl -s -H "Cookie: $SECRETARY" "$BASE/ballots/R1/not-voted" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
post_wave(){  # post_wave COOKIE CSRF HOLDOUT MESSAGE: status; the page in $D/body
  curl -s -o "$D/body" -w '%{http_code}' -H "Cookie: $1" --data-urlencode "csrf=$2" --data "channel=email" \
    --data-urlencode "send_at=2026-11-23T12:00" --data "holdout=$3" --data-urlencode "subject=Have you voted?" \
    --data-urlencode "message=$4" --data-urlencode "link_base=https://union.example.org" "$BASE/ballots/R1/reminders"
}
st=$(post_wave "$SECRETARY" "$SCSRF" 10 "Vote: {link}")
[ "$st" = 403 ] && [ "$(q 'select count(*) from reminder_waves')" = 0 ] && ok "a branch secretary's POST is 403, nothing scheduled" \
  || not_ok "a branch secretary's POST is 403" "$st"
st=$(post_wave "$OFFICER" "" 10 "Vote: {link}")
[ "$st" = 403 ] && ok "a POST without the CSRF token is 403" || not_ok "a POST without the CSRF token is 403" "$st"
st=$(post_wave "$OFFICER" "$CSRF" 95 "Please vote, {first_name}.")
[ "$st" = 400 ] && contains "$D/body" "must hold {link}" && contains "$D/body" "0 to 90 per cent" \
  && contains "$D/body" 'name="send_at"' && contains "$D/body" "Please vote, {first_name}." \
  && [ "$(q 'select count(*) from reminder_waves')" = 0 ] \
  && ok "no {link} and a 95% hold-out: 400, the form again with both reasons and what was typed; nothing scheduled" \
  || not_ok "a bad form is a 400 naming the problems" "$st $(grep -A4 'form-errors' "$D/body")"
curl -s -D "$D/headers" -o "$D/body" -H "Cookie: $OFFICER" --data-urlencode "csrf=$CSRF" --data "channel=email" \
  --data-urlencode "send_at=2026-11-23T12:00" --data "holdout=10" --data-urlencode "subject=Have you voted?" \
  --data-urlencode "message=Dear {first_name}, voting in {title} closes {closes}: {link}" \
  --data-urlencode "link_base=https://union.example.org" "$BASE/ballots/R1/reminders"
head -n 1 "$D/headers" | grep -q " 303" && grep -qi "^Location: /ballots/R1/reminders" "$D/headers" \
  && [ "$(q "select count(*) from reminder_waves where created_by='officer' and send_at='2026-11-23T12:00:00Z'")" = 1 ] \
  && ok "an officer schedules a wave due now: 303 back to the page" || not_ok "an officer schedules a wave" "$(cat "$D/headers")"
st=$(get /ballots/R1/reminders "$OFFICER")
[ "$st" = 200 ] && { contains "$D/body" "Wave 1: email, sent" || contains "$D/body" 'id="scheduled"'; } \
  && ok "  ... the page lists it" || not_ok "  ... the page lists it" "$st"

# the server's own thread queues the wave and sends it: no `outbox send`
wait_for "select sent_at is not null from reminder_waves where wave_no=1" 1 && ok "the server sends the due wave itself" \
  || not_ok "the server sends the due wave itself" "$(tail -5 "$D/serve.log")"
NREM=$(q "select reminded from reminder_waves where wave_no=1")
wait_for "select count(*) from outbox where purpose='reminder' and state='sent'" "$NREM" && wait_files "$D/mail" "$NREM" \
  && [ "$(parsed "$D/mail" | jq -s '[.[] | select(.subject=="Have you voted?")] | length')" = "$NREM" ] \
  && ok "  ... all $NREM reminders reach the SMTP sink, by the server's sender thread" \
  || not_ok "  ... the reminders reach the sink" "$(q "select state, count(*) from outbox group by 1") $(tail -5 "$D/serve.log")"
[ "$(parsed "$D/mail" | jq -s '[.[] | select(.subject=="Have you voted?" and (.body | contains("https://union.example.org/vote/R1")))] | length')" = "$NREM" ] \
  && ok "  ... each with the voting page's link" \
  || not_ok "  ... each with the voting page's link"

# --- the tracker by email
cast(){  # cast FILE: status to stdout, body to $D/resp
  curl -s -o "$D/resp" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$1" "$BASE/api/v1/ballots/R1/cast"
}
st=$(cast "$D/b1.hex")
T1=$(jq -r .tracker "$D/resp")
[ "$st" = 201 ] && [ ${#T1} = 16 ] && ok "a ballot is cast over HTTP: 201 with its tracker" || not_ok "a ballot is cast" "$st $(cat "$D/resp")"
wait_for "select count(*) from outbox where purpose='tracker' and state='sent'" 1 \
  && ok "its tracker email is queued by the server's sender and sent" || not_ok "its tracker email is sent" "$(q "select purpose, state, count(*) from outbox group by 1,2")"
parsed "$D/mail" | jq -c 'select(.subject=="Your vote in \"Pay offer 2026\" was received")' >"$D/tracker.jsonl"
if [ "$(wc -l <"$D/tracker.jsonl")" = 1 ]; then
  jq -e --arg to "$E1" --arg t "$T1" '.to==$to and (.body | contains("    " + $t + "\n"))' "$D/tracker.jsonl" >/dev/null \
    && ok "  ... one email, to the member, with the tracker the cast returned" \
    || not_ok "  ... to the member, with the tracker the cast returned" "$(head -c 1500 "$D/tracker.jsonl")"
  jq -e '.body | contains("only your last") and contains("https://union.example.org/vote/R1")' "$D/tracker.jsonl" >/dev/null \
    && ok "  ... with the re-vote rule and the link" || not_ok "  ... with the re-vote rule and the link" "$(head -c 1500 "$D/tracker.jsonl")"
  jq -e '.body | test("\\byes\\b|Do you accept"; "i") | not' "$D/tracker.jsonl" >/dev/null \
    && ok "  ... and nothing of the vote" || not_ok "  ... and nothing of the vote"
else
  not_ok "  ... one tracker email at the sink" "$(wc -l <"$D/tracker.jsonl") found"
fi
[ "$(q "select count(*) from ballot_received")" = 1 ] && ok "the ballot is recorded" || not_ok "the ballot is recorded"
grep -q "@" "$D/serve.log" && not_ok "the server's log holds no address" "$(grep '@' "$D/serve.log" | head -3)" \
  || ok "the server's log holds no address (counts only)"
stop_server
[ "$STOPPED" = 0 ] && grep -q "SIGTERM received" "$D/serve.log" && ok "SIGTERM stops the server and its sender cleanly (exit 0)" \
  || not_ok "SIGTERM stops the server cleanly" "exit $STOPPED"

# --- --no-send: nothing is queued or sent by the server
NFILES=$(ls "$D/mail" | grep -c '\.eml$')
start_server --no-send
grep -q "no-send" "$D/serve.log" && ok "serve --no-send says it sends nothing" || not_ok "serve --no-send says so" "$(tail -3 "$D/serve.log")"
st=$(cast "$D/b2.hex")
[ "$st" = 201 ] && ok "a ballot cast under --no-send" || not_ok "a ballot cast under --no-send" "$st $(cat "$D/resp")"
# tracker emails are queued by the sender, not on the cast's path: a member
# whose address the outbox refuses still casts (201), and under --no-send
# nothing is queued yet; the next sender queues them (checked below)
q "update members set email='not an address' where id=(select member_id from ballot_voters where voter_no=$V3)"
st=$(cast "$D/b3.hex")
[ "$st" = 201 ] && [ "$(q "select count(*) from ballot_received r join ballot_voters v on v.id=r.voter_id where v.voter_no=$V3")" = 1 ] \
  && ok "a member whose address the outbox refuses: the ballot is cast and recorded" \
  || not_ok "a refused address costs no ballot" "$st $(cat "$D/resp")"
st=$(cast "$D/b4.hex")
[ "$st" = 201 ] && ok "another ballot under --no-send" || not_ok "another ballot under --no-send" "$st"
expect_exit 0 "a second wave due now (CLI), 90% held out" "$MANDATE" remind schedule R1 --at 2026-11-23T12:00 --holdout 90 \
  --link-base https://union.example.org --subject "Last call" --db "$DB"
sleep 5    # longer than the sender's tick: it would have sent by now
[ "$(q "select count(*) from reminder_waves where wave_no=2 and sent_at is null")" = 1 ] \
  && [ "$(q "select count(*) from outbox where purpose='tracker'")" = 1 ] \
  && [ "$(ls "$D/mail" | grep -c '\.eml$')" = "$NFILES" ] \
  && ok "with --no-send the wave stays due, no tracker email is queued, and nothing reaches the sink" \
  || not_ok "with --no-send nothing is sent" "$(q "select purpose, state, count(*) from outbox group by 1,2")"
stop_server

# --- kill -9 in the middle of sending, and a restart: nothing lost
stop_sink
start_sink "$D/mail2" --delay 0.1
"$MANDATE" mail config --smtp-url "smtp://127.0.0.1:$SINK_PORT" --db "$DB" >/dev/null
start_server
wait_for "select sent_at is not null from reminder_waves where wave_no=2" 1
wait_for "select count(*) from outbox where purpose='tracker'" 3 \
  && [ "$(q "select count(*) from outbox where purpose='tracker' and member_id=(select member_id from ballot_voters where voter_no=$V3)")" = 0 ] \
  && ok "the next sender queues the tracker emails of the ballots cast meanwhile, once each; none to a refused address" \
  || not_ok "the sender queues the waiting tracker emails" "$(q "select purpose, state, count(*) from outbox group by 1,2")"
NQ=$(q "select count(*) from outbox where state in ('queued','sending')")
wait_files "$D/mail2" 2
kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=""
LEFT=$(q "select count(*) from outbox where state in ('queued','sending')")
[ "$NQ" -ge 3 ] && [ "$LEFT" -ge 1 ] && ok "kill -9 while sending: $LEFT of $NQ messages not yet recorded as sent" \
  || not_ok "kill -9 while sending" "queued $NQ, left $LEFT"
start_server
wait_for "select count(*) from outbox where state<>'sent'" 0 && ok "after a restart the server sends the rest" \
  || not_ok "after a restart the server sends the rest" "$(q "select state, count(*) from outbox group by 1")"
grep -q "left in 'sending'" "$D/serve.log" && ok "  ... saying it sent again what the killed sender had in hand" \
  || ok "  ... (the kill fell between two messages: nothing was in hand)"
# every message of the outbox reached the sink; a repeat has the first one's Message-ID
q "select message_id from outbox where id in (select id from outbox where purpose in ('tracker','reminder'))" | sort >"$D/ids-outbox"
grep -hi '^Message-ID:' "$D"/mail/*.eml "$D"/mail2/*.eml | sed 's/^[^<]*<\([^>]*\)>.*/\1/' | tr -d '\r' | sort >"$D/ids-sink"
sort -u "$D/ids-sink" >"$D/ids-sink-u"
cmp -s "$D/ids-outbox" "$D/ids-sink-u" && ok "every queued message arrived: the sink's Message-IDs are the outbox's, none lost" \
  || not_ok "every queued message arrived" "$(diff "$D/ids-outbox" "$D/ids-sink-u" | head -5)"
NDUP=$(( $(wc -l <"$D/ids-sink") - $(wc -l <"$D/ids-sink-u") ))
ok "  ... $NDUP duplicate(s), each with the Message-ID of the first"
stop_server

# --- no mail configured: waves still queued, said once
expect_exit 0 "unset the SMTP server" "$MANDATE" mail config --unset smtp_url --db "$DB"
mv "$D/serve.log" "$D/serve-1.log"
start_server
expect_exit 0 "a third wave due now" "$MANDATE" remind schedule R1 --at 2026-11-23T12:00 --holdout 50 \
  --link-base https://union.example.org --subject "Third" --db "$DB"
wait_for "select sent_at is not null from reminder_waves where wave_no=3" 1 \
  && [ "$(q "select count(*) from outbox where subject='Third' and state='queued'")" = "$(q "select reminded from reminder_waves where wave_no=3")" ] \
  && ok "without mail the server still queues the due wave; it waits in the outbox" \
  || not_ok "without mail the due wave is queued" "$(q "select state, count(*) from outbox where subject='Third' group by 1")"
st=$(get /ballots/R1/reminders "$OFFICER")
contains "$D/body" "not sending mail" && ok "  ... the officer's page says the server is not sending mail" \
  || not_ok "  ... the page says mail is not configured" "$(grep -o '<p[^>]*id="mail-status".*' "$D/body")"
sleep 4
[ "$(grep -c "mail is not configured" "$D/serve.log")" = 1 ] && ok "  ... and the server says once that mail is not configured" \
  || not_ok "  ... says once that mail is not configured" "$(cat "$D/serve.log")"
stop_server
stop_sink

finish
