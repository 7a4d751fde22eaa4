/* cmd_outbox.c: `mandate outbox send|list|retry` (the durable outbox of
** email and text messages) and `mandate mail config|test` (where mail goes
** and a test message through it). See docs/mail.md. */
#include "cli.h"
#include "../domain/ballot.h"
#include "../domain/dispatch.h"
#include "../domain/outbox.h"
#include "../mail/smtp.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char zOutboxUsage[] =
  "usage: mandate outbox send [--once] [--batch N] --db PATH\n"
  "       mandate outbox enqueue --to ADDRESS|--to-file FILE --subject S\n"
  "                              --body-file FILE [--sms] [--purpose P] --db PATH\n"
  "       mandate outbox list [--state S] [--limit N] [--json] --db PATH\n"
  "       mandate outbox retry ID|--all --db PATH\n"
  "       mandate outbox bounces [--mbox] FILE... --db PATH\n"
  "\n"
  "Every email and text message mandate sends goes through the outbox, a\n"
  "table in the database: queued, sending, sent, failed or bounced. Nothing\n"
  "queued is lost by a crash or a restart; a message is sent at least once,\n"
  "and a repeat carries the same Message-ID. Configure where mail goes with\n"
  "'mandate mail config'. 'mandate outbox SUBCOMMAND --help' tells more; see\n"
  "docs/mail.md.\n";

static const char zSendUsage[] =
  "usage: mandate outbox send [--once] [--batch N] --db PATH\n"
  "\n"
  "Send what is due in the outbox, by SMTP and through the SMS gateway, and\n"
  "keep running, sending new messages as they are queued, until stopped\n"
  "(Ctrl-C or SIGTERM: the batch in hand is finished first). Messages that\n"
  "a stopped or crashed sender left in 'sending' are sent again first, with\n"
  "their Message-ID. Only one sender runs per database (a lock file,\n"
  "PATH-outbox.lock); 'mandate serve' is one too, unless --no-send. Reminder\n"
  "waves that are due are queued first ('mandate remind send'). Prints counts\n"
  "only: never an address or a message.\n"
  "\n"
  "  --once      send what is due now, then stop\n"
  "  --batch N   claim at most N messages at a time (default 50)\n"
  "  --db PATH   the database\n";

static const char zEnqueueUsage[] =
  "usage: mandate outbox enqueue --to ADDRESS|--to-file FILE --subject S\n"
  "                              --body-file FILE [--sms] [--purpose P] --db PATH\n"
  "\n"
  "Queue one message to each recipient, all in one transaction: every one or,\n"
  "if any recipient is wrong, none (the error names its line). A sender sends\n"
  "them ('mandate outbox send').\n"
  "\n"
  "  --to ADDRESS      one recipient: an email address, or with --sms a mobile\n"
  "  --to-file FILE    one recipient a line (blank lines skipped)\n"
  "  --subject S       the subject (email only), any UTF-8\n"
  "  --body-file FILE  the text, UTF-8 (\"-\": standard input)\n"
  "  --sms             text messages instead of email\n"
  "  --purpose P       what they are for (default notice): credential, reminder,\n"
  "                    tracker, test, notice, ...\n";

static const char zListUsage[] =
  "usage: mandate outbox list [--state S] [--limit N] [--json] --db PATH\n"
  "\n"
  "The newest messages in the outbox (never their text), and how many are in\n"
  "each state.\n"
  "\n"
  "  --state S   only queued, sending, sent, failed or bounced\n"
  "  --limit N   at most N (default 50)\n"
  "  --json      {counts:{queued,sending,sent,failed,bounced}, messages:[{id,\n"
  "              channel, recipient, subject, purpose, member_id, state,\n"
  "              attempts, resends, next_attempt_at, last_error, message_id,\n"
  "              created_at, sent_at}]}\n";

