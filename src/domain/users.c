/* users.c: officer accounts, Argon2id password checking and login sessions.
** Passwords are hashed with libsodium's crypto_pwhash_str (Argon2id, the
** interactive limits); session tokens are stored only as BLAKE2b hashes. */
#include "users.h"
#include "register.h"
#include "../util/mem.h"
#include "../util/buf.h"
#include <sodium.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* libsodium must be initialised once before use; sodium_init() is safe to
** call again and from several threads. Failure means no usable RNG. */
static void users_sodium_init(void){
  if( sodium_init()<0 ){
    fputs("mandate: cannot initialise libsodium\n", stderr);
    abort();
  }
}

/* Usernames: 1..63 bytes of letters, digits and . _ - @ */
static int users_valid_name(const char *z){
  size_t n = strlen(z);
  if( n==0 || n>63 ) return 0;
  for(size_t i=0; i<n; i++){
    char c = z[i];
    if( !((c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9')
          || c=='.' || c=='_' || c=='-' || c=='@') ) return 0;
  }
  return 1;
}

/* Count characters (UTF-8 code points) so that "10 characters" means what a
** person typing the password thinks it means. */
static size_t users_utf8_len(const char *z){
  size_t n = 0;
  for(; *z; z++) if( ((unsigned char)*z & 0xC0)!=0x80 ) n++;
  return n;
}

/* Check a new password's length; 0 or -1 with *pzErr. */
static int users_check_new_password(const char *zPw, char **pzErr){
  if( zPw==0 || users_utf8_len(zPw)<USERS_MIN_PASSWORD ){
    return buf_error(pzErr, "password must be at least %d characters", USERS_MIN_PASSWORD);
  }
  if( strlen(zPw)>USERS_MAX_PASSWORD ){
    return buf_error(pzErr, "password must be at most %d bytes", USERS_MAX_PASSWORD);
  }
  return 0;
}

/* Hash zPw into zOut (crypto_pwhash_STRBYTES). 0, or -1 when Argon2id
** could not get its memory. */
static int users_hash(const char *zPw, char *zOut){
  users_sodium_init();
  return crypto_pwhash_str(zOut, zPw, strlen(zPw),
                           crypto_pwhash_OPSLIMIT_INTERACTIVE,
                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

/* Now as ISO 8601 UTC in zOut (at least 21 bytes). */
static void users_now_iso(char *zOut, size_t n){
  time_t now = time(0);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(zOut, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
** Add an account after checking every field; see users.h for the errors.
** The password is hashed with Argon2id before it touches the store.
*/
int users_add(Db *db, const char *zUsername, const char *zPassword,
              const char *zRole, const char *zUnitCode,
              const char *zMemberNumber, char **pzErr){
  Unit unit;
  Member mem;
  int64_t memberId = 0;
  char zHash[crypto_pwhash_STRBYTES];
  char zNow[32];
  int rc;

  if( pzErr ) *pzErr = 0;
  if( zUsername==0 || !users_valid_name(zUsername) ){
    return buf_error(pzErr, "username must be 1 to 63 letters, digits or . _ - @");
  }
  if( users_check_new_password(zPassword, pzErr) ) return -1;
  if( zRole==0 || (strcmp(zRole, ROLE_NATIONAL_OFFICER)
                   && strcmp(zRole, ROLE_BRANCH_SECRETARY) && strcmp(zRole, ROLE_REP)) ){
    return buf_error(pzErr, "unknown role '%s' (expected national_officer, "
                      "branch_secretary or rep)", zRole ? zRole : "");
  }
  if( zUnitCode==0 || zUnitCode[0]==0 ) return buf_error(pzErr, "a scope unit is needed");
  rc = register_unit_by_code(db, zUnitCode, &unit);
  if( rc<0 ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  if( rc>0 ) return buf_error(pzErr, "unknown unit '%s'", zUnitCode);
  if( strcmp(zRole, ROLE_BRANCH_SECRETARY)==0 && strcmp(unit.zKind, "branch") ){
    return buf_error(pzErr, "a branch_secretary's unit must be a branch; "
                      "'%s' is a %s", zUnitCode, unit.zKind);
  }
  if( strcmp(zRole, ROLE_REP)==0 && strcmp(unit.zKind, "workplace") ){
    return buf_error(pzErr, "a rep's unit must be a workplace; '%s' is a %s",
                      zUnitCode, unit.zKind);
  }
  if( zMemberNumber && zMemberNumber[0] ){
    rc = register_member_by_number(db, zMemberNumber, &mem);
    if( rc<0 ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
    if( rc>0 ) return buf_error(pzErr, "unknown member number '%s'", zMemberNumber);
    memberId = mem.id;
  }
  if( db_query_int(db, "SELECT count(*) FROM users WHERE username=?", zUsername)!=0 ){
    return buf_error(pzErr, "username '%s' is already taken", zUsername);
  }
  if( users_hash(zPassword, zHash) ){
    return buf_error(pzErr, "out of memory while hashing the password");
  }
  users_now_iso(zNow, sizeof zNow);
  DbStmt *s = db_prepare(db,
      "INSERT INTO users(username,password_hash,member_id,role,unit_id,created_at)"
      " VALUES(?,?,?,?,?,?)");
  db_bind_text(s, 1, zUsername);
  db_bind_text(s, 2, zHash);
  if( memberId ) db_bind_int(s, 3, memberId);
  else db_bind_text(s, 3, 0);
  db_bind_text(s, 4, zRole);
  db_bind_int(s, 5, unit.id);
  db_bind_text(s, 6, zNow);
  rc = db_step(s);
  db_finalize(s);
  sodium_memzero(zHash, sizeof zHash);
  if( rc==DB_ERROR ) return buf_error(pzErr, "cannot add user: %s", db_errmsg(db));
  return 0;
}

/*
** Replace zUsername's password and end its sessions, in one transaction.
*/
int users_set_password(Db *db, const char *zUsername, const char *zPassword,
                       char **pzErr){
  char zHash[crypto_pwhash_STRBYTES];
  int64_t id = 0;
  if( pzErr ) *pzErr = 0;
  if( users_check_new_password(zPassword, pzErr) ) return -1;
  if( users_hash(zPassword, zHash) ){
    return buf_error(pzErr, "out of memory while hashing the password");
  }
  if( db_begin(db) ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  DbStmt *s = db_prepare(db,
      "UPDATE users SET password_hash=? WHERE username=? RETURNING id");
  db_bind_text(s, 1, zHash);
  db_bind_text(s, 2, zUsername);
  int rc = db_step(s);
  if( rc==DB_ROW ) id = db_col_int(s, 0);
  db_finalize(s);
  sodium_memzero(zHash, sizeof zHash);
  if( rc==DB_ERROR ) goto store_error;
  if( id==0 ){
    db_rollback(db);
    return buf_error(pzErr, "no user '%s'", zUsername ? zUsername : "");
  }
  s = db_prepare(db, "DELETE FROM sessions WHERE user_id=?");
  db_bind_int(s, 1, id);
  rc = db_step(s);
  db_finalize(s);
  if( rc==DB_ERROR ) goto store_error;
  if( db_commit(db) ) goto store_error;
  return 0;
store_error:
  buf_error(pzErr, "store error: %s", db_errmsg(db));
  db_rollback(db);
  return -1;
}

/* Copy at most n-1 bytes of z (NULL is "") into zOut. */
static void users_copy(char *zOut, size_t n, const char *z){
  snprintf(zOut, n, "%s", z ? z : "");
}

/*
** List every account with its scope unit and member number.
*/
int users_list(Db *db, UserInfo **paOut, int *pN){
  int n = 0, nAlloc = 0;
  UserInfo *a = 0;
  DbStmt *s = db_prepare(db,
      "SELECT u.username, u.role, un.code, un.name, m.number, u.created_at"
      " FROM users u JOIN units un ON un.id=u.unit_id"
      " LEFT JOIN members m ON m.id=u.member_id"
      " ORDER BY u.username");
  int rc;
  while( (rc = db_step(s))==DB_ROW ){
    if( n==nAlloc ){
      nAlloc = nAlloc ? nAlloc*2 : 16;
      a = xrealloc(a, sizeof(*a)*(size_t)nAlloc);
    }
    UserInfo *p = &a[n++];
    users_copy(p->zUsername, sizeof p->zUsername, db_col_text(s, 0));
    users_copy(p->zRole, sizeof p->zRole, db_col_text(s, 1));
    users_copy(p->zUnitCode, sizeof p->zUnitCode, db_col_text(s, 2));
    users_copy(p->zUnitName, sizeof p->zUnitName, db_col_text(s, 3));
    users_copy(p->zMemberNumber, sizeof p->zMemberNumber, db_col_text(s, 4));
    users_copy(p->zCreatedAt, sizeof p->zCreatedAt, db_col_text(s, 5));
  }
  db_finalize(s);
  if( rc==DB_ERROR ){ free(a); return -1; }
  *paOut = a;
  *pN = n;
  return 0;
}

/* The hash checked when a username does not exist: made once, from a
** random password nobody knows, with the same limits as real hashes. */
static char zDummyHash[crypto_pwhash_STRBYTES];
static int dummyOk;
static pthread_once_t dummyOnce = PTHREAD_ONCE_INIT;
static void users_make_dummy(void){
  unsigned char aRand[32];
  char zPw[65];
  users_sodium_init();
  randombytes_buf(aRand, sizeof aRand);
  sodium_bin2hex(zPw, sizeof zPw, aRand, sizeof aRand);
  dummyOk = users_hash(zPw, zDummyHash)==0;
}

/* Fill *pOut from a row: id, username, role, unit_id, member_id, number. */
static void users_fill(DbStmt *s, int i, User *pOut){
  memset(pOut, 0, sizeof(*pOut));
  pOut->id = db_col_int(s, i);
  users_copy(pOut->zUsername, sizeof pOut->zUsername, db_col_text(s, i+1));
  users_copy(pOut->zRole, sizeof pOut->zRole, db_col_text(s, i+2));
  pOut->unitId = db_col_int(s, i+3);
  pOut->memberId = db_col_int(s, i+4);
  users_copy(pOut->zMemberNumber, sizeof pOut->zMemberNumber, db_col_text(s, i+5));
}

#define USERS_COLS "u.id, u.username, u.role, u.unit_id, u.member_id, m.number"

/*
** Check a password. One Argon2id verification is always done, so an unknown
** username costs the same time as a wrong password.
*/
int users_check_password(Db *db, const char *zUsername, const char *zPassword,
                         User *pOut){
  char zHash[crypto_pwhash_STRBYTES];
  int found = 0, rc;
  pthread_once(&dummyOnce, users_make_dummy);
  zHash[0] = 0;
  DbStmt *s = db_prepare(db,
      "SELECT " USERS_COLS ", u.password_hash FROM users u"
      " LEFT JOIN members m ON m.id=u.member_id WHERE u.username=?");
  db_bind_text(s, 1, zUsername ? zUsername : "");
  rc = db_step(s);
  if( rc==DB_ROW ){
    const char *z = db_col_text(s, 6);
    if( z && strlen(z)<sizeof zHash ){
      users_fill(s, 0, pOut);
      memcpy(zHash, z, strlen(z)+1);
      found = 1;
    }
  }
  db_finalize(s);
  if( rc==DB_ERROR ) return -1;
  size_t nPw = zPassword ? strlen(zPassword) : 0;
  if( nPw>USERS_MAX_PASSWORD ) nPw = USERS_MAX_PASSWORD;
  const char *zCheck = found ? zHash : zDummyHash;
  if( !found && !dummyOk ) return 1;
  int ok = crypto_pwhash_str_verify(zCheck, zPassword ? zPassword : "", nPw)==0;
  sodium_memzero(zHash, sizeof zHash);
  if( !found || !ok ){
    memset(pOut, 0, sizeof(*pOut));
    return 1;
  }
  return 0;
}

/*
** Load one account by id.
*/
int users_by_id(Db *db, int64_t id, User *pOut){
  DbStmt *s = db_prepare(db, "SELECT " USERS_COLS " FROM users u"
                             " LEFT JOIN members m ON m.id=u.member_id WHERE u.id=?");
  db_bind_int(s, 1, id);
  int rc = db_step(s);
  if( rc==DB_ROW ) users_fill(s, 0, pOut);
  db_finalize(s);
  return rc==DB_ROW ? 0 : rc==DB_DONE ? 1 : -1;
}

/* zOut (65 bytes) = hex of BLAKE2b-256 over the token text. */
static void users_token_hash(const char *zToken, char *zOut){
  unsigned char aHash[32];
  crypto_generichash(aHash, sizeof aHash, (const unsigned char*)zToken,
                     strlen(zToken), 0, 0);
  sodium_bin2hex(zOut, SESSION_TOKEN_HEX, aHash, sizeof aHash);
}

/* zOut (65 bytes) = 32 random bytes as lower-case hex. */
static void users_random_hex(char *zOut){
  unsigned char aRand[32];
  randombytes_buf(aRand, sizeof aRand);
  sodium_bin2hex(zOut, SESSION_TOKEN_HEX, aRand, sizeof aRand);
  sodium_memzero(aRand, sizeof aRand);
}

/* True if z is exactly 64 lower-case hex digits: the only shape a token
** we issued can have. Anything else is not looked up at all. */
static int users_token_shape_ok(const char *z){
  if( z==0 ) return 0;
  for(int i=0; i<64; i++){
    char c = z[i];
    if( !((c>='0' && c<='9') || (c>='a' && c<='f')) ) return 0;
  }
  return z[64]==0;
}

/*
** Start a session and sweep out expired ones. The token is returned to the
** caller to put in a cookie; only its hash is stored.
*/
int users_session_create(Db *db, int64_t userId, Session *pOut){
  char zHash[SESSION_TOKEN_HEX];
  int64_t now = (int64_t)time(0);
  users_sodium_init();
  memset(pOut, 0, sizeof(*pOut));
  users_random_hex(pOut->zToken);
  users_random_hex(pOut->zCsrf);
  pOut->expiresAt = now + SESSION_LIFETIME;
  users_token_hash(pOut->zToken, zHash);
  DbStmt *s = db_prepare(db, "DELETE FROM sessions WHERE expires_at<=?");
  db_bind_int(s, 1, now);
  int rc = db_step(s);
  db_finalize(s);
  if( rc==DB_ERROR ) return -1;
  s = db_prepare(db, "INSERT INTO sessions(token_hash,user_id,csrf_token,expires_at)"
                     " VALUES(?,?,?,?)");
  db_bind_text(s, 1, zHash);
  db_bind_int(s, 2, userId);
  db_bind_text(s, 3, pOut->zCsrf);
  db_bind_int(s, 4, pOut->expiresAt);
  rc = db_step(s);
  db_finalize(s);
  return rc==DB_ERROR ? -1 : 0;
}

/*
** Find a live session. An expired one found here is deleted on the spot;
** the rest are swept at the next login (a write on every page view would
** serialise readers behind SQLite's one writer).
*/
int users_session_lookup(Db *db, const char *zToken, User *pUser, char *zCsrfOut){
  char zHash[SESSION_TOKEN_HEX];
  int64_t expiresAt = 0;
  if( !users_token_shape_ok(zToken) ) return 1;
  users_token_hash(zToken, zHash);
  DbStmt *s = db_prepare(db,
      "SELECT " USERS_COLS ", s.csrf_token, s.expires_at FROM sessions s"
      " JOIN users u ON u.id=s.user_id LEFT JOIN members m ON m.id=u.member_id"
      " WHERE s.token_hash=?");
  db_bind_text(s, 1, zHash);
  int rc = db_step(s);
  if( rc==DB_ROW ){
    users_fill(s, 0, pUser);
    users_copy(zCsrfOut, SESSION_TOKEN_HEX, db_col_text(s, 6));
    expiresAt = db_col_int(s, 7);
  }
  db_finalize(s);
  if( rc==DB_ERROR ) return -1;
  if( rc==DB_DONE ) return 1;
  if( expiresAt <= (int64_t)time(0) ){
    memset(pUser, 0, sizeof(*pUser));
    zCsrfOut[0] = 0;
    return users_session_delete(db, zToken) ? -1 : 1;
  }
  return 0;
}

/*
** End a session (logout).
*/
int users_session_delete(Db *db, const char *zToken){
  char zHash[SESSION_TOKEN_HEX];
  if( !users_token_shape_ok(zToken) ) return 0;
  users_token_hash(zToken, zHash);
  DbStmt *s = db_prepare(db, "DELETE FROM sessions WHERE token_hash=?");
  db_bind_text(s, 1, zHash);
  int rc = db_step(s);
  db_finalize(s);
  return rc==DB_ERROR ? -1 : 0;
}

/*
** The demo generator's note on how to log in, if any.
*/
char *users_demo_logins(Db *db){
  char *z = 0;
  DbStmt *s = db_prepare(db, "SELECT value FROM meta WHERE key='demo_logins'");
  if( db_step(s)==DB_ROW ) z = xstrdup(db_col_text(s, 0));
  db_finalize(s);
  return z;
}
