/* test_turnout.c: tracking a statutory ballot's turnout on a small
** hand-built register: the snapshot of who is entitled does not move when
** the register does, "I've posted my vote" is recorded once however often
** it is sent, the projection matches a hand computation, and exactly 50%
** turnout meets the threshold. */
#include "test.h"
#include "../../src/domain/turnout.h"
#include "../../src/domain/register.h"
#include "../../src/util/mem.h"
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static const char zUnits[] =
  "code,name,kind,parent_code,sector\n"
  "U,Test Union,union,,\n"
  "H,Health,group,U,\n"
  "HB,Health Bolton,branch,H,\n"
  "RBH,Royal Bolton Hospital,workplace,HB,health\n"
  "BGH,Bolton General Hospital,workplace,HB,health\n";

/* Ten members employed by the trust (6 at Royal Bolton, 4 at Bolton
** General), one of them with neither email nor mobile; a lead-employer
** doctor (secondary: never entitled); a lapsed nurse (not in scope). */
static const char zMembers[] =
  "membership_number,first_name,last_name,status,employer,workplace_code,category,employment_type,email,mobile\n"
  "R1,Ada,One,active,Bolton NHS Foundation Trust,RBH,nurse,employed,ada@example.org,\n"
  "R2,Ben,Two,active,Bolton NHS Foundation Trust,RBH,nurse,employed,ben@example.org,\n"
  "R3,Cat,Three,active,Bolton NHS Foundation Trust,RBH,nurse,employed,,07700900003\n"
  "R4,Dan,Four,active,Bolton NHS Foundation Trust,RBH,porter,employed,dan@example.org,07700900004\n"
  "R5,=Eve,Five,active,Bolton NHS Foundation Trust,RBH,porter,employed,eve@example.org,\n"
  "R6,Fay,Six,active,Bolton NHS Foundation Trust,RBH,porter,employed,,\n"
  "G1,Gus,One,active,Bolton NHS Foundation Trust,BGH,nurse,employed,gus@example.org,\n"
  "G2,Hal,Two,active,Bolton NHS Foundation Trust,BGH,nurse,employed,hal@example.org,\n"
  "G3,Ivy,Three,active,Bolton NHS Foundation Trust,BGH,nurse,employed,ivy@example.org,\n"
  "G4,Jo,Four,active,Bolton NHS Foundation Trust,BGH,nurse,employed,jo@example.org,\n"
  "D1,Dev,Doctor,active,North West Lead Employer Trust,RBH,resident doctor,employed,dev@example.org,\n"
  "L1,Len,Lapsed,lapsed,Bolton NHS Foundation Trust,RBH,nurse,employed,len@example.org,\n";

static LawSet *law_get(void){
  LawSet *p = 0;
  char *zErr = 0;
  if( law_load(0, &p, &zErr) ){
    test_fail(__FILE__, __LINE__, "law_load: %s", zErr);
    free(zErr);
  }
  return p;
}

static int import_members(Db *db, const char *zCsv){
  ImportOpts o = {0};
  ImportResult r = {0};
  int rc = register_import_members(db, "members.csv", zCsv, strlen(zCsv), &o, &r);
  if( rc ) test_fail(__FILE__, __LINE__, "members: %s", buf_str(&r.errors));
  import_result_clear(&r);
  return rc;
}