static const char zRetryUsage[] =
  "usage: mandate outbox retry ID|--all --db PATH\n"
  "\n"
  "Make message ID due now: a queued one waiting out its backoff, or a failed\n"
  "or bounced one (fix the address first: it keeps its Message-ID and counts\n"
  "as re-sent). --all: every failed message and every queued one that is\n"
  "waiting (not the bounced). A running sender picks them up; or run\n"
  "'mandate outbox send --once'.\n";

static const char zMailUsage[] =
  "usage: mandate mail config [--smtp-url URL] [--from ADDRESS] [...] --db PATH\n"
  "       mandate mail test --to ADDRESS|NUMBER [--sms] --db PATH\n"
  "\n"
  "Where mail and text messages go, and a test message through the outbox.\n"
  "'mandate mail SUBCOMMAND --help' tells more; see docs/mail.md.\n";

static const char zConfigUsage[] =
  "usage: mandate mail config [--smtp-url URL] [--smtp-username NAME]\n"
  "                           [--from ADDRESS] [--from-name NAME]\n"
  "                           [--ca-file FILE] [--sms-url URL]\n"
  "                           [--sms-format form|json] [--sms-template T]\n"
  "                           [--max-attempts N] [--link-base URL]\n"
  "                           [--unset KEY] [--json] --db PATH\n"
  "\n"
  "Set the mail configuration, stored in the database (meta keys mail.*),\n"
  "then print it. With no option, just print it.\n"
  "\n"
  "  --smtp-url URL        smtp+starttls://HOST:587 (STARTTLS, required),\n"
  "                        smtps://HOST:465 (TLS from the start), or\n"
  "                        smtp://HOST:PORT (no TLS: only for a relay on\n"
  "                        this machine, and tests)\n"
  "  --smtp-username NAME  log in as NAME (the password is never stored:\n"
  "                        $MANDATE_SMTP_PASSWORD, or a 0600 file named by\n"
  "                        $MANDATE_SMTP_PASSWORD_FILE)\n"
  "  --from ADDRESS        the sender, e.g. ballots@example.org\n"
  "  --from-name NAME      the sender's name, e.g. \"Union Ballots\"\n"
  "  --ca-file FILE        trust this CA bundle instead of the system's\n"
  "  --sms-url URL         the SMS gateway: an https:// URL to POST to\n"
  "  --sms-format F        form (default) or json\n"
  "  --sms-template T      the POST body, with {to} and {body} in it (default\n"
  "                        to={to}&body={body}, or {\"to\":{to},\"body\":{body}});\n"
  "                        the token goes as \"Authorization: Bearer\", from\n"
  "                        $MANDATE_SMS_TOKEN or the 0600 file $MANDATE_SMS_TOKEN_FILE\n"
  "  --max-attempts N      give up (failed) after N attempts (default 10)\n"
  "  --link-base URL       the union's public web address, https://HOST, for\n"
  "                        the links in members' mail (a tracker email's link,\n"
  "                        the reminder form's default); http:// only for\n"
  "                        this machine (localhost, 127.0.0.1)\n"
  "  --unset KEY           remove a setting: smtp_url, smtp_username, from,\n"
  "                        from_name, ca_file, sms_url, sms_format,\n"
  "                        sms_template, max_attempts, link_base\n"
  "  --json                print the configuration as JSON\n";

static const char zTestUsage[] =
  "usage: mandate mail test --to ADDRESS|NUMBER [--sms] --db PATH\n"
  "\n"
  "Queue one test message (purpose 'test') to ADDRESS, or with --sms to a\n"
  "mobile NUMBER, and send it now; print what the server said. When a sender\n"
  "is already running on this database, it sends it instead: see 'mandate\n"
  "outbox list'. Exit 0 when the server took it, 1 when not.\n";

/* A whole number 1..nMax from option zOpt; prints why and returns -1. */
static int parse_count(const char *zCmd, const char *zOpt, const char *z, long nMax, long *pN){
  char *zEnd = 0;
  errno = 0;
  long n = (z[0]>='0' && z[0]<='9') ? strtol(z, &zEnd, 10) : -1;
  if( n<1 || errno || *zEnd || n>nMax ){
    fprintf(stderr, "mandate %s: %s: expected a whole number from 1 to %ld, got \"%s\"\n",
            zCmd, zOpt, nMax, z);
    return -1;
  }
  *pN = n;
  return 0;
}

