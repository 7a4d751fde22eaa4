/* cmd_ballot.c: `mandate ballot`, the union's side of an online ballot:
** create (the constituency and the board), voters (the list for the
** credential authority), import-credentials (their public halves), make
** (a test voter's ballot), close (the tally), result (judged under the
** law), turnout, reconcile and list. The flow: docs/ballots.md. */
#include "cli.h"
#include "keyfile.h"
#include "../crypto/board.h"
#include "../crypto/election.h"
#include "../domain/ballot.h"
#include "../domain/ballot_outcome.h"
#include "../domain/delivery.h"
#include "../domain/law.h"
#include "../store/db.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static const char zBallotUsage[] =
  "usage: mandate ballot create CODE --title T --question Q [--answers \"A;B\"]\n"
  "                     --kind indicative|offer|election|motion --unit U [--unit U...]\n"
  "                     [--employer E] [--category C] [--employment-type T]\n"
  "                     [--weights FILE]  (a delegate conference: --unit optional)\n"
  "                     --opens DATETIME --closes DATETIME --regime R [--breakdown]\n"
  "                     --authority FILE --public FILE... --db PATH\n"
  "       mandate ballot voters CODE --out FILE [--with-contacts] --db PATH\n"
  "       mandate ballot import-credentials CODE --board-from DIR --map FILE --db PATH\n"
  "       mandate ballot make CODE --credential HEX --choose yes|no|blank|N[,N...] --db PATH\n"
  "       mandate ballot close CODE --db PATH\n"
  "       mandate ballot result CODE [--important-public-service] [--json] --db PATH\n"
  "       mandate ballot turnout CODE [--unit U] [--json] --db PATH\n"
  "       mandate ballot reconcile CODE --db PATH\n"
  "       mandate ballot list [--json] --db PATH\n"
  "       mandate ballot delivery CODE [--import FILE] [--json] --db PATH\n"
  "       mandate ballot resend-requests CODE --out FILE [--all] --db PATH\n"
  "\n"
  "An online ballot, from the union's side (docs/ballots.md). The server holds\n"
  "the register, the public board and who has voted; it never sees a vote, and\n"
  "cannot cast one: the credential authority issues the voters' credentials and\n"
  "gives the server only their public halves; the trustees hold the key.\n"
  "\n"
  "  create      snapshot the constituency (active members in the units'\n"
  "              subtrees, filtered) and write the board PATH.ballots/CODE/board\n"
  "              (definition and trustees' keys, as 'mandate election create').\n"
  "              --breakdown: count by workplace (small ones merged). DATETIME:\n"
  "              YYYY-MM-DDTHH:MM, UTC. --weights FILE: a delegate conference\n"
  "              vote with public weights: FILE is CSV member,weight (a header\n"
  "              line, then a membership number and its votes, 1 to 1000000,\n"
  "              a line per delegate); the constituency is exactly those\n"
  "              active members (inside the --unit subtrees when given);\n"
  "              --kind stays what is voted on (motion, election...)\n"
  "  voters      the voter list for the credential authority: voter,group (no\n"
  "              contact data unless --with-contacts: the authority mails the\n"
  "              credentials itself), and the commands it runs; a weighted\n"
  "              ballot adds a weight column, and one command per (group,\n"
  "              weight) pair\n"
  "  import-credentials\n"
  "              take the authority's board (ours plus its credential lines) and\n"
  "              the map of voter numbers to PUBLIC credentials (the first and\n"
  "              third fields of its credentials file), never the secret halves;\n"
  "              each credential must carry its voter's group and weight\n"
  "  make        a voter's ballot, in hex, for POST /api/v1/ballots/CODE/cast\n"
  "              (tests and rehearsals: members vote from their own device)\n"
  "  close       after the close: add the encrypted tally to the board; then the\n"
  "              trustees run 'mandate trustee decrypt --board PATH.ballots/CODE'\n"
  "  result      combine the trustees' decryptions, publish the result on the\n"
  "              board and judge it under the ballot's regime, overall and per\n"
  "              workplace bucket; alongside, under every other regime (each\n"
  "              threshold met or missed by how many votes); and the buckets\n"
  "              ranked by where a mandate could be won, with the fewest more\n"
  "              voters (voting yes) each would have needed\n"
  "  turnout     who has voted, by unit (never how); weighted: delegates and\n"
  "              the votes they hold\n"
  "  reconcile   record ballots on the board that the database lacks (the\n"
  "              server does this itself when it first takes a ballot)\n"
  "  list        every ballot and its state\n"
  "  delivery    did the voting codes arrive? --import takes the credential\n"
  "              authority's delivery report (delivery.csv: all rows or none; an\n"
  "              older report never undoes a newer one); then the counts (sent,\n"
  "              re-sent, printed, queued, bounced, failed, no report) by unit\n"
  "  resend-requests\n"
  "              members' requests for their code again, for the authority\n"
  "              (resend-requests.csv): those not yet exported, then marked\n"
  "              exported; --all writes every request\n";

