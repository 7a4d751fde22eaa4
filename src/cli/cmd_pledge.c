/* cmd_pledge.c: `mandate pledge`: conditional collective pledge campaigns
** (docs/pledges.md). Each subcommand is one participant's step:
**   create, status, open (combine), expire   the organiser / the server
**   credentials                              the credential authority
**   sign, withdraw                           a member's device (for tests)
**   open --secret                            a trustee, on their machine
**   verify                                   anyone
** and `mandate trustee destroy` (a trustee destroying a campaign key share). */
#include "cli.h"
#include "keyfile.h"
#include "../crypto/board.h"
#include "../crypto/pledge_board.h"
#include "../crypto/seal.h"
#include "../domain/pledge.h"
#include "../store/db.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char zPledgeUsage[] =
  "usage: mandate pledge create --db DB --code CODE --title T --template TEMPLATE --deadline DATE\n"
  "                             --authority FILE --public FILE... [--text T] [--board DIR]\n"
  "                             [--unit CODE]... [--employer NAME]... [--category C]...\n"
  "                             [--employment-type T]... [--action \"LABEL[=TRIGGER]\"]...\n"
  "                             [--trigger TRIGGER]\n"
  "       mandate pledge credentials CODE --db DB --secret FILE --out FILE\n"
  "       mandate pledge sign CODE --db DB --credential HEX --name NAME [--statement T] [--actions 1,2]\n"
  "                           [--number MEMBERSHIP-NUMBER]\n"
  "       mandate pledge items CODE --db DB --credentials FILE --count N --out DIR [--actions 1,2]\n"
  "       mandate pledge withdraw CODE --db DB --credential HEX\n"
  "       mandate pledge status CODE --db DB [--json] [--receipt R]\n"
  "       mandate pledge open --secret FILE --board DIR        (a trustee)\n"
  "       mandate pledge open CODE --db DB --out FILE.html [--pdf FILE.pdf] [--no-notify]\n"
  "                           [--letter-url URL]              (once k trustees have)\n"
  "       mandate pledge expire CODE --db DB\n"
  "       mandate pledge verify DIR|FILE\n"
  "\n"
  "Conditional collective pledges: \"I will - if enough of us do\". Each\n"
  "signer's name is sealed to the trustees' key (made with 'mandate trustee\n"
  "keygen/shares/combine'); the count is public, the names are opened only\n"
  "when a trigger is met, by k of the n trustees, and destroyed at expiry.\n"
  "\n"
  "  create       a campaign over a scope of the register (active members of\n"
  "               the --unit subtrees, --employer, --category, --employment-type;\n"
  "               each list optional). TEMPLATE: section44, undated_resignation,\n"
  "               strike or solidarity. TRIGGER: N (at least N pledges) or X%\n"
  "               (of those in scope), optionally /workplace (in every workplace);\n"
  "               --trigger is the default for actions without one (50%)\n"
  "  credentials  the credential authority: one credential per member in scope;\n"
  "               public halves to the board, secret halves to FILE (0600) for\n"
  "               the mail merge. The server keeps no link to the member.\n"
  "  sign         seal the name (and, for section44, the statement of danger),\n"
  "               sign with the credential and submit; prints a receipt. Signing\n"
  "               again replaces the pledge; the last one counts. --number (sealed\n"
  "               with the name) lets the opening tell the signatory by email/SMS\n"
  "  items        a rehearsal or benchmark helper: sign N pledges ahead, as N\n"
  "               members' devices would, one JSON body per file in DIR\n"
  "               (POST each to /api/v1/pledges/CODE/sign); nothing is submitted\n"
  "  withdraw     withdraw the credential's pledge; its sealed name is deleted\n"
  "  status       progress by workplace and action, and each trigger; --receipt:\n"
  "               is that pledge counted?\n"
  "  open         a trustee verifies the board and adds their partial opening of\n"
  "               exactly the counted pledges of a met trigger; then anyone with\n"
  "               the database combines them and writes the collective document\n"
  "               (HTML; --pdf prints it with chromium too) and queues a notice\n"
  "               to each signatory whose membership number matches the register\n"
  "               (email, else SMS; mandate outbox send delivers them)\n"
  "  expire       after the deadline: delete the sealed names, record the expiry;\n"
  "               then each trustee runs 'mandate trustee destroy --secret FILE'\n"
  "  verify       recount a pledge board from scratch and check every signature,\n"
  "               opening and the last line\n";

/* ---- options that repeat ---- */



/* Key files are read with keyfile.h (docs/ceremony.md). */

static char *board_file(const char *z){
  struct stat st;
  Buf b = BUF_INIT;
  buf_puts(&b, z);
  if( stat(z, &st)==0 && S_ISDIR(st.st_mode) ) buf_puts(&b, "/board");
  return buf_steal(&b);
}

/* ---- create ---- */

