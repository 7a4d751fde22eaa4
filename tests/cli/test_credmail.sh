# test_credmail.sh: the credential authority sends the voting codes from its
# OWN database (mandate mail-credentials): by email to members with one
# (delivered to a real SMTP server on loopback, tests/tools/smtp_sink.py),
# by text message to those with only a mobile (a loopback HTTP gateway,
# tests/tools/sms_sink.py), by printed letter to those with neither (HTML,
# names escaped, mode 0600), each parsed back and checked to carry the right
# code for the right voter. Then the delivery report the server imports
# (states sent, bounced, printed; no code, address or name in it), a code
# sent again on a member's request (a second email, the same code,
# resends=1), a malformed request file named by line with nothing queued,
# and the authority's database file mode 0600.
. tests/lib.sh
. tests/lib_mail.sh
. tests/lib_ballot.sh
export MANDATE_REGIMES=$PWD/data/regimes
PY=${MANDATE_PYTHON:-/usr/bin/python3}
D=$T_DIR
DB=$D/union.db
ADB=$D/authority.db
LINK=https://union.example.org/vote/C1
SINK_PID=""
SMS_PID=""
trap '[ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null; [ -n "$SMS_PID" ] && kill "$SMS_PID" 2>/dev/null; rm -rf "$T_DIR"' EXIT
q(){ sqlite3 "$DB" "$1"; }
aq(){ sqlite3 "$ADB" "$1"; }

expect_exit 0 "mandate mail-credentials --help exits 0" "$MANDATE" mail-credentials --help
contains "$T_DIR/out" "usage: mandate mail-credentials" && contains "$T_DIR/out" "--resend" && contains "$T_DIR/out" "--report" \
  && contains "$T_DIR/out" "until the ballot closes" && ok "  ... shows usage, --resend, --report, and keeping the files until the close" \
  || not_ok "  ... shows usage" "$(head -5 "$T_DIR/out")"

if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
  not_ok "python3-aiosmtpd is installed" "run: sh scripts/deps.sh test"
  finish; exit
fi


# --- a ballot, its credentials in (as docs/ballots.md)
"$MANDATE" demo --db "$DB" --members 60 >"$D/demo.out" 2>&1 && ok "demo database" || not_ok "demo database" "$(cat "$D/demo.out")"
ballot_keys
# shellcheck disable=SC2086
expect_exit 0 "create a ballot of the whole union" "$MANDATE" ballot create C1 --title "Pay & <conditions>" \
  --question "Do you accept the offer?" --kind offer --unit NUPW --opens 2026-11-20T08:00 --closes 2026-11-30T17:00 \
  --regime gb-tulrca-2016 --authority "$D/ca/authority.public" $P --db "$DB"
NV=$(q "select voters from ballots where code='C1'")
# The voters' contacts, known: voter 1, 4, 7... an email (voter 1's is
# refused by the SMTP server); 2, 5, 8... only a mobile; 3, 6, 9... neither,
# with a postal address, except voter 3 (none); voter 6 has a name to escape.
q "update members set email=case when v.voter_no%3=1 then 'v'||v.voter_no||'@members.example.org' end,
     mobile=case when v.voter_no%3=2 then '+447700900'||substr('000'||v.voter_no,-3) end,
     address_line1=case when v.voter_no=3 then NULL else v.voter_no||' Albert Road' end,
     address_line2=NULL, town=case when v.voter_no=3 then NULL else 'Reading' end,
     postcode=case when v.voter_no=3 then NULL else 'RG1 1AA' end
   from ballot_voters v where v.member_id=members.id"
q "update members set email='bounce@members.example.org' where id=(select member_id from ballot_voters where voter_no=1)"
q "update members set first_name='Zoë <b>&', last_name='O''Brien' where id=(select member_id from ballot_voters where voter_no=6)"
expect_exit 0 "voters --with-contacts for the authority" "$MANDATE" ballot voters C1 --out "$D/voters.csv" --with-contacts --db "$DB"
head -n 1 "$D/voters.csv" | tr -d '\r' | grep -qx "voter,group,first_name,last_name,email,mobile,address_line1,address_line2,town,postcode" \
  && ok "  ... with names and postal addresses (letters need them)" || not_ok "  ... header" "$(head -n 1 "$D/voters.csv")"
