/* db.h: the one store interface. Every query in mandate goes through here.
**
** SQL passed to these functions is written so that PostgreSQL accepts it too:
** `?` placeholders (rewritten to $n by the PostgreSQL backend), RETURNING
** instead of last_insert_rowid(), ON CONFLICT ... DO UPDATE instead of
** INSERT OR REPLACE, ISO dates stored as TEXT 'YYYY-MM-DD'. SQLite is the
** embedded default; PostgreSQL comes later behind this same interface. */
#ifndef MANDATE_DB_H
#define MANDATE_DB_H
#include "schema.h"
#include <stddef.h>
#include <stdint.h>

typedef struct Db Db;
typedef struct DbStmt DbStmt;

/* Results of db_step() */
#define DB_ROW    1
#define DB_DONE   0
#define DB_ERROR (-1)

/* Flags for db_open() */
#define DB_OPEN_CREATE   0x01  /* create a new database; fail if it exists */
#define DB_OPEN_READONLY 0x02  /* open read-only; no migrations */

/* The schema this build writes and expects: the version of the last
** migration in schema.c (versions strictly increase; tested). */
#define DB_SCHEMA_VERSION (aMigration[nMigration-1].version)

int db_open(const char *zPath, int flags, Db **ppDb, char **pzErr);
void db_close(Db *db);
const char *db_errmsg(Db *db);          /* borrowed; last error on this handle */
int db_schema_version(Db *db);          /* the version on disk, after migration */
const char *db_backup_path(Db *db);     /* backup taken before a migration, or NULL */

int db_exec(Db *db, const char *zSql);  /* 0 or -1; SQL without parameters */
int db_begin(Db *db);                   /* 0 or -1 */
int db_commit(Db *db);                  /* 0 or -1 */
int db_rollback(Db *db);                /* 0 or -1; safe to call after a failure */

/* A hint that a large write transaction follows (on) or has ended (off):
** SQLite then keeps the transaction's pages in memory rather than spilling
** them to the log as it goes. Costs memory, so the server never uses it. */
void db_bulk_write(Db *db, int on);
/* Commits that follow are synced to disk (on: the default) or only
** written (off: they survive a crash of the process, not of the machine).
** Off only for records that can be rebuilt from a record already synced,
** as the ballots received are from the board. Not inside a transaction. */
void db_durable(Db *db, int on);

/* Write the log back into the database and empty it, so that rows just
** deleted (secure_delete zeroes them in the database file) leave no old
** copy in the write-ahead log. 0 or -1. (PostgreSQL: a no-op; its WAL
** and VACUUM are the operator's, docs/operations.md.) */
int db_checkpoint(Db *db);

/* Prepared statements. db_prepare() aborts on SQL that does not compile:
** all our SQL is constant, so that is a bug, not input. Free with db_finalize(). */
DbStmt *db_prepare(Db *db, const char *zSql);
void db_bind_int(DbStmt *s, int i, int64_t v);       /* i counts from 1 */
void db_bind_double(DbStmt *s, int i, double v);
void db_bind_text(DbStmt *s, int i, const char *z);  /* NULL or "" binds NULL; copied */
void db_bind_text_ref(DbStmt *s, int i, const char *z); /* the same, not copied: z must
                                                        ** stay unchanged until db_reset() */
int db_step(DbStmt *s);                              /* DB_ROW, DB_DONE or DB_ERROR */
int64_t db_col_int(DbStmt *s, int i);                /* i counts from 0 */
double db_col_double(DbStmt *s, int i);
const char *db_col_text(DbStmt *s, int i);           /* NULL for SQL NULL; valid until next step */
void db_col_copy(DbStmt *s, int i, char *zOut, size_t nOut);  /* text into a fixed buffer; "" for NULL */
int db_col_is_null(DbStmt *s, int i);
void db_reset(DbStmt *s);                            /* ready to bind and step again */
void db_finalize(DbStmt *s);                         /* NULL is a no-op */

/* One-value helpers for "SELECT count(*) ..." style queries with up to one
** text parameter (NULL for none). Return -1 on error. */
int64_t db_query_int(Db *db, const char *zSql, const char *zParam);

#endif