static int pledge_create(int argc, char **argv){
  const char *zDb = 0, *zCode = 0, *zTitle = 0, *zTemplate = 0, *zText = 0, *zDeadline = 0;
  const char *zAuth = 0, *zBoard = 0, *zTrigger = "50%";
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--code", &zCode, 0 }, { "--title", &zTitle, 0 },
                          { "--template", &zTemplate, 0 }, { "--text", &zText, 0 },
                          { "--deadline", &zDeadline, 0 }, { "--authority", &zAuth, 0 },
                          { "--board", &zBoard, 0 }, { "--trigger", &zTrigger, 0 }, { 0 } };
  CliRepeat aRep[] = { { "--public", {0}, 0 }, { "--unit", {0}, 0 }, { "--employer", {0}, 0 },
                    { "--category", {0}, 0 }, { "--employment-type", {0}, 0 }, { "--action", {0}, 0 } };
  char *azRest[1024], zErr[400], zToday[11], zDate[11];
  const char *zWhy = 0;
  int nRest, nPos, rc;
  PledgeSpec spec;
  PledgeAction aAction[PLEDGE_MAX_ACTIONS];
  char *azOwned[PLEDGE_MAX_ACTIONS] = {0};
  GroupPoint *aCommit = 0;
  uint32_t n = 0, k = 0;
  Buf dir = BUF_INIT;
  Db *db = 0;
  if( argc>1024 ){ cli_error("too many arguments"); return EXIT_USAGE; }
  if( cli_gather(argc, argv, aRep, 6, &nRest, azRest) ) return EXIT_USAGE;
  rc = cli_parse(nRest, azRest, aOpt, zPledgeUsage, 0, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zDb || !zCode || !zTitle || !zTemplate || !zDeadline || !zAuth || aRep[0].n==0 ){
    cli_error("pledge create: --db, --code, --title, --template, --deadline, --authority and --public (one per trustee) are required");
    return EXIT_USAGE;
  }
  if( !pledge_template_valid(zTemplate) ){ cli_error("--template must be section44, undated_resignation, strike or solidarity"); return EXIT_USAGE; }
  if( norm_date(zDeadline, zDate, &zWhy) ){ cli_error("--deadline: %s", zWhy ? zWhy : "not a date"); return EXIT_USAGE; }
  if( aRep[5].n > PLEDGE_MAX_ACTIONS ){ cli_error("at most %d --action options", PLEDGE_MAX_ACTIONS); return EXIT_USAGE; }
  memset(&spec, 0, sizeof spec);
  group_init();
  rc = EXIT_USAGE;
  {
    int nAction = aRep[5].n ? aRep[5].n : 1;
    for(int a=0; a<nAction; a++){
      const char *z = aRep[5].n ? aRep[5].az[a] : pledge_template_action(zTemplate);
      if( pledge_action_parse(&aAction[a], &azOwned[a], z, zTrigger, zErr, sizeof zErr) ){ cli_error("--action: %s", zErr); goto out; }
    }
    spec.nAction = nAction;
  }
  rc = EXIT_USER;
  /* the trustees' public files: commitments, as for an election */
  {
    TrusteePublic first, *aP;
    if( keyfile_trustee_public(&first, aRep[0].az[0]) ) goto out;
    n = first.n; k = first.k;
    aP = xcalloc(n, sizeof *aP);
    if( keyfile_trustee_publics(aRep[0].az, aRep[0].n, aP, n, k) ){ free(aP); goto out; }
    aCommit = xcalloc((size_t)n*k, sizeof *aCommit);
    for(uint32_t i=0; i<n; i++) memcpy(&aCommit[(size_t)i*k], aP[i].aC, k*sizeof *aCommit);
    free(aP);
  }
  {
    KeyFile af;
    if( keyfile_read(&af, zAuth) ) goto out;
    int bad = keyfile_point(&af, "public", 0, &spec.authority);
    keyfile_clear(&af);
    if( bad ) goto out;
  }
  db = cli_open_db(zDb, 0);
  if( !db ) goto out;
  date_today(zToday);
  if( zBoard ){
    buf_puts(&dir, zBoard);
  }else{
    buf_printf(&dir, "%s-pledges", zDb);
    if( mkdir(dir.z, 0755) && errno!=EEXIST ){ cli_error("%s: %s", dir.z, strerror(errno)); goto out; }
    buf_printf(&dir, "/%s", zCode);
  }
  spec.zCode = zCode; spec.zTitle = zTitle; spec.zTemplate = zTemplate; spec.zText = zText;
  spec.zDeadline = zDate; spec.zToday = zToday;
  spec.nUnit = aRep[1].n; spec.azUnit = aRep[1].az;
  spec.nEmployer = aRep[2].n; spec.azEmployer = aRep[2].az;
  spec.nCategory = aRep[3].n; spec.azCategory = aRep[3].az;
  spec.nEmploymentType = aRep[4].n; spec.azEmploymentType = aRep[4].az;
  spec.aAction = aAction;
  spec.nTrustee = n; spec.nThreshold = k; spec.aCommit = aCommit;
  spec.zBoardDir = dir.z;
  if( pledge_campaign_create(db, &spec, zErr, sizeof zErr) ){ cli_error("pledge create: %s", zErr); goto out; }
  {
    PledgeStatus st;
    if( pledge_status(db, zCode, &st, zErr, sizeof zErr)==0 ){
      printf("pledge campaign %s created: %d workplaces in scope, board %s/board\n", zCode, st.nWorkplace, dir.z);
      for(uint32_t a=0; a<st.nAction; a++){
        char *zT = pledge_trigger_text(&st.aAction[a]);
        printf("  action %u: %s (%s)\n", a+1, st.aAction[a].zLabel, zT);
        free(zT);
      }
      pledge_status_clear(&st);
    }
    printf("next: the credential authority runs 'mandate pledge credentials %s --db ...'\n", zCode);
  }
  rc = EXIT_OK;
out:
  for(int a=0; a<PLEDGE_MAX_ACTIONS; a++) free(azOwned[a]);
  free(aCommit);
  buf_reset(&dir);
  db_close(db);
  return rc;
}

/* ---- credentials (the authority) ---- */

typedef struct Roll Roll;
struct Roll { char **azNumber; uint32_t *aGroup; size_t n, nAlloc; };

static int roll_add(void *pArg, const char *zNumber, uint32_t iGroup){
  Roll *r = pArg;
  if( r->n==r->nAlloc ){
    r->nAlloc = r->nAlloc ? 2*r->nAlloc : 256;
    r->azNumber = xrealloc(r->azNumber, r->nAlloc*sizeof *r->azNumber);
    r->aGroup = xrealloc(r->aGroup, r->nAlloc*sizeof *r->aGroup);
  }
  r->azNumber[r->n] = xstrdup(zNumber);
  r->aGroup[r->n++] = iGroup;
  return 0;
}

static int point_cmp(const void *a, const void *b){ return memcmp(a, b, GROUP_POINT_BYTES); }

