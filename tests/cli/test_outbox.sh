# test_outbox.sh: the outbox against real servers on loopback: a real SMTP
# server (tests/tools/smtp_sink.py, Debian's python3-aiosmtpd) and a tiny
# HTTP SMS gateway (tests/tools/sms_sink.py). What arrives is parsed back
# with Python's email parser: headers, a UTF-8 subject, the body byte for
# byte (lines beginning with "." included: libcurl's dot-stuffing). A 550
# becomes 'bounced'; a server that is down leaves messages queued; kill -9
# of the sender mid-batch then a restart delivers every message, and any
# repeat carries the Message-ID of the first. Secrets are never printed.
. tests/lib.sh
. tests/lib_mail.sh
PY=${MANDATE_PYTHON:-/usr/bin/python3}
DB=$T_DIR/mail.db
SINK_PID=""
SMS_PID=""
cleanup(){
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
  [ -n "$SMS_PID" ] && kill "$SMS_PID" 2>/dev/null
  rm -rf "$T_DIR"
}
trap cleanup EXIT
q(){ sqlite3 "$DB" "$1"; }


for c in "outbox" "outbox send" "outbox enqueue" "outbox list" "outbox retry" "mail" "mail config" "mail test"; do
  expect_exit 0 "mandate $c --help exits 0" "$MANDATE" $c --help
  contains "$T_DIR/out" "usage: mandate $c" && ok "$c --help shows usage" || not_ok "$c --help shows usage" "$(head -3 $T_DIR/out)"
done
"$MANDATE" --help | grep -q "outbox" && "$MANDATE" --help | grep -q "mail " \
  && ok "top-level help lists outbox and mail" || not_ok "top-level help lists outbox and mail"
expect_exit 2 "outbox without a subcommand" "$MANDATE" outbox
expect_exit 2 "outbox list --state nonsense" "$MANDATE" outbox list --state lost --db "$DB"

if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
  not_ok "python3-aiosmtpd is installed" "run: sh scripts/deps.sh test"
  finish; exit
fi

"$MANDATE" init --db "$DB" >/dev/null 2>&1 && ok "init" || not_ok "init"
expect_exit 1 "outbox send with nothing configured says what to set" "$MANDATE" outbox send --once --db "$DB"
contains "$T_DIR/err" "mandate mail config" && ok "  ... and names mail config" || not_ok "  ... and names mail config" "$(cat $T_DIR/err)"

start_sink "$T_DIR/mail" --reject bounce@example.org && ok "SMTP sink listening on $SINK_PORT" || not_ok "SMTP sink started" "$(cat $T_DIR/sink.err)"

# Configuration: checked, all or nothing, no secrets in the URL.
expect_exit 1 "an SMTP URL holding a password is refused" \
  "$MANDATE" mail config --smtp-url "smtps://jo:hunter2@smtp.example.org" --from ballots@union.example.org --db "$DB"
[ -z "$(q "select value from meta where key like 'mail.%'")" ] && ok "  ... and nothing was stored" || not_ok "  ... and nothing was stored"
! grep -q hunter2 "$T_DIR/err" && ok "  ... and the password is not echoed" || not_ok "  ... and the password is not echoed" "$(cat $T_DIR/err)"
expect_exit 0 "mail config" "$MANDATE" mail config --smtp-url "smtp://127.0.0.1:$SINK_PORT" \
  --from ballots@union.example.org --from-name "Union Bállots" --max-attempts 5 --db "$DB"
contains "$T_DIR/out" "email          ready" && ok "  ... email is ready" || not_ok "  ... email is ready" "$(cat $T_DIR/out)"

MANDATE_SMTP_PASSWORD=s3cret-pass "$MANDATE" mail config --json --db "$DB" >"$T_DIR/cfg.json" 2>&1
jq -e '.smtp_password.set == true and .smtp_password.from == "$MANDATE_SMTP_PASSWORD"' "$T_DIR/cfg.json" >/dev/null \
  && ! grep -q s3cret "$T_DIR/cfg.json" && ok "the password is reported as set, never printed" \
  || not_ok "the password is reported as set, never printed" "$(cat $T_DIR/cfg.json)"
