/* cmd_demo.c: 'mandate demo': create a database holding a synthetic union
** (through the real importer), or write that union as import CSV files. */
#include "cli.h"
#include "demo_ceremony.h"
#include "../domain/law.h"
#include "../domain/demo.h"
#include "../store/db.h"
#include "../util/buf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEMO_SYNOPSIS \
  "usage: mandate demo --db PATH --members N [--seed S] [--examples]\n" \
  "       mandate demo --csv DIR --members N [--seed S]\n"

static const char zUsage[] =
  DEMO_SYNOPSIS
  "\n"
  "Make a synthetic union to try mandate with: the National Union of Public\n"
  "Workers, with civil-service departments (offices in regional branches,\n"
  "Border Force at ports), GP practices and hospital sites whose resident\n"
  "doctors are employed on paper by a lead employer, and a contractor's\n"
  "cleaners. Every name, address, email and number in it is made up.\n"
  "\n"
  "  --db PATH     create a new database at PATH (refused if PATH exists) and\n"
  "                fill it through the importer, then add reps, conversations\n"
  "                and three demo accounts (officer, secretary, rep) whose\n"
  "                logins are printed\n"
  "  --examples    with --db: also a worked example of each planning feature:\n"
  "                dispute PAY26 with the DWP and its statutory ballot under way,\n"
  "                action scenarios ALL and ROLL against the strike fund, and\n"
  "                online ballot REF26 (the branch secretary's branch), open,\n"
  "                about 40% voted, with a measured reminder wave and the\n"
  "                codes' delivery report, the trustees' and the credential\n"
  "                authority's keys in PATH.example-keys/ and the voting codes\n"
  "                of three members who have not voted (printed, and in\n"
  "                PATH.example-keys/VOTING-CODES.txt); and IND26, an\n"
  "                indicative ballot that closed yesterday, its tally waiting\n"
  "                for two trustees; refused if PATH.ballots or\n"
  "                PATH.example-keys exists\n"
  "  --csv DIR     instead write DIR/units.csv and DIR/members.csv (refused if\n"
  "                either exists), ready for 'mandate import units' and\n"
  "                'mandate import members'\n"
  "  --members N   how many members, from 20 to 2000000\n"
  "  --seed S      any whole number (default 1): the same seed and size give\n"
  "                the same union\n"
  "\n"
  "Dates are placed relative to today; set MANDATE_TODAY=YYYY-MM-DD to make\n"
  "the output the same from day to day.\n";

static double now_seconds(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec/1e9;
}

/* Parse a whole decimal number; 0 on success. */
static int parse_u64(const char *z, uint64_t *pOut){
  uint64_t v = 0;
  if( z==0 || *z==0 ) return -1;
  for(; *z; z++){
    if( *z<'0' || *z>'9' ) return -1;
    if( v > (UINT64_MAX - (uint64_t)(*z-'0'))/10 ) return -1;
    v = v*10 + (uint64_t)(*z-'0');
  }
  *pOut = v;
  return 0;
}

/* Progress on a terminal: one line, rewritten in place. */
static void show_progress(void *pArg, const char *zStage, size_t nDone, size_t nTotal){
  (void)pArg;
  if( nTotal ) fprintf(stderr, "\r  %s: %3d%%   ", zStage, (int)(100.0*(double)nDone/(double)nTotal));
  else if( nDone ) fprintf(stderr, "\r  %s: %zu   ", zStage, nDone);
  else fprintf(stderr, "\r  %s...%20s", zStage, "");
  fflush(stderr);
}

/* Write z[0..n-1] to a new file DIR/NAME (mode 0600); refuse to replace one.
** Returns 0, or -1 after printing why. */
static int write_new_file(const char *zDir, const char *zName, const Buf *pText){
  Buf path = BUF_INIT;
  int rc = -1;
  buf_printf(&path, "%s/%s", zDir, zName);
  int fd = open(buf_str(&path), O_WRONLY|O_CREAT|O_EXCL, 0600);
  if( fd<0 ){
    if( errno==EEXIST ) cli_error("%s already exists; not replacing it", buf_str(&path));
    else cli_error("cannot create %s: %s", buf_str(&path), strerror(errno));
    goto out;
  }
  size_t nDone = 0;
  while( nDone<pText->n ){
    ssize_t n = write(fd, buf_str(pText) + nDone, pText->n - nDone);
    if( n<0 && errno==EINTR ) continue;
    if( n<=0 ){
      cli_error("cannot write %s: %s", buf_str(&path), strerror(errno));
      close(fd);
      unlink(buf_str(&path));
      goto out;
    }
    nDone += (size_t)n;
  }
  if( close(fd) ){
    cli_error("cannot write %s: %s", buf_str(&path), strerror(errno));
    unlink(buf_str(&path));
    goto out;
  }
  rc = 0;
out:
  buf_reset(&path);
  return rc;
}

