/* demo_examples.c: the worked examples `make run` puts in the demo union
** so a newcomer finds every page with something on it: a pay dispute with
** the Department for Work and Pensions over its DWP group, its statutory
** postal ballot under way with a scrutineer's figure, and two action
** scenarios against the strike fund (all-out, and rolling across three
** workplaces). Everything goes through the same domain functions as the
** commands (dispute.c, turnout.c, action_plan.c). */
#include "demo.h"
#include "action_plan.h"
#include "dispute.h"
#include "turnout.h"
#include "../util/buf.h"
#include "../util/normalize.h"
#include <stdlib.h>
#include <string.h>

/* The first nMax workplaces under unit zParent, by code, into azOut
** (caller frees each). Returns how many. */
static int workplaces_under(Db *db, const char *zParent, char **azOut, int nMax){
  int n = 0;
  DbStmt *s = db_prepare(db,
      "SELECT w.code FROM units w, units p"
      " WHERE p.code=? AND w.kind='workplace' AND w.lft>p.lft AND w.rgt<p.rgt"
      " ORDER BY w.code LIMIT ?");
  db_bind_text(s, 1, zParent);
  db_bind_int(s, 2, nMax);
  while( n<nMax && db_step(s)==DB_ROW ){
    char z[64];
    db_col_copy(s, 0, z, sizeof z);
    azOut[n++] = strdup(z);
  }
  db_finalize(s);
  return n;
}

/* zOut = zIso plus nDays (ISO dates). */
static void date_add(char *zOut, const char *zIso, long nDays){
  date_from_days(date_to_days(zIso) + nDays, zOut);
}

int demo_examples_add(Db *db, const LawSet *pLaw, char **pzErr){
  static const char *const azEmployer[] = { "Department for Work and Pensions" };
  static const char *const azUnit[] = { "DWP" };
  char zToday[11], zOpens[11], zCloses[11], zStart[11], *azRoll[3] = {0};
  Dispute d;
  TurnoutBallot b;
  int rc = -1, nRoll, aDays[10];
  memset(&d, 0, sizeof d);
  memset(&b, 0, sizeof b);
  date_today(zToday);
  /* a ballot that opened a week ago and closes in two; action after it */
  date_add(zOpens, zToday, -7);
  date_add(zCloses, zToday, 14);
  date_add(zStart, zToday, 30);
  {
    DisputeSpec ds;
    memset(&ds, 0, sizeof ds);
    ds.zCode = "PAY26";
    ds.zTitle = "Pay 2026";
    ds.zIssue = "A pay rise that matches inflation, and an end to the pay freeze";
    ds.zRegime = "gb-era-2025";
    ds.zCreatedOn = zToday;
    ds.nEmployer = 1; ds.azEmployer = azEmployer;
    ds.nUnit = 1; ds.azUnit = azUnit;
    if( dispute_create(db, pLaw, &ds, pzErr) ) goto out;
  }
  if( dispute_load(db, "PAY26", &d)!=0 ){ buf_error(pzErr, "the example dispute did not load"); goto out; }
  if( turnout_ballot_open(db, &d, zOpens, zCloses, zToday, TURNOUT_IPS_AUTO, &b, pzErr) ) goto out;
  {
    char zOn[11];
    date_add(zOn, zToday, -2);
    if( turnout_scrutineer_update(db, &b, 0, b.nEntitled/5, zOn, "demo", zToday, pzErr) ) goto out;
  }
  for(int i=0; i<10; i++) aDays[i] = i<5 ? i+1 : i+3;     /* two working weeks */
  {
    ActionSpec as;
    memset(&as, 0, sizeof as);
    as.zCode = "ALL"; as.zTitle = "All-out for two weeks"; as.zDispute = "PAY26";
    as.zStartsOn = zStart; as.nDays = 12; as.defaultPay = 4000; as.levyWeek = 200;
    as.fundOpening = 15000000; as.fundIncomeWeek = 500000; as.zCreatedOn = zToday;
    as.days.kind = ACTION_ALL_OUT; as.days.nDay = 10; as.days.aDay = aDays;
    if( action_create(db, &as, pzErr) ) goto out;
    nRoll = workplaces_under(db, "DWP", azRoll, 3);
    if( nRoll<1 ){ buf_error(pzErr, "no workplace under DWP for the rolling example"); goto out; }
    as.zCode = "ROLL"; as.zTitle = "Rolling: three jobcentres in turn";
    as.days.kind = ACTION_ROLLING; as.days.nUnit = nRoll; as.days.azUnit = (const char *const *)azRoll;
    if( action_create(db, &as, pzErr) ) goto out;
  }
  rc = 0;
out:
  for(int i=0; i<3; i++) free(azRoll[i]);
  dispute_clear(&d);
  return rc;
}