static int pledge_credentials(int argc, char **argv){
  const char *zDb = 0, *zSecret = 0, *zOut = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--secret", &zSecret, 0 }, { "--out", &zOut, 0 }, { 0 } };
  char *azPos[1], zErr[400];
  int nPos, rc = cli_parse(argc, argv, aOpt, zPledgeUsage, azPos, 1, &nPos);
  Db *db = 0;
  KeyFile kf;
  GroupScalar authSk, *aSk = 0;
  GroupPoint *aPk = 0;
  PledgeCampaign c;
  Roll roll = {0};
  Buf out = BUF_INIT, item = BUF_INIT;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb || !zSecret || !zOut ){ cli_error("pledge credentials: CODE, --db, --secret and --out are required"); return EXIT_USAGE; }
  group_init();
  memset(&c, 0, sizeof c);
  if( keyfile_read(&kf, zSecret) ) return EXIT_USER;
  rc = EXIT_USER;
  if( keyfile_scalar(&kf, "secret", 0, &authSk) ) goto out;
  db = cli_open_db(zDb, 0);
  if( !db ) goto out;
  if( pledge_campaign_load(db, azPos[0], &c, 0, zErr, sizeof zErr) ){ cli_error("%s", zErr); goto out; }
  {
    GroupPoint y;
    group_base_mult(&y, &authSk);
    if( !group_point_eq(&y, &c.authority) ){ cli_error("%s is not this campaign's credential authority key", zSecret); goto out; }
  }
  if( db_query_int(db, "SELECT count(*) FROM pledge_credentials c JOIN pledge_campaigns p ON p.id=c.campaign_id WHERE p.code=?", azPos[0])>0 ){
    cli_error("campaign '%s' already has its credentials: each member in scope gets exactly one", azPos[0]); goto out;
  }
  if( pledge_roll(db, azPos[0], roll_add, &roll, zErr, sizeof zErr)<0 ){ cli_error("%s", zErr); goto out; }
  if( roll.n==0 ){ cli_error("no member is in scope"); goto out; }
  aSk = xcalloc(roll.n, sizeof *aSk);
  aPk = xcalloc(roll.n, sizeof *aPk);
  buf_puts(&out, "# member secret-credential public-credential (SECRET: for the mail merge, then destroy)\n");
  for(size_t i=0; i<roll.n; i++){
    char zS[65], zP[65];
    do{ group_scalar_random(&aSk[i]); }while( group_scalar_is_zero(&aSk[i]) );
    group_base_mult(&aPk[i], &aSk[i]);
    board_hex(zS, aSk[i].a, 32);
    board_hex(zP, aPk[i].a, 32);
    buf_printf(&out, "%s %s %s\n", roll.azNumber[i], zS, zP);
    sodium_memzero(zS, sizeof zS);
  }
  if( cli_write_file(zOut, out.z, out.n, 0600, CLI_WRITE_NEW) ) goto out;
  /* publish workplace by workplace, each batch sorted by key so its order
  ** says nothing about the members' order in the register */
  {
    GroupPoint *aBatch = xcalloc(roll.n, sizeof *aBatch);
    for(uint32_t g=1; g<=c.nGroup; g++){
      size_t nB = 0;
      for(size_t i=0; i<roll.n; i++) if( roll.aGroup[i]==g ) aBatch[nB++] = aPk[i];
      if( nB==0 ) continue;
      qsort(aBatch, nB, sizeof *aBatch, point_cmp);
      for(size_t o=0; o<nB; o+=PLEDGE_MAX_CRED_BATCH){
        size_t nThis = nB-o < PLEDGE_MAX_CRED_BATCH ? nB-o : PLEDGE_MAX_CRED_BATCH;
        buf_truncate(&item, 0);
        if( pledge_credentials_make(&item, &c, &authSk, g, aBatch+o, nThis)
         || pledge_credentials_publish(db, azPos[0], (unsigned char*)item.z, item.n, zErr, sizeof zErr) ){
          cli_error("workplace %u: %s", g, zErr); free(aBatch); goto out;
        }
      }
    }
    free(aBatch);
  }
  printf("%zu credentials published for campaign %s; the secret halves are in %s (0600)\n", roll.n, azPos[0], zOut);
  rc = EXIT_OK;
out:
  if( aSk ) sodium_memzero(aSk, roll.n*sizeof *aSk);
  free(aSk); free(aPk);
  for(size_t i=0; i<roll.n; i++) free(roll.azNumber[i]);
  free(roll.azNumber); free(roll.aGroup);
  group_scalar_wipe(&authSk);
  keyfile_clear(&kf);
  pledge_campaign_clear(&c);
  if( out.z ) sodium_memzero(out.z, out.nAlloc);
  buf_reset(&out); buf_reset(&item);
  db_close(db);
  return rc;
}

/* ---- sign and withdraw (the member's device) ---- */

/* The member's device: read and verify the public board, and find the
** credential's last sequence number there. */
static int device_state(const char *zBoard, const GroupPoint *pk, PledgeReport *r, uint64_t *pSeq, int *pbLive){
  char zErr[400];
  if( pledge_board_load(zBoard, r, zErr, sizeof zErr) ){ cli_error("%s", zErr); cli_error("the board does not verify: refusing to sign"); return -1; }
  for(size_t i=0; i<r->nCred; i++){
    if( group_point_eq(&r->aCred[i].pk, pk) ){ *pSeq = r->aCred[i].seq; *pbLive = r->aCred[i].iLive>=0; return 0; }
  }
  cli_error("this credential is not on the campaign's board");
  return -1;
}

