/* msm.c: variable-time multi-scalar multiplication Σ s_i·P_i (public data
** only). Scalars are GroupScalars (< L < 2^253), points GroupElems.
**
** Straus: each point gets a table of its odd multiples P, 3P, ..., 15P and
** its scalar a width-5 NAF (nonzero digits odd, |d| < 16, at least four
** zeros after each); one chain of 253 doublings is shared by all points,
** with one addition per nonzero digit: about 7 + 253/6 additions a point.
**
** Pippenger (bucket method): the scalars are cut into c-bit signed digits
** in (−2^(c−1), 2^(c−1)]; for each window, top first, each point is added
** to (or subtracted from) the bucket of its digit's magnitude, and the
** buckets are combined by a running sum, Σ j·bucket_j, in 2·2^(c−1)
** additions. About (253/c)·(1 + 2^c/n) additions a point: fewer than
** Straus once n is about 50 (MSM_STRAUS_MAX). A digit 0 costs nothing,
** so 128-bit scalars (batch weights) are about half the price of full
** ones. */
#include "msm.h"
#include "../util/mem.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MSM_SCALAR_BITS 253   /* L < 2^253 */

/* The scalar as four little-endian 64-bit limbs. */
static void scalar_limbs(uint64_t *aL, const GroupScalar *s){
  for(int i=0; i<4; i++){
    uint64_t v = 0;
    for(int j=0; j<8; j++) v |= (uint64_t)s->a[8*i+j] << (8*j);
    aL[i] = v;
  }
}

/* Bits [pos, pos+w) of the 4-limb integer aL (w ≤ 16; 0 past the end). */
static unsigned limb_bits(const uint64_t *aL, unsigned pos, unsigned w){
  unsigned i = pos/64, sh = pos%64;
  uint64_t v;
  if( i>=4 ) return 0;
  v = aL[i] >> sh;
  if( sh+w > 64 && i+1<4 ) v |= aL[i+1] << (64-sh);
  return (unsigned)(v & ((UINT64_C(1)<<w) - 1));
}

/* ------------------------------------------------------------ Straus */

#define NAF_W     5
#define NAF_TABLE 8           /* odd multiples 1, 3, ..., 15 */
#define NAF_LEN   (MSM_SCALAR_BITS+1)

/* Width-5 NAF of s into aNaf[0..NAF_LEN); returns the index of the highest
** nonzero digit + 1 (0 for s = 0). */
static int naf5(signed char *aNaf, const GroupScalar *s){
  uint64_t k[5];
  int top = 0;
  scalar_limbs(k, s);
  k[4] = 0;
  memset(aNaf, 0, NAF_LEN);
  for(int i=0; i<NAF_LEN; i++){
    if( (k[0]|k[1]|k[2]|k[3]|k[4])==0 ) break;
    if( k[0] & 1 ){
      int d = (int)(k[0] & ((1u<<NAF_W)-1));
      if( d >= (1<<(NAF_W-1)) ) d -= (1<<NAF_W);
      aNaf[i] = (signed char)d;
      top = i+1;
      if( d>0 ){                       /* k -= d */
        uint64_t borrow = (uint64_t)d;
        for(int j=0; j<5 && borrow; j++){ uint64_t o = k[j]; k[j] = o - borrow; borrow = o < borrow; }
      }else{                           /* k += −d */
        uint64_t carry = (uint64_t)(-d);
        for(int j=0; j<5 && carry; j++){ k[j] += carry; carry = k[j] < carry; }
      }
    }
    for(int j=0; j<4; j++) k[j] = (k[j] >> 1) | (k[j+1] << 63);
    k[4] >>= 1;
  }
  return top;
}

/*
** *pOut = Σ aS[i]·aP[i] by Straus's method (interleaved width-5 NAF).
*/
void msm_straus(GroupElem *pOut, const GroupScalar *aS, const GroupElem *aP, size_t n){
  signed char *aNaf;
  GroupElem *aTab, p2;
  int top = 0, started = 0;
  group_elem_identity(pOut);
  if( n==0 ) return;
  aNaf = xmalloc(n * NAF_LEN);
  aTab = group_elem_array(n * NAF_TABLE);
  for(size_t i=0; i<n; i++){
    int t = naf5(aNaf + i*NAF_LEN, &aS[i]);
    if( t>top ) top = t;
    aTab[i*NAF_TABLE] = aP[i];
    group_elem_double(&p2, &aP[i]);
    for(int j=1; j<NAF_TABLE; j++){
      group_elem_add(&aTab[i*NAF_TABLE+j], &aTab[i*NAF_TABLE+j-1], &p2);
    }
  }
  for(int b=top-1; b>=0; b--){
    if( started ) group_elem_double(pOut, pOut);
    for(size_t i=0; i<n; i++){
      int d = aNaf[i*NAF_LEN + b];
      if( d==0 ) continue;
      const GroupElem *t = &aTab[i*NAF_TABLE + ((d>0 ? d : -d) >> 1)];
      if( !started ){
        if( d>0 ) *pOut = *t; else group_elem_neg(pOut, t);
        started = 1;
      }else if( d>0 ){
        group_elem_add(pOut, pOut, t);
      }else{
        group_elem_sub(pOut, pOut, t);
      }
    }
  }
  free(aNaf);
  free(aTab);
}

