/* db_sqlite.c: the SQLite backend of the db_ interface, with schema
** migration on open and a backup taken before any migration. */
#include "db.h"
#include "schema.h"
#include "../util/mem.h"
#include "../util/buf.h"
#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct Db {
  sqlite3 *h;          /* owned */
  char *zPath;         /* owned */
  char *zErr;          /* owned; last error message */
  char *zBackup;       /* owned; backup written before a migration, or NULL */
  int schemaVersion;
};

struct DbStmt {
  Db *db;              /* borrowed */
  sqlite3_stmt *s;     /* owned */
};

static void db_set_error(Db *db, const char *zMsg){
  free(db->zErr);
  db->zErr = xstrdup(zMsg);
}

const char *db_errmsg(Db *db){ return db->zErr ? db->zErr : sqlite3_errmsg(db->h); }
int db_schema_version(Db *db){ return db->schemaVersion; }
const char *db_backup_path(Db *db){ return db->zBackup; }

int db_exec(Db *db, const char *zSql){
  char *zMsg = 0;
  if( sqlite3_exec(db->h, zSql, 0, 0, &zMsg)!=SQLITE_OK ){
    db_set_error(db, zMsg ? zMsg : sqlite3_errmsg(db->h));
    sqlite3_free(zMsg);
    return -1;
  }
  return 0;
}

int db_begin(Db *db){ return db_exec(db, "BEGIN"); }
int db_commit(Db *db){ return db_exec(db, "COMMIT"); }
int db_rollback(Db *db){
  if( sqlite3_get_autocommit(db->h) ) return 0;
  return db_exec(db, "ROLLBACK");
}

void db_bulk_write(Db *db, int on){
  /* 1 GiB of page cache while on; SQLite's default (2 MiB) when off. */
  db_exec(db, on ? "PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY" : "PRAGMA cache_size=-2000; PRAGMA temp_store=DEFAULT");
}

