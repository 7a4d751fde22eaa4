/* test_users.c: officer accounts, Argon2id passwords, login sessions and
** their CSRF tokens, against real SQLite database files. */
#include "test.h"
#include "../../src/domain/register.h"
#include "../../src/domain/users.h"
#include "../../src/store/db.h"
#include "../../src/util/buf.h"
#include "../../src/util/mem.h"
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static const char zUserUnits[] =
  "code,name,kind,parent_code,sector\n"
  "U,Test Union,union,,\n"
  "G1,Civil Service,group,U,\n"
  "B1,North Branch,branch,G1,\n"
  "W1,Leeds Jobcentre,workplace,B1,other\n";

static const char zUserMembers[] =
  "membership_number,first_name,last_name,status,employer,workplace_code,category,"
  "employment_type,email,email_verified_on,mobile,mobile_verified_on,address_line1,"
  "address_line2,town,postcode,address_kind,address_verified_on,joined_on\n"
  "M0000001,Ann,Lee,active,DWP,W1,EO,employed,ann@example.org,,,,,,,,home,,2020-01-01\n";

#define GOOD_PW "correct horse battery"

/* A new database holding the units and the one member above; caller closes. */
static Db *users_fixture(const char *zName){
  char zPath[400];
  char *zErr = 0;
  Db *db = 0;
  snprintf(zPath, sizeof zPath, "%s/%s", test_tmpdir(), zName);
  unlink(zPath);
  if( db_open(zPath, DB_OPEN_CREATE, &db, &zErr) ){
    test_fail(__FILE__, __LINE__, "open: %s", zErr ? zErr : "?");
    free(zErr);
    return 0;
  }
  ImportOpts o = {0};
  ImportResult r = {0};
  if( register_import_units(db, "units.csv", zUserUnits, strlen(zUserUnits), &o, &r) ){
    test_fail(__FILE__, __LINE__, "units: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  memset(&r, 0, sizeof r);
  if( register_import_members(db, "members.csv", zUserMembers, strlen(zUserMembers), &o, &r) ){
    test_fail(__FILE__, __LINE__, "members: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  return db;
}

/* users_add expecting a refusal whose message contains zWant. */
static void expect_refused(Db *db, int line, const char *zUser, const char *zPw,
                           const char *zRole, const char *zUnit,
                           const char *zMember, const char *zWant){
  char *zErr = 0;
  int rc = users_add(db, zUser, zPw, zRole, zUnit, zMember, &zErr);
  if( rc!=-1 ){
    test_fail(__FILE__, line, "users_add(%s) returned %d, expected -1", zUser, rc);
  }else if( zErr==0 || strstr(zErr, zWant)==0 ){
    test_fail(__FILE__, line, "users_add(%s) said \"%s\", expected it to say \"%s\"",
              zUser, zErr ? zErr : "(null)", zWant);
  }
  free(zErr);
}

/* The number of rows in the users table (-1 on error). */
static int64_t user_count(Db *db){
  return db_query_int(db, "SELECT count(*) FROM users", 0);
}

/* users_add expecting success. */
static int add_ok(Db *db, const char *zUser, const char *zRole, const char *zUnit,
                  const char *zMember){
  char *zErr = 0;
  int rc = users_add(db, zUser, GOOD_PW, zRole, zUnit, zMember, &zErr);
  if( rc ) test_fail(__FILE__, __LINE__, "users_add(%s): %s", zUser, zErr ? zErr : "?");
  free(zErr);
  return rc;
}

/* True when z is exactly 64 lower-case hex digits. */
static int is_hex64(const char *z){
  if( strlen(z)!=64 ) return 0;
  for(int i=0; i<64; i++){
    if( !((z[i]>='0' && z[i]<='9') || (z[i]>='a' && z[i]<='f')) ) return 0;
  }
  return 1;
}

TEST(users_each_role_is_added_with_a_scope_of_the_right_kind){
  Db *db = users_fixture("users_roles.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "nat.officer", ROLE_NATIONAL_OFFICER, "U", 0), 0);
  CHECK_INT(add_ok(db, "branch.sec", ROLE_BRANCH_SECRETARY, "B1", 0), 0);
  CHECK_INT(add_ok(db, "ann.rep", ROLE_REP, "W1", "M0000001"), 0);
  UserInfo *a = 0;
  int n = 0;
  CHECK_INT(users_list(db, &a, &n), 0);
  CHECK_INT(n, 3);
  if( a && n==3 ){
    /* ordered by username */
    CHECK_STR(a[0].zUsername, "ann.rep");
    CHECK_STR(a[0].zRole, "rep");
    CHECK_STR(a[0].zUnitCode, "W1");
    CHECK_STR(a[0].zUnitName, "Leeds Jobcentre");
    CHECK_STR(a[0].zMemberNumber, "M0000001");
    CHECK_STR(a[1].zUsername, "branch.sec");
    CHECK_STR(a[1].zUnitCode, "B1");
    CHECK_STR(a[1].zMemberNumber, "");
    CHECK_STR(a[2].zUsername, "nat.officer");
    CHECK_STR(a[2].zUnitCode, "U");
    CHECK_INT(strlen(a[2].zCreatedAt), 20);        /* 2024-03-06T12:00:00Z */
    CHECK(a[2].zCreatedAt[10]=='T' && a[2].zCreatedAt[19]=='Z');
  }
  free(a);
  db_close(db);
}

TEST(users_wrong_scope_kind_unknown_unit_role_or_member_are_refused){
  Db *db = users_fixture("users_refused.db");
  if( !db ) return;
  /* a branch secretary must be scoped to a branch, not a workplace or the union */
  expect_refused(db, __LINE__, "bs1", GOOD_PW, ROLE_BRANCH_SECRETARY, "W1", 0,
                 "a branch_secretary's unit must be a branch; 'W1' is a workplace");
  expect_refused(db, __LINE__, "bs2", GOOD_PW, ROLE_BRANCH_SECRETARY, "U", 0,
                 "'U' is a union");
  /* a rep must be scoped to a workplace */
  expect_refused(db, __LINE__, "rep1", GOOD_PW, ROLE_REP, "B1", 0,
                 "a rep's unit must be a workplace; 'B1' is a branch");
  expect_refused(db, __LINE__, "rep2", GOOD_PW, ROLE_REP, "G1", 0, "'G1' is a group");
  /* unknown unit, missing unit */
  expect_refused(db, __LINE__, "nat1", GOOD_PW, ROLE_NATIONAL_OFFICER, "NOPE", 0,
                 "unknown unit 'NOPE'");
  expect_refused(db, __LINE__, "nat2", GOOD_PW, ROLE_NATIONAL_OFFICER, "", 0,
                 "a scope unit is needed");
  /* unknown role (including one that differs only in case) */
  expect_refused(db, __LINE__, "boss", GOOD_PW, "general_secretary", "U", 0,
                 "unknown role 'general_secretary'");
  expect_refused(db, __LINE__, "boss2", GOOD_PW, "REP", "W1", 0, "unknown role 'REP'");
  /* unknown member number */
  expect_refused(db, __LINE__, "rep3", GOOD_PW, ROLE_REP, "W1", "M9999999",
                 "unknown member number 'M9999999'");
  /* bad usernames */
  expect_refused(db, __LINE__, "", GOOD_PW, ROLE_REP, "W1", 0, "username must be");
  expect_refused(db, __LINE__, "ann lee", GOOD_PW, ROLE_REP, "W1", 0, "username must be");
  expect_refused(db, __LINE__, "<script>", GOOD_PW, ROLE_REP, "W1", 0, "username must be");
  CHECK_INT(user_count(db), 0);                 /* nothing was written */
  db_close(db);
}

TEST(users_duplicate_username_is_refused){
  Db *db = users_fixture("users_dup.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "ann.rep", ROLE_REP, "W1", 0), 0);
  expect_refused(db, __LINE__, "ann.rep", "another long password", ROLE_NATIONAL_OFFICER,
                 "U", 0, "username 'ann.rep' is already taken");
  CHECK_INT(user_count(db), 1);
  /* the original account keeps its password and role */
  User u;
  CHECK_INT(users_check_password(db, "ann.rep", GOOD_PW, &u), 0);
  CHECK_STR(u.zRole, ROLE_REP);
  db_close(db);
}

TEST(users_short_or_overlong_password_is_refused){
  Db *db = users_fixture("users_shortpw.db");
  if( !db ) return;
  expect_refused(db, __LINE__, "ann.rep", "123456789", ROLE_REP, "W1", 0,
                 "password must be at least 10 characters");
  expect_refused(db, __LINE__, "ann.rep", "", ROLE_REP, "W1", 0,
                 "password must be at least 10 characters");
  expect_refused(db, __LINE__, "ann.rep", 0, ROLE_REP, "W1", 0,
                 "password must be at least 10 characters");
  /* 9 characters of 2 bytes each is 18 bytes but still 9 characters */
  expect_refused(db, __LINE__, "ann.rep", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                 "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", ROLE_REP, "W1", 0,
                 "password must be at least 10 characters");
  char *zLong = xmalloc(USERS_MAX_PASSWORD+2);
  memset(zLong, 'x', USERS_MAX_PASSWORD+1);
  zLong[USERS_MAX_PASSWORD+1] = 0;
  expect_refused(db, __LINE__, "ann.rep", zLong, ROLE_REP, "W1", 0,
                 "password must be at most 1024 bytes");
  free(zLong);
  CHECK_INT(user_count(db), 0);
  /* exactly 10 characters is enough */
  char *zErr = 0;
  CHECK_INT(users_add(db, "ann.rep", "0123456789", ROLE_REP, "W1", 0, &zErr), 0);
  CHECK(zErr==0);
  free(zErr);
  db_close(db);
}

TEST(users_password_is_stored_as_argon2id_never_in_clear){
  Db *db = users_fixture("users_hash.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "ann.rep", ROLE_REP, "W1", 0), 0);
  DbStmt *s = db_prepare(db, "SELECT password_hash FROM users WHERE username='ann.rep'");
  CHECK_INT(db_step(s), DB_ROW);
  const char *zHash = db_col_text(s, 0);
  CHECK(zHash!=0);
  if( zHash ){
    CHECK(strncmp(zHash, "$argon2id$", 10)==0);
    CHECK(strstr(zHash, GOOD_PW)==0);
    CHECK(strstr(zHash, "horse")==0);
  }
  db_finalize(s);
  /* nowhere in the users table */
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM users WHERE"
                             " instr(username||password_hash||role||created_at, ?)>0",
                         GOOD_PW), 0);
  db_close(db);
}

TEST(users_right_password_logs_in_wrong_or_unknown_does_not){
  Db *db = users_fixture("users_login.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "ann.rep", ROLE_REP, "W1", "M0000001"), 0);
  Unit w1;
  CHECK_INT(register_unit_by_code(db, "W1", &w1), 0);
  User u;
  memset(&u, 0, sizeof u);
  CHECK_INT(users_check_password(db, "ann.rep", GOOD_PW, &u), 0);
  CHECK_STR(u.zUsername, "ann.rep");
  CHECK_STR(u.zRole, ROLE_REP);
  CHECK_INT(u.unitId, w1.id);
  CHECK(u.memberId!=0);
  CHECK_STR(u.zMemberNumber, "M0000001");
  User byId;
  CHECK_INT(users_by_id(db, u.id, &byId), 0);
  CHECK_STR(byId.zUsername, "ann.rep");
  CHECK_INT(users_by_id(db, u.id+1000, &byId), 1);

  User v;
  memset(&v, 0x55, sizeof v);
  CHECK_INT(users_check_password(db, "ann.rep", "correct horse battery!", &v), 1);
  CHECK_INT(v.id, 0);                     /* nothing of the account leaks out */
  CHECK_STR(v.zUsername, "");
  CHECK_INT(users_check_password(db, "ann.rep", "Correct horse battery", &v), 1);
  CHECK_INT(users_check_password(db, "ann.rep", "", &v), 1);
  CHECK_INT(users_check_password(db, "ann.rep", 0, &v), 1);
  CHECK_INT(users_check_password(db, "nobody", GOOD_PW, &v), 1);
  CHECK_INT(v.id, 0);
  CHECK_INT(users_check_password(db, "", GOOD_PW, &v), 1);
  CHECK_INT(users_check_password(db, 0, GOOD_PW, &v), 1);
  db_close(db);
}

TEST(users_changing_password_invalidates_old_password_and_sessions){
  Db *db = users_fixture("users_setpw.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "ann.rep", ROLE_REP, "W1", 0), 0);
  User u;
  CHECK_INT(users_check_password(db, "ann.rep", GOOD_PW, &u), 0);
  Session sess;
  CHECK_INT(users_session_create(db, u.id, &sess), 0);
  char *zErr = 0;
  CHECK_INT(users_set_password(db, "ann.rep", "new password 2024", &zErr), 0);
  CHECK(zErr==0);
  free(zErr);
  User v;
  CHECK_INT(users_check_password(db, "ann.rep", GOOD_PW, &v), 1);
  CHECK_INT(users_check_password(db, "ann.rep", "new password 2024", &v), 0);
  CHECK_INT(v.id, u.id);
  /* the session opened with the old password is gone */
  char zCsrf[SESSION_TOKEN_HEX];
  CHECK_INT(users_session_lookup(db, sess.zToken, &v, zCsrf), 1);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM sessions", 0), 0);
  /* the same rules as users_add, and an unknown user */
  zErr = 0;
  CHECK_INT(users_set_password(db, "ann.rep", "short", &zErr), -1);
  CHECK_CONTAINS(zErr, "at least 10 characters");
  free(zErr);
  zErr = 0;
  CHECK_INT(users_set_password(db, "nobody", "long enough password", &zErr), -1);
  CHECK_CONTAINS(zErr, "no user 'nobody'");
  free(zErr);
  CHECK_INT(users_check_password(db, "ann.rep", "new password 2024", &v), 0);
  db_close(db);
}

TEST(users_session_lookup_gives_the_same_user_and_scope){
  Db *db = users_fixture("users_session.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "branch.sec", ROLE_BRANCH_SECRETARY, "B1", "M0000001"), 0);
  User u;
  CHECK_INT(users_check_password(db, "branch.sec", GOOD_PW, &u), 0);
  Session sess;
  int64_t tBefore = (int64_t)time(0);
  CHECK_INT(users_session_create(db, u.id, &sess), 0);
  CHECK(is_hex64(sess.zToken));
  CHECK(is_hex64(sess.zCsrf));
  CHECK(strcmp(sess.zToken, sess.zCsrf)!=0);
  CHECK(sess.expiresAt>=tBefore+SESSION_LIFETIME);
  CHECK(sess.expiresAt<=(int64_t)time(0)+SESSION_LIFETIME);

  User v;
  char zCsrf[SESSION_TOKEN_HEX];
  CHECK_INT(users_session_lookup(db, sess.zToken, &v, zCsrf), 0);
  CHECK_INT(v.id, u.id);
  CHECK_STR(v.zUsername, "branch.sec");
  CHECK_STR(v.zRole, ROLE_BRANCH_SECRETARY);
  CHECK_INT(v.unitId, u.unitId);
  CHECK_STR(v.zMemberNumber, "M0000001");
  CHECK_STR(zCsrf, sess.zCsrf);
  Unit scope;
  CHECK_INT(register_unit_by_id(db, v.unitId, &scope), 0);
  CHECK_STR(scope.zCode, "B1");

  /* tokens that were never issued, or not of the issued shape, find nothing */
  char zOther[SESSION_TOKEN_HEX];
  memcpy(zOther, sess.zToken, sizeof zOther);
  zOther[0] = zOther[0]=='0' ? '1' : '0';
  CHECK_INT(users_session_lookup(db, zOther, &v, zCsrf), 1);
  char zUpper[SESSION_TOKEN_HEX];
  for(int i=0; i<SESSION_TOKEN_HEX; i++){
    char c = sess.zToken[i];
    zUpper[i] = (c>='a' && c<='f') ? (char)(c-'a'+'A') : c;
  }
  if( strcmp(zUpper, sess.zToken)!=0 ){
    CHECK_INT(users_session_lookup(db, zUpper, &v, zCsrf), 1);
  }
  CHECK_INT(users_session_lookup(db, "", &v, zCsrf), 1);
  CHECK_INT(users_session_lookup(db, 0, &v, zCsrf), 1);
  CHECK_INT(users_session_lookup(db, "' OR 1=1 --", &v, zCsrf), 1);
  /* the token's hash does not work as a token */
  DbStmt *s = db_prepare(db, "SELECT token_hash FROM sessions");
  CHECK_INT(db_step(s), DB_ROW);
  char zHashCol[SESSION_TOKEN_HEX] = "";
  if( db_col_text(s, 0) ) snprintf(zHashCol, sizeof zHashCol, "%s", db_col_text(s, 0));
  db_finalize(s);
  CHECK(is_hex64(zHashCol));
  CHECK_INT(users_session_lookup(db, zHashCol, &v, zCsrf), 1);
  /* still good after all that */
  CHECK_INT(users_session_lookup(db, sess.zToken, &v, zCsrf), 0);
  db_close(db);
}

TEST(users_database_stores_only_a_hash_of_the_session_token){
  Db *db = users_fixture("users_tokenhash.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "ann.rep", ROLE_REP, "W1", 0), 0);
  User u;
  CHECK_INT(users_check_password(db, "ann.rep", GOOD_PW, &u), 0);
  Session sess;
  CHECK_INT(users_session_create(db, u.id, &sess), 0);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM sessions", 0), 1);
  /* the token text appears in no column of the sessions table */
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM sessions WHERE"
                             " instr(token_hash||'|'||user_id||'|'||csrf_token||'|'||expires_at, ?)>0",
                         sess.zToken), 0);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM sessions WHERE token_hash=?",
                         sess.zToken), 0);
  /* nor does its first half (no partial storage either) */
  char zHalf[33];
  memcpy(zHalf, sess.zToken, 32);
  zHalf[32] = 0;
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM sessions WHERE"
                             " instr(token_hash||csrf_token, ?)>0", zHalf), 0);
  db_close(db);
}

TEST(users_logged_out_session_no_longer_works){
  Db *db = users_fixture("users_logout.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "ann.rep", ROLE_REP, "W1", 0), 0);
  User u, v;
  char zCsrf[SESSION_TOKEN_HEX];
  CHECK_INT(users_check_password(db, "ann.rep", GOOD_PW, &u), 0);
  Session a, b;
  CHECK_INT(users_session_create(db, u.id, &a), 0);
  CHECK_INT(users_session_create(db, u.id, &b), 0);
  CHECK_INT(users_session_delete(db, a.zToken), 0);
  CHECK_INT(users_session_lookup(db, a.zToken, &v, zCsrf), 1);
  /* logging out on one device leaves the other logged in */
  CHECK_INT(users_session_lookup(db, b.zToken, &v, zCsrf), 0);
  CHECK_STR(zCsrf, b.zCsrf);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM sessions", 0), 1);
  /* deleting again, or deleting nonsense, is fine */
  CHECK_INT(users_session_delete(db, a.zToken), 0);
  CHECK_INT(users_session_delete(db, "not-a-token"), 0);
  CHECK_INT(users_session_delete(db, 0), 0);
  CHECK_INT(users_session_lookup(db, b.zToken, &v, zCsrf), 0);
  db_close(db);
}

TEST(users_expired_session_is_refused_and_removed){
  Db *db = users_fixture("users_expired.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "ann.rep", ROLE_REP, "W1", 0), 0);
  User u, v;
  char zCsrf[SESSION_TOKEN_HEX];
  CHECK_INT(users_check_password(db, "ann.rep", GOOD_PW, &u), 0);
  Session sess;
  CHECK_INT(users_session_create(db, u.id, &sess), 0);
  CHECK_INT(users_session_lookup(db, sess.zToken, &v, zCsrf), 0);
  DbStmt *s = db_prepare(db, "UPDATE sessions SET expires_at=0");
  CHECK_INT(db_step(s), DB_DONE);
  db_finalize(s);
  memset(&v, 0x55, sizeof v);
  strcpy(zCsrf, "stale");
  CHECK_INT(users_session_lookup(db, sess.zToken, &v, zCsrf), 1);
  CHECK_INT(v.id, 0);
  CHECK_STR(zCsrf, "");
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM sessions", 0), 0);

  /* a session that expires this very second is already over */
  Session s2, s3;
  CHECK_INT(users_session_create(db, u.id, &s2), 0);
  s = db_prepare(db, "UPDATE sessions SET expires_at=?");
  db_bind_int(s, 1, (int64_t)time(0));
  CHECK_INT(db_step(s), DB_DONE);
  db_finalize(s);
  CHECK_INT(users_session_lookup(db, s2.zToken, &v, zCsrf), 1);

  /* expired sessions are swept at the next login */
  CHECK_INT(users_session_create(db, u.id, &s2), 0);
  s = db_prepare(db, "UPDATE sessions SET expires_at=1");
  CHECK_INT(db_step(s), DB_DONE);
  db_finalize(s);
  CHECK_INT(users_session_create(db, u.id, &s3), 0);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM sessions", 0), 1);
  CHECK_INT(users_session_lookup(db, s3.zToken, &v, zCsrf), 0);
  db_close(db);
}

TEST(users_each_session_has_its_own_csrf_token){
  Db *db = users_fixture("users_csrf.db");
  if( !db ) return;
  CHECK_INT(add_ok(db, "ann.rep", ROLE_REP, "W1", 0), 0);
  CHECK_INT(add_ok(db, "nat.officer", ROLE_NATIONAL_OFFICER, "U", 0), 0);
  User u1, u2, v;
  CHECK_INT(users_check_password(db, "ann.rep", GOOD_PW, &u1), 0);
  CHECK_INT(users_check_password(db, "nat.officer", GOOD_PW, &u2), 0);
  Session a, b, c;
  CHECK_INT(users_session_create(db, u1.id, &a), 0);
  CHECK_INT(users_session_create(db, u1.id, &b), 0);
  CHECK_INT(users_session_create(db, u2.id, &c), 0);
  CHECK(strcmp(a.zCsrf, b.zCsrf)!=0);
  CHECK(strcmp(a.zCsrf, c.zCsrf)!=0);
  CHECK(strcmp(b.zCsrf, c.zCsrf)!=0);
  CHECK(strcmp(a.zToken, b.zToken)!=0);
  CHECK(strcmp(a.zCsrf, a.zToken)!=0);
  char zA[SESSION_TOKEN_HEX], zB[SESSION_TOKEN_HEX], zC[SESSION_TOKEN_HEX];
  CHECK_INT(users_session_lookup(db, a.zToken, &v, zA), 0);
  CHECK_INT(v.id, u1.id);
  CHECK_INT(users_session_lookup(db, b.zToken, &v, zB), 0);
  CHECK_INT(v.id, u1.id);
  CHECK_INT(users_session_lookup(db, c.zToken, &v, zC), 0);
  CHECK_INT(v.id, u2.id);
  CHECK_STR(zA, a.zCsrf);
  CHECK_STR(zB, b.zCsrf);
  CHECK_STR(zC, c.zCsrf);
  /* a CSRF token is not a session token */
  CHECK_INT(users_session_lookup(db, a.zCsrf, &v, zA), 1);
  db_close(db);
}