printf 'file-secret\n' >"$T_DIR/pw"; chmod 644 "$T_DIR/pw"
MANDATE_SMTP_PASSWORD_FILE=$T_DIR/pw "$MANDATE" mail config --db "$DB" >"$T_DIR/out" 2>"$T_DIR/err"
[ $? = 1 ] && contains "$T_DIR/err" "chmod 600" && ok "a password file others may read is refused" \
  || not_ok "a password file others may read is refused" "$(cat $T_DIR/err)"
chmod 600 "$T_DIR/pw"
MANDATE_SMTP_PASSWORD_FILE=$T_DIR/pw "$MANDATE" mail config --db "$DB" >"$T_DIR/out" 2>"$T_DIR/err"
[ $? = 0 ] && contains "$T_DIR/out" "set, from the file" && ! grep -q file-secret "$T_DIR/out" \
  && ok "a 0600 password file is used, not printed" || not_ok "a 0600 password file is used" "$(cat $T_DIR/out $T_DIR/err)"

# A test message, and what arrived.
expect_exit 0 "mail test delivers to the SMTP sink" "$MANDATE" mail test --to jo@example.org --db "$DB"
MID=$(q "select message_id from outbox where purpose='test'")
cat >"$T_DIR/parse.py" <<'EOF'
import email, email.policy, json, sys
msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
body = msg.get_body(('plain',)).get_content()
print(json.dumps({'subject': str(msg['subject']), 'from': str(msg['from']), 'to': str(msg['to']),
                  'message_id': str(msg['message-id']), 'date': str(msg['date']),
                  'mime': str(msg['mime-version']), 'ctype': msg.get_content_type(),
                  'charset': msg.get_content_charset(), 'cte': str(msg['content-transfer-encoding']),
                  'env_to': str(msg['x-sink-rcpt-to']), 'env_from': str(msg['x-sink-mail-from']),
                  'body': body, 'defects': len(msg.defects),
                  'maxline': max(len(l) for l in open(sys.argv[1], 'rb').read().split(b'\r\n'))}))
