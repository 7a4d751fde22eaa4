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

/* Addresses for some of the fixture's members (re-imported by number): a
** trust nurse at home, verified; a doctor whose address is the hospital; a
** doctor at home but unverified; a member whose name looks like a formula. */
static const char zAddresses[] =
  "membership_number,first_name,last_name,status,employer,workplace_code,category,"
  "employment_type,address_line1,address_line2,town,postcode,address_kind,address_verified_on\n"
  "N1,Nina,Nurse,active,Bolton NHS Foundation Trust,RBH,nurse,employed,1 Home Street,,Bolton,BL1 1AA,home,2026-01-05\n"
  "D1,Dev,Doctor,active,North West Lead Employer Trust,RBH,resident doctor,employed,Royal Bolton Hospital,Minerva Road,Bolton,BL4 0JR,workplace,2026-01-05\n"
  "D2,Dana,Doctor,active,North West Lead Employer Trust,RBH,Resident Doctor,employed,2 Home Street,,Bolton,BL1 1AB,home,\n"
  "F1,\"=HYPERLINK(\"\"http://x.example/\"\",\"\"y\"\")\",@Sum,active,Bolton NHS Foundation Trust,RBH,nurse,employed,-3 Odd Row,,Bolton,BL1 1AD,home,2026-01-05\n";

TEST(dispute_csv_field_neutralises_formulas){
  Buf b = BUF_INIT;
  const char *az[] = { "=1+2", "+44 7700", "-3", "@SUM(A1)", "\tx", "plain", "a,b", "", 0 };
  for(int i=0; az[i]; i++){ dispute_csv_field(&b, az[i]); buf_putc(&b, '|'); }
  CHECK_STR(buf_str(&b), "'=1+2|'+44 7700|'-3|'@SUM(A1)|'\tx|plain|\"a,b\"||");
  buf_truncate(&b, 0);
  dispute_csv_field(&b, "=HYPERLINK(\"u\",\"t\")");
  CHECK_STR(buf_str(&b), "\"'=HYPERLINK(\"\"u\"\",\"\"t\"\")\"");
  buf_reset(&b);
  char z[200];
  dispute_addr_flag_text(DISPUTE_ADDR_UNVERIFIED|DISPUTE_ADDR_NO_POSTCODE, z, sizeof z);
  CHECK_STR(z, "unverified; no postcode");
  dispute_addr_flag_text(0, z, sizeof z);
  CHECK_STR(z, "");
}