static void print_json(json_t *p){
  char *z = json_dumps(p, JSON_INDENT(2));
  printf("%s\n", z);
  free(z);
}

/* The board file of ballot zCode. Caller frees. */
static char *board_file(const char *zDb, const char *zCode){
  char *zDir = ballot_board_dir(zDb, zCode);
  Buf b = BUF_INIT;
  buf_printf(&b, "%s/board", zDir);
  free(zDir);
  return buf_steal(&b);
}

int cli_open_ballot(const char *zDb, const char *zCode, Db **pDb, Ballot *pB){
  *pDb = cli_open_db(zDb, 0);
  if( *pDb==0 ) return -1;
  int r = ballot_load(*pDb, zCode, pB);
  if( r==0 ) return 0;
  cli_error(r>0 ? "no ballot %s (see 'mandate ballot list')" : "cannot read ballot %s", zCode);
  db_close(*pDb);
  *pDb = 0;
  return -1;
}

/* Options that repeat: --unit and --public. */
/* Whether the last line of the board file zBoard is its result. */
static int board_ends_with_result(const char *zBoard){
  int fd = open(zBoard, O_RDONLY|O_CLOEXEC);
  struct stat st;
  char c, zType[8] = "";
  off_t at;
  if( fd<0 || fstat(fd, &st) || st.st_size<2 ){ if( fd>=0 ) close(fd); return 0; }
  at = st.st_size - 1;
  while( at>0 && pread(fd, &c, 1, at-1)==1 && c!='\n' ) at--;
  if( pread(fd, zType, 7, at)!=7 ) zType[0] = 0;
  close(fd);
  return memcmp(zType, "result ", 7)==0;
}

