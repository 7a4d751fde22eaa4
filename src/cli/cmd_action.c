/* cmd_action.c: `mandate action create|add-days|set-pay|set-fund|list|show|
** compare|delete`: industrial action planned as scenarios against the
** strike fund, and their figures side by side (docs/action.md). */
#include "cli.h"
#include "../domain/action_plan.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zActionUsage[] =
  "usage: mandate action create CODE --title T --starts DATE --days N --kind K\n"
  "                             [--unit CODE,...] [--on-days LIST] [--per-day N]\n"
  "                             [--dispute CODE] [--pay £] [--levy £]\n"
  "                             [--balance £] [--income £] --db PATH\n"
  "       mandate action add-days CODE --kind K [--unit CODE,...] [--on-days LIST]\n"
  "                             [--per-day N] --db PATH\n"
  "       mandate action set-pay CODE (--default £ | --category C --rate £) --db PATH\n"
  "       mandate action set-fund CODE [--balance £] [--income £] [--levy £] --db PATH\n"
  "       mandate action list --db PATH [--json]\n"
  "       mandate action show CODE [--unit CODE] --db PATH [--json]\n"
  "       mandate action compare CODE CODE ... [--unit CODE] --db PATH [--json]\n"
  "       mandate action delete CODE --db PATH\n"
  "\n"
  "Plan industrial action as scenarios: which units take action on which\n"
  "days (all-out, rolling or targeted), strike pay per day by category, a\n"
  "weekly levy on members not taking action, the strike fund's balance and\n"
  "income. For each scenario: members out and the cost per day, the fund's\n"
  "balance day by day, how many days it lasts, and the share of members\n"
  "carrying the action. Linked to a dispute, only members who could lawfully\n"
  "act (primary: employed by a party, in its constituency) are counted out.\n"
  "'mandate action SUBCOMMAND --help' tells more; see docs/action.md.\n";

static const char zCreateUsage[] =
  "usage: mandate action create CODE --title T --starts DATE --days N --kind K\n"
  "                             [--unit CODE,...] [--on-days LIST] [--per-day N]\n"
  "                             [--dispute CODE] [--pay £] [--levy £]\n"
  "                             [--balance £] [--income £] --db PATH\n"
  "\n"
  "Create scenario CODE (letters, digits, - _ .): a plan of N calendar days\n"
  "from DATE, with its first actions, then print its figures. Nothing is\n"
  "written if anything is wrong; every problem is listed.\n"
  "\n"
  "  --title T        the scenario's title\n"
  "  --starts DATE    day 1 of the plan (YYYY-MM-DD)\n"
  "  --days N         how many calendar days the plan covers (1-366)\n"
  "  --kind K         all-out: every unit in the dispute's constituency (or\n"
  "                   the whole union without a dispute) takes action;\n"
  "                   rolling: the --unit units take turns, --per-day of them\n"
  "                   each action day, in the order given;\n"
  "                   targeted: the --unit units take action every action day\n"
  "  --unit CODE,...  the units (each unit's subtree takes action)\n"
  "  --on-days LIST   the plan days with action, e.g. 1-3,8-10 (default: all)\n"
  "  --per-day N      rolling: units out each action day (default 1)\n"
  "  --dispute CODE   count out only members who could lawfully act in it\n"
  "  --pay £          strike pay per member per day out (default £0; set a\n"
  "                   rate by category with set-pay)\n"
  "  --levy £         levy per week on each member not out (default £0)\n"
  "  --balance £      the strike fund on day 1 (default £0)\n"
  "  --income £       the fund's income per week besides the levy (default £0)\n"
  "  --db PATH        the register database\n"
  "\n"
  "Amounts are pounds: 50, 12.50, £1,200 (quote the £ in a shell).\n";

