/* cmd_dispute.c: `mandate dispute create|add-employer|add-unit|list|show|members|
** scrutineer-register|ballot-notice`: trade disputes, who they are with, and
** whether action would be primary or secondary for each member in the
** constituency; the scrutineer's register and the notice of ballot
** (docs/disputes.md). */
#include "cli.h"
#include "../domain/dispute.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char zDisputeUsage[] =
  "usage: mandate dispute create CODE --title T --regime R --employer NAME\n"
  "                              [--employer NAME ...] --unit CODE [--unit CODE ...]\n"
  "                              [--category C ...] [--employment-type E ...]\n"
  "                              [--issue TEXT] --db PATH\n"
  "       mandate dispute add-employer CODE NAME --db PATH\n"
  "       mandate dispute add-unit CODE UNIT --db PATH\n"
  "       mandate dispute list --db PATH [--json]\n"
  "       mandate dispute show CODE --db PATH [--json]\n"
  "       mandate dispute members CODE --db PATH [--class C] [--limit N]\n"
  "                               [--offset N] [--json]\n"
  "       mandate dispute scrutineer-register CODE --out FILE.csv --db PATH\n"
  "                               [--include-unverified]\n"
  "       mandate dispute ballot-notice CODE --opens DATE [--closes DATE]\n"
  "                               --out FILE.html --db PATH\n"
  "       mandate dispute ballot-open CODE --opens DATE --closes DATE --db PATH\n"
  "       mandate dispute scrutineer-update CODE --returned N [--unit U] --on DATE --db PATH\n"
  "       mandate dispute posted-links CODE --base-url URL --out FILE.csv --db PATH\n"
  "       mandate dispute turnout CODE --db PATH [--json]\n"
  "       mandate dispute result-notice CODE --opens DATE --votes V --yes Y --no N\n"
  "                               [...] --out FILE.html [--pdf FILE] --db PATH\n"
  "       mandate dispute action-notice CODE (--starts DATE | --dates D,D,...)\n"
  "                               [...] --out FILE.html [--pdf FILE] --db PATH\n"
  "       mandate dispute sample-paper CODE --opens DATE [...]\n"
  "                               --out FILE.html [--pdf FILE] --db PATH\n"
  "\n"
  "A dispute names the employers it is with and its constituency. For every\n"
  "active member in the constituency it says whether action would be primary\n"
  "(their own, on-paper employer is a party to the dispute) or secondary (it\n"
  "is not: unlawful under TULRCA s224), or that their employer is unknown, and\n"
  "why. Fix the constituency, or add the employer, before balloting.\n"
  "'mandate dispute SUBCOMMAND --help' tells more; see docs/disputes.md.\n"
  "Not legal advice.\n";

static const char zCreateUsage[] =
  "usage: mandate dispute create CODE --title T --regime R --employer NAME\n"
  "                              [--employer NAME ...] --unit CODE [--unit CODE ...]\n"
  "                              [--category C ...] [--employment-type E ...]\n"
  "                              [--issue TEXT] --db PATH\n"
  "\n"
  "Create dispute CODE (letters, digits, - _ .) with the employers it is with\n"
  "and its constituency: the active members whose workplace lies under one of\n"
  "the units, narrowed to the categories and employment types given (none\n"
  "given: all). Then prints how many members in scope are primary, secondary\n"
  "or of unknown employer, and what to fix. Nothing is written if anything is\n"
  "wrong; every problem is listed.\n"
  "\n"
  "  --title T              the dispute's title\n"
  "  --regime R             the legal regime (mandate rules list)\n"
  "  --employer NAME        an employer party to the dispute, exactly as in the\n"
  "                         register; repeat for each (names may hold commas)\n"
  "  --unit CODE            a unit whose subtree is in scope; repeat, or CODE,CODE\n"
  "  --category C           only members of this category (e.g. \"resident\n"
  "                         doctor\"; case ignored); repeat for each\n"
  "  --employment-type E    only these employment types (employed, salaried,\n"
  "                         partner, locum, agency, bank, casual, contractor);\n"
  "                         repeat, or E,E\n"
  "  --issue TEXT           what the dispute is about\n"
  "  --db PATH              the register database\n";