/* A new database with the register above and dispute PAY (regime
** zRegime) with the trust over group H; *pD loaded. Caller closes. */
static Db *fixture(const char *zName, const char *zRegime, Dispute *pD){
  char zPath[400], *zErr = 0;
  snprintf(zPath, sizeof zPath, "%s/%s", test_tmpdir(), zName);
  unlink(zPath);
  memset(pD, 0, sizeof(*pD));
  Db *db = 0;
  if( db_open(zPath, DB_OPEN_CREATE, &db, &zErr) ){
    test_fail(__FILE__, __LINE__, "open: %s", zErr);
    free(zErr);
    return 0;
  }
  ImportOpts o = {0};
  ImportResult r = {0};
  if( register_import_units(db, "units.csv", zUnits, strlen(zUnits), &o, &r) ){
    test_fail(__FILE__, __LINE__, "units: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  import_members(db, zMembers);
  const char *azEmp[1] = { "Bolton NHS Foundation Trust" }, *azUnit[1] = { "H" };
  DisputeSpec spec = { .zCode = "PAY", .zTitle = "Pay 2025", .zRegime = zRegime,
    .zCreatedOn = "2025-05-01", .nEmployer = 1, .azEmployer = azEmp, .nUnit = 1, .azUnit = azUnit };
  LawSet *pLaw = law_get();
  if( pLaw==0 || dispute_create(db, pLaw, &spec, &zErr) || dispute_load(db, "PAY", pD) ){
    test_fail(__FILE__, __LINE__, "dispute: %s", zErr ? zErr : "load");
    free(zErr);
    law_free(pLaw);
    db_close(db);
    return 0;
  }
  law_free(pLaw);
  return db;
}

/* The row for unit zCode ("" for the total) in *pV, or NULL. */
static const TurnoutRow *row_of(const TurnoutView *pV, const char *zCode){
  for(int i=0; i<pV->nRow; i++) if( strcmp(pV->aRow[i].zUnitCode, zCode)==0 ) return &pV->aRow[i];
  return 0;
}

TEST(turnout_snapshot_does_not_move_with_the_register){
  Dispute d;
  Db *db = fixture("turnout1.db", "gb-tulrca-2016", &d);
  if( !db ) return;
  TurnoutBallot b;
  char *zErr = 0;
  CHECK_INT(turnout_ballot_open(db, &d, "2025-06-02", "2025-06-22", "2025-05-20",
                                TURNOUT_IPS_AUTO, &b, &zErr), 0);
  CHECK(zErr==0);
  /* The same count as dispute show's primary members. */
  DisputeSummary sum;
  CHECK_INT(dispute_summarise(db, &d, &sum), 0);
  CHECK_INT(sum.anClass[DISPUTE_PRIMARY], 10);
  dispute_summary_clear(&sum);
  CHECK_INT(b.nEntitled, 10);
  CHECK_INT(b.ips, 1);                /* every entitled member works in health */
  CHECK_STR(b.zSnapshotOn, "2025-05-20");

  /* The register changes: a new trust nurse at Royal Bolton, a member
  ** lapses, another is erased, one moves to the other hospital. */
  CHECK_INT(import_members(db,
    "membership_number,first_name,last_name,status,employer,workplace_code\n"
    "R7,Kim,Seven,active,Bolton NHS Foundation Trust,RBH\n"
    "R2,Ben,Two,lapsed,Bolton NHS Foundation Trust,RBH\n"
    "R3,Cat,Three,active,Bolton NHS Foundation Trust,BGH\n"), 0);
  CHECK_INT(register_member_erase(db, "G4"), 0);
  CHECK_INT(dispute_summarise(db, &d, &sum), 0);
  CHECK_INT(sum.anClass[DISPUTE_PRIMARY], 9);   /* 10 + R7 - R2 - G4 */
  dispute_summary_clear(&sum);

  TurnoutBallot b2;
  CHECK_INT(turnout_ballot_load(db, "PAY", &b2), 0);
  CHECK_INT(b2.nEntitled, 10);
  LawSet *pLaw = law_get();
  TurnoutView v;
  CHECK_INT(turnout_compute(db, pLaw, &b2, 0, "2025-06-05", &v, &zErr), 0);
  const TurnoutRow *pT = row_of(&v, ""), *pR = row_of(&v, "RBH"), *pG = row_of(&v, "BGH");
  CHECK(pT && pR && pG);
  if( pT && pR && pG ){
    CHECK_INT(pT->nEntitled, 10);
    CHECK_INT(pR->nEntitled, 6);       /* R3 still counts where she was */
    CHECK_INT(pG->nEntitled, 4);       /* G4's erasure keeps the count */
  }
  turnout_view_clear(&v);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM statutory_entitled", 0), 10);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM statutory_entitled WHERE member_id IS NULL", 0), 1);

  /* The snapshot is taken once. */
  CHECK_INT(turnout_ballot_open(db, &d, "2025-06-09", "2025-06-29", "2025-06-01",
                                TURNOUT_IPS_AUTO, &b2, &zErr), -1);
  CHECK_CONTAINS(zErr, "already opened on 2025-05-20");
  free(zErr);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM statutory_ballots", 0), 1);
  law_free(pLaw);
  dispute_clear(&d);
  db_close(db);
}

