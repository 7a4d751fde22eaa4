/* demo_ceremony.h: the demo union's worked online ballots, made by the
** real ceremony (demo_ceremony.c) for `mandate demo --examples`: REF26,
** open, and IND26, closed and waiting for the trustees. */
#ifndef MANDATE_DEMO_CEREMONY_H
#define MANDATE_DEMO_CEREMONY_H
#include <stdint.h>
#include "../domain/demo.h"

#define DEMO_BALLOT_CODE  "REF26"
#define DEMO_CLOSED_CODE  "IND26"

typedef struct DemoBallotReport DemoBallotReport;
struct DemoBallotReport {
  char zKeysDir[1024];        /* DBPATH.example-keys */
  char zBranch[200];          /* REF26's constituency: this branch's subtree */
  char zCodesFile[1100];      /* KEYSDIR/VOTING-CODES.txt */
  char zCloses[24];           /* when REF26's voting closes, UTC */
  char zAfterClose[11];       /* the day after it closes, YYYY-MM-DD */
  char zReminderAt[24];       /* when REF26's reminder wave went */
  char azCode[DEMO_FREE_VOTERS][72];   /* the free voters' codes, in groups of eight */
  DemoVotes votes;            /* REF26's */
  DemoDelivery delivery;      /* REF26's codes, as the authority reported */
  int64_t nOutbox;            /* messages waiting in the outbox (mail is not set up) */
  char zClosedBranch[200];    /* IND26's constituency */
  char zClosedCloses[24];     /* when IND26's voting closed */
  DemoVotes closedVotes;      /* IND26's */
};

/* The directory of the demo ballots' keys beside database zDbPath:
** "ZDBPATH.example-keys". Caller frees. */
char *demo_ceremony_keys_dir(const char *zDbPath);

/* On the demo database zDbPath (closed by the caller): three trustees (any
** two decrypt) and a credential authority make their keys in
** DBPATH.example-keys/ (0700; secret files 0600) with `mandate trustee`
** and `mandate authority`; they serve both ballots, as a union's standing
** trustees and authority would. `mandate ballot create` makes REF26 for the
** branch secretary's branch; the authority issues the credentials on its
** copy of the board; `mandate ballot import-credentials` takes the public
** halves; pctVoted per cent vote, a reminder wave (10% held out) going
** out halfway (demo_ballot_votes); the codes of a few who have not are
** written to VOTING-CODES.txt (0600); the authority's delivery report is
** imported and two members ask for their code again (demo_ballot_delivery).
** Then IND26, an indicative ballot for another branch, whose week ended
** yesterday, is made the same way as of nine days ago, about 55% vote
** during its week, and `mandate ballot close` puts its encrypted tally on
** the board. The commands' own output is not shown. Returns an EXIT_
** code, after printing why. */
int demo_ceremony_run(const char *zDbPath, int pctVoted, uint64_t seed, DemoBallotReport *pOut);

#endif
