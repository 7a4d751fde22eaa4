/* cmd_rules.c: `mandate rules list|show`, `mandate thresholds` and
** `mandate timeline`: the legal regimes in data/regimes, a ballot result
** judged against them, and the legal timeline of a ballot (also as .ics). */
#include "cli.h"
#include "../domain/law.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zRulesUsage[] =
  "usage: mandate rules list [--json]\n"
  "       mandate rules show REGIME [--json]\n"
  "\n"
  "The legal regimes mandate knows, read from the regimes directory\n"
  "($MANDATE_REGIMES, else ./data/regimes, else " LAW_DIR_INSTALLED ").\n"
  "Each rule carries its statute section, the date each version took effect\n"
  "and its status (in force, expected, unconfirmed, ...). See docs/law.md.\n"
  "Not legal advice.\n";

static const char zListUsage[] =
  "usage: mandate rules list [--json]\n"
  "\n"
  "One line per regime: its id, the ballots it covers and its title.\n";

static const char zShowUsage[] =
  "usage: mandate rules show REGIME [--json]\n"
  "\n"
  "Every rule of REGIME with each of its versions: from when, status,\n"
  "statute section, parameters, notes and sources. --json prints the data\n"
  "file as loaded.\n";

static const char zThresholdsUsage[] =
  "usage: mandate thresholds --regime R --entitled N --votes V --yes Y [--no Z]\n"
  "                          [--important-public-service] [--on DATE] [--json]\n"
  "\n"
  "Judge a ballot result against the thresholds of regime R in force on DATE\n"
  "(the day the ballot opened; default today). For each rule: met or not,\n"
  "the figure, what was needed and the margin in votes (negative: votes\n"
  "short); then the verdict. Votes cast include spoiled papers.\n"
  "\n"
  "  --regime R     a regime id (mandate rules list)\n"
  "  --entitled N   the number entitled to vote (on the roll)\n"
  "  --votes V      votes cast, spoiled papers included (V <= N)\n"
  "  --yes Y        Yes votes\n"
  "  --no Z         No votes (Y + Z <= V); some regimes count valid votes\n"
  "  --important-public-service\n"
  "                 most of those entitled normally work in important\n"
  "                 public services (where the regime has such a rule)\n"
  "  --on DATE      the day the ballot opened (YYYY-MM-DD or DD/MM/YYYY)\n"
  "  --json         one JSON object: regime, mandate, rules[], notes[]\n"
  "\n"
  "Exit 0 whether or not the result is a mandate; 1 for impossible figures;\n"
  "2 for a wrong command line. Not legal advice.\n";

static const char zTimelineUsage[] =
  "usage: mandate timeline --regime R --ballot-opens DATE --ballot-closes DATE\n"
  "                        [--json] [--ics FILE]\n"
  "\n"
  "Every date of the ballot's legal timeline under regime R: notice of the\n"
  "ballot, sample voting paper, the close, the result, the earliest day\n"
  "action may start after notice, the mandate's expiry (and extension where\n"
  "allowed) and when a re-ballot must run to avoid a gap. Warns about dates\n"
  "on weekends and bank holidays, a window too short, and a mandate ending\n"
  "within six weeks of today. How each period is counted: docs/law.md.\n"
  "\n"
  "  --regime R            a regime id (mandate rules list)\n"
  "  --ballot-opens DATE   the first day voting papers are sent\n"
  "  --ballot-closes DATE  the last day of voting\n"
  "  --json                one JSON object with every date and warnings[]\n"
  "  --ics FILE            also write the dates as an iCalendar file\n"
  "\n"
  "Not legal advice.\n";

/* Load the regimes; prints why on failure and returns NULL. */
static LawSet *rules_load(void){
  LawSet *pSet = 0;
  char *zErr = 0;
  if( law_load(0, &pSet, &zErr) ){
    cli_error("the legal regimes could not be loaded:\n%s", zErr);
    free(zErr);
    return 0;
  }
  return pSet;
}

/* Print a JSON value to stdout and free it. */
static void rules_print_json(json_t *p){
  char *z = json_dumps(p, JSON_INDENT(2)|JSON_PRESERVE_ORDER|JSON_REAL_PRECISION(15));
  puts(z);
  free(z);
  json_decref(p);
}

