/* cmd_credmail.c: `mandate mail-credentials`, the credential authority's
** side of sending voting codes, on its own machine against its OWN
** database (the union's server never holds a secret credential): its
** credentials files and the server's voter list with contacts in, each
** voter's code queued in its own outbox (email or text message) or printed
** as a letter; a code sent again on a member's request (--resend); and the
** delivery report the server imports (--report). docs/ballots.md. */
#include "cli.h"
#include "../domain/credmail.h"
#include "../store/db.h"
#include "../util/buf.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char zCredMailUsage[] =
  "usage: mandate mail-credentials --credentials FILE [--credentials FILE...] --voters FILE\n"
  "                                --link URL --title T [--channel auto|email|sms|letter]\n"
  "                                [--subject S] [--template-file FILE] [--sms-template-file FILE]\n"
  "                                [--letters FILE.html [--pdf FILE.pdf]] --db PATH\n"
  "       mandate mail-credentials --resend REQUESTS.csv --credentials FILE... --voters FILE\n"
  "                                --link URL --title T [--subject S] [--template-file FILE]\n"
  "                                [--sms-template-file FILE] --db PATH\n"
  "       mandate mail-credentials --report FILE [--ballot CODE] --db PATH\n"
  "\n"
  "For the credential authority, on its own machine, against its OWN database\n"
  "('mandate init --db authority.db' and 'mandate mail config ... --db\n"
  "authority.db'), never the union's. Joins the credentials files of 'mandate\n"
  "authority credentials' (voter-NNNNNNN SECRET PUBLIC) with the voter list of\n"
  "'mandate ballot voters CODE --with-contacts' and sends each voter their\n"
  "voting code: by email when they have one, else by text message when they\n"
  "have a mobile, else by letter (--channel to choose one for all). Emails and\n"
  "texts are queued in the authority's outbox ('mandate outbox send --db\n"
  "authority.db' delivers them); letters are written to --letters, one A4 page\n"
  "each for a window envelope (mode 0600: they hold codes). All or none: every\n"
  "voter must have exactly one credential, and the messages and the letters\n"
  "are recorded together. A voter with no address for their channel (a letter\n"
  "voter with no postal address) is listed by voter number: ask the branch.\n"
  "The codes of a ballot are sent once; after that only --resend.\n"
  "\n"
  "Keep the credentials files (offline, encrypted) until the ballot closes, to\n"
  "answer requests for a code again; then destroy them. The outbox deletes each\n"
  "message's body (the code) once it is sent.\n"
  "\n"
  "  --link              the voting page, https://UNION/vote/CODE (CODE: the ballot)\n"
  "  --title             the ballot's title, for the messages\n"
  "  --channel           auto (default), email, sms or letter\n"
  "  --template-file     the email, with {code} and {link}; may hold {first_name}\n"
  "                      and {title}\n"
  "  --sms-template-file the text message (short): {code} and {link}, may hold\n"
  "                      {first_name} and {title}\n"
  "  --letters FILE.html the printable letters; --pdf FILE.pdf prints them to PDF\n"
  "                      as well, with chromium\n"
  "  --resend FILE       the server's requests for a code again (ballot,voter,\n"
  "                      channel,requested_at): queue the code again for those\n"
  "                      voters only, by the channel each asked (email or sms)\n"
  "  --report FILE       write the delivery report for the server (ballot,voter,\n"
  "                      channel,state,resends,updated_at,detail: never a code, an\n"
  "                      address or a name); --ballot CODE: that ballot only\n";

/* Where the letters go: the HTML, and the PDF printed from it. */
typedef struct LetterOut LetterOut;
struct LetterOut { const char *zHtml; const char *zPdf; };

/* CredLettersFn: write the letters (0600) and print the PDF; NULL: undo. */
static int write_letters(void *pCtx, const char *zHtml, size_t nHtml, char **pzErr){
  const LetterOut *w = (const LetterOut*)pCtx;
  if( zHtml==0 ){
    unlink(w->zHtml);
    if( w->zPdf ) unlink(w->zPdf);
    return 0;
  }
  if( cli_write_file(w->zHtml, zHtml, nHtml, 0600, 0) ) return buf_error(pzErr, "the letters were not written");
  if( w->zPdf ){
    mode_t old = umask(077);           /* chromium writes the PDF: codes in it, so 0600 */
    int rc = cli_print_pdf(w->zHtml, w->zPdf);
    umask(old);
    if( rc==0 && chmod(w->zPdf, 0600) ) rc = -1;
    if( rc ){
      unlink(w->zHtml);
      unlink(w->zPdf);
      return buf_error(pzErr, "the PDF of the letters was not made");
    }
  }
  return 0;
}

/* --report: write the delivery report. An EXIT_ code. */
static int credmail_report_cmd(const char *zDb, const char *zOut, const char *zBallot){
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  Buf csv = BUF_INIT;
  int64_t an[CREDMAIL_NSTATE];
  char *zErr = 0;
  int rc = EXIT_USER;
  if( credmail_report(db, zBallot, &csv, an, &zErr) ){
    cli_error("mail-credentials: %s", zErr);
    free(zErr);
  }else if( cli_write_file(zOut, csv.z ? csv.z : "", csv.n, 0600, 0)==0 ){
    int64_t nAll = 0;
    for(int i=0; i<CREDMAIL_NSTATE; i++) nAll += an[i];
    printf("delivery report of %lld voters written to %s:", (long long)nAll, zOut);
    for(int i=0; i<CREDMAIL_NSTATE; i++) printf(" %s %lld%s", credmail_azState[i], (long long)an[i],
                                                 i+1<CREDMAIL_NSTATE ? "," : "\n");
    printf("hand it to the union's server: it holds no code, address or name\n");
    rc = EXIT_OK;
  }
  buf_reset(&csv);
  db_close(db);
  return rc;
}

