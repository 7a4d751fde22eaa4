/* test_action_plan.c: action scenarios and the strike fund: the fund's
** arithmetic on hand-computed cases (a fund lasting exactly N days, a levy
** that pays for the strike, weekly amounts accruing by sevenths), and
** scenarios on a small hand-built register (all-out against rolling and
** targeted, pay by category, a branch's view, a dispute's constituency). */
#include "test.h"
#include "../../src/domain/action_plan.h"
#include "../../src/domain/dispute.h"
#include "../../src/domain/register.h"
#include "../../src/util/buf.h"
#include "../../src/util/mem.h"
#include "../../src/util/normalize.h"
#include <stdlib.h>
#include <unistd.h>

/*************************** the arithmetic, by hand ***************************/

/* A plan of nDays days from 2026-12-01 with the fund figures given, and a
** result with `active` members, `out` of them out each day at payPerDay
** pence each (the register's part, set by hand). Caller frees both. */
static void hand_plan(int nDays, int64_t opening, int64_t incomeWeek, int64_t levyWeek,
                      int64_t active, int64_t out, int64_t payEach,
                      ActionPlan *p, ActionResult *r){
  memset(p, 0, sizeof(*p));
  memset(r, 0, sizeof(*r));
  snprintf(p->zCode, sizeof p->zCode, "HAND");
  snprintf(p->zStartsOn, sizeof p->zStartsOn, "2026-12-01");
  p->nDays = nDays;
  p->fundOpening = opening;
  p->fundIncomeWeek = incomeWeek;
  p->levyWeek = levyWeek;
  r->hasFund = 1;
  r->active = active;
  r->nDay = nDays;
  r->aDay = xcalloc((size_t)nDays, sizeof(ActionDayFigures));
  for(int i=0; i<nDays; i++){
    date_from_days(date_to_days("2026-12-01")+i, r->aDay[i].zDate);
    r->aDay[i].out = out;
    r->aDay[i].pay = out*payEach;
  }
}

TEST(action_fund_lasts_exactly_five_days){
  /* £250 in the fund; 10 members out every day at £5: £50 a day. After
  ** day 5 the balance is exactly £0 (still paid); day 6 takes it to -£50. */
  ActionPlan p;
  ActionResult r;
  hand_plan(8, 25000, 0, 0, 100, 10, 500, &p, &r);
  action_fund_run(&p, &r);
  CHECK_INT(r.aDay[4].balance, 0);
  CHECK_INT(r.aDay[5].balance, -5000);
  CHECK_INT(r.daysLasting, 5);
  CHECK_INT(r.lastsWholePlan, 0);
  CHECK_STR(r.zRunsOutOn, "2026-12-06");
  CHECK_INT(r.totalPay, 8*5000);
  CHECK_INT(r.memberDays, 80);
  CHECK_INT(r.peakOut, 10);
  CHECK_INT(r.endBalance, 25000 - 8*5000);
  action_result_clear(&r);

  /* The same fund over a 5-day plan lasts the whole plan, ending at £0. */
  hand_plan(5, 25000, 0, 0, 100, 10, 500, &p, &r);
  action_fund_run(&p, &r);
  CHECK_INT(r.lastsWholePlan, 1);
  CHECK_INT(r.daysLasting, 5);
  CHECK_INT(r.endBalance, 0);
  CHECK_STR(r.zRunsOutOn, "");
  action_result_clear(&r);
}

TEST(action_levy_offsets_strike_pay){
  /* 80 active members, 10 out every day at £7 a day: £70 a day of pay.
  ** The 70 not out pay £7 a week each: £490 a week, £70 a day. The fund
  ** never moves from its £100. */
  ActionPlan p;
  ActionResult r;
  hand_plan(14, 10000, 0, 700, 80, 10, 700, &p, &r);
  action_fund_run(&p, &r);
  for(int i=0; i<14; i++){
    CHECK_INT(r.aDay[i].levy, 7000);
    CHECK_INT(r.aDay[i].net, 0);
    CHECK_INT(r.aDay[i].balance, 10000);
  }
  CHECK_INT(r.totalLevy, 14*7000);
  CHECK_INT(r.lastsWholePlan, 1);
  action_result_clear(&r);

  /* Half the levy (£3.50 a week): £35 a day in, £70 out, £35 a day
  ** down from £100: £30 left after day 2, below zero on day 3. */
  hand_plan(14, 10000, 0, 350, 80, 10, 700, &p, &r);
  action_fund_run(&p, &r);
  CHECK_INT(r.aDay[1].balance, 3000);
  CHECK_INT(r.daysLasting, 2);
  CHECK_STR(r.zRunsOutOn, "2026-12-03");
  action_result_clear(&r);
}