static const char zAddEmployerUsage[] =
  "usage: mandate dispute add-employer CODE NAME --db PATH\n"
  "\n"
  "Make employer NAME (exactly as in the register) a party to dispute CODE,\n"
  "so that its staff in scope are primary; then print the new counts.\n";

static const char zAddUnitUsage[] =
  "usage: mandate dispute add-unit CODE UNIT --db PATH\n"
  "\n"
  "Add unit UNIT's subtree to dispute CODE's constituency; then print the\n"
  "new counts.\n";

static const char zListUsage[] =
  "usage: mandate dispute list --db PATH [--json]\n"
  "\n"
  "Every dispute: its code, regime, the day it was created and its title.\n";

static const char zShowUsage[] =
  "usage: mandate dispute show CODE --db PATH [--json]\n"
  "\n"
  "Dispute CODE: who it is with, its constituency, how many active members in\n"
  "it are primary, secondary or of unknown employer, the counts by employer,\n"
  "and what to fix before balloting, in words.\n"
  "\n"
  "  --json   one object: code, title, issue, regime, created_on, employers[],\n"
  "           units[], categories[], employment_types[], in_scope,\n"
  "           counts{primary,secondary,unknown}, by_employer[{employer,party,\n"
  "           class,members}], advice[]\n";

static const char zMembersUsage[] =
  "usage: mandate dispute members CODE --db PATH [--class C] [--limit N]\n"
  "                               [--offset N] [--json]\n"
  "\n"
  "The active members in dispute CODE's constituency, each with their class\n"
  "and the reason: unknown employer first, then secondary, then primary; by\n"
  "employer and name within each.\n"
  "\n"
  "  --class C    only primary, secondary or unknown\n"
  "  --limit N    at most N members (default 100, at most 100000)\n"
  "  --offset N   skip the first N\n"
  "  --json       {dispute, class, total, offset, limit, members:[{number, name,\n"
  "               employer, workplace, workplace_name, category,\n"
  "               employment_type, class, reason}]}\n";

static const char zRegisterUsage[] =
  "usage: mandate dispute scrutineer-register CODE --out FILE.csv --db PATH\n"
  "                               [--include-unverified]\n"
  "\n"
  "Write the register the independent scrutineer needs to post ballot papers\n"
  "for dispute CODE: everyone who would be entitled to vote (active members in\n"
  "the constituency whose own employer is a party: class primary), by\n"
  "workplace and name, with the columns membership_number, first_name,\n"
  "last_name, address_line1, address_line2, town, postcode, workplace,\n"
  "category. Members whose address on record is a workplace are refused: left\n"
  "out and listed on stderr. Members whose home address is unverified,\n"
  "incomplete (no line 1 or postcode) or not known to be a home address are\n"
  "left out and listed too, unless --include-unverified.\n"
  "\n"
  "  --out FILE            the CSV to write (mode 0600: it is personal data;\n"
  "                        an existing file is replaced)\n"
  "  --include-unverified  keep unverified and incomplete home addresses, with\n"
  "                        a tenth column, address_flag, saying what is wrong\n"
  "  --db PATH             the register database\n"
  "\n"
  "A field beginning with = + - @ (or a tab or carriage return) is written with\n"
  "a ' in front, so a spreadsheet cannot run it as a formula.\n";

static const char zNoticeUsage[] =
  "usage: mandate dispute ballot-notice CODE --opens DATE [--closes DATE]\n"
  "                               --out FILE.html --db PATH\n"
  "\n"
  "Draft the notice of an industrial action ballot (TULRCA s226A) to each\n"
  "employer party to dispute CODE that employs members in its constituency,\n"
  "one printable page each in one HTML file: the opening day, the day by which\n"
  "the employer must receive the notice (from the dispute's regime: not later\n"
  "than the 7th day before the opening day), the total number of employees\n"
  "concerned, the numbers by category and by workplace, and how they were\n"
  "reached (the register as it stands today). A draft: not legal advice.\n"
  "\n"
  "  --opens DATE    the opening day: the first voting paper is sent\n"
  "  --closes DATE   the day the ballot closes (optional)\n"
  "  --out FILE      the HTML to write (mode 0600; an existing file is replaced)\n"
  "  --db PATH       the register database\n";