static const char zAddDaysUsage[] =
  "usage: mandate action add-days CODE --kind K [--unit CODE,...] [--on-days LIST]\n"
  "                             [--per-day N] --db PATH\n"
  "\n"
  "Add actions to scenario CODE, chosen as for create: all-out, rolling or\n"
  "targeted units on the --on-days days (default every day). A unit already\n"
  "out on a day stays out once.\n";

static const char zSetPayUsage[] =
  "usage: mandate action set-pay CODE (--default £ | --category C --rate £) --db PATH\n"
  "\n"
  "Set scenario CODE's strike pay per member per day: the default rate, or\n"
  "the rate for members of category C (e.g. \"resident doctor\"; case ignored).\n";

static const char zSetFundUsage[] =
  "usage: mandate action set-fund CODE [--balance £] [--income £] [--levy £] --db PATH\n"
  "\n"
  "Set scenario CODE's strike fund: its balance on day 1, its income per week\n"
  "besides the levy, and the levy per week on each member not out.\n";

static const char zListUsage[] =
  "usage: mandate action list --db PATH [--json]\n"
  "\n"
  "Every scenario: its code, dispute, first day, length and title.\n";

static const char zShowUsage[] =
  "usage: mandate action show CODE [--unit CODE] --db PATH [--json]\n"
  "\n"
  "Scenario CODE worked out against the register: members carrying the\n"
  "action, members out, strike pay, levy and the fund's balance each day, and\n"
  "how many days the fund lasts.\n"
  "\n"
  "  --unit CODE   only that unit's subtree (as a branch secretary sees it):\n"
  "                its members out, their pay and levy; no fund balance\n"
  "  --json        one object: code, title, dispute, starts_on, days, pay,\n"
  "                levy, fund, scope, active_members, carrying, carrying_pct,\n"
  "                days_fund_lasts, lasts_whole_plan, runs_out_on, actions[],\n"
  "                per_day[{day,date,units,out,pay_pence,levy_pence,\n"
  "                income_pence,net_pence,balance_pence}] (docs/action.md)\n";

static const char zCompareUsage[] =
  "usage: mandate action compare CODE CODE ... [--unit CODE] --db PATH [--json]\n"
  "\n"
  "Scenarios side by side (at most 8): members carrying the action, peak\n"
  "out, cost, levy, the fund at the end and how many days it lasts.\n"
  "\n"
  "  --unit CODE   only that unit's subtree, as for show\n"
  "  --json        {\"scope\":{code,name},\"scenarios\":[as show --json]}\n";

static const char zDeleteUsage[] =
  "usage: mandate action delete CODE --db PATH\n"
  "\n"
  "Delete scenario CODE with its actions and pay rates.\n";

/* A list split at commas (spaces trimmed, empty parts dropped). */
typedef struct CodeList CodeList;
struct CodeList {
  int n;
  char **az;        /* owned, and each string */
};

static void codelist_split(CodeList *p, const char *z){
  while( z && *z ){
    while( *z==' ' || *z==',' ) z++;
    size_t n = 0;
    while( z[n] && z[n]!=',' ) n++;
    size_t m = n;
    while( m && z[m-1]==' ' ) m--;
    if( m ){
      p->az = xrealloc(p->az, (size_t)(p->n+1)*sizeof(char*));
      p->az[p->n++] = xstrndup(z, m);
    }
    z += n;
  }
}

static void codelist_clear(CodeList *p){
  for(int i=0; i<p->n; i++) free(p->az[i]);
  free(p->az);
  memset(p, 0, sizeof(*p));
}

/* An amount of money from option zOpt into *pPence; prints why and returns -1. */
static int money_opt(const char *zCmd, const char *zOpt, const char *z, int64_t nMax,
                     int64_t *pPence){
  if( z==0 ) return 0;
  if( action_parse_money(z, nMax, pPence)==0 ) return 0;
  char zMax[40];
  action_money_text(nMax, zMax, sizeof zMax);
  fprintf(stderr, "mandate %s: %s: expected an amount in pounds from 0 to %s, like 12.50,"
                  " got \"%s\"\n", zCmd, zOpt, zMax, z);
  return -1;
}

