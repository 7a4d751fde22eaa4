/* cmd_election.c: `mandate election demo` (a whole simulated election
** written as a public board plus the participants' secret files) and
** `mandate verify` (the independent re-check of a board). */
#include "cli.h"
#include "../crypto/board.h"
#include "../crypto/election.h"
#include "../crypto/verify.h"
#include "../util/buf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char zElectionUsage[] =
  "usage: mandate election demo --voters N --answers A [--trustees [K/]N] [--groups G]\n"
  "                             [--weighted] --out DIR [--seed S]\n"
  "\n"
  "Run a complete simulated election and write it to DIR:\n"
  "  DIR/board          the public board (anyone may read and verify it)\n"
  "  DIR/secret/        the participants' secrets, mode 0600, never published:\n"
  "                     authority.key, trustee-1.key ..., credentials\n"
  "\n"
  "  --voters N     credentials issued (5% abstain, 10% vote twice; the last counts)\n"
  "  --answers A    1: a yes/no question; A > 1: choose one of A (or none)\n"
  "  --trustees K/N N trustees share the key; any K of them decrypt (default 1/1;\n"
  "                 N alone means N/N). The demo's decryption uses K of them.\n"
  "  --groups G     break the count down by G groups (\"Branch 1\" ...; voters spread\n"
  "                 unevenly, groups under 10 counted ballots merged)\n"
  "  --weighted     a delegate conference: each voter's vote counts 1 to 7 times\n"
  "  --out DIR      where to write (must not already hold a board)\n"
  "  --seed S       makes the votes repeatable (keys are always fresh)\n"
  "\n"
  "Then: mandate verify DIR\n"
  "\n"
  "A real election, each participant on their own machine: mandate election\n"
  "create|cast|tally|result, mandate trustee, mandate authority (docs/ceremony.md;\n"
  "'mandate election create --help').\n";

static const char zVerifyUsage[] =
  "usage: mandate verify DIR|FILE [--threads N] [--trackers] [--open]\n"
  "\n"
  "Re-check a board from scratch: the hash chain, every signature and proof,\n"
  "that each credential's last ballot and only it is counted, the tally,\n"
  "every partial decryption and the result. Prints the result and exits 0,\n"
  "or names the first item that fails and exits 1.\n"
  "\n"
  "  --threads N   threads for the ballots (default: the machine's cores)\n"
  "  --trackers    also list every ballot: line, tracker, counted or replaced\n"
  "  --open        the ballot may still be open: a board that ends before its\n"
  "                result is not a failure; everything on it so far is checked\n";

/* Parse a decimal integer in [lo, hi]. */
static int parse_num(const char *z, const char *zOpt, long long lo, long long hi, long long *pOut){
  char *zEnd;
  long long v;
  errno = 0;
  v = strtoll(z, &zEnd, 10);
  if( errno || zEnd==z || *zEnd || v<lo || v>hi ){
    cli_error("%s must be a whole number from %lld to %lld", zOpt, lo, hi);
    return -1;
  }
  *pOut = v;
  return 0;
}

/* --trustees K/N or N (= N/N). */
static int parse_trustees(const char *z, long long *pK, long long *pN){
  const char *zSlash = strchr(z, '/');
  char zK[32];
  if( zSlash==0 ){
    if( parse_num(z, "--trustees", 1, ELECTION_MAX_TRUSTEES, pN) ) return -1;
    *pK = *pN;
    return 0;
  }
  if( (size_t)(zSlash-z) >= sizeof zK ){ cli_error("--trustees must be K/N, e.g. 2/3"); return -1; }
  memcpy(zK, z, (size_t)(zSlash-z));
  zK[zSlash-z] = 0;
  if( parse_num(zSlash+1, "--trustees N", 1, ELECTION_MAX_TRUSTEES, pN)
   || parse_num(zK, "--trustees K", 1, *pN, pK) ) return -1;
  return 0;
}

static void put_key_line(Buf *b, const char *zName, const unsigned char *a){
  char z[65];
  board_hex(z, a, 32);
  buf_printf(b, "%s %s\n", zName, z);
}

