/* action_plan.h: industrial action planned as scenarios against a strike
** fund: which units take action on which days (all-out, rolling, targeted),
** strike pay per day by category, a weekly levy on members not taking
** action, the fund's opening balance and weekly income; and, computed from
** the register, members out, cost and fund balance per day, how many days
** the fund lasts and the share of members carrying the action.
** How every figure is computed: docs/action.md. */
#ifndef MANDATE_ACTION_PLAN_H
#define MANDATE_ACTION_PLAN_H
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "../store/db.h"
#include "register.h"

#define ACTION_MAX_DAYS     366          /* days in one plan */
#define ACTION_MAX_RATE     1000000      /* pence: £10,000, a member's pay or levy */
#define ACTION_MAX_FUND     100000000000 /* pence: £1,000,000,000, balance or income */
#define ACTION_MAX_COMPARE  8            /* scenarios compared side by side */

/* How a set of (unit, day) actions was chosen. */
typedef enum ActionKind ActionKind;
enum ActionKind {
  ACTION_ALL_OUT = 0,     /* every unit in the constituency, every day given */
  ACTION_ROLLING = 1,     /* the units given take turns, day by day */
  ACTION_TARGETED = 2,    /* the units given, every day given */
  ACTION_NKIND = 3
};

/* "all-out", "rolling" or "targeted" (static); "?" for anything else. */
const char *action_kind_name(int kind);

/* The kind named z ("all-out" or "all_out", "rolling", "targeted"), or -1. */
int action_kind_from_name(const char *z);

/* Money as people write it ("12.50", "£12.50", "1,200", "0") into pence.
** Returns 0, or -1 when z is not an amount from 0 to nMax pence with at
** most two decimals. */
int action_parse_money(const char *z, int64_t nMax, int64_t *pPence);

/* pence as "£1,234.56" (or "-£3.00") into zOut[nOut]. */
void action_money_text(int64_t pence, char *zOut, size_t nOut);

/* A list of plan days such as "1-5,8,10-12" (each 1..nDays) into a new
** sorted array without repeats. Returns 0 with *paDay (caller frees) and
** *pnDay, or -1 with *pzErr (caller frees). */
int action_parse_days(const char *z, int nDays, int **paDay, int *pnDay, char **pzErr);

/* Some (unit, day) actions: the units take action of `kind` on the days. */
typedef struct ActionDays ActionDays;
struct ActionDays {
  int kind;                       /* an ActionKind */
  int nUnit;
  const char *const *azUnit;      /* unit codes; none for all-out */
  int nDay;
  const int *aDay;                /* plan days 1..nDays; none: every day */
  int perDay;                     /* rolling: units out each day (0: 1) */
};

/* What is needed to create a scenario. */
typedef struct ActionSpec ActionSpec;
struct ActionSpec {
  const char *zCode;              /* unique: letters, digits, - _ . (1-40) */
  const char *zTitle;             /* 1-200 characters */
  const char *zDispute;           /* a dispute's code, or NULL for none */
  const char *zStartsOn;          /* ISO date of day 1 */
  int nDays;                      /* 1..ACTION_MAX_DAYS calendar days */
  int64_t defaultPay;             /* pence per member per day out */
  int64_t levyWeek;               /* pence per member not out, per week */
  int64_t fundOpening;            /* pence in the fund on day 1 */
  int64_t fundIncomeWeek;         /* pence a week into the fund besides the levy */
  const char *zCreatedOn;         /* ISO date */
  ActionDays days;                /* the first actions */
};

/* Create a scenario from *p, all or nothing, after checking every field:
** the code is new, the dates and amounts are in range, the dispute and
** units exist and, with a dispute, each unit overlaps its constituency.
** Returns 0, or -1 with *pzErr saying every problem, one a line (caller
** frees). */
int action_create(Db *db, const ActionSpec *p, char **pzErr);

/* Add the actions *pDays to scenario zCode. Returns the number of (unit,
** day) actions that were new (0 or more), or -1 with *pzErr (caller
** frees); nothing is written on error. */
int action_add_days(Db *db, const char *zCode, const ActionDays *pDays, char **pzErr);

/* Set scenario zCode's strike pay per member per day: for category
** zCategory (case ignored), or the default rate when zCategory is NULL.
** Returns 0, or -1 with *pzErr (caller frees). */
int action_set_pay(Db *db, const char *zCode, const char *zCategory, int64_t pence,
                   char **pzErr);

/* Set scenario zCode's fund: each pointer that is not NULL replaces that
** figure (pence). Returns 0, or -1 with *pzErr (caller frees). */
int action_set_fund(Db *db, const char *zCode, const int64_t *pOpening,
                    const int64_t *pIncomeWeek, const int64_t *pLevyWeek, char **pzErr);

/* Delete scenario zCode and its actions and rates. Returns 0, 1 when there
** is no such scenario, -1 on a store error. */
int action_delete(Db *db, const char *zCode);

/* One (unit, day) action of a scenario. */
typedef struct ActionUnitDay ActionUnitDay;
struct ActionUnitDay {
  int day;                        /* 1..nDays */
  int kind;                       /* an ActionKind */
  Unit unit;
};

