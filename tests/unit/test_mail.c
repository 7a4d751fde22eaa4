/* test_mail.c: email formatting (RFC 5322 headers, RFC 2047 subjects,
** quoted-printable bodies, line lengths), the SMS template, and the outbox's
** states without a network: all-or-nothing enqueue, a server that cannot
** be reached, retry, recovery after a crash. */
#include "test.h"
#include "../../src/mail/message.h"
#include "../../src/mail/sms.h"
#include "../../src/domain/outbox.h"
#include "../../src/util/buf.h"
#include "../../src/util/mem.h"
#include <sodium.h>
#include <stdlib.h>

/* Decode quoted-printable z (CRLF lines) into pOut, with \n line ends. */
static void qp_decode(const char *z, Buf *pOut){
  while( *z ){
    if( z[0]=='=' && z[1]=='\r' && z[2]=='\n' ){ z += 3; continue; }
    if( z[0]=='=' && z[1] && z[2] ){
      char zHex[3] = { z[1], z[2], 0 };
      buf_putc(pOut, (char)strtol(zHex, 0, 16));
      z += 3;
      continue;
    }
    if( z[0]=='\r' && z[1]=='\n' ){ buf_putc(pOut, '\n'); z += 2; continue; }
    buf_putc(pOut, *z++);
  }
}

/* Decode a header value made of RFC 2047 B encoded-words (folded), or
** plain folded text, into pOut. */
static void header_decode(const char *z, Buf *pOut){
  while( *z ){
    if( strncmp(z, "=?UTF-8?B?", 10)==0 ){
      const char *zEnd = strstr(z+10, "?=");
      unsigned char aBin[200];
      size_t nBin = 0;
      sodium_base642bin(aBin, sizeof aBin, z+10, (size_t)(zEnd-(z+10)), 0, &nBin, 0,
                        sodium_base64_VARIANT_ORIGINAL);
      buf_append(pOut, aBin, nBin);
      z = zEnd+2;
      while( *z=='\r' || *z=='\n' || *z==' ' ) z++;   /* space between words is not text */
      continue;
    }
    if( z[0]=='\r' && z[1]=='\n' ){ z += 2; continue; } /* unfold */
    buf_putc(pOut, *z++);
  }
}

/* The longest line in z (without CRLF), and whether every \n has its \r. */
static size_t longest_line(const char *z, int *pBareLf){
  size_t nMax = 0, n = 0;
  *pBareLf = 0;
  for(const char *p=z; ; p++){
    if( *p=='\n' || *p==0 ){
      if( *p=='\n' && (p==z || p[-1]!='\r') ) *pBareLf = 1;
      if( *p=='\n' && n>0 ) n--;               /* the CR */
      if( n>nMax ) nMax = n;
      n = 0;
      if( *p==0 ) break;
    }else n++;
  }
  return nMax;
}

/* The length of the first line of z (without CRLF). */
static size_t first_line(const char *z){
  size_t n = strcspn(z, "\r\n");
  return n;
}

TEST(mail_subject_ascii_is_plain_and_folded){
  Buf b = BUF_INIT;
  mail_header_text(&b, "Your ballot credential", 9);
  CHECK_STR(buf_str(&b), "Your ballot credential");
  buf_reset(&b);
  const char *zLong = "Reminder: the indicative ballot on the 2026 pay offer closes on Friday "
                      "at noon and your branch has not yet reached the turnout it needs to win";
  mail_header_text(&b, zLong, 9);
  int bare;
  CHECK(first_line(buf_str(&b)) + 9 <= 78);       /* after "Subject: " */
  CHECK(longest_line(buf_str(&b), &bare) <= 78);
  CHECK(!bare);
  CHECK_CONTAINS(buf_str(&b), "\r\n ");
  Buf d = BUF_INIT;
  header_decode(buf_str(&b), &d);
  CHECK_STR(buf_str(&d), zLong);
  buf_reset(&b);
  buf_reset(&d);
}