static int ballot_create_cmd(int argc, char **argv){
  const char *zDb = 0, *zTitle = 0, *zQuestion = 0, *zAnswers = 0, *zKind = 0, *zEmployer = 0;
  const char *zCategory = 0, *zType = 0, *zOpens = 0, *zCloses = 0, *zRegime = 0, *zAuth = 0;
  const char *zWeights = 0;
  int breakdown = 0;
  Buf weights = BUF_INIT;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--title", &zTitle, 0 }, { "--question", &zQuestion, 0 },
    { "--answers", &zAnswers, 0 }, { "--kind", &zKind, 0 }, { "--employer", &zEmployer, 0 },
    { "--category", &zCategory, 0 }, { "--employment-type", &zType, 0 }, { "--opens", &zOpens, 0 },
    { "--closes", &zCloses, 0 }, { "--regime", &zRegime, 0 }, { "--authority", &zAuth, 0 },
    { "--breakdown", 0, &breakdown }, { "--weights", &zWeights, 0 }, { 0 } };
  char *azRest[300], *azRest2[300], *azPos[1], *zErr = 0, *zDir = 0;
  CliRepeat units = { "--unit", {0}, 0 }, pubs = { "--public", {0}, 0 };
  int nRest, nRest2, nPos, rc;
  LawSet *pLaw = 0;
  Db *db = 0;
  BallotSpec spec;
  BallotDraft d;
  CeremonyElection ce;
  if( argc>300 ){ cli_error("too many arguments"); return EXIT_USAGE; }
  if( cli_gather(argc, argv, &units, 1, &nRest, azRest)
   || cli_gather(nRest, azRest, &pubs, 1, &nRest2, azRest2) ) return EXIT_USAGE;
  rc = cli_parse(nRest2, azRest2, aOpt, zBallotUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb || !zTitle || !zQuestion || !zKind || !zOpens || !zCloses || !zRegime || !zAuth
   || (units.n==0 && !zWeights) || pubs.n==0 ){
    cli_error("ballot create: CODE, --title, --question, --kind, --unit (or --weights), --opens, --closes,"
              " --regime, --authority, --public (one per trustee) and --db are required");
    return EXIT_USAGE;
  }
  if( zWeights && cli_read_file(zWeights, &weights) ) return EXIT_USER;
  if( law_load(0, &pLaw, &zErr) ){ cli_error("%s", zErr); free(zErr); buf_reset(&weights); return EXIT_USER; }
  if( (db = cli_open_db(zDb, 0))==0 ){ law_free(pLaw); buf_reset(&weights); return EXIT_USER; }
  memset(&spec, 0, sizeof spec);
  spec.zCode = azPos[0]; spec.zTitle = zTitle; spec.zQuestion = zQuestion; spec.zAnswers = zAnswers;
  spec.zKind = zKind; spec.zRegime = zRegime; spec.zOpens = zOpens; spec.zCloses = zCloses;
  spec.breakdown = breakdown; spec.nUnit = units.n; spec.azUnit = units.az;
  spec.zEmployer = zEmployer; spec.zCategory = zCategory; spec.zType = zType;
  if( zWeights ){ spec.zWeightsName = zWeights; spec.zWeights = buf_str(&weights); spec.nWeights = weights.n; }
  rc = EXIT_USER;
  if( ballot_create_begin(db, pLaw, &spec, &d, &zErr) ){
    cli_error("the ballot is not created:\n%s", zErr); free(zErr); goto out;
  }
  zDir = ballot_board_dir(zDb, azPos[0]);
  {
    Buf parent = BUF_INIT;
    buf_printf(&parent, "%s.ballots", zDb);
    if( mkdir(buf_str(&parent), 0755) && errno!=EEXIST ){
      cli_error("%s: %s", buf_str(&parent), strerror(errno));
      buf_reset(&parent); ballot_create_abort(db, &d); ballot_draft_clear(&d); goto out;
    }
    buf_reset(&parent);
  }
  memset(&ce, 0, sizeof ce);
  ce.zTitle = zTitle; ce.zQuestion = zQuestion; ce.zAnswers = zAnswers;
  ce.zMin = zAnswers ? "0" : 0; ce.zMax = zAnswers ? "1" : 0;   /* one answer, or blank */
  ce.azGroup = (const char *const*)d.azGroup; ce.nGroup = d.nGroup;
  ce.zAuthority = zAuth; ce.azPublic = pubs.az; ce.nPublic = pubs.n; ce.zOutDir = zDir;
  if( ceremony_election_create(&ce)!=EXIT_OK ){
    ballot_create_abort(db, &d); ballot_draft_clear(&d); goto out;
  }
  if( ballot_create_finish(db, &d, ce.aId, &zErr) ){
    char *zBoard = board_file(zDb, azPos[0]);
    cli_error("%s", zErr); free(zErr);
    unlink(zBoard); rmdir(zDir); free(zBoard);
    ballot_draft_clear(&d); goto out;
  }
  if( d.b.weighted ){
    printf("ballot %s created: a delegate conference of %lld delegates holding %lld votes, voting %s to %s\n",
           d.b.zCode, (long long)d.b.nVoter, (long long)d.b.nWeight, d.b.zOpens, d.b.zCloses);
  }else{
    printf("ballot %s created: %lld voters, voting %s to %s\n", d.b.zCode, (long long)d.b.nVoter,
           d.b.zOpens, d.b.zCloses);
  }
  if( d.nGroup ) printf("  counted by workplace: %u groups (those under 10 counted ballots merged)\n", d.nGroup);
  printf("  board %s/board (election %s; %u of %u trustees decrypt)\n", zDir, d.b.zElectionId, ce.nThreshold, ce.nTrustee);
  printf("next: mandate ballot voters %s --out voters.csv --db %s  (for the credential authority)\n", d.b.zCode, zDb);
  ballot_draft_clear(&d);
  rc = EXIT_OK;
out:
  free(zDir);
  buf_reset(&weights);
  db_close(db);
  law_free(pLaw);
  return rc;
}

