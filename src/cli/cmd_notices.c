/* cmd_notices.c: `mandate dispute result-notice|action-notice|sample-paper`:
** the notice of the result (TULRCA s231, s231A), the notice of industrial
** action (s234A) and the sample voting paper (s226A(1)(b), s229) of a
** dispute, as printable HTML and, with chromium, PDF (docs/disputes.md). */
#include "cli.h"
#include "../domain/notices.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char zResultUsage[] =
  "usage: mandate dispute result-notice CODE --opens DATE [--closes DATE]\n"
  "                               --votes V --yes Y --no N [--spoiled S]\n"
  "                               [--entitled N] [--question strike|short-of-strike]\n"
  "                               [--important-public-service]\n"
  "                               [--out FILE.html] [--pdf FILE.pdf] --db PATH\n"
  "\n"
  "Draft the notice of the result of dispute CODE's ballot: to the members\n"
  "entitled to vote (TULRCA s231) and to each employer party that employs any\n"
  "of them (s231A), a printable page each: the number entitled, votes cast,\n"
  "Yes, No, spoiled, and whether each threshold of the dispute's regime was\n"
  "met (judged as `mandate thresholds` judges it, by the rules in force on the\n"
  "opening day). A draft: not legal advice.\n"
  "\n"
  "  --opens DATE         the day the ballot opened (picks the rules)\n"
  "  --closes DATE        the day it closed\n"
  "  --votes V            votes cast, spoiled papers included\n"
  "  --yes Y, --no N      the answers\n"
  "  --spoiled S          spoiled or invalid papers (default V - Y - N; the\n"
  "                       four must add up)\n"
  "  --entitled N         entitled to vote, as the scrutineer reports it\n"
  "                       (default: the register's count today, with a warning)\n"
  "  --question Q         strike (default) or short-of-strike\n"
  "  --important-public-service  most of those entitled work in one (40% rule)\n"
  "  --out FILE           the HTML to write (an existing file is replaced)\n"
  "  --pdf FILE           also print it to PDF with chromium\n"
  "  --db PATH            the register database\n";

static const char zActionUsage[] =
  "usage: mandate dispute action-notice CODE (--starts DATE | --dates DATE,DATE,...)\n"
  "                               [--given DATE] [--action strike|short-of-strike]\n"
  "                               [--by-agreement] [--ballot-opens DATE]\n"
  "                               [--ballot-closes DATE]\n"
  "                               [--out FILE.html] [--pdf FILE.pdf] --db PATH\n"
  "\n"
  "Draft the notice of industrial action (TULRCA s234A) to each employer party\n"
  "to dispute CODE that employs members in its constituency, a printable page\n"
  "each: the employees concerned by workplace and category with the numbers,\n"
  "how the figures were reached, whether the action is continuous (--starts)\n"
  "or discontinuous (--dates) and its dates. The notice period is the\n"
  "regime's rule in force on the day notice is given; a date too soon, or\n"
  "after the mandate (with --ballot-closes), is refused. A draft: not legal\n"
  "advice.\n"
  "\n"
  "  --starts DATE        continuous action from DATE\n"
  "  --dates D,D,...      discontinuous action on these days, in order\n"
  "  --given DATE         the day each employer receives the notice (default today)\n"
  "  --action A           strike (default) or short-of-strike\n"
  "  --by-agreement       the shorter period agreed with the employer\n"
  "  --ballot-opens DATE, --ballot-closes DATE\n"
  "                       the ballot, to check the action is within its mandate\n"
  "  --out FILE           the HTML to write (an existing file is replaced)\n"
  "  --pdf FILE           also print it to PDF with chromium\n"
  "  --db PATH            the register database\n";