/* The token of the link in the CSV row of member zNumber, into zOut. */
static int token_of(const char *zCsv, const char *zNumber, char *zOut){
  char zNeedle[40];
  snprintf(zNeedle, sizeof zNeedle, "\n%s,", zNumber);
  const char *p = strstr(zCsv, zNeedle);
  if( p==0 ) return -1;
  const char *q = strstr(p, "/posted/");
  if( q==0 ) return -1;
  memcpy(zOut, q+8, 64);
  zOut[64] = 0;
  return 0;
}

TEST(turnout_posted_is_recorded_once){
  Dispute d;
  Db *db = fixture("turnout2.db", "gb-tulrca-2016", &d);
  if( !db ) return;
  TurnoutBallot b;
  char *zErr = 0;
  CHECK_INT(turnout_ballot_open(db, &d, "2025-06-02", "2025-06-22", "2025-05-20",
                                TURNOUT_IPS_AUTO, &b, &zErr), 0);
  TurnoutLinks L;
  CHECK_INT(turnout_links(db, &b, "https://union.example.org/", 0, &L, &zErr), 0);
  CHECK_INT(L.nEntitled, 10);
  CHECK_INT(L.nWritten, 9);
  CHECK_INT(L.nNoContact, 1);          /* R6 has neither */
  const char *zCsv = buf_str(&L.csv);
  CHECK(strncmp(zCsv, "number,first_name,email,mobile,link\r\n", 37)==0);
  CHECK_CONTAINS(zCsv, "R1,Ada,ada@example.org,,https://union.example.org/posted/");
  CHECK_CONTAINS(zCsv, "R5,'=Eve,");          /* formula-safe */
  CHECK_CONTAINS(zCsv, "R3,Cat,,+447700900003,https://");  /* a mobile stays dialable */
  CHECK(strstr(zCsv, "\nR6,")==0);
  CHECK(strstr(zCsv, "\nD1,")==0);            /* secondary: not entitled */
  char zTok[65];
  CHECK_INT(token_of(zCsv, "R1", zTok), 0);
  /* Only the hash is stored. */
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM statutory_entitled WHERE link_hash=?", zTok), 0);

  TurnoutPosted P;
  CHECK_INT(turnout_posted_lookup(db, zTok, &P), 0);
  CHECK_STR(P.zFirstName, "Ada");
  CHECK_STR(P.zPostedOn, "");
  CHECK_INT(turnout_posted_record(db, zTok, "2025-06-04", &P), 0);
  CHECK_STR(P.zPostedOn, "2025-06-04");
  CHECK_INT(turnout_posted_record(db, zTok, "2025-06-05", &P), 2);
  CHECK_STR(P.zPostedOn, "2025-06-04");       /* the first report's day stays */
  CHECK_INT(db_query_int(db, "SELECT count(posted_on) FROM statutory_entitled", 0), 1);
  /* Outside the window nothing is recorded. */
  char zTok2[65];
  CHECK_INT(token_of(zCsv, "G1", zTok2), 0);
  CHECK_INT(turnout_posted_record(db, zTok2, "2025-06-23", &P), 3);
  CHECK_INT(db_query_int(db, "SELECT count(posted_on) FROM statutory_entitled", 0), 1);
  /* Unknown and malformed tokens. */
  char zBad[65];
  memcpy(zBad, zTok, 65);
  zBad[0] = zBad[0]=='0' ? '1' : '0';
  CHECK_INT(turnout_posted_lookup(db, zBad, &P), 1);
  CHECK_INT(turnout_posted_lookup(db, "xyz", &P), 1);
  CHECK_INT(turnout_posted_record(db, "' OR 1=1 --", "2025-06-04", &P), 1);

  /* Links are issued once; --reissue replaces them and keeps reports. */
  TurnoutLinks L2;
  CHECK_INT(turnout_links(db, &b, "https://union.example.org", 0, &L2, &zErr), 1);
  CHECK_CONTAINS(zErr, "--reissue");
  free(zErr);
  zErr = 0;
  turnout_links_clear(&L2);
  CHECK_INT(turnout_links(db, &b, "https://union.example.org", 1, &L2, &zErr), 0);
  CHECK_INT(turnout_posted_lookup(db, zTok, &P), 1);   /* the old link is dead */
  CHECK_INT(db_query_int(db, "SELECT count(posted_on) FROM statutory_entitled", 0), 1);
  turnout_links_clear(&L2);
  CHECK_INT(turnout_links(db, &b, "javascript:alert(1)", 1, &L2, &zErr), -1);
  free(zErr);
  turnout_links_clear(&L2);

  LawSet *pLaw = law_get();
  TurnoutView v;
  CHECK_INT(turnout_compute(db, pLaw, &b, 0, "2025-06-05", &v, &zErr), 0);
  const TurnoutRow *pR = row_of(&v, "RBH");
  CHECK(pR && pR->nSelf==1 && strcmp(pR->zSource, "self-reported")==0);
  CHECK_INT(v.nSelf, 1);
  turnout_view_clear(&v);
  turnout_links_clear(&L);
  law_free(pLaw);
  dispute_clear(&d);
  db_close(db);
}