/* A whole number lo..hi from option zOpt; prints why and returns -1. */
static int int_opt(const char *zCmd, const char *zOpt, const char *z, int lo, int hi, int *pN){
  if( z==0 ) return 0;
  char *zEnd = 0;
  long n = (z[0]>='0' && z[0]<='9') ? strtol(z, &zEnd, 10) : -1;
  if( n<lo || n>hi || *zEnd ){
    fprintf(stderr, "mandate %s: %s: expected a whole number from %d to %d, got \"%s\"\n",
            zCmd, zOpt, lo, hi, z);
    return -1;
  }
  *pN = (int)n;
  return 0;
}

/* The --kind value; prints why and returns -1. */
static int kind_opt(const char *zCmd, const char *z, int *pKind){
  if( z==0 ){
    fprintf(stderr, "mandate %s: --kind is required: all-out, rolling or targeted\n", zCmd);
    return -1;
  }
  if( (*pKind = action_kind_from_name(z))<0 ){
    fprintf(stderr, "mandate %s: --kind: expected all-out, rolling or targeted, got \"%s\"\n",
            zCmd, z);
    return -1;
  }
  return 0;
}

/* Open the database and load scenario zCode; prints why and returns NULL. */
static Db *open_plan(const char *zDb, const char *zCode, ActionPlan *p){
  memset(p, 0, sizeof(*p));
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return 0;
  int r = action_load(db, zCode, p);
  if( r==0 ) return db;
  if( r>0 ) cli_error("no scenario with code %s (mandate action list)", zCode);
  else cli_error("%s", db_errmsg(db));
  action_plan_clear(p);
  db_close(db);
  return 0;
}

/* The --unit scope of show and compare into *pUnit (*ppScope NULL when
** none given). Prints why and returns -1. */
static int scope_opt(Db *db, const char *zUnit, Unit *pUnit, const Unit **ppScope){
  *ppScope = 0;
  if( zUnit==0 ) return 0;
  int r = register_unit_by_code(db, zUnit, pUnit);
  if( r ){
    if( r>0 ) cli_error("no unit with code %s", zUnit); else cli_error("%s", db_errmsg(db));
    return -1;
  }
  *ppScope = pUnit;
  return 0;
}

/* £ text of pence, in one of a few rotating static buffers (for printf). */
static const char *money(int64_t pence){
  static char azBuf[8][40];
  static int i = 0;
  i = (i+1)%8;
  action_money_text(pence, azBuf[i], sizeof azBuf[i]);
  return azBuf[i];
}

/* How long the fund lasts, in words. */
static const char *lasts_text(const ActionResult *r, char *zOut, size_t nOut){
  if( !r->hasFund ) snprintf(zOut, nOut, "(the fund is the whole union's)");
  else if( r->lastsWholePlan ) snprintf(zOut, nOut, "lasts the whole plan (%d days)", r->nDay);
  else snprintf(zOut, nOut, "%d day%s: runs out on %s", r->daysLasting,
                r->daysLasting==1 ? "" : "s", r->zRunsOutOn);
  return zOut;
}