static const char zSampleUsage[] =
  "usage: mandate dispute sample-paper CODE --opens DATE [--return-by DATE]\n"
  "                               [--question strike|short-of-strike|both]\n"
  "                               [--scrutineer NAME] [--return-to ADDRESS]\n"
  "                               [--caller WHO] [--short-types TEXT] [--period TEXT]\n"
  "                               [--out FILE.html] [--pdf FILE.pdf] --db PATH\n"
  "\n"
  "Draft the sample voting paper of dispute CODE, which each employer must\n"
  "receive before the ballot (TULRCA s226A(1)(b)): the question(s), the\n"
  "statement and the items the regime lists for a voting paper (s229), the\n"
  "dispute's issue as the summary where the rules ask for one. What is not\n"
  "given is left blank to fill in, with a warning. A draft: not legal advice.\n"
  "\n"
  "  --opens DATE         the opening day of the ballot (picks the rules)\n"
  "  --return-by DATE     the date by which papers must be returned\n"
  "  --question Q         strike (default), short-of-strike, or both\n"
  "  --scrutineer NAME    the independent scrutineer\n"
  "  --return-to ADDRESS  where papers are returned\n"
  "  --caller WHO         who may call the action if the vote is Yes\n"
  "  --short-types TEXT   the types of action short of a strike\n"
  "  --period TEXT        when the action is expected to take place\n"
  "  --out FILE           the HTML to write (an existing file is replaced)\n"
  "  --pdf FILE           also print it to PDF with chromium\n"
  "  --db PATH            the register database\n";

/* A count 0..10^12 from option zOpt into *pN; prints why, -1. */
static int notice_count(const char *zCmd, const char *zOpt, const char *z, long long *pN){
  char *zEnd = 0;
  errno = 0;
  long long n = (z[0]>='0' && z[0]<='9') ? strtoll(z, &zEnd, 10) : -1;
  if( n<0 || errno || *zEnd || n>1000000000000LL ){
    fprintf(stderr, "mandate %s: %s: expected a whole number of 0 or more, got \"%s\"\n", zCmd, zOpt, z);
    return -1;
  }
  *pN = n;
  return 0;
}

/* "strike" or "short_of_strike" from an option's value; NULL after a message. */
static const char *notice_question(const char *zCmd, const char *zOpt, const char *z){
  if( z==0 || strcmp(z, "strike")==0 ) return "strike";
  if( strcmp(z, "short-of-strike")==0 ) return "short_of_strike";
  fprintf(stderr, "mandate %s: %s: expected strike or short-of-strike, got \"%s\"\n", zCmd, zOpt, z);
  return 0;
}

/* What every notice command shares once its options are read. */
typedef struct NoticeRun NoticeRun;
struct NoticeRun {
  const char *zCmd;         /* argv[0] */
  const char *zDb, *zOut, *zPdf;
  const char *zCode;
  LawSet *pLaw;             /* owned */
  Db *db;                   /* owned */
  Dispute d;                /* owned */
  char zToday[11];
};

/* Load the law and open dispute zCode. 0, or an EXIT_ code after a message. */
static int notice_open(NoticeRun *r){
  char *zErr = 0;
  date_today(r->zToday);
  if( law_load(0, &r->pLaw, &zErr) ){
    cli_error("the legal regimes could not be loaded:\n%s", zErr);
    free(zErr);
    return EXIT_USER;
  }
  r->db = cli_open_db(r->zDb, 0);
  if( r->db==0 ) return EXIT_USER;
  int rc = dispute_load(r->db, r->zCode, &r->d);
  if( rc==0 ) return 0;
  if( rc>0 ) cli_error("no dispute with code %s (mandate dispute list)", r->zCode);
  else cli_error("%s", db_errmsg(r->db));
  return EXIT_USER;
}

static void notice_close(NoticeRun *r){
  dispute_clear(&r->d);
  if( r->db ) db_close(r->db);
  law_free(r->pLaw);
}