static volatile sig_atomic_t stopRequested = 0;
static void on_stop(int sig){ (void)sig; stopRequested = 1; }

/* Print what a run did, counts only. */
static void print_run(const OutboxRun *r){
  printf("sent %lld, to retry %lld, bounced %lld, failed %lld\n",
         (long long)r->nSent, (long long)r->nRetry, (long long)r->nBounced, (long long)r->nFailed);
  fflush(stdout);
}

/* The sender's counts across ticks, for the batch callback. */
typedef struct SendTotals SendTotals;
struct SendTotals {
  OutboxRun total;     /* every tick before this one */
  int once;            /* --once: print only at the end */
};

/* Add the counts of b to a. */
static void run_add(OutboxRun *a, const OutboxRun *b){
  a->nSent += b->nSent;
  a->nRetry += b->nRetry;
  a->nBounced += b->nBounced;
  a->nFailed += b->nFailed;
  if( b->zLastError[0] ) memcpy(a->zLastError, b->zLastError, sizeof a->zLastError);
}

/* After each batch: the counts so far (as before the shared loop). */
static void on_batch(const OutboxRun *pTick, void *pArg){
  SendTotals *t = pArg;
  if( t->once ) return;
  OutboxRun sum = t->total;
  run_add(&sum, pTick);
  print_run(&sum);
}

/*
** mandate outbox send [--once] [--batch N] --db PATH
*/
static int outbox_send_cmd(int argc, char **argv){
  const char *zDb = 0, *zBatch = 0;
  int once = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--once", 0, &once },
                          { "--batch", &zBatch, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zSendUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zSendUsage) ) return EXIT_USAGE;
  long nBatch = 50;
  if( zBatch && parse_count(argv[0], "--batch", zBatch, 10000, &nBatch) ) return EXIT_USAGE;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  OutboxConfig cfg;
  char *zErr = 0;
  Dispatch d;
  SendTotals tot;
  memset(&tot, 0, sizeof tot);
  tot.once = once;
  dispatch_init(&d, zDb, (int)nBatch);
  d.pStop = &stopRequested;
  d.xBatch = on_batch;
  d.pArg = &tot;
  rc = EXIT_USER;
  if( outbox_config_load(db, &cfg, &zErr) ){ cli_error("%s", zErr); goto out; }
  char zWhyEmail[300], zWhySms[300];
  if( !outbox_channel_ready(&cfg, "email", zWhyEmail, sizeof zWhyEmail)
      && !outbox_channel_ready(&cfg, "sms", zWhySms, sizeof zWhySms) ){
    cli_error("nothing can be sent: %s; %s", zWhyEmail, zWhySms);
    goto out;
  }
  int64_t nBack = 0;
  int r = dispatch_lock(&d, db, &nBack, &zErr);
  if( r<0 ){ cli_error("%s", zErr); goto out; }
  if( r>0 ){ cli_error("another sender is running on %s (mandate serve, or another 'outbox send'); it sends the outbox", zDb); goto out; }
  if( nBack ){
    printf("%lld message%s left in 'sending' by a sender that stopped: sent again, same Message-ID\n",
           (long long)nBack, nBack==1 ? "" : "s");
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigaction(SIGINT, &sa, 0);
  sigaction(SIGTERM, &sa, 0);
  while( !stopRequested ){
    DispatchTick t;
    char zNow[BALLOT_TIME];
    ballot_now(zNow);
    int tr = dispatch_tick(&d, db, zNow, &t, &zErr);
    run_add(&tot.total, &t.run);
    if( t.waves.nWave ){
      printf("reminder waves due: %d, %lld message%s queued, %lld held out\n", t.waves.nWave,
             (long long)t.waves.nQueued, t.waves.nQueued==1 ? "" : "s", (long long)t.waves.nHeld);
      fflush(stdout);
    }
    if( t.nTrackers ){
      printf("tracker emails queued for ballots cast: %lld\n", (long long)t.nTrackers);
      fflush(stdout);
    }
    if( tr ){ cli_error("%s", zErr); goto out; }
    if( once ) break;
    int64_t wait = t.nextDue;
    if( wait<0 || wait>5 ) wait = 5;         /* notice new messages soon */
    for(int64_t i=0; i<wait && !stopRequested; i++) sleep(1);
    if( wait==0 ) sleep(1);
  }
  print_run(&tot.total);
  if( tot.total.nRetry || tot.total.nBounced || tot.total.nFailed ){
    printf("last problem: %s\n(mandate outbox list --state queued|bounced|failed)\n", tot.total.zLastError);
  }
  rc = EXIT_OK;
out:
  free(zErr);
  dispatch_clear(&d);
  outbox_config_clear(&cfg);
  db_close(db);
  mail_curl_cleanup();
  return rc;
}