static int pledge_sign(int argc, char **argv){
  const char *zDb = 0, *zCred = 0, *zName = 0, *zStatement = 0, *zActions = "1", *zNumber = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--credential", &zCred, 0 }, { "--name", &zName, 0 },
                          { "--statement", &zStatement, 0 }, { "--actions", &zActions, 0 },
                          { "--number", &zNumber, 0 }, { 0 } };
  char *azPos[1], zErr[400], zToday[11], zReceipt[BOARD_TRACKER_CHARS+1], *zBoard = 0;
  int nPos, rc = cli_parse(argc, argv, aOpt, zPledgeUsage, azPos, 1, &nPos), bLive = 0;
  GroupScalar sk;
  GroupPoint pk, a;
  PledgeCampaign c;
  PledgeReport r;
  uint64_t seq = 0, actions = 0;
  unsigned char aAd[PLEDGE_ID_BYTES + GROUP_POINT_BYTES], aHash[32];
  Buf plain = BUF_INIT, sealed = BUF_INIT, item = BUF_INIT;
  Db *db = 0;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb || !zCred || !zName ){ cli_error("pledge sign: CODE, --db, --credential and --name are required"); return EXIT_USAGE; }
  if( !*zName || strlen(zName)>200 ){ cli_error("--name: 1 to 200 bytes"); return EXIT_USAGE; }
  if( zStatement && strlen(zStatement)>3000 ){ cli_error("--statement: at most 3000 bytes"); return EXIT_USAGE; }
  if( keyfile_credential(zCred, &sk) ) return EXIT_USAGE;
  memset(&c, 0, sizeof c);
  memset(&r, 0, sizeof r);
  group_init();
  group_base_mult(&pk, &sk);
  rc = EXIT_USER;
  db = cli_open_db(zDb, 0);
  if( !db ) goto out;
  if( pledge_campaign_load(db, azPos[0], &c, &zBoard, zErr, sizeof zErr) ){ cli_error("%s", zErr); goto out; }
  for(const char *z = zActions; *z; ){
    char *zEnd;
    unsigned long v = strtoul(z, &zEnd, 10);
    if( zEnd==z || v<1 || v>c.nAction || (*zEnd && *zEnd!=',') ){
      cli_error("--actions: action numbers from 1 to %u separated by commas", c.nAction); rc = EXIT_USAGE; goto out;
    }
    actions |= (uint64_t)1 << (v-1);
    z = *zEnd ? zEnd+1 : zEnd;
  }
  if( actions==0 ){ cli_error("--actions: choose at least one action"); rc = EXIT_USAGE; goto out; }
  if( strcmp(c.zTemplate, "section44")==0 && (!zStatement || !*zStatement) ){
    cli_error("a Section 44 letter carries each signer's own statement of the danger: --statement is required");
    rc = EXIT_USAGE; goto out;
  }
  if( device_state(zBoard, &pk, &r, &seq, &bLive) ) goto out;
  /* seal "name \0 statement \0 number" to the campaign key, bound to the campaign and this credential */
  if( pledge_plaintext(&plain, zName, zStatement, zNumber, zErr, sizeof zErr) ){ cli_error("%s", zErr); rc = EXIT_USAGE; goto out; }
  pledge_seal_ad(aAd, &c, &pk);
  if( seal_make(&sealed, &r.c.key, aAd, sizeof aAd, plain.z, plain.n) ){ cli_error("cannot seal the name"); goto out; }
  if( seal_ephemeral(&a, (unsigned char*)sealed.z, sealed.n) ){ cli_error("cannot seal the name (a bug)"); goto out; }
  pledge_sealed_hash(aHash, (unsigned char*)sealed.z, sealed.n);
  if( pledge_item_make(&item, &c, &sk, seq+1, actions, &a, aHash) ){ cli_error("cannot sign the pledge"); goto out; }
  date_today(zToday);
  if( pledge_submit(db, azPos[0], zToday, (unsigned char*)item.z, item.n,
                    (unsigned char*)sealed.z, sealed.n, zReceipt, zErr, sizeof zErr)!=PLEDGE_INTAKE_OK ){
    cli_error("the pledge is refused: %s", zErr); goto out;
  }
  printf("pledge %s; your receipt: %s\n", bLive ? "replaced (this one counts)" : "signed", zReceipt);
  rc = EXIT_OK;
out:
  group_scalar_wipe(&sk);
  if( plain.z ) sodium_memzero(plain.z, plain.nAlloc);
  buf_reset(&plain); buf_reset(&sealed); buf_reset(&item);
  pledge_report_clear(&r);
  pledge_campaign_clear(&c);
  free(zBoard);
  db_close(db);
  return rc;
}

static int pledge_withdraw_cmd(int argc, char **argv){
  const char *zDb = 0, *zCred = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--credential", &zCred, 0 }, { 0 } };
  char *azPos[1], zErr[400], zToday[11], *zBoard = 0;
  int nPos, rc = cli_parse(argc, argv, aOpt, zPledgeUsage, azPos, 1, &nPos), bLive = 0;
  GroupScalar sk;
  GroupPoint pk;
  PledgeCampaign c;
  PledgeReport r;
  uint64_t seq = 0;
  Buf item = BUF_INIT;
  Db *db = 0;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb || !zCred ){ cli_error("pledge withdraw: CODE, --db and --credential are required"); return EXIT_USAGE; }
  if( keyfile_credential(zCred, &sk) ) return EXIT_USAGE;
  memset(&c, 0, sizeof c);
  memset(&r, 0, sizeof r);
  group_init();
  group_base_mult(&pk, &sk);
  rc = EXIT_USER;
  db = cli_open_db(zDb, 0);
  if( !db ) goto out;
  if( pledge_campaign_load(db, azPos[0], &c, &zBoard, zErr, sizeof zErr) ){ cli_error("%s", zErr); goto out; }
  if( device_state(zBoard, &pk, &r, &seq, &bLive) ) goto out;
  if( !bLive ){ cli_error("this credential has no pledge to withdraw"); goto out; }
  if( pledge_withdraw_make(&item, &c, &sk, seq+1) ){ cli_error("cannot sign the withdrawal"); goto out; }
  date_today(zToday);
  if( pledge_withdraw(db, azPos[0], zToday, (unsigned char*)item.z, item.n, zErr, sizeof zErr)!=PLEDGE_INTAKE_OK ){
    cli_error("the withdrawal is refused: %s", zErr); goto out;
  }
  printf("pledge withdrawn: it no longer counts, and its sealed name is deleted\n");
  rc = EXIT_OK;
out:
  group_scalar_wipe(&sk);
  buf_reset(&item);
  pledge_report_clear(&r);
  pledge_campaign_clear(&c);
  free(zBoard);
  db_close(db);
  return rc;
}

/* ---- items: pledges signed ahead (benchmarks and rehearsals) ---- */