/* A list of option values; owns its strings. */
typedef struct StrList StrList;
struct StrList {
  int n;
  char **az;        /* owned, and each string in it */
};

static void strlist_add(StrList *p, const char *z, size_t n){
  p->az = xrealloc(p->az, (size_t)(p->n+1)*sizeof(char*));
  p->az[p->n++] = xstrndup(z, n);
}

static void strlist_clear(StrList *p){
  for(int i=0; i<p->n; i++) free(p->az[i]);
  free(p->az);
  memset(p, 0, sizeof(*p));
}

/* Add zVal to pList: whole, or split at commas (spaces around each part
** trimmed, empty parts dropped) when splitCommas. */
static void add_values(StrList *pList, const char *zVal, int splitCommas){
  if( !splitCommas ){ strlist_add(pList, zVal, strlen(zVal)); return; }
  const char *p = zVal;
  for(;;){
    const char *zEnd = strchr(p, ',');
    size_t n = zEnd ? (size_t)(zEnd-p) : strlen(p);
    const char *q = p;
    while( n && *q==' ' ){ q++; n--; }
    while( n && q[n-1]==' ' ) n--;
    if( n ) strlist_add(pList, q, n);
    if( !zEnd ) break;
    p = zEnd+1;
  }
}

/* A repeatable option: cli_parse() keeps only the last of an option given
** twice, so these are taken out of argv before it runs. */
typedef struct Repeated Repeated;
struct Repeated {
  const char *zName;     /* "--employer" */
  int splitCommas;       /* also accept "A,B" */
  StrList *pList;        /* OUT: the values, in order */
};

/* Move every occurrence of the options in aRep ("--x V" or "--x=V") out of
** argv[1..argc-1], compacting it, up to a "--". azSkip names the command's
** other options that take a value, whose values are left alone. Returns the
** new argc, or -1 after printing a usage error. */
static int take_repeated(int argc, char **argv, const Repeated *aRep, int nRep,
                         const char *const *azSkip, const char *zUsage){
  int j = 1;
  for(int i=1; i<argc; i++){
    const char *z = argv[i];
    if( strcmp(z, "--")==0 ){
      while( i<argc ) argv[j++] = argv[i++];
      break;
    }
    int k = 0;
    size_t nName = 0;
    for(; k<nRep; k++){
      nName = strlen(aRep[k].zName);
      if( strncmp(z, aRep[k].zName, nName)==0 && (z[nName]==0 || z[nName]=='=') ) break;
    }
    if( k<nRep ){
      const char *zVal;
      if( z[nName]=='=' ){
        zVal = z+nName+1;
      }else if( i+1<argc ){
        zVal = argv[++i];
      }else{
        fprintf(stderr, "mandate %s: %s needs a value\n%s", argv[0], aRep[k].zName, zUsage);
        return -1;
      }
      add_values(aRep[k].pList, zVal, aRep[k].splitCommas);
      continue;
    }
    argv[j++] = argv[i];
    for(int s=0; azSkip && azSkip[s]; s++){
      if( strcmp(z, azSkip[s])==0 && i+1<argc ){ argv[j++] = argv[++i]; break; }
    }
  }
  return j;
}

/* Print the class counts and the advice of dispute zCode, in words. */
static int print_counts(Db *db, const char *zCode){
  Dispute d;
  DisputeSummary sum;
  if( dispute_load(db, zCode, &d) || dispute_summarise(db, &d, &sum) ){
    cli_error("%s", db_errmsg(db));
    dispute_clear(&d);
    return EXIT_USER;
  }
  printf("%lld active members in scope: %lld primary, %lld secondary, %lld unknown employer\n",
         (long long)sum.nInScope, (long long)sum.anClass[DISPUTE_PRIMARY],
         (long long)sum.anClass[DISPUTE_SECONDARY], (long long)sum.anClass[DISPUTE_UNKNOWN]);
  for(int i=0; i<sum.nAdvice; i++) printf("  - %s\n", sum.azAdvice[i]);
  dispute_summary_clear(&sum);
  dispute_clear(&d);
  return EXIT_OK;
}

