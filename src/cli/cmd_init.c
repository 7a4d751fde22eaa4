/* cmd_init.c: `mandate init`: create a new, empty register database. */
#include "cli.h"
#include "../store/db.h"
#include <stdio.h>
#include <stdlib.h>

static const char zUsage[] =
  "usage: mandate init --db PATH\n"
  "\n"
  "Create a new, empty register database at PATH (mode 0600: it will hold\n"
  "members' personal data). Refuses to overwrite an existing file.\n"
  "\n"
  "  --db PATH   the database file to create\n";

int cmd_init(int argc, char **argv){
  const char *zDb = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( zDb==0 ){ fprintf(stderr, "mandate init: --db is required\n%s", zUsage); return EXIT_USAGE; }
  Db *db;
  if( (db = cli_open_db(zDb, DB_OPEN_CREATE))==0 ){
    return EXIT_USER;
  }
  printf("created %s (schema version %d)\n", zDb, db_schema_version(db));
  db_close(db);
  return EXIT_OK;
}
