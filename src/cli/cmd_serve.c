/* cmd_serve.c: `mandate serve`: open the database once (to migrate it and
** fail early), start the web server and the sender thread (due reminder
** waves into the outbox, the outbox out: dispatch.h), and stop both
** cleanly on SIGINT/SIGTERM. */
#include "cli.h"
#include "../store/db.h"
#include "../domain/ballot.h"
#include "../domain/dispatch.h"
#include "../domain/users.h"
#include "../mail/smtp.h"
#include "../web/http.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEND_INTERVAL 3     /* seconds between the sender's ticks, at most */

static const char zServeUsage[] =
  "usage: mandate serve --db PATH [--listen HOST:PORT] [--trust-proxy] [--no-send]\n"
  "\n"
  "Serve the web pages and the JSON API (/api/v1/) for the register in PATH,\n"
  "and send the mail: every few seconds, queue the reminder waves that are\n"
  "due and send what is due in the outbox (as 'mandate outbox send' does).\n"
  "\n"
  "  --db PATH          the database (create one with 'mandate init')\n"
  "  --listen HOST:PORT where to listen (default 127.0.0.1:8080); IPv6 as\n"
  "                     [::1]:8080. Anything but loopback belongs behind a\n"
  "                     TLS reverse proxy: session cookies are Secure.\n"
  "  --trust-proxy      take the client address from X-Forwarded-For (set\n"
  "                     by the proxy) for the login rate limit\n"
  "  --no-send          send nothing: leave the waves and the outbox to\n"
  "                     'mandate remind send' and 'mandate outbox send'\n"
  "\n"
  "Without a mail configuration ('mandate mail config') the due waves are\n"
  "still queued and wait in the outbox. When another sender holds the\n"
  "outbox (PATH-outbox.lock), the server leaves sending to it and tries\n"
  "again later. Its log gives counts only, never an address or a message.\n"
  "\n"
  "Add accounts with 'mandate user add'. Stop with Ctrl-C (SIGINT) or SIGTERM.\n";

/* The sender thread's state. */
typedef struct Sender Sender;
struct Sender {
  const char *zDb;                  /* borrowed: the database's path */
  volatile sig_atomic_t stop;       /* set (under mu) to stop */
  pthread_mutex_t mu;
  pthread_cond_t cv;                /* signalled on stop */
};

/* Wait up to nSec seconds, or until asked to stop. */
static void sender_wait(Sender *p, int64_t nSec){
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += (time_t)nSec;
  pthread_mutex_lock(&p->mu);
  while( !p->stop && pthread_cond_timedwait(&p->cv, &p->mu, &ts)!=ETIMEDOUT ){}
  pthread_mutex_unlock(&p->mu);
}

/* Log what a tick did, counts only, and what changed about the sender's
** situation (once each time it changes). */
static void sender_log(const DispatchTick *t, int *pSaidNoMail, int *pSaidOther){
  if( t->waves.nWave ){
    fprintf(stderr, "mandate: sender: %d reminder wave%s due: %lld message%s queued, %lld held out,"
            " %lld without an address\n", t->waves.nWave, t->waves.nWave==1 ? "" : "s",
            (long long)t->waves.nQueued, t->waves.nQueued==1 ? "" : "s",
            (long long)t->waves.nHeld, (long long)t->waves.nNoAddress);
  }
  if( !t->canSend ){
    if( !*pSaidNoMail ){
      fprintf(stderr, "mandate: sender: mail is not configured (%s): messages wait in the outbox,"
              " queued, until it is\n", t->zWhyNot);
    }
    *pSaidNoMail = 1;
    return;
  }
  if( *pSaidNoMail ) fprintf(stderr, "mandate: sender: mail is configured now: sending\n");
  *pSaidNoMail = 0;
  if( t->otherSender ){
    if( !*pSaidOther ){
      fprintf(stderr, "mandate: sender: another sender holds the outbox ('mandate outbox send'?):"
              " it sends; trying again later\n");
    }
    *pSaidOther = 1;
    return;
  }
  if( t->gotLock ){
    *pSaidOther = 0;
    if( t->nRecovered ){
      fprintf(stderr, "mandate: sender: %lld message%s left in 'sending' by a sender that stopped:"
              " sent again, same Message-ID\n", (long long)t->nRecovered, t->nRecovered==1 ? "" : "s");
    }
  }
  const OutboxRun *r = &t->run;
  if( r->nSent || r->nRetry || r->nBounced || r->nFailed ){
    fprintf(stderr, "mandate: sender: sent %lld, to retry %lld, bounced %lld, failed %lld\n",
            (long long)r->nSent, (long long)r->nRetry, (long long)r->nBounced, (long long)r->nFailed);
  }
}

