/* test_dispute.c: disputes and the primary / secondary classification of
** their constituency, on a small hand-built register. */
#include "test.h"
#include "../../src/domain/dispute.h"
#include "../../src/domain/register.h"
#include "../../src/util/mem.h"
#include <stdlib.h>
#include <unistd.h>

static const char zUnits[] =
  "code,name,kind,parent_code,sector\n"
  "U,Test Union,union,,\n"
  "H,Health,group,U,\n"
  "HB,Health Bolton,branch,H,\n"
  "HS,Health Salford,branch,H,\n"
  "RBH,Royal Bolton Hospital,workplace,HB,health\n"
  "SRH,Salford Royal Hospital,workplace,HS,health\n";

/* At Royal Bolton: a trust nurse (and a lapsed one), two resident doctors
** employed by the lead employer, a contractor's cleaner, an agency
** cleaner, and a member with no employer on record. At Salford Royal
** (out of scope below): a lead-employer doctor. */
static const char zMembers[] =
  "membership_number,first_name,last_name,status,employer,workplace_code,category,employment_type\n"
  "N1,Nina,Nurse,active,Bolton NHS Foundation Trust,RBH,nurse,employed\n"
  "N2,Len,Lapsed,lapsed,Bolton NHS Foundation Trust,RBH,nurse,employed\n"
  "D1,Dev,Doctor,active,North West Lead Employer Trust,RBH,resident doctor,employed\n"
  "D2,Dana,Doctor,active,North West Lead Employer Trust,RBH,Resident Doctor,employed\n"
  "C1,Cleo,Cleaner,active,Brightclean Services Ltd,RBH,cleaner,employed\n"
  "C2,Cal,Cleaner,active,Brightclean Services Ltd,RBH,cleaner,agency\n"
  "X1,Xan,Unknown,active,,RBH,porter,employed\n"
  "S1,Sam,Salford,active,North West Lead Employer Trust,SRH,resident doctor,employed\n";

/* The legal regimes from data/regimes (the tests run in the repository
** root); caller frees with law_free(). */
static LawSet *law_get(void){
  LawSet *p = 0;
  char *zErr = 0;
  if( law_load(0, &p, &zErr) ){
    test_fail(__FILE__, __LINE__, "law_load: %s", zErr);
    free(zErr);
  }
  return p;
}

