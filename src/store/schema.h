/* schema.h: the versioned schema as a list of forward migrations. */
#ifndef MANDATE_SCHEMA_H
#define MANDATE_SCHEMA_H

typedef struct Migration Migration;
struct Migration {
  int version;        /* the schema version after this step */
  const char *zSql;   /* statements; must be accepted by SQLite and PostgreSQL */
};

extern const Migration aMigration[];
extern const int nMigration;

#endif
