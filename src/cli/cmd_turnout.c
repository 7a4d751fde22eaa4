/* cmd_turnout.c: `mandate dispute ballot-open|scrutineer-update|posted-links|
** turnout`: tracking the turnout of a statutory postal ballot that an
** independent scrutineer runs (docs/disputes.md, "Tracking the turnout").
** The subcommand rows live in cmd_dispute.c's table. */
#include "cli.h"
#include "../domain/turnout.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char zOpenUsage[] =
  "usage: mandate dispute ballot-open CODE --opens DATE --closes DATE --db PATH\n"
  "                               [--important-public-service yes|no]\n"
  "\n"
  "Record that the statutory postal ballot on dispute CODE runs from --opens\n"
  "(the first voting paper is sent) to --closes (the last day of voting), and\n"
  "take the snapshot of who is entitled to vote: every active member in the\n"
  "constituency whose own employer is a party (as `dispute show` counts them\n"
  "primary), with their workplace. Later changes to the register do not change\n"
  "the snapshot; it is taken once per dispute.\n"
  "\n"
  "  --opens DATE     the first day of voting\n"
  "  --closes DATE    the last day of voting\n"
  "  --important-public-service yes|no\n"
  "                   whether most of those entitled work in important public\n"
  "                   services (the 40%-of-entitled Yes rule); default: decided\n"
  "                   from their workplaces' sectors\n"
  "  --db PATH        the register database\n";

static const char zUpdateUsage[] =
  "usage: mandate dispute scrutineer-update CODE --returned N --on DATE\n"
  "                               [--unit U] --db PATH\n"
  "\n"
  "Enter the independent scrutineer's figure for the ballot on dispute CODE:\n"
  "N voting papers returned so far, as of DATE, for the whole ballot or (with\n"
  "--unit) one workplace in it. A figure for the same day and unit replaces\n"
  "the earlier one; returns only go up, so a figure below an earlier day's is\n"
  "refused.\n"
  "\n"
  "  --returned N   papers returned so far\n"
  "  --on DATE      the day the scrutineer's figure is for (not in the future)\n"
  "  --unit U       a workplace's code; default: the whole ballot\n"
  "  --db PATH      the register database\n";

static const char zLinksUsage[] =
  "usage: mandate dispute posted-links CODE --base-url URL --out FILE.csv --db PATH\n"
  "                               [--reissue]\n"
  "\n"
  "Give every member entitled to vote in the ballot on dispute CODE who has an\n"
  "email or a mobile on record a personal \"I've posted my vote\" link, and write\n"
  "a mail-merge file for email and SMS with the columns number, first_name,\n"
  "email, mobile, link. The link is URL/posted/TOKEN: a random token whose\n"
  "hash alone is stored, so the file is the only copy. Opening the link shows\n"
  "a one-button page; no login is needed.\n"
  "\n"
  "  --base-url URL  where members reach mandate, e.g. https://union.example.org\n"
  "  --out FILE      the CSV to write (mode 0600: personal data; replaced whole)\n"
  "  --reissue       links were issued already: make new ones for everyone (the\n"
  "                  old links stop working; reports already made are kept)\n"
  "  --db PATH       the register database\n";

static const char zTurnoutUsage[] =
  "usage: mandate dispute turnout CODE --db PATH [--json]\n"
  "\n"
  "The turnout of the statutory ballot on dispute CODE, for the whole ballot\n"
  "and each workplace: those entitled, the papers returned (the scrutineer's\n"
  "figure where there is one, else members' own reports, labelled), the\n"
  "turnout against the regime's thresholds with the returns still needed, and\n"
  "a projected final turnout with its 95% interval (a constant daily return\n"
  "rate, extrapolated to the close: see docs/disputes.md for its limits).\n"
  "\n"
  "  --json   one object: dispute, title, regime, opens, closes, snapshot_on,\n"
  "           entitled, important_public_service, as_of, turnout_rule,\n"
  "           ips_rule, rows[{unit, name, entitled, returned, source, as_of,\n"
  "           turnout_pct, self_reported, scrutineer, turnout_needed,\n"
  "           more_returns_needed, yes_needed, more_yes_needed, projection,\n"
  "           projection_note}], self_reported_by_day[], scrutineer_by_day[]\n";