static int ballot_voters_cmd(int argc, char **argv){
  const char *zDb = 0, *zOut = 0;
  int withContacts = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--out", &zOut, 0 }, { "--with-contacts", 0, &withContacts }, { 0 } };
  char *azPos[1], *zErr = 0, *zBoard = 0, zWhy[300];
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos), fd = -1;
  Db *db = 0;
  Ballot b;
  Election e;
  Buf csv = BUF_INIT;
  int64_t *aCount = 0;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb || !zOut ){ cli_error("ballot voters: CODE, --out and --db are required"); return EXIT_USAGE; }
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ) return EXIT_USER;
  rc = EXIT_USER;
  zBoard = board_file(zDb, b.zCode);
  if( ballot_election_load(zBoard, &e, zWhy, sizeof zWhy) ){ cli_error("%s", zWhy); goto out; }
  if( ballot_voters_csv(db, &b, (const char *const*)e.azGroup, e.nGroup, withContacts, &csv, &zErr)
   || ballot_group_counts(db, &b, e.nGroup, 0, &aCount) ){
    cli_error("%s", zErr ? zErr : db_errmsg(db)); free(zErr); goto out;
  }
  fd = open(zOut, O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0600);
  if( fd<0 || write(fd, csv.z, csv.n)!=(ssize_t)csv.n || fsync(fd) ){
    cli_error("%s: %s", zOut, strerror(errno)); goto out;
  }
  printf("%lld voters written to %s%s\n", (long long)b.nVoter, zOut,
         withContacts ? " WITH contact data (mode 0600): the authority sends the credentials" : "");
  printf("for the credential authority, on its own machine, with a copy of %s:\n", zBoard);
  if( b.weighted ){
    BallotCredRun *aRun = 0;
    int nRun = 0;
    if( ballot_credential_runs(db, &b, &aRun, &nRun) ){ cli_error("%s", db_errmsg(db)); goto out; }
    printf("  in this order, one run per %s (voters are numbered in runs):\n", e.nGroup ? "group and weight" : "weight");
    for(int i=0; i<nRun; i++){
      const BallotCredRun *q = &aRun[i];
      printf("  mandate authority credentials --secret authority.secret --board BOARD-COPY --voters %lld", (long long)q->n);
      if( e.nGroup && q->iGroup>0 && (uint64_t)q->iGroup<=e.nGroup ) printf(" --group '%s'", e.azGroup[q->iGroup-1]);
      printf(" --weight %lld --out credentials-%d   # voters %lld-%lld\n", (long long)q->weight, i+1,
             (long long)q->first, (long long)(q->first+q->n-1));
    }
    free(aRun);
  }else if( e.nGroup==0 ){
    printf("  mandate authority credentials --secret authority.secret --board BOARD-COPY --voters %lld --out credentials\n",
           (long long)aCount[0]);
  }else{
    printf("  in this order, one run per group (voters are numbered group by group):\n");
    for(uint32_t g=1; g<=e.nGroup; g++){
      printf("  mandate authority credentials --secret authority.secret --board BOARD-COPY --voters %lld"
             " --group '%s' --out credentials-%u\n", (long long)aCount[g], e.azGroup[g-1], g);
    }
  }
  printf("then give the server only the public halves:\n"
         "  cat credentials* | awk '{print $1, $3}' > credentials.public\n"
         "  mandate ballot import-credentials %s --board-from BOARD-COPY --map credentials.public --db %s\n",
         b.zCode, zDb);
  rc = EXIT_OK;
out:
  if( fd>=0 ) close(fd);
  free(aCount);
  free(zBoard);
  election_clear(&e);
  buf_reset(&csv);
  db_close(db);
  return rc;
}

static int ballot_import_cmd(int argc, char **argv){
  const char *zDb = 0, *zFrom = 0, *zMap = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--board-from", &zFrom, 0 }, { "--map", &zMap, 0 }, { 0 } };
  char *azPos[1], *zErr = 0, *zBoard = 0;
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos);
  Db *db = 0;
  Ballot b;
  Buf map = BUF_INIT, from = BUF_INIT;
  int64_t nNew = 0;
  struct stat st;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb || !zFrom || !zMap ){ cli_error("ballot import-credentials: CODE, --board-from, --map and --db are required"); return EXIT_USAGE; }
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ) return EXIT_USER;
  rc = EXIT_USER;
  zBoard = board_file(zDb, b.zCode);
  buf_puts(&from, zFrom);
  if( stat(zFrom, &st)==0 && S_ISDIR(st.st_mode) ) buf_puts(&from, "/board");
  if( cli_read_file(zMap, &map) ) goto out;
  if( ballot_import_credentials(db, &b, zBoard, buf_str(&from), zMap, buf_str(&map), map.n, &nNew, &zErr) ){
    cli_error("the credentials are not imported:\n%s", zErr); free(zErr); goto out;
  }
  printf("%lld credentials imported for ballot %s: the server knows which credential is whose"
         " (who votes, never how); the secret halves stay with the authority\n", (long long)nNew, b.zCode);
  printf("voting opens %s and closes %s: POST /api/v1/ballots/%s/cast\n", b.zOpens, b.zCloses, b.zCode);
  rc = EXIT_OK;
out:
  free(zBoard);
  buf_reset(&map);
  buf_reset(&from);
  db_close(db);
  return rc;
}