/* Check the shared options: CODE, --db, --out or --pdf. 0 or EXIT_USAGE. */
static int notice_need(NoticeRun *r, int nPos, const char *zUsage){
  if( r->zDb==0 || nPos!=1 || ((r->zOut==0 || !r->zOut[0]) && (r->zPdf==0 || !r->zPdf[0])) ){
    fprintf(stderr, "mandate %s: CODE, --db and --out or --pdf are required\n%s", r->zCmd, zUsage);
    return EXIT_USAGE;
  }
  return 0;
}

/* Write the document (HTML to --out, PDF to --pdf), print its summary and
** warnings. Returns an EXIT_ code. */
static int notice_finish(NoticeRun *r, NoticeDoc *pDoc, const char *zWhat){
  Buf tmp = BUF_INIT;
  const char *zHtml = r->zOut;
  if( zHtml==0 || zHtml[0]==0 ){          /* --pdf alone: the HTML beside it, then removed */
    buf_printf(&tmp, "%s.html", r->zPdf);
    zHtml = buf_str(&tmp);
  }
  int rc = EXIT_USER;
  if( cli_write_file(zHtml, pDoc->html.z, pDoc->html.n, 0644, 0) ) goto out;
  if( r->zPdf && r->zPdf[0] && cli_print_pdf(zHtml, r->zPdf) ) goto out;
  printf("%s for dispute %s written to %s%s%s\n", zWhat, r->d.zCode,
         r->zOut && r->zOut[0] ? r->zOut : r->zPdf,
         r->zOut && r->zOut[0] && r->zPdf && r->zPdf[0] ? " and " : "",
         r->zOut && r->zOut[0] && r->zPdf && r->zPdf[0] ? r->zPdf : "");
  fputs(buf_str(&pDoc->summary), stdout);
  for(int i=0; i<pDoc->nWarn; i++) fprintf(stderr, "mandate: warning: %s\n", pDoc->azWarn[i]);
  printf("A draft to check and send: not legal advice.\n");
  rc = EXIT_OK;
out:
  if( tmp.n ) unlink(zHtml);
  buf_reset(&tmp);
  return rc;
}