TEST(mail_subject_utf8_is_rfc2047_of_whole_characters){
  const char *zSubject = "Votre bulletin — élection des délégués ✓ "
                         "Ψηφοδέλτιο για την απεργία 2026 📮 and more text to fold";
  Buf b = BUF_INIT;
  mail_header_text(&b, zSubject, 9);
  const char *z = buf_str(&b);
  CHECK(strncmp(z, "=?UTF-8?B?", 10)==0);
  int bare;
  /* The first line follows "Subject: "; each line at most 76 (RFC 2047). */
  CHECK(strchr(z, '\n')!=0);                     /* long enough to fold */
  CHECK(first_line(z)+9 <= 76);
  CHECK(longest_line(z, &bare) <= 76);
  CHECK(!bare);
  /* every encoded-word decodes on its own to valid UTF-8: no character split */
  for(const char *p=strstr(z, "=?UTF-8?B?"); p; p=strstr(p+1, "=?UTF-8?B?")){
    Buf one = BUF_INIT;
    const char *zEnd = strstr(p, "?=");
    char *zWord = xstrndup(p, (size_t)(zEnd+2-p));
    header_decode(zWord, &one);
    CHECK(mail_utf8_ok(one.z, one.n));
    CHECK(zEnd+2-p <= 75);
    free(zWord);
    buf_reset(&one);
  }
  Buf d = BUF_INIT;
  header_decode(z, &d);
  CHECK_STR(buf_str(&d), zSubject);
  buf_reset(&b);
  buf_reset(&d);
}

TEST(mail_header_text_cannot_inject_a_header){
  Buf b = BUF_INIT;
  mail_header_text(&b, "Hello\r\nBcc: everyone@example.org", 9);
  CHECK(strchr(buf_str(&b), '\r')==0 || strstr(buf_str(&b), "\r\nBcc")==0);
  CHECK(strstr(buf_str(&b), "\nBcc")==0);
  buf_reset(&b);
  /* "=?" in plain ASCII would be read as an encoded-word: encode it */
  mail_header_text(&b, "=?UTF-8?B?aGk=?=", 9);
  Buf d = BUF_INIT;
  header_decode(buf_str(&b), &d);
  CHECK_STR(buf_str(&d), "=?UTF-8?B?aGk=?=");
  buf_reset(&b);
  buf_reset(&d);
}

TEST(mail_quoted_printable_round_trips_within_76_columns){
  const char *zBody =
    "Dear member,\n"
    "Your code is: ABCD=EFGH (keep it secret) and ends with a space \n"
    ".a line that begins with a dot\n"
    ".\n"
    "From the branch: £5 fee waived — ünïcödé — 投票 — 🗳\n"
    "A very long line without any break at all: "
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "éééééééééééééééééééééééééééééééééééééééé\n"
    "tab at end\t\n"
    "\n"
    "last line";
  Buf b = BUF_INIT, d = BUF_INIT;
  mail_qp_encode(&b, zBody);
  int bare;
  CHECK(longest_line(buf_str(&b), &bare) <= 76);
  CHECK(!bare);
  CHECK_CONTAINS(buf_str(&b), "ABCD=3DEFGH");
  CHECK_CONTAINS(buf_str(&b), "space=20\r\n");
  CHECK_CONTAINS(buf_str(&b), "end=09\r\n");
  CHECK_CONTAINS(buf_str(&b), "\r\n.a line");           /* libcurl dot-stuffs, not us */
  CHECK_CONTAINS(buf_str(&b), "=C2=A35");
  /* no line ends in whitespace */
  CHECK(strstr(buf_str(&b), " \r\n")==0 && strstr(buf_str(&b), "\t\r\n")==0);
  qp_decode(buf_str(&b), &d);
  Buf want = BUF_INIT;
  buf_puts(&want, zBody);
  buf_putc(&want, '\n');                                /* the body ends with a line break */
  CHECK_STR(buf_str(&d), buf_str(&want));
  buf_reset(&b);
  buf_reset(&d);
  buf_reset(&want);
}