#define NEAR(a,b) (fabs((a)-(b))<0.01)

TEST(turnout_projection_by_hand){
  /* Voting 1 to 21 November (21 days); 300 of 1000 back by the 7th.
  ** 7 days elapsed, 14 to go: 300/7 a day, 300 + 14*300/7 = 900.
  ** Variance 300*(14/7)*(1+14/7) = 1800; sd 42.4264; 1.96*sd = 83.15. */
  TurnoutProjection p;
  turnout_project(1000, 300, "2026-11-07", "2026-11-01", "2026-11-21", &p);
  CHECK_INT(p.ok, 1);
  CHECK_INT(p.daysElapsed, 7);
  CHECK_INT(p.daysLeft, 14);
  CHECK(NEAR(p.rate, 300.0/7));
  CHECK(NEAR(p.final, 900.0));
  CHECK(NEAR(p.lo, 900.0 - 1.959964*sqrt(1800.0)));
  CHECK(NEAR(p.hi, 900.0 + 1.959964*sqrt(1800.0)));
  CHECK(NEAR(p.lo, 816.85) && NEAR(p.hi, 983.15));
  /* Capped at those entitled. */
  turnout_project(1000, 600, "2026-11-07", "2026-11-01", "2026-11-21", &p);
  CHECK(NEAR(p.final, 1000.0) && NEAR(p.hi, 1000.0) && NEAR(p.lo, 1000.0));
  /* Closed: the figure is final. */
  turnout_project(1000, 612, "2026-11-25", "2026-11-01", "2026-11-21", &p);
  CHECK(p.ok && p.daysLeft==0 && NEAR(p.final, 612) && NEAR(p.lo, 612) && NEAR(p.hi, 612));
  /* Nothing to go on. */
  turnout_project(1000, 0, "2026-11-07", "2026-11-01", "2026-11-21", &p);
  CHECK_INT(p.ok, 0);
  CHECK_CONTAINS(p.zWhy, "no returns yet");
  turnout_project(1000, 10, "2026-10-30", "2026-11-01", "2026-11-21", &p);
  CHECK_INT(p.ok, 0);
  CHECK_CONTAINS(p.zWhy, "has not started");
}