ballot_credentials C1 "$DB"

# What each voter should get, by the rule (auto): email, else sms, else letter.
cat >"$D/want.py" <<'EOF'
# want.py VOTERS.csv: "voter channel" per voter, by --channel auto's rule.
import csv, sys
for v in csv.DictReader(open(sys.argv[1], newline='')):
    c = 'email' if v['email'] else 'sms' if v['mobile'] else 'letter' if v['address_line1'] else 'none'
    print(v['voter'], c)
EOF
"$PY" "$D/want.py" "$D/voters.csv" >"$D/want"
NEMAIL=$(grep -c ' email$' "$D/want"); NSMS=$(grep -c ' sms$' "$D/want"); NLET=$(grep -c ' letter$' "$D/want")
[ "$NEMAIL" -ge 3 ] && [ "$NSMS" -ge 3 ] && [ "$NLET" -ge 3 ] && grep -qx "voter-0000003 none" "$D/want" \
  && ok "the voters: $NEMAIL with an email, $NSMS with only a mobile, $NLET for a letter, one with no address" \
  || not_ok "the voters' contacts" "$(cat "$D/want")"

# --- the authority's own database, mail and SMS settings
rm -f "$D/smsport"
start_sink "$D/mail" --reject bounce@members.example.org
"$PY" tests/tools/sms_sink.py --dir "$D/sms" --port-file "$D/smsport" 2>"$D/sms.err" &
SMS_PID=$!
[ -n "$SINK_PORT" ] && wait_file "$D/smsport" && ok "SMTP sink and SMS gateway listening" || not_ok "sinks listening" "$(cat "$T_DIR/sink.err" "$D/sms.err")"
"$MANDATE" init --db "$ADB" >/dev/null 2>&1 &&
"$MANDATE" mail config --smtp-url "smtp://127.0.0.1:$SINK_PORT" --from scrutineer@ballots.example.org \
  --from-name "Independent Scrutineer" --sms-url "http://127.0.0.1:$(cat "$D/smsport")/send" --sms-format json \
  --db "$ADB" >/dev/null 2>&1 && ok "the authority's own database and mail settings" || not_ok "the authority's settings"
[ "$(stat -c %a "$ADB")" = 600 ] && ok "the authority's database file is mode 0600" || not_ok "authority.db mode" "$(stat -c %a "$ADB")"

C="--credentials $D/ca/credentials --voters $D/voters.csv --title Pay-offer --db $ADB"
# shellcheck disable=SC2086
expect_exit 1 "a link that is not /vote/CODE is refused" "$MANDATE" mail-credentials $C --link https://union.example.org/ballots/C1 \
  --letters "$D/letters.html"
contains "$T_DIR/err" "/vote/CODE" && [ "$(aq 'select count(*) from outbox')" = 0 ] && ok "  ... saying what it must be, nothing queued" \
  || not_ok "  ... says what" "$(cat "$T_DIR/err")"
# shellcheck disable=SC2086
expect_exit 1 "voters who need a letter, without --letters, are refused" "$MANDATE" mail-credentials $C --link "$LINK"
contains "$T_DIR/err" "--letters" && [ "$(aq 'select count(*) from outbox')" = 0 ] && [ "$(aq 'select count(*) from credential_letters')" = 0 ] \
  && ok "  ... naming --letters; nothing queued or recorded" || not_ok "  ... naming --letters" "$(cat "$T_DIR/err")"
expect_exit 2 "--report with sending options is a usage error" "$MANDATE" mail-credentials --report "$D/x.csv" --voters "$D/voters.csv" --db "$ADB"
expect_exit 2 "--channel fax is a usage error" "$MANDATE" mail-credentials $C --link "$LINK" --channel fax

PDF=""
command -v chromium >/dev/null 2>&1 && PDF="--pdf $D/letters.pdf"
# shellcheck disable=SC2086
expect_exit 0 "mail-credentials: emails, texts and letters" "$MANDATE" mail-credentials $C --link "$LINK" \
  --letters "$D/letters.html" $PDF
