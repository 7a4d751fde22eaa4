/* cmd_bounces.c: `mandate outbox bounces`: read the bounce reports that
** came back to the sender's address (delivery status notifications,
** src/mail/dsn.h) and mark the messages they name 'bounced', so that an
** officer sees which members' mail never arrived even when the provider
** took it first. docs/mail.md, "Bounces that come back later". */
#include "cli.h"
#include "../domain/outbox.h"
#include "../mail/dsn.h"
#include "../store/db.h"
#include "../util/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zBouncesUsage[] =
  "usage: mandate outbox bounces [--mbox] FILE... --db PATH\n"
  "\n"
  "Read the bounce reports that came back to mail.from (delivery status\n"
  "notifications, RFC 3464): each FILE one message (a Maildir file, an .eml;\n"
  "'-' reads standard input, e.g. from a mail server's pipe), or with --mbox\n"
  "an mbox file of many. Each report that says a message of this outbox\n"
  "failed for good marks it 'bounced', with the remote server's words, for\n"
  "'mandate outbox list --state bounced' and the officers' pages. Reports of\n"
  "delays, of deliveries and other mail are counted and left alone. Prints\n"
  "counts only: never an address. Every file is read before anything is\n"
  "recorded; the marks are one transaction.\n";

/* The reports of every file, gathered before the store is touched. */
typedef struct Gathered Gathered;
struct Gathered {
  int n, nAlloc;
  DsnReport *a;
};

static void gather_one(void *pArg, const DsnReport *p){
  Gathered *g = (Gathered*)pArg;
  if( g->n==g->nAlloc ){
    g->nAlloc = g->nAlloc ? 2*g->nAlloc : 16;
    DsnReport *aNew = realloc(g->a, (size_t)g->nAlloc*sizeof *aNew);
    if( aNew==0 ){ fprintf(stderr, "mandate: out of memory\n"); abort(); }
    g->a = aNew;
  }
  g->a[g->n++] = *p;
}

int cmd_outbox_bounces(int argc, char **argv){
  const char *zDb = 0;
  int isMbox = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--mbox", 0, &isMbox }, { 0 } };
  char *azFile[256];
  int nFile = 0, rc = cli_parse(argc, argv, aOpt, zBouncesUsage, azFile, 256, &nFile);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zBouncesUsage) ) return EXIT_USAGE;
  if( nFile==0 ){ cli_error("%s: name the bounce files to read ('-' for standard input)", argv[0]); return EXIT_USAGE; }
  Gathered g = { 0, 0, 0 };
  rc = EXIT_USER;
  for(int i=0; i<nFile; i++){
    Buf text = BUF_INIT;
    if( cli_read_file(azFile[i], &text) ){ buf_reset(&text); goto out; }
    int n = dsn_read(text.z ? text.z : "", text.n, isMbox, gather_one, &g);
    buf_reset(&text);
    if( n<0 ){ cli_error("%s: no mail message could be read from it", azFile[i]); goto out; }
  }
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) goto out;
  int nBounced = 0, nUnknown = 0, nDelayed = 0, nDelivered = 0, nOther = 0;
  char *zErr = 0;
  if( db_begin(db) ){ cli_error("%s", db_errmsg(db)); db_close(db); goto out; }
  for(int i=0; i<g.n; i++){
    const DsnReport *p = &g.a[i];
    switch( p->kind ){
      case DSN_FAILED: {
        char zWhy[440];
        if( p->zStatus[0] ) snprintf(zWhy, sizeof zWhy, "%s (status %s)", p->zWhy, p->zStatus);
        else snprintf(zWhy, sizeof zWhy, "%s", p->zWhy);
        int r = outbox_mark_bounced(db, p->zMessageId, zWhy, &zErr);
        if( r<0 ){ cli_error("%s", zErr); free(zErr); db_rollback(db); db_close(db); goto out; }
        if( r ) nBounced++; else nUnknown++;
        break;
      }
      case DSN_DELAYED: nDelayed++; break;
      case DSN_DELIVERED: nDelivered++; break;
      default: nOther++; break;
    }
  }
  if( db_commit(db) ){ cli_error("%s", db_errmsg(db)); db_rollback(db); db_close(db); goto out; }
  db_close(db);
  printf("%d message%s read: %d bounce%s recorded", g.n, g.n==1 ? "" : "s", nBounced, nBounced==1 ? "" : "s");
  if( nUnknown ) printf(", %d not of this outbox or bounced already", nUnknown);
  if( nDelayed ) printf(", %d delay%s (still being tried: nothing to do)", nDelayed, nDelayed==1 ? "" : "s");
  if( nDelivered ) printf(", %d delivery report%s", nDelivered, nDelivered==1 ? "" : "s");
  if( nOther ) printf(", %d not a bounce report (auto-replies and other mail: read them by hand)", nOther);
  printf("\n");
  if( nBounced ) printf("see them with: mandate outbox list --state bounced --db %s\n", zDb);
  rc = EXIT_OK;
out:
  free(g.a);
  return rc;
}