EOF
F=$(ls "$T_DIR/mail"/*.eml 2>/dev/null | head -1)
"$PY" "$T_DIR/parse.py" "$F" >"$T_DIR/m1.json" 2>&1
jq -e --arg mid "<$MID>" '.subject == "mandate: a test message — it works" and .message_id == $mid
    and .from == "Union Bállots <ballots@union.example.org>" and .to == "jo@example.org"
    and .mime == "1.0" and .ctype == "text/plain" and .charset == "utf-8" and .cte == "quoted-printable"
    and .env_to == "jo@example.org" and .env_from == "ballots@union.example.org"
    and (.body | startswith("This is a test message from mandate.")) and .defects == 0 and .maxline <= 78' \
  "$T_DIR/m1.json" >/dev/null && ok "the test message arrived: UTF-8 subject and name, Message-ID, MIME headers, body" \
  || not_ok "the test message arrived intact" "$(cat $T_DIR/m1.json)"
[ "$(q "select state||' '||coalesce(body,'NULL')||' '||(sent_at is not null) from outbox where purpose='test'")" = "sent NULL 1" ] \
  && ok "sent: state sent, sent_at set, the body no longer kept" || not_ok "sent: state, sent_at, body cleared" "$(q 'select * from outbox')"

# A body that SMTP could mangle, and a subject in another script.
printf 'Dear member,\n.\n.hidden line that begins with a dot\n..two dots\nFrom the branch: £5 — ünïcödé — 投票 🗳\nYour code: AB=CD EF \n%s\n' \
  "$(printf 'x%.0s' $(seq 1 200))" >"$T_DIR/body.txt"
SUBJ="Ваш бюллетень — ballot 2026 ✓ with a subject long enough to need folding across lines"
expect_exit 0 "outbox enqueue" "$MANDATE" outbox enqueue --to ann@example.org --subject "$SUBJ" \
  --body-file "$T_DIR/body.txt" --purpose credential --db "$DB"
expect_exit 0 "outbox send --once" "$MANDATE" outbox send --once --db "$DB"
contains "$T_DIR/out" "sent 1, to retry 0, bounced 0, failed 0" && ok "  ... reports counts" || not_ok "  ... reports counts" "$(cat $T_DIR/out)"
! grep -q "ann@example.org" "$T_DIR/out" && ok "  ... and never a recipient" || not_ok "  ... and never a recipient"
F=$(grep -l "X-Sink-Rcpt-To: ann@example.org" "$T_DIR/mail"/*.eml | head -1)
"$PY" "$T_DIR/parse.py" "$F" >"$T_DIR/m2.json" 2>&1
jq -e --arg s "$SUBJ" --rawfile b "$T_DIR/body.txt" '.subject == $s and .body == $b and .defects == 0 and .maxline <= 78' \
  "$T_DIR/m2.json" >/dev/null && ok "the body arrived byte for byte (dots, UTF-8, trailing space, long line) under a Cyrillic subject" \
  || not_ok "the body and subject arrived intact" "$(cat $T_DIR/m2.json)"

# A 5xx on RCPT: bounced, with the server's reply, visible in the list.
"$MANDATE" outbox enqueue --to bounce@example.org --subject "Your credential" --body-file "$T_DIR/body.txt" --purpose credential --db "$DB" >/dev/null 2>&1
expect_exit 0 "send to an address the server refuses" "$MANDATE" outbox send --once --db "$DB"
[ "$(q "select state from outbox where recipient='bounce@example.org'")" = bounced ] && ok "a 550 becomes bounced" || not_ok "a 550 becomes bounced" "$(q 'select state,last_error from outbox')"
q "select last_error from outbox where recipient='bounce@example.org'" | grep -q "550 5.1.1" && ok "  ... with the server's reply" || not_ok "  ... with the server's reply"
q "select last_error from outbox where recipient='bounce@example.org'" | grep -q "Dear member" && not_ok "  ... and no message text in the error" || ok "  ... and no message text in the error"
"$MANDATE" outbox list --state bounced --json --db "$DB" >"$T_DIR/list.json" 2>&1
jq -e '.counts.bounced == 1 and (.messages | length) == 1 and .messages[0].recipient == "bounce@example.org" and (.messages[0] | has("body") | not)' \
  "$T_DIR/list.json" >/dev/null && ok "outbox list --state bounced --json shows it, never the body" || not_ok "outbox list --json" "$(cat $T_DIR/list.json)"
BOUNCED=$(q "select id from outbox where recipient='bounce@example.org'")
expect_exit 1 "retry of a sent message is refused" "$MANDATE" outbox retry 1 --db "$DB"
expect_exit 0 "retry of a bounced message" "$MANDATE" outbox retry "$BOUNCED" --db "$DB"
[ "$(q "select state||' '||resends from outbox where id=$BOUNCED")" = "queued 1" ] && ok "  ... queued again, counted as re-sent" || not_ok "  ... queued again" "$(q "select * from outbox where id=$BOUNCED")"
q "update outbox set state='bounced' where id=$BOUNCED"

# The server is down: messages stay queued, with why, for later.
stop_sink
printf 'a1@example.org\na2@example.org\na3@example.org\n' >"$T_DIR/three.txt"
"$MANDATE" outbox enqueue --to-file "$T_DIR/three.txt" --subject "Reminder" --body-file "$T_DIR/body.txt" --purpose reminder --db "$DB" >/dev/null 2>&1
expect_exit 0 "send while the SMTP server is down" "$MANDATE" outbox send --once --db "$DB"
[ "$(q "select count(*) from outbox where purpose='reminder' and state='queued' and last_error like '%could not deliver%' and next_attempt_at > strftime('%Y-%m-%dT%H:%M:%SZ','now')")" = 3 ] \
  && ok "all three stay queued with the reason and a later attempt time" || not_ok "queued for retry" "$(q "select state,attempts,next_attempt_at,last_error from outbox where purpose='reminder'")"
expect_exit 0 "a second send before the backoff sends nothing" "$MANDATE" outbox send --once --db "$DB"
contains "$T_DIR/out" "sent 0, to retry 0" && ok "  ... nothing was due" || not_ok "  ... nothing was due" "$(cat $T_DIR/out)"
start_sink "$T_DIR/mail" --reject bounce@example.org
"$MANDATE" mail config --smtp-url "smtp://127.0.0.1:$SINK_PORT" --db "$DB" >/dev/null 2>&1
expect_exit 0 "outbox retry --all" "$MANDATE" outbox retry --all --db "$DB"
contains "$T_DIR/out" "3 messages due now" && ok "  ... three due now (not the bounced)" || not_ok "  ... three due now" "$(cat $T_DIR/out)"
"$MANDATE" outbox send --once --db "$DB" >/dev/null 2>&1
[ "$(q "select count(*) from outbox where purpose='reminder' and state='sent'")" = 3 ] && ok "once the server is back, all three are sent" || not_ok "all three sent" "$(q "select state,last_error from outbox where purpose='reminder'")"

# A bad line in a recipient file: nothing queued, the line named.
printf 'ok1@example.org\nnot-an-address\n' >"$T_DIR/bad.txt"
BEFORE=$(q "select count(*) from outbox")
expect_exit 1 "enqueue with a bad recipient" "$MANDATE" outbox enqueue --to-file "$T_DIR/bad.txt" --subject S --body-file "$T_DIR/body.txt" --db "$DB"
contains "$T_DIR/err" "bad.txt:2:" && [ "$(q "select count(*) from outbox")" = "$BEFORE" ] \
  && ok "  ... names FILE:LINE and queues nothing" || not_ok "  ... names FILE:LINE and queues nothing" "$(cat $T_DIR/err)"

# kill -9 mid-batch, then a restart: nothing lost, a repeat only with the same Message-ID.
stop_sink
start_sink "$T_DIR/crash" --delay 0.3
"$MANDATE" mail config --smtp-url "smtp://127.0.0.1:$SINK_PORT" --db "$DB" >/dev/null 2>&1
seq 1 20 | sed 's/^/crash/; s/$/@example.org/' >"$T_DIR/twenty.txt"
"$MANDATE" outbox enqueue --to-file "$T_DIR/twenty.txt" --subject "Crash test" --body-file "$T_DIR/body.txt" --purpose reminder --db "$DB" >/dev/null 2>&1
"$MANDATE" outbox send --db "$DB" >"$T_DIR/sender.out" 2>&1 &
SENDER=$!
i=0
while [ "$(ls "$T_DIR/crash" 2>/dev/null | grep -c '\.eml$')" -lt 4 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
expect_exit 1 "a second sender is refused while one runs" "$MANDATE" outbox send --once --db "$DB"
contains "$T_DIR/err" "another sender" && ok "  ... it says another sender is running" || not_ok "  ... another sender" "$(cat $T_DIR/err)"
kill -9 $SENDER 2>/dev/null; wait $SENDER 2>/dev/null
SENDING=$(q "select count(*) from outbox where message_id in (select message_id from outbox where subject='Crash test') and state='sending'")
DELIVERED=$(ls "$T_DIR/crash" | grep -c '\.eml$')
[ "$SENDING" -ge 1 ] && [ "$DELIVERED" -ge 4 ] && [ "$DELIVERED" -lt 20 ] \
  && ok "killed mid-batch: $DELIVERED delivered, $SENDING left in 'sending'" || not_ok "killed mid-batch" "delivered $DELIVERED, sending $SENDING"
expect_exit 0 "the sender restarts and recovers" "$MANDATE" outbox send --once --db "$DB"
contains "$T_DIR/out" "left in 'sending' by a sender that stopped" && ok "  ... it says it re-sends what was in hand" || not_ok "  ... re-sends what was in hand" "$(cat $T_DIR/out)"
[ "$(q "select count(*) from outbox where subject='Crash test' and state='sent'")" = 20 ] && ok "all 20 are sent" || not_ok "all 20 sent" "$(q "select state, count(*) from outbox where subject='Crash test' group by state")"
q "select '<'||message_id||'>' from outbox where subject='Crash test'" | sort >"$T_DIR/want.ids"
grep -h '^Message-ID:' "$T_DIR/crash"/*.eml | sed 's/^Message-ID: //; s/\r$//' | sort >"$T_DIR/got.ids"
TOTAL=$(wc -l <"$T_DIR/got.ids")
[ "$(sort -u "$T_DIR/got.ids")" = "$(cat "$T_DIR/want.ids")" ] && ok "every Message-ID arrived; none lost, none unknown" \
  || not_ok "every Message-ID arrived" "$(diff "$T_DIR/want.ids" "$T_DIR/got.ids" | head)"
# One message is on the wire at a time: at most it arrives twice, and then
# with the same Message-ID (checked above: no unknown IDs).
[ "$TOTAL" -le 21 ] && ok "$TOTAL deliveries for 20 messages: at most the one on the wire at the kill repeats" \
  || not_ok "at most one repeat" "$TOTAL deliveries"
for f in "$T_DIR"/crash/*.eml; do
  to=$(sed -n 's/^X-Sink-Rcpt-To: //p' "$f" | tr -d '\r'); mid=$(sed -n 's/^Message-ID: //p' "$f" | tr -d '\r<>')
  [ "$(q "select recipient from outbox where message_id='$mid'")" = "$to" ] || echo "$mid $to"
done >"$T_DIR/mismatch"
[ ! -s "$T_DIR/mismatch" ] && ok "each repeat went to the same recipient as its Message-ID" || not_ok "repeats match" "$(head -3 $T_DIR/mismatch)"

# A sender that is stopped politely finishes and exits 0.
"$MANDATE" outbox send --db "$DB" >"$T_DIR/sender.out" 2>&1 &
SENDER=$!
sleep 1
kill -TERM $SENDER; wait $SENDER; RC=$?
[ "$RC" = 0 ] && contains "$T_DIR/sender.out" "sent " && ok "SIGTERM stops the sender cleanly" || not_ok "SIGTERM stops the sender" "exit $RC: $(cat $T_DIR/sender.out)"
stop_sink

# SMS through an HTTP gateway: JSON template, bearer token, 2xx = sent, 4xx = bounced.
rm -f "$T_DIR/smsport"
"$PY" tests/tools/sms_sink.py --dir "$T_DIR/sms" --port-file "$T_DIR/smsport" --token tok-123 --reject +447700900999 2>"$T_DIR/sms.err" &
SMS_PID=$!
wait_file "$T_DIR/smsport" && SPORT=$(cat "$T_DIR/smsport")
expect_exit 0 "mail config --sms-url --sms-format json" "$MANDATE" mail config --sms-url "http://127.0.0.1:$SPORT/send" --sms-format json --db "$DB"
MANDATE_SMS_TOKEN=tok-123 "$MANDATE" mail test --sms --to "07700 900123" --db "$DB" >"$T_DIR/out" 2>"$T_DIR/err"
[ $? = 0 ] && ok "mail test --sms is accepted by the gateway" || not_ok "mail test --sms" "$(cat $T_DIR/out $T_DIR/err)"
F=$(ls "$T_DIR/sms"/*.json 2>/dev/null | head -1)
[ -n "$F" ] && jq -e '.content_type == "application/json" and .authorization == "Bearer tok-123"
    and (.body | fromjson | .to == "+447700900123" and (.body | startswith("A test message from mandate")))' "$F" >/dev/null \
  && ok "  ... as JSON with the number in +E.164 and the bearer token" || not_ok "  ... JSON with token" "$(cat $F 2>/dev/null)"
! grep -q tok-123 "$T_DIR/out" "$T_DIR/err" && ok "  ... the token is never printed" || not_ok "  ... the token is never printed"
printf 'Vote today.\n' >"$T_DIR/sms.txt"
"$MANDATE" outbox enqueue --sms --to +447700900999 --body-file "$T_DIR/sms.txt" --purpose reminder --db "$DB" >/dev/null 2>&1
MANDATE_SMS_TOKEN=tok-123 "$MANDATE" outbox send --once --db "$DB" >/dev/null 2>&1
[ "$(q "select state from outbox where recipient='+447700900999'")" = bounced ] \
  && q "select last_error from outbox where recipient='+447700900999'" | grep -q "HTTP 400" \
  && ok "a 400 from the gateway is bounced, with the status" || not_ok "a 400 is bounced" "$(q "select state,last_error from outbox where channel='sms'")"
"$MANDATE" outbox enqueue --sms --to +447700900124 --body-file "$T_DIR/sms.txt" --purpose reminder --db "$DB" >/dev/null 2>&1
MANDATE_SMS_TOKEN=wrong "$MANDATE" outbox send --once --db "$DB" >/dev/null 2>&1
[ "$(q "select state from outbox where recipient='+447700900124'")" = queued ] \
  && q "select last_error from outbox where recipient='+447700900124'" | grep -q "HTTP 401" \
  && ok "a refused token (401) keeps the message queued: our configuration, not the member" \
  || not_ok "401 stays queued" "$(q "select state,last_error from outbox where channel='sms'")"

finish