/* mandate pledge items: for the first N credentials of the authority's
** file, what each member's device would send: a sealed name ("Member
** NUMBER", and the number) and a pledge signed with the credential (its
** next sequence number), as {"item":HEX,"sealed":HEX} in DIR/NNNNNN.json.
** Nothing is submitted; the secret file never reaches the server. */
static int pledge_items(int argc, char **argv){
  const char *zDb = 0, *zCreds = 0, *zCount = 0, *zOutDir = 0, *zActions = "1";
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--credentials", &zCreds, 0 }, { "--count", &zCount, 0 },
                          { "--out", &zOutDir, 0 }, { "--actions", &zActions, 0 }, { 0 } };
  char *azPos[1], zErr[400], *zBoard = 0;
  int nPos, rc = cli_parse(argc, argv, aOpt, zPledgeUsage, azPos, 1, &nPos);
  PledgeCampaign c;
  Db *db = 0;
  FILE *in = 0;
  char *zLine = 0;
  size_t nLineAlloc = 0;
  long nWant, nMade = 0;
  uint64_t actions = 0;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb || !zCreds || !zCount || !zOutDir ){ cli_error("pledge items: CODE, --db, --credentials, --count and --out are required"); return EXIT_USAGE; }
  nWant = strtol(zCount, 0, 10);
  if( nWant<1 || nWant>10000000 ){ cli_error("--count: 1 to 10000000"); return EXIT_USAGE; }
  for(const char *z = zActions; *z; ){
    char *zEnd;
    unsigned long v = strtoul(z, &zEnd, 10);
    if( zEnd==z || v<1 || v>PLEDGE_MAX_ACTIONS || (*zEnd && *zEnd!=',') ){ cli_error("--actions: action numbers separated by commas"); return EXIT_USAGE; }
    actions |= (uint64_t)1 << (v-1);
    z = *zEnd ? zEnd+1 : zEnd;
  }
  memset(&c, 0, sizeof c);
  group_init();
  rc = EXIT_USER;
  db = cli_open_db(zDb, 0);
  if( !db ) goto out;
  if( pledge_campaign_load(db, azPos[0], &c, &zBoard, zErr, sizeof zErr) ){ cli_error("%s", zErr); goto out; }
  for(uint32_t a=0; a<PLEDGE_MAX_ACTIONS; a++) if( ((actions>>a)&1) && a>=c.nAction ){ cli_error("--actions: the campaign has %u actions", c.nAction); goto out; }
  if( mkdir(zOutDir, 0700) && errno!=EEXIST ){ cli_error("%s: %s", zOutDir, strerror(errno)); goto out; }
  if( (in = fopen(zCreds, "rb"))==0 ){ cli_error("%s: %s", zCreds, strerror(errno)); goto out; }
  while( nMade<nWant && getline(&zLine, &nLineAlloc, in)>0 ){
    char zNumber[64], zSk[80], zPk[80];
    GroupScalar sk;
    GroupPoint pk, a;
    int64_t seq = 0;
    int bLive = 0;
    unsigned char aAd[PLEDGE_ID_BYTES + GROUP_POINT_BYTES], aHash[32];
    Buf plain = BUF_INIT, sealed = BUF_INIT, item = BUF_INIT, path = BUF_INIT, name = BUF_INIT;
    if( zLine[0]=='#' || sscanf(zLine, "%63s %79s %79s", zNumber, zSk, zPk)!=3 ) continue;
    if( keyfile_credential(zSk, &sk) ) goto out;
    sodium_memzero(zSk, sizeof zSk);
    group_base_mult(&pk, &sk);
    if( pledge_credential_state(db, azPos[0], zPk, &seq, &bLive) ){ group_scalar_wipe(&sk); cli_error("%s: a credential not issued for %s", zCreds, azPos[0]); goto out; }
    buf_printf(&name, "Member %s", zNumber);
    pledge_plaintext(&plain, name.z, strcmp(c.zTemplate, "section44")==0 ? "Unsafe ventilation in the waiting room" : "", zNumber, zErr, sizeof zErr);
    pledge_seal_ad(aAd, &c, &pk);
    int bad = seal_make(&sealed, &c.key, aAd, sizeof aAd, plain.z, plain.n)
           || seal_ephemeral(&a, (unsigned char*)sealed.z, sealed.n);
    if( !bad ){
      pledge_sealed_hash(aHash, (unsigned char*)sealed.z, sealed.n);
      bad = pledge_item_make(&item, &c, &sk, (uint64_t)seq+1, actions, &a, aHash);
    }
    group_scalar_wipe(&sk);
    if( !bad ){
      char *zItem = xmalloc(2*item.n+1), *zSealed = xmalloc(2*sealed.n+1);
      Buf body = BUF_INIT;
      board_hex(zItem, (unsigned char*)item.z, item.n);
      board_hex(zSealed, (unsigned char*)sealed.z, sealed.n);
      buf_printf(&body, "{\"item\":\"%s\",\"sealed\":\"%s\"}\n", zItem, zSealed);
      buf_printf(&path, "%s/%06ld.json", zOutDir, nMade+1);
      bad = cli_write_file(path.z, body.z, body.n, 0600, 0);
      free(zItem); free(zSealed); buf_reset(&body);
    }
    buf_reset(&plain); buf_reset(&sealed); buf_reset(&item); buf_reset(&path); buf_reset(&name);
    if( bad ){ cli_error("cannot make pledge %ld", nMade+1); goto out; }
    nMade++;
  }
  printf("%ld signed pledges in %s (POST each to /api/v1/pledges/%s/sign)\n", nMade, zOutDir, azPos[0]);
  rc = nMade==nWant ? EXIT_OK : EXIT_USER;
  if( rc ) cli_error("only %ld credentials in %s", nMade, zCreds);
out:
  if( in ) fclose(in);
  if( zLine ){ sodium_memzero(zLine, nLineAlloc); free(zLine); }
  pledge_campaign_clear(&c);
  free(zBoard);
  db_close(db);
  return rc;
}

/* ---- status ---- */

