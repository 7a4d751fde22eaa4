/* verify.h: the independent verifier: re-checks a whole board from its
** bytes alone (hash chain, order of items, every signature and proof, the
** last-ballot-counts rule, the tally, every partial decryption and the
** result) and names the first item that fails. Pure: bytes in, a report
** out; no files, no printing. */
#ifndef MANDATE_VERIFY_H
#define MANDATE_VERIFY_H
#include "board.h"
#include "election.h"
#include <stddef.h>
#include <stdint.h>

/* One ballot on the board, as the verifier saw it. */
typedef struct VerifyBallot VerifyBallot;
struct VerifyBallot {
  size_t iLine;                            /* its line on the board */
  char zTracker[BOARD_TRACKER_CHARS+1];    /* what the voter was shown */
  int counted;                             /* 1 if it is its credential's last ballot */
};

typedef struct VerifyReport VerifyReport;
struct VerifyReport {
  int ok;                     /* 1: everything verified, the result stands */
  size_t iFailLine;           /* first failing line (1-based); 0 when ok */
  char zFailType[24];         /* its item type, or "end" for a board that stops short */
  char zFail[320];            /* why */
  size_t nItem;               /* lines read */
  unsigned char head[BOARD_HASH_BYTES];   /* hash of the last item read */
  int hasElection;            /* election below is decoded */
  Election election;          /* owned */
  size_t nCredential;
  size_t nBallot;             /* cast (every ballot line read) */
  size_t nCounted;            /* last ballot per credential */
  VerifyBallot *aBallot;      /* owned; nBallot */
  uint64_t *aCount;           /* owned; election.nAnswerTotal counts (all buckets), when ok */
  uint64_t weightCounted;     /* Σ weights of the counted ballots (= nCounted if unweighted) */
  uint32_t nBucket;           /* tally buckets: published groups, then the merged rest */
  uint32_t *aBucketOfGroup;   /* owned; election.nGroup+1: group g's bucket */
  uint64_t *aBucketCounted;   /* owned; nBucket: counted ballots */
  uint64_t *aBucketWeight;    /* owned; nBucket: their weight */
  uint64_t *aBucketCount;     /* owned; nBucket × nAnswerTotal: counts, when ok and a result */
  uint32_t nPartial;          /* partial decryptions read (trustees who decrypted) */
  /* for the participants' tools (VERIFY_OPEN), filled when the board verifies: */
  int hasTally;               /* a tally is on the board (and matches the ballots) */
  int hasResult;
  ElgCiphertext *aSum;        /* owned; nBucket × nAnswerTotal: the weighted sums of the counted ballots */
  uint32_t *aPartialIdx;      /* owned; nPartial trustees (0-based) who decrypted */
  GroupPoint *aShare;         /* owned; nPartial × nBucket × nAnswerTotal decryption shares */
  int nThread;                /* threads used for the ballots */
  double secBallots;          /* seconds spent on the ballots' proofs */
};

/* Flags for verify_board(). */
#define VERIFY_OPEN 0x01   /* a board that ends before its result is not a failure
                           ** (voting open, or tally and decryption under way) */

int  verify_board(const unsigned char *a, size_t n, int nThread, int flags, VerifyReport *r);
void verify_report_clear(VerifyReport *r);

#endif
