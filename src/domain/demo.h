/* demo.h: a synthetic union for demonstrations, tests and benchmarks: the
** same seed and size always give the same union, as import CSV files or
** as a database filled through the real importer. */
#ifndef MANDATE_DEMO_H
#define MANDATE_DEMO_H
#include <stddef.h>
#include <stdint.h>
#include "../store/db.h"
#include "../util/buf.h"

#define DEMO_MIN_MEMBERS 20
#define DEMO_MAX_MEMBERS 2000000
#define DEMO_PASSWORD    "solidarity-forever"   /* every demo account's password */

/* What to generate. */
typedef struct DemoOpts DemoOpts;
struct DemoOpts {
  int nMembers;              /* DEMO_MIN_MEMBERS .. DEMO_MAX_MEMBERS */
  uint64_t seed;             /* same seed and nMembers: same union */
  /* Called now and then while a stage runs; may be NULL. zStage is a short
  ** static phrase ("importing members"); nTotal is 0 when unknown. */
  void (*xProgress)(void *pArg, const char *zStage, size_t nDone, size_t nTotal);
  void *pProgressArg;
};

/* What was generated. */
typedef struct DemoSummary DemoSummary;
struct DemoSummary {
  int nUnits;                /* all units, the union included */
  int nGroups;
  int nBranches;
  int nWorkplaces;
  int nMembers;
  int nReps;                 /* rep positions */
  int nRepWorkplaces;        /* workplaces with at least one rep */
  int nHealthSafetyReps;
  int nAdvocates;
  int nBranchOfficers;
  int nConversations;
  int nUsers;                /* demo accounts */
  char *zLogins;             /* owned: one line per demo account (role, username,
                             ** password, scope unit name); NULL for CSV only */
};
void demo_summary_clear(DemoSummary *p);

/* Generate the union as the two import files: units (code, name, kind,
** parent_code, sector) and members (the full column set that
** 'mandate import members' reads), appended to pUnits and pMembers. Dates
** are placed relative to date_today(), so set MANDATE_TODAY for output that
** is identical from day to day. Fills the unit and member counts of *pOut
** (the rest stay 0). Cannot fail: xmalloc aborts when memory runs out. */
void demo_csv(const DemoOpts *pOpts, Buf *pUnits, Buf *pMembers, DemoSummary *pOut);

/* Fill an empty database with the same union: the CSV text goes through
** register_import_units() and register_import_members(), then positions,
** conversations and three demo accounts (officer, secretary, rep; password
** DEMO_PASSWORD) are added, and the login hints are stored in meta under
** 'demo_logins'. Returns 0 with *pOut filled (free with demo_summary_clear),
** or -1 with *pzErr (caller frees) saying what went wrong; the database may
** then hold part of the union and should be thrown away. */
int demo_build(Db *db, const DemoOpts *pOpts, DemoSummary *pOut, char **pzErr);

/* The worked examples on a demo union (demo_examples.c): dispute PAY26
** with the DWP and its statutory ballot under way, and action scenarios
** ALL and ROLL. Returns 0, or -1 with *pzErr (caller frees). */
struct LawSet;
int demo_examples_add(Db *db, const struct LawSet *pLaw, char **pzErr);

#endif
