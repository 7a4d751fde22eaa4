/* test_register.c: the register's store, import, readiness, export and
** erasure, against real SQLite database files. */
#include "test.h"
#include "../../src/domain/readiness.h"
#include "../../src/domain/register.h"
#include "../../src/store/db.h"
#include "../../src/util/mem.h"
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int db_test_create_at_version(const char *zPath, int version);

static const char zUnits[] =
  "code,name,kind,parent_code,sector\n"
  "U,Test Union,union,,\n"
  "G1,Civil Service,group,U,\n"
  "B1,North Branch,branch,G1,\n"
  "B2,South Branch,branch,G1,\n"
  "W1,Leeds Jobcentre,workplace,B1,other\n"
  "W2,York Tax Office,workplace,B1,other\n"
  "W3,Hull Border Post,workplace,B2,border security\n";

static const char zMembersHeader[] =
  "membership_number,first_name,last_name,status,employer,workplace_code,category,"
  "employment_type,email,email_verified_on,mobile,mobile_verified_on,address_line1,"
  "address_line2,town,postcode,address_kind,address_verified_on,joined_on\n";

/* A fresh database path in the test directory. */
static char *fresh_path(const char *zName){
  char *z = xmalloc(400);
  snprintf(z, 400, "%s/%s", test_tmpdir(), zName);
  unlink(z);
  return z;
}