static int pledge_status_cmd(int argc, char **argv){
  const char *zDb = 0, *zReceipt = 0;
  int bJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--receipt", &zReceipt, 0 }, { "--json", 0, &bJson }, { 0 } };
  char *azPos[1], zErr[400];
  int nPos, rc = cli_parse(argc, argv, aOpt, zPledgeUsage, azPos, 1, &nPos);
  PledgeStatus st;
  Db *db;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb ){ cli_error("pledge status: CODE and --db are required"); return EXIT_USAGE; }
  db = cli_open_db(zDb, DB_OPEN_READONLY);
  if( !db ) return EXIT_USER;
  if( zReceipt ){
    const char *z = pledge_receipt_state(db, azPos[0], zReceipt);
    db_close(db);
    if( !z ){ cli_error("no pledge in campaign '%s' has receipt %s", azPos[0], zReceipt); return EXIT_USER; }
    printf("%s\n", z);
    return EXIT_OK;
  }
  if( pledge_status(db, azPos[0], &st, zErr, sizeof zErr) ){ cli_error("%s", zErr); db_close(db); return EXIT_USER; }
  db_close(db);
  if( bJson ){
    json_t *o = json_object(), *aA = json_array(), *aW = json_array();
    json_object_set_new(o, "code", json_string(st.zCode));
    json_object_set_new(o, "title", json_string(st.zTitle));
    json_object_set_new(o, "template", json_string(st.zTemplate));
    json_object_set_new(o, "state", json_string(st.zState));
    json_object_set_new(o, "deadline", json_string(st.zDeadline));
    json_object_set_new(o, "in_scope", json_integer(st.nInScope));
    json_object_set_new(o, "pledges", json_integer(st.nLive));
    json_object_set_new(o, "withdrawn", json_integer(st.nWithdrawn));
    json_object_set_new(o, "triggered", json_boolean(st.anyMet));
    for(uint32_t a=0; a<st.nAction; a++){
      json_t *x = json_object();
      char *zT = pledge_trigger_text(&st.aAction[a]);
      json_object_set_new(x, "action", json_integer(a+1));
      json_object_set_new(x, "label", json_string(st.aAction[a].zLabel));
      json_object_set_new(x, "trigger", json_string(zT));
      json_object_set_new(x, "count", json_integer(st.aCount[a]));
      json_object_set_new(x, "met", json_boolean(st.aMet[a]));
      json_array_append_new(aA, x);
      free(zT);
    }
    for(int g=0; g<st.nWorkplace; g++){
      const PledgeWorkplace *w = &st.aWorkplace[g];
      json_t *x = json_object(), *aC = json_array(), *aM = json_array();
      json_object_set_new(x, "code", json_string(w->zCode ? w->zCode : ""));
      json_object_set_new(x, "name", json_string(w->zName ? w->zName : ""));
      json_object_set_new(x, "in_scope", json_integer(w->nInScope));
      for(uint32_t a=0; a<st.nAction; a++){
        json_array_append_new(aC, json_integer(w->aCount[a]));
        json_array_append_new(aM, json_boolean(w->aMet[a]));
      }
      json_object_set_new(x, "counts", aC);
      json_object_set_new(x, "met", aM);
      json_array_append_new(aW, x);
    }
    json_object_set_new(o, "actions", aA);
    json_object_set_new(o, "workplaces", aW);
    char *z = json_dumps(o, JSON_INDENT(2)|JSON_PRESERVE_ORDER);
    printf("%s\n", z);
    free(z);
    json_decref(o);
  }else{
    printf("campaign %s: %s (%s), %s, deadline %s\n", st.zCode, st.zTitle, st.zTemplate, st.zState, st.zDeadline);
    printf("  %lld in scope, %lld pledges counted, %lld withdrawn\n", (long long)st.nInScope, (long long)st.nLive, (long long)st.nWithdrawn);
    for(uint32_t a=0; a<st.nAction; a++){
      char *zT = pledge_trigger_text(&st.aAction[a]);
      printf("  action %u: %s: %lld (%s): %s\n", a+1, st.aAction[a].zLabel, (long long)st.aCount[a], zT,
             st.aMet[a] ? "MET" : "not met");
      free(zT);
    }
    printf("  %-12s %-44s %8s", "workplace", "", "in scope");
    for(uint32_t a=0; a<st.nAction; a++) printf("  action %u", a+1);
    printf("\n");
    for(int g=0; g<st.nWorkplace; g++){
      const PledgeWorkplace *w = &st.aWorkplace[g];
      printf("  %-12s %-44.44s %8lld", w->zCode ? w->zCode : "", w->zName ? w->zName : "", (long long)w->nInScope);
      for(uint32_t a=0; a<st.nAction; a++) printf("  %5lld%s", (long long)w->aCount[a], w->aMet[a] ? " ok" : "   ");
      printf("\n");
    }
  }
  pledge_status_clear(&st);
  return EXIT_OK;
}

/* ---- open ---- */