/* Print scenario p with its figures r, in words and a table a day a line. */
static void print_plan(const ActionPlan *p, const ActionResult *r){
  char zLasts[120];
  printf("Scenario %s: %s\n", p->zCode, p->zTitle);
  if( p->zDispute[0] ){
    printf("  dispute      %s: only members who could lawfully act are counted out\n", p->zDispute);
  }
  printf("  from         %s, %d day%s\n", p->zStartsOn, p->nDays, p->nDays==1 ? "" : "s");
  printf("  strike pay   %s a day", money(p->defaultPay));
  for(int i=0; i<p->nPay; i++) printf("; %s %s", p->aPay[i].zCategory, money(p->aPay[i].pence));
  printf("\n  levy         %s a week from each member not out\n", money(p->levyWeek));
  if( r->hasFund ){
    printf("  fund         %s on day 1, plus %s a week\n", money(p->fundOpening),
           money(p->fundIncomeWeek));
  }
  printf("\nFigures for %s (%lld active members%s)\n", r->scope.zName[0] ? r->scope.zName : "the union",
         (long long)r->active, r->hasFund ? "" : "; the fund is the whole union's and is not shown");
  printf("  carrying the action  %lld members, %.1f%% of active members\n",
         (long long)r->carrying, r->carryingPct);
  if( p->zDispute[0] ){
    printf("  could lawfully act   %lld members (primary in dispute %s)\n",
           (long long)r->eligible, p->zDispute);
    if( r->cannotAct ){
      printf("  left at work         %lld members in the units called out cannot lawfully act\n",
             (long long)r->cannotAct);
    }
  }
  printf("  most out on one day  %lld\n", (long long)r->peakOut);
  printf("  days with action     %d of %d\n", r->nActionDays, r->nDay);
  printf("  strike pay           %s\n", money(r->totalPay));
  printf("  levy                 %s\n", money(r->totalLevy));
  if( r->hasFund ){
    printf("  other income         %s\n", money(r->totalIncome));
    printf("  fund at the end      %s\n", money(r->endBalance));
  }
  printf("  the fund             %s\n", lasts_text(r, zLasts, sizeof zLasts));
  printf("\n%4s  %-10s  %5s  %9s  %14s  %12s  %12s  %16s\n", "day", "date", "units", "out",
         "strike pay", "levy", "income", r->hasFund ? "balance" : "net so far");
  for(int i=0; i<r->nDay; i++){
    const ActionDayFigures *f = &r->aDay[i];
    printf("%4d  %-10s  %5d  %9lld  %14s  %12s  %12s  %16s%s\n", i+1, f->zDate, f->nUnit,
           (long long)f->out, money(f->pay), money(f->levy), money(f->income), money(f->balance),
           r->hasFund && f->balance<0 ? "  (fund exhausted)" : "");
  }
}

/* Options shared by create and add-days. */
typedef struct DaysArgs DaysArgs;
struct DaysArgs {
  const char *zKind, *zUnit, *zOnDays, *zPerDay;
  CodeList units;
  int *aDay;        /* owned */
};

/* Check the days options for a plan of nDays days into *pOut (borrowing
** from pA). Prints why and returns -1. */
static int days_args(const char *zCmd, DaysArgs *pA, int nDays, ActionDays *pOut){
  memset(pOut, 0, sizeof(*pOut));
  if( kind_opt(zCmd, pA->zKind, &pOut->kind) ) return -1;
  if( int_opt(zCmd, "--per-day", pA->zPerDay, 1, 1000, &pOut->perDay) ) return -1;
  codelist_split(&pA->units, pA->zUnit);
  pOut->nUnit = pA->units.n;
  pOut->azUnit = (const char *const *)pA->units.az;
  if( pA->zOnDays ){
    char *zErr = 0;
    if( action_parse_days(pA->zOnDays, nDays, &pA->aDay, &pOut->nDay, &zErr) ){
      fprintf(stderr, "mandate %s: --on-days: %s\n", zCmd, zErr);
      free(zErr);
      return -1;
    }
    pOut->aDay = pA->aDay;
  }
  return 0;
}

static void days_args_clear(DaysArgs *pA){
  codelist_clear(&pA->units);
  free(pA->aDay);
}

/* Load scenario zCode, work it out for the whole union and print it. */
static int show_plan(Db *db, const char *zCode){
  ActionPlan p;
  ActionResult r;
  memset(&r, 0, sizeof r);
  if( action_load(db, zCode, &p) || action_compute(db, &p, 0, &r) ){
    cli_error("%s", db_errmsg(db));
    action_plan_clear(&p);
    return EXIT_USER;
  }
  printf("\n");
  print_plan(&p, &r);
  action_result_clear(&r);
  action_plan_clear(&p);
  return EXIT_OK;
}