static int ballot_make_cmd(int argc, char **argv){
  const char *zDb = 0, *zCred = 0, *zChoose = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--credential", &zCred, 0 }, { "--choose", &zChoose, 0 }, { 0 } };
  char *azPos[1], *zBoard = 0, zWhy[300];
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos);
  Election e;
  GroupScalar sk;
  GroupPoint pk;
  uint8_t aChoice[ELECTION_MAX_ANSWERS] = {0};
  Buf item = BUF_INIT;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb || !zCred || !zChoose ){ cli_error("ballot make: CODE, --credential, --choose and --db are required"); return EXIT_USAGE; }
  if( keyfile_credential(zCred, &sk) ) return EXIT_USAGE;
  group_init();
  group_base_mult(&pk, &sk);
  zBoard = board_file(zDb, azPos[0]);
  rc = EXIT_USER;
  if( ballot_election_load(zBoard, &e, zWhy, sizeof zWhy) ){ cli_error("%s", zWhy); goto out; }
  if( ceremony_parse_choice(&e.aQ[0], zChoose, aChoice) ){ rc = EXIT_USAGE; goto out; }
  if( election_ballot_make(&item, &e, &sk, &pk, aChoice) ){ cli_error("this choice is not allowed by the question"); goto out; }
  {
    char *zHex = xmalloc(2*item.n+1), zTracker[BOARD_TRACKER_CHARS+1];
    board_hex(zHex, (unsigned char*)item.z, item.n);
    board_tracker(zTracker, (unsigned char*)item.z, item.n);
    printf("%s\n", zHex);
    fprintf(stderr, "tracker %s\n", zTracker);
    free(zHex);
  }
  rc = EXIT_OK;
out:
  group_scalar_wipe(&sk);
  election_clear(&e);
  free(zBoard);
  buf_reset(&item);
  return rc;
}

static int ballot_close_cmd(int argc, char **argv){
  const char *zDb = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { 0 } };
  char *azPos[1], *zBoard = 0, *zDir = 0, zNow[BALLOT_TIME], zWhy[300];
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos), fd = -1;
  Db *db = 0;
  Ballot b;
  size_t nCounted = 0, nBallot = 0;
  int64_t nRec = 0;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb ){ cli_error("ballot close: CODE and --db are required"); return EXIT_USAGE; }
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ) return EXIT_USER;
  rc = EXIT_USER;
  ballot_now(zNow);
  if( b.zClosedAt[0] ){ cli_error("ballot %s was closed at %s", b.zCode, b.zClosedAt); goto out; }
  if( strcmp(zNow, b.zCloses)<0 ){ cli_error("ballot %s is open until %s: close it after that", b.zCode, b.zCloses); goto out; }
  zBoard = board_file(zDb, b.zCode);
  zDir = ballot_board_dir(zDb, b.zCode);
  /* record what a crashed server left unrecorded (turnout), then hold
  ** the board's lock while tallying: a server taking a late ballot waits,
  ** then sees the tally and refuses it */
  if( ballot_reconcile(db, zDb, &b, &nRec, zWhy, sizeof zWhy) ){ cli_error("%s", zWhy); goto out; }
  fd = open(zBoard, O_RDONLY|O_CLOEXEC);
  if( fd<0 || flock(fd, LOCK_EX) ){ cli_error("%s: %s", zBoard, strerror(errno)); goto out; }
  if( ceremony_board_tally(zDir, &nCounted, &nBallot)!=EXIT_OK ) goto out;
  if( ballot_mark_closed(db, &b, zNow) ){ cli_error("%s", db_errmsg(db)); goto out; }
  printf("ballot %s closed: tally of %zu counted ballots (of %zu cast, %lld voters) added to %s\n",
         b.zCode, nCounted, nBallot, (long long)b.nVoter, zBoard);
  printf("next: the trustees run 'mandate trustee decrypt --secret FILE --board %s', then\n"
         "      mandate ballot result %s --db %s\n", zDir, b.zCode, zDb);
  rc = EXIT_OK;
out:
  if( fd>=0 ) close(fd);
  free(zBoard);
  free(zDir);
  db_close(db);
  return rc;
}

