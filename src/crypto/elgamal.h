/* elgamal.h: exponential ElGamal on ristretto255: keys, encryption of small
** integers, the homomorphic sum, decryption (whole-key or by a trustee's
** share) and a reusable baby-step giant-step table for the discrete log of
** a tally. See docs/protocol.md, "ElGamal". */
#ifndef MANDATE_ELGAMAL_H
#define MANDATE_ELGAMAL_H
#include "group.h"
#include <stddef.h>
#include <stdint.h>

#define ELG_CIPHERTEXT_BYTES 64   /* A then B, 32 bytes each */

/* An encryption of m under public key Y = x·G with randomness r:
** A = r·G, B = m·G + r·Y. Written multiplicatively: (g^r, g^m·h^r). */
typedef struct ElgCiphertext ElgCiphertext;
struct ElgCiphertext {
  GroupPoint a;   /* A = r·G */
  GroupPoint b;   /* B = m·G + r·Y */
};

void elg_keygen(GroupScalar *pSk, GroupPoint *pPk);
int  elg_public_key_check(const GroupPoint *pPk);
int  elg_encrypt(ElgCiphertext *pOut, const GroupPoint *pPk, uint64_t m,
                 const GroupScalar *pR);
int  elg_ciphertext_decode(ElgCiphertext *pOut, const unsigned char *aIn);
void elg_ciphertext_encode(unsigned char *aOut, const ElgCiphertext *c);
void elg_ciphertext_zero(ElgCiphertext *pOut);
int  elg_add(ElgCiphertext *pOut, const ElgCiphertext *x, const ElgCiphertext *y);
int  elg_share(GroupPoint *pShare, const GroupScalar *pSk, const ElgCiphertext *c);
int  elg_unblind(GroupPoint *pM, const ElgCiphertext *c, const GroupPoint *pShare);
int  elg_decrypt(GroupPoint *pM, const GroupScalar *pSk, const ElgCiphertext *c);

/* A ciphertext decoded (both points as GroupElems), for verifiers that
** sum many ciphertexts (a tally: ~0.3 µs an addition instead of ~22 µs)
** and hand the same decoded points to a ProofBatch (proof.h's *_decoded
** forms), so each point is decoded once. */
typedef struct ElgDecoded ElgDecoded;
struct ElgDecoded {
  GroupElem a, b;
};

int  elg_decoded_from(ElgDecoded *pOut, const ElgCiphertext *c);
void elg_decoded_zero(ElgDecoded *pOut);
void elg_decoded_add(ElgDecoded *pOut, const ElgDecoded *x, const ElgDecoded *y);
void elg_decoded_encode(ElgCiphertext *pOut, const ElgDecoded *d);

/* A baby-step giant-step table for logarithms base G in [0, max]. Built
** once, then read-only: several threads may look up in one table. */
typedef struct ElgDlog ElgDlog;

ElgDlog *elg_dlog_new(uint64_t max, uint32_t nBaby);
int      elg_dlog(const ElgDlog *t, const GroupPoint *pM, uint64_t *pOut);
size_t   elg_dlog_bytes(const ElgDlog *t);
void     elg_dlog_free(ElgDlog *t);

#endif
