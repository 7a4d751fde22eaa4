/* dkg.h: threshold trustees without a dealer (Pedersen's distributed key
** generation with Feldman commitments). Each of n trustees picks a secret
** polynomial f_i of degree k-1, publishes commitments C_i,t = a_i,t·G and a
** proof of knowledge of a_i,0, and sends f_i(j) to trustee j, sealed to
** j's box key. Trustee j checks every share it receives against the
** sender's commitments and keeps x_j = Σ_i f_i(j). The election key is
** Y = Σ_i C_i,0; trustee j's verification key Y_j = x_j·G is computable by
** anyone from the commitments; any k trustees decrypt together, their
** shares combined with Lagrange coefficients. No one ever holds the whole
** secret key. docs/protocol.md section 8.6 has the equations. */
#ifndef MANDATE_DKG_H
#define MANDATE_DKG_H
#include "group.h"
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#define DKG_MAX_TRUSTEES 64
#define DKG_BOX_PUBLIC_BYTES crypto_box_PUBLICKEYBYTES   /* X25519 */
#define DKG_BOX_SECRET_BYTES crypto_box_SECRETKEYBYTES
#define DKG_SEALED_SHARE_BYTES (crypto_box_SEALBYTES + GROUP_SCALAR_BYTES)
#define DKG_TAG_CONTEXT "mandate/v1/dkg"

/* One trustee's secret polynomial f(z) = a_0 + a_1·z + … + a_{k-1}·z^{k-1}. */
typedef struct DkgPolynomial DkgPolynomial;
struct DkgPolynomial {
  uint32_t k;                          /* coefficients (the threshold) */
  GroupScalar a[DKG_MAX_TRUSTEES];
};

void dkg_polynomial_random(DkgPolynomial *p, uint32_t k);
void dkg_polynomial_wipe(DkgPolynomial *p);
void dkg_commitments(GroupPoint *aC, const DkgPolynomial *p);   /* k points */
void dkg_share(GroupScalar *pOut, const DkgPolynomial *p, uint32_t j);   /* f(j), j >= 1 */

/* Does s·G equal Σ_t j^t·C_t for the k commitments aC? 0 yes, -1 no. */
int dkg_share_check(const GroupPoint *aC, uint32_t k, uint32_t j, const GroupScalar *s);

/* The public polynomial's commitments A_t = Σ_i C_i,t over n trustees
** (aC holds n rows of k points), and trustee j's verification key
** Y_j = Σ_t j^t·A_t (j >= 1). Return 0, or -1 on a bad point. */
int dkg_sum_commitments(GroupPoint *aA, const GroupPoint *aC, uint32_t n, uint32_t k);
int dkg_verification_key(GroupPoint *pY, const GroupPoint *aA, uint32_t k, uint32_t j);

/* The Lagrange coefficient at 0 of trustee aIdx[i] among the distinct
** 1-based indexes aIdx[0..n): Π_{m≠i} aIdx[m] / (aIdx[m] − aIdx[i]). */
int dkg_lagrange(GroupScalar *pOut, const uint32_t *aIdx, size_t n, size_t i);

/* The context of trustee i's (0-based) proof of knowledge of a_i,0 in a
** ceremony of n trustees with threshold k. aCtx holds 64 bytes. */
size_t dkg_context(unsigned char *aCtx, uint32_t n, uint32_t k, uint32_t i);

/* Seal share s to a trustee's box key (anyone may see the sealed bytes),
** and open one with the recipient's key pair. Open returns -1 if the box
** was not made for this key or was altered. */
int dkg_share_seal(unsigned char *aOut, const GroupScalar *s, const unsigned char *aBoxPk);
int dkg_share_open(GroupScalar *pOut, const unsigned char *aSealed,
                   const unsigned char *aBoxPk, const unsigned char *aBoxSk);

#endif