/*
** mandate outbox enqueue --to ADDRESS|--to-file FILE --subject S --body-file FILE ...
*/
static int outbox_enqueue_cmd(int argc, char **argv){
  const char *zDb = 0, *zTo = 0, *zToFile = 0, *zSubject = 0, *zBodyFile = 0, *zPurpose = "notice";
  int sms = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--to", &zTo, 0 }, { "--to-file", &zToFile, 0 },
                          { "--subject", &zSubject, 0 }, { "--body-file", &zBodyFile, 0 },
                          { "--purpose", &zPurpose, 0 }, { "--sms", 0, &sms }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zEnqueueUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zEnqueueUsage) ) return EXIT_USAGE;
  if( (zTo==0)==(zToFile==0) || zBodyFile==0 || (!sms && zSubject==0) ){
    fprintf(stderr, "mandate %s: give --to or --to-file, --body-file, and --subject for email\n%s",
            argv[0], zEnqueueUsage);
    return EXIT_USAGE;
  }
  Buf body = BUF_INIT, list = BUF_INIT;
  OutboxNew *a = 0;
  int n = 0;
  int *aLine = 0;
  Db *db = 0;
  rc = EXIT_USER;
  if( cli_read_file(zBodyFile, &body) ) goto out;
  if( zToFile && cli_read_file(zToFile, &list) ) goto out;
  if( zTo ) buf_puts(&list, zTo);
  /* One recipient a line: cut the list in place. */
  char *p = list.z ? list.z : (char*)"";
  for(int line=1; *p; line++){
    char *zEnd = strchr(p, '\n');
    if( zEnd ) *zEnd = 0;
    size_t k = strlen(p);
    while( k && (p[k-1]=='\r' || p[k-1]==' ') ) p[--k] = 0;
    while( *p==' ' ) p++;
    if( *p ){
      a = xrealloc(a, (size_t)(n+1)*sizeof(*a));
      aLine = xrealloc(aLine, (size_t)(n+1)*sizeof(int));
      a[n] = (OutboxNew){ sms ? "sms" : "email", p, sms ? 0 : zSubject, buf_str(&body), zPurpose, 0, 0 };
      aLine[n++] = line;
    }
    if( !zEnd ) break;
    p = zEnd+1;
  }
  if( n==0 ){ cli_error("no recipients"); goto out; }
  if( (db = cli_open_db(zDb, 0))==0 ) goto out;
  char *zErr = 0;
  if( outbox_enqueue(db, a, n, 0, &zErr) ){
    int k = 0;
    if( zToFile && sscanf(zErr, "message %d", &k)==1 && k>=1 && k<=n ){
      cli_error("%s:%d: %s; nothing was queued", zToFile, aLine[k-1], strchr(zErr, ':')+2);
    }else{
      cli_error("%s; nothing was queued", zErr);
    }
    free(zErr);
    goto out;
  }
  printf("queued %d message%s\n", n, n==1 ? "" : "s");
  rc = EXIT_OK;
