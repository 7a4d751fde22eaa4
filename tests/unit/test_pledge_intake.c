/* test_pledge_intake.c: the pledge intake (pledge_submit, pledge_withdraw)
** says why it refuses with a code, and the web's statuses follow the
** code: an unknown campaign, a credential the authority did not issue, a
** replayed sequence number, a closed or frozen campaign, a bad item and a
** store that fails each give their own PledgeIntakeCode, whatever the
** message's words. A small register, one trustee, two credentials. */
#include "test.h"
#include "../../src/domain/pledge.h"
#include "../../src/domain/register.h"
#include "../../src/crypto/seal.h"
#include "../../src/util/mem.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char zUnits[] =
  "code,name,kind,parent_code,sector\n"
  "U,Test Union,union,,\n"
  "HB,Health Bolton,branch,U,\n"
  "RBH,Royal Bolton Hospital,workplace,HB,health\n";

static const char zMembers[] =
  "membership_number,first_name,last_name,status,employer,workplace_code,category,employment_type,email,mobile\n"
  "R1,Ada,One,active,Bolton NHS Foundation Trust,RBH,nurse,employed,,\n"
  "R2,Ben,Two,active,Bolton NHS Foundation Trust,RBH,nurse,employed,,\n";

#define DEADLINE "2026-12-01"
#define TODAY    "2026-11-23"

/* A campaign "GP" over the register above with one trustee, and the
** credentials aSk[0..2) published (workplace 1); aSk[2] never issued. */
typedef struct Fixture Fixture;
struct Fixture {
  Db *db;
  PledgeCampaign c;
  GroupScalar aSk[3];
};

