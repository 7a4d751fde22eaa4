/* cmd_credmail.c: `mandate mail-credentials`, the credential authority's
** mail merge on its own machine: its credentials files and the server's
** voter list with contacts in, one email per voter with their voting code
** queued in the authority's own outbox (its own database; the union's
** server never holds a secret credential). docs/ballots.md. */
#include "cli.h"
#include "../domain/credmail.h"
#include "../store/db.h"
#include "../util/buf.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zCredMailUsage[] =
  "usage: mandate mail-credentials --credentials FILE [--credentials FILE...] --voters FILE\n"
  "                                --link URL --title T [--subject S] [--template-file FILE]\n"
  "                                --db PATH\n"
  "\n"
  "For the credential authority, on its own machine, against its OWN database\n"
  "('mandate init --db authority.db' and 'mandate mail config ... --db\n"
  "authority.db'), never the union's. Joins the credentials files of 'mandate\n"
  "authority credentials' (voter-NNNNNNN SECRET PUBLIC) with the voter list of\n"
  "'mandate ballot voters CODE --with-contacts' and queues one email per voter\n"
  "holding their voting code; 'mandate outbox send --db authority.db' delivers\n"
  "them. All or none: every voter must have exactly one credential. Voters\n"
  "without an email are listed by voter number: send them a letter.\n"
  "\n"
  "  --link          the voting page, https://UNION/vote/CODE\n"
  "  --title         the ballot's title, for the message\n"
  "  --template-file the message, with {code} and {link}; may hold {first_name}\n"
  "                  and {title}\n";

int cmd_credmail(int argc, char **argv){
  const char *zDb = 0, *zVoters = 0, *zLink = 0, *zTitle = 0, *zSubject = 0, *zFile = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--voters", &zVoters, 0 }, { "--link", &zLink, 0 },
    { "--title", &zTitle, 0 }, { "--subject", &zSubject, 0 }, { "--template-file", &zFile, 0 }, { 0 } };
  CliRepeat rep = { "--credentials", {0}, 0 };
  char *azRest[64];
  int nRest, nPos, rc;
  if( argc>64 ){ cli_error("mail-credentials: too many arguments"); return EXIT_USAGE; }
  if( cli_gather(argc, argv, &rep, 1, &nRest, azRest) ) return EXIT_USAGE;
  rc = cli_parse(nRest, azRest, aOpt, zCredMailUsage, 0, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, "mail-credentials", zCredMailUsage) ) return EXIT_USAGE;
  if( rep.n==0 || zVoters==0 || zLink==0 || zTitle==0 ){
    cli_error("mail-credentials: --credentials, --voters, --link and --title are required");
    return EXIT_USAGE;
  }
  Buf aCred[CLI_MAX_REPEAT], voters = BUF_INIT, tmpl = BUF_INIT;
  const char *azCred[CLI_MAX_REPEAT];
  int nRead = 0;
  rc = EXIT_USER;
  for(; nRead<rep.n; nRead++){
    aCred[nRead] = (Buf)BUF_INIT;
    if( cli_read_file(rep.az[nRead], &aCred[nRead]) ){ nRead++; goto out; }
    azCred[nRead] = buf_str(&aCred[nRead]);
  }
  if( cli_read_file(zVoters, &voters) || (zFile && cli_read_file(zFile, &tmpl)) ) goto out;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) goto out;
  CredMailSpec spec = { rep.n, rep.az, azCred, zVoters, buf_str(&voters), zLink, zTitle, zSubject,
                        zFile ? buf_str(&tmpl) : 0 };
  CredMailDone done;
  char *zErr = 0;
  if( credmail_enqueue(db, &spec, &done, &zErr) ){
    cli_error("mail-credentials: %s", zErr);
    free(zErr);
  }else{
    printf("%lld credential emails queued in %s's outbox (purpose 'credential');"
           " send them with: mandate outbox send --db %s\n", (long long)done.nQueued, zDb, zDb);
    if( done.nNoEmail ){
      printf("%lld voters have no email: send them a letter: %s\n", (long long)done.nNoEmail, done.zNoEmail);
    }
    printf("once they are sent, the message bodies are deleted; destroy the credentials files\n");
    credmail_done_clear(&done);
    rc = EXIT_OK;
  }
  db_close(db);
out:
  for(int i=0; i<nRead; i++){
    if( aCred[i].z ) sodium_memzero(aCred[i].z, aCred[i].n);
    buf_reset(&aCred[i]);
  }
  buf_reset(&voters);
  buf_reset(&tmpl);
  return rc;
}
