/* cmd_user.c: `mandate user add|passwd|list`: officer accounts from the
** command line. Passwords are read without echo from a terminal, or as one
** line from stdin when it is not one (so scripts can pipe them in). */
#include "cli.h"
#include "../store/db.h"
#include "../domain/users.h"
#include "../util/mem.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char zUserUsage[] =
  "usage: mandate user add USERNAME --role ROLE --unit CODE [--member NUMBER] --db PATH\n"
  "       mandate user passwd USERNAME --db PATH\n"
  "       mandate user list --db PATH [--json]\n"
  "\n"
  "Officer accounts for the web pages. Each sees only its unit's subtree.\n"
  "Roles: national_officer (any unit), branch_secretary (a branch),\n"
  "rep (a workplace). The password is asked for on the terminal, or read as\n"
  "one line from stdin when stdin is not a terminal; at least 10 characters.\n"
  "Run 'mandate user SUBCOMMAND --help' for each one.\n";

static const char zAddUsage[] =
  "usage: mandate user add USERNAME --role ROLE --unit CODE [--member NUMBER] --db PATH\n"
  "\n"
  "Add an account. ROLE is national_officer, branch_secretary (CODE must be a\n"
  "branch) or rep (CODE must be a workplace). --member ties the account to a\n"
  "member, whose number then signs the conversations logged.\n"
  "The password is asked for twice on a terminal, or read as one line from stdin.\n";

static const char zPasswdUsage[] =
  "usage: mandate user passwd USERNAME --db PATH\n"
  "\n"
  "Set a new password (asked for twice on a terminal, or one line from stdin)\n"
  "and end every session the account has open.\n";

static const char zListUsage[] =
  "usage: mandate user list --db PATH [--json]\n"
  "\n"
  "List every account: username, role, scope unit, member, created.\n";

/* Read one line from fp into a new string without its line ending.
** NULL at end of file. Caller frees (after sodium_memzero). */
static char *user_read_line(FILE *fp){
  size_t nAlloc = 0;
  char *z = 0;
  ssize_t n = getline(&z, &nAlloc, fp);
  if( n<0 ){ free(z); return 0; }
  while( n>0 && (z[n-1]=='\n' || z[n-1]=='\r') ) z[--n] = 0;
  return z;
}

/* Wipe and free a password. */
static void user_free_pw(char *z){
  if( z ){ sodium_memzero(z, strlen(z)); free(z); }
}