/*
** mandate dispute create CODE --title T --regime R --employer NAME ... --unit CODE ...
*/
static int dispute_create_cmd(int argc, char **argv){
  StrList employers = {0}, units = {0}, categories = {0}, types = {0};
  const Repeated aRep[] = {
    { "--employer", 0, &employers }, { "--unit", 1, &units },
    { "--category", 0, &categories }, { "--employment-type", 1, &types } };
  static const char *const azSkip[] = { "--title", "--regime", "--issue", "--db", 0 };
  const char *zDb = 0, *zTitle = 0, *zRegime = 0, *zIssue = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--title", &zTitle, 0 },
                          { "--regime", &zRegime, 0 }, { "--issue", &zIssue, 0 }, { 0 } };
  char *azPos[1];
  int nPos = 0, rc = EXIT_USAGE;
  Db *db = 0;
  LawSet *pLaw = 0;
  argc = take_repeated(argc, argv, aRep, 4, azSkip, zCreateUsage);
  if( argc<0 ) goto out;
  int r = cli_parse(argc, argv, aOpt, zCreateUsage, azPos, 1, &nPos);
  if( r ){ rc = r>0 ? EXIT_OK : EXIT_USAGE; goto out; }
  if( cli_need_db(zDb, argv[0], zCreateUsage) ) goto out;
  if( nPos!=1 || !zTitle || !zRegime || employers.n==0 || units.n==0 ){
    fprintf(stderr, "mandate %s: CODE, --title, --regime, --employer and --unit are required\n%s",
            argv[0], zCreateUsage);
    goto out;
  }
  rc = EXIT_USER;
  char *zErr = 0;
  if( law_load(0, &pLaw, &zErr) ){
    cli_error("the legal regimes could not be loaded:\n%s", zErr);
    free(zErr);
    goto out;
  }
  if( (db = cli_open_db(zDb, 0))==0 ) goto out;
  char zToday[11];
  date_today(zToday);
  DisputeSpec spec = {
    .zCode = azPos[0], .zTitle = zTitle, .zIssue = zIssue, .zRegime = zRegime,
    .zCreatedOn = zToday,
    .nEmployer = employers.n, .azEmployer = (const char *const *)employers.az,
    .nUnit = units.n, .azUnit = (const char *const *)units.az,
    .nCategory = categories.n, .azCategory = (const char *const *)categories.az,
    .nType = types.n, .azType = (const char *const *)types.az };
  if( dispute_create(db, pLaw, &spec, &zErr) ){
    fprintf(stderr, "mandate: dispute %s was not created:\n%s\n", azPos[0], zErr);
    free(zErr);
    goto out;
  }
  printf("dispute %s created\n", azPos[0]);
  rc = print_counts(db, azPos[0]);
out:
  db_close(db);
  law_free(pLaw);
  strlist_clear(&employers);
  strlist_clear(&units);
  strlist_clear(&categories);
  strlist_clear(&types);
  return rc;
}

/* add-employer and add-unit: CODE THING --db PATH. */
static int dispute_add(int argc, char **argv, const char *zUsage, int isUnit){
  const char *zDb = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { 0 } };
  char *azPos[2];
  int nPos, rc = cli_parse(argc, argv, aOpt, zUsage, azPos, 2, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zUsage) ) return EXIT_USAGE;
  if( nPos!=2 ){
    fprintf(stderr, "mandate %s: expected CODE and %s\n%s", argv[0], isUnit ? "UNIT" : "NAME", zUsage);
    return EXIT_USAGE;
  }
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  char *zErr = 0;
  int r = isUnit ? dispute_add_unit(db, azPos[0], azPos[1], &zErr)
                 : dispute_add_employer(db, azPos[0], azPos[1], &zErr);
  if( r<0 ){
    cli_error("%s", zErr);
    free(zErr);
    db_close(db);
    return EXIT_USER;
  }
  if( isUnit ){
    printf(r ? "%s was already in dispute %s's scope\n" : "%s added to dispute %s's scope\n",
           azPos[1], azPos[0]);
  }else{
    printf(r ? "%s was already a party to dispute %s\n" : "%s is now a party to dispute %s\n",
           azPos[1], azPos[0]);
  }
  rc = print_counts(db, azPos[0]);
  db_close(db);
  return rc;
}