/* A new database with the units above; caller closes. */
static Db *fixture(const char *zName){
  char *zPath = fresh_path(zName), *zErr = 0;
  Db *db = 0;
  if( db_open(zPath, DB_OPEN_CREATE, &db, &zErr) ){
    test_fail(__FILE__, __LINE__, "open: %s", zErr);
    free(zErr); free(zPath);
    return 0;
  }
  ImportOpts o = {0};
  ImportResult r = {0};
  if( register_import_units(db, "units.csv", zUnits, strlen(zUnits), &o, &r) ){
    test_fail(__FILE__, __LINE__, "units: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  free(zPath);
  return db;
}

static int import_members(Db *db, const char *zCsv, ImportResult *r){
  ImportOpts o = {0};
  memset(r, 0, sizeof(*r));
  return register_import_members(db, "members.csv", zCsv, strlen(zCsv), &o, r);
}

TEST(database_file_is_private_0600){
  char *zPath = fresh_path("private.db"), *zErr = 0;
  Db *db = 0;
  CHECK_INT(db_open(zPath, DB_OPEN_CREATE, &db, &zErr), 0);
  struct stat st;
  CHECK_INT(stat(zPath, &st), 0);
  CHECK_INT(st.st_mode & 0777, 0600);
  char zWal[450];
  snprintf(zWal, sizeof zWal, "%s-wal", zPath);
  if( stat(zWal, &st)==0 ) CHECK_INT(st.st_mode & 0077, 0);
  db_close(db);
  /* creating over an existing file is refused */
  CHECK_INT(db_open(zPath, DB_OPEN_CREATE, &db, &zErr), -1);
  CHECK(zErr && strstr(zErr, "exists"));
  free(zErr);
  free(zPath);
}

TEST(migrations_are_in_order_one_per_version){
  /* The runner applies every migration above the database's version in
  ** array order; a repeated or falling version would skip or reapply one. */
  CHECK(nMigration>=1);
  CHECK_INT(aMigration[0].version, 1);
  for(int i=1; i<nMigration; i++) CHECK(aMigration[i].version > aMigration[i-1].version);
  CHECK_INT(DB_SCHEMA_VERSION, aMigration[nMigration-1].version);
}

TEST(older_schema_is_migrated_with_a_backup){
  char *zPath = fresh_path("old.db"), *zErr = 0;
  CHECK_INT(db_test_create_at_version(zPath, 1), 0);
  Db *db = 0;
  CHECK_INT(db_open(zPath, 0, &db, &zErr), 0);
  if( db==0 ){ free(zPath); return; }
  CHECK_INT(db_schema_version(db), DB_SCHEMA_VERSION);
  CHECK(db_backup_path(db)!=0);
  struct stat st;
  if( db_backup_path(db) ){
    CHECK_INT(stat(db_backup_path(db), &st), 0);
    CHECK_INT(st.st_mode & 0777, 0600);
  }
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM unit_stats", 0), 0);
  db_close(db);
  free(zPath);
}

TEST(newer_schema_is_refused){
  char *zPath = fresh_path("new.db"), *zErr = 0;
  CHECK_INT(db_test_create_at_version(zPath, 1), 0);
  char zCmd[600];
  snprintf(zCmd, sizeof zCmd, "sqlite3 '%s' \"UPDATE meta SET value='99'\"", zPath);
  CHECK_INT(system(zCmd), 0);
  Db *db = 0;
  CHECK_INT(db_open(zPath, 0, &db, &zErr), -1);
  CHECK_CONTAINS(zErr, "newer than this mandate");
  free(zErr);
  free(zPath);
}

TEST(units_import_builds_the_tree){
  Db *db = fixture("tree.db");
  if( !db ) return;
  Unit u, b1, w1, w3;
  CHECK_INT(register_unit_by_code(db, "U", &u), 0);
  CHECK_INT(register_unit_by_code(db, "B1", &b1), 0);
  CHECK_INT(register_unit_by_code(db, "W1", &w1), 0);
  CHECK_INT(register_unit_by_code(db, "W3", &w3), 0);
  CHECK_INT(u.depth, 0);
  CHECK_INT(w1.depth, 3);
  CHECK(unit_in_scope(&u, &w3));
  CHECK(unit_in_scope(&b1, &w1));
  CHECK(!unit_in_scope(&b1, &w3));
  CHECK_STR(w3.zSector, "border_security");
  CHECK_INT(register_unit_by_code(db, "NOPE", &u), 1);
  db_close(db);
}

TEST(bad_units_file_names_line_and_column_and_writes_nothing){
  Db *db = fixture("badunits.db");
  if( !db ) return;
  const char *zBad =
    "code,name,kind,parent_code,sector\n"
    "W9,New Office,workplace,B1,other\n"
    "W10,Nowhere,workplace,XX,other\n"
    "W11,Odd,shed,B1,\n"
    "B3,Branch With Sector,branch,G1,health\n";
  ImportOpts o = {0};
  ImportResult r = {0};
  CHECK_INT(register_import_units(db, "more.csv", zBad, strlen(zBad), &o, &r), -1);
  const char *zErr = buf_str(&r.errors);
  CHECK_CONTAINS(zErr, "more.csv:3:4 (parent_code): expected an existing unit code");
  CHECK_CONTAINS(zErr, "more.csv:4:3 (kind): expected union, group, branch or workplace");
  CHECK_CONTAINS(zErr, "more.csv:5:5 (sector): only a workplace has a sector");
  CHECK_INT(r.nError, 3);
  Unit u;
  CHECK_INT(register_unit_by_code(db, "W9", &u), 1);   /* the good row was not written */
  import_result_clear(&r);
  db_close(db);
}

TEST(members_import_normalises_contact_data){
  Db *db = fixture("members.db");
  if( !db ) return;
  /* BOM, CRLF, quoted comma, columns in another order and case, an unknown column */
  const char *zCsv =
    "\xEF\xBB\xBF" "Membership_Number,LAST_NAME,first_name,workplace_code,email,mobile,postcode,"
    "address_kind,address_verified_on,status,shoe_size\r\n"
    "M0000001,\"O'Brien, Jr\",Siobhan,W1, Siobhan@Example.ORG ,07700 900123,ls1 4ap,home,06/03/2024,active,7\r\n"
    "M0000002,Khan,Amir,W2,,+44 (0)7700-900456,YO1 7HH,workplace,,Active,9\r\n";
  ImportResult r;
  CHECK_INT(import_members(db, zCsv, &r), 0);
  CHECK_INT(r.nInserted, 2);
  CHECK_CONTAINS(buf_str(&r.warnings), "unknown column 'shoe_size'");
  import_result_clear(&r);
  Member m;
  CHECK_INT(register_member_by_number(db, "M0000001", &m), 0);
  CHECK_STR(m.zLastName, "O'Brien, Jr");
  CHECK_STR(m.zEmail, "Siobhan@example.org");
  CHECK_STR(m.zMobile, "+447700900123");
  CHECK_STR(m.zPostcode, "LS1 4AP");
  CHECK_STR(m.zAddressVerifiedOn, "2024-03-06");
  CHECK_INT(register_member_by_number(db, "M0000002", &m), 0);
  CHECK_STR(m.zMobile, "+447700900456");
  CHECK_STR(m.zStatus, "active");
  CHECK_STR(m.zAddressKind, "workplace");
  db_close(db);
}

TEST(bad_member_rows_are_all_reported_and_nothing_is_written){
  Db *db = fixture("badmembers.db");
  if( !db ) return;
  Buf csv = BUF_INIT;
  buf_puts(&csv, zMembersHeader);
  buf_puts(&csv, "M0000001,Ann,Lee,active,DWP,W1,EO,employed,ann@example.org,,,,,,,,home,,2020-01-01\n");
  buf_puts(&csv, "M0000002,Bob,Ray,active,DWP,W1,EO,employed,not-an-email,,,,,,,,home,,2020-01-01\n");
  buf_puts(&csv, "M0000003,Cy,Dee,active,DWP,B1,EO,employed,,,020 7946 0000,,,,,,home,,2020-02-30\n");
  buf_puts(&csv, "M0000001,Dup,Row,active,DWP,W2,EO,employed,,,,,,,,,home,,\n");
  buf_puts(&csv, "M0000005,Too,Few,active\n");
  ImportResult r;
  CHECK_INT(import_members(db, buf_str(&csv), &r), -1);
  const char *zErr = buf_str(&r.errors);
  CHECK_CONTAINS(zErr, "members.csv:3:9 (email): expected an email address");
  CHECK_CONTAINS(zErr, "members.csv:4:6 (workplace_code): expected a workplace, but B1 is a branch");
  CHECK_CONTAINS(zErr, "members.csv:4:11 (mobile): expected a UK mobile");
  CHECK_CONTAINS(zErr, "members.csv:4:19 (joined_on)");
  CHECK_CONTAINS(zErr, "members.csv:5:1 (membership_number): member M0000001 already appears on line 2");
  CHECK_CONTAINS(zErr, "members.csv:6: expected 19 fields");
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM members", 0), 0);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM employers", 0), 0);
  import_result_clear(&r);
  buf_reset(&csv);
  db_close(db);
}

