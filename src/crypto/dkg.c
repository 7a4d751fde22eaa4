/* dkg.c: distributed key generation for threshold trustees (see dkg.h and
** docs/protocol.md 8.6). Polynomials, Feldman commitments and share checks,
** verification keys, Lagrange coefficients, and shares sealed to the
** recipient trustee with libsodium's sealed boxes (X25519 + XSalsa20-
** Poly1305), so the sealed shares can travel by any channel. */
#include "dkg.h"
#include <string.h>

void dkg_polynomial_random(DkgPolynomial *p, uint32_t k){
  memset(p, 0, sizeof *p);
  p->k = k;
  for(uint32_t t=0; t<k && t<DKG_MAX_TRUSTEES; t++) group_scalar_random(&p->a[t]);
}

void dkg_polynomial_wipe(DkgPolynomial *p){
  sodium_memzero(p, sizeof *p);
}

void dkg_commitments(GroupPoint *aC, const DkgPolynomial *p){
  for(uint32_t t=0; t<p->k; t++) group_base_mult(&aC[t], &p->a[t]);
}

/* f(j) by Horner's rule. */
void dkg_share(GroupScalar *pOut, const DkgPolynomial *p, uint32_t j){
  GroupScalar x, acc;
  group_scalar_from_u64(&x, j);
  group_scalar_zero(&acc);
  for(uint32_t t=p->k; t-- > 0; ){
    group_scalar_mul(&acc, &acc, &x);
    group_scalar_add(&acc, &acc, &p->a[t]);
  }
  *pOut = acc;
  group_scalar_wipe(&acc);
}

/* Σ_t j^t·C_t by Horner's rule: ((C_{k-1}·j + C_{k-2})·j + …) + C_0. */
static int eval_commitments(GroupPoint *pOut, const GroupPoint *aC, uint32_t k, uint32_t j){
  GroupScalar x;
  GroupPoint acc;
  group_scalar_from_u64(&x, j);
  group_point_identity(&acc);
  for(uint32_t t=k; t-- > 0; ){
    if( !group_point_is_identity(&acc) && group_mult(&acc, &x, &acc) ) return -1;
    if( group_point_add(&acc, &acc, &aC[t]) ) return -1;
  }
  *pOut = acc;
  return 0;
}

int dkg_share_check(const GroupPoint *aC, uint32_t k, uint32_t j, const GroupScalar *s){
  GroupPoint want, got;
  if( k<1 || j<1 || eval_commitments(&want, aC, k, j) ) return -1;
  group_base_mult(&got, s);
  return group_point_eq(&want, &got) ? 0 : -1;
}

int dkg_sum_commitments(GroupPoint *aA, const GroupPoint *aC, uint32_t n, uint32_t k){
  for(uint32_t t=0; t<k; t++){
    group_point_identity(&aA[t]);
    for(uint32_t i=0; i<n; i++){
      if( group_point_add(&aA[t], &aA[t], &aC[(size_t)i*k + t]) ) return -1;
    }
  }
  return 0;
}

int dkg_verification_key(GroupPoint *pY, const GroupPoint *aA, uint32_t k, uint32_t j){
  if( k<1 || j<1 ) return -1;
  return eval_commitments(pY, aA, k, j);
}

/* x^(L-2) = 1/x mod L (Fermat), by square-and-multiply over the bits of
** L-2. Public values only (indexes), so timing does not matter. */
static void scalar_invert(GroupScalar *pOut, const GroupScalar *x){
  static const unsigned char aLm2[32] = {   /* L - 2, little-endian */
    0xeb,0xd3,0xf5,0x5c,0x1a,0x63,0x12,0x58,0xd6,0x9c,0xf7,0xa2,0xde,0xf9,0xde,0x14,
    0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x00,0x10 };
  GroupScalar r;
  group_scalar_from_u64(&r, 1);
  for(int bit=255; bit>=0; bit--){
    group_scalar_mul(&r, &r, &r);
    if( (aLm2[bit/8] >> (bit%8)) & 1 ) group_scalar_mul(&r, &r, x);
  }
  *pOut = r;
}

int dkg_lagrange(GroupScalar *pOut, const uint32_t *aIdx, size_t n, size_t i){
  GroupScalar num, den, xm, xi, d;
  if( i>=n || aIdx[i]==0 ) return -1;
  group_scalar_from_u64(&num, 1);
  group_scalar_from_u64(&den, 1);
  group_scalar_from_u64(&xi, aIdx[i]);
  for(size_t m=0; m<n; m++){
    if( m==i ) continue;
    if( aIdx[m]==aIdx[i] || aIdx[m]==0 ) return -1;
    group_scalar_from_u64(&xm, aIdx[m]);
    group_scalar_mul(&num, &num, &xm);
    group_scalar_sub(&d, &xm, &xi);
    group_scalar_mul(&den, &den, &d);
  }
  scalar_invert(&d, &den);
  group_scalar_mul(pOut, &num, &d);
  return 0;
}

static void le64(unsigned char *a, uint64_t v){
  for(int i=0; i<8; i++) a[i] = (unsigned char)(v >> (8*i));
}

size_t dkg_context(unsigned char *aCtx, uint32_t n, uint32_t k, uint32_t i){
  size_t nTag = strlen(DKG_TAG_CONTEXT);
  memcpy(aCtx, DKG_TAG_CONTEXT, nTag);
  le64(aCtx+nTag, n);
  le64(aCtx+nTag+8, k);
  le64(aCtx+nTag+16, i);
  return nTag + 24;
}

int dkg_share_seal(unsigned char *aOut, const GroupScalar *s, const unsigned char *aBoxPk){
  return crypto_box_seal(aOut, s->a, GROUP_SCALAR_BYTES, aBoxPk)==0 ? 0 : -1;
}

int dkg_share_open(GroupScalar *pOut, const unsigned char *aSealed,
                   const unsigned char *aBoxPk, const unsigned char *aBoxSk){
  unsigned char a[GROUP_SCALAR_BYTES];
  int rc = -1;
  if( crypto_box_seal_open(a, aSealed, DKG_SEALED_SHARE_BYTES, aBoxPk, aBoxSk)==0
   && group_scalar_decode(pOut, a)==0 ) rc = 0;
  sodium_memzero(a, sizeof a);
  return rc;
}