/* Prompt on the terminal with echo off; NULL at end of file. */
static char *user_prompt(const char *zPrompt){
  struct termios old, quiet;
  fputs(zPrompt, stderr);
  fflush(stderr);
  int haveTerm = tcgetattr(STDIN_FILENO, &old)==0;
  if( haveTerm ){
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    quiet.c_lflag |= ECHONL;
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  char *z = user_read_line(stdin);
  if( haveTerm ) tcsetattr(STDIN_FILENO, TCSANOW, &old);
  return z;
}

/* The new password: twice from a terminal, once from a pipe. Returns it
** (caller frees with user_free_pw) or NULL after printing why. */
static char *user_get_password(const char *zUser){
  if( !isatty(STDIN_FILENO) ){
    char *z = user_read_line(stdin);
    if( z==0 ) cli_error("no password on stdin");
    return z;
  }
  char zPrompt[120];
  snprintf(zPrompt, sizeof zPrompt, "New password for %s: ", zUser);
  char *z1 = user_prompt(zPrompt);
  if( z1==0 ){ cli_error("no password given"); return 0; }
  char *z2 = user_prompt("Again: ");
  if( z2==0 || strcmp(z1, z2) ){
    cli_error("the two passwords differ");
    user_free_pw(z1);
    user_free_pw(z2);
    return 0;
  }
  user_free_pw(z2);
  return z1;
}

/* What add and passwd share: open the database, read the new password,
** apply it with xApply(db, zUser, zPassword, pArg, &zErr), close, and report
** an error as "user VERB: why". Returns an EXIT_ code. */
static int user_with_password(const char *zDb, const char *zUser, const char *zVerb,
                              int (*xApply)(Db*, const char*, const char*, void*, char**),
                              void *pArg){
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  char *zPw = user_get_password(zUser);
  if( zPw==0 ){ db_close(db); return EXIT_USER; }
  char *zErr = 0;
  int rc = xApply(db, zUser, zPw, pArg, &zErr);
  user_free_pw(zPw);
  db_close(db);
  if( rc ){
    cli_error("user %s: %s", zVerb, zErr ? zErr : "failed");
    free(zErr);
    return EXIT_USER;
  }
  return EXIT_OK;
}

/* The role, scope unit and member of a new account, for apply_add(). */
typedef struct NewUser NewUser;
struct NewUser { const char *zRole, *zUnit, *zMember; };

static int apply_add(Db *db, const char *zUser, const char *zPw, void *pArg, char **pzErr){
  NewUser *p = pArg;
  return users_add(db, zUser, zPw, p->zRole, p->zUnit, p->zMember, pzErr);
}

static int apply_passwd(Db *db, const char *zUser, const char *zPw, void *pArg, char **pzErr){
  (void)pArg;
  return users_set_password(db, zUser, zPw, pzErr);
}

/* mandate user add */
static int user_add(int argc, char **argv){
  const char *zDb = 0, *zRole = 0, *zUnit = 0, *zMember = 0;
  char *azPos[1];
  int nPos = 0;
  const CliOpt aOpt[] = {
    { "--db", &zDb, 0 }, { "--role", &zRole, 0 }, { "--unit", &zUnit, 0 },
    { "--member", &zMember, 0 }, { 0 }
  };
  int rc = cli_parse(argc, argv, aOpt, zAddUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || zDb==0 || zRole==0 || zUnit==0 ){
    fprintf(stderr, "mandate user add: USERNAME, --role, --unit and --db are required\n%s",
            zAddUsage);
    return EXIT_USAGE;
  }
  NewUser nu = { zRole, zUnit, zMember };
  rc = user_with_password(zDb, azPos[0], "add", apply_add, &nu);
  if( rc ) return rc;
  printf("added %s (%s of %s)\n", azPos[0], zRole, zUnit);
  return EXIT_OK;
}

/* mandate user passwd */
static int user_passwd(int argc, char **argv){
  const char *zDb = 0;
  char *azPos[1];
  int nPos = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { 0 } };
  int rc = cli_parse(argc, argv, aOpt, zPasswdUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 || zDb==0 ){
    fprintf(stderr, "mandate user passwd: USERNAME and --db are required\n%s", zPasswdUsage);
    return EXIT_USAGE;
  }
  rc = user_with_password(zDb, azPos[0], "passwd", apply_passwd, 0);
  if( rc ) return rc;
  printf("password changed for %s; their sessions are ended\n", azPos[0]);
  return EXIT_OK;
}

/* mandate user list */
static int user_list(int argc, char **argv){
  const char *zDb = 0;
  int asJson = 0;
  char *azPos[1];
  int nPos = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--json", 0, &asJson }, { 0 } };
  int rc = cli_parse(argc, argv, aOpt, zListUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( zDb==0 ){
    fprintf(stderr, "mandate user list: --db is required\n%s", zListUsage);
    return EXIT_USAGE;
  }
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  UserInfo *a = 0;
  int n = 0;
  rc = users_list(db, &a, &n);
  if( rc ){
    cli_error("user list: %s", db_errmsg(db));
    db_close(db);
    return EXIT_USER;
  }
  db_close(db);
  if( asJson ){
    json_t *pArr = json_array();
    for(int i=0; i<n; i++){
      json_array_append_new(pArr, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}",
        "username", a[i].zUsername, "role", a[i].zRole, "unit", a[i].zUnitCode,
        "unit_name", a[i].zUnitName,
        "member_number", a[i].zMemberNumber[0] ? json_string(a[i].zMemberNumber) : json_null(),
        "created_at", a[i].zCreatedAt));
    }
    char *z = json_dumps(pArr, JSON_INDENT(2));
    printf("%s\n", z ? z : "[]");
    free(z);
    json_decref(pArr);
  }else if( n==0 ){
    printf("no accounts; add one with 'mandate user add'\n");
  }else{
    printf("%-20s %-17s %-16s %-12s %s\n", "USERNAME", "ROLE", "UNIT", "MEMBER", "CREATED");
    for(int i=0; i<n; i++){
      printf("%-20s %-17s %-16s %-12s %s\n", a[i].zUsername, a[i].zRole, a[i].zUnitCode,
             a[i].zMemberNumber[0] ? a[i].zMemberNumber : "-", a[i].zCreatedAt);
    }
  }
  free(a);
  return EXIT_OK;
}

/* The `user` subcommands. */
static const CliSub aUserCmd[] = {
  { "add",    "user add",    user_add },
  { "passwd", "user passwd", user_passwd },
  { "list",   "user list",   user_list },
};

/*
** mandate user SUBCOMMAND ...
*/
int cmd_user(int argc, char **argv){
  return cli_subcommand(argc, argv, aUserCmd, (int)(sizeof(aUserCmd)/sizeof(aUserCmd[0])), zUserUsage);
}
