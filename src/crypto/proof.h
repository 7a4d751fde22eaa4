/* proof.h: the non-interactive zero-knowledge proofs of the ballot engine:
** a ciphertext encrypts 0 or 1; the sum of a question's ciphertexts encrypts
** a count in [min, max]; a trustee's decryption share is correct; knowledge
** of a secret key; and Schnorr signatures with a credential key. Every
** challenge hashes the whole statement (context, key, ciphertexts, values)
** with the commitments; transcripts are in docs/protocol.md ("Proofs").
**
** The context (pCtx, nCtx) is caller-chosen bytes that bind a proof to its
** place: the election id at least. Proofs made under one context never
** verify under another. Proof bytes are challenge/response pairs (c, s),
** 64 bytes each. All functions return 0 on success and -1 on any failure;
** a verifier that returns 0 has decoded and validated every point and
** scalar it read. */
#ifndef MANDATE_PROOF_H
#define MANDATE_PROOF_H
#include "elgamal.h"
#include "group.h"
#include <stddef.h>
#include <stdint.h>

#define PROOF_PAIR_BYTES      64    /* one challenge c and one response s */
#define PROOF_01_BYTES        128   /* two pairs: for 0 and for 1 */
#define PROOF_DECRYPT_BYTES   64
#define PROOF_KEY_BYTES       64
#define PROOF_SIGNATURE_BYTES 64
#define PROOF_SUM_MAX_VALUES  256   /* most values a sum proof may allow */

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

#endif