static int ballot_result_cmd(int argc, char **argv){
  const char *zDb = 0;
  int ips = 0, asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--important-public-service", 0, &ips }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1], *zBoard = 0, *zDir = 0, *zErr = 0;
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos);
  Db *db = 0;
  Ballot b;
  LawSet *pLaw = 0;
  json_t *pRes = 0;
  const char *azCond[] = { "important_public_service", 0 };
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb ){ cli_error("ballot result: CODE and --db are required"); return EXIT_USAGE; }
  if( law_load(0, &pLaw, &zErr) ){ cli_error("%s", zErr); free(zErr); return EXIT_USER; }
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ){ law_free(pLaw); return EXIT_USER; }
  rc = EXIT_USER;
  if( !b.zClosedAt[0] ){ cli_error("ballot %s is not closed: 'mandate ballot close %s' first", b.zCode, b.zCode); goto out; }
  zBoard = board_file(zDb, b.zCode);
  zDir = ballot_board_dir(zDb, b.zCode);
  /* the result line, unless already there (it is always the last) */
  if( !board_ends_with_result(zBoard) && ceremony_board_result(zDir)!=EXIT_OK ) goto out;
  if( ballot_result(db, pLaw, &b, zBoard, ips ? azCond : 0, &pRes, &zErr) ){
    cli_error("%s", zErr); free(zErr); goto out;
  }
  if( asJson ){
    print_json(pRes);
  }else{
    json_t *v = json_object_get(pRes, "verdict"), *aB = json_object_get(pRes, "buckets");
    size_t i;
    json_t *x;
    printf("%s: %s\n", b.zCode, b.zTitle);
    if( b.weighted ){
      printf("  a delegate conference: %lld of %lld delegates voted; votes (weighted): %lld entitled, %lld counted"
             " (turnout %.1f%%)\n", (long long)json_integer_value(json_object_get(pRes, "delegates_voted")),
             (long long)json_integer_value(json_object_get(pRes, "delegates_entitled")),
             (long long)json_integer_value(json_object_get(pRes, "entitled")),
             (long long)json_integer_value(json_object_get(pRes, "counted")), json_real_value(json_object_get(pRes, "turnout_pct")));
    }else{
      printf("  %lld entitled, %lld counted (turnout %.1f%%)\n", (long long)json_integer_value(json_object_get(pRes, "entitled")),
             (long long)json_integer_value(json_object_get(pRes, "counted")), json_real_value(json_object_get(pRes, "turnout_pct")));
    }
    json_array_foreach(json_object_get(pRes, "answers"), i, x){
      printf("  %-20s %lld%s\n", json_string_value(json_object_get(x, "answer")), (long long)json_integer_value(json_object_get(x, "votes")),
             b.weighted ? " votes (weighted)" : "");
    }
    if( v ){
      printf("  under %s: %s\n", b.zRegime, ballot_verdict_words(b.zKind, json_is_true(json_object_get(v, "mandate"))));
    }else{
      printf("  %s\n", json_string_value(json_object_get(pRes, "verdict_note")));
    }
    if( json_array_size(aB) ){
      printf("  where a mandate can be won (by workplace; small ones merged):\n");
      json_array_foreach(aB, i, x){
        json_t *g = json_object_get(x, "groups");
        const char *zMandate = json_object_get(x, "mandate")
          ? (json_is_true(json_object_get(x, "mandate")) ? ": a mandate" : ": no mandate") : "";  /* a bucket balloted alone on action */
        char zWhat[240];
        if( json_array_size(g)==1 ) snprintf(zWhat, sizeof zWhat, "%s", json_string_value(json_array_get(g, 0)));
        else snprintf(zWhat, sizeof zWhat, "%zu smaller workplaces merged", json_array_size(g));
        printf("    %-44s %6lld of %6lld voted%s\n", zWhat,
               (long long)json_integer_value(json_object_get(x, "counted")),
               (long long)json_integer_value(json_object_get(x, "entitled")), zMandate);
      }
    }
    json_array_foreach(json_object_get(pRes, "regimes"), i, x){
      if( json_is_true(json_object_get(x, "own")) || json_object_get(x, "rules")==0 ) continue;
      printf("  alongside, under %s: %s\n", json_string_value(json_object_get(x, "regime")),
             ballot_verdict_words(b.zKind, json_is_true(json_object_get(x, "mandate"))));
    }
    if( json_array_size(json_object_get(pRes, "where")) ){
      printf("  ranked, each workplace as if balloted on its own (more voters needed, voting yes):\n");
      json_array_foreach(json_object_get(pRes, "where"), i, x){
        json_t *pNeed = json_object_get(x, "more_voters_needed");
        char zNeed[48];
        snprintf(zNeed, sizeof zNeed, "%lld more voters needed", (long long)json_integer_value(pNeed));
        printf("    %2zu. %-44s %s\n", i+1, json_string_value(json_object_get(x, "label")),
               json_is_true(json_object_get(x, "mandate")) ? "would pass"
               : json_is_null(pNeed) ? "out of reach" : zNeed);
      }
    }
    printf("anyone can check the count: mandate verify %s\n", zDir);
  }
  json_decref(pRes);
  rc = EXIT_OK;
out:
  free(zBoard);
  free(zDir);
  db_close(db);
  law_free(pLaw);
  return rc;
}