static int dispute_add_employer_cmd(int argc, char **argv){
  return dispute_add(argc, argv, zAddEmployerUsage, 0);
}

static int dispute_add_unit_cmd(int argc, char **argv){
  return dispute_add(argc, argv, zAddUnitUsage, 1);
}

/*
** mandate dispute list --db PATH [--json]
*/
static int dispute_list_cmd(int argc, char **argv){
  const char *zDb = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zListUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zListUsage) ) return EXIT_USAGE;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  json_t *a = dispute_list_json(db);
  if( a==0 ){ cli_error("%s", db_errmsg(db)); db_close(db); return EXIT_USER; }
  if( asJson ){
    cli_print_json(a);
  }else{
    if( json_array_size(a)==0 ) printf("no disputes yet: mandate dispute create --help\n");
    for(size_t i=0; i<json_array_size(a); i++){
      json_t *o = json_array_get(a, i);
      printf("%-16s %-16s %s  %s\n", json_string_value(json_object_get(o, "code")),
             json_string_value(json_object_get(o, "regime")),
             json_string_value(json_object_get(o, "created_on")),
             json_string_value(json_object_get(o, "title")));
    }
    json_decref(a);
  }
  db_close(db);
  return EXIT_OK;
}

Db *cli_open_dispute(const char *zDb, const char *zCode, Dispute *pD){
  memset(pD, 0, sizeof(*pD));
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return 0;
  int r = dispute_load(db, zCode, pD);
  if( r==0 ) return db;
  if( r>0 ) cli_error("no dispute with code %s (mandate dispute list)", zCode);
  else cli_error("%s", db_errmsg(db));
  dispute_clear(pD);
  db_close(db);
  return 0;
}

/*
** mandate dispute show CODE --db PATH [--json]
*/
static int dispute_show_cmd(int argc, char **argv){
  const char *zDb = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zShowUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zShowUsage) ) return EXIT_USAGE;
  if( nPos!=1 ){ fprintf(stderr, "mandate %s: expected CODE\n%s", argv[0], zShowUsage); return EXIT_USAGE; }
  Dispute d;
  Db *db = cli_open_dispute(zDb, azPos[0], &d);
  if( db==0 ) return EXIT_USER;
  DisputeSummary sum;
  if( dispute_summarise(db, &d, &sum) ){
    cli_error("%s", db_errmsg(db));
    dispute_clear(&d);
    db_close(db);
    return EXIT_USER;
  }
  if( asJson ){
    cli_print_json(dispute_json(&d, &sum));
  }else{
    printf("Dispute %s: %s\n", d.zCode, d.zTitle);
    printf("  regime      %s\n", d.zRegime);
    printf("  created     %s\n", d.zCreatedOn);
    if( d.zIssue[0] ) printf("  issue       %s\n", d.zIssue);
    for(int i=0; i<d.nParty; i++) printf("  %-11s %s\n", i ? "" : "with", d.aParty[i].zName);
    for(int i=0; i<d.nUnit; i++){
      printf("  %-11s %s %s\n", i ? "" : "scope", d.aUnit[i].zCode, d.aUnit[i].zName);
    }
    for(int i=0; i<d.nCategory; i++) printf("  %-11s %s\n", i ? "" : "categories", d.azCategory[i]);
    for(int i=0; i<d.nType; i++) printf("  %-11s %s\n", i ? "" : "employment", d.azType[i]);
    printf("\n%lld active members in scope\n", (long long)sum.nInScope);
    printf("  %9lld  primary: employed by a party to the dispute\n", (long long)sum.anClass[DISPUTE_PRIMARY]);
    printf("  %9lld  secondary: employed by an employer that is not a party\n", (long long)sum.anClass[DISPUTE_SECONDARY]);
    printf("  %9lld  unknown employer\n", (long long)sum.anClass[DISPUTE_UNKNOWN]);
    if( sum.nEmployer ){
      printf("\nBy employer\n  %9s  %-10s %s\n", "members", "class", "employer");
      for(int i=0; i<sum.nEmployer; i++){
        const DisputeEmployerCount *q = &sum.aEmployer[i];
        printf("  %9lld  %-10s %s\n", (long long)q->n, dispute_class_name(q->cls),
               q->zEmployer[0] ? q->zEmployer : "(no employer on record)");
      }
    }
    if( sum.nAdvice ){
      printf("\nWhat to fix before balloting\n");
      for(int i=0; i<sum.nAdvice; i++) printf("  - %s\n", sum.azAdvice[i]);
    }
    printf("\nNot legal advice: see docs/disputes.md.\n");
  }
  dispute_summary_clear(&sum);
  dispute_clear(&d);
  db_close(db);
  return EXIT_OK;
}

