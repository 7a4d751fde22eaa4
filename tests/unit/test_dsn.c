/* test_dsn.c: bounce reports (src/mail/dsn.c) as real mail servers write
** them: Postfix (text/rfc822-headers), Exim and Exchange style
** (message/rfc822), a delay, an auto-reply, a report without the
** original's Message-ID, and an mbox of several. */
#include "test.h"
#include "../../src/mail/dsn.h"

typedef struct Got Got;
struct Got { int n; DsnReport a[8]; };

static void got_one(void *pArg, const DsnReport *p){
  Got *g = (Got*)pArg;
  if( g->n<8 ) g->a[g->n] = *p;
  g->n++;
}

static const char zPostfix[] =
  "Return-Path: <>\n"
  "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
  "Subject: Undelivered Mail Returned to Sender\n"
  "To: ballots@union.example\n"
  "Auto-Submitted: auto-replied\n"
  "MIME-Version: 1.0\n"
  "Content-Type: multipart/report; report-type=delivery-status;\n"
  "\tboundary=\"B1\"\n"
  "\n"
  "This is a MIME-encapsulated message.\n"
  "\n"
  "--B1\n"
  "Content-Type: text/plain; charset=us-ascii\n"
  "\n"
  "I'm sorry to have to inform you that your message could not\n"
  "be delivered to one or more recipients.\n"
  "\n"
  "--B1\n"
  "Content-Type: message/delivery-status\n"
  "\n"
  "Reporting-MTA: dns; mx.example.org\n"
  "Arrival-Date: Mon, 23 Nov 2026 10:00:00 +0000 (UTC)\n"
  "\n"
  "Final-Recipient: rfc822; nobody@members.example\n"
  "Original-Recipient: rfc822;nobody@members.example\n"
  "Action: failed\n"
  "Status: 5.1.1\n"
  "Remote-MTA: dns; mail.members.example\n"
  "Diagnostic-Code: smtp; 550 5.1.1 <nobody@members.example>: Recipient\n"
  "    address rejected: User unknown in virtual mailbox table\n"
  "\n"
  "--B1\n"
  "Content-Type: text/rfc822-headers\n"
  "\n"
  "From: Union Ballots <ballots@union.example>\n"
  "To: nobody@members.example\n"
  "Subject: Your voting code\n"
  "Message-ID: <0123456789abcdef0123456789abcdef@union.example>\n"
  "\n"
  "--B1--\n";

TEST(dsn_reads_a_postfix_bounce){
  Got g = { 0 };
  CHECK_INT(dsn_read(zPostfix, sizeof zPostfix - 1, 0, got_one, &g), 1);
  CHECK_INT(g.n, 1);
  CHECK_INT(g.a[0].kind, DSN_FAILED);
  CHECK_STR(g.a[0].zMessageId, "0123456789abcdef0123456789abcdef@union.example");
  CHECK_STR(g.a[0].zStatus, "5.1.1");
  CHECK_CONTAINS(g.a[0].zWhy, "550 5.1.1");
  CHECK_CONTAINS(g.a[0].zWhy, "Recipient address rejected: User unknown");   /* unfolded */
}

static const char zExchange[] =
  "From: postmaster@corp.example\r\n"
  "To: ballots@union.example\r\n"
  "Subject: Undeliverable: Reminder: Pay offer 2026\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: multipart/report; report-type=delivery-status; boundary=\"x-y-z\"\r\n"
  "\r\n"
  "--x-y-z\r\n"
  "Content-Type: text/plain\r\n"
  "\r\n"
  "Delivery has failed to these recipients.\r\n"
  "--x-y-z\r\n"
  "Content-Type: message/delivery-status\r\n"
  "\r\n"
  "Reporting-MTA: dns;corp.example\r\n"
  "\r\n"
  "Final-recipient: RFC822; full@corp.example\r\n"
  "Action: Failed\r\n"
  "Status: 5.2.2\r\n"
  "Diagnostic-Code: smtp;554 5.2.2 mailbox full\r\n"
  "\r\n"
  "--x-y-z\r\n"
  "Content-Type: message/rfc822\r\n"
  "\r\n"
  "Message-ID: <feedfacefeedfacefeedfacefeedface@union.example>\r\n"
  "From: ballots@union.example\r\n"
  "Subject: Reminder\r\n"
  "\r\n"
  "Please vote.\r\n"
  "--x-y-z--\r\n";

TEST(dsn_reads_an_exchange_bounce_quoting_the_whole_message){
  Got g = { 0 };
  CHECK_INT(dsn_read(zExchange, sizeof zExchange - 1, 0, got_one, &g), 1);
  CHECK_INT(g.a[0].kind, DSN_FAILED);
  CHECK_STR(g.a[0].zMessageId, "feedfacefeedfacefeedfacefeedface@union.example");
  CHECK_STR(g.a[0].zStatus, "5.2.2");
  CHECK_CONTAINS(g.a[0].zWhy, "mailbox full");
}

TEST(dsn_tells_delays_auto_replies_and_unmatched_reports_apart){
  char zDelay[sizeof zPostfix + 16];
  const char *p = strstr(zPostfix, "Action: failed");
  snprintf(zDelay, sizeof zDelay, "%.*sAction: delayed%s", (int)(p-zPostfix), zPostfix,
           p+strlen("Action: failed"));
  Got g = { 0 };
  dsn_read(zDelay, strlen(zDelay), 0, got_one, &g);
  CHECK_INT(g.a[0].kind, DSN_DELAYED);

  static const char zAuto[] = "From: member@members.example\nTo: ballots@union.example\n"
    "Subject: Out of office\nAuto-Submitted: auto-replied\n\nI am away until Monday.\n";
  g.n = 0;
  dsn_read(zAuto, sizeof zAuto - 1, 0, got_one, &g);
  CHECK_INT(g.a[0].kind, DSN_NOT_DSN);

  static const char zNoId[] = "From: mx@x.example\nMIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=q\n\n--q\n"
    "Content-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n"
    "Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.0.0\n\n--q--\n";
  g.n = 0;
  dsn_read(zNoId, sizeof zNoId - 1, 0, got_one, &g);
  CHECK_INT(g.a[0].kind, DSN_NO_ID);
}

TEST(dsn_reads_every_message_of_an_mbox){
  static char zMbox[8192];
  snprintf(zMbox, sizeof zMbox,
           "From MAILER-DAEMON Mon Nov 23 10:00:00 2026\n%s\n"
           "From postmaster Mon Nov 23 10:01:00 2026\n%s\n"
           "From member Mon Nov 23 10:02:00 2026\nFrom: m@x.example\nSubject: hi\n\nhello\n",
           zPostfix, "From: postmaster@corp.example\nTo: ballots@union.example\nMIME-Version: 1.0\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=k\n\n--k\n"
           "Content-Type: message/delivery-status\n\nReporting-MTA: dns; corp\n\n"
           "Final-Recipient: rfc822; full@corp.example\nAction: failed\nStatus: 5.2.2\n\n--k\n"
           "Content-Type: text/rfc822-headers\n\nMessage-ID: <second@union.example>\n\n--k--\n");
  Got g = { 0 };
  CHECK_INT(dsn_read(zMbox, strlen(zMbox), 1, got_one, &g), 3);
  CHECK_INT(g.a[0].kind, DSN_FAILED);
  CHECK_STR(g.a[1].zMessageId, "second@union.example");
  CHECK_INT(g.a[1].kind, DSN_FAILED);
  CHECK_INT(g.a[2].kind, DSN_NOT_DSN);
}
