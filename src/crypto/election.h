/* election.h: the election definition and the payloads of the board's
** items (trustee keys, credentials, ballots, tally, partial decryptions,
** result): encoding, decoding with bounds checks, making and verifying.
** Byte layouts are in docs/protocol.md section 8. Also a complete simulated
** election for `mandate election demo` and the tests. */
#ifndef MANDATE_ELECTION_H
#define MANDATE_ELECTION_H
#include "board.h"
#include "elgamal.h"
#include "group.h"
#include "../util/buf.h"
#include <stddef.h>
#include <stdint.h>

#define ELECTION_VERSION       2
#define ELECTION_MAX_TEXT      1000   /* bytes in a title or question */
#define ELECTION_MAX_LABEL     200    /* bytes in an answer label */
#define ELECTION_MAX_TRUSTEES  64
#define ELECTION_MAX_QUESTIONS 32
#define ELECTION_MAX_ANSWERS   64     /* per question */
#define ELECTION_MAX_CRED_BATCH 65536 /* credential keys in one item */
#define ELECTION_ID_BYTES      32
#define ELECTION_MAX_GROUPS    4096   /* breakdown groups (e.g. branches) */
#define ELECTION_MAX_WEIGHT    1000000   /* a credential's weight (delegate votes) */
#define ELECTION_MIN_GROUP     10     /* default smallest group tallied on its own */

typedef struct ElectionQuestion ElectionQuestion;
struct ElectionQuestion {
  char *zText;         /* owned; the question */
  uint32_t nAnswer;    /* 1 = yes/no (one ciphertext), else 1..64 */
  uint64_t min, max;   /* answers a ballot may choose; [0,1] for yes/no */
  char **azLabel;      /* owned; nAnswer labels, each owned */
};

typedef struct Election Election;
struct Election {
  char *zTitle;                 /* owned */
  GroupPoint authority;         /* credential authority's signing key */
  uint32_t nTrustee;            /* n */
  uint32_t nThreshold;          /* k: trustees needed to decrypt, 1..n */
  GroupPoint *aCommit;          /* owned; n rows of k Feldman commitments C_i,t (dkg.h) */
  GroupPoint key;               /* the election key Y = Σ_i C_i,0 */
  uint32_t nQuestion;
  ElectionQuestion *aQ;         /* owned */
  uint32_t nGroup;              /* breakdown groups, 0 = none */
  uint64_t minGroup;            /* a group with fewer counted ballots is merged */
  char **azGroup;               /* owned; nGroup labels */
  /* derived, filled by election_decode / election_finish */
  unsigned char id[ELECTION_ID_BYTES];   /* BLAKE2b-256 of the definition */
  GroupPoint *aTrusteeKey;      /* owned; n verification keys Y_i = x_i·G */
  size_t nAnswerTotal;          /* sum of nAnswer over questions */
  size_t nBallotBytes;          /* exact size of a ballot payload */
};

void election_encode(const Election *e, Buf *pOut);
int  election_decode(Election *e, const unsigned char *a, size_t n, char *zErr, size_t nErr);
int  election_finish(Election *e, char *zErr, size_t nErr);
void election_clear(Election *e);

/* Contexts for the proofs (protocol.md 8.3). aCtx must hold 72 bytes. */
size_t election_ctx_ballot(unsigned char *aCtx, const Election *e,
                           const GroupPoint *pCred, uint32_t iQuestion);
size_t election_ctx_trustee(unsigned char *aCtx, const Election *e, uint32_t iTrustee);

/* Items made by the participants. Each appends its payload to pOut. */
/* Trustee i's key item: LE64 i ‖ C_i,0 ‖ aProof, the proof of knowledge of
** a_i,0 the trustee made at key generation (election_trustee_key_proof). */
int election_trustee_key_item(Buf *pOut, const Election *e, uint32_t iTrustee,
                              const unsigned char *aProof);
int election_trustee_key_proof(unsigned char *aProof, uint32_t nTrustee, uint32_t nThreshold,
                               uint32_t iTrustee, const GroupScalar *pA0);
int election_trustee_key_check(const Election *e, uint32_t iTrustee, const unsigned char *aProof);
/* Trustee i's partial decryption of the tally aTally (nEntry = buckets ×
** nAnswerTotal ciphertexts) with their share x_i: LE64 i ‖ (D ‖ proof) each. */
int election_partial_make(Buf *pOut, const Election *e, uint32_t iTrustee,
                          const GroupScalar *pShare, const ElgCiphertext *aTally, size_t nEntry);