/* A whole number 0..nMax from option zOpt; prints why and returns -1. */
static int parse_int(const char *zOpt, const char *z, int nMax, int *pN){
  char *zEnd = 0;
  errno = 0;
  long n = (z[0]>='0' && z[0]<='9') ? strtol(z, &zEnd, 10) : -1;
  if( n<0 || errno || *zEnd || n>nMax ){
    fprintf(stderr, "mandate dispute members: %s: expected a whole number from 0 to %d, got \"%s\"\n",
            zOpt, nMax, z);
    return -1;
  }
  *pN = (int)n;
  return 0;
}

/*
** mandate dispute members CODE --db PATH [--class C] [--limit N] [--offset N] [--json]
*/
static int dispute_members_cmd(int argc, char **argv){
  const char *zDb = 0, *zClass = 0, *zLimit = 0, *zOffset = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--class", &zClass, 0 },
                          { "--limit", &zLimit, 0 }, { "--offset", &zOffset, 0 },
                          { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zMembersUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zMembersUsage) ) return EXIT_USAGE;
  if( nPos!=1 ){ fprintf(stderr, "mandate %s: expected CODE\n%s", argv[0], zMembersUsage); return EXIT_USAGE; }
  int cls = -1, limit = 100, offset = 0;
  if( zClass && (cls = dispute_class_from_name(zClass))<0 ){
    fprintf(stderr, "mandate %s: --class: expected primary, secondary or unknown, got \"%s\"\n",
            argv[0], zClass);
    return EXIT_USAGE;
  }
  if( zLimit && parse_int("--limit", zLimit, 100000, &limit) ) return EXIT_USAGE;
  if( zOffset && parse_int("--offset", zOffset, 2000000000, &offset) ) return EXIT_USAGE;
  Dispute d;
  Db *db = cli_open_dispute(zDb, azPos[0], &d);
  if( db==0 ) return EXIT_USER;
  DisputeMemberList L;
  if( dispute_members(db, &d, cls, offset, limit, &L) ){
    cli_error("%s", db_errmsg(db));
    dispute_member_list_clear(&L);
    dispute_clear(&d);
    db_close(db);
    return EXIT_USER;
  }
  if( asJson ){
    json_t *o = json_object(), *a = json_array();
    json_object_set_new(o, "dispute", json_string(d.zCode));
    json_object_set_new(o, "class", cls<0 ? json_null() : json_string(dispute_class_name(cls)));
    json_object_set_new(o, "total", json_integer((json_int_t)L.nTotal));
    json_object_set_new(o, "offset", json_integer(offset));
    json_object_set_new(o, "limit", json_integer(limit));
    for(int i=0; i<L.n; i++) json_array_append_new(a, dispute_member_json(&L.a[i]));
    json_object_set_new(o, "members", a);
    cli_print_json(o);
  }else{
    printf("%-10s %-28s %-12s %-10s %s\n", "number", "name", "workplace", "class", "reason");
    for(int i=0; i<L.n; i++){
      const DisputeMember *m = &L.a[i];
      printf("%-10s %-28.28s %-12s %-10s %s\n", m->zNumber, m->zName, m->zUnitCode,
             dispute_class_name(m->cls), m->zReason);
    }
    if( L.n==0 ){
      printf("(none)\n");
    }else{
      printf("%d to %lld of %lld", offset+1, (long long)offset+L.n, (long long)L.nTotal);
      if( offset+L.n<L.nTotal ) printf("; --offset %lld for more", (long long)offset+L.n);
      printf("\n");
    }
  }
  dispute_member_list_clear(&L);
  dispute_clear(&d);
  db_close(db);
  return EXIT_OK;
}