contains "$T_DIR/out" "$NEMAIL credential emails and $NSMS text messages queued" && contains "$T_DIR/out" "$NLET letters written" \
  && contains "$T_DIR/out" "voter-0000003" && contains "$T_DIR/out" "until the ballot closes" \
  && ok "  ... $NEMAIL emails, $NSMS texts, $NLET letters; voter-0000003 (no address) listed" || not_ok "  ... counts" "$(cat "$T_DIR/out")"
[ "$(aq "select count(*) from outbox where purpose='credential' and ref='C1/voter-'||substr('000000'||(select 1),-7)")" = 1 ] \
  && [ "$(aq "select count(distinct ref) from outbox where ref like 'C1/voter-_______'")" = $((NEMAIL+NSMS)) ] \
  && [ "$(aq "select count(*) from credential_letters where ballot='C1'")" = "$NLET" ] \
  && ok "  ... each message's ref is C1/voter-NNNNNNN; the letters recorded" || not_ok "  ... refs" "$(aq 'select ref from outbox limit 3')"
[ "$(stat -c %a "$D/letters.html")" = 600 ] && ok "  ... the letters file is mode 0600" || not_ok "  ... letters mode" "$(stat -c %a "$D/letters.html")"
if [ -n "$PDF" ]; then
  head -c 5 "$D/letters.pdf" | grep -q '%PDF-' && [ "$(stat -c %a "$D/letters.pdf")" = 600 ] \
    && ok "  ... and the PDF, mode 0600" || not_ok "  ... the PDF" "$(ls -l "$D/letters.pdf" 2>&1)"
fi
# shellcheck disable=SC2086
expect_exit 1 "sending the codes of the same ballot twice is refused" "$MANDATE" mail-credentials $C --link "$LINK" --letters "$D/l2.html"
contains "$T_DIR/err" "sent already" && [ ! -e "$D/l2.html" ] && ok "  ... pointing to --resend" || not_ok "  ... twice" "$(cat "$T_DIR/err")"

expect_exit 0 "the authority's sender delivers them" "$MANDATE" outbox send --once --batch 1000 --db "$ADB"

cat >"$D/check.py" <<'EOF'
# check.py D: the emails, texts and letters against the credentials and the rule.
import csv, email, email.policy, html, json, os, re, sys
D = sys.argv[1]
want = dict(l.split() for l in open(D + '/want'))
voters = {v['voter']: v for v in csv.DictReader(open(D + '/voters.csv', newline=''))}
secret = {l.split()[0]: l.split()[1] for l in open(D + '/ca/credentials') if l.strip() and not l.startswith('#')}
bad = []
# emails: each voter with one (but the refused address) gets their own code, once
mails = []
for f in sorted(os.listdir(D + '/mail')):
    if f.endswith('.eml'):
        m = email.message_from_binary_file(open(os.path.join(D, 'mail', f), 'rb'), policy=email.policy.default)
        mails.append((str(m['x-sink-rcpt-to']).lower(), m.get_body(('plain',)).get_content()))
for v, c in want.items():
    if c != 'email' or voters[v]['email'].startswith('bounce@'): continue
    got = [b for to, b in mails if to == voters[v]['email'].lower()]
    if len(got) != 1 or secret[v] not in got[0] or 'https://union.example.org/vote/C1' not in got[0]:
        bad.append('email %s: %d messages, code %s' % (v, len(got), bool(got) and secret[v] in got[0]))
if len(mails) != sum(1 for v, c in want.items() if c == 'email') - 1: bad.append('%d emails' % len(mails))
# texts: each voter with only a mobile gets their own code, once
texts = [json.loads(json.load(open(os.path.join(D, 'sms', f)))['body']) for f in sorted(os.listdir(D + '/sms')) if f.endswith('.json')]
for v, c in want.items():
    if c != 'sms': continue
    got = [t['body'] for t in texts if t['to'] == voters[v]['mobile']]
    if len(got) != 1 or secret[v] not in got[0] or 'https://union.example.org/vote/C1' not in got[0]:
        bad.append('sms %s: %d messages' % (v, len(got)))