/*
** mandate action create CODE --title T --starts DATE --days N --kind K ...
*/
static int action_create_cmd(int argc, char **argv){
  const char *zDb = 0, *zTitle = 0, *zStarts = 0, *zDays = 0, *zDispute = 0;
  const char *zPay = 0, *zLevy = 0, *zBalance = 0, *zIncome = 0;
  DaysArgs A;
  memset(&A, 0, sizeof A);
  const CliOpt aOpt[] = {
    { "--db", &zDb, 0 }, { "--title", &zTitle, 0 }, { "--starts", &zStarts, 0 },
    { "--days", &zDays, 0 }, { "--kind", &A.zKind, 0 }, { "--unit", &A.zUnit, 0 },
    { "--on-days", &A.zOnDays, 0 }, { "--per-day", &A.zPerDay, 0 },
    { "--dispute", &zDispute, 0 }, { "--pay", &zPay, 0 }, { "--levy", &zLevy, 0 },
    { "--balance", &zBalance, 0 }, { "--income", &zIncome, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zCreateUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zCreateUsage) ) return EXIT_USAGE;
  if( nPos!=1 || !zTitle || !zStarts || !zDays ){
    fprintf(stderr, "mandate %s: CODE, --title, --starts, --days and --kind are required\n%s",
            argv[0], zCreateUsage);
    return EXIT_USAGE;
  }
  ActionSpec spec;
  memset(&spec, 0, sizeof spec);
  char zStartsOn[NORM_MAX], zToday[11];
  const char *zWhy = 0;
  rc = EXIT_USAGE;
  if( norm_date(zStarts, zStartsOn, &zWhy) ){
    fprintf(stderr, "mandate %s: --starts: expected %s, got \"%s\"\n", argv[0], zWhy, zStarts);
    goto out;
  }
  if( int_opt(argv[0], "--days", zDays, 1, ACTION_MAX_DAYS, &spec.nDays)
      || days_args(argv[0], &A, spec.nDays, &spec.days)
      || money_opt(argv[0], "--pay", zPay, ACTION_MAX_RATE, &spec.defaultPay)
      || money_opt(argv[0], "--levy", zLevy, ACTION_MAX_RATE, &spec.levyWeek)
      || money_opt(argv[0], "--balance", zBalance, ACTION_MAX_FUND, &spec.fundOpening)
      || money_opt(argv[0], "--income", zIncome, ACTION_MAX_FUND, &spec.fundIncomeWeek) ){
    goto out;
  }
  rc = EXIT_USER;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) goto out;
  date_today(zToday);
  spec.zCode = azPos[0];
  spec.zTitle = zTitle;
  spec.zDispute = zDispute;
  spec.zStartsOn = zStartsOn;
  spec.zCreatedOn = zToday;
  char *zErr = 0;
  if( action_create(db, &spec, &zErr) ){
    fprintf(stderr, "mandate: scenario %s was not created:\n%s\n", azPos[0], zErr);
    free(zErr);
  }else{
    printf("scenario %s created\n", azPos[0]);
    rc = show_plan(db, azPos[0]);
  }
  db_close(db);
out:
  days_args_clear(&A);
  return rc;
}