/* A strike pay rate for one category. */
typedef struct ActionPay ActionPay;
struct ActionPay {
  char zCategory[100];            /* lower case */
  int64_t pence;                  /* per member per day out */
};

/* A scenario as stored. */
typedef struct ActionPlan ActionPlan;
struct ActionPlan {
  int64_t id;
  char zCode[48];
  char zTitle[208];
  int64_t disputeId;              /* 0 when not linked to a dispute */
  char zDispute[48];              /* its code; "" when none */
  char zStartsOn[11];
  int nDays;
  int64_t defaultPay, levyWeek, fundOpening, fundIncomeWeek;   /* pence */
  char zCreatedOn[11];
  int nPay;
  ActionPay *aPay;                /* owned: rates by category, by name */
  int nAction;
  ActionUnitDay *aAction;         /* owned: by day, then unit code */
};

/* Load scenario zCode. Returns 0 when found, 1 when not, -1 on a store
** error. Free with action_plan_clear() (also after 1 or -1). */
int action_load(Db *db, const char *zCode, ActionPlan *pOut);
void action_plan_clear(ActionPlan *p);

/* Every scenario, in code order, as a JSON array of {"code","title",
** "dispute","starts_on","days","created_on"}. NULL on a store error.
** Caller frees with json_decref(). */
json_t *action_list_json(Db *db);

/* The figures of one day of a scenario. */
typedef struct ActionDayFigures ActionDayFigures;
struct ActionDayFigures {
  char zDate[11];
  int nUnit;                      /* units called out (in view) */
  int64_t out;                    /* members out */
  int64_t pay;                    /* strike pay, pence */
  int64_t levy;                   /* levy paid by members not out, pence */
  int64_t income;                 /* the fund's other income, pence */
  int64_t net;                    /* income + levy - pay */
  int64_t balance;                /* the fund after the day (whole union only) */
};

/* A scenario worked out against the register. */
typedef struct ActionResult ActionResult;
struct ActionResult {
  int hasFund;                    /* 1: the whole union, with the fund; 0: one
                                  ** unit's subtree, whose figures are its own
                                  ** share (no balance: the fund is the union's) */
  Unit scope;                     /* the subtree the figures are for */
  int64_t active;                 /* active members in scope: the base */
  int64_t eligible;               /* of them, who could lawfully act: with a
                                  ** dispute, primary members in its
                                  ** constituency; else every active member */
  int64_t carrying;               /* distinct members out on at least one day */
  double carryingPct;             /* carrying / active, 0..100 */
  int64_t cannotAct;              /* members in called units left at work:
                                  ** outside the dispute or secondary */
  int64_t peakOut;                /* most members out on one day */
  int64_t memberDays;             /* members out, summed over the days */
  int nActionDays;                /* days with anyone out */
  int64_t totalPay, totalLevy, totalIncome;
  int64_t endBalance;             /* the balance after the last day */
  int daysLasting;                /* days before the balance first falls below
                                  ** zero; nDay when it never does */
  int lastsWholePlan;             /* the balance never falls below zero */
  char zRunsOutOn[11];            /* the first day it is below zero; "" */
  int nDay;
  ActionDayFigures *aDay;         /* owned: one per plan day */
};

/* Work out scenario *pPlan for pScope's subtree (NULL: the whole union,
** with the fund), counting active members with one GROUP BY query over the
** register. Returns 0 or -1 (store error). Free with action_result_clear(). */
int action_compute(Db *db, const ActionPlan *pPlan, const Unit *pScope, ActionResult *pOut);
void action_result_clear(ActionResult *p);

/* The fund's arithmetic, given the base (r->active), r->hasFund and each
** day's members out and pay (aDay[i].out and .pay, r->nDay days): fills
** in levy, income, net and balance per day and every total. The weekly
** levy and income accrue a seventh a day, in whole pence: through day d,
** floor(weekly x d / 7) of income, and floor(levy x (members not out,
** summed over days 1..d) / 7) of levy. Pure: no store. */
void action_fund_run(const ActionPlan *pPlan, ActionResult *r);

/* JSON: {"code","title","dispute","starts_on","days","default_pay_pence",
** "pay_by_category":[{"category","pence"}],"levy_week_pence",
** "fund":{"opening_pence","income_week_pence"} or null when r has no fund,
** "scope":{"code","name"},"active_members","eligible_members","carrying",
** "carrying_pct","cannot_act","peak_out","member_days","action_days",
** "total_pay_pence","total_levy_pence","total_income_pence",
** "end_balance_pence","days_fund_lasts","lasts_whole_plan","runs_out_on",
** "actions":[{"day","unit","name","kind"}],
** "per_day":[{"day","date","units","out","pay_pence","levy_pence",
** "income_pence","net_pence","balance_pence"}]} — fund figures are null
** without a fund; actions list only units overlapping r's scope. r may be
** NULL (the scenario alone). New reference; caller frees. */
json_t *action_json(const ActionPlan *p, const ActionResult *r);

/* True when unit pUnit's subtree and pScope's overlap (one holds the other). */
int action_unit_overlaps(const Unit *pScope, const Unit *pUnit);

#endif