TEST(error_list_stops_at_the_limit_with_a_count){
  Db *db = fixture("manyerrors.db");
  if( !db ) return;
  Buf csv = BUF_INIT;
  buf_puts(&csv, "membership_number,first_name,last_name,workplace_code\n");
  for(int i=0; i<120; i++) buf_printf(&csv, "M%07d,A,B,NOWHERE\n", i+1);
  ImportResult r;
  CHECK_INT(import_members(db, buf_str(&csv), &r), -1);
  CHECK_INT(r.nError, 120);
  CHECK_CONTAINS(buf_str(&r.errors), "and 70 more problems");
  import_result_clear(&r);
  buf_reset(&csv);
  db_close(db);
}

TEST(reimport_updates_by_number_and_keeps_columns_not_in_the_file){
  Db *db = fixture("reimport.db");
  if( !db ) return;
  ImportResult r;
  Buf csv = BUF_INIT;
  buf_puts(&csv, zMembersHeader);
  buf_puts(&csv, "M0000001,Ann,Lee,active,DWP,W1,EO,employed,ann@example.org,2024-01-02,07700900001,,1 High St,,Leeds,LS1 1AA,home,2024-01-02,2020-01-01\n");
  CHECK_INT(import_members(db, buf_str(&csv), &r), 0);
  import_result_clear(&r);
  const char *zUpdate = "membership_number,first_name,last_name,workplace_code,mobile\n"
                        "M0000001,Ann,Lee-Smith,W2,07700 900999\n";
  CHECK_INT(import_members(db, zUpdate, &r), 0);
  CHECK_INT(r.nUpdated, 1);
  CHECK_INT(r.nInserted, 0);
  import_result_clear(&r);
  Member m;
  CHECK_INT(register_member_by_number(db, "M0000001", &m), 0);
  CHECK_STR(m.zLastName, "Lee-Smith");
  CHECK_STR(m.zUnitCode, "W2");
  CHECK_STR(m.zMobile, "+447700900999");
  CHECK_STR(m.zEmail, "ann@example.org");   /* not in the second file: kept */
  CHECK_STR(m.zTown, "Leeds");
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM members", 0), 1);
  buf_reset(&csv);
  db_close(db);
}