/*
** mandate election demo ...
*/
static int election_demo(int argc, char **argv){
  const char *zVoters = 0, *zAnswers = 0, *zTrustees = "1", *zOut = 0, *zSeed = "1", *zGroups = "0";
  int weighted = 0;
  const CliOpt aOpt[] = { { "--voters", &zVoters, 0 }, { "--answers", &zAnswers, 0 },
                          { "--trustees", &zTrustees, 0 }, { "--out", &zOut, 0 },
                          { "--seed", &zSeed, 0 }, { "--groups", &zGroups, 0 },
                          { "--weighted", 0, &weighted }, { 0 } };
  char *azPos[1], zErr[300];
  int nPos, rc = cli_parse(argc, argv, aOpt, zElectionUsage, azPos, 0, &nPos);
  long long nVoter, nAnswer, nTrustee, nThreshold, seed, nGroup;
  ElectionDemo d;
  BoardWriter w;
  Buf path = BUF_INIT, b = BUF_INIT;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zVoters || !zAnswers || !zOut ){
    fprintf(stderr, "mandate election demo: --voters, --answers and --out are required\n%s", zElectionUsage);
    return EXIT_USAGE;
  }
  if( parse_num(zVoters, "--voters", 1, 10000000, &nVoter)
   || parse_num(zAnswers, "--answers", 1, ELECTION_MAX_ANSWERS, &nAnswer)
   || parse_trustees(zTrustees, &nThreshold, &nTrustee)
   || parse_num(zSeed, "--seed", 0, (long long)(~0ULL>>1), &seed)
   || parse_num(zGroups, "--groups", 0, ELECTION_MAX_GROUPS, &nGroup) ) return EXIT_USAGE;
  if( mkdir(zOut, 0755) && errno!=EEXIST ){ cli_error("%s: %s", zOut, strerror(errno)); return EXIT_USER; }
  if( chmod(zOut, 0755) ){ /* the directory holds the public board; best effort */ }
  buf_printf(&path, "%s/board", zOut);
  if( access(path.z, F_OK)==0 ){
    cli_error("%s already exists: choose another --out", path.z);
    buf_reset(&path);
    return EXIT_USER;
  }
  buf_truncate(&path, 0);
  buf_printf(&path, "%s/secret", zOut);
  if( mkdir(path.z, 0700) && errno!=EEXIST ){ cli_error("%s: %s", path.z, strerror(errno)); buf_reset(&path); return EXIT_USER; }
  if( chmod(path.z, 0700) ){ cli_error("%s: %s", path.z, strerror(errno)); buf_reset(&path); return EXIT_USER; }
  buf_truncate(&path, 0);
  buf_printf(&path, "%s/board", zOut);
  if( board_writer_open(&w, path.z, zErr, sizeof zErr) ){ cli_error("%s", zErr); buf_reset(&path); return EXIT_USER; }

  memset(&d, 0, sizeof d);
  d.nVoter = (uint32_t)nVoter;
  d.nAnswer = (uint32_t)nAnswer;
  d.nTrustee = (uint32_t)nTrustee;
  d.nThreshold = (uint32_t)nThreshold;
  d.nGroup = (uint32_t)nGroup;
  d.weighted = weighted;
  d.seed = (uint64_t)seed;
  rc = EXIT_USER;
  if( election_demo_run(&d, &w, zErr, sizeof zErr) ){
    board_writer_close(&w);
    cli_error("%s", zErr);
    goto out;
  }
  if( board_writer_close(&w) ){ cli_error("%s: write failed", path.z); goto out; }

  /* the secrets, each file for one participant */
  {
    unsigned char aPk[32];
    buf_truncate(&path, 0); buf_printf(&path, "%s/secret/authority.key", zOut);
    buf_truncate(&b, 0);
    buf_puts(&b, "# mandate credential authority key: keep it secret\n");
    put_key_line(&b, "secret", d.authoritySk.a);
    { GroupPoint y; group_base_mult(&y, &d.authoritySk); memcpy(aPk, y.a, 32); }
    put_key_line(&b, "public", aPk);
    if( cli_write_file(path.z, b.z, b.n, 0600, CLI_WRITE_NEW) ) goto out;
    for(uint32_t i=0; i<d.nTrustee; i++){
      GroupPoint y;
      buf_truncate(&path, 0); buf_printf(&path, "%s/secret/trustee-%u.key", zOut, i+1);
      buf_truncate(&b, 0);
      buf_printf(&b, "# mandate trustee %u of %u (any %u decrypt): key share, keep it secret\n",
                 i+1, d.nTrustee, d.nThreshold);
      put_key_line(&b, "secret", d.aTrusteeSk[i].a);
      group_base_mult(&y, &d.aTrusteeSk[i]);
      put_key_line(&b, "public", y.a);
      if( cli_write_file(path.z, b.z, b.n, 0600, CLI_WRITE_NEW) ) goto out;
    }
    buf_truncate(&path, 0); buf_printf(&path, "%s/secret/credentials", zOut);
    buf_truncate(&b, 0);
    buf_puts(&b, "# voter secret-credential public-credential tracker-of-counted-ballot\n");
    for(uint32_t v=0; v<d.nVoter; v++){
      char zS[65], zP[65];
      board_hex(zS, d.aCredSk[v].a, 32);
      board_hex(zP, d.aCredPk[v].a, 32);
      buf_printf(&b, "voter-%07u %s %s %s\n", v+1, zS, zP, d.azTracker[v][0] ? d.azTracker[v] : "-");
    }
    if( cli_write_file(path.z, b.z, b.n, 0600, CLI_WRITE_NEW) ) goto out;
  }

  printf("election %s/board: %zu items\n", zOut, w.nItem);
  printf("  %u credentials, %u of %u trustee%s needed, %llu ballots cast, %llu counted\n", d.nVoter,
         d.nThreshold, d.nTrustee, d.nTrustee==1 ? "" : "s",
         (unsigned long long)d.nBallot, (unsigned long long)d.nCounted);
  printf("  decrypted by trustee%s", d.nThreshold==1 ? "" : "s");
  for(uint32_t i=0; i<d.nTrustee; i++) if( d.aDecrypted[i] ) printf(" %u", i+1);
  printf("\n");
  if( d.nAnswer==1 ){
    printf("  result: yes %llu, no %llu\n", (unsigned long long)d.aCount[0],
           (unsigned long long)(d.weightCounted - d.aCount[0]));
  }else{
    uint64_t nChosen = 0;
    printf("  result:");
    for(uint32_t j=0; j<d.nAnswer; j++){ printf(" %llu", (unsigned long long)d.aCount[j]); nChosen += d.aCount[j]; }
    printf(" (blank %llu)\n", (unsigned long long)(d.weightCounted - nChosen));
  }
  printf("  secrets in %s/secret/ (mode 0600)\n  check it: mandate verify %s\n", zOut, zOut);
  rc = EXIT_OK;