if len(texts) != sum(1 for c in want.values() if c == 'sms'): bad.append('%d texts' % len(texts))
# letters: exactly the letter voters' codes, one page each
page = open(D + '/letters.html').read()
codes = {c.replace(' ', '') for c in re.findall(r'<p class="code">([0-9a-f ]+)</p>', page)}
lettered = {secret[v] for v, c in want.items() if c == 'letter'}
if codes != lettered: bad.append('letters: %d codes, %d letter voters' % (len(codes), len(lettered)))
if page.count('<section class="letter">') != len(lettered): bad.append('not one page per letter')
if 'Zoë &lt;b&gt;&amp; O&#39;Brien' not in page and 'Zoë &lt;b&gt;&amp; O&#x27;Brien' not in page: bad.append('the name is not escaped')
if '<b>&' in page: bad.append('a raw name in the letters')
if 'Pay-offer' not in page or '@page' not in page: bad.append('no title or print CSS')
for v, c in want.items():
    if c == 'email' and secret[v] in page: bad.append('an email voter in the letters')
print('\n'.join(bad[:6]) if bad else 'ok')
EOF
R=$("$PY" "$D/check.py" "$D" 2>&1)
[ "$R" = ok ] && ok "parsed back: each email and text has its voter's own code and the link; the letters hold exactly the letter voters' codes, names escaped" \
  || not_ok "parsed back" "$R"
grep -q 'how you vote' "$D/letters.html" && grep -q 'last vote counts' "$D/letters.html" && grep -q 'How to vote' "$D/letters.html" \
  && ok "the letters say how to vote, that the last vote counts, that the union cannot see how they vote" || not_ok "the letters' words"

# --- the delivery report
expect_exit 2 "--report with --credentials is refused" "$MANDATE" mail-credentials --report "$D/delivery.csv" --credentials "$D/ca/credentials" --db "$ADB"
expect_exit 0 "the delivery report" "$MANDATE" mail-credentials --report "$D/delivery.csv" --ballot C1 --db "$ADB"
contains "$T_DIR/out" "sent $((NEMAIL-1+NSMS))" && contains "$T_DIR/out" "bounced 1" && contains "$T_DIR/out" "printed $NLET" \
  && ok "  ... counts by state: sent $((NEMAIL-1+NSMS)), bounced 1, printed $NLET" || not_ok "  ... counts" "$(cat "$T_DIR/out")"
cat >"$D/report.py" <<'EOF'
# report.py D: the report's format and contents.
import csv, re, sys
D = sys.argv[1]
raw = open(D + '/delivery.csv', 'rb').read()
rows = list(csv.DictReader(open(D + '/delivery.csv', newline='')))
want = dict(l.split() for l in open(D + '/want'))
voters = {v['voter']: v for v in csv.DictReader(open(D + '/voters.csv', newline=''))}
bad = []
if not raw.startswith(b'ballot,voter,channel,state,resends,updated_at,detail\r\n'): bad.append('header')
if raw.count(b'\n') != raw.count(b'\r\n'): bad.append('not CRLF')
got = {r['voter']: r for r in rows}
for v, c in want.items():
    if c == 'none':
        if v in got: bad.append(v + ' without an address is reported')
        continue
    r = got.get(v)
    if r is None: bad.append(v + ' missing'); continue
    st = 'printed' if c == 'letter' else 'bounced' if voters[v]['email'].startswith('bounce@') else 'sent'
    if (r['ballot'], r['channel'], r['state'], r['resends']) != ('C1', c, st, '0'): bad.append('%s: %s' % (v, r))
    if not re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', r['updated_at']): bad.append(v + ' updated_at')
    if st == 'bounced' and '550' not in r['detail']: bad.append('no reason for the bounce: ' + r['detail'])
text = raw.decode()
if re.search(r'[0-9a-f]{64}', text): bad.append('a code in the report')
if '@' in text or '+44' in text or '7700' in text or 'Albert' in text or 'Zo' in text: bad.append('an address or a name in the report')
print('\n'.join(bad[:6]) if bad else 'ok')
EOF
R=$("$PY" "$D/report.py" "$D" 2>&1)
[ "$R" = ok ] && ok "the report: CRLF, the header; sent, bounced with its reason, printed; no code, address or name" || not_ok "the report" "$R"