out:
  db_close(db);
  free(a);
  free(aLine);
  buf_reset(&body);
  buf_reset(&list);
  return rc;
}

/*
** mandate outbox list [--state S] [--limit N] [--json] --db PATH
*/
static int outbox_list_cmd(int argc, char **argv){
  const char *zDb = 0, *zState = 0, *zLimit = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--state", &zState, 0 },
                          { "--limit", &zLimit, 0 }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zListUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zListUsage) ) return EXIT_USAGE;
  if( zState && !outbox_state_ok(zState) ){
    fprintf(stderr, "mandate %s: --state: expected queued, sending, sent, failed or bounced, got \"%s\"\n",
            argv[0], zState);
    return EXIT_USAGE;
  }
  long nLimit = 50;
  if( zLimit && parse_count(argv[0], "--limit", zLimit, 1000000, &nLimit) ) return EXIT_USAGE;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  int64_t an[OUTBOX_NSTATE];
  json_t *a = outbox_list_json(db, zState, (int)nLimit);
  if( a==0 || outbox_counts(db, an) ){
    cli_error("%s", db_errmsg(db));
    json_decref(a);
    db_close(db);
    return EXIT_USER;
  }
  if( asJson ){
    json_t *o = json_object(), *c = json_object();
    for(int i=0; i<OUTBOX_NSTATE; i++) json_object_set_new(c, outbox_azState[i], json_integer((json_int_t)an[i]));
    json_object_set_new(o, "counts", c);
    json_object_set_new(o, "messages", a);
    cli_print_json(o);
  }else{
    printf("%6s %-8s %-5s %3s %-11s %-30s %-20s %s\n", "id", "state", "chan", "try",
           "purpose", "recipient", "when", "last error");
    for(size_t i=0; i<json_array_size(a); i++){
      json_t *m = json_array_get(a, i);
      const char *zSt = json_string_value(json_object_get(m, "state"));
      const char *zWhen = strcmp(zSt, "sent")==0 ? json_string_value(json_object_get(m, "sent_at"))
                        : strcmp(zSt, "queued")==0 ? json_string_value(json_object_get(m, "next_attempt_at"))
                        : json_string_value(json_object_get(m, "created_at"));
      const char *zLast = json_string_value(json_object_get(m, "last_error"));
      printf("%6lld %-8s %-5s %3lld %-11s %-30.30s %-20s %s\n",
             (long long)json_integer_value(json_object_get(m, "id")), zSt,
             json_string_value(json_object_get(m, "channel")),
             (long long)json_integer_value(json_object_get(m, "attempts")),
             json_string_value(json_object_get(m, "purpose")),
             json_string_value(json_object_get(m, "recipient")),
             zWhen ? zWhen : "", zLast ? zLast : "");
    }
    if( json_array_size(a)==0 ) printf("(none)\n");
    printf("queued %lld, sending %lld, sent %lld, failed %lld, bounced %lld\n",
           (long long)an[0], (long long)an[1], (long long)an[2], (long long)an[3], (long long)an[4]);
    json_decref(a);
  }
  db_close(db);
  return EXIT_OK;
}