/*
** mandate dispute scrutineer-register CODE --out FILE --db PATH [--include-unverified]
*/
static int dispute_register_cmd(int argc, char **argv){
  const char *zDb = 0, *zOut = 0;
  int includeUnverified = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--out", &zOut, 0 },
                          { "--include-unverified", 0, &includeUnverified }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zRegisterUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zRegisterUsage) ) return EXIT_USAGE;
  if( nPos!=1 || zOut==0 || zOut[0]==0 ){
    fprintf(stderr, "mandate %s: CODE and --out are required\n%s", argv[0], zRegisterUsage);
    return EXIT_USAGE;
  }
  Dispute d;
  Db *db = cli_open_dispute(zDb, azPos[0], &d);
  if( db==0 ) return EXIT_USER;
  DisputeRegister R;
  rc = EXIT_USER;
  if( dispute_scrutineer_register(db, &d, includeUnverified, &R) ){
    cli_error("%s", db_errmsg(db));
    goto out;
  }
  if( R.nEntitled==0 ){
    cli_error("no one in dispute %s's constituency is employed by a party to it: no one"
              " would be entitled to vote (mandate dispute show %s); nothing written",
              d.zCode, d.zCode);
    goto out;
  }
  fputs(buf_str(&R.leftOut), stderr);
  if( cli_write_file(zOut, R.csv.z, R.csv.n, 0600, 0) ) goto out;
  printf("scrutineer register for dispute %s written to %s (mode 0600)\n", d.zCode, zOut);
  printf("  %lld entitled to vote (active, in scope, employed by a party)\n", (long long)R.nEntitled);
  printf("  %lld written\n", (long long)R.nWritten);
  printf("  %lld left out with a workplace address (listed on stderr)\n", (long long)R.nWorkplace);
  if( includeUnverified ){
    printf("  %lld unverified or incomplete home address: written, flagged in address_flag\n",
           (long long)R.nUnverified);
  }else{
    printf("  %lld left out with an unverified or incomplete home address (listed on stderr;"
           " --include-unverified keeps them, flagged)\n", (long long)R.nUnverified);
  }
  if( R.nWritten<R.nEntitled ){
    printf("Everyone entitled to vote must be sent a paper (TULRCA s227, s230): record a home"
           " address for each member left out before the ballot opens.\n");
  }
  rc = EXIT_OK;
out:
  dispute_register_clear(&R);
  dispute_clear(&d);
  db_close(db);
  return rc;
}

