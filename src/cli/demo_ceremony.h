/* demo_ceremony.h: the demo union's worked online ballot, REF26, made by
** the real ceremony (demo_ceremony.c) for `mandate demo --examples`. */
#ifndef MANDATE_DEMO_CEREMONY_H
#define MANDATE_DEMO_CEREMONY_H
#include <stdint.h>
#include "../domain/demo.h"

#define DEMO_BALLOT_CODE "REF26"

typedef struct DemoBallotReport DemoBallotReport;
struct DemoBallotReport {
  char zKeysDir[1024];        /* DBPATH.example-keys */
  char zBranch[200];          /* the constituency: this branch's subtree */
  char zCodesFile[1100];      /* KEYSDIR/VOTING-CODES.txt */
  char zCloses[24];           /* when voting closes, UTC */
  char zAfterClose[11];       /* the day after it closes, YYYY-MM-DD */
  char azCode[DEMO_FREE_VOTERS][72];   /* the free voters' codes, in groups of eight */
  DemoVotes votes;
};

/* The directory of the demo ballot's keys beside database zDbPath:
** "ZDBPATH.example-keys". Caller frees. */
char *demo_ceremony_keys_dir(const char *zDbPath);

/* On the demo database zDbPath (closed by the caller): three trustees (any
** two decrypt) and a credential authority make their keys in
** DBPATH.example-keys/ (0700; secret files 0600) with `mandate trustee`
** and `mandate authority`; `mandate ballot create` makes REF26 for the
** branch secretary's branch; the authority issues the credentials on its
** copy of the board; `mandate ballot import-credentials` takes the public
** halves; pctVoted per cent vote (demo_ballot_votes); the codes of a few
** who have not are written to VOTING-CODES.txt (0600). The commands'
** own output is not shown. Returns an EXIT_ code, after printing why. */
int demo_ceremony_run(const char *zDbPath, int pctVoted, uint64_t seed, DemoBallotReport *pOut);

#endif