void db_durable(Db *db, int on){
  db_exec(db, on ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
}

int db_checkpoint(Db *db){
  return db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
}

DbStmt *db_prepare(Db *db, const char *zSql){
  DbStmt *p = xcalloc(1, sizeof(*p));
  p->db = db;
  if( sqlite3_prepare_v2(db->h, zSql, -1, &p->s, 0)!=SQLITE_OK ){
    fprintf(stderr, "mandate: internal error: bad SQL: %s\n  in: %s\n",
            sqlite3_errmsg(db->h), zSql);
    abort();
  }
  return p;
}

void db_bind_int(DbStmt *p, int i, int64_t v){ sqlite3_bind_int64(p->s, i, v); }
void db_bind_double(DbStmt *p, int i, double v){ sqlite3_bind_double(p->s, i, v); }
void db_bind_text(DbStmt *p, int i, const char *z){
  if( z==0 || z[0]==0 ) sqlite3_bind_null(p->s, i);
  else sqlite3_bind_text(p->s, i, z, -1, SQLITE_TRANSIENT);
}

void db_bind_text_ref(DbStmt *p, int i, const char *z){
  if( z==0 || z[0]==0 ) sqlite3_bind_null(p->s, i);
  else sqlite3_bind_text(p->s, i, z, -1, SQLITE_STATIC);
}

int db_step(DbStmt *p){
  int rc = sqlite3_step(p->s);
  if( rc==SQLITE_ROW ) return DB_ROW;
  if( rc==SQLITE_DONE ) return DB_DONE;
  db_set_error(p->db, sqlite3_errmsg(p->db->h));
  return DB_ERROR;
}

int64_t db_col_int(DbStmt *p, int i){ return sqlite3_column_int64(p->s, i); }
double db_col_double(DbStmt *p, int i){ return sqlite3_column_double(p->s, i); }
const char *db_col_text(DbStmt *p, int i){ return (const char*)sqlite3_column_text(p->s, i); }
void db_col_copy(DbStmt *p, int i, char *zOut, size_t nOut){
  const char *z = db_col_text(p, i);
  snprintf(zOut, nOut, "%s", z ? z : "");
}
int db_col_is_null(DbStmt *p, int i){ return sqlite3_column_type(p->s, i)==SQLITE_NULL; }

void db_reset(DbStmt *p){
  sqlite3_reset(p->s);
  sqlite3_clear_bindings(p->s);
}

void db_finalize(DbStmt *p){
  if( p==0 ) return;
  sqlite3_finalize(p->s);
  free(p);
}

int64_t db_query_int(Db *db, const char *zSql, const char *zParam){
  DbStmt *s = db_prepare(db, zSql);
  int64_t v = -1;
  if( zParam ) db_bind_text(s, 1, zParam);
  if( db_step(s)==DB_ROW ) v = db_col_int(s, 0);
  db_finalize(s);
  return v;
}

/* Read the schema version: 0 for a database without our meta table. */
static int db_read_version(Db *db){
  if( db_query_int(db, "SELECT count(*) FROM sqlite_master"
                       " WHERE type='table' AND name='meta'", 0)<=0 ) return 0;
  DbStmt *s = db_prepare(db, "SELECT value FROM meta WHERE key='schema_version'");
  int v = 0;
  if( db_step(s)==DB_ROW ) v = atoi(db_col_text(s, 0));
  db_finalize(s);
  return v;
}

/* Copy the whole database to zDest with SQLite's online backup API.
** The destination is created mode 0600 first. */
static int db_backup_to(Db *db, const char *zDest){
  int fd = open(zDest, O_WRONLY|O_CREAT|O_EXCL, 0600);
  if( fd<0 ) return -1;
  close(fd);
  sqlite3 *pDest = 0;
  int rc = sqlite3_open_v2(zDest, &pDest, SQLITE_OPEN_READWRITE, 0);
  if( rc==SQLITE_OK ){
    sqlite3_backup *b = sqlite3_backup_init(pDest, "main", db->h, "main");
    if( b ){
      sqlite3_backup_step(b, -1);
      sqlite3_backup_finish(b);
    }
    rc = sqlite3_errcode(pDest);
  }
  sqlite3_close(pDest);
  return rc==SQLITE_OK ? 0 : -1;
}

/* Bring the schema up to DB_SCHEMA_VERSION. A database that already holds
** data is backed up first, next to it, as PATH.vN-YYYYMMDDHHMMSS.bak. */
static int db_migrate(Db *db){
  int v = db_read_version(db);
  if( v > DB_SCHEMA_VERSION ){
    char z[200];
    snprintf(z, sizeof z, "database schema version %d is newer than this "
             "mandate understands (%d); upgrade mandate", v, DB_SCHEMA_VERSION);
    db_set_error(db, z);
    return -1;
  }
  if( v==DB_SCHEMA_VERSION ) return 0;
  if( v>0 ){
    char zStamp[32];
    time_t now = time(0);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(zStamp, sizeof zStamp, "%Y%m%d%H%M%S", &tm);
    Buf b = BUF_INIT;
    buf_printf(&b, "%s.v%d-%s.bak", db->zPath, v, zStamp);
    if( db_backup_to(db, buf_str(&b)) ){
      char z[300];
      snprintf(z, sizeof z, "cannot write backup %s before migrating: %s",
               buf_str(&b), strerror(errno));
      db_set_error(db, z);
      buf_reset(&b);
      return -1;
    }
    db->zBackup = buf_steal(&b);
  }
  if( db_begin(db) ) return -1;
  for(int i=0; i<nMigration; i++){
    if( aMigration[i].version<=v ) continue;
    if( db_exec(db, aMigration[i].zSql) ) goto fail;
  }
  DbStmt *s = db_prepare(db,
      "INSERT INTO meta(key,value) VALUES('schema_version',?)"
      " ON CONFLICT(key) DO UPDATE SET value=excluded.value");
  char zV[16];
  snprintf(zV, sizeof zV, "%d", DB_SCHEMA_VERSION);
  db_bind_text(s, 1, zV);
  int rc = db_step(s);
  db_finalize(s);
  if( rc==DB_ERROR ) goto fail;
  if( v<2 && db_exec(db, "INSERT INTO unit_stats(unit_id,members,active,"
        "home_verified,workplace_address,email,mobile,reps)"
        " SELECT id,0,0,0,0,0,0,0 FROM units") ) goto fail;
  if( db_commit(db) ) goto fail;
  return 0;
fail:
  db_rollback(db);
  return -1;
}

int db_open(const char *zPath, int flags, Db **ppDb, char **pzErr){
  Db *db = xcalloc(1, sizeof(*db));
  char zMsg[600];
  struct stat st;
  *ppDb = 0;
  *pzErr = 0;
  db->zPath = xstrdup(zPath);
  if( flags & DB_OPEN_CREATE ){
    /* Members' data is special-category personal data: create the file
    ** ourselves, 0600, before SQLite sees it. SQLite gives the -wal and
    ** -shm files the same mode as the database. */
    int fd = open(zPath, O_WRONLY|O_CREAT|O_EXCL, 0600);
    if( fd<0 ){
      snprintf(zMsg, sizeof zMsg, "%s: cannot create: %s", zPath, strerror(errno));
      goto fail;
    }
    close(fd);
  }else if( stat(zPath, &st) ){
    snprintf(zMsg, sizeof zMsg, "%s: %s (create one with 'mandate init --db %s')",
             zPath, strerror(errno), zPath);
    goto fail;
  }else if( (st.st_mode & 077) && !(flags & DB_OPEN_READONLY) ){
    chmod(zPath, st.st_mode & 0700);   /* tighten a file copied in loosely */
  }
  int oflags = (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if( sqlite3_open_v2(zPath, &db->h, oflags, 0)!=SQLITE_OK ){
    snprintf(zMsg, sizeof zMsg, "%s: %s", zPath, sqlite3_errmsg(db->h));
    goto fail;
  }
  sqlite3_busy_timeout(db->h, 10000);
  sqlite3_extended_result_codes(db->h, 1);
  /* WAL: readers never block the writer; synchronous=FULL so an
  ** acknowledged write survives power loss, not just a crash. */
  if( db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
                  "PRAGMA synchronous=FULL") ){
    snprintf(zMsg, sizeof zMsg, "%s: %s", zPath, db_errmsg(db));
    goto fail;
  }
  if( !(flags & DB_OPEN_READONLY) ){
    if( db_exec(db, "PRAGMA journal_mode=WAL") ){
      snprintf(zMsg, sizeof zMsg, "%s: not a mandate database (%s)", zPath, db_errmsg(db));
      goto fail;
    }
    if( db_migrate(db) ){
      snprintf(zMsg, sizeof zMsg, "%s: %s", zPath, db_errmsg(db));
      goto fail;
    }
  }
  db->schemaVersion = db_read_version(db);
  if( db->schemaVersion!=DB_SCHEMA_VERSION ){
    snprintf(zMsg, sizeof zMsg, "%s: database schema version %d, expected %d",
             zPath, db->schemaVersion, DB_SCHEMA_VERSION);
    goto fail;
  }
  free(db->zErr);
  db->zErr = 0;
  *ppDb = db;
  return 0;
fail:
  *pzErr = xstrdup(zMsg);
  if( (flags & DB_OPEN_CREATE) && db->h==0 ){ /* nothing to undo */ }
  db_close(db);
  return -1;
}

void db_close(Db *db){
  if( db==0 ) return;
  if( db->h ) sqlite3_close(db->h);
  free(db->zPath);
  free(db->zErr);
  free(db->zBackup);
  free(db);
}

/* For tests only: build a database at an older schema version, so the
** migration path can be exercised. Not part of the interface in db.h. */
int db_test_create_at_version(const char *zPath, int version);
int db_test_create_at_version(const char *zPath, int version){
  int fd = open(zPath, O_WRONLY|O_CREAT|O_EXCL, 0600);
  if( fd<0 ) return -1;
  close(fd);
  sqlite3 *h = 0;
  int rc = sqlite3_open(zPath, &h);
  for(int i=0; rc==SQLITE_OK && i<nMigration && aMigration[i].version<=version; i++){
    rc = sqlite3_exec(h, aMigration[i].zSql, 0, 0, 0);
  }
  if( rc==SQLITE_OK ){
    char z[100];
    snprintf(z, sizeof z, "INSERT INTO meta VALUES('schema_version','%d')", version);
    rc = sqlite3_exec(h, z, 0, 0, 0);
  }
  sqlite3_close(h);
  return rc==SQLITE_OK ? 0 : -1;
}