TEST(dry_run_checks_but_writes_nothing){
  Db *db = fixture("dryrun.db");
  if( !db ) return;
  const char *zCsv = "membership_number,first_name,last_name,workplace_code\nM0000001,A,B,W1\n";
  ImportOpts o = {0};
  ImportResult r = {0};
  o.dryRun = 1;
  CHECK_INT(register_import_members(db, "m.csv", zCsv, strlen(zCsv), &o, &r), 0);
  CHECK_INT(r.nInserted, 1);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM members", 0), 0);
  import_result_clear(&r);
  db_close(db);
}

/* Ten members in W1 with known data, two in W3, for readiness. */
static Db *readiness_fixture(const char *zName){
  Db *db = fixture(zName);
  if( !db ) return 0;
  Buf csv = BUF_INIT;
  buf_puts(&csv, zMembersHeader);
  for(int i=1; i<=10; i++){
    /* 1-4: verified home; 5-6: workplace address; 7: home unverified;
    ** 1-8 email; 1-5 mobile; 10 lapsed */
    const char *zKind = i<=4 || i==7 ? "home" : i<=6 ? "workplace" : "unknown";
    const char *zVer = i<=4 ? "2024-01-01" : "";
    buf_printf(&csv, "M%07d,F%d,L%d,%s,DWP,W1,EO,employed,%s,,%s,,,,,,%s,%s,2020-01-01\n",
               i, i, i, i==10 ? "lapsed" : "active",
               i<=8 ? "x@example.org" : "", i<=5 ? "07700900000" : "", zKind, zVer);
  }
  buf_puts(&csv, "M0000011,A,B,active,HO,W3,AO,employed,,,,,,,,,home,2024-01-01,2020-01-01\n");
  buf_puts(&csv, "M0000012,C,D,active,HO,W3,AO,employed,,,,,,,,,unknown,,2020-01-01\n");
  ImportResult r;
  if( import_members(db, buf_str(&csv), &r) ) test_fail(__FILE__, __LINE__, "%s", buf_str(&r.errors));
  import_result_clear(&r);
  buf_reset(&csv);
  return db;
}

static const ReadinessRow *row_for(const Readiness *p, const char *zCode){
  for(int i=0; i<p->n; i++) if( strcmp(p->a[i].unit.zCode, zCode)==0 ) return &p->a[i];
  return 0;
}

TEST(readiness_rolls_up_and_a_workplace_address_does_not_count){
  Db *db = readiness_fixture("ready.db");
  if( !db ) return;
  char *zErr = 0;
  CHECK_INT(register_add_position(db, "M0000001", "rep", "W1", "2023-01-01", &zErr), 0);
  CHECK_INT(register_add_conversation(db, "M0000002", "M0000001", "2026-11-01", 2, "pay", "", &zErr), 0);
  CHECK_INT(register_add_conversation(db, "M0000003", "M0000001", "2026-01-01", 3, "pay", "", &zErr), 0);
  Unit u;
  register_unit_by_code(db, "U", &u);
  Readiness r;
  CHECK_INT(readiness_compute(db, &u, "2026-11-23", &r), 0);
  CHECK_INT(r.n, 7);
  const ReadinessRow *w1 = row_for(&r, "W1"), *b1 = row_for(&r, "B1"), *top = row_for(&r, "U");
  const ReadinessRow *b2 = row_for(&r, "B2");
  CHECK(w1 && b1 && top && b2);
  if( w1 && b1 && top && b2 ){
    CHECK_INT(w1->members, 10);
    CHECK_INT(w1->active, 9);
    CHECK_INT(w1->homeVerified, 4);         /* 5 and 6 are workplace, 7 unverified */
    CHECK(w1->homePct==44.4);               /* 4 of 9 active */
    CHECK(w1->emailPct==88.9);              /* 8 of 9 */
    CHECK(w1->mobilePct==55.6);             /* 5 of 9 */
    CHECK_INT(w1->workplaceAddress, 2);
    CHECK_INT(w1->reps, 1);
    CHECK(w1->membersPerRep==9.0);
    CHECK_INT(w1->assessed, 1);             /* the January conversation is too old */
    CHECK_INT(b1->members, 10);
    CHECK_INT(b2->reps, 0);
    CHECK_INT(top->members, 12);
    CHECK_INT(top->active, 11);
    CHECK_INT(top->homeVerified, 5);
    CHECK(top->homePct==45.5);
    CHECK(top->score>0 && top->score<=100);
  }
  readiness_clear(&r);
  /* scoped to a branch, only its subtree */
  register_unit_by_code(db, "B2", &u);
  CHECK_INT(readiness_compute(db, &u, "2026-11-23", &r), 0);
  CHECK_INT(r.n, 2);
  CHECK(row_for(&r, "W1")==0);
  readiness_clear(&r);
  db_close(db);
}