out:
  election_demo_clear(&d);
  if( b.z ) sodium_memzero(b.z, b.nAlloc);
  buf_reset(&b);
  buf_reset(&path);
  return rc;
}

static const CliSub aElectionCmd[] = {
  { "demo",   "election demo",   election_demo },
  { "create", "election create", election_cmd_create },
  { "tally",  "election tally",  election_cmd_tally },
  { "result", "election result", election_cmd_result },
  { "cast",   "election cast",   election_cmd_cast },
};

/*
** mandate election SUBCOMMAND ...
*/
int cmd_election(int argc, char **argv){
  return cli_subcommand(argc, argv, aElectionCmd,
                        (int)(sizeof(aElectionCmd)/sizeof(aElectionCmd[0])), zElectionUsage);
}

/* Print one question's counts aCount (its answers), of nCounted ballots. */
static void print_counts(const ElectionQuestion *pQ, const uint64_t *aCount, uint64_t nCounted,
                         const char *zIndent){
  if( pQ->nAnswer==1 ){
    printf("%s%-30s %10llu\n", zIndent, "yes", (unsigned long long)aCount[0]);
    printf("%s%-30s %10llu\n", zIndent, "no", (unsigned long long)(nCounted - aCount[0]));
  }else{
    uint64_t nChosen = 0;
    for(uint32_t j=0; j<pQ->nAnswer; j++){
      printf("%s%-30s %10llu\n", zIndent, pQ->azLabel[j], (unsigned long long)aCount[j]);
      nChosen += aCount[j];
    }
    if( pQ->max==1 ) printf("%s%-30s %10llu\n", zIndent, "(blank)", (unsigned long long)(nCounted - nChosen));
  }
}

/* Print the counts of a verified board: the totals, then each bucket of
** the breakdown (published groups, then the merged small ones). Counts
** are votes: weighted, in a weighted election. */
static void print_result(const VerifyReport *r){
  const Election *e = &r->election;
  size_t k = 0, nA = e->nAnswerTotal;
  for(uint32_t q=0; q<e->nQuestion; q++){
    const ElectionQuestion *pQ = &e->aQ[q];
    printf("question %u: %s\n", q+1, pQ->zText);
    print_counts(pQ, &r->aCount[k], r->weightCounted, "  ");
    for(uint32_t bk=0; e->nGroup && bk<r->nBucket; bk++){
      Buf name = BUF_INIT;
      uint32_t nIn = 0;
      for(uint32_t g=1; g<=e->nGroup; g++){
        if( r->aBucketOfGroup[g]!=bk ) continue;
        buf_printf(&name, "%s%s", nIn ? ", " : "", e->azGroup[g-1]);
        nIn++;
      }
      printf("  %s%s (%llu ballots):\n", nIn>1 ? "merged, too small alone: " : "", name.z ? name.z : "",
             (unsigned long long)r->aBucketCounted[bk]);
      print_counts(pQ, &r->aBucketCount[bk*nA + k], r->aBucketWeight[bk], "    ");
      buf_reset(&name);
    }
    k += pQ->nAnswer;
  }
}