static int fixture_open(Fixture *f, const char *zName){
  char zPath[400], zBoardDir[400], zErr[400], *zOpenErr = 0, *zBoard = 0;
  GroupScalar authSk, trusteeSk;
  GroupPoint aCred[2], commit;
  PledgeAction act = { .zLabel = "Resign together", .kind = PLEDGE_TRIGGER_COUNT, .value = 2 };
  ImportOpts o = {0};
  ImportResult r = {0};
  Buf item = BUF_INIT;
  memset(f, 0, sizeof *f);
  group_init();
  snprintf(zPath, sizeof zPath, "%s/%s", test_tmpdir(), zName);
  snprintf(zBoardDir, sizeof zBoardDir, "%s/%s-board", test_tmpdir(), zName);
  unlink(zPath);
  if( db_open(zPath, DB_OPEN_CREATE, &f->db, &zOpenErr) ){
    test_fail(__FILE__, __LINE__, "open: %s", zOpenErr);
    free(zOpenErr);
    return -1;
  }
  if( register_import_units(f->db, "units.csv", zUnits, strlen(zUnits), &o, &r) ){
    test_fail(__FILE__, __LINE__, "units: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  if( register_import_members(f->db, "members.csv", zMembers, strlen(zMembers), &o, &r) ){
    test_fail(__FILE__, __LINE__, "members: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  group_scalar_random(&authSk);
  group_scalar_random(&trusteeSk);
  group_base_mult(&commit, &trusteeSk);
  PledgeSpec spec = { .zCode = "GP", .zTitle = "GP resignations", .zTemplate = "undated_resignation",
                      .zDeadline = DEADLINE, .zToday = TODAY, .nAction = 1, .aAction = &act,
                      .nTrustee = 1, .nThreshold = 1, .aCommit = &commit, .zBoardDir = zBoardDir };
  group_base_mult(&spec.authority, &authSk);
  if( pledge_campaign_create(f->db, &spec, zErr, sizeof zErr)
   || pledge_campaign_load(f->db, "GP", &f->c, &zBoard, zErr, sizeof zErr) ){
    test_fail(__FILE__, __LINE__, "campaign: %s", zErr);
    return -1;
  }
  free(zBoard);
  for(int i=0; i<3; i++) group_scalar_random(&f->aSk[i]);
  for(int i=0; i<2; i++) group_base_mult(&aCred[i], &f->aSk[i]);
  if( pledge_credentials_make(&item, &f->c, &authSk, 1, aCred, 2)
   || pledge_credentials_publish(f->db, "GP", (unsigned char*)item.z, item.n, zErr, sizeof zErr) ){
    test_fail(__FILE__, __LINE__, "credentials: %s", zErr);
    buf_reset(&item);
    return -1;
  }
  buf_reset(&item);
  return 0;
}

static void fixture_close(Fixture *f){
  pledge_campaign_clear(&f->c);
  db_close(f->db);
}

/* Sign a pledge with credential iCred at sequence number seq and submit
** it to campaign zCode on zToday. The message, if any, in zErr. */
static PledgeIntakeCode sign(Fixture *f, const char *zCode, const char *zToday, int iCred, uint64_t seq,
                             char *zErr, size_t nErr){
  GroupPoint pk, a;
  unsigned char aAd[PLEDGE_ID_BYTES + GROUP_POINT_BYTES], aHash[32];
  char zReceipt[BOARD_TRACKER_CHARS+1];
  Buf sealed = BUF_INIT, item = BUF_INIT;
  PledgeIntakeCode k = PLEDGE_INTAKE_STORE;
  group_base_mult(&pk, &f->aSk[iCred]);
  pledge_seal_ad(aAd, &f->c, &pk);
  if( seal_make(&sealed, &f->c.key, aAd, sizeof aAd, "Ada One\0\0R1", 11)
   || seal_ephemeral(&a, (unsigned char*)sealed.z, sealed.n) ){
    test_fail(__FILE__, __LINE__, "cannot seal");
  }else{
    pledge_sealed_hash(aHash, (unsigned char*)sealed.z, sealed.n);
    if( pledge_item_make(&item, &f->c, &f->aSk[iCred], seq, 1, &a, aHash) ){
      test_fail(__FILE__, __LINE__, "cannot sign");
    }else{
      k = pledge_submit(f->db, zCode, zToday, (unsigned char*)item.z, item.n,
                        (unsigned char*)sealed.z, sealed.n, zReceipt, zErr, nErr);
    }
  }
  buf_reset(&sealed);
  buf_reset(&item);
  return k;
}

static PledgeIntakeCode withdraw(Fixture *f, int iCred, uint64_t seq, char *zErr, size_t nErr){
  Buf item = BUF_INIT;
  PledgeIntakeCode k = PLEDGE_INTAKE_STORE;
  if( pledge_withdraw_make(&item, &f->c, &f->aSk[iCred], seq) ) test_fail(__FILE__, __LINE__, "cannot sign");
  else k = pledge_withdraw(f->db, "GP", TODAY, (unsigned char*)item.z, item.n, zErr, nErr);
  buf_reset(&item);
  return k;
}

static int64_t live_pledges(Db *db){
  return db_query_int(db, "SELECT count(*) FROM pledges WHERE live=1", 0);
}

TEST(pledge_intake_says_why_with_a_code){
  Fixture f;
  char zErr[400];
  if( fixture_open(&f, "intake.db") ) return;
  CHECK_INT(sign(&f, "GP", TODAY, 0, 1, zErr, sizeof zErr), PLEDGE_INTAKE_OK);
  CHECK_INT(live_pledges(f.db), 1);
  /* no such campaign */
  CHECK_INT(sign(&f, "NOPE", TODAY, 1, 1, zErr, sizeof zErr), PLEDGE_INTAKE_UNKNOWN);
  /* a credential the authority did not issue, correctly signed */
  CHECK_INT(sign(&f, "GP", TODAY, 2, 1, zErr, sizeof zErr), PLEDGE_INTAKE_NOT_ISSUED);
  /* the same sequence number again, and one skipped ahead */
  CHECK_INT(sign(&f, "GP", TODAY, 0, 1, zErr, sizeof zErr), PLEDGE_INTAKE_REPLAY);
  CHECK_INT(sign(&f, "GP", TODAY, 0, 3, zErr, sizeof zErr), PLEDGE_INTAKE_REPLAY);
  /* after the deadline */
  CHECK_INT(sign(&f, "GP", "2026-12-02", 1, 1, zErr, sizeof zErr), PLEDGE_INTAKE_CLOSED);
  /* nothing of those was written */
  CHECK_INT(live_pledges(f.db), 1);
  CHECK_INT(db_query_int(f.db, "SELECT last_seq FROM pledge_credentials ORDER BY id LIMIT 1", 0), 1);
  fixture_close(&f);
}

TEST(pledge_intake_refuses_bad_items_as_invalid){
  Fixture f;
  char zErr[400];
  unsigned char aJunk[PLEDGE_ITEM_BYTES] = {0};
  char zReceipt[BOARD_TRACKER_CHARS+1];
  if( fixture_open(&f, "intake-bad.db") ) return;
  CHECK_INT(pledge_submit(f.db, "GP", TODAY, aJunk, sizeof aJunk, aJunk, sizeof aJunk, zReceipt, zErr, sizeof zErr),
            PLEDGE_INTAKE_INVALID);
  CHECK_INT(pledge_submit(f.db, "GP", TODAY, aJunk, 10, aJunk, sizeof aJunk, zReceipt, zErr, sizeof zErr),
            PLEDGE_INTAKE_INVALID);
  /* a withdrawal with no pledge behind it; then the withdrawal's codes */
  CHECK_INT(withdraw(&f, 0, 1, zErr, sizeof zErr), PLEDGE_INTAKE_INVALID);
  CHECK_INT(sign(&f, "GP", TODAY, 0, 1, zErr, sizeof zErr), PLEDGE_INTAKE_OK);
  CHECK_INT(withdraw(&f, 0, 1, zErr, sizeof zErr), PLEDGE_INTAKE_REPLAY);
  CHECK_INT(withdraw(&f, 2, 1, zErr, sizeof zErr), PLEDGE_INTAKE_NOT_ISSUED);
  CHECK_INT(withdraw(&f, 0, 2, zErr, sizeof zErr), PLEDGE_INTAKE_OK);
  CHECK_INT(live_pledges(f.db), 0);
  CHECK_INT(withdraw(&f, 0, 3, zErr, sizeof zErr), PLEDGE_INTAKE_INVALID);
  fixture_close(&f);
}

TEST(pledge_intake_closed_frozen_and_store_codes){
  Fixture f;
  char zErr[400];
  if( fixture_open(&f, "intake-closed.db") ) return;
  /* opened (or expired): no more pledges, nor withdrawals */
  CHECK_INT(db_exec(f.db, "UPDATE pledge_campaigns SET state='expired'"), 0);
  CHECK_INT(sign(&f, "GP", TODAY, 0, 1, zErr, sizeof zErr), PLEDGE_INTAKE_CLOSED);
  CHECK_INT(withdraw(&f, 0, 1, zErr, sizeof zErr), PLEDGE_INTAKE_CLOSED);
  /* a definition that no longer decodes is the store's fault, not the signer's */
  CHECK_INT(db_exec(f.db, "UPDATE pledge_campaigns SET state='open', definition='zz'"), 0);
  CHECK_INT(sign(&f, "GP", TODAY, 0, 1, zErr, sizeof zErr), PLEDGE_INTAKE_STORE);
  CHECK_INT(live_pledges(f.db), 0);
  fixture_close(&f);
}

TEST(pledge_intake_is_frozen_once_an_opening_is_on_the_board){
  Fixture f;
  char zErr[400], *zBoard = 0;
  PledgeCampaign c;
  if( fixture_open(&f, "intake-frozen.db") ) return;
  CHECK_INT(sign(&f, "GP", TODAY, 0, 1, zErr, sizeof zErr), PLEDGE_INTAKE_OK);
  if( pledge_campaign_load(f.db, "GP", &c, &zBoard, zErr, sizeof zErr)==0 ){
    /* the board's last line is no longer an intake item (as after an opening) */
    FILE *out = fopen(zBoard, "ab");
    CHECK(out!=0);
    if( out ){ fputs("pledge-opening x\n", out); fclose(out); }
    CHECK_INT(sign(&f, "GP", TODAY, 1, 1, zErr, sizeof zErr), PLEDGE_INTAKE_CLOSED);
    CHECK_INT(withdraw(&f, 0, 2, zErr, sizeof zErr), PLEDGE_INTAKE_CLOSED);
    CHECK_INT(live_pledges(f.db), 1);
  }else{
    test_fail(__FILE__, __LINE__, "load: %s", zErr);
  }
  pledge_campaign_clear(&c);
  free(zBoard);
  fixture_close(&f);
}