/* mkdir -p: create zDir and any missing parents. 0, or -1 after printing. */
static int make_dirs(const char *zDir){
  Buf b = BUF_INIT;
  struct stat st;
  int rc = 0;
  buf_puts(&b, zDir);
  for(size_t i=1; i<=b.n && rc==0; i++){
    if( i<b.n && b.z[i]!='/' ) continue;
    char c = b.z[i];
    b.z[i] = 0;
    if( mkdir(b.z, 0700) && errno!=EEXIST ){
      cli_error("cannot create directory %s: %s", b.z, strerror(errno));
      rc = -1;
    }
    b.z[i] = c;
  }
  if( rc==0 && (stat(zDir, &st) || !S_ISDIR(st.st_mode)) ){
    cli_error("%s is not a directory", zDir);
    rc = -1;
  }
  buf_reset(&b);
  return rc;
}

/* --csv DIR: write the two import files. */
static int demo_to_csv(const char *zDir, const DemoOpts *pOpts){
  Buf units = BUF_INIT, members = BUF_INIT;
  DemoSummary sum;
  int rc = EXIT_USER;
  double t0 = now_seconds();
  if( make_dirs(zDir) ) return EXIT_USER;
  demo_csv(pOpts, &units, &members, &sum);
  if( pOpts->xProgress ) fputs("\r\033[K", stderr);
  if( write_new_file(zDir, "units.csv", &units) ) goto out;
  if( write_new_file(zDir, "members.csv", &members) ){
    Buf p = BUF_INIT;            /* leave neither file, not half a pair */
    buf_printf(&p, "%s/units.csv", zDir);
    unlink(buf_str(&p));
    buf_reset(&p);
    goto out;
  }
  printf("wrote %s/units.csv (%d units: %d groups, %d branches, %d workplaces) and\n"
         "      %s/members.csv (%d members) in %.1fs\n",
         zDir, sum.nUnits, sum.nGroups, sum.nBranches, sum.nWorkplaces,
         zDir, sum.nMembers, now_seconds()-t0);
  printf("load them with: mandate import units --db PATH %s/units.csv\n"
         "                mandate import members --db PATH %s/members.csv\n", zDir, zDir);
  rc = EXIT_OK;
out:
  buf_reset(&units);
  buf_reset(&members);
  demo_summary_clear(&sum);
  return rc;
}

/* Remove a database we created and failed to fill, with its WAL files. */
static void remove_db(const char *zPath){
  static const char *const azSuffix[] = { "", "-wal", "-shm", "-journal" };
  Buf b = BUF_INIT;
  for(int i=0; i<4; i++){
    buf_truncate(&b, 0);
    buf_printf(&b, "%s%s", zPath, azSuffix[i]);
    unlink(buf_str(&b));
  }
  buf_reset(&b);
}