/*
** mandate action add-days CODE --kind K [--unit ...] [--on-days LIST] [--per-day N]
*/
static int action_add_days_cmd(int argc, char **argv){
  const char *zDb = 0;
  DaysArgs A;
  memset(&A, 0, sizeof A);
  const CliOpt aOpt[] = {
    { "--db", &zDb, 0 }, { "--kind", &A.zKind, 0 }, { "--unit", &A.zUnit, 0 },
    { "--on-days", &A.zOnDays, 0 }, { "--per-day", &A.zPerDay, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zAddDaysUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zAddDaysUsage) ) return EXIT_USAGE;
  if( nPos!=1 ){ fprintf(stderr, "mandate %s: expected CODE\n%s", argv[0], zAddDaysUsage); return EXIT_USAGE; }
  ActionPlan p;
  Db *db = open_plan(zDb, azPos[0], &p);
  if( db==0 ) return EXIT_USER;
  ActionDays days;
  rc = EXIT_USAGE;
  if( days_args(argv[0], &A, p.nDays, &days)==0 ){
    char *zErr = 0;
    int n = action_add_days(db, azPos[0], &days, &zErr);
    if( n<0 ){
      cli_error("no days were added to scenario %s:\n%s", azPos[0], zErr);
      free(zErr);
      rc = EXIT_USER;
    }else{
      printf("%d new unit-day%s of action in scenario %s\n", n, n==1 ? "" : "s", azPos[0]);
      rc = show_plan(db, azPos[0]);
    }
  }
  days_args_clear(&A);
  action_plan_clear(&p);
  db_close(db);
  return rc;
}

/*
** mandate action set-pay CODE (--default £ | --category C --rate £)
*/
static int action_set_pay_cmd(int argc, char **argv){
  const char *zDb = 0, *zDefault = 0, *zCategory = 0, *zRate = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--default", &zDefault, 0 },
                          { "--category", &zCategory, 0 }, { "--rate", &zRate, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zSetPayUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zSetPayUsage) ) return EXIT_USAGE;
  if( nPos!=1 || (zDefault==0)==(zCategory==0) || (zCategory==0)!=(zRate==0) ){
    fprintf(stderr, "mandate %s: expected CODE and either --default or --category with --rate\n%s",
            argv[0], zSetPayUsage);
    return EXIT_USAGE;
  }
  int64_t pence = 0;
  if( money_opt(argv[0], zDefault ? "--default" : "--rate", zDefault ? zDefault : zRate,
                ACTION_MAX_RATE, &pence) ) return EXIT_USAGE;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  char *zErr = 0;
  if( action_set_pay(db, azPos[0], zCategory, pence, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    db_close(db);
    return EXIT_USER;
  }
  printf("scenario %s: strike pay %s%s is %s a day\n", azPos[0],
         zCategory ? "for " : "by default", zCategory ? zCategory : "", money(pence));
  db_close(db);
  return EXIT_OK;
}

/*
** mandate action set-fund CODE [--balance £] [--income £] [--levy £]
*/
static int action_set_fund_cmd(int argc, char **argv){
  const char *zDb = 0, *zBalance = 0, *zIncome = 0, *zLevy = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--balance", &zBalance, 0 },
                          { "--income", &zIncome, 0 }, { "--levy", &zLevy, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zSetFundUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zSetFundUsage) ) return EXIT_USAGE;
  if( nPos!=1 || (!zBalance && !zIncome && !zLevy) ){
    fprintf(stderr, "mandate %s: expected CODE and at least one of --balance, --income, --levy\n%s",
            argv[0], zSetFundUsage);
    return EXIT_USAGE;
  }
  int64_t balance = 0, income = 0, levy = 0;
  if( money_opt(argv[0], "--balance", zBalance, ACTION_MAX_FUND, &balance)
      || money_opt(argv[0], "--income", zIncome, ACTION_MAX_FUND, &income)
      || money_opt(argv[0], "--levy", zLevy, ACTION_MAX_RATE, &levy) ) return EXIT_USAGE;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  char *zErr = 0;
  if( action_set_fund(db, azPos[0], zBalance ? &balance : 0, zIncome ? &income : 0,
                      zLevy ? &levy : 0, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    db_close(db);
    return EXIT_USER;
  }
  printf("scenario %s: fund updated\n", azPos[0]);
  rc = show_plan(db, azPos[0]);
  db_close(db);
  return rc;
}