TEST(mail_format_writes_every_header){
  MailMessage m = { "ballots@union.example.org", "Union Ballots \"Office\"", "jo@example.org",
                    "Ihr Stimmzettel für 2026", "Hello Jo.\nYour code: 1234.\n",
                    "0123456789abcdef@union.example.org", 1795435200 };
  Buf b = BUF_INIT;
  char zErr[200];
  CHECK_INT(mail_format(&m, &b, zErr, sizeof zErr), 0);
  const char *z = buf_str(&b);
  CHECK(strncmp(z, "Date: Mon, 23 Nov 2026 12:00:00 +0000\r\n", 39)==0);
  CHECK_CONTAINS(z, "\r\nMessage-ID: <0123456789abcdef@union.example.org>\r\n");
  CHECK_CONTAINS(z, "\r\nFrom: \"Union Ballots \\\"Office\\\"\" <ballots@union.example.org>\r\n");
  CHECK_CONTAINS(z, "\r\nTo: jo@example.org\r\n");
  CHECK_CONTAINS(z, "\r\nSubject: =?UTF-8?B?");
  CHECK_CONTAINS(z, "\r\nMIME-Version: 1.0\r\n");
  CHECK_CONTAINS(z, "\r\nContent-Type: text/plain; charset=UTF-8\r\n");
  CHECK_CONTAINS(z, "\r\nContent-Transfer-Encoding: quoted-printable\r\n");
  CHECK_CONTAINS(z, "\r\n\r\nHello Jo.\r\nYour code: 1234.\r\n");
  int bare;
  CHECK(longest_line(z, &bare) <= 78);
  CHECK(!bare);
  buf_reset(&b);
  /* bad addresses are refused, not sent */
  m.zTo = "jo@example.org>\r\nRCPT TO:<all@example.org";
  CHECK_INT(mail_format(&m, &b, zErr, sizeof zErr), -1);
  CHECK_CONTAINS(zErr, "recipient");
  buf_reset(&b);
}

TEST(mail_date_is_rfc5322){
  char z[32];
  mail_date(0, z);
  CHECK_STR(z, "Thu, 1 Jan 1970 00:00:00 +0000");
  mail_date(1795435200, z);
  CHECK_STR(z, "Mon, 23 Nov 2026 12:00:00 +0000");
}

TEST(mail_utf8_check){
  CHECK(mail_utf8_ok("plain", 5));
  CHECK(mail_utf8_ok("é✓📮", strlen("é✓📮")));
  CHECK(!mail_utf8_ok("\xc3", 1));           /* cut short */
  CHECK(!mail_utf8_ok("\xc0\xaf", 2));       /* overlong */
  CHECK(!mail_utf8_ok("\xed\xa0\x80", 3));   /* a surrogate */
}

TEST(sms_template_form_and_json){
  SmsConfig c = { "https://sms.example.org/send", SMS_FORM, 0, 0, 0, 0 };
  Buf b = BUF_INIT;
  sms_render(&c, "+447700900123", "Vote now: code \"A&B\" é", &b);
  CHECK_STR(buf_str(&b), "to=%2B447700900123&body=Vote%20now%3A%20code%20%22A%26B%22%20%C3%A9");
  buf_reset(&b);
  c.format = SMS_JSON;
  sms_render(&c, "+447700900123", "Line 1\nsaid \"hi\"\\", &b);
  CHECK_STR(buf_str(&b), "{\"to\":\"+447700900123\",\"body\":\"Line 1\\nsaid \\\"hi\\\"\\\\\"}");
  json_error_t err;
  json_t *j = json_loads(buf_str(&b), 0, &err);
  CHECK(j!=0);
  json_decref(j);
  buf_reset(&b);
  c.zTemplate = "{\"messages\":[{\"destination\":{to},\"content\":{body},\"source\":\"UNION\"}]}";
  sms_render(&c, "+447700900123", "x", &b);
  CHECK_STR(buf_str(&b), "{\"messages\":[{\"destination\":\"+447700900123\",\"content\":\"x\",\"source\":\"UNION\"}]}");
  buf_reset(&b);
  char zErr[200];
  CHECK_INT(sms_template_check("to={to}", zErr, sizeof zErr), -1);
  CHECK_INT(sms_url_check("https://user:pw@sms.example.org/", zErr, sizeof zErr), -1);
  CHECK_INT(sms_url_check("file:///etc/passwd", zErr, sizeof zErr), -1);
  CHECK_INT(sms_url_check("https://sms.example.org/send", zErr, sizeof zErr), 0);
}