static int ballot_turnout_cmd(int argc, char **argv){
  const char *zDb = 0, *zUnit = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--unit", &zUnit, 0 }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1], zNow[BALLOT_TIME];
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos);
  Db *db = 0;
  Ballot b;
  Unit u;
  BallotTurnout t;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb ){ cli_error("ballot turnout: CODE and --db are required"); return EXIT_USAGE; }
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ) return EXIT_USER;
  rc = EXIT_USER;
  if( zUnit && register_unit_by_code(db, zUnit, &u) ){ cli_error("no unit %s", zUnit); goto out; }
  ballot_now(zNow);
  int r = ballot_turnout(db, &b, zUnit ? &u : 0, zNow, &t);
  if( r<0 ){ cli_error("%s", db_errmsg(db)); goto out; }
  if( r>0 ){ cli_error("no voter of ballot %s is in %s", b.zCode, zUnit); goto out; }
  if( asJson ){
    json_t *p = ballot_turnout_json(&b, &t, zNow);
    print_json(p);
    json_decref(p);
  }else{
    printf("%s: %s (%s, as of %s)\n", b.zCode, b.zTitle, ballot_state(&b, zNow), zNow);
    if( b.weighted ) printf("%-40s %18s         %18s\n", "a delegate conference", "delegates voted", "votes represented");
    for(int i=0; i<t.nRow; i++){
      printf("%*s%-*s %7lld of %7lld  %5.1f%%", 2*t.aRow[i].depth, "", 40-2*t.aRow[i].depth,
             t.aRow[i].zName, (long long)t.aRow[i].nVoted, (long long)t.aRow[i].nVoter, t.aRow[i].pct);
      if( b.weighted ){
        printf("  %7lld of %7lld  %5.1f%%", (long long)t.aRow[i].nWeightVoted, (long long)t.aRow[i].nWeight,
               t.aRow[i].weightPct);
      }
      printf("\n");
    }
  }
  ballot_turnout_clear(&t);
  rc = EXIT_OK;
out:
  db_close(db);
  return rc;
}

static int ballot_reconcile_cmd(int argc, char **argv){
  const char *zDb = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { 0 } };
  char *azPos[1], zWhy[300];
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos);
  Db *db = 0;
  Ballot b;
  int64_t n = 0;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb ){ cli_error("ballot reconcile: CODE and --db are required"); return EXIT_USAGE; }
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ) return EXIT_USER;
  rc = EXIT_USER;
  if( ballot_reconcile(db, zDb, &b, &n, zWhy, sizeof zWhy) ){ cli_error("%s", zWhy); goto out; }
  printf("%lld ballots on the board were not recorded and now are\n", (long long)n);
  rc = EXIT_OK;
out:
  db_close(db);
  return rc;
}

static int ballot_list_cmd(int argc, char **argv){
  const char *zDb = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--json", 0, &asJson }, { 0 } };
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, 0, 0, &nPos);
  Db *db;
  json_t *a, *x;
  size_t i;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zDb ){ cli_error("ballot list: --db is required"); return EXIT_USAGE; }
  if( (db = cli_open_db(zDb, 0))==0 ) return EXIT_USER;
  a = ballot_list_json(db);
  db_close(db);
  if( a==0 ){ cli_error("cannot read the ballots"); return EXIT_USER; }
  if( asJson ) print_json(a);
  else json_array_foreach(a, i, x){
    printf("%-16s %-11s %-10s %s to %s  %lld voters  %s\n", json_string_value(json_object_get(x, "code")),
           json_string_value(json_object_get(x, "state")), json_string_value(json_object_get(x, "kind")),
           json_string_value(json_object_get(x, "opens")), json_string_value(json_object_get(x, "closes")),
           (long long)json_integer_value(json_object_get(x, "voters")), json_string_value(json_object_get(x, "title")));
  }
  json_decref(a);
  return EXIT_OK;
}

/* The counts of a delivery summary, one line per unit. */
static void delivery_print(const Ballot *pB, const DeliverySummary *p){
  const DeliveryRow *t = &p->aRow[0];
  printf("%s: %s: the voting codes of %lld voters (last report %s)\n", pB->zCode, pB->zTitle,
         (long long)t->nVoter, p->zLastReport[0] ? p->zLastReport : "none yet");
  for(int b=0; b<DLV_NBUCKET; b++) printf("  %-10s %7lld\n", azDeliveryBucket[b], (long long)t->aN[b]);
  printf("  requests for a code again: %lld, %lld not yet given to the authority\n",
         (long long)p->nRequests, (long long)p->nPending);
  printf("\n%-40s %7s %7s %7s %7s %7s %7s %7s %9s\n", "unit", "voters", "sent", "re-sent", "printed",
         "queued", "bounced", "failed", "no report");
  for(int i=0; i<p->nRow; i++){
    const DeliveryRow *q = &p->aRow[i];
    printf("%*s%-*.*s %7lld", 2*q->depth, "", 40-2*q->depth, 40-2*q->depth, q->zName, (long long)q->nVoter);
    for(int b=0; b<DLV_NBUCKET; b++) printf(b==DLV_NO_REPORT ? " %9lld" : " %7lld", (long long)q->aN[b]);
    printf("\n");
  }
}