/*
** mandate action list --db PATH [--json]
*/
static int action_list_cmd(int argc, char **argv){
  const char *zDb = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zListUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zListUsage) ) return EXIT_USAGE;
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  json_t *a = action_list_json(db);
  db_close(db);
  if( a==0 ){ cli_error("cannot read the scenarios"); return EXIT_USER; }
  if( asJson ){ cli_print_json(a); return EXIT_OK; }
  if( json_array_size(a)==0 ) printf("no scenarios yet: mandate action create --help\n");
  for(size_t i=0; i<json_array_size(a); i++){
    json_t *o = json_array_get(a, i);
    const char *zDispute = json_string_value(json_object_get(o, "dispute"));
    printf("%-16s %-12s %s  %3lld days  %s\n", json_string_value(json_object_get(o, "code")),
           zDispute ? zDispute : "-", json_string_value(json_object_get(o, "starts_on")),
           (long long)json_integer_value(json_object_get(o, "days")),
           json_string_value(json_object_get(o, "title")));
  }
  json_decref(a);
  return EXIT_OK;
}

/*
** mandate action show CODE [--unit CODE] --db PATH [--json]
*/
static int action_show_cmd(int argc, char **argv){
  const char *zDb = 0, *zUnit = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--unit", &zUnit, 0 },
                          { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zShowUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zShowUsage) ) return EXIT_USAGE;
  if( nPos!=1 ){ fprintf(stderr, "mandate %s: expected CODE\n%s", argv[0], zShowUsage); return EXIT_USAGE; }
  ActionPlan p;
  Db *db = open_plan(zDb, azPos[0], &p);
  if( db==0 ) return EXIT_USER;
  Unit unit;
  const Unit *pScope = 0;
  ActionResult r;
  memset(&r, 0, sizeof r);
  rc = EXIT_USER;
  if( scope_opt(db, zUnit, &unit, &pScope) ) goto out;
  if( action_compute(db, &p, pScope, &r) ){ cli_error("%s", db_errmsg(db)); goto out; }
  if( asJson ) cli_print_json(action_json(&p, &r)); else print_plan(&p, &r);
  rc = EXIT_OK;
out:
  action_result_clear(&r);
  action_plan_clear(&p);
  db_close(db);
  return rc;
}