static const char *jstr(const json_t *p, const char *zKey){
  return json_string_value(json_object_get(p, zKey));
}

/* mandate rules list */
static int rules_list(int argc, char **argv){
  int asJson = 0;
  const CliOpt aOpt[] = { { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zListUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  LawSet *pSet = rules_load();
  if( pSet==0 ) return EXIT_USER;
  json_t *pArr = json_array();
  for(int i=0; i<law_regime_count(pSet); i++){
    json_t *pR = law_regime_at(pSet, i), *pA = json_object_get(pR, "applies");
    const char *zUntil = jstr(pA, "until");
    if( asJson ){
      json_t *p = json_object();
      json_object_set_new(p, "id", json_string(jstr(pR, "id")));
      json_object_set_new(p, "title", json_string(jstr(pR, "title")));
      json_object_set_new(p, "jurisdiction", json_string(jstr(pR, "jurisdiction")));
      json_object_set_new(p, "applies_from", json_string(jstr(pA, "from")));
      json_object_set_new(p, "applies_until", zUntil ? json_string(zUntil) : json_null());
      json_object_set_new(p, "rules", json_integer((json_int_t)json_array_size(json_object_get(pR, "rules"))));
      json_array_append_new(pArr, p);
    }else{
      printf("%-20s %s to %-10s  %s\n", jstr(pR, "id"), jstr(pA, "from"), zUntil ? zUntil : "now", jstr(pR, "title"));
    }
  }
  if( asJson ) rules_print_json(pArr); else json_decref(pArr);
  law_free(pSet);
  return EXIT_OK;
}

/* mandate rules show REGIME */
static int rules_show(int argc, char **argv){
  int asJson = 0;
  const CliOpt aOpt[] = { { "--json", 0, &asJson }, { 0 } };
  char *azPos[2];
  int nPos, rc = cli_parse(argc, argv, aOpt, zShowUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( nPos!=1 ){ fprintf(stderr, "mandate rules show: which regime?\n%s", zShowUsage); return EXIT_USAGE; }
  LawSet *pSet = rules_load();
  if( pSet==0 ) return EXIT_USER;
  json_t *pR = law_regime(pSet, azPos[0]);
  if( pR==0 ){
    cli_error("no regime '%s' (try: mandate rules list)", azPos[0]);
    law_free(pSet);
    return EXIT_USER;
  }
  if( asJson ){
    rules_print_json(json_incref(pR));
    law_free(pSet);
    return EXIT_OK;
  }
  json_t *pA = json_object_get(pR, "applies"), *pSources = json_object_get(pR, "sources");
  printf("%s: %s\n", jstr(pR, "id"), jstr(pR, "title"));
  printf("Law:       %s\nWhere:     %s\n", jstr(pR, "law"), jstr(pR, "jurisdiction"));
  printf("Covers:    %s to %s\n", jstr(pA, "from"), jstr(pA, "until") ? jstr(pA, "until") : "now");
  if( jstr(pA, "note") ) printf("           %s\n", jstr(pA, "note"));
  printf("Holidays:  %s\n", jstr(pR, "holidays") ? jstr(pR, "holidays") : "(none in the data)");
  size_t i, k;
  json_t *pRule, *pVer;
  json_array_foreach(json_object_get(pR, "rules"), i, pRule){
    printf("\n%s [%s]\n  %s\n", jstr(pRule, "id"), jstr(pRule, "kind"), jstr(pRule, "title"));
    json_array_foreach(json_object_get(pRule, "versions"), k, pVer){
      const char *zFrom = jstr(pVer, "from");
      char *zParams = json_dumps(json_object_get(pVer, "params"), JSON_COMPACT|JSON_PRESERVE_ORDER);
      printf("  - from %s: %s%s; %s; %s\n", zFrom ? zFrom : "(commencement unknown)",
             json_is_true(json_object_get(pVer, "repealed")) ? "REPEALED; " : "",
             jstr(pVer, "status"), jstr(pVer, "section"), zParams);
      free(zParams);
      if( jstr(pVer, "condition") ) printf("    only where: %s\n", jstr(pVer, "condition"));
      if( jstr(pVer, "note") ) printf("    %s\n", jstr(pVer, "note"));
      printf("    source: %s\n", jstr(pVer, "source"));
    }
  }
  printf("\nSources:\n");
  const char *zKey;
  json_t *pVal;
  json_object_foreach(pSources, zKey, pVal) printf("  %-8s %s\n", zKey, json_string_value(pVal));
  printf("\nNot legal advice.\n");
  law_free(pSet);
  return EXIT_OK;
}

static const CliSub aRulesCmd[] = {
  { "list", "rules list", rules_list },
  { "show", "rules show", rules_show },
};

/*
** mandate rules SUBCOMMAND ...: list the regimes or show one.
*/
int cmd_rules(int argc, char **argv){
  return cli_subcommand(argc, argv, aRulesCmd, (int)(sizeof(aRulesCmd)/sizeof(aRulesCmd[0])), zRulesUsage);
}

/* Parse a count: digits only, at most 10^12. Prints why and returns -1. */
static int parse_count(const char *zOpt, const char *z, long long *pN){
  char *zEnd = 0;
  errno = 0;
  if( z==0 || z[0]<'0' || z[0]>'9' ){
    cli_error("%s: expected a whole number of 0 or more, got \"%s\"", zOpt, z ? z : "");
    return -1;
  }
  long long n = strtoll(z, &zEnd, 10);
  if( errno || *zEnd || n>1000000000000LL ){
    cli_error("%s: expected a whole number from 0 to 1000000000000, got \"%s\"", zOpt, z);
    return -1;
  }
  *pN = n;
  return 0;
}

/* Normalise a date option into zOut (NORM_MAX). Prints why and returns -1. */
static int parse_date(const char *zOpt, const char *z, char *zOut){
  const char *zWhy = 0;
  if( norm_date(z, zOut, &zWhy) ){
    cli_error("%s: expected %s, got \"%s\"", zOpt, zWhy, z);
    return -1;
  }
  return 0;
}

/*
** mandate thresholds --regime R --entitled N --votes V --yes Y [--no Z]
**   [--important-public-service] [--on DATE] [--json]
*/
int cmd_thresholds(int argc, char **argv){
  const char *zRegime = 0, *zN = 0, *zV = 0, *zY = 0, *zNo = 0, *zOn = 0;
  int asJson = 0, ips = 0;
  const CliOpt aOpt[] = {
    { "--regime", &zRegime, 0 }, { "--entitled", &zN, 0 }, { "--votes", &zV, 0 },
    { "--yes", &zY, 0 }, { "--no", &zNo, 0 }, { "--on", &zOn, 0 },
    { "--important-public-service", 0, &ips }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zThresholdsUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zRegime || !zN || !zV || !zY ){
    fprintf(stderr, "mandate thresholds: --regime, --entitled, --votes and --yes are required\n%s", zThresholdsUsage);
    return EXIT_USAGE;
  }
  LawBallot b;
  memset(&b, 0, sizeof b);
  char zDate[NORM_MAX];
  if( parse_count("--entitled", zN, &b.nEntitled) || parse_count("--votes", zV, &b.nVotes)
   || parse_count("--yes", zY, &b.nYes) || (zNo && parse_count("--no", zNo, &b.nNo)) ){
    return EXIT_USER;
  }
  b.hasNo = zNo!=0;
  if( zOn ){
    if( parse_date("--on", zOn, zDate) ) return EXIT_USER;
  }else{
    date_today(zDate);
  }
  b.zOn = zDate;
  static const char *const azIps[] = { "important_public_service", 0 };
  b.azCondition = ips ? azIps : 0;
  LawSet *pSet = rules_load();
  if( pSet==0 ) return EXIT_USER;
  LawVerdict v;
  char *zErr = 0;
  if( law_thresholds(pSet, zRegime, &b, &v, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    law_free(pSet);
    return EXIT_USER;
  }
  if( asJson ){
    rules_print_json(law_verdict_json(&v));
  }else{
    printf("%s, ballot opened %s: %lld entitled, %lld voted, %lld yes%s", v.zRegime, v.zOn,
           b.nEntitled, b.nVotes, b.nYes, b.hasNo ? "" : "\n");
    if( b.hasNo ) printf(", %lld no\n", b.nNo);
    for(int i=0; i<v.nCheck; i++){
      const LawCheck *c = &v.aCheck[i];
      printf("\n  %-8s %s\n", c->met ? "met" : "NOT MET", c->zTitle);
      printf("           %.2f%% of %s (%lld); needed %s %g%% (%lld): margin %+lld vote%s\n",
             c->value, c->zBase, c->nValue, c->zCompare, c->required, c->nRequired,
             c->margin, c->margin==1 || c->margin==-1 ? "" : "s");
      printf("           %s; %s since %s\n", c->zSection, c->zStatus, c->zFrom);
    }
    printf("\nVerdict: %s\n", v.mandate ? "MANDATE: every threshold that applies is met"
                                       : "NO MANDATE: a threshold is not met");
    for(int i=0; i<v.nNote; i++) printf("  note: %s\n", v.azNote[i]);
    printf("Not legal advice.\n");
  }
  law_verdict_clear(&v);
  law_free(pSet);
  return EXIT_OK;
}

/*
** mandate timeline --regime R --ballot-opens DATE --ballot-closes DATE
**   [--json] [--ics FILE]
*/
int cmd_timeline(int argc, char **argv){
  const char *zRegime = 0, *zOpensIn = 0, *zClosesIn = 0, *zIcs = 0;
  int asJson = 0;
  const CliOpt aOpt[] = {
    { "--regime", &zRegime, 0 }, { "--ballot-opens", &zOpensIn, 0 },
    { "--ballot-closes", &zClosesIn, 0 }, { "--ics", &zIcs, 0 },
    { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zTimelineUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( !zRegime || !zOpensIn || !zClosesIn ){
    fprintf(stderr, "mandate timeline: --regime, --ballot-opens and --ballot-closes are required\n%s", zTimelineUsage);
    return EXIT_USAGE;
  }
  char zOpens[NORM_MAX], zCloses[NORM_MAX], zToday[11];
  if( parse_date("--ballot-opens", zOpensIn, zOpens) || parse_date("--ballot-closes", zClosesIn, zCloses) ){
    return EXIT_USER;
  }
  date_today(zToday);
  LawSet *pSet = rules_load();
  if( pSet==0 ) return EXIT_USER;
  LawTimeline t;
  char *zErr = 0;
  rc = EXIT_USER;
  if( law_timeline(pSet, zRegime, zOpens, zCloses, zToday, &t, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    law_free(pSet);
    return EXIT_USER;
  }
  if( zIcs ){
    char *zCal = law_timeline_ics(&t, zToday);
    FILE *fp = fopen(zIcs, "wb");
    int bad = fp==0 || fwrite(zCal, 1, strlen(zCal), fp)!=strlen(zCal);
    if( fp && fclose(fp) ) bad = 1;
    free(zCal);
    if( bad ){ cli_error("cannot write %s: %s", zIcs, strerror(errno)); goto out; }
  }
  if( asJson ){
    rules_print_json(law_timeline_json(&t));
  }else{
    static const char *const azWd[] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
    printf("%s: ballot opens %s, closes %s\n\n", t.zRegime, t.zOpens, t.zCloses);
    for(int i=0; i<t.nEvent; i++){
      const LawEvent *e = &t.aEvent[i];
      long n = date_to_days(e->zDate);
      printf("  %s %s  %-30s %s\n", e->zDate, azWd[((n%7)+7)%7], e->zKey, e->zLabel);
    }
    if( t.nWarn ) printf("\nWarnings:\n");
    for(int i=0; i<t.nWarn; i++) printf("  ! %s\n", t.azWarn[i]);
    if( t.nNote ) printf("\nNotes:\n");
    for(int i=0; i<t.nNote; i++) printf("  - %s\n", t.azNote[i]);
    if( zIcs ) printf("\nCalendar written to %s\n", zIcs);
    printf("Not legal advice.\n");
  }
  rc = EXIT_OK;
out:
  law_timeline_clear(&t);
  law_free(pSet);
  return rc;
}