TEST(smtp_url_forms){
  char zErr[300];
  CHECK_INT(smtp_url_check("smtp+starttls://smtp.example.org:587", zErr, sizeof zErr), 0);
  CHECK_INT(smtp_url_check("smtps://smtp.example.org", zErr, sizeof zErr), 0);
  CHECK_INT(smtp_url_check("smtp://127.0.0.1:2525", zErr, sizeof zErr), 0);
  CHECK_INT(smtp_url_check("smtps://jo:secret@smtp.example.org", zErr, sizeof zErr), -1);
  CHECK_CONTAINS(zErr, "MANDATE_SMTP_PASSWORD");
  CHECK_INT(smtp_url_check("http://smtp.example.org", zErr, sizeof zErr), -1);
  CHECK_INT(smtp_url_check("smtp://", zErr, sizeof zErr), -1);
}

/* A fresh database in the test directory; caller closes. */
static Db *outbox_db(const char *zName){
  char zPath[600];
  snprintf(zPath, sizeof zPath, "%s/%s", test_tmpdir(), zName);
  Db *db = 0;
  char *zErr = 0;
  if( db_open(zPath, DB_OPEN_CREATE, &db, &zErr) ){
    test_fail(__FILE__, __LINE__, "db_open: %s", zErr);
    free(zErr);
  }
  return db;
}

static int64_t count_state(Db *db, const char *zState){
  return db_query_int(db, "SELECT count(*) FROM outbox WHERE state=?", zState);
}

TEST(outbox_enqueue_is_all_or_nothing){
  Db *db = outbox_db("outbox_enqueue.db");
  if( !db ) return;
  OutboxNew a[3] = {
    { "email", "Jo@Example.ORG", "Your credential", "Hello", "credential", 0, 0 },
    { "sms", "07700 900123", 0, "Vote today", "reminder", 0, 0 },
    { "email", "not an address", "x", "y", "credential", 0, 0 } };
  char *zErr = 0;
  int64_t aId[3];
  CHECK_INT(outbox_enqueue(db, a, 3, aId, &zErr), -1);
  CHECK_CONTAINS(zErr, "message 3");
  free(zErr); zErr = 0;
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM outbox", 0), 0);
  CHECK_INT(outbox_enqueue(db, a, 2, aId, &zErr), 0);
  CHECK_INT(count_state(db, "queued"), 2);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM outbox WHERE recipient='Jo@example.org'", 0), 1);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM outbox WHERE recipient='+447700900123'", 0), 1);
  CHECK_INT(db_query_int(db, "SELECT count(DISTINCT message_id) FROM outbox", 0), 2);
  /* a subject with a text message, or none with an email, is refused */
  OutboxNew bad1 = { "sms", "+447700900123", "Subject", "x", "reminder", 0, 0 };
  OutboxNew bad2 = { "email", "jo@example.org", "", "x", "reminder", 0, 0 };
  OutboxNew bad3 = { "email", "jo@example.org", "s", "x", "Bad Purpose!", 0, 0 };
  CHECK_INT(outbox_enqueue(db, &bad1, 1, 0, &zErr), -1); free(zErr); zErr = 0;
  CHECK_INT(outbox_enqueue(db, &bad2, 1, 0, &zErr), -1); free(zErr); zErr = 0;
  CHECK_INT(outbox_enqueue(db, &bad3, 1, 0, &zErr), -1); free(zErr); zErr = 0;
  db_close(db);
}