/*
** mandate action compare CODE CODE ... [--unit CODE] --db PATH [--json]
*/
static int action_compare_cmd(int argc, char **argv){
  const char *zDb = 0, *zUnit = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--unit", &zUnit, 0 },
                          { "--json", 0, &asJson }, { 0 } };
  char *azPos[ACTION_MAX_COMPARE];
  int nPos, rc = cli_parse(argc, argv, aOpt, zCompareUsage, azPos, ACTION_MAX_COMPARE, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zCompareUsage) ) return EXIT_USAGE;
  if( nPos<1 ){
    fprintf(stderr, "mandate %s: expected the codes of the scenarios to compare\n%s",
            argv[0], zCompareUsage);
    return EXIT_USAGE;
  }
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  ActionPlan aPlan[ACTION_MAX_COMPARE];
  ActionResult aRes[ACTION_MAX_COMPARE];
  memset(aPlan, 0, sizeof aPlan);
  memset(aRes, 0, sizeof aRes);
  Unit unit;
  const Unit *pScope = 0;
  int n = 0;
  rc = EXIT_USER;
  if( scope_opt(db, zUnit, &unit, &pScope) ) goto out;
  for(; n<nPos; n++){
    int r = action_load(db, azPos[n], &aPlan[n]);
    if( r==0 ) r = action_compute(db, &aPlan[n], pScope, &aRes[n]);
    if( r ){
      if( r>0 ) cli_error("no scenario with code %s (mandate action list)", azPos[n]);
      else cli_error("%s", db_errmsg(db));
      n++;
      goto out;
    }
  }
  if( asJson ){
    json_t *a = json_array();
    for(int i=0; i<n; i++) json_array_append_new(a, action_json(&aPlan[i], &aRes[i]));
    cli_print_json(json_pack("{s:{s:s, s:s}, s:o}", "scope", "code", aRes[0].scope.zCode,
                         "name", aRes[0].scope.zName, "scenarios", a));
  }else{
    char zLasts[120];
    printf("Scenarios for %s (%lld active members)\n\n", aRes[0].scope.zName,
           (long long)aRes[0].active);
    printf("%-22s", "");
    for(int i=0; i<n; i++) printf("  %16.16s", aPlan[i].zCode);
    printf("\n%-22s", "days in the plan");
    for(int i=0; i<n; i++) printf("  %16d", aPlan[i].nDays);
    printf("\n%-22s", "days with action");
    for(int i=0; i<n; i++) printf("  %16d", aRes[i].nActionDays);
    printf("\n%-22s", "carrying the action");
    for(int i=0; i<n; i++) printf("  %16lld", (long long)aRes[i].carrying);
    printf("\n%-22s", "  % of active members");
    for(int i=0; i<n; i++) printf("  %15.1f%%", aRes[i].carryingPct);
    printf("\n%-22s", "most out on one day");
    for(int i=0; i<n; i++) printf("  %16lld", (long long)aRes[i].peakOut);
    printf("\n%-22s", "member-days out");
    for(int i=0; i<n; i++) printf("  %16lld", (long long)aRes[i].memberDays);
    printf("\n%-22s", "strike pay");
    for(int i=0; i<n; i++) printf("  %16s", money(aRes[i].totalPay));
    printf("\n%-22s", "levy");
    for(int i=0; i<n; i++) printf("  %16s", money(aRes[i].totalLevy));
    if( pScope==0 ){
      printf("\n%-22s", "fund at the end");
      for(int i=0; i<n; i++) printf("  %16s", money(aRes[i].endBalance));
      printf("\n%-22s", "days the fund lasts");
      for(int i=0; i<n; i++){
        if( aRes[i].lastsWholePlan ) printf("  %16s", "whole plan");
        else printf("  %16d", aRes[i].daysLasting);
      }
    }
    printf("\n\n");
    for(int i=0; i<n; i++){
      printf("%s: %s; the fund %s\n", aPlan[i].zCode, aPlan[i].zTitle,
             lasts_text(&aRes[i], zLasts, sizeof zLasts));
    }
  }
  rc = EXIT_OK;
out:
  for(int i=0; i<n; i++){ action_result_clear(&aRes[i]); action_plan_clear(&aPlan[i]); }
  db_close(db);
  return rc;
}

/*
** mandate action delete CODE --db PATH
*/
static int action_delete_cmd(int argc, char **argv){
  const char *zDb = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zDeleteUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zDeleteUsage) ) return EXIT_USAGE;
  if( nPos!=1 ){ fprintf(stderr, "mandate %s: expected CODE\n%s", argv[0], zDeleteUsage); return EXIT_USAGE; }
  Db *db = cli_open_db(zDb, 0);
  if( db==0 ) return EXIT_USER;
  int r = action_delete(db, azPos[0]);
  if( r>0 ) cli_error("no scenario with code %s (mandate action list)", azPos[0]);
  else if( r<0 ) cli_error("%s", db_errmsg(db));
  else printf("scenario %s deleted\n", azPos[0]);
  db_close(db);
  return r ? EXIT_USER : EXIT_OK;
}

static const CliSub aActionCmd[] = {
  { "create",   "action create",   action_create_cmd },
  { "add-days", "action add-days", action_add_days_cmd },
  { "set-pay",  "action set-pay",  action_set_pay_cmd },
  { "set-fund", "action set-fund", action_set_fund_cmd },
  { "list",     "action list",     action_list_cmd },
  { "show",     "action show",     action_show_cmd },
  { "compare",  "action compare",  action_compare_cmd },
  { "delete",   "action delete",   action_delete_cmd },
};

/*
** mandate action SUBCOMMAND ...: action scenarios and the strike fund.
*/
int cmd_action(int argc, char **argv){
  return cli_subcommand(argc, argv, aActionCmd, (int)(sizeof(aActionCmd)/sizeof(aActionCmd[0])),
                        zActionUsage);
}