/* What a newcomer needs to vote in the example ballots, count them and
** see the results. */
static void demo_ballot_print(const char *zPath, const DemoBallotReport *p){
  const DemoVotes *v = &p->votes, *c = &p->closedVotes;
  const DemoDelivery *d = &p->delivery;
  printf("online ballot %s, \"Referendum on the 2026 pay offer\", open: %s's %lld members,\n"
         "  %lld voted so far (%.0f%%; %lld ballots, re-votes included): /ballots/%s\n",
         DEMO_BALLOT_CODE, p->zBranch, (long long)v->nVoter, (long long)v->nVoted,
         v->nVoter ? 100.0*(double)v->nVoted/(double)v->nVoter : 0.0, (long long)v->nBallot, DEMO_BALLOT_CODE);
  printf("  vote as a member who has not voted yet: http://127.0.0.1:8080/vote/%s with a code\n", DEMO_BALLOT_CODE);
  for(int i=0; i<v->nFree; i++){
    printf("    %s  (%s, %s)\n", p->azCode[i], v->aFree[i].zName, v->aFree[i].zWorkplace);
  }
  printf("  (also in %s).\n", p->zCodesFile);
  printf("  a reminder by email went at %.16s to %lld members who had not voted, %lld held out\n"
         "  to measure it (the demo's made-up members answer it a little): /ballots/%s/reminders\n",
         p->zReminderAt, (long long)v->nReminded, (long long)v->nHeldOut, DEMO_BALLOT_CODE);
  printf("  the codes' delivery, as the credential authority reported it: %lld sent, %lld re-sent,\n"
         "  %lld bounced, %lld printed as letters; %lld asked for their code again: /ballots/%s/delivery\n",
         (long long)d->nSent, (long long)d->nResent, (long long)d->nBounced, (long long)d->nPrinted,
         (long long)d->nRequest, DEMO_BALLOT_CODE);
  printf("  the outbox holds %lld messages (the reminder) to made-up addresses: nothing\n"
         "  is sent until 'mandate mail config' sets a mail server ('mandate outbox list')\n",
         (long long)p->nOutbox);
  printf("  count it: voting closes %s; a real ballot cannot be closed before, so serve the\n"
         "  demo as if it were later: MANDATE_TODAY=%s ./build/mandate serve --db %s\n"
         "  then as officer press 'Close the ballot' on /ballots/%s; any two of the three\n"
         "  trustees decrypt on /ballots/%s/trustee with their key file, %s/trustee-N.secret;\n"
         "  and the officer presses 'Publish the result'\n",
         p->zCloses, p->zAfterClose, zPath, DEMO_BALLOT_CODE, DEMO_BALLOT_CODE, p->zKeysDir);
  printf("indicative ballot %s, \"Would you take action short of a strike?\", closed %.16s:\n"
         "  %s's %lld members, %lld voted (%.0f%%); its encrypted tally is on the board, waiting\n"
         "  for the trustees. Count it now: open http://127.0.0.1:8080/ballots/%s/trustee, choose\n"
         "  trustee-1's key file, %s/trustee-1.secret, then trustee-2's,\n"
         "  %s/trustee-2.secret; then as officer press 'Publish the result' on\n"
         "  /ballots/%s and read /ballots/%s/result\n",
         DEMO_CLOSED_CODE, p->zClosedCloses, p->zClosedBranch, (long long)c->nVoter, (long long)c->nVoted,
         c->nVoter ? 100.0*(double)c->nVoted/(double)c->nVoter : 0.0, DEMO_CLOSED_CODE, p->zKeysDir, p->zKeysDir,
         DEMO_CLOSED_CODE, DEMO_CLOSED_CODE);
}

/* --db PATH: create the database and fill it. */
static int demo_to_db(const char *zPath, const DemoOpts *pOpts, int bExamples){
  Db *db = 0;
  char *zErr = 0;
  DemoSummary sum;
  struct stat st;
  double t0 = now_seconds();
  if( lstat(zPath, &st)==0 ){
    cli_error("%s already exists; 'mandate demo' only creates a new database"
              " (choose another path or remove it)", zPath);
    return EXIT_USER;
  }
  if( bExamples ){
    /* the example ballot's board and keys go beside the database */
    static const char *const azBeside[] = { ".ballots", ".example-keys" };
    for(int i=0; i<2; i++){
      Buf p = BUF_INIT;
      buf_printf(&p, "%s%s", zPath, azBeside[i]);
      int bExists = lstat(buf_str(&p), &st)==0;
      if( bExists ) cli_error("%s already exists (left by an earlier demo database?); remove it first", buf_str(&p));
      buf_reset(&p);
      if( bExists ) return EXIT_USER;
    }
  }
  if( (db = cli_open_db(zPath, DB_OPEN_CREATE))==0 ){
    return EXIT_USER;
  }
  int rc = demo_build(db, pOpts, &sum, &zErr);
  if( pOpts->xProgress ) fputs("\r\033[K", stderr);
  if( rc==0 && bExamples ){
    LawSet *pLaw = 0;
    rc = law_load(0, &pLaw, &zErr);
    if( rc==0 ) rc = demo_examples_add(db, pLaw, &zErr);
    law_free(pLaw);
  }
  db_close(db);
  if( rc ){
    cli_error("demo: %s", zErr ? zErr : "failed");
    free(zErr);
    remove_db(zPath);
    return EXIT_USER;
  }
  DemoBallotReport ballot;
  if( bExamples && demo_ceremony_run(zPath, 40, pOpts->seed, &ballot)!=EXIT_OK ){
    cli_error("demo: the example ballot could not be made; remove %s, %s.ballots and %s before trying again",
              zPath, zPath, ballot.zKeysDir);
    demo_summary_clear(&sum);
    return EXIT_USER;
  }
  printf("created %s: %d units (%d groups, %d branches, %d workplaces), %d members,"
         " %d reps in %d workplaces, %d conversations, in %.1fs\n",
         zPath, sum.nUnits, sum.nGroups, sum.nBranches, sum.nWorkplaces, sum.nMembers,
         sum.nReps, sum.nRepWorkplaces, sum.nConversations, now_seconds()-t0);
  printf("demo logins (role, username, password, scope):\n");
  for(const char *z=sum.zLogins; z && *z; ){
    const char *zEnd = strchr(z, '\n');
    int n = zEnd ? (int)(zEnd - z) : (int)strlen(z);
    printf("  %.*s\n", n, z);
    z += n + (zEnd ? 1 : 0);
  }
  if( bExamples ){
    printf("worked examples: dispute PAY26 with its statutory ballot under way (/disputes/PAY26,\n"
           "  /disputes/PAY26/turnout), action scenarios ALL and ROLL (/action)\n");
    demo_ballot_print(zPath, &ballot);
  }
  demo_summary_clear(&sum);
  return EXIT_OK;
}