/*
** mandate outbox retry ID|--all --db PATH
*/
static int outbox_retry_cmd(int argc, char **argv){
  const char *zDb = 0;
  int all = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--all", 0, &all }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zRetryUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zRetryUsage) ) return EXIT_USAGE;
  if( (nPos==1)==all ){
    fprintf(stderr, "mandate %s: give a message ID or --all\n%s", argv[0], zRetryUsage);
    return EXIT_USAGE;
  }
  long id = 0;
  if( nPos==1 && parse_count(argv[0], "ID", azPos[0], 2000000000L, &id) ) return EXIT_USAGE;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  char *zErr = 0;
  int64_t n = 0;
  if( all ? outbox_retry_all(db, &n, &zErr) : outbox_retry(db, id, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    db_close(db);
    return EXIT_USER;
  }
  if( all ) printf("%lld message%s due now\n", (long long)n, n==1 ? "" : "s");
  else printf("message %ld is due now\n", id);
  db_close(db);
  return EXIT_OK;
}

int cmd_outbox(int argc, char **argv){
  static const CliSub aSub[] = {
    { "send",  "outbox send",  outbox_send_cmd },
    { "enqueue", "outbox enqueue", outbox_enqueue_cmd },
    { "list",  "outbox list",  outbox_list_cmd },
    { "retry", "outbox retry", outbox_retry_cmd },
    { "bounces", "outbox bounces", cmd_outbox_bounces },
  };
  return cli_subcommand(argc, argv, aSub, (int)(sizeof(aSub)/sizeof(aSub[0])), zOutboxUsage);
}

/* Print the configuration, secrets as where they come from only. */
static void print_config(const OutboxConfig *p){
  const char *zNot = "(not set)";
  printf("smtp_url       %s\n", p->zSmtpUrl ? p->zSmtpUrl : zNot);
  printf("smtp_username  %s\n", p->zSmtpUsername ? p->zSmtpUsername : zNot);
  printf("smtp password  %s%s\n", p->zSmtpPassword ? "set, from " : zNot,
         p->zSmtpPassword ? p->zPasswordFrom : "");
  printf("from           %s\n", p->zFrom ? p->zFrom : zNot);
  printf("from_name      %s\n", p->zFromName ? p->zFromName : zNot);
  printf("ca_file        %s\n", p->zCaFile ? p->zCaFile : "(the system's)");
  printf("sms_url        %s\n", p->zSmsUrl ? p->zSmsUrl : zNot);
  printf("sms_format     %s\n", p->smsFormat ? "json" : "form");
  printf("sms_template   %s\n", p->zSmsTemplate ? p->zSmsTemplate : "(the default)");
  printf("sms token      %s%s\n", p->zSmsToken ? "set, from " : zNot, p->zSmsToken ? p->zTokenFrom : "");
  printf("max_attempts   %d\n", p->maxAttempts);
  printf("link_base      %s\n", p->zLinkBase ? p->zLinkBase : "(not set: tracker emails carry no link)");
  char zWhy[300];
  printf("email          %s\n", outbox_channel_ready(p, "email", zWhy, sizeof zWhy) ? "ready" : zWhy);
  printf("sms            %s\n", outbox_channel_ready(p, "sms", zWhy, sizeof zWhy) ? "ready" : zWhy);
}

/*
** mandate mail config [--smtp-url URL] ... [--unset KEY] [--json] --db PATH
*/
static int mail_config_cmd(int argc, char **argv){
  const char *zDb = 0, *zUnset = 0;
  const char *azVal[10] = { 0 };    /* in outbox_azConfigKey order */
  int asJson = 0;
  const CliOpt aOpt[] = {
    { "--db", &zDb, 0 }, { "--json", 0, &asJson }, { "--unset", &zUnset, 0 },
    { "--smtp-url", &azVal[0], 0 }, { "--smtp-username", &azVal[1], 0 },
    { "--from", &azVal[2], 0 }, { "--from-name", &azVal[3], 0 },
    { "--ca-file", &azVal[4], 0 }, { "--sms-url", &azVal[5], 0 },
    { "--sms-format", &azVal[6], 0 }, { "--sms-template", &azVal[7], 0 },
    { "--max-attempts", &azVal[8], 0 }, { "--link-base", &azVal[9], 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zConfigUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zConfigUsage) ) return EXIT_USAGE;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  char *zErr = 0;
  OutboxConfig cfg;
  memset(&cfg, 0, sizeof cfg);
  rc = EXIT_USER;
  /* All settings or none. */
  if( db_begin(db) ){ cli_error("%s", db_errmsg(db)); goto out; }
  for(int i=0; i<outbox_nConfigKey && i<10; i++){
    if( azVal[i] && outbox_config_set(db, outbox_azConfigKey[i], azVal[i], &zErr) ) break;
  }
  if( zErr==0 && zUnset ) outbox_config_set(db, zUnset, 0, &zErr);
  if( zErr ){
    db_rollback(db);
    cli_error("%s; nothing was changed", zErr);
    goto out;
  }
  if( db_commit(db) ){ cli_error("%s", db_errmsg(db)); db_rollback(db); goto out; }
  if( outbox_config_load(db, &cfg, &zErr) ){ cli_error("%s", zErr); goto out; }
  if( asJson ) cli_print_json(outbox_config_json(&cfg));
  else print_config(&cfg);
  rc = EXIT_OK;
out:
  free(zErr);
  outbox_config_clear(&cfg);
  db_close(db);
  return rc;
}

/*
** mandate mail test --to ADDRESS|NUMBER [--sms] --db PATH
*/
static int mail_test_cmd(int argc, char **argv){
  const char *zDb = 0, *zTo = 0;
  int sms = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--to", &zTo, 0 }, { "--sms", 0, &sms }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zTestUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zTestUsage) ) return EXIT_USAGE;
  if( zTo==0 ){ fprintf(stderr, "mandate %s: --to is required\n%s", argv[0], zTestUsage); return EXIT_USAGE; }
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  OutboxConfig cfg;
  char *zErr = 0;
  int lockFd = -1;
  json_t *m = 0;
  rc = EXIT_USER;
  if( outbox_config_load(db, &cfg, &zErr) ){ cli_error("%s", zErr); goto out; }
  const char *zChannel = sms ? "sms" : "email";
  char zWhy[300];
  if( !outbox_channel_ready(&cfg, zChannel, zWhy, sizeof zWhy) ){ cli_error("%s", zWhy); goto out; }
  OutboxNew msg = { zChannel, zTo,
    sms ? 0 : "mandate: a test message \xe2\x80\x94 it works",
    sms ? "A test message from mandate: text messages reach you."
        : "This is a test message from mandate.\n\n"
          "If you can read it, email from mandate reaches you: ballot credentials,\n"
          "reminders and trackers will arrive the same way.\n",
    "test", 0, 0 };
  int64_t id = 0;
  if( outbox_enqueue(db, &msg, 1, &id, &zErr) ){ cli_error("%s", zErr); goto out; }
  int r = outbox_sender_lock(zDb, &lockFd, &zErr);
  if( r<0 ){ cli_error("%s", zErr); goto out; }
  if( r>0 ){
    printf("queued as message %lld; the sender running on %s will send it "
           "(mandate outbox list)\n", (long long)id, zDb);
    rc = EXIT_OK;
    goto out;
  }
  OutboxRun run;
  memset(&run, 0, sizeof run);
  if( outbox_send_batch(db, &cfg, 1, id, &run, &zErr)<0 ){ cli_error("%s", zErr); goto out; }
  m = outbox_get_json(db, id);
  const char *zState = m ? json_string_value(json_object_get(m, "state")) : "?";
  const char *zLast = m ? json_string_value(json_object_get(m, "last_error")) : 0;
  if( zState && strcmp(zState, "sent")==0 ){
    printf("message %lld sent to %s (Message-ID <%s>)\n", (long long)id, zTo,
           json_string_value(json_object_get(m, "message_id")));
    rc = EXIT_OK;
  }else{
    cli_error("message %lld was not sent (%s): %s", (long long)id, zState ? zState : "?",
              zLast ? zLast : "no reason given");
  }
out:
  json_decref(m);
  free(zErr);
  outbox_sender_unlock(lockFd);
  outbox_config_clear(&cfg);
  db_close(db);
  mail_curl_cleanup();
  return rc;
}

int cmd_mail(int argc, char **argv){
  static const CliSub aSub[] = {
    { "config", "mail config", mail_config_cmd },
    { "test",   "mail test",   mail_test_cmd },
  };
  return cli_subcommand(argc, argv, aSub, (int)(sizeof(aSub)/sizeof(aSub[0])), zMailUsage);
}