/* A new database holding the register above; caller closes. */
static Db *fixture(const char *zName){
  char zPath[400], *zErr = 0;
  snprintf(zPath, sizeof zPath, "%s/%s", test_tmpdir(), zName);
  unlink(zPath);
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
  if( register_import_members(db, "members.csv", zMembers, strlen(zMembers), &o, &r) ){
    test_fail(__FILE__, __LINE__, "members: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  return db;
}

/* Create dispute zCode with one employer and one unit; 0 or -1. */
static int create(Db *db, const char *zCode, const char *zEmployer, const char *zUnit,
                  int nCat, const char *const *azCat, int nType, const char *const *azType){
  const char *azEmp[1] = { zEmployer }, *azUnit[1] = { zUnit };
  DisputeSpec spec = { .zCode = zCode, .zTitle = "Rotas and rest breaks",
    .zIssue = "Unsafe rotas at the hospital", .zRegime = "gb-era-2025",
    .zCreatedOn = "2026-11-23", .nEmployer = 1, .azEmployer = azEmp,
    .nUnit = 1, .azUnit = azUnit, .nCategory = nCat, .azCategory = azCat,
    .nType = nType, .azType = azType };
  char *zErr = 0;
  LawSet *pLaw = law_get();
  if( pLaw==0 ) return -1;
  int rc = dispute_create(db, pLaw, &spec, &zErr);
  if( rc ) test_fail(__FILE__, __LINE__, "dispute_create %s: %s", zCode, zErr);
  free(zErr);
  law_free(pLaw);
  return rc;
}

/* The summary of dispute zCode; caller clears both. */
static int summarise(Db *db, const char *zCode, Dispute *pD, DisputeSummary *pS){
  memset(pS, 0, sizeof(*pS));
  if( dispute_load(db, zCode, pD) ){ test_fail(__FILE__, __LINE__, "load %s", zCode); return -1; }
  if( dispute_summarise(db, pD, pS) ){ test_fail(__FILE__, __LINE__, "summarise"); return -1; }
  return 0;
}

/* The member numbered zNumber in dispute *pD's list, or NULL; *pL (empty
** or from an earlier call) keeps it. */
static const DisputeMember *find_member(Db *db, const Dispute *pD, DisputeMemberList *pL,
                                        const char *zNumber){
  dispute_member_list_clear(pL);
  if( dispute_members(db, pD, -1, 0, 100, pL) ) return 0;
  for(int i=0; i<pL->n; i++) if( strcmp(pL->a[i].zNumber, zNumber)==0 ) return &pL->a[i];
  return 0;
}

static int64_t employer_count(const DisputeSummary *pS, const char *zEmployer, int *pCls){
  for(int i=0; i<pS->nEmployer; i++){
    if( strcmp(pS->aEmployer[i].zEmployer, zEmployer)==0 ){
      if( pCls ) *pCls = pS->aEmployer[i].cls;
      return pS->aEmployer[i].n;
    }
  }
  return -1;
}

static int has_advice(const DisputeSummary *pS, const char *zText){
  for(int i=0; i<pS->nAdvice; i++) if( strstr(pS->azAdvice[i], zText) ) return 1;
  return 0;
}

TEST(dispute_lead_employer_doctor_is_secondary_until_added){
  Db *db = fixture("dispute1.db");
  if( !db ) return;
  if( create(db, "RBH-ROTA", "Bolton NHS Foundation Trust", "RBH", 0, 0, 0, 0) ){ db_close(db); return; }
  Dispute d;
  DisputeSummary s;
  DisputeMemberList L = {0};
  if( summarise(db, "RBH-ROTA", &d, &s)==0 ){
    /* active members at Royal Bolton only: N1, D1, D2, C1, C2, X1 */
    CHECK_INT(s.nInScope, 6);
    CHECK_INT(s.anClass[DISPUTE_PRIMARY], 1);
    CHECK_INT(s.anClass[DISPUTE_SECONDARY], 4);
    CHECK_INT(s.anClass[DISPUTE_UNKNOWN], 1);
    int cls = -1;
    CHECK_INT(employer_count(&s, "North West Lead Employer Trust", &cls), 2);
    CHECK_INT(cls, DISPUTE_SECONDARY);
    CHECK_INT(employer_count(&s, "Brightclean Services Ltd", &cls), 2);
    CHECK_INT(cls, DISPUTE_SECONDARY);
    CHECK_INT(employer_count(&s, "Bolton NHS Foundation Trust", &cls), 1);
    CHECK_INT(cls, DISPUTE_PRIMARY);
    CHECK(has_advice(&s, "2 members in scope are employed by North West Lead Employer Trust,"
                         " which is not a party: ballot them only in a separate dispute with"
                         " North West Lead Employer Trust, or add North West Lead Employer"
                         " Trust as a party."));
    CHECK(has_advice(&s, "1 member in scope has no employer on record"));
    const DisputeMember *m = find_member(db, &d, &L, "D1");
    CHECK(m!=0);
    if( m ){
      CHECK_INT(m->cls, DISPUTE_SECONDARY);
      CHECK_STR(m->zReason, "employed by North West Lead Employer Trust, which is not a"
                " party to this dispute (works at Royal Bolton Hospital)");
    }
    m = find_member(db, &d, &L, "C1");
    CHECK(m && m->cls==DISPUTE_SECONDARY);
    CHECK(m && strstr(m->zReason, "employed by Brightclean Services Ltd, which is not a party"));
    dispute_member_list_clear(&L);
    m = find_member(db, &d, &L, "X1");
    CHECK(m && m->cls==DISPUTE_UNKNOWN);
    CHECK(m && strstr(m->zReason, "no employer on record (works at Royal Bolton Hospital)"));
    dispute_member_list_clear(&L);
    m = find_member(db, &d, &L, "N1");
    CHECK(m && m->cls==DISPUTE_PRIMARY);
    CHECK(m && strstr(m->zReason, "a party to this dispute"));
    /* out of scope (Salford) and lapsed members are not there at all */
    CHECK(find_member(db, &d, &L, "S1")==0);
    dispute_member_list_clear(&L);
    CHECK(find_member(db, &d, &L, "N2")==0);
    CHECK_INT(L.nTotal, 6);
    dispute_member_list_clear(&L);
  }
  dispute_summary_clear(&s);
  dispute_clear(&d);

  /* Adding the lead employer makes its doctors primary; adding it again is a no-op. */
  char *zErr = 0;
  CHECK_INT(dispute_add_employer(db, "RBH-ROTA", "North West Lead Employer Trust", &zErr), 0);
  CHECK_INT(dispute_add_employer(db, "RBH-ROTA", "North West Lead Employer Trust", &zErr), 1);
  if( summarise(db, "RBH-ROTA", &d, &s)==0 ){
    CHECK_INT(d.nParty, 2);
    CHECK_INT(s.anClass[DISPUTE_PRIMARY], 3);
    CHECK_INT(s.anClass[DISPUTE_SECONDARY], 2);     /* the cleaners */
    const DisputeMember *m = find_member(db, &d, &L, "D2");
    CHECK(m && m->cls==DISPUTE_PRIMARY);
    CHECK(m && strstr(m->zReason, "employed by North West Lead Employer Trust, a party to this dispute"));
    dispute_member_list_clear(&L);
    CHECK(!has_advice(&s, "North West Lead Employer Trust, which is not a party"));
    CHECK(has_advice(&s, "2 members in scope are employed by Brightclean Services Ltd"));
  }
  dispute_summary_clear(&s);
  dispute_clear(&d);
  db_close(db);
}

TEST(dispute_scope_units_subtrees_and_filters){
  Db *db = fixture("dispute2.db");
  if( !db ) return;
  /* the whole Health group: Salford's doctor comes in */
  create(db, "ALL-HEALTH", "North West Lead Employer Trust", "H", 0, 0, 0, 0);
  Dispute d;
  DisputeSummary s;
  if( summarise(db, "ALL-HEALTH", &d, &s)==0 ){
    CHECK_INT(s.nInScope, 7);
    CHECK_INT(s.anClass[DISPUTE_PRIMARY], 3);
    CHECK(has_advice(&s, "1 member in scope is employed by Bolton NHS Foundation Trust"));
  }
  dispute_summary_clear(&s);
  dispute_clear(&d);
  /* a unit inside one already in scope counts each member once */
  char *zErr = 0;
  CHECK_INT(dispute_add_unit(db, "ALL-HEALTH", "RBH", &zErr), 0);
  CHECK_INT(dispute_add_unit(db, "ALL-HEALTH", "RBH", &zErr), 1);
  if( summarise(db, "ALL-HEALTH", &d, &s)==0 ) CHECK_INT(s.nInScope, 7);
  dispute_summary_clear(&s);
  dispute_clear(&d);

  /* categories: case does not matter */
  const char *azCat[] = { "Resident doctor" };
  create(db, "DOCS", "North West Lead Employer Trust", "RBH", 1, azCat, 0, 0);
  if( summarise(db, "DOCS", &d, &s)==0 ){
    CHECK_INT(s.nInScope, 2);
    CHECK_INT(s.anClass[DISPUTE_PRIMARY], 2);
    CHECK(has_advice(&s, "Every member in scope is employed by a party"));
    CHECK_INT(d.nCategory, 1);
    if( d.nCategory ) CHECK_STR(d.azCategory[0], "resident doctor");
  }
  dispute_summary_clear(&s);
  dispute_clear(&d);

  /* employment types: only the agency cleaner */
  const char *azType[] = { "agency" };
  create(db, "AGENCY", "Bolton NHS Foundation Trust", "RBH", 0, 0, 1, azType);
  if( summarise(db, "AGENCY", &d, &s)==0 ){
    CHECK_INT(s.nInScope, 1);
    CHECK_INT(s.anClass[DISPUTE_SECONDARY], 1);
    CHECK(has_advice(&s, "No active member in scope is employed by Bolton NHS Foundation Trust"));
    DisputeMemberList L;
    CHECK_INT(dispute_members(db, &d, DISPUTE_SECONDARY, 0, 10, &L), 0);
    CHECK_INT(L.n, 1);
    if( L.n ) CHECK_STR(L.a[0].zNumber, "C2");
    dispute_member_list_clear(&L);
  }
  dispute_summary_clear(&s);
  dispute_clear(&d);
  db_close(db);
}

TEST(dispute_members_are_paged_problems_first){
  Db *db = fixture("dispute3.db");
  if( !db ) return;
  create(db, "P", "Bolton NHS Foundation Trust", "RBH", 0, 0, 0, 0);
  Dispute d;
  DisputeMemberList L;
  if( dispute_load(db, "P", &d)==0 ){
    CHECK_INT(dispute_members(db, &d, -1, 0, 2, &L), 0);
    CHECK_INT(L.n, 2);
    CHECK_INT(L.nTotal, 6);
    if( L.n==2 ){
      CHECK_STR(L.a[0].zNumber, "X1");                  /* unknown employer first */
      CHECK_INT(L.a[1].cls, DISPUTE_SECONDARY);
      CHECK_STR(L.a[1].zEmployer, "Brightclean Services Ltd");
    }
    dispute_member_list_clear(&L);
    CHECK_INT(dispute_members(db, &d, -1, 5, 2, &L), 0);
    CHECK_INT(L.n, 1);
    if( L.n ) CHECK_STR(L.a[0].zNumber, "N1");          /* primary last */
    dispute_member_list_clear(&L);
    CHECK_INT(dispute_members(db, &d, DISPUTE_PRIMARY, 0, 10, &L), 0);
    CHECK_INT(L.nTotal, 1);
    dispute_member_list_clear(&L);

    DisputeSummary s;
    CHECK_INT(dispute_summarise(db, &d, &s), 0);
    json_t *j = dispute_json(&d, &s);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(j, "counts"), "secondary")), 4);
    CHECK_INT(json_integer_value(json_object_get(j, "in_scope")), 6);
    CHECK_STR(json_string_value(json_array_get(json_object_get(j, "employers"), 0)),
              "Bolton NHS Foundation Trust");
    CHECK_STR(json_string_value(json_object_get(j, "regime")), "gb-era-2025");
    json_decref(j);
    dispute_summary_clear(&s);
  }
  dispute_clear(&d);
  db_close(db);
}