/* Open the database and load the ballot of dispute zCode; prints why and
** returns NULL. */
static Db *open_ballot(const char *zDb, const char *zCode, TurnoutBallot *pB){
  Dispute d;
  Db *db = cli_open_dispute(zDb, zCode, &d);
  if( db==0 ) return 0;
  dispute_clear(&d);
  int r = turnout_ballot_load(db, zCode, pB);
  if( r==0 ) return db;
  if( r>0 ) cli_error("no statutory ballot has been opened on dispute %s (mandate dispute ballot-open --help)", zCode);
  else cli_error("%s", db_errmsg(db));
  db_close(db);
  return 0;
}

/*
** mandate dispute ballot-open CODE --opens DATE --closes DATE --db PATH
*/
int cmd_dispute_ballot_open(int argc, char **argv){
  const char *zDb = 0, *zOpensArg = 0, *zClosesArg = 0, *zIps = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--opens", &zOpensArg, 0 },
                          { "--closes", &zClosesArg, 0 },
                          { "--important-public-service", &zIps, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zOpenUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zOpenUsage) ) return EXIT_USAGE;
  if( nPos!=1 || zOpensArg==0 || zClosesArg==0 ){
    fprintf(stderr, "mandate %s: CODE, --opens and --closes are required\n%s", argv[0], zOpenUsage);
    return EXIT_USAGE;
  }
  char zOpens[11], zCloses[11], zToday[11];
  if( cli_date_opt(argv[0], "--opens", zOpensArg, zOpens) ) return EXIT_USAGE;
  if( cli_date_opt(argv[0], "--closes", zClosesArg, zCloses) ) return EXIT_USAGE;
  if( strcmp(zCloses, zOpens)<0 ){
    fprintf(stderr, "mandate %s: the ballot closes (%s) before it opens (%s)\n", argv[0], zCloses, zOpens);
    return EXIT_USAGE;
  }
  int ips = TURNOUT_IPS_AUTO;
  if( zIps ){
    if( strcmp(zIps, "yes")==0 ) ips = TURNOUT_IPS_YES;
    else if( strcmp(zIps, "no")==0 ) ips = TURNOUT_IPS_NO;
    else{
      fprintf(stderr, "mandate %s: --important-public-service: expected yes or no, got \"%s\"\n",
              argv[0], zIps);
      return EXIT_USAGE;
    }
  }
  date_today(zToday);
  Dispute d;
  Db *db = cli_open_dispute(zDb, azPos[0], &d);
  if( db==0 ) return EXIT_USER;
  TurnoutBallot b;
  char *zErr = 0;
  rc = EXIT_USER;
  if( turnout_ballot_open(db, &d, zOpens, zCloses, zToday, ips, &b, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    goto out;
  }
  printf("statutory ballot on dispute %s opened: voting %s to %s under %s\n",
         b.zDispute, b.zOpens, b.zCloses, b.zRegime);
  printf("  %lld entitled to vote (snapshot taken %s: active, in scope, employed by a party)\n",
         (long long)b.nEntitled, b.zSnapshotOn);
  printf("  important public services: %s (%s)\n", b.ips ? "yes" : "no",
         b.ipsByOfficer ? "as given" : "from the workplaces' sectors");
  printf("Next: mandate dispute posted-links %s --base-url URL --out links.csv --db %s\n",
         b.zDispute, zDb);
  rc = EXIT_OK;
out:
  dispute_clear(&d);
  db_close(db);
  return rc;
}