/*
** mandate demo: parse the options and make the demo union as a database
** (--db) or as CSV files (--csv). Exit 2 on a bad command line, 1 when the
** target exists or cannot be written.
*/
int cmd_demo(int argc, char **argv){
  const char *zDb = 0, *zCsv = 0, *zMembers = 0, *zSeed = 0;
  char *azPos[1];
  int nPos = 0, bExamples = 0;
  const CliOpt aOpt[] = {
    { "--db", &zDb, 0 },
    { "--examples", 0, &bExamples },
    { "--csv", &zCsv, 0 },
    { "--members", &zMembers, 0 },
    { "--seed", &zSeed, 0 },
    { 0, 0, 0 },
  };
  int rc = cli_parse(argc, argv, aOpt, zUsage, azPos, 0, &nPos);
  if( rc>0 ) return EXIT_OK;
  if( rc<0 ) return EXIT_USAGE;
  if( (zDb==0)==(zCsv==0) ){
    fprintf(stderr, "mandate demo: give one of --db PATH or --csv DIR\n" DEMO_SYNOPSIS);
    return EXIT_USAGE;
  }
  if( (zDb && zDb[0]==0) || (zCsv && zCsv[0]==0) ){
    fprintf(stderr, "mandate demo: %s needs a non-empty value\n", zDb ? "--db" : "--csv");
    return EXIT_USAGE;
  }
  uint64_t nMembers = 0, seed = 1;
  if( zMembers==0 ){
    fprintf(stderr, "mandate demo: --members N is required\n" DEMO_SYNOPSIS);
    return EXIT_USAGE;
  }
  if( parse_u64(zMembers, &nMembers) || nMembers<DEMO_MIN_MEMBERS || nMembers>DEMO_MAX_MEMBERS ){
    fprintf(stderr, "mandate demo: --members expects a whole number from %d to %d, got '%s'\n",
            DEMO_MIN_MEMBERS, DEMO_MAX_MEMBERS, zMembers);
    return EXIT_USAGE;
  }
  if( zSeed && parse_u64(zSeed, &seed) ){
    fprintf(stderr, "mandate demo: --seed expects a whole number, got '%s'\n", zSeed);
    return EXIT_USAGE;
  }
  DemoOpts o;
  memset(&o, 0, sizeof o);
  o.nMembers = (int)nMembers;
  o.seed = seed;
  if( isatty(2) ) o.xProgress = show_progress;
  if( bExamples && zCsv ){
    fprintf(stderr, "mandate demo: --examples goes with --db\n" DEMO_SYNOPSIS);
    return EXIT_USAGE;
  }
  return zDb ? demo_to_db(zDb, &o, bExamples) : demo_to_csv(zCsv, &o);
}
