# test_bounces.sh: bounces that come back after the provider took the
# message. Three messages go to a real SMTP server on loopback
# (tests/tools/smtp_sink.py), which accepts them all; then the provider's
# delivery status notifications (RFC 3464) for them are read back with
# `mandate outbox bounces`: a failure marks its message 'bounced' with the
# remote server's words, a delay and an auto-reply change nothing, a
# report about someone else's message is counted as not ours, nothing is
# recorded when a file cannot be read, and no address is ever printed.
. tests/lib.sh
. tests/lib_mail.sh
PY=${MANDATE_PYTHON:-/usr/bin/python3}
DB=$T_DIR/mail.db
SINK_PID=""
cleanup(){ [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null; rm -rf "$T_DIR"; }
trap cleanup EXIT
q(){ sqlite3 "$DB" "$1"; }

expect_exit 0 "mandate outbox bounces --help exits 0" "$MANDATE" outbox bounces --help
contains "$T_DIR/out" "usage: mandate outbox bounces" && ok "  ... and shows its usage" || not_ok "  ... and shows its usage"
if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
  not_ok "python3-aiosmtpd is installed" "run: sh scripts/deps.sh test"; finish; exit
fi
"$MANDATE" init --db "$DB" >/dev/null 2>&1 && ok "init" || not_ok "init"
start_sink "$T_DIR/mail"
"$MANDATE" mail config --smtp-url "smtp://127.0.0.1:$SINK_PORT" --from ballots@union.example.org --db "$DB" >/dev/null
printf 'nobody@members.example\nfull@corp.example\nslow@far.example\n' >"$T_DIR/to"
printf 'Please vote.\n' >"$T_DIR/body"
expect_exit 0 "three messages queued" "$MANDATE" outbox enqueue --to-file "$T_DIR/to" --subject "Reminder" \
  --body-file "$T_DIR/body" --purpose reminder --db "$DB"
expect_exit 0 "... and sent: the server took all three" "$MANDATE" outbox send --once --db "$DB"
[ "$(q "select count(*) from outbox where state='sent'")" = 3 ] && ok "  ... all three are 'sent'" \
  || not_ok "  ... all three are 'sent'" "$(q 'select state from outbox')"
ID1=$(q "select message_id from outbox where recipient='nobody@members.example'")
ID2=$(q "select message_id from outbox where recipient='full@corp.example'")
ID3=$(q "select message_id from outbox where recipient='slow@far.example'")

# dsn FILE MESSAGE-ID ACTION STATUS DIAGNOSTIC: a Postfix-style report.
dsn(){
  cat >"$1" <<EOT
Return-Path: <>
From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: ballots@union.example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="BOUND"

--BOUND
Content-Type: text/plain

Your message could not be delivered.

--BOUND
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; someone@example
Action: $3
Status: $4
Diagnostic-Code: smtp; $5

--BOUND
Content-Type: text/rfc822-headers

From: ballots@union.example.org
Subject: Reminder
Message-ID: <$2>

--BOUND--
EOT
}
dsn "$T_DIR/b1.eml" "$ID1" failed 5.1.1 "550 5.1.1 User unknown"
dsn "$T_DIR/b2.eml" "$ID2" delayed 4.2.2 "452 4.2.2 Mailbox full, still trying"
dsn "$T_DIR/b3.eml" "0000@elsewhere.example" failed 5.1.1 "550 no such user"

expect_exit 1 "a file that cannot be read stops it" "$MANDATE" outbox bounces "$T_DIR/b1.eml" "$T_DIR/missing.eml" --db "$DB"
[ "$(q "select count(*) from outbox where state='bounced'")" = 0 ] && ok "  ... and nothing was recorded" \
  || not_ok "  ... and nothing was recorded"

expect_exit 0 "bounces read from three files" "$MANDATE" outbox bounces "$T_DIR/b1.eml" "$T_DIR/b2.eml" "$T_DIR/b3.eml" --db "$DB"
contains "$T_DIR/out" "3 messages read: 1 bounce recorded, 1 not of this outbox or bounced already, 1 delay" \
  && ok "  ... counted: one bounce, one not ours, one delay" || not_ok "  ... counted" "$(cat $T_DIR/out)"
[ "$(q "select state from outbox where message_id='$ID1'")" = bounced ] && ok "  ... the failed one is 'bounced'" \
  || not_ok "  ... the failed one is 'bounced'"
q "select last_error from outbox where message_id='$ID1'" | grep -q "550 5.1.1 User unknown (status 5.1.1)" \
  && ok "  ... with the remote server's words" || not_ok "  ... with the remote server's words" "$(q "select last_error from outbox where message_id='$ID1'")"
[ "$(q "select state from outbox where message_id='$ID2'")" = sent ] && ok "  ... a delay changes nothing" \
  || not_ok "  ... a delay changes nothing"
! grep -q "@" "$T_DIR/out" "$T_DIR/err" && ok "  ... and no address is printed" || not_ok "  ... and no address is printed" "$(cat $T_DIR/out)"
"$MANDATE" outbox list --state bounced --db "$DB" >"$T_DIR/list" 2>&1
contains "$T_DIR/list" "bounced" && ok "outbox list --state bounced shows it" || not_ok "outbox list --state bounced shows it" "$(cat $T_DIR/list)"

# An mbox, as a mail server keeps a bounce address's mail: a bounce and an auto-reply.
dsn "$T_DIR/b4.eml" "$ID3" failed 5.7.1 "550 5.7.1 Rejected by policy"
{ echo "From MAILER-DAEMON Mon Nov 23 10:00:00 2026"; cat "$T_DIR/b4.eml"; echo
  echo "From member@members.example Mon Nov 23 10:05:00 2026"
  printf 'From: member@members.example\nSubject: Out of office\nAuto-Submitted: auto-replied\n\nAway.\n'; } >"$T_DIR/mbox"
expect_exit 0 "an mbox of two is read with --mbox" "$MANDATE" outbox bounces --mbox "$T_DIR/mbox" --db "$DB"
contains "$T_DIR/out" "2 messages read: 1 bounce recorded" && contains "$T_DIR/out" "1 not a bounce report" \
  && ok "  ... one bounce, one auto-reply left alone" || not_ok "  ... one bounce, one auto-reply" "$(cat $T_DIR/out)"
[ "$(q "select state from outbox where message_id='$ID3'")" = bounced ] && ok "  ... its message is 'bounced'" \
  || not_ok "  ... its message is 'bounced'"
"$MANDATE" outbox bounces - --db "$DB" <"$T_DIR/b1.eml" >"$T_DIR/out" 2>&1
contains "$T_DIR/out" "1 not of this outbox or bounced already" && ok "the same bounce again, from standard input, changes nothing" \
  || not_ok "the same bounce again changes nothing" "$(cat $T_DIR/out)"
finish