TEST(dispute_create_checks_everything_and_writes_nothing_when_wrong){
  Db *db = fixture("dispute4.db");
  LawSet *pLaw = law_get();
  if( !db || !pLaw ){ db_close(db); law_free(pLaw); return; }
  const char *azEmp[] = { "Bolton NHS Trust", "Brightclean Services Ltd" };
  const char *azUnit[] = { "RBH", "NOPE" };
  const char *azType[] = { "freelance" };
  const char *azCat[] = { "astronaut" };
  DisputeSpec spec = { .zCode = "BAD CODE", .zTitle = "", .zRegime = "gb-1871",
    .zCreatedOn = "2026-11-23", .nEmployer = 2, .azEmployer = azEmp,
    .nUnit = 2, .azUnit = azUnit, .nType = 1, .azType = azType,
    .nCategory = 1, .azCategory = azCat };
  char *zErr = 0;
  CHECK_INT(dispute_create(db, pLaw, &spec, &zErr), -1);
  CHECK_CONTAINS(zErr, "dispute code \"BAD CODE\"");
  CHECK_CONTAINS(zErr, "--title");
  CHECK_CONTAINS(zErr, "no legal regime \"gb-1871\" (known:");
  CHECK_CONTAINS(zErr, "gb-tulrca-2016");
  CHECK_CONTAINS(zErr, "no employer named \"Bolton NHS Trust\"");
  CHECK_CONTAINS(zErr, "did you mean \"Bolton NHS Foundation Trust\"?");
  CHECK_CONTAINS(zErr, "no unit with code NOPE");
  CHECK_CONTAINS(zErr, "--employment-type");
  CHECK_CONTAINS(zErr, "no member has category \"astronaut\"");
  free(zErr);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM disputes", 0), 0);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM dispute_employers", 0), 0);

  /* a code is used once; names match exactly or but for case */
  create(db, "ONCE", "bolton nhs foundation trust", "RBH", 0, 0, 0, 0);
  azEmp[0] = "Bolton NHS Foundation Trust";
  spec = (DisputeSpec){ .zCode = "ONCE", .zTitle = "Again", .zRegime = "gb-era-2025",
    .zCreatedOn = "2026-11-23", .nEmployer = 1, .azEmployer = azEmp, .nUnit = 1, .azUnit = azUnit };
  CHECK_INT(dispute_create(db, pLaw, &spec, &zErr), -1);
  CHECK_CONTAINS(zErr, "a dispute with code ONCE already exists");
  free(zErr);
  CHECK_INT(dispute_add_employer(db, "NOPE", "Bolton NHS Foundation Trust", &zErr), -1);
  CHECK_CONTAINS(zErr, "no dispute with code NOPE");
  free(zErr);
  CHECK_INT(dispute_add_employer(db, "ONCE", "Nobody Ltd", &zErr), -1);
  CHECK_CONTAINS(zErr, "no employer named \"Nobody Ltd\"");
  free(zErr);
  Dispute d;
  CHECK_INT(dispute_load(db, "NOPE", &d), 1);
  dispute_clear(&d);
  CHECK_INT(dispute_load(db, "ONCE", &d), 0);
  CHECK_INT(d.nParty, 1);
  CHECK_STR(d.zIssue, "Unsafe rotas at the hospital");
  dispute_clear(&d);
  json_t *a = dispute_list_json(db);
  CHECK_INT(json_array_size(a), 1);
  json_decref(a);
  db_close(db);
  law_free(pLaw);
}