/* Combine the partial decryptions of the trustees aIdx[0..nIdx) (0-based,
** at least nThreshold, distinct), aShare[i*nEntry + a] being trustee
** aIdx[i]'s share for entry a, into D_a = Σ λ_i·D_i,a. Returns 0 or -1. */
int election_combine(GroupPoint *aD, size_t nEntry, const Election *e,
                     const uint32_t *aIdx, size_t nIdx, const GroupPoint *aShare);
/* A batch of credentials, all in breakdown group iGroup (1..nGroup; 0
** when the election has no groups) and of the same weight (1 for an
** ordinary ballot; a delegate's votes in a weighted one). */
int election_credentials_make(Buf *pOut, const Election *e, const GroupScalar *pAuthSk,
                              const GroupPoint *aCred, size_t nCred,
                              uint32_t iGroup, uint64_t weight);

/* The tally's buckets (protocol.md 8.7): groups with at least minGroup
** counted ballots are tallied on their own, the rest merged into one last
** bucket, which takes the smallest published groups until it too has
** minGroup (or nothing is left to take). aCounted[g] is group g's counted
** ballots (g 0..nGroup; 0 is "no group", used when nGroup is 0). Fills
** aBucket[g] with g's bucket and returns the number of buckets (>= 1). */
uint32_t election_buckets(const Election *e, const uint64_t *aCounted, uint32_t *aBucket);

/* The tally and result items (protocol.md 8.4): per bucket, its counted
** ballots, their total weight, and nAnswer ciphertexts or counts. */
void election_tally_encode(Buf *pOut, uint32_t nBucket, const uint64_t *aCounted,
                           const uint64_t *aWeight, const ElgCiphertext *aCt, size_t nAnswer);
void election_result_encode(Buf *pOut, uint32_t nBucket, const uint64_t *aCounted,
                            const uint64_t *aWeight, const uint64_t *aCount, size_t nAnswer);

/* c·w for a public weight w (w = 1: unchanged). Returns 0 or -1. */
int election_weigh(ElgCiphertext *pOut, const ElgCiphertext *c, uint64_t w);
int election_ballot_make(Buf *pOut, const Election *e, const GroupScalar *pCredSk,
                         const GroupPoint *pCred, const uint8_t *aChoice);

/* Ballot checks: signature and every proof (not whether the credential is
** on the board: that is the verifier's bookkeeping). On success the
** ballot's ciphertexts are written to aCt (nAnswerTotal of them) if given.
** Returns 0, or -1 with a message in zErr. */
int election_ballot_verify(const Election *e, const unsigned char *a, size_t n,
                           ElgCiphertext *aCt, char *zErr, size_t nErr);

/* The same checks added to a batch of many ballots (proof.h), each point
** decoded once into aDec for summing: see election.c. */
struct ProofBatch;
int election_ballot_batch(const Election *e, const unsigned char *a, size_t n, struct ProofBatch *b,
                          ElgCiphertext *aCt, ElgDecoded *aDec, char *zErr, size_t nErr);

/* A simulated election, start to finish, for the demo and the tests.
** Votes and revotes follow seed; keys and encryption randomness come from
** the operating system. */
typedef struct ElectionDemo ElectionDemo;
struct ElectionDemo {
  /* in */
  uint32_t nVoter;              /* credentials issued */
  uint32_t nAnswer;             /* 1 = yes/no; else a 1-of-nAnswer question, blank allowed */
  uint32_t nTrustee;            /* n */
  uint32_t nThreshold;          /* k of the n decrypt (0: all n) */
  uint32_t nGroup;              /* breakdown groups (0: none); voters spread unevenly */
  int weighted;                 /* voters' weights 1..7 (a delegate conference) */
  uint64_t seed;
  /* out: the secrets (owned; freed by election_demo_clear) */
  GroupScalar authoritySk;
  GroupScalar *aTrusteeSk;      /* nTrustee key shares x_i, from the simulated ceremony */
  unsigned char *aDecrypted;    /* nTrustee flags: took part in the decryption */
  GroupScalar *aCredSk;         /* nVoter */
  GroupPoint *aCredPk;          /* nVoter */
  char (*azTracker)[BOARD_TRACKER_CHARS+1];  /* nVoter: tracker of the counted ballot, "" if none */
  /* out: what happened */
  uint64_t nBallot, nCounted;
  uint64_t *aCount;             /* nAnswer: the decrypted result (weighted) */
  uint64_t weightCounted;       /* Σ weights of the counted ballots */
  uint32_t nBucket;             /* tally buckets */
  unsigned char id[ELECTION_ID_BYTES];
};
int  election_demo_run(ElectionDemo *d, BoardWriter *w, char *zErr, size_t nErr);
void election_demo_clear(ElectionDemo *d);

#endif