/* --------------------------------------------------------- Pippenger */

/* The window width minimising (windows)·(n + 2^c) additions. */
static unsigned pippenger_window(size_t n){
  unsigned best = 2;
  double bestCost = 1e300;
  for(unsigned c=2; c<=16; c++){
    double nWin = (double)(MSM_SCALAR_BITS/c + 1);
    double cost = nWin * ((double)n + (double)(1u<<c)) + MSM_SCALAR_BITS*0.75;
    if( cost < bestCost ){ bestCost = cost; best = c; }
  }
  return best;
}

/*
** *pOut = Σ aS[i]·aP[i] by Pippenger's bucket method with nWindow-bit
** signed digits (2..16; 0 chooses from n).
*/
void msm_pippenger(GroupElem *pOut, const GroupScalar *aS, const GroupElem *aP, size_t n,
                   unsigned nWindow){
  unsigned c = nWindow ? nWindow : pippenger_window(n);
  unsigned nWin, nBucket;
  int16_t *aDigit;
  GroupElem *aBucket, sum, tot;
  unsigned char *aUsed;
  int started = 0;
  group_elem_identity(pOut);
  if( n==0 ) return;
  if( c<2 ) c = 2;
  if( c>16 ) c = 16;
  nWin = MSM_SCALAR_BITS/c + 1;        /* ≥ 254 bits: room for the last carry */
  nBucket = 1u << (c-1);
  aDigit = xmalloc(n * nWin * sizeof *aDigit);
  for(size_t i=0; i<n; i++){
    uint64_t aL[4];
    unsigned carry = 0;
    scalar_limbs(aL, &aS[i]);
    for(unsigned w=0; w<nWin; w++){
      int d = (int)(limb_bits(aL, w*c, c) + carry);
      if( d > (int)nBucket ){ d -= (int)(1u<<c); carry = 1; }else{ carry = 0; }
      aDigit[(size_t)w*n + i] = (int16_t)d;
    }
  }
  aBucket = group_elem_array(nBucket);
  aUsed = xmalloc(nBucket);
  for(unsigned w=nWin; w-- > 0; ){
    const int16_t *aD = aDigit + (size_t)w*n;
    int any = 0, hasSum = 0, hasTot = 0;
    if( started ) for(unsigned k=0; k<c; k++) group_elem_double(pOut, pOut);
    memset(aUsed, 0, nBucket);
    for(size_t i=0; i<n; i++){
      int d = aD[i];
      unsigned j;
      if( d==0 ) continue;
      j = (unsigned)(d>0 ? d : -d) - 1;
      if( !aUsed[j] ){
        if( d>0 ) aBucket[j] = aP[i]; else group_elem_neg(&aBucket[j], &aP[i]);
        aUsed[j] = 1;
        any = 1;
      }else if( d>0 ){
        group_elem_add(&aBucket[j], &aBucket[j], &aP[i]);
      }else{
        group_elem_sub(&aBucket[j], &aBucket[j], &aP[i]);
      }
    }
    if( !any ) continue;
    /* Σ (j+1)·bucket_j = Σ_j (bucket_{nBucket-1} + ... + bucket_j) */
    for(unsigned j=nBucket; j-- > 0; ){
      if( aUsed[j] ){
        if( hasSum ) group_elem_add(&sum, &sum, &aBucket[j]); else { sum = aBucket[j]; hasSum = 1; }
      }
      if( hasSum ){
        if( hasTot ) group_elem_add(&tot, &tot, &sum); else { tot = sum; hasTot = 1; }
      }
    }
    if( started ) group_elem_add(pOut, pOut, &tot); else { *pOut = tot; started = 1; }
  }
  free(aDigit);
  free(aBucket);
  free(aUsed);
}

/*
** *pOut = Σ aS[i]·aP[i] for i < n (the identity when n = 0), in variable
** time: public scalars and points only.
*/
void msm_non_secret(GroupElem *pOut, const GroupScalar *aS, const GroupElem *aP, size_t n){
  if( n < MSM_STRAUS_MAX ) msm_straus(pOut, aS, aP, n);
  else msm_pippenger(pOut, aS, aP, n, 0);
}