/* A dispute with the trust and the lead employer at Royal Bolton. */
static Db *register_fixture(const char *zName, Dispute *pD){
  Db *db = fixture(zName);
  ImportOpts o = {0};
  ImportResult r = {0};
  if( register_import_members(db, "addr.csv", zAddresses, strlen(zAddresses), &o, &r) ){
    test_fail(__FILE__, __LINE__, "addresses: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  create(db, "ROTA", "Bolton NHS Foundation Trust", "RBH", 0, 0, 0, 0);
  char *zErr = 0;
  CHECK_INT(dispute_add_employer(db, "ROTA", "North West Lead Employer Trust", &zErr), 0);
  free(zErr);
  CHECK_INT(dispute_load(db, "ROTA", pD), 0);
  return db;
}

TEST(dispute_scrutineer_register_refuses_workplace_addresses){
  Dispute d;
  Db *db = register_fixture("register.db", &d);
  DisputeRegister R;
  CHECK_INT(dispute_scrutineer_register(db, &d, 0, &R), 0);
  CHECK_INT(R.nEntitled, 4);              /* N1, D1, D2, F1: not C1, C2 (secondary), X1, S1, N2 */
  CHECK_INT(R.nWorkplace, 1);             /* D1 */
  CHECK_INT(R.nUnverified, 1);            /* D2 */
  CHECK_INT(R.nWritten, 2);               /* N1, F1 */
  CHECK_CONTAINS(buf_str(&R.csv), "membership_number,first_name,last_name,address_line1,"
                 "address_line2,town,postcode,workplace,category\r\n");
  CHECK_CONTAINS(buf_str(&R.csv), "N1,Nina,Nurse,1 Home Street,,Bolton,BL1 1AA,RBH,nurse\r\n");
  CHECK_CONTAINS(buf_str(&R.csv), "F1,\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"y\"\")\",'@Sum,'-3 Odd Row,");
  CHECK(strstr(buf_str(&R.csv), "D1,")==0);
  CHECK(strstr(buf_str(&R.csv), "D2,")==0);
  CHECK(strstr(buf_str(&R.csv), "address_flag")==0);
  CHECK_CONTAINS(buf_str(&R.leftOut), "D1: refused: the address on record is a workplace");
  CHECK_CONTAINS(buf_str(&R.leftOut), "D2: left out (address: unverified)");
  dispute_register_clear(&R);

  CHECK_INT(dispute_scrutineer_register(db, &d, 1, &R), 0);
  CHECK_INT(R.nWritten, 3);
  CHECK_INT(R.nUnverified, 1);
  CHECK_CONTAINS(buf_str(&R.csv), ",category,address_flag\r\n");
  CHECK_CONTAINS(buf_str(&R.csv), "D2,Dana,Doctor,2 Home Street,,Bolton,BL1 1AB,RBH,Resident Doctor,unverified\r\n");
  CHECK_CONTAINS(buf_str(&R.csv), "N1,Nina,Nurse,1 Home Street,,Bolton,BL1 1AA,RBH,nurse,\r\n");
  CHECK(strstr(buf_str(&R.csv), "D1,")==0);
  CHECK(strstr(buf_str(&R.leftOut), "D2")==0);
  dispute_register_clear(&R);
  dispute_clear(&d);
  db_close(db);
}

TEST(dispute_ballot_notice_counts_by_category_and_workplace){
  Dispute d;
  Db *db = register_fixture("notice.db", &d);
  LawSet *pLaw = law_get();
  DisputeNotice N;
  char *zErr = 0;
  CHECK_INT(dispute_ballot_notice(db, pLaw, &d, "2026-12-07", 0, "2026-11-23", &N, &zErr), 0);
  CHECK_STR(zErr, 0);
  CHECK_STR(N.zReceivedBy, "2026-11-30");
  CHECK(N.fromRegime);
  CHECK_CONTAINS(N.zSection, "s226A");
  CHECK_INT(N.nEmployer, 2);
  CHECK_STR(N.aEmployer[0].zEmployer, "Bolton NHS Foundation Trust");
  CHECK_INT(N.aEmployer[0].nTotal, 2);      /* N1, F1: N2 is lapsed */
  CHECK_STR(N.aEmployer[1].zEmployer, "North West Lead Employer Trust");
  CHECK_INT(N.aEmployer[1].nTotal, 2);      /* D1, D2: S1 is out of scope */
  const char *h = buf_str(&N.html);
  CHECK_CONTAINS(h, "<tr><th>To</th><td>Bolton NHS Foundation Trust</td></tr>");
  CHECK_CONTAINS(h, "Total number of employees concerned: 2</p>");
  CHECK_CONTAINS(h, "<tr><td>nurse</td><td class=\"n\">2</td></tr>");
  /* "resident doctor" and "Resident Doctor" are one category */
  CHECK(strstr(h, ">resident doctor</td><td class=\"n\">2</td>")
        || strstr(h, ">Resident Doctor</td><td class=\"n\">2</td>"));
  CHECK(strstr(h, ">Resident Doctor</td><td class=\"n\">1<")==0);
  CHECK_CONTAINS(h, "<tr><td>Royal Bolton Hospital (RBH)</td><td class=\"n\">2</td></tr>");
  CHECK_CONTAINS(h, "Monday 30 November 2026 (2026-11-30)");
  CHECK_CONTAINS(h, "Monday 7 December 2026 (2026-12-07)");
  CHECK_CONTAINS(h, "break-after:page");
  CHECK_CONTAINS(h, "<section class=\"notice page-break\">");
  CHECK_CONTAINS(h, "whose employer on record is North West Lead Employer Trust");
  CHECK_CONTAINS(h, "Royal Bolton Hospital (RBH), or a workplace within it");
  CHECK_CONTAINS(h, "not legal advice");
  CHECK_INT(N.nWarn, 0);
  dispute_notice_clear(&N);

  /* a notice too late to give is drafted, with a warning */
  CHECK_INT(dispute_ballot_notice(db, pLaw, &d, "2026-11-25", "2026-12-09", "2026-11-23", &N, &zErr), 0);
  CHECK_STR(N.zReceivedBy, "2026-11-18");
  CHECK(N.nWarn>0 && strstr(N.azWarn[N.nWarn-1], "window too short"));
  CHECK_CONTAINS(buf_str(&N.html), "The ballot is expected to close on:</strong> Wednesday 9 December 2026");
  dispute_notice_clear(&N);

  /* bad dates; a party with no one in scope gets no notice */
  CHECK_INT(dispute_ballot_notice(db, pLaw, &d, "2026-12-07", "2026-12-01", "2026-11-23", &N, &zErr), -1);
  CHECK_CONTAINS(zErr, "closes");
  free(zErr);
  dispute_clear(&d);
  create(db, "SAL", "Bolton NHS Foundation Trust", "SRH", 0, 0, 0, 0);
  CHECK_INT(dispute_load(db, "SAL", &d), 0);
  CHECK_INT(dispute_ballot_notice(db, pLaw, &d, "2026-12-07", 0, "2026-11-23", &N, &zErr), 1);
  CHECK_CONTAINS(zErr, "no employer party to dispute SAL employs an active member");
  free(zErr);
  DisputeRegister R;
  CHECK_INT(dispute_scrutineer_register(db, &d, 0, &R), 0);
  CHECK_INT(R.nEntitled, 0);
  dispute_register_clear(&R);
  dispute_clear(&d);
  law_free(pLaw);
  db_close(db);
}

/* Every value in the notice is HTML-escaped. */
TEST(dispute_ballot_notice_escapes_html){
  Db *db = fixture("escape.db");
  const char *azEmp[1] = { "Bolton NHS Foundation Trust" }, *azUnit[1] = { "RBH" };
  DisputeSpec spec = { .zCode = "ESC", .zTitle = "Pay & \"conditions\" <b>now</b>",
    .zIssue = "<script>alert(1)</script>", .zRegime = "gb-tulrca-2016",
    .zCreatedOn = "2026-11-23", .nEmployer = 1, .azEmployer = azEmp, .nUnit = 1, .azUnit = azUnit };
  char *zErr = 0;
  LawSet *pLaw = law_get();
  CHECK_INT(dispute_create(db, pLaw, &spec, &zErr), 0);
  free(zErr);
  zErr = 0;
  Dispute d;
  CHECK_INT(dispute_load(db, "ESC", &d), 0);
  DisputeNotice N;
  CHECK_INT(dispute_ballot_notice(db, pLaw, &d, "2026-12-07", 0, "2026-11-23", &N, &zErr), 0);
  const char *h = buf_str(&N.html);
  CHECK_CONTAINS(h, "Pay &amp; &quot;conditions&quot; &lt;b&gt;now&lt;/b&gt;");
  CHECK_CONTAINS(h, "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(strstr(h, "<script>")==0 && strstr(h, "<b>")==0);
  CHECK(strstr(h, "page-break\"")==0);     /* one notice: no break */
  dispute_notice_clear(&N);
  dispute_clear(&d);
  law_free(pLaw);
  db_close(db);
}
