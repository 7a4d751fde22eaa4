/* schema.h: the versioned schema as a list of forward migrations. */
#ifndef MANDATE_SCHEMA_H
#define MANDATE_SCHEMA_H

typedef struct Migration Migration;
struct Migration {
  int version;        /* the schema version after this step */
  const char *zSql;   /* statements; must be accepted by SQLite and PostgreSQL */
};

/* The members table's secondary indexes. A large import drops them and
** builds them again afterwards, which sorts once instead of inserting a
** million times into each. The sort-name expression must match SORT_NAME
** in src/domain/register.c. (Migration 1 created them with this text.) */
#define SCHEMA_MEMBER_INDEXES \
  "CREATE INDEX members_unit ON members(unit_id);" \
  "CREATE INDEX members_sort_name ON members((lower(last_name) || ' ' || lower(first_name)), number);"
#define SCHEMA_MEMBER_INDEXES_DROP \
  "DROP INDEX members_unit; DROP INDEX members_sort_name;"

extern const Migration aMigration[];
extern const int nMigration;

#endif