/* A trustee: verify the board, and add a partial opening of exactly the
** pledges the board itself says are to be opened. */
static int trustee_open(const char *zSecret, const char *zBoardArg){
  KeyFile kf;
  uint32_t i, n, k;
  GroupScalar x;
  PledgeReport r;
  char zErr[400], *zPath = board_file(zBoardArg);
  GroupPoint *aA = 0;
  Buf item = BUF_INIT;
  int rc = EXIT_USER, fdLock = -1;
  memset(&r, 0, sizeof r);
  group_scalar_zero(&x);
  if( keyfile_read(&kf, zSecret) ){ free(zPath); return EXIT_USER; }
  if( keyfile_u32(&kf, "trustees", 1, 64, &n) || keyfile_u32(&kf, "threshold", 1, n, &k) || keyfile_u32(&kf, "index", 1, n, &i) ) goto out;
  if( keyfile_scalar(&kf, "share", 0, &x) ){ cli_error("%s: run 'mandate trustee combine' first", zSecret); goto out; }
  /* the board's lock, from reading it to adding the opening: no pledge
  ** can slip in between (the intake takes the same lock) */
  if( (fdLock = pledge_board_lock(zPath))<0 ){ cli_error("%s: cannot lock the board", zPath); goto out; }
  if( pledge_board_load(zPath, &r, zErr, sizeof zErr) ){ cli_error("%s", zErr); cli_error("the board does not verify: refusing to open anything"); goto out; }
  if( r.c.nTrustee!=n || r.c.nThreshold!=k ){ cli_error("this campaign has %u of %u trustees; your key is for %u of %u", r.c.nThreshold, r.c.nTrustee, k, n); goto out; }
  if( r.hasOpened || r.hasExpiry ){ cli_error("%s is closed (%s)", zPath, r.hasOpened ? "the names are opened" : "expired"); goto out; }
  if( r.metMask==0 ){ cli_error("no trigger of this campaign is met: nothing may be opened"); goto out; }
  for(uint32_t o=0; o<r.nOpening; o++) if( r.aOpenIdx[o]==i ){ cli_error("trustee %u has already opened this campaign", i); goto out; }
  {
    /* the set to open: the board's counted pledges of the met actions
    ** (frozen by the first opening; else computed now, the same way) */
    size_t nTo = 0;
    aA = xcalloc(r.nLive ? r.nLive : 1, sizeof *aA);
    for(size_t p=0; p<r.nPledge; p++){
      if( r.aPledge[p].live && (r.aPledge[p].actions & r.metMask) ) aA[nTo++] = r.aPledge[p].a;
    }
    if( pledge_opening_make(&item, &r.c, i-1, &x, aA, nTo) ){ cli_error("your key share is not trustee %u's for this campaign", i); goto out; }
    BoardWriter w;
    if( board_writer_open(&w, zPath, zErr, sizeof zErr) ){ cli_error("%s", zErr); goto out; }
    if( board_append(&w, BOARD_PLEDGE_OPENING, (unsigned char*)item.z, item.n) | board_writer_close(&w) ){ cli_error("%s: write failed", zPath); goto out; }
    printf("board verified (%zu pledges counted); trustee %u opened the %zu pledges of the met trigger (%u of the %u needed)\n",
           r.nLive, i, nTo, r.nOpening+1, k);
  }
  rc = EXIT_OK;
out:
  pledge_board_unlock(fdLock);
  group_scalar_wipe(&x);
  keyfile_clear(&kf);
  pledge_report_clear(&r);
  free(aA);
  free(zPath);
  buf_reset(&item);
  return rc;
}

/* mandate pledge open: a trustee's partial opening, or the combination
** into the collective document (written 0600: it names people). */
static int pledge_open_cmd(int argc, char **argv){
  const char *zDb = 0, *zOut = 0, *zSecret = 0, *zBoard = 0, *zPdf = 0, *zUrl = 0;
  int bNoNotify = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--out", &zOut, 0 }, { "--secret", &zSecret, 0 },
                          { "--board", &zBoard, 0 }, { "--pdf", &zPdf, 0 }, { "--no-notify", 0, &bNoNotify },
                          { "--letter-url", &zUrl, 0 }, { 0 } };
  char *azPos[1], zErr[400], zToday[11];
  int nPos, rc = cli_parse(argc, argv, aOpt, zPledgeUsage, azPos, 1, &nPos);
  Db *db;
  Buf doc = BUF_INIT;
  int64_t n;
  PledgeNotify notify;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  group_init();
  if( zSecret ){
    if( !zBoard || nPos ){ cli_error("pledge open (a trustee): --secret FILE --board DIR"); return EXIT_USAGE; }
    return trustee_open(zSecret, zBoard);
  }
  if( nPos!=1 || !zDb || !zOut ){ cli_error("pledge open: CODE, --db and --out are required (or, a trustee: --secret and --board)"); return EXIT_USAGE; }
  if( access(zOut, F_OK)==0 ){ cli_error("%s already exists", zOut); return EXIT_USER; }
  if( zPdf && access(zPdf, F_OK)==0 ){ cli_error("%s already exists", zPdf); return EXIT_USER; }
  db = cli_open_db(zDb, 0);
  if( !db ) return EXIT_USER;
  date_today(zToday);
  memset(&notify, 0, sizeof notify);
  notify.bQueue = !bNoNotify;
  notify.zLetterUrl = zUrl;
  n = pledge_open(db, azPos[0], zToday, &doc, &notify, zErr, sizeof zErr);
  db_close(db);
  if( n<0 ){ cli_error("pledge open: %s", zErr); buf_reset(&doc); return EXIT_USER; }
  rc = cli_write_file(zOut, doc.z, doc.n, 0600, CLI_WRITE_NEW) ? EXIT_USER : EXIT_OK;
  if( rc==EXIT_OK ) printf("the trigger is met: %lld signatories opened; the collective document is %s\n", (long long)n, zOut);
  if( rc==EXIT_OK && zPdf ){
    if( cli_print_pdf(zOut, zPdf) ) rc = EXIT_USER;
    else{ chmod(zPdf, 0600); printf("the letter as PDF: %s\n", zPdf); }
  }
  if( rc==EXIT_OK ){
    printf("notices %s: %lld by email, %lld by SMS; %lld signatories could not be matched to a member with an address\n",
           bNoNotify ? "not queued (--no-notify)" : "queued in the outbox", (long long)notify.nEmail,
           (long long)notify.nSms, (long long)notify.nUnreached);
    if( !bNoNotify && notify.nEmail + notify.nSms ) printf("next: 'mandate outbox send --db %s' delivers them\n", zDb);
  }
  sodium_memzero(doc.z, doc.nAlloc);
  buf_reset(&doc);
  return rc;
}

/* ---- expire and verify ---- */

