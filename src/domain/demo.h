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

/* The votes already cast in one of the demo's online ballots
** (demo_ballot.c): pctVoted per cent of the voters vote, pctYes per cent of
** them yes, pctRevote per cent of them twice; each ballot is made as a
** member's device makes it and taken by ballot_cast(), in time order (so
** ballot_cast's clock, ballot_now(), must lie inside the ballot's window
** while this runs); the times they came in are then spread over
** [zFrom, zTo). With zReminderAt, a reminder wave by email (10% held out)
** is scheduled and sent through reminders.h at that time, between the
** ballots before it and those after; of the members who had not voted by
** then, those reminded vote a little more often, and sooner, than those
** held out (made-up behaviour, for the demo's reminders page). Also names
** DEMO_FREE_VOTERS voters who have not voted, in different workplaces
** where it can. The same seed, the same votes (but for the hold-out draw,
** whose seed the reminder makes fresh). Returns 0, or -1 with *pzErr
** (caller frees). */
#define DEMO_FREE_VOTERS 3
typedef struct DemoFreeVoter DemoFreeVoter;
struct DemoFreeVoter {
  int64_t voterNo;
  char zMember[32];          /* membership number */
  char zName[208];
  char zWorkplace[200];
};
typedef struct DemoVotePlan DemoVotePlan;
struct DemoVotePlan {
  const char *zCode;         /* the ballot */
  int pctVoted, pctYes, pctRevote;
  const char *zFrom, *zTo;   /* YYYY-MM-DDTHH:MM:SSZ: when the ballots came in */
  const char *zReminderAt;   /* NULL, or when the reminder wave went (within the span) */
  const char *zLinkBase;     /* the reminder's link: BASE/vote/CODE */
  uint64_t seed;
};
typedef struct DemoVotes DemoVotes;
struct DemoVotes {
  int64_t nVoter, nVoted, nBallot, nRevote;
  int nFree;
  DemoFreeVoter aFree[DEMO_FREE_VOTERS];
  int64_t nReminded, nHeldOut;   /* the reminder wave's groups */
};
struct GroupScalar;
/* The demo ballot's window: from two days ago to five days from now (UTC):
** a week, so that its turnout is charted by the hour (ballot_turnout). */
void demo_ballot_window(char zOpens[21], char zCloses[21]);
int demo_ballot_votes(Db *db, const char *zDbPath, const DemoVotePlan *pPlan,
                      const struct GroupScalar *aSk, int64_t nSk, DemoVotes *pOut, char **pzErr);

/* The credential authority's delivery report for the demo ballot zCode,
** as it would hand it back (demo_delivery.c), imported with
** delivery_import(): members with neither email nor mobile, and the
** aFree[] whose codes the demo prints, get letters (printed); the others
** by email (else text message), most sent before the opening, some re-sent,
** a few who have not voted bounced with an SMTP server's reason. Then two
** members who have not voted ask for their code again on the voting page
** (delivery_resend_request): one whose email bounced, by mobile, and one
** by email. The same seed, the same report. 0, or -1 with *pzErr. */
typedef struct DemoDelivery DemoDelivery;
struct DemoDelivery {
  int64_t nSent, nResent, nBounced, nPrinted;
  int64_t nRequest;          /* requests for a code again recorded */
};
int demo_ballot_delivery(Db *db, const char *zCode, const DemoFreeVoter *aFree, int nFree,
                         uint64_t seed, DemoDelivery *pOut, char **pzErr);

#endif
