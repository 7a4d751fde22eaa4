/* cmd_member.c: `mandate export member` (subject access request) and
** `mandate erase member` (right to erasure). */
#include "cli.h"
#include "../domain/register.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zExportUsage[] =
  "usage: mandate export member NUMBER --db PATH\n"
  "\n"
  "Print everything the register holds on one member, as JSON: their\n"
  "record, positions, conversations about them, conversations they held\n"
  "and their accounts. For answering a subject access request.\n"
  "\n"
  "  --db PATH   the register database\n";

static const char zEraseUsage[] =
  "usage: mandate erase member NUMBER --db PATH --yes\n"
  "\n"
  "Erase a member and everything held on them: their record, positions,\n"
  "conversations about them and their account. Conversations they held with\n"
  "others stay, without their name. Erased data is overwritten in the\n"
  "database file; backups taken earlier still hold it (see docs/operations.md).\n"
  "\n"
  "  --db PATH   the register database\n"
  "  --yes       confirm: erasure cannot be undone\n";

/* Shared front half: parse "member NUMBER --db PATH", open the database. */
static int open_for_member(int argc, char **argv, const char *zUsage, int *pYes,
                           Db **pDb, const char **pzNumber){
  const char *zDb = 0;
  int yes = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--yes", 0, &yes }, { 0 } };
  char *azPos[2];
  int nPos, rc = cli_parse(argc, argv, aOpt, zUsage, azPos, 2, &nPos);
  if( rc ) return rc>0 ? -1 : EXIT_USAGE;   /* -1: --help was printed */
  if( nPos!=2 || strcmp(azPos[0], "member") ){
    fprintf(stderr, "mandate %s: expected 'member NUMBER'\n%s", argv[0], zUsage);
    return EXIT_USAGE;
  }
  if( zDb==0 ){ fprintf(stderr, "mandate %s: --db is required\n%s", argv[0], zUsage); return EXIT_USAGE; }
  if( (*pDb = cli_open_db(zDb, 0))==0 ) return EXIT_USER;
  if( pYes ) *pYes = yes;
  *pzNumber = azPos[1];
  return 0;
}

int cmd_export(int argc, char **argv){
  Db *db;
  const char *zNumber;
  int rc = open_for_member(argc, argv, zExportUsage, 0, &db, &zNumber);
  if( rc ) return rc<0 ? EXIT_OK : rc;
  char *zJson = 0;
  rc = register_member_export(db, zNumber, &zJson);
  if( rc==0 ){ puts(zJson); free(zJson); }
  else if( rc==1 ) cli_error("no member with number %s", zNumber);
  else cli_error("%s", db_errmsg(db));
  db_close(db);
  return rc==0 ? EXIT_OK : EXIT_USER;
}

int cmd_erase(int argc, char **argv){
  Db *db;
  const char *zNumber;
  int yes = 0;
  int rc = open_for_member(argc, argv, zEraseUsage, &yes, &db, &zNumber);
  if( rc ) return rc<0 ? EXIT_OK : rc;
  if( !yes ){
    db_close(db);
    fprintf(stderr, "mandate erase: erasure cannot be undone; add --yes to confirm\n");
    return EXIT_USAGE;
  }
  rc = register_member_erase(db, zNumber);
  if( rc==0 ) printf("erased member %s\n", zNumber);
  else if( rc==1 ) cli_error("no member with number %s", zNumber);
  else cli_error("%s", db_errmsg(db));
  db_close(db);
  return rc==0 ? EXIT_OK : EXIT_USER;
}
