/* cmd_readiness.c: `mandate readiness`: the readiness roll-up as a table
** or as JSON. */
#include "cli.h"
#include "../domain/readiness.h"
#include "../util/normalize.h"
#include <stdio.h>
#include <stdlib.h>

static const char zUsage[] =
  "usage: mandate readiness --db PATH [--unit CODE] [--json]\n"
  "\n"
  "Ballot readiness for every unit in CODE's subtree (default: the whole\n"
  "union), each a roll-up of the units beneath it: members, % of active\n"
  "members with a verified home address (a workplace address does not\n"
  "count), % with an email, % with a mobile, reps, members per rep, %\n"
  "assessed in the last 90 days, and the readiness score (0-100; see\n"
  "docs/readiness.md for the formula).\n"
  "\n"
  "  --db PATH     the register database\n"
  "  --unit CODE   start from this unit instead of the union\n"
  "  --json        one JSON object per unit, in an array\n";

int cmd_readiness(int argc, char **argv){
  const char *zDb = 0, *zUnit = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--unit", &zUnit, 0 },
                          { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( zDb==0 ){ fprintf(stderr, "mandate readiness: --db is required\n%s", zUsage); return EXIT_USAGE; }
  Db *db;
  if( (db = cli_open_db(zDb, 0))==0 ) return EXIT_USER;
  Unit scope;
  rc = EXIT_USER;
  int found = zUnit ? register_unit_by_code(db, zUnit, &scope)
                    : (int)(db_query_int(db, "SELECT id FROM units WHERE parent_id IS NULL", 0));
  if( zUnit && found ){
    cli_error("no unit with code %s", zUnit);
    goto out;
  }
  if( !zUnit ){
    if( found<=0 ){ cli_error("the register has no units yet: import units first"); goto out; }
    register_unit_by_id(db, found, &scope);
  }
  char zToday[11];
  date_today(zToday);
  Readiness r;
  if( readiness_compute(db, &scope, zToday, &r) ){ cli_error("%s", db_errmsg(db)); goto out; }
  if( asJson ){
    json_t *a = json_array();
    for(int i=0; i<r.n; i++) json_array_append_new(a, readiness_row_json(&r.a[i]));
    char *z = json_dumps(a, JSON_INDENT(2)|JSON_PRESERVE_ORDER|JSON_REAL_PRECISION(15));
    puts(z);
    free(z);
    json_decref(a);
  }else{
    printf("%-44s %9s %6s %6s %6s %5s %7s %6s %6s\n", "unit", "members", "home%",
           "email%", "mobile%", "reps", "mem/rep", "asses%", "score");
    for(int i=0; i<r.n; i++){
      const ReadinessRow *x = &r.a[i];
      char zLabel[300];
      int indent = 2*(x->unit.depth - scope.depth);
      snprintf(zLabel, sizeof zLabel, "%*s%s %s", indent, "", x->unit.zCode, x->unit.zName);
      printf("%-44.44s %9lld %6.1f %6.1f %6.1f %5lld %7.1f %6.1f %6.1f\n", zLabel,
             (long long)x->members, x->homePct, x->emailPct, x->mobilePct,
             (long long)x->reps, x->membersPerRep, x->assessedPct, x->score);
    }
  }
  readiness_clear(&r);
  rc = EXIT_OK;
out:
  db_close(db);
  return rc;
}