# --- requests for a code again
EV=$(grep ' email$' "$D/want" | sed -n 2p | cut -d' ' -f1)     # an email voter whose mail arrived
SV=$(grep ' sms$' "$D/want" | head -n 1 | cut -d' ' -f1)
printf 'ballot,voter,channel,requested_at\r\nC1,%s,email,2026-11-23T10:00:00Z\r\nC1,%s,sms,2026-11-23T10:05:00Z\r\n' "$EV" "$SV" >"$D/requests.csv"
printf 'ballot,voter,channel,requested_at\r\nC1,%s,email,2026-11-23T10:00:00Z\r\nC1,%s,fax,2026-11-23T10:05:00Z\r\n' "$EV" "$SV" >"$D/requests-bad.csv"
printf 'ballot,voter,channel,requested_at\r\nC1,%s,sms,2026-11-23T10:00:00Z\r\n' "$EV" >"$D/requests-noaddr.csv"
N0=$(aq 'select count(*) from outbox')
R="--credentials $D/ca/credentials --voters $D/voters.csv --link $LINK --title Pay-offer --db $ADB"
# shellcheck disable=SC2086
expect_exit 1 "a malformed requests file is refused" "$MANDATE" mail-credentials --resend "$D/requests-bad.csv" $R
contains "$T_DIR/err" "requests-bad.csv:3:3" && [ "$(aq 'select count(*) from outbox')" = "$N0" ] \
  && ok "  ... naming FILE:LINE:COL; nothing queued" || not_ok "  ... names the line" "$(cat "$T_DIR/err")"
# shellcheck disable=SC2086
expect_exit 1 "a request by a channel the voter has no address for is refused" "$MANDATE" mail-credentials --resend "$D/requests-noaddr.csv" $R
contains "$T_DIR/err" "requests-noaddr.csv:2" && [ "$(aq 'select count(*) from outbox')" = "$N0" ] \
  && ok "  ... naming the line; nothing queued" || not_ok "  ... names the line" "$(cat "$T_DIR/err")"
# shellcheck disable=SC2086
expect_exit 2 "--resend with --letters is a usage error" "$MANDATE" mail-credentials --resend "$D/requests.csv" $R --letters "$D/x.html"
# shellcheck disable=SC2086
expect_exit 0 "the codes again for the voters who asked" "$MANDATE" mail-credentials --resend "$D/requests.csv" $R
contains "$T_DIR/out" "1 credential emails and 1 text messages queued" && [ "$(aq 'select count(*) from outbox')" = $((N0+2)) ] \
  && ok "  ... one email and one text, nobody else" || not_ok "  ... queued" "$(cat "$T_DIR/out")"
"$MANDATE" outbox send --once --batch 100 --db "$ADB" >/dev/null 2>&1
EMAIL=$("$PY" -c 'import csv,sys; print([r["email"] for r in csv.DictReader(open(sys.argv[1], newline="")) if r["voter"]==sys.argv[2]][0])' "$D/voters.csv" "$EV")
CODE=$(awk -v v="$EV" '$1==v {print $2}' "$D/ca/credentials")
[ "$(grep -l "X-Sink-Rcpt-To: $EMAIL" "$D"/mail/*.eml | xargs grep -l "$CODE" | wc -l)" = 2 ] \
  && ok "$EV got a second email with the same code" || not_ok "a second email" "$(grep -l "$EMAIL" "$D"/mail/*.eml)"
"$MANDATE" mail-credentials --report "$D/delivery2.csv" --db "$ADB" >/dev/null 2>&1
grep -q "^C1,$EV,email,sent,1," "$D/delivery2.csv" && grep -q "^C1,$SV,sms,sent,1," "$D/delivery2.csv" \
  && [ "$(grep -c ',sent,1,' "$D/delivery2.csv")" = 2 ] \
  && ok "the report counts each as re-sent (resends=1), nobody else" || not_ok "resends in the report" "$(grep ",$EV,\|,$SV," "$D/delivery2.csv")"

kill "$SINK_PID" "$SMS_PID" 2>/dev/null; wait 2>/dev/null; SINK_PID=""; SMS_PID=""
finish