/* The sender thread: its own connection, a tick every few seconds. */
static void *sender_main(void *pArg){
  Sender *p = pArg;
  Db *db = 0;
  char *zErr = 0;
  if( db_open(p->zDb, 0, &db, &zErr) ){
    fprintf(stderr, "mandate: sender: cannot open the database: %s; nothing will be sent\n", zErr ? zErr : "");
    free(zErr);
    return 0;
  }
  Dispatch d;
  dispatch_init(&d, p->zDb, 20);
  d.pStop = &p->stop;
  int saidNoMail = 0, saidOther = 0, saidError = 0;
  while( !p->stop ){
    DispatchTick t;
    char zNow[BALLOT_TIME];
    ballot_now(zNow);
    int rc = dispatch_tick(&d, db, zNow, &t, &zErr);
    sender_log(&t, &saidNoMail, &saidOther);
    if( rc ){
      /* a store error (busy, say): say it once, try again next tick */
      if( !saidError ) fprintf(stderr, "mandate: sender: %s; trying again\n", zErr ? zErr : "error");
      saidError = 1;
      free(zErr);
      zErr = 0;
    }else{
      saidError = 0;
    }
    int64_t wait = t.nextDue;
    if( wait<1 || wait>SEND_INTERVAL ) wait = SEND_INTERVAL;
    if( t.nextDue==0 && rc==0 && t.canSend && !t.otherSender ) wait = 1;
    sender_wait(p, wait);
  }
  dispatch_clear(&d);
  db_close(db);
  return 0;
}

/*
** mandate serve
*/
int cmd_serve(int argc, char **argv){
  const char *zDb = 0;
  const char *zListen = "127.0.0.1:8080";
  int trustProxy = 0, noSend = 0;
  char *azPos[1];
  int nPos = 0;
  const CliOpt aOpt[] = {
    { "--db", &zDb, 0 },
    { "--listen", &zListen, 0 },
    { "--trust-proxy", 0, &trustProxy },
    { "--no-send", 0, &noSend },
    { 0 }
  };
  int rc = cli_parse(argc, argv, aOpt, zServeUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( zDb==0 ){
    fprintf(stderr, "mandate serve: --db is required\n%s", zServeUsage);
    return EXIT_USAGE;
  }
  char zHost[256];
  int port;
  char *zErr = 0;
  if( http_parse_listen(zListen, zHost, sizeof zHost, &port, &zErr) ){
    fprintf(stderr, "mandate serve: %s\n", zErr);
    free(zErr);
    return EXIT_USAGE;
  }

  /* Open once in this thread: migrate, and fail before listening. */
  Db *db = 0;
  if( (db = cli_open_db(zDb, 0))==0 ){
    return EXIT_USER;
  }
  if( db_backup_path(db) ){
    printf("mandate: migrated the database; the old one is kept as %s\n",
           db_backup_path(db));
  }
  char *zDemo = users_demo_logins(db);
  db_close(db);

  /* Block the stop signals before any thread starts, so that the server's
  ** threads inherit the mask and only sigwait() below sees them. */
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, 0);

  HttpServer *pSrv = http_start(zDb, zListen, trustProxy, &zErr);
  if( pSrv==0 ){
    cli_error("%s", zErr);
    free(zErr);
    free(zDemo);
    return EXIT_USER;
  }
  if( strchr(pSrv->zHost, ':') ) printf("mandate: serving http://[%s]:%d/\n", pSrv->zHost, pSrv->port);
  else printf("mandate: serving http://%s:%d/\n", pSrv->zHost, pSrv->port);
  if( zDemo ) printf("demo logins:\n%s%s", zDemo, zDemo[0] && zDemo[strlen(zDemo)-1]=='\n' ? "" : "\n");
  free(zDemo);
  if( !pSrv->isLoopback ){
    fprintf(stderr, "mandate: warning: listening beyond this machine. Put a TLS "
            "reverse proxy in front: session cookies are Secure, and browsers do "
            "not send them over plain http to other hosts.\n");
  }
  fflush(stdout);

  /* The sender, with the signals blocked like the server's threads. */
  Sender snd;
  pthread_t sendThread;
  int hasSender = 0;
  memset(&snd, 0, sizeof snd);
  snd.zDb = zDb;
  pthread_mutex_init(&snd.mu, 0);
  pthread_cond_init(&snd.cv, 0);
  if( noSend ){
    fprintf(stderr, "mandate: --no-send: sending nothing (mandate remind send, mandate outbox send)\n");
  }else if( pthread_create(&sendThread, 0, sender_main, &snd)==0 ){
    hasSender = 1;
  }else{
    fprintf(stderr, "mandate: cannot start the sender thread: nothing will be sent\n");
  }

  int sig = 0;
  sigwait(&sigs, &sig);
  fprintf(stderr, "mandate: %s received, stopping\n", sig==SIGINT ? "SIGINT" : "SIGTERM");
  if( hasSender ){
    /* the batch in hand is finished first: every outcome is recorded */
    pthread_mutex_lock(&snd.mu);
    snd.stop = 1;
    pthread_cond_signal(&snd.cv);
    pthread_mutex_unlock(&snd.mu);
    pthread_join(sendThread, 0);
    mail_curl_cleanup();
  }
  pthread_mutex_destroy(&snd.mu);
  pthread_cond_destroy(&snd.cv);
  http_stop(pSrv);
  return EXIT_OK;
}