static int pledge_expire_cmd(int argc, char **argv){
  const char *zDb = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { 0 } };
  char *azPos[1], zErr[400], zToday[11];
  int nPos, rc = cli_parse(argc, argv, aOpt, zPledgeUsage, azPos, 1, &nPos);
  Db *db;
  int64_t n;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || !zDb ){ cli_error("pledge expire: CODE and --db are required"); return EXIT_USAGE; }
  group_init();
  db = cli_open_db(zDb, 0);
  if( !db ) return EXIT_USER;
  date_today(zToday);
  n = pledge_expire(db, azPos[0], zToday, zErr, sizeof zErr);
  db_close(db);
  if( n<0 ){ cli_error("pledge expire: %s", zErr); return EXIT_USER; }
  printf("campaign %s expired: %lld sealed names destroyed; the expiry is on the board\n", azPos[0], (long long)n);
  printf("next: each trustee runs 'mandate trustee destroy --secret FILE' on their campaign key share\n");
  return EXIT_OK;
}

static int pledge_verify_cmd(int argc, char **argv){
  const CliOpt aOpt[] = { { 0 } };
  char *azPos[1], zErr[400], *zPath;
  int nPos, rc = cli_parse(argc, argv, aOpt, zPledgeUsage, azPos, 1, &nPos);
  PledgeReport r;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 ){ cli_error("pledge verify: which board?"); return EXIT_USAGE; }
  zPath = board_file(azPos[0]);
  if( pledge_board_load(zPath, &r, zErr, sizeof zErr) ){
    cli_error("verify: %s", zErr);
    fprintf(stderr, "mandate: verify: FAILED: the pledge board does not verify\n");
    pledge_report_clear(&r); free(zPath);
    return EXIT_USER;
  }
  printf("pledge board %s: %zu items\n", zPath, r.nItem);
  printf("campaign %s: %s (%s), %u of %u trustees open\n", r.c.zCode, r.c.zTitle, r.c.zTemplate, r.c.nThreshold, r.c.nTrustee);
  printf("  %zu credentials, %zu pledges made, %zu withdrawals, %zu counted\n", r.nCred, r.nPledge, r.nWithdrawal, r.nLive);
  for(uint32_t a=0; a<r.c.nAction; a++){
    printf("  action %u: %s: %llu: %s\n", a+1, r.c.aAction[a].zLabel,
           (unsigned long long)r.aCount[(size_t)a*(r.c.nGroup+1)], (r.metMask>>a)&1 ? "trigger met" : "trigger not met");
  }
  if( r.nOpening ) printf("  %u trustee openings of the %zu counted pledges of the met trigger, every proof checked\n", r.nOpening, r.nToOpen);
  if( r.hasOpened ) printf("  names opened: %llu, matching the count\n", (unsigned long long)r.nOpened);
  if( r.hasExpiry ) printf("  expired: %llu sealed names destroyed\n", (unsigned long long)r.nDestroyed);
  printf("verified: hash chain, credential batches, every pledge's and withdrawal's signature and sequence, counts%s\n",
         r.nOpening ? ", openings" : "");
  pledge_report_clear(&r);
  free(zPath);
  return EXIT_OK;
}

/* ---- trustee destroy ---- */

static const char zDestroyUsage[] =
  "usage: mandate trustee destroy --secret FILE\n"
  "\n"
  "Destroy a trustee's key share once it is no longer needed (a pledge\n"
  "campaign that expired or was opened): the file is overwritten with zeros,\n"
  "synced and unlinked. Once k - 1 or fewer trustees' shares survive, no one\n"
  "can open what was sealed to the key, from any backup. Overwriting cannot\n"
  "reach copies the file system, an SSD or a backup keep elsewhere: keep\n"
  "trustee key files only on media you can destroy (docs/pledges.md).\n";

int trustee_cmd_destroy(int argc, char **argv){
  const char *zSecret = 0;
  const CliOpt aOpt[] = { { "--secret", &zSecret, 0 }, { 0 } };
  int nPos, rc = cli_parse(argc, argv, aOpt, zDestroyUsage, 0, 0, &nPos), fd;
  struct stat st;
  KeyFile kf;
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zSecret ){ cli_error("trustee destroy: --secret is required"); return EXIT_USAGE; }
  if( keyfile_read(&kf, zSecret) ) return EXIT_USER;
  int bKey = keyfile_get(&kf, "share", 0) || keyfile_get(&kf, "coefficient", 0);
  keyfile_clear(&kf);
  if( !bKey ){ cli_error("%s is not a trustee's secret file", zSecret); return EXIT_USER; }
  fd = open(zSecret, O_WRONLY|O_CLOEXEC);
  if( fd<0 || fstat(fd, &st) ){ cli_error("%s: %s", zSecret, strerror(errno)); if( fd>=0 ) close(fd); return EXIT_USER; }
  {
    char aZero[4096];
    off_t left = st.st_size;
    memset(aZero, 0, sizeof aZero);
    while( left>0 ){
      ssize_t nW = write(fd, aZero, left > (off_t)sizeof aZero ? sizeof aZero : (size_t)left);
      if( nW<=0 ){ cli_error("%s: %s", zSecret, strerror(errno)); close(fd); return EXIT_USER; }
      left -= nW;
    }
  }
  if( fsync(fd) ){ cli_error("%s: %s", zSecret, strerror(errno)); close(fd); return EXIT_USER; }
  close(fd);
  if( unlink(zSecret) ){ cli_error("%s: %s", zSecret, strerror(errno)); return EXIT_USER; }
  printf("%s overwritten and removed: this key share is destroyed\n", zSecret);
  return EXIT_OK;
}

static const CliSub aPledgeCmd[] = {
  { "create",      "pledge create",      pledge_create },
  { "credentials", "pledge credentials", pledge_credentials },
  { "sign",        "pledge sign",        pledge_sign },
  { "items",       "pledge items",       pledge_items },
  { "withdraw",    "pledge withdraw",    pledge_withdraw_cmd },
  { "status",      "pledge status",      pledge_status_cmd },
  { "open",        "pledge open",        pledge_open_cmd },
  { "expire",      "pledge expire",      pledge_expire_cmd },
  { "verify",      "pledge verify",      pledge_verify_cmd },
};

/*
** mandate pledge SUBCOMMAND ...
*/
int cmd_pledge(int argc, char **argv){
  return cli_subcommand(argc, argv, aPledgeCmd, (int)(sizeof aPledgeCmd/sizeof aPledgeCmd[0]), zPledgeUsage);
}
