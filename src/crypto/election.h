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
/* Trustee i's partial decryption of the tally aTally (nAnswerTotal
** ciphertexts) with their share x_i: LE64 i ‖ (D ‖ proof) per answer. */
int election_partial_make(Buf *pOut, const Election *e, uint32_t iTrustee,
                          const GroupScalar *pShare, const ElgCiphertext *aTally);
/* Combine the partial decryptions of the trustees aIdx[0..nIdx) (0-based,
** at least nThreshold, distinct), aShare[i*nAnswerTotal + a] being trustee
** aIdx[i]'s share for answer a, into D_a = Σ λ_i·D_i,a. Returns 0 or -1. */
int election_combine(GroupPoint *aD, const Election *e, const uint32_t *aIdx, size_t nIdx,
                     const GroupPoint *aShare);
int election_credentials_make(Buf *pOut, const Election *e, const GroupScalar *pAuthSk,
                              const GroupPoint *aCred, size_t nCred);
int election_ballot_make(Buf *pOut, const Election *e, const GroupScalar *pCredSk,
                         const GroupPoint *pCred, const uint8_t *aChoice);

/* Ballot checks: signature and every proof (not whether the credential is
** on the board: that is the verifier's bookkeeping). On success the
** ballot's ciphertexts are written to aCt (nAnswerTotal of them) if given.
** Returns 0, or -1 with a message in zErr. */
int election_ballot_verify(const Election *e, const unsigned char *a, size_t n,
                           ElgCiphertext *aCt, char *zErr, size_t nErr);

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
  uint64_t *aCount;             /* nAnswer: the decrypted result */
  unsigned char id[ELECTION_ID_BYTES];
};
int  election_demo_run(ElectionDemo *d, BoardWriter *w, char *zErr, size_t nErr);
void election_demo_clear(ElectionDemo *d);

#endif