TEST(export_holds_everything_and_erase_removes_it){
  Db *db = readiness_fixture("sar.db");
  if( !db ) return;
  char *zErr = 0, *zJson = 0;
  CHECK_INT(register_add_position(db, "M0000001", "rep", "W1", "2023-01-01", &zErr), 0);
  CHECK_INT(register_add_conversation(db, "M0000002", "M0000001", "2026-11-01", 2,
                                      "workload", "wants a meeting", &zErr), 0);
  CHECK_INT(register_member_export(db, "M0000002", &zJson), 0);
  CHECK_CONTAINS(zJson, "\"membership_number\": \"M0000002\"");
  CHECK_CONTAINS(zJson, "wants a meeting");
  free(zJson);
  CHECK_INT(register_member_export(db, "M0000001", &zJson), 0);
  CHECK_CONTAINS(zJson, "\"position\": \"rep\"");
  CHECK_CONTAINS(zJson, "2026-11-01");           /* a conversation they held */
  free(zJson);
  CHECK_INT(register_member_export(db, "M9999999", &zJson), 1);

  CHECK_INT(register_member_erase(db, "M0000002"), 0);
  CHECK_INT(register_member_by_number(db, "M0000002", &(Member){0}), 1);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM conversations", 0), 0);
  CHECK_INT(register_member_erase(db, "M0000001"), 0);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM positions", 0), 0);
  Unit u;
  register_unit_by_code(db, "W1", &u);
  Readiness r;
  CHECK_INT(readiness_compute(db, &u, "2026-11-23", &r), 0);
  CHECK_INT(r.a[0].members, 8);
  CHECK_INT(r.a[0].reps, 0);
  readiness_clear(&r);
  CHECK_INT(register_member_erase(db, "M0000002"), 1);
  db_close(db);
}

TEST(members_list_is_limited_to_the_scope){
  Db *db = readiness_fixture("list.db");
  if( !db ) return;
  Unit b2, u;
  register_unit_by_code(db, "B2", &b2);
  register_unit_by_code(db, "U", &u);
  MemberList l;
  CHECK_INT(register_members_list(db, &b2, 0, 0, 50, &l), 0);
  CHECK_INT(l.nTotal, 2);
  for(int i=0; i<l.n; i++) CHECK_STR(l.a[i].zUnitCode, "W3");
  member_list_clear(&l);
  CHECK_INT(register_members_list(db, &u, "l1", 0, 50, &l), 0);   /* L1 and L10 */
  CHECK_INT(l.nTotal, 2);
  member_list_clear(&l);
  CHECK_INT(register_members_list(db, &b2, "M0000001", 0, 50, &l), 0);
  CHECK_INT(l.nTotal, 0);                       /* exists, but not in B2 */
  member_list_clear(&l);
  CHECK_INT(register_members_list(db, &u, 0, 10, 5, &l), 0);
  CHECK_INT(l.n, 2);
  CHECK_INT(l.nTotal, 12);
  member_list_clear(&l);
  db_close(db);
}