TEST(action_weekly_amounts_accrue_by_sevenths){
  /* £10 a week of income: 1000 pence over 7 days in whole pence, 142 on
  ** day 1, exactly 1000 by day 7 and 2000 by day 14. A £1 levy from one
  ** member not out: 14 pence on day 1, exactly 100 by day 7. */
  ActionPlan p;
  ActionResult r;
  hand_plan(14, 0, 1000, 100, 1, 0, 0, &p, &r);
  action_fund_run(&p, &r);
  CHECK_INT(r.aDay[0].income, 142);
  CHECK_INT(r.aDay[0].levy, 14);
  int64_t nIncome = 0, nLevy = 0;
  for(int i=0; i<7; i++){ nIncome += r.aDay[i].income; nLevy += r.aDay[i].levy; }
  CHECK_INT(nIncome, 1000);
  CHECK_INT(nLevy, 100);
  CHECK_INT(r.aDay[6].balance, 1100);
  CHECK_INT(r.totalIncome, 2000);
  CHECK_INT(r.endBalance, 2200);
  action_result_clear(&r);

  /* Without the fund (one branch's view), income and the opening balance
  ** are left out: the balance is the branch's own net so far. */
  hand_plan(7, 99999, 1000, 700, 10, 2, 100, &p, &r);
  r.hasFund = 0;
  action_fund_run(&p, &r);
  CHECK_INT(r.totalIncome, 0);
  CHECK_INT(r.aDay[0].levy, 800);         /* 8 not out x £7 / 7 */
  CHECK_INT(r.aDay[0].balance, 800 - 200);
  CHECK_INT(r.lastsWholePlan, 1);
  action_result_clear(&r);
}

TEST(action_money_and_days_parse){
  int64_t v = -1;
  CHECK_INT(action_parse_money("12.50", ACTION_MAX_RATE, &v), 0); CHECK_INT(v, 1250);
  CHECK_INT(action_parse_money("\xC2\xA3" "1,200", ACTION_MAX_FUND, &v), 0); CHECK_INT(v, 120000);
  CHECK_INT(action_parse_money("7.5", ACTION_MAX_RATE, &v), 0); CHECK_INT(v, 750);
  CHECK_INT(action_parse_money("0", ACTION_MAX_RATE, &v), 0); CHECK_INT(v, 0);
  CHECK_INT(action_parse_money("1.234", ACTION_MAX_RATE, &v), -1);
  CHECK_INT(action_parse_money("-5", ACTION_MAX_RATE, &v), -1);
  CHECK_INT(action_parse_money("ten", ACTION_MAX_RATE, &v), -1);
  CHECK_INT(action_parse_money("10001", ACTION_MAX_RATE, &v), -1);
  CHECK_INT(action_parse_money("12.", ACTION_MAX_RATE, &v), -1);
  char z[40];
  action_money_text(123456789, z, sizeof z); CHECK_STR(z, "\xC2\xA3" "1,234,567.89");
  action_money_text(-300, z, sizeof z); CHECK_STR(z, "-\xC2\xA3" "3.00");
  action_money_text(5, z, sizeof z); CHECK_STR(z, "\xC2\xA3" "0.05");

  int *a = 0, n = 0;
  char *zErr = 0;
  CHECK_INT(action_parse_days("8, 1-3,2,10-11", 14, &a, &n, &zErr), 0);
  CHECK_INT(n, 6);
  if( n==6 ){ CHECK_INT(a[0], 1); CHECK_INT(a[3], 8); CHECK_INT(a[5], 11); }
  free(a);
  CHECK_INT(action_parse_days("1-15", 14, &a, &n, &zErr), -1);
  CHECK_CONTAINS(zErr, "from 1 to 14");
  free(zErr);
  CHECK_INT(action_parse_days("3-1", 14, &a, &n, &zErr), -1);
  free(zErr);
  CHECK_INT(action_parse_days("x", 14, &a, &n, &zErr), -1);
  free(zErr);
}

/*************************** scenarios on a register ***************************/