/*
** mandate dispute scrutineer-update CODE --returned N --on DATE [--unit U] --db PATH
*/
int cmd_dispute_scrutineer_update(int argc, char **argv){
  const char *zDb = 0, *zReturned = 0, *zOnArg = 0, *zUnit = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--returned", &zReturned, 0 },
                          { "--on", &zOnArg, 0 }, { "--unit", &zUnit, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zUpdateUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zUpdateUsage) ) return EXIT_USAGE;
  if( nPos!=1 || zReturned==0 || zOnArg==0 ){
    fprintf(stderr, "mandate %s: CODE, --returned and --on are required\n%s", argv[0], zUpdateUsage);
    return EXIT_USAGE;
  }
  char *zEnd = 0;
  errno = 0;
  long long n = (zReturned[0]>='0' && zReturned[0]<='9') ? strtoll(zReturned, &zEnd, 10) : -1;
  if( n<0 || errno || *zEnd || n>1000000000000LL ){
    fprintf(stderr, "mandate %s: --returned: expected a whole number, got \"%s\"\n", argv[0], zReturned);
    return EXIT_USAGE;
  }
  char zOn[11], zToday[11];
  if( cli_date_opt(argv[0], "--on", zOnArg, zOn) ) return EXIT_USAGE;
  date_today(zToday);
  TurnoutBallot b;
  Db *db = open_ballot(zDb, azPos[0], &b);
  if( db==0 ) return EXIT_USER;
  char *zErr = 0;
  if( turnout_scrutineer_update(db, &b, zUnit, n, zOn, "command line", zToday, &zErr) ){
    cli_error("%s; nothing was recorded", zErr);
    free(zErr);
    db_close(db);
    return EXIT_USER;
  }
  printf("scrutineer's figure recorded for %s: %lld returned as of %s\n",
         zUnit ? zUnit : "the whole ballot", n, zOn);
  db_close(db);
  return EXIT_OK;
}

/*
** mandate dispute posted-links CODE --base-url URL --out FILE --db PATH [--reissue]
*/
int cmd_dispute_posted_links(int argc, char **argv){
  const char *zDb = 0, *zBase = 0, *zOut = 0;
  int reissue = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--base-url", &zBase, 0 },
                          { "--out", &zOut, 0 }, { "--reissue", 0, &reissue }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zLinksUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zLinksUsage) ) return EXIT_USAGE;
  if( nPos!=1 || zBase==0 || zOut==0 || zOut[0]==0 ){
    fprintf(stderr, "mandate %s: CODE, --base-url and --out are required\n%s", argv[0], zLinksUsage);
    return EXIT_USAGE;
  }
  TurnoutBallot b;
  Db *db = open_ballot(zDb, azPos[0], &b);
  if( db==0 ) return EXIT_USER;
  TurnoutLinks L;
  char *zErr = 0;
  rc = EXIT_USER;
  int r = turnout_links(db, &b, zBase, reissue, &L, &zErr);
  if( r ){
    cli_error("%s; nothing was written", zErr);
    free(zErr);
    goto out;
  }
  if( cli_write_file(zOut, L.csv.z, L.csv.n, 0600, 0) ){
    /* The hashes are stored but the only copy of the tokens is lost:
    ** say so, and how to start again. */
    cli_error("the links were made but the file was not written: run again with --reissue");
    goto out;
  }
  printf("%lld personal links for the ballot on dispute %s written to %s (mode 0600)\n",
         (long long)L.nWritten, b.zDispute, zOut);
  printf("  %lld entitled to vote; %lld left out with neither email nor mobile on record\n",
         (long long)L.nEntitled, (long long)L.nNoContact);
  printf("Send each member their own link (email or SMS), then delete the file: it is the\n"
         "only copy of the links.\n");
  rc = EXIT_OK;
out:
  turnout_links_clear(&L);
  db_close(db);
  return rc;
}

/* "820 to 960" from a projection, as whole numbers and percentages. */
static void print_projection(const TurnoutRow *p){
  if( !p->proj.ok ){
    printf("    projection: none (%s)\n", p->proj.zWhy);
    return;
  }
  double e = p->nEntitled ? (double)p->nEntitled : 1;
  if( p->proj.daysLeft==0 ){
    printf("    final: the ballot has closed; %lld returned (%.1f%%)\n",
           (long long)p->nReturned, 100.0*(double)p->nReturned/e);
    return;
  }
  printf("    projected at the close: %.0f (%.1f%%), 95%% interval %.0f to %.0f (%.1f%% to %.1f%%);\n"
         "      %.1f a day over %d day%s so far, %d day%s to go\n",
         p->proj.final, 100*p->proj.final/e, p->proj.lo, p->proj.hi,
         100*p->proj.lo/e, 100*p->proj.hi/e, p->proj.rate,
         p->proj.daysElapsed, p->proj.daysElapsed==1 ? "" : "s",
         p->proj.daysLeft, p->proj.daysLeft==1 ? "" : "s");
}