int cmd_credmail(int argc, char **argv){
  const char *zDb = 0, *zVoters = 0, *zLink = 0, *zTitle = 0, *zSubject = 0, *zFile = 0, *zSmsFile = 0;
  const char *zChannel = 0, *zLetters = 0, *zPdf = 0, *zResend = 0, *zReport = 0, *zBallot = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--voters", &zVoters, 0 }, { "--link", &zLink, 0 },
    { "--title", &zTitle, 0 }, { "--subject", &zSubject, 0 }, { "--template-file", &zFile, 0 },
    { "--sms-template-file", &zSmsFile, 0 }, { "--channel", &zChannel, 0 }, { "--letters", &zLetters, 0 },
    { "--pdf", &zPdf, 0 }, { "--resend", &zResend, 0 }, { "--report", &zReport, 0 },
    { "--ballot", &zBallot, 0 }, { 0 } };
  CliRepeat rep = { "--credentials", {0}, 0 };
  char *azRest[64];
  int nRest, nPos, rc;
  CredChannel channel = CRED_AUTO;
  if( argc>64 ){ cli_error("mail-credentials: too many arguments"); return EXIT_USAGE; }
  if( cli_gather(argc, argv, &rep, 1, &nRest, azRest) ) return EXIT_USAGE;
  rc = cli_parse(nRest, azRest, aOpt, zCredMailUsage, 0, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, "mail-credentials", zCredMailUsage) ) return EXIT_USAGE;
  if( zReport ){
    if( rep.n || zVoters || zLink || zTitle || zSubject || zFile || zSmsFile || zChannel || zLetters || zPdf || zResend ){
      cli_error("mail-credentials: --report takes only --db and --ballot, not the options of sending");
      return EXIT_USAGE;
    }
    return credmail_report_cmd(zDb, zReport, zBallot);
  }
  if( zBallot ){ cli_error("mail-credentials: --ballot goes with --report"); return EXIT_USAGE; }
  if( rep.n==0 || zVoters==0 || zLink==0 || zTitle==0 ){
    cli_error("mail-credentials: --credentials, --voters, --link and --title are required");
    return EXIT_USAGE;
  }
  if( zResend && (zChannel || zLetters || zPdf) ){
    cli_error("mail-credentials: --resend sends by the channel each voter asked: no --channel, --letters or --pdf");
    return EXIT_USAGE;
  }
  if( zChannel && credmail_channel_parse(zChannel, &channel) ){
    cli_error("mail-credentials: --channel must be auto, email, sms or letter");
    return EXIT_USAGE;
  }
  if( zPdf && zLetters==0 ){ cli_error("mail-credentials: --pdf goes with --letters FILE.html"); return EXIT_USAGE; }
  Buf aCred[CLI_MAX_REPEAT], voters = BUF_INIT, tmpl = BUF_INIT, smsTmpl = BUF_INIT, req = BUF_INIT;
  const char *azCred[CLI_MAX_REPEAT];
  int nRead = 0;
  rc = EXIT_USER;
  for(; nRead<rep.n; nRead++){
    aCred[nRead] = (Buf)BUF_INIT;
    if( cli_read_file(rep.az[nRead], &aCred[nRead]) ){ nRead++; goto out; }
    azCred[nRead] = buf_str(&aCred[nRead]);
  }
  if( cli_read_file(zVoters, &voters) || (zFile && cli_read_file(zFile, &tmpl))
   || (zSmsFile && cli_read_file(zSmsFile, &smsTmpl)) || (zResend && cli_read_file(zResend, &req)) ) goto out;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) goto out;
  LetterOut letters = { zLetters, zPdf };
  CredMailSpec spec = { rep.n, rep.az, azCred, zVoters, buf_str(&voters), zLink, zTitle, zSubject,
                        zFile ? buf_str(&tmpl) : 0, zSmsFile ? buf_str(&smsTmpl) : 0, channel,
                        zLetters ? write_letters : 0, &letters };
  CredMailDone done;
  char *zErr = 0;
  if( zResend ? credmail_resend(db, &spec, zResend, buf_str(&req), &done, &zErr)
              : credmail_enqueue(db, &spec, &done, &zErr) ){
    cli_error("mail-credentials: %s", zErr);
    free(zErr);
  }else{
    printf("%s: %lld credential emails and %lld text messages queued in %s's outbox (purpose 'credential');"
           " send them with: mandate outbox send --db %s\n", done.zBallot, (long long)done.nEmail,
           (long long)done.nSms, zDb, zDb);
    if( zResend ) printf("codes sent again on request: the delivery report counts them as resends\n");
    if( done.nLetter ){
      printf("%lld letters written to %s%s%s (mode 0600: they hold codes): print and post them\n",
             (long long)done.nLetter, zLetters, zPdf ? " and " : "", zPdf ? zPdf : "");
    }else if( zLetters && !zResend ){
      printf("no voter needs a letter: nothing written to %s\n", zLetters);
    }
    if( done.nNoAddress ){
      printf("%lld voters were sent nothing: no address for their channel%s; ask the branch for one: %s\n",
             (long long)done.nNoAddress, channel==CRED_AUTO ? " (no email, mobile or postal address)" : "",
             done.zNoAddress);
    }
    printf("keep the credentials files (offline, encrypted) until the ballot closes, to answer requests"
           " for a code again (--resend); then destroy them\n");
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
  buf_reset(&smsTmpl);
  buf_reset(&req);
  return rc;
}