static const char zUnits[] =
  "code,name,kind,parent_code,sector\n"
  "U,Test Union,union,,\n"
  "B1,Branch One,branch,U,\n"
  "B2,Branch Two,branch,U,\n"
  "W1,Works One,workplace,B1,\n"
  "W2,Works Two,workplace,B1,\n"
  "W3,Works Three,workplace,B2,\n";

/* W1: 10 active clerks, W2: 20 active clerks (and 5 lapsed), both
** employed by Alpha Ltd; W3: 30 active nurses employed by Beta Ltd. */
static Db *fixture(const char *zName){
  char zPath[400], *zErr = 0;
  snprintf(zPath, sizeof zPath, "%s/%s", test_tmpdir(), zName);
  unlink(zPath);
  Db *db = 0;
  if( db_open(zPath, DB_OPEN_CREATE, &db, &zErr) ){
    test_fail(__FILE__, __LINE__, "open: %s", zErr);
    free(zErr);
    return 0;
  }
  Buf m = BUF_INIT;
  buf_puts(&m, "membership_number,first_name,last_name,status,employer,workplace_code,"
               "category,employment_type\n");
  static const struct { const char *zUnit, *zStatus, *zEmp, *zCat; int n; } aGroup[] = {
    { "W1", "active", "Alpha Ltd", "clerk", 10 },
    { "W2", "active", "Alpha Ltd", "clerk", 20 },
    { "W2", "lapsed", "Alpha Ltd", "clerk", 5 },
    { "W3", "active", "Beta Ltd", "Nurse", 30 },
  };
  int k = 0;
  for(size_t g=0; g<sizeof(aGroup)/sizeof(aGroup[0]); g++){
    for(int i=0; i<aGroup[g].n; i++, k++){
      buf_printf(&m, "A%04d,Ann,Member%d,%s,%s,%s,%s,employed\n", k, k, aGroup[g].zStatus,
                 aGroup[g].zEmp, aGroup[g].zUnit, aGroup[g].zCat);
    }
  }
  ImportOpts o = {0};
  ImportResult r = {0};
  if( register_import_units(db, "units.csv", zUnits, strlen(zUnits), &o, &r) ){
    test_fail(__FILE__, __LINE__, "units: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  if( register_import_members(db, "members.csv", m.z, m.n, &o, &r) ){
    test_fail(__FILE__, __LINE__, "members: %s", buf_str(&r.errors));
  }
  import_result_clear(&r);
  buf_reset(&m);
  return db;
}

/* Create scenario zCode of nDays days with one kind of action over units
** azUnit (comma-free codes, nUnit of them) on every day; £10 a day. */
static int create(Db *db, const char *zCode, const char *zDispute, int nDays, int kind,
                  int nUnit, const char *const *azUnit, char **pzErr){
  ActionSpec spec = { .zCode = zCode, .zTitle = "Test scenario", .zDispute = zDispute,
    .zStartsOn = "2026-12-01", .nDays = nDays, .defaultPay = 1000, .levyWeek = 0,
    .fundOpening = 100000, .fundIncomeWeek = 0, .zCreatedOn = "2026-11-23",
    .days = { .kind = kind, .nUnit = nUnit, .azUnit = azUnit } };
  return action_create(db, &spec, pzErr);
}

/* Load and work out scenario zCode for pScope (NULL: the union). */
static int compute(Db *db, const char *zCode, const Unit *pScope, ActionPlan *p, ActionResult *r){
  memset(r, 0, sizeof(*r));
  if( action_load(db, zCode, p) ){ test_fail(__FILE__, __LINE__, "load %s", zCode); return -1; }
  if( action_compute(db, p, pScope, r) ){ test_fail(__FILE__, __LINE__, "compute %s", zCode); return -1; }
  return 0;
}

TEST(action_rolling_against_all_out){
  Db *db = fixture("action_roll.db");
  if( db==0 ) return;
  char *zErr = 0;
  const char *azW[] = { "W1", "W2", "W3" };
  CHECK_INT(create(db, "ALL", 0, 3, ACTION_ALL_OUT, 0, 0, &zErr), 0);
  free(zErr); zErr = 0;
  CHECK_INT(create(db, "ROLL", 0, 3, ACTION_ROLLING, 3, azW, &zErr), 0);
  free(zErr); zErr = 0;
  CHECK_INT(create(db, "TGT", 0, 3, ACTION_TARGETED, 1, azW+2, &zErr), 0);
  free(zErr); zErr = 0;

  ActionPlan p;
  ActionResult r;
  /* All-out: the 60 active members (not the 5 lapsed) out every day at
  ** £10: £600 a day; £1,000 lasts 1 day and runs out on day 2. */
  if( compute(db, "ALL", 0, &p, &r)==0 ){
    CHECK_INT(r.active, 60);
    CHECK_INT(r.aDay[0].out, 60);
    CHECK_INT(r.aDay[2].out, 60);
    CHECK_INT(r.carrying, 60);
    CHECK(r.carryingPct>99.9);
    CHECK_INT(r.memberDays, 180);
    CHECK_INT(r.aDay[0].pay, 60000);
    CHECK_INT(r.daysLasting, 1);
    CHECK_STR(r.zRunsOutOn, "2026-12-02");
  }
  action_result_clear(&r); action_plan_clear(&p);
  /* Rolling: W1, W2, W3 take a day each: 10, 20, 30 out; the same 60
  ** members carry it for a third of the member-days, and £1,000 lasts. */
  if( compute(db, "ROLL", 0, &p, &r)==0 ){
    CHECK_INT(r.aDay[0].out, 10);
    CHECK_INT(r.aDay[1].out, 20);
    CHECK_INT(r.aDay[2].out, 30);
    CHECK_INT(r.carrying, 60);
    CHECK_INT(r.memberDays, 60);
    CHECK_INT(r.totalPay, 60000);
    CHECK_INT(r.lastsWholePlan, 1);
    CHECK_INT(r.endBalance, 40000);
  }
  action_result_clear(&r); action_plan_clear(&p);
  /* Targeted at W3: half the union's active members carry the action. */
  if( compute(db, "TGT", 0, &p, &r)==0 ){
    CHECK_INT(r.carrying, 30);
    CHECK(r.carryingPct>49.9 && r.carryingPct<50.1);
    CHECK_INT(r.peakOut, 30);
  }
  action_result_clear(&r); action_plan_clear(&p);

  /* Pay by category: nurses (case ignored) £20, the rest stay at £10. */
  CHECK_INT(action_set_pay(db, "TGT", "NURSE", 2000, &zErr), 0);
  free(zErr); zErr = 0;
  if( compute(db, "TGT", 0, &p, &r)==0 ) CHECK_INT(r.aDay[0].pay, 30*2000);
  action_result_clear(&r); action_plan_clear(&p);

  /* A unit and its own branch out on the same day count once. */
  const char *azB[] = { "B1" };
  ActionDays more = { .kind = ACTION_TARGETED, .nUnit = 1, .azUnit = azB };
  CHECK_INT(action_add_days(db, "ROLL", &more, &zErr), 3);
  free(zErr); zErr = 0;
  if( compute(db, "ROLL", 0, &p, &r)==0 ){
    CHECK_INT(r.aDay[0].out, 30);          /* B1 = W1 + W2; W1 not twice */
    CHECK_INT(r.aDay[2].out, 60);          /* B1 and W3 */
  }
  action_result_clear(&r); action_plan_clear(&p);

  /* A branch secretary's view of all-out: Branch One's 30, no fund. */
  Unit b1;
  CHECK_INT(register_unit_by_code(db, "B1", &b1), 0);
  if( compute(db, "ALL", &b1, &p, &r)==0 ){
    CHECK_INT(r.hasFund, 0);
    CHECK_INT(r.active, 30);
    CHECK_INT(r.aDay[0].out, 30);
    CHECK_INT(r.lastsWholePlan, 1);
    json_t *o = action_json(&p, &r);
    CHECK(json_is_null(json_object_get(o, "fund")));
    CHECK(json_is_null(json_object_get(o, "days_fund_lasts")));
    json_decref(o);
  }
  action_result_clear(&r); action_plan_clear(&p);
  db_close(db);
}

TEST(action_create_refuses_bad_input_and_writes_nothing){
  Db *db = fixture("action_bad.db");
  if( db==0 ) return;
  char *zErr = 0;
  const char *azBad[] = { "NOPE" };
  CHECK_INT(create(db, "bad code!", 0, 0, ACTION_TARGETED, 1, azBad, &zErr), -1);
  CHECK_CONTAINS(zErr, "scenario code");
  CHECK_CONTAINS(zErr, "1 to 366 days");
  free(zErr); zErr = 0;
  CHECK_INT(create(db, "X", 0, 5, ACTION_TARGETED, 1, azBad, &zErr), -1);
  CHECK_CONTAINS(zErr, "no unit with code NOPE");
  free(zErr); zErr = 0;
  CHECK_INT(create(db, "X", "NO-DISPUTE", 5, ACTION_ALL_OUT, 0, 0, &zErr), -1);
  CHECK_CONTAINS(zErr, "no dispute with code NO-DISPUTE");
  free(zErr); zErr = 0;
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM action_plans", 0), 0);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM action_plan_days", 0), 0);
  CHECK_INT(create(db, "X", 0, 5, ACTION_ALL_OUT, 0, 0, &zErr), 0);
  free(zErr); zErr = 0;
  CHECK_INT(create(db, "X", 0, 5, ACTION_ALL_OUT, 0, 0, &zErr), -1);
  CHECK_CONTAINS(zErr, "already exists");
  free(zErr); zErr = 0;
  CHECK_INT(action_delete(db, "X"), 0);
  CHECK_INT(action_delete(db, "X"), 1);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM action_plan_days", 0), 0);
  db_close(db);
}

