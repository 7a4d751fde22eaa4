/* proof.h: the non-interactive zero-knowledge proofs of the ballot engine:
** a ciphertext encrypts 0 or 1; the sum of a question's ciphertexts encrypts
** a count in [min, max]; a trustee's decryption share is correct; knowledge
** of a secret key; and Schnorr signatures with a credential key. Every
** challenge hashes the whole statement (context, key, ciphertexts, values)
** with the commitments; transcripts are in docs/protocol.md ("Proofs").
**
** The context (pCtx, nCtx) is caller-chosen bytes that bind a proof to its
** place: the election id at least. Proofs made under one context never
** verify under another. Proofs carry their commitments (points) and
** responses, so a verifier can check many at once: every proof's equations
** are linear in public points, and a ProofBatch adds them up with fresh
** random 128-bit weights into one multi-scalar multiplication (msm.h).
** Layouts are in docs/protocol.md section 5. All functions return 0 on
** success and -1 on any failure; a verifier that returns 0 has decoded and
** validated every point and scalar it read.
**
** Single verification (proof_*_verify) is a batch of one. Batch use:
**   ProofBatch *b = proof_batch_new();
**   for each item: i = proof_batch_count(b); proof_batch_add_01(b, ...)
**     (-1 there: that item is malformed, reject it now)
**   if( proof_batch_check(b) ) bad = proof_batch_first_bad(b);  (an item index)
**   proof_batch_reset(b);   (then the next chunk; bounded memory)
**   proof_batch_free(b);
** A batch is used by one thread at a time; use one per thread. */
#ifndef MANDATE_PROOF_H
#define MANDATE_PROOF_H
#include "elgamal.h"
#include "group.h"
#include <stddef.h>
#include <stdint.h>

#define PROOF_01_BYTES        224   /* a0 b0 a1 b1 c0 s0 s1 */
#define PROOF_DECRYPT_BYTES   96    /* a b s */
#define PROOF_KEY_BYTES       64    /* R s */
#define PROOF_SIGNATURE_BYTES 64    /* R s */
#define PROOF_SUM_MAX_VALUES  256   /* most values a sum proof may allow */
#define PROOF_SUM_MAX_BYTES   (128*PROOF_SUM_MAX_VALUES - 32)

/* (a) a ciphertext encrypts 0 or 1 */
int proof_01_make(unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                  const GroupPoint *pPk, const ElgCiphertext *c,
                  uint64_t m, const GroupScalar *pR);
int proof_01_verify(const unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                    const GroupPoint *pPk, const ElgCiphertext *c);

/* (b) the sum of nCt ciphertexts encrypts a value in [min, max] */
size_t proof_sum_bytes(uint64_t min, uint64_t max);
int proof_sum_make(unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                   const GroupPoint *pPk, const ElgCiphertext *aCt, size_t nCt,
                   const uint64_t *aM, const GroupScalar *aR,
                   uint64_t min, uint64_t max);
int proof_sum_verify(const unsigned char *aProof, size_t nProof,
                     const unsigned char *pCtx, size_t nCtx,
                     const GroupPoint *pPk, const ElgCiphertext *aCt, size_t nCt,
                     uint64_t min, uint64_t max);

/* (c) a decryption share D = x·A is correct for the trustee key Y = x·G */
int proof_decrypt_make(GroupPoint *pShare, unsigned char *aProof,
                       const unsigned char *pCtx, size_t nCtx,
                       const GroupScalar *pSk, const GroupPoint *pPk,
                       const ElgCiphertext *c);
int proof_decrypt_verify(const unsigned char *aProof,
                         const unsigned char *pCtx, size_t nCtx,
                         const GroupPoint *pPk, const ElgCiphertext *c,
                         const GroupPoint *pShare);

/* (d) knowledge of x with Y = x·G; and Schnorr signatures */
int proof_key_make(unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                   const GroupScalar *pSk, const GroupPoint *pPk);
int proof_key_verify(const unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                     const GroupPoint *pPk);
int proof_signature_make(unsigned char *aSig, const unsigned char *pCtx, size_t nCtx,
                         const GroupScalar *pSk, const GroupPoint *pPk,
                         const void *pMsg, size_t nMsg);
int proof_signature_verify(const unsigned char *aSig, const unsigned char *pCtx, size_t nCtx,
                           const GroupPoint *pPk, const void *pMsg, size_t nMsg);

/* ---- batch verification ---- */
typedef struct ProofBatch ProofBatch;

ProofBatch *proof_batch_new(void);
void   proof_batch_free(ProofBatch *b);
void   proof_batch_reset(ProofBatch *b);
size_t proof_batch_count(const ProofBatch *b);
size_t proof_batch_bytes(const ProofBatch *b);

/* Each adds one item (index proof_batch_count() before the call) with the
** same arguments as the matching *_verify. Returns -1 and adds nothing if
** the proof is malformed (size, a point that does not decode, a scalar not
** below L, an identity key): such a proof fails on its own. */
int proof_batch_add_01(ProofBatch *b, const unsigned char *aProof,
                       const unsigned char *pCtx, size_t nCtx,
                       const GroupPoint *pPk, const ElgCiphertext *c);
int proof_batch_add_sum(ProofBatch *b, const unsigned char *aProof, size_t nProof,
                        const unsigned char *pCtx, size_t nCtx,
                        const GroupPoint *pPk, const ElgCiphertext *aCt, size_t nCt,
                        uint64_t min, uint64_t max);
int proof_batch_add_decrypt(ProofBatch *b, const unsigned char *aProof,
                            const unsigned char *pCtx, size_t nCtx,
                            const GroupPoint *pPk, const ElgCiphertext *c,
                            const GroupPoint *pShare);
int proof_batch_add_key(ProofBatch *b, const unsigned char *aProof,
                        const unsigned char *pCtx, size_t nCtx, const GroupPoint *pPk);
int proof_batch_add_signature(ProofBatch *b, const unsigned char *aSig,
                              const unsigned char *pCtx, size_t nCtx,
                              const GroupPoint *pPk, const void *pMsg, size_t nMsg);

/* The same, for a verifier that has already decoded the statement's
** points (to sum a tally): aDec[i] MUST be the decoding of aCt[i] (pDec of
** c; pPkElem of *pPk); they are not decoded again. */
int proof_batch_add_01_decoded(ProofBatch *b, const unsigned char *aProof,
                               const unsigned char *pCtx, size_t nCtx,
                               const GroupPoint *pPk, const ElgCiphertext *c,
                               const ElgDecoded *pDec);
int proof_batch_add_sum_decoded(ProofBatch *b, const unsigned char *aProof, size_t nProof,
                                const unsigned char *pCtx, size_t nCtx,
                                const GroupPoint *pPk, const ElgCiphertext *aCt,
                                const ElgDecoded *aDec, size_t nCt,
                                uint64_t min, uint64_t max);
int proof_batch_add_signature_decoded(ProofBatch *b, const unsigned char *aSig,
                                      const unsigned char *pCtx, size_t nCtx,
                                      const GroupPoint *pPk, const GroupElem *pPkElem,
                                      const void *pMsg, size_t nMsg);

/* 0 if every equation of items [lo, hi) holds (wrong with probability
** at most 2^-128 per call: the weights are fresh each call), else -1. */
int    proof_batch_check(ProofBatch *b);
int    proof_batch_check_range(ProofBatch *b, size_t lo, size_t hi);
/* After a failed check: the lowest item index that fails on its own
** (bisection, about log2(n) checks of shrinking ranges), or
** proof_batch_count(b) if none does. */
size_t proof_batch_first_bad(ProofBatch *b);

#endif
