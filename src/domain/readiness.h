/* readiness.h: "are we ready to ballot?" for every unit, rolled up over its
** subtree: members, verified home addresses, emails, mobiles, reps and
** recent assessments, and one readiness score (formula in docs/readiness.md). */
#ifndef MANDATE_READINESS_H
#define MANDATE_READINESS_H
#include <stdint.h>
#include <jansson.h>
#include "../store/db.h"
#include "register.h"

typedef struct ReadinessRow ReadinessRow;
struct ReadinessRow {
  Unit unit;
  int64_t members;          /* all members in the subtree, any status */
  int64_t active;           /* active members: the base of every percentage */
  int64_t homeVerified;     /* active, home address, date verified */
  int64_t workplaceAddress; /* active, ballot address is a workplace */
  int64_t email;            /* active, with an email */
  int64_t mobile;           /* active, with a mobile */
  int64_t reps;             /* reps and health-and-safety reps in the subtree */
  int64_t assessed;         /* active, assessed in the last 90 days */
  double homePct, emailPct, mobilePct, assessedPct;   /* 0..100, one decimal */
  double membersPerRep;     /* active / reps; 0 when there are no reps */
  double score;             /* 0..100, one decimal */
};

typedef struct Readiness Readiness;
struct Readiness {
  int n;
  ReadinessRow *a;          /* owned; tree order: a unit before its children */
};

/* Compute the roll-up for pScope's subtree (pScope is a[0]) as of zToday
** (YYYY-MM-DD). Returns 0, or -1 on a store error. Free with readiness_clear(). */
int readiness_compute(Db *db, const Unit *pScope, const char *zToday, Readiness *pOut);
void readiness_clear(Readiness *p);

/* One JSON object per row: unit, name, kind, depth, sector, members, active_members,
** home_address_pct, email_pct, mobile_pct, reps, members_per_rep,
** assessed_pct, workplace_addresses, score. Caller owns the reference. */
json_t *readiness_row_json(const ReadinessRow *r);

#endif