static int ballot_delivery_cmd(int argc, char **argv){
  const char *zDb = 0, *zImport = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--import", &zImport, 0 }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1], *zErr = 0, zNow[BALLOT_TIME];
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos);
  Db *db = 0;
  Ballot b;
  Buf in = BUF_INIT;
  DeliverySummary s;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb ){ cli_error("ballot delivery: CODE and --db are required"); return EXIT_USAGE; }
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ) return EXIT_USER;
  rc = EXIT_USER;
  ballot_now(zNow);
  if( zImport ){
    DeliveryImport r;
    if( cli_read_file(zImport, &in) ) goto out;
    if( delivery_import(db, &b, zImport, buf_str(&in), in.n, zNow, &r, &zErr) ){
      cli_error("the delivery report is not imported (nothing was stored):\n%s", zErr);
      free(zErr);
      goto out;
    }
    if( !asJson ){
      printf("%lld rows imported for ballot %s:", (long long)r.nRow, b.zCode);
      for(int i=0; azDeliveryState[i]; i++) printf(" %s %lld%s", azDeliveryState[i], (long long)r.aState[i],
                                                  azDeliveryState[i+1] ? "," : "\n");
      if( r.nOlder ) printf("%lld rows were older than what was stored and did not replace it\n", (long long)r.nOlder);
    }
  }
  int k = delivery_summary(db, &b, 0, &s);
  if( k<0 ){ cli_error("%s", db_errmsg(db)); goto out; }
  if( k>0 ){ cli_error("ballot %s has no voters", b.zCode); goto out; }
  if( asJson ) cli_print_json(delivery_summary_json(&b, &s));
  else{ if( zImport ) printf("\n"); delivery_print(&b, &s); }
  delivery_summary_clear(&s);
  rc = EXIT_OK;
out:
  buf_reset(&in);
  db_close(db);
  return rc;
}

static int ballot_resend_cmd(int argc, char **argv){
  const char *zDb = 0, *zOut = 0;
  int all = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--out", &zOut, 0 }, { "--all", 0, &all }, { 0 } };
  char *azPos[1], zNow[BALLOT_TIME];
  int nPos, rc = cli_parse(argc, argv, aOpt, zBallotUsage, azPos, 1, &nPos);
  Db *db = 0;
  Ballot b;
  Buf csv = BUF_INIT;
  int64_t nRow = 0, maxId = 0;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb || !zOut ){ cli_error("ballot resend-requests: CODE, --out and --db are required"); return EXIT_USAGE; }
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ) return EXIT_USER;
  rc = EXIT_USER;
  ballot_now(zNow);
  if( delivery_resend_csv(db, &b, all, &csv, &nRow, &maxId) ){ cli_error("%s", db_errmsg(db)); goto out; }
  if( cli_write_file(zOut, csv.z, csv.n, 0644, 0) ) goto out;
  if( delivery_resend_mark(db, &b, maxId, zNow) ){ cli_error("%s", db_errmsg(db)); goto out; }
  printf("%lld request%s for a code again written to %s%s\n", (long long)nRow, nRow==1 ? "" : "s", zOut,
         all ? " (every request)" : " (those not given to the authority before; now marked as given)");
  printf("the credential authority sends each of them their code again from its own outbox\n");
  rc = EXIT_OK;
out:
  buf_reset(&csv);
  db_close(db);
  return rc;
}

static const CliSub aBallotCmd[] = {
  { "create",             "ballot create",             ballot_create_cmd },
  { "voters",             "ballot voters",             ballot_voters_cmd },
  { "import-credentials", "ballot import-credentials", ballot_import_cmd },
  { "make",               "ballot make",               ballot_make_cmd },
  { "close",              "ballot close",              ballot_close_cmd },
  { "result",             "ballot result",             ballot_result_cmd },
  { "turnout",            "ballot turnout",            ballot_turnout_cmd },
  { "reconcile",          "ballot reconcile",          ballot_reconcile_cmd },
  { "list",               "ballot list",               ballot_list_cmd },
  { "delivery",           "ballot delivery",           ballot_delivery_cmd },
  { "resend-requests",    "ballot resend-requests",    ballot_resend_cmd },
};

int cmd_ballot(int argc, char **argv){
  return cli_subcommand(argc, argv, aBallotCmd, (int)(sizeof aBallotCmd/sizeof aBallotCmd[0]), zBallotUsage);
}