TEST(outbox_unreachable_server_keeps_messages_queued_then_recovers){
  Db *db = outbox_db("outbox_states.db");
  if( !db ) return;
  char *zErr = 0;
  /* port 1 on loopback: nothing listens, the connection is refused */
  CHECK_INT(outbox_config_set(db, "smtp_url", "smtp://127.0.0.1:1", &zErr), 0);
  CHECK_INT(outbox_config_set(db, "from", "ballots@union.example.org", &zErr), 0);
  CHECK_INT(outbox_config_set(db, "max_attempts", "2", &zErr), 0);
  CHECK_INT(outbox_config_set(db, "smtp_url", "smtps://u:p@host", &zErr), -1);
  free(zErr); zErr = 0;
  OutboxNew a[3] = {
    { "email", "a@example.org", "Reminder", "Vote", "reminder", 0, 0 },
    { "email", "b@example.org", "Reminder", "Vote", "reminder", 0, 0 },
    { "sms", "+447700900123", 0, "Vote", "reminder", 0, 0 } };
  int64_t aId[3];
  CHECK_INT(outbox_enqueue(db, a, 3, aId, &zErr), 0);
  char *zMsgId = 0;
  {
    DbStmt *s = db_prepare(db, "SELECT message_id FROM outbox WHERE id=?");
    db_bind_int(s, 1, aId[0]);
    if( db_step(s)==DB_ROW ) zMsgId = xstrdup(db_col_text(s, 0));
    db_finalize(s);
  }
  CHECK(zMsgId && strstr(zMsgId, "@union.example.org"));
  OutboxConfig cfg;
  CHECK_INT(outbox_config_load(db, &cfg, &zErr), 0);
  OutboxRun run;
  memset(&run, 0, sizeof run);
  /* only email is configured: the text message is not claimed */
  CHECK_INT(outbox_send_batch(db, &cfg, 10, 0, &run, &zErr), 2);
  CHECK_INT(run.nRetry, 2);
  CHECK_INT(count_state(db, "queued"), 3);
  CHECK_CONTAINS(run.zLastError, "could not deliver");
  /* the first was tried (1 attempt); the second was given back untried */
  CHECK_INT(db_query_int(db, "SELECT sum(attempts) FROM outbox WHERE channel='email'", 0), 1);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM outbox WHERE last_error IS NOT NULL AND channel='email'", 0), 2);
  /* waiting for the backoff: nothing is due */
  CHECK_INT(outbox_send_batch(db, &cfg, 10, 0, &run, &zErr), 0);
  CHECK(outbox_seconds_to_next(db, &cfg) > 0);
  /* retry --all makes them due; a second failure uses up max_attempts=2 for the first */
  int64_t n = 0;
  CHECK_INT(outbox_retry_all(db, &n, &zErr), 0);
  CHECK_INT(n, 2);
  CHECK_INT(outbox_send_batch(db, &cfg, 10, 0, &run, &zErr), 2);
  CHECK_INT(count_state(db, "failed"), 1);
  /* a failed one can be retried by id: re-sent, attempts start again, same Message-ID */
  CHECK_INT(outbox_retry(db, aId[0], &zErr), 0);
  CHECK_INT(db_query_int(db, "SELECT resends FROM outbox WHERE message_id=?", zMsgId), 1);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM outbox WHERE message_id=? AND state='queued'", zMsgId), 1);
  /* a crash while sending: recovery puts the rows back, same Message-ID */
  db_exec(db, "UPDATE outbox SET state='sending' WHERE channel='email'");
  CHECK_INT(outbox_recover(db, &n, &zErr), 0);
  CHECK_INT(n, 2);
  CHECK_INT(count_state(db, "sending"), 0);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM outbox WHERE message_id=?", zMsgId), 1);
  /* retry refuses a message that was sent */
  db_exec(db, "UPDATE outbox SET state='sent' WHERE channel='sms'");
  CHECK_INT(outbox_retry(db, aId[2], &zErr), -1);
  CHECK_CONTAINS(zErr, "sent already");
  free(zErr); zErr = 0;
  CHECK_INT(outbox_retry(db, 999, &zErr), -1);
  free(zErr); zErr = 0;
  /* the configuration as JSON never holds a secret */
  setenv("MANDATE_SMTP_PASSWORD", "hunter2-secret", 1);
  outbox_config_clear(&cfg);
  CHECK_INT(outbox_config_load(db, &cfg, &zErr), 0);
  json_t *j = outbox_config_json(&cfg);
  char *zJson = json_dumps(j, 0);
  CHECK(strstr(zJson, "hunter2")==0);
  CHECK_CONTAINS(zJson, "\"set\": true");
  free(zJson);
  json_decref(j);
  unsetenv("MANDATE_SMTP_PASSWORD");
  outbox_config_clear(&cfg);
  free(zMsgId);
  db_close(db);
}