/*
** mandate dispute result-notice CODE --opens DATE --votes V --yes Y --no N ...
*/
int dispute_result_notice_cmd(int argc, char **argv){
  NoticeRun r;
  memset(&r, 0, sizeof r);
  r.zCmd = argv[0];
  const char *zOpens = 0, *zCloses = 0, *zVotes = 0, *zYes = 0, *zNo = 0, *zSpoiled = 0;
  const char *zEntitled = 0, *zQuestion = 0;
  int ips = 0;
  const CliOpt aOpt[] = { { "--db", &r.zDb, 0 }, { "--out", &r.zOut, 0 }, { "--pdf", &r.zPdf, 0 },
    { "--opens", &zOpens, 0 }, { "--closes", &zCloses, 0 }, { "--votes", &zVotes, 0 },
    { "--yes", &zYes, 0 }, { "--no", &zNo, 0 }, { "--spoiled", &zSpoiled, 0 },
    { "--entitled", &zEntitled, 0 }, { "--question", &zQuestion, 0 },
    { "--important-public-service", 0, &ips }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zResultUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( notice_need(&r, nPos, zResultUsage) ) return EXIT_USAGE;
  if( zOpens==0 || zVotes==0 || zYes==0 || zNo==0 ){
    fprintf(stderr, "mandate %s: --opens, --votes, --yes and --no are required\n%s", r.zCmd, zResultUsage);
    return EXIT_USAGE;
  }
  r.zCode = azPos[0];
  char zO[11], zC[11];
  NoticeResult R = { zO, 0, 0, -1, 0, 0, 0, -1, ips };
  if( cli_date_opt(r.zCmd, "--opens", zOpens, zO) ) return EXIT_USAGE;
  if( zCloses ){ if( cli_date_opt(r.zCmd, "--closes", zCloses, zC) ) return EXIT_USAGE; R.zCloses = zC; }
  if( notice_count(r.zCmd, "--votes", zVotes, &R.nVotes) || notice_count(r.zCmd, "--yes", zYes, &R.nYes)
      || notice_count(r.zCmd, "--no", zNo, &R.nNo)
      || (zSpoiled && notice_count(r.zCmd, "--spoiled", zSpoiled, &R.nSpoiled))
      || (zEntitled && notice_count(r.zCmd, "--entitled", zEntitled, &R.nEntitled)) ) return EXIT_USAGE;
  if( (R.zQuestion = notice_question(r.zCmd, "--question", zQuestion))==0 ) return EXIT_USAGE;
  rc = notice_open(&r);
  if( rc ){ notice_close(&r); return rc; }
  NoticeDoc doc;
  char *zErr = 0;
  if( notice_result(r.db, r.pLaw, &r.d, &R, r.zToday, &doc, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    rc = EXIT_USER;
  }else{
    rc = notice_finish(&r, &doc, "notice of the result");
  }
  notice_doc_clear(&doc);
  notice_close(&r);
  return rc;
}

/*
** mandate dispute action-notice CODE (--starts DATE | --dates D,D) ...
*/
int dispute_action_notice_cmd(int argc, char **argv){
  NoticeRun r;
  memset(&r, 0, sizeof r);
  r.zCmd = argv[0];
  const char *zStarts = 0, *zDates = 0, *zGiven = 0, *zAction = 0, *zBOpens = 0, *zBCloses = 0;
  int byAgreement = 0;
  const CliOpt aOpt[] = { { "--db", &r.zDb, 0 }, { "--out", &r.zOut, 0 }, { "--pdf", &r.zPdf, 0 },
    { "--starts", &zStarts, 0 }, { "--dates", &zDates, 0 }, { "--given", &zGiven, 0 },
    { "--action", &zAction, 0 }, { "--by-agreement", 0, &byAgreement },
    { "--ballot-opens", &zBOpens, 0 }, { "--ballot-closes", &zBCloses, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zActionUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( notice_need(&r, nPos, zActionUsage) ) return EXIT_USAGE;
  if( (zStarts==0)==(zDates==0) ){
    fprintf(stderr, "mandate %s: give one of --starts (continuous action) or --dates"
            " (discontinuous action)\n%s", r.zCmd, zActionUsage);
    return EXIT_USAGE;
  }
  if( zBOpens && !zBCloses ){
    fprintf(stderr, "mandate %s: --ballot-opens needs --ballot-closes\n", r.zCmd);
    return EXIT_USAGE;
  }
  r.zCode = azPos[0];
  NoticeAction A;
  memset(&A, 0, sizeof A);
  char zG[11], zBO[11], zBC[11];
  char (*aDate)[11] = xcalloc(366, sizeof(*aDate));
  const char **azDate = xcalloc(366, sizeof(char*));
  rc = EXIT_USAGE;
  date_today(zG);
  if( zGiven && cli_date_opt(r.zCmd, "--given", zGiven, zG) ) goto out;
  if( zBOpens && cli_date_opt(r.zCmd, "--ballot-opens", zBOpens, zBO) ) goto out;
  if( zBCloses && cli_date_opt(r.zCmd, "--ballot-closes", zBCloses, zBC) ) goto out;
  const char *zList = zStarts ? zStarts : zDates;
  while( *zList ){
    size_t n = strcspn(zList, ",");
    char zOne[40];
    if( n==0 || n>=sizeof zOne || A.nDate>=366 ){
      fprintf(stderr, "mandate %s: %s: expected dates like 2026-12-07,2026-12-09 (at most 366)\n",
              r.zCmd, zStarts ? "--starts" : "--dates");
      goto out;
    }
    memcpy(zOne, zList, n);
    zOne[n] = 0;
    if( cli_date_opt(r.zCmd, zStarts ? "--starts" : "--dates", zOne, aDate[A.nDate]) ) goto out;
    azDate[A.nDate] = aDate[A.nDate];
    A.nDate++;
    zList += n;
    if( *zList==',' ) zList++;
  }
  if( zStarts && A.nDate!=1 ){
    fprintf(stderr, "mandate %s: --starts takes one date; use --dates for discontinuous action\n", r.zCmd);
    goto out;
  }
  A.zGiven = zG;
  A.continuous = zStarts!=0;
  A.azDate = azDate;
  A.byAgreement = byAgreement;
  A.zBallotOpens = zBOpens ? zBO : 0;
  A.zBallotCloses = zBCloses ? zBC : 0;
  if( (A.zAction = notice_question(r.zCmd, "--action", zAction))==0 ) goto out;
  rc = notice_open(&r);
  if( rc==0 ){
    NoticeDoc doc;
    char *zErr = 0;
    if( notice_action(r.db, r.pLaw, &r.d, &A, r.zToday, &doc, &zErr) ){
      cli_error("%s", zErr);
      free(zErr);
      rc = EXIT_USER;
    }else{
      rc = notice_finish(&r, &doc, "notice of industrial action");
    }
    notice_doc_clear(&doc);
  }
  notice_close(&r);
out:
  free(aDate);
  free(azDate);
  return rc;
}

/*
** mandate dispute sample-paper CODE --opens DATE ...
*/
int dispute_sample_paper_cmd(int argc, char **argv){
  NoticeRun r;
  memset(&r, 0, sizeof r);
  r.zCmd = argv[0];
  const char *zOpens = 0, *zReturnBy = 0, *zQuestion = 0;
  NoticeSample S;
  memset(&S, 0, sizeof S);
  const CliOpt aOpt[] = { { "--db", &r.zDb, 0 }, { "--out", &r.zOut, 0 }, { "--pdf", &r.zPdf, 0 },
    { "--opens", &zOpens, 0 }, { "--return-by", &zReturnBy, 0 }, { "--question", &zQuestion, 0 },
    { "--scrutineer", &S.zScrutineer, 0 }, { "--return-to", &S.zReturnTo, 0 },
    { "--caller", &S.zCaller, 0 }, { "--short-types", &S.zShortTypes, 0 },
    { "--period", &S.zPeriod, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zSampleUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( notice_need(&r, nPos, zSampleUsage) ) return EXIT_USAGE;
  if( zOpens==0 ){
    fprintf(stderr, "mandate %s: --opens is required\n%s", r.zCmd, zSampleUsage);
    return EXIT_USAGE;
  }
  r.zCode = azPos[0];
  char zO[11], zR[11];
  if( cli_date_opt(r.zCmd, "--opens", zOpens, zO) ) return EXIT_USAGE;
  if( zReturnBy && cli_date_opt(r.zCmd, "--return-by", zReturnBy, zR) ) return EXIT_USAGE;
  S.zOpens = zO;
  S.zReturnBy = zReturnBy ? zR : 0;
  if( zQuestion==0 || strcmp(zQuestion, "strike")==0 ) S.askStrike = 1;
  else if( strcmp(zQuestion, "short-of-strike")==0 ) S.askShort = 1;
  else if( strcmp(zQuestion, "both")==0 ) S.askStrike = S.askShort = 1;
  else{
    fprintf(stderr, "mandate %s: --question: expected strike, short-of-strike or both, got \"%s\"\n",
            r.zCmd, zQuestion);
    return EXIT_USAGE;
  }
  rc = notice_open(&r);
  if( rc ){ notice_close(&r); return rc; }
  NoticeDoc doc;
  char *zErr = 0;
  if( notice_sample_paper(r.pLaw, &r.d, &S, r.zToday, &doc, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    rc = EXIT_USER;
  }else{
    rc = notice_finish(&r, &doc, "sample voting paper");
  }
  notice_doc_clear(&doc);
  notice_close(&r);
  return rc;
}