TEST(turnout_exactly_half_meets_the_threshold){
  Dispute d;
  Db *db = fixture("turnout3.db", "gb-tulrca-2016", &d);
  if( !db ) return;
  TurnoutBallot b;
  char *zErr = 0;
  LawSet *pLaw = law_get();
  CHECK_INT(turnout_ballot_open(db, &d, "2025-06-02", "2025-06-22", "2025-05-20",
                                TURNOUT_IPS_AUTO, &b, &zErr), 0);
  /* 4 of 10: one short; then exactly 5 of 10: met. */
  CHECK_INT(turnout_scrutineer_update(db, &b, 0, 4, "2025-06-05", "t", "2025-06-10", &zErr), 0);
  TurnoutView v;
  CHECK_INT(turnout_compute(db, pLaw, &b, 0, "2025-06-10", &v, &zErr), 0);
  CHECK_STR(v.aRow[0].zSource, "scrutineer");
  CHECK_INT(v.aRow[0].nReturned, 4);
  CHECK_INT(v.aRow[0].nTurnoutNeeded, 5);
  CHECK_INT(v.aRow[0].nTurnoutShort, 1);
  CHECK_INT(v.aRow[0].ipsApplies, 1);         /* 2016 Act, health: 40% of 10 */
  CHECK_INT(v.aRow[0].nYesNeeded, 4);
  CHECK_INT(v.aRow[0].nYesShort, 0);
  turnout_view_clear(&v);
  CHECK_INT(turnout_scrutineer_update(db, &b, 0, 5, "2025-06-06", "t", "2025-06-10", &zErr), 0);
  CHECK_INT(turnout_compute(db, pLaw, &b, 0, "2025-06-10", &v, &zErr), 0);
  CHECK_INT(v.aRow[0].nReturned, 5);
  CHECK(NEAR(v.aRow[0].pct, 50.0));
  CHECK_INT(v.aRow[0].nTurnoutShort, 0);
  CHECK_INT(v.nScrutineer, 2);
  /* Per-unit rows have no scrutineer figure: members' reports, labelled. */
  const TurnoutRow *pR = row_of(&v, "RBH");
  CHECK(pR && strcmp(pR->zSource, "self-reported")==0 && pR->nTurnoutNeeded==3);
  turnout_view_clear(&v);

  /* Returns only go up; a unit must be in the ballot; not in the future. */
  CHECK_INT(turnout_scrutineer_update(db, &b, 0, 3, "2025-06-08", "t", "2025-06-10", &zErr), -1);
  CHECK_CONTAINS(zErr, "returns only go up");
  free(zErr); zErr = 0;
  CHECK_INT(turnout_scrutineer_update(db, &b, "HB", 3, "2025-06-08", "t", "2025-06-10", &zErr), -1);
  CHECK_CONTAINS(zErr, "not a workplace");
  free(zErr); zErr = 0;
  CHECK_INT(turnout_scrutineer_update(db, &b, "RBH", 7, "2025-06-08", "t", "2025-06-10", &zErr), -1);
  CHECK_CONTAINS(zErr, "more than the 6 entitled");
  free(zErr); zErr = 0;
  CHECK_INT(turnout_scrutineer_update(db, &b, "RBH", 3, "2025-06-11", "t", "2025-06-10", &zErr), -1);
  free(zErr); zErr = 0;
  CHECK_INT(turnout_scrutineer_update(db, &b, "RBH", 3, "2025-06-08", "t", "2025-06-10", &zErr), 0);

  /* A branch secretary's scope that is only Royal Bolton sees its row and
  ** a total of its own, with the unit's scrutineer figure. */
  Unit rbh;
  CHECK_INT(register_unit_by_code(db, "RBH", &rbh), 0);
  CHECK_INT(turnout_compute(db, pLaw, &b, &rbh, "2025-06-10", &v, &zErr), 0);
  CHECK_INT(v.coversBallot, 0);
  CHECK_INT(v.nRow, 2);
  CHECK_INT(v.aRow[0].nEntitled, 6);
  CHECK_INT(v.aRow[0].nReturned, 3);
  CHECK_STR(v.aRow[0].zSource, "scrutineer");
  turnout_view_clear(&v);
  law_free(pLaw);
  dispute_clear(&d);
  db_close(db);
}

TEST(turnout_40pct_rule_follows_the_regime_and_the_sectors){
  Dispute d;
  Db *db = fixture("turnout4.db", "gb-era-2025", &d);
  if( !db ) return;
  TurnoutBallot b;
  char *zErr = 0;
  LawSet *pLaw = law_get();
  /* Opened after 2026-02-18: the 40% rule is repealed (ERA 2025). */
  CHECK_INT(turnout_ballot_open(db, &d, "2026-11-16", "2026-12-07", "2026-11-10",
                                TURNOUT_IPS_AUTO, &b, &zErr), 0);
  TurnoutView v;
  CHECK_INT(turnout_compute(db, pLaw, &b, 0, "2026-11-23", &v, &zErr), 0);
  CHECK_INT(v.aRow[0].ipsApplies, 0);
  CHECK_CONTAINS(v.zIpsRule, "repealed");
  CHECK_CONTAINS(v.zTurnoutRule, "50%");
  json_t *j = turnout_view_json(&b, &v);
  CHECK(json_is_null(json_object_get(json_array_get(json_object_get(j, "rows"), 0), "yes_needed")));
  CHECK_INT(json_integer_value(json_object_get(j, "entitled")), 10);
  json_decref(j);
  turnout_view_clear(&v);
  law_free(pLaw);
  dispute_clear(&d);
  db_close(db);
}