/*
** mandate dispute ballot-notice CODE --opens DATE [--closes DATE] --out FILE --db PATH
*/
static int dispute_notice_cmd(int argc, char **argv){
  const char *zDb = 0, *zOut = 0, *zOpensArg = 0, *zClosesArg = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--out", &zOut, 0 },
                          { "--opens", &zOpensArg, 0 }, { "--closes", &zClosesArg, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zNoticeUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zNoticeUsage) ) return EXIT_USAGE;
  if( nPos!=1 || zOut==0 || zOut[0]==0 || zOpensArg==0 ){
    fprintf(stderr, "mandate %s: CODE, --opens and --out are required\n%s", argv[0], zNoticeUsage);
    return EXIT_USAGE;
  }
  char zOpens[11], zCloses[11] = "", zToday[11];
  if( cli_date_opt(argv[0], "--opens", zOpensArg, zOpens) ) return EXIT_USAGE;
  if( zClosesArg && cli_date_opt(argv[0], "--closes", zClosesArg, zCloses) ) return EXIT_USAGE;
  if( zCloses[0] && strcmp(zCloses, zOpens)<0 ){
    fprintf(stderr, "mandate %s: the ballot closes (%s) before it opens (%s)\n", argv[0], zCloses, zOpens);
    return EXIT_USAGE;
  }
  date_today(zToday);
  char *zErr = 0;
  LawSet *pLaw = 0;
  if( law_load(0, &pLaw, &zErr) ){
    cli_error("the legal regimes could not be loaded:\n%s", zErr);
    free(zErr);
    return EXIT_USER;
  }
  Dispute d;
  Db *db = cli_open_dispute(zDb, azPos[0], &d);
  if( db==0 ){ law_free(pLaw); return EXIT_USER; }
  DisputeNotice N;
  rc = EXIT_USER;
  if( dispute_ballot_notice(db, pLaw, &d, zOpens, zCloses[0] ? zCloses : 0, zToday, &N, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    goto out;
  }
  if( cli_write_file(zOut, N.html.z, N.html.n, 0600, 0) ) goto out;
  printf("notice of ballot for dispute %s written to %s: %d notice%s\n", d.zCode, zOut,
         N.nEmployer, N.nEmployer==1 ? "" : "s");
  for(int i=0; i<N.nEmployer; i++){
    printf("  %s: %lld employee%s concerned\n", N.aEmployer[i].zEmployer,
           (long long)N.aEmployer[i].nTotal, N.aEmployer[i].nTotal==1 ? "" : "s");
  }
  for(int i=0; i<N.nSkipped; i++){
    printf("  no notice to %s: it employs no active member in scope\n", N.azSkipped[i]);
  }
  printf("The ballot opens %s; each employer must receive its notice by %s (%s).\n",
         N.zOpens, N.zReceivedBy, N.zSection);
  for(int i=0; i<N.nWarn; i++) fprintf(stderr, "mandate: warning: %s\n", N.azWarn[i]);
  printf("A draft to check and send: not legal advice.\n");
  rc = EXIT_OK;
out:
  dispute_notice_clear(&N);
  dispute_clear(&d);
  db_close(db);
  law_free(pLaw);
  return rc;
}

static const CliSub aDisputeCmd[] = {
  { "create",       "dispute create",       dispute_create_cmd },
  { "add-employer", "dispute add-employer", dispute_add_employer_cmd },
  { "add-unit",     "dispute add-unit",     dispute_add_unit_cmd },
  { "list",         "dispute list",         dispute_list_cmd },
  { "show",         "dispute show",         dispute_show_cmd },
  { "members",      "dispute members",      dispute_members_cmd },
  { "scrutineer-register", "dispute scrutineer-register", dispute_register_cmd },
  { "ballot-notice", "dispute ballot-notice", dispute_notice_cmd },
  { "ballot-open", "dispute ballot-open", cmd_dispute_ballot_open },             /* cmd_turnout.c */
  { "scrutineer-update", "dispute scrutineer-update", cmd_dispute_scrutineer_update },
  { "posted-links", "dispute posted-links", cmd_dispute_posted_links },
  { "turnout", "dispute turnout", cmd_dispute_turnout },
  { "result-notice", "dispute result-notice", dispute_result_notice_cmd },   /* cmd_notices.c */
  { "action-notice", "dispute action-notice", dispute_action_notice_cmd },
  { "sample-paper",  "dispute sample-paper",  dispute_sample_paper_cmd },
};

/*
** mandate dispute SUBCOMMAND ...: disputes and primary/secondary action.
*/
int cmd_dispute(int argc, char **argv){
  return cli_subcommand(argc, argv, aDisputeCmd, (int)(sizeof(aDisputeCmd)/sizeof(aDisputeCmd[0])),
                        zDisputeUsage);
}