TEST(action_counts_only_who_could_lawfully_act){
  Db *db = fixture("action_dispute.db");
  if( db==0 ) return;
  LawSet *pLaw = 0;
  char *zErr = 0;
  if( law_load(0, &pLaw, &zErr) ){ test_fail(__FILE__, __LINE__, "law: %s", zErr); free(zErr); db_close(db); return; }
  /* A dispute with Alpha Ltd over the whole union: W1 and W2 (Alpha) are
  ** primary; W3 (Beta) is secondary. */
  const char *azEmp[] = { "Alpha Ltd" }, *azUnit[] = { "U" };
  DisputeSpec ds = { .zCode = "PAY", .zTitle = "Pay", .zRegime = "gb-era-2025",
    .zCreatedOn = "2026-11-23", .nEmployer = 1, .azEmployer = azEmp, .nUnit = 1, .azUnit = azUnit };
  CHECK_INT(dispute_create(db, pLaw, &ds, &zErr), 0);
  free(zErr); zErr = 0;
  CHECK_INT(create(db, "PAYALL", "PAY", 2, ACTION_ALL_OUT, 0, 0, &zErr), 0);
  free(zErr); zErr = 0;
  ActionPlan p;
  ActionResult r;
  if( compute(db, "PAYALL", 0, &p, &r)==0 ){
    CHECK_INT(r.active, 60);
    CHECK_INT(r.aDay[0].out, 30);
    CHECK_INT(r.cannotAct, 30);
    CHECK_INT(r.carrying, 30);
    /* The same count as the dispute's own classification. */
    Dispute d;
    DisputeSummary sum;
    memset(&sum, 0, sizeof sum);
    if( dispute_load(db, "PAY", &d)==0 && dispute_summarise(db, &d, &sum)==0 ){
      CHECK_INT(r.eligible, sum.anClass[DISPUTE_PRIMARY]);
    }
    dispute_summary_clear(&sum);
    dispute_clear(&d);
  }
  action_result_clear(&r); action_plan_clear(&p);

  /* A dispute over Branch One only: W3 is outside it, so targeting it is
  ** refused, and all-out calls out Branch One. */
  const char *azB1[] = { "B1" }, *azW3[] = { "W3" };
  ds.zCode = "B1PAY";
  ds.azUnit = azB1;
  CHECK_INT(dispute_create(db, pLaw, &ds, &zErr), 0);
  free(zErr); zErr = 0;
  CHECK_INT(create(db, "W3T", "B1PAY", 2, ACTION_TARGETED, 1, azW3, &zErr), -1);
  CHECK_CONTAINS(zErr, "outside dispute B1PAY's constituency");
  free(zErr); zErr = 0;
  CHECK_INT(create(db, "B1ALL", "B1PAY", 2, ACTION_ALL_OUT, 0, 0, &zErr), 0);
  free(zErr); zErr = 0;
  if( compute(db, "B1ALL", 0, &p, &r)==0 ){
    CHECK_INT(r.aDay[1].out, 30);
    CHECK_INT(r.cannotAct, 0);
    CHECK(r.carryingPct>49.9 && r.carryingPct<50.1);
  }
  action_result_clear(&r); action_plan_clear(&p);
  law_free(pLaw);
  db_close(db);
}