/*
** mandate verify DIR|FILE
*/
int cmd_verify(int argc, char **argv){
  const char *zThreads = 0;
  int listTrackers = 0, isOpen = 0;
  const CliOpt aOpt[] = { { "--threads", &zThreads, 0 }, { "--trackers", 0, &listTrackers },
                          { "--open", 0, &isOpen }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zVerifyUsage, azPos, 1, &nPos);
  long long nThread = sysconf(_SC_NPROCESSORS_ONLN);
  Buf path = BUF_INIT;
  struct stat st;
  int fd;
  unsigned char *a = 0;
  VerifyReport r;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 ){ fprintf(stderr, "mandate verify: which board?\n%s", zVerifyUsage); return EXIT_USAGE; }
  if( zThreads && parse_num(zThreads, "--threads", 1, 16, &nThread) ) return EXIT_USAGE;
  if( nThread<1 ) nThread = 1;
  buf_puts(&path, azPos[0]);
  if( stat(path.z, &st)==0 && S_ISDIR(st.st_mode) ) buf_puts(&path, "/board");
  fd = open(path.z, O_RDONLY|O_CLOEXEC);
  if( fd<0 || fstat(fd, &st) ){
    cli_error("%s: %s", path.z, strerror(errno));
    if( fd>=0 ) close(fd);
    buf_reset(&path);
    return EXIT_USER;
  }
  if( st.st_size>0 ){
    a = mmap(0, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if( a==MAP_FAILED ){
      cli_error("%s: %s", path.z, strerror(errno));
      close(fd); buf_reset(&path);
      return EXIT_USER;
    }
  }
  close(fd);
  verify_board(a ? a : (const unsigned char*)"", a ? (size_t)st.st_size : 0, (int)nThread, isOpen ? VERIFY_OPEN : 0, &r);
  if( a ) munmap(a, (size_t)st.st_size);
  if( listTrackers ){
    for(size_t b=0; b<r.nBallot; b++){
      printf("line %zu %s %s\n", r.aBallot[b].iLine, r.aBallot[b].zTracker,
             r.aBallot[b].counted ? "counted" : "replaced");
    }
  }
  if( !r.ok ){
    cli_error("verify: %s line %zu (%s): %s", path.z, r.iFailLine, r.zFailType, r.zFail);
    fprintf(stderr, "mandate: verify: FAILED: the board does not verify\n");
    rc = EXIT_USER;
  }else{
    char zId[65], zHead[65];
    board_hex(zId, r.election.id, 32);
    board_hex(zHead, r.head, 32);
    printf("board %s: %zu items, head %s\n", path.z, r.nItem, zHead);
    printf("election %s: %s\n", zId, r.election.zTitle);
    printf("  %u of %u trustee%s needed, %zu credentials, %zu ballots cast, %zu counted (%zu replaced by a later ballot)\n",
           r.election.nThreshold, r.election.nTrustee, r.election.nTrustee==1 ? "" : "s", r.nCredential,
           r.nBallot, r.nCounted, r.nBallot - r.nCounted);
    if( r.weightCounted!=r.nCounted ){
      printf("  weighted: the counted ballots carry %llu votes\n", (unsigned long long)r.weightCounted);
    }
    if( r.hasResult ){
      print_result(&r);
      printf("verified: hash chain, %zu ballots' signatures and proofs, tally, %u partial decryptions, result\n",
             r.nBallot, r.nPartial);
    }else{
      printf("no result yet (%s): verified so far: hash chain, %zu ballots' signatures and proofs%s\n",
             r.hasTally ? "being decrypted" : "voting may be open", r.nBallot,
             r.hasTally ? ", tally" : "");
    }
    printf("ballots checked in %.3f s on %d thread%s (%.0f ballots/s)\n", r.secBallots, r.nThread,
           r.nThread==1 ? "" : "s", r.secBallots>0 ? (double)r.nBallot/r.secBallots : 0.0);
    rc = EXIT_OK;
  }
  verify_report_clear(&r);
  buf_reset(&path);
  return rc;
}