/*
** mandate dispute turnout CODE --db PATH [--json]
*/
int cmd_dispute_turnout(int argc, char **argv){
  const char *zDb = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zTurnoutUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, argv[0], zTurnoutUsage) ) return EXIT_USAGE;
  if( nPos!=1 ){ fprintf(stderr, "mandate %s: expected CODE\n%s", argv[0], zTurnoutUsage); return EXIT_USAGE; }
  char *zErr = 0;
  LawSet *pLaw = 0;
  if( law_load(0, &pLaw, &zErr) ){
    cli_error("the legal regimes could not be loaded:\n%s", zErr);
    free(zErr);
    return EXIT_USER;
  }
  TurnoutBallot b;
  Db *db = open_ballot(zDb, azPos[0], &b);
  if( db==0 ){ law_free(pLaw); return EXIT_USER; }
  char zToday[11];
  date_today(zToday);
  TurnoutView v;
  rc = EXIT_USER;
  if( turnout_compute(db, pLaw, &b, 0, zToday, &v, &zErr) ){
    cli_error("%s", zErr ? zErr : "nothing to show");
    free(zErr);
    goto out;
  }
  if( asJson ){
    json_t *p = turnout_view_json(&b, &v);
    char *z = json_dumps(p, JSON_INDENT(2)|JSON_PRESERVE_ORDER);
    puts(z);
    free(z);
    json_decref(p);
  }else{
    printf("Statutory ballot on dispute %s: %s\n", b.zDispute, b.zTitle);
    printf("  regime       %s\n", b.zRegime);
    printf("  voting       %s to %s (as of %s)\n", b.zOpens, b.zCloses, zToday);
    printf("  entitled     %lld (snapshot taken %s)\n", (long long)b.nEntitled, b.zSnapshotOn);
    printf("  turnout      %s\n", v.zTurnoutRule);
    printf("  40%% rule     %s\n\n", v.zIpsRule);
    for(int i=0; i<v.nRow; i++){
      const TurnoutRow *p = &v.aRow[i];
      printf("%s%s%s\n", p->unitId ? p->zUnitCode : "", p->unitId ? " " : "", p->zUnitName);
      printf("    %lld of %lld returned (%.1f%%): %s, as of %s\n", (long long)p->nReturned,
             (long long)p->nEntitled, p->pct, p->zSource, p->zAsOf);
      if( p->hasScrutineer ){
        printf("    members' own reports: %lld (the scrutineer's figure is shown)\n",
               (long long)p->nSelf);
      }else{
        printf("    no scrutineer's figure yet: members' own reports, a lower bound\n");
      }
      if( p->nTurnoutNeeded ){
        if( p->nTurnoutShort ){
          printf("    turnout: %lld more returns needed to reach %lld\n",
                 (long long)p->nTurnoutShort, (long long)p->nTurnoutNeeded);
        }else{
          printf("    turnout: threshold reached (%lld needed)\n", (long long)p->nTurnoutNeeded);
        }
      }
      if( p->ipsApplies ){
        if( p->nYesShort ){
          printf("    40%% rule: %lld Yes votes needed: %lld more returns needed even if\n"
                 "      every paper back so far is a Yes\n",
                 (long long)p->nYesNeeded, (long long)p->nYesShort);
        }else{
          printf("    40%% rule: %lld Yes votes needed: enough papers are back, if that many say Yes\n",
                 (long long)p->nYesNeeded);
        }
      }
      print_projection(p);
    }
    printf("\nNot legal advice: the scrutineer's report (TULRCA s231B) is what counts.\n");
  }
  turnout_view_clear(&v);
  rc = EXIT_OK;
out:
  db_close(db);
  law_free(pLaw);
  return rc;
}
