/* proof.c: Chaum–Pedersen and Schnorr proofs, made non-interactive by
** Fiat–Shamir over the whole statement (never the commitments alone: the
** weak Fiat–Shamir of Helios, Bernhard–Pereira–Warinschi 2012), and their
** batch verification.
**
** Every proof carries its commitments, so each of its checks is a linear
** equation in public points, e.g. a Schnorr signature (R, s) with
** c = H(..., R) holds iff R − s·G + c·Y = O. A verifier hashes the
** statement and commitments as given, then checks the equations; a
** ProofBatch collects the equations of many proofs and checks
** Σ_e z_e·(equation e) = O with fresh random 128-bit weights z_e in one
** multi-scalar multiplication (msm.h). Equations are stored unweighted so
** a sub-range can be re-checked with new weights to find a bad item.
**
** Makers: branches of a disjunction are made in the same order whatever
** the secret, and the total work does not depend on it (one real branch,
** the rest simulated); only where in the sequence the cheaper real branch
** falls does (see docs/protocol.md, "Side channels"). Makers use the
** constant-time operations; verifiers the variable-time MSM. */
#include "proof.h"
#include "hash.h"
#include "msm.h"
#include "../util/mem.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define P32 GROUP_POINT_BYTES      /* 32 */
#define S32 GROUP_SCALAR_BYTES     /* 32 */

/* ------------------------------------------------------------------
** The batch. A term is coef·P in equation eq of its item; P is a local
** point of the batch (decoded from a proof or statement) or a shared one:
** G, or a public key used by many proofs (the election key), decoded once.
*/
#define BATCH_SHARED      0x80000000u   /* pt: shared point index | this */
#define BATCH_SHARED_MAX  64            /* G + 63 keys; more keys go local */
#define TERM_SCALAR 0                   /* coefficient coef */
#define TERM_ONE    1                   /* coefficient 1 (a commitment) */

typedef struct BatchTerm BatchTerm;
struct BatchTerm {
  uint32_t eq;          /* equation, within its item */
  uint32_t pt;          /* local point index, or BATCH_SHARED | shared index */
  uint32_t kind;        /* TERM_SCALAR or TERM_ONE */
  GroupScalar coef;     /* when TERM_SCALAR */
};

typedef struct BatchItem BatchItem;
struct BatchItem {
  size_t firstTerm, firstPt;   /* its terms and local points start here */
  uint32_t nEq;
};

struct ProofBatch {
  GroupElem *aPt;              /* local points; owned */
  size_t nPt, nPtAlloc;
  BatchTerm *aTerm;            /* owned */
  size_t nTerm, nTermAlloc;
  BatchItem *aItem;            /* owned */
  size_t nItem, nItemAlloc;
  GroupPoint aSharedKey[BATCH_SHARED_MAX];   /* encodings; [0] unused (G) */
  GroupElem aShared[BATCH_SHARED_MAX];       /* [0] = G */
  size_t nShared;
  /* scratch for checks, kept between them */
  GroupScalar *aS;             /* MSM scalars */
  GroupElem *aP;               /* MSM points */
  size_t nMsmAlloc;
  unsigned char *aZ;           /* 16 random bytes per equation */
  size_t nZAlloc;
};

/*
** A new, empty batch. Free with proof_batch_free().
*/
ProofBatch *proof_batch_new(void){
  ProofBatch *b = xcalloc(1, sizeof *b);
  group_init();
  group_elem_generator(&b->aShared[0]);
  b->nShared = 1;
  return b;
}

/*
** Free a batch; NULL is a no-op.
*/
void proof_batch_free(ProofBatch *b){
  if( b==0 ) return;
  free(b->aPt); free(b->aTerm); free(b->aItem);
  free(b->aS); free(b->aP); free(b->aZ);
  free(b);
}

/*
** Empty the batch (keeping its memory and decoded keys) for the next chunk.
*/
void proof_batch_reset(ProofBatch *b){
  b->nPt = b->nTerm = b->nItem = 0;
}

/*
** The number of items added since the batch was made or reset.
*/
size_t proof_batch_count(const ProofBatch *b){
  return b->nItem;
}

/*
** Bytes of memory the batch holds (for reports and chunk sizing).
*/
size_t proof_batch_bytes(const ProofBatch *b){
  return sizeof *b + b->nPtAlloc*sizeof *b->aPt + b->nTermAlloc*sizeof *b->aTerm
       + b->nItemAlloc*sizeof *b->aItem + b->nMsmAlloc*(sizeof *b->aS + sizeof *b->aP)
       + b->nZAlloc;
}

/* Start an item: its terms and points go after the current ones. */
static void batch_begin(ProofBatch *b){
  if( b->nItem==b->nItemAlloc ){
    b->nItemAlloc = b->nItemAlloc ? 2*b->nItemAlloc : 4;
    b->aItem = xrealloc(b->aItem, b->nItemAlloc * sizeof *b->aItem);
  }
  b->aItem[b->nItem].firstTerm = b->nTerm;
  b->aItem[b->nItem].firstPt = b->nPt;
  b->aItem[b->nItem].nEq = 0;
}

/* Finish the item begun last with nEq equations, and return 0. */
static int batch_commit(ProofBatch *b, uint32_t nEq){
  b->aItem[b->nItem].nEq = nEq;
  b->nItem++;
  return 0;
}

/* Drop what the item begun last added, and return -1. */
static int batch_abandon(ProofBatch *b){
  b->nTerm = b->aItem[b->nItem].firstTerm;
  b->nPt = b->aItem[b->nItem].firstPt;
  return -1;
}

/* A new local point, uninitialised; its reference in *pRef. */
static GroupElem *batch_point(ProofBatch *b, uint32_t *pRef){
  if( b->nPt==b->nPtAlloc ){
    GroupElem *a;
    size_t nNew = b->nPtAlloc ? 2*b->nPtAlloc : 16;
    a = group_elem_array(nNew);
    if( b->nPt ) memcpy(a, b->aPt, b->nPt * sizeof *a);
    free(b->aPt);
    b->aPt = a;
    b->nPtAlloc = nNew;
  }
  *pRef = (uint32_t)(b->nPt - b->aItem[b->nItem].firstPt);
  return &b->aPt[b->nPt++];
}

/* Decode 32 bytes into a new local point. Returns 0, or -1 if invalid. */
static int batch_decode(ProofBatch *b, const unsigned char *a, uint32_t *pRef){
  return group_elem_decode(batch_point(b, pRef), a);
}

/* A public key (not the identity) as a point reference: shared when
** bShare and there is room, so a key used by many proofs is decoded once. */
static int batch_key(ProofBatch *b, const GroupPoint *pPk, int bShare, uint32_t *pRef){
  if( group_point_is_identity(pPk) ) return -1;
  if( bShare ){
    for(size_t i=1; i<b->nShared; i++){
      if( memcmp(b->aSharedKey[i].a, pPk->a, P32)==0 ){ *pRef = BATCH_SHARED | (uint32_t)i; return 0; }
    }
    if( b->nShared < BATCH_SHARED_MAX ){
      if( group_elem_decode(&b->aShared[b->nShared], pPk->a) ) return -1;
      b->aSharedKey[b->nShared] = *pPk;
      *pRef = BATCH_SHARED | (uint32_t)b->nShared++;
      return 0;
    }
  }
  return batch_decode(b, pPk->a, pRef);
}

/* Add the term coef·P (kind TERM_SCALAR; coef NULL means TERM_ONE). */
static void batch_term(ProofBatch *b, uint32_t eq, uint32_t pt, const GroupScalar *coef){
  BatchTerm *t;
  if( b->nTerm==b->nTermAlloc ){
    b->nTermAlloc = b->nTermAlloc ? 2*b->nTermAlloc : 32;
    b->aTerm = xrealloc(b->aTerm, b->nTermAlloc * sizeof *b->aTerm);
  }
  t = &b->aTerm[b->nTerm++];
  t->eq = eq;
  t->pt = pt;
  if( coef ){ t->kind = TERM_SCALAR; t->coef = *coef; }
  else t->kind = TERM_ONE;
}

#define REF_G (BATCH_SHARED | 0u)

/*
** Check that every equation of items [lo, hi) holds, with fresh random
** 128-bit weights: 0 if so (an empty range holds), -1 if not. hi past the
** last item means the last item.
*/
int proof_batch_check_range(ProofBatch *b, size_t lo, size_t hi){
  size_t nLocal, firstPt, endPt, nEq = 0, n;
  GroupElem sum;
  if( hi > b->nItem ) hi = b->nItem;
  if( lo >= hi ) return 0;
  firstPt = b->aItem[lo].firstPt;
  endPt = hi < b->nItem ? b->aItem[hi].firstPt : b->nPt;
  nLocal = endPt - firstPt;
  n = b->nShared + nLocal;
  if( n > b->nMsmAlloc ){
    free(b->aS); free(b->aP);
    b->nMsmAlloc = n + n/2;
    b->aS = xmalloc(b->nMsmAlloc * sizeof *b->aS);
    b->aP = group_elem_array(b->nMsmAlloc);
  }
  for(size_t i=lo; i<hi; i++) nEq += b->aItem[i].nEq;
  if( 16*nEq > b->nZAlloc ){
    free(b->aZ);
    b->nZAlloc = 16*nEq + 8*nEq;
    b->aZ = xmalloc(b->nZAlloc);
  }
  group_random_bytes(b->aZ, 16*nEq);
  /* scalars: shared points first, then the range's local points */
  memset(b->aS, 0, n * sizeof *b->aS);
  memcpy(b->aP, b->aShared, b->nShared * sizeof *b->aP);
  memcpy(b->aP + b->nShared, b->aPt + firstPt, nLocal * sizeof *b->aP);
  {
    const unsigned char *pZ = b->aZ;
    for(size_t i=lo; i<hi; i++){
      const BatchItem *it = &b->aItem[i];
      size_t endTerm = i+1 < b->nItem ? b->aItem[i+1].firstTerm : b->nTerm;
      size_t base = b->nShared + (it->firstPt - firstPt);
      for(size_t k=it->firstTerm; k<endTerm; k++){
        const BatchTerm *t = &b->aTerm[k];
        GroupScalar z, w;
        GroupScalar *pS = (t->pt & BATCH_SHARED) ? &b->aS[t->pt & ~BATCH_SHARED] : &b->aS[base + t->pt];
        memset(z.a, 0, sizeof z.a);
        memcpy(z.a, pZ + 16*t->eq, 16);          /* z < 2^128 < L */
        if( t->kind==TERM_ONE ){
          group_scalar_add(pS, pS, &z);
        }else{
          group_scalar_mul(&w, &z, &t->coef);
          group_scalar_add(pS, pS, &w);
        }
      }
      pZ += 16*it->nEq;
    }
  }
  msm_non_secret(&sum, b->aS, b->aP, n);
  return group_elem_is_identity(&sum) ? 0 : -1;
}

/*
** Check every item of the batch: 0 if all hold, else -1.
*/
int proof_batch_check(ProofBatch *b){
  return proof_batch_check_range(b, 0, b->nItem);
}

/*
** The lowest item that fails, found by halving ranges (the batch having
** failed as a whole); proof_batch_count(b) if none fails.
*/
size_t proof_batch_first_bad(ProofBatch *b){
  size_t lo = 0, hi = b->nItem;
  if( proof_batch_check_range(b, lo, hi)==0 ) return b->nItem;
  while( hi - lo > 1 ){
    size_t mid = lo + (hi-lo)/2;
    if( proof_batch_check_range(b, lo, mid) ) hi = mid;
    else lo = mid;
  }
  return lo;
}

/* ------------------------------------------------------------------
** Helpers for makers (encoded points, constant time).
*/

/* s·P − c·Q; P = NULL means the generator G (cheaper fixed-base mult). */
static int proof_commit(GroupPoint *pOut, const GroupScalar *s, const GroupPoint *P,
                        const GroupScalar *c, const GroupPoint *Q){
  GroupPoint sP, cQ;
  if( P ){
    if( group_mult(&sP, s, P) ) return -1;
  }else{
    group_base_mult(&sP, s);
  }
  if( group_mult(&cQ, c, Q) ) return -1;
  return group_point_sub(pOut, &sP, &cQ);
}

/* ---------------------------------------------------------------------
** Disjunctive Chaum–Pedersen: "the ciphertext (A, B) = sum of aCt encrypts
** some v in [min, max]", i.e. for some v, log_G A = log_Y (B − v·G).
** The 0/1 proof is this with one ciphertext, min = 0, max = 1 and its own
** domain tag. Layout for k = max − min + 1 values:
**   a_min ‖ b_min ‖ … ‖ a_max ‖ b_max      k commitment pairs (64k)
**   c_min ‖ … ‖ c_{max−1}                   k − 1 challenges (the last is
**                                           c − Σ others)
**   s_min ‖ … ‖ s_max                       k responses
*/
typedef struct Disj Disj;
struct Disj {
  const char *zTag;             /* HASH_TAG_PROOF_01 or HASH_TAG_PROOF_SUM */
  const unsigned char *pCtx;    /* context bytes; borrowed */
  size_t nCtx;
  const GroupPoint *pPk;        /* election public key Y; borrowed */
  const ElgCiphertext *aCt;     /* the ciphertexts of the statement; borrowed */
  size_t nCt;
  uint64_t min, max;            /* allowed values, inclusive */
  const ElgDecoded *aDec;       /* aCt decoded by the caller, or NULL; borrowed */
};

/* The challenge: hash of the statement and the k commitment pairs at
** aComm (64 bytes each: a_v ‖ b_v, for v = min + i). */
static void disj_challenge(GroupScalar *pC, const Disj *d, const unsigned char *aComm){
  HashTranscript h;
  size_t k = (size_t)(d->max - d->min) + 1;
  hash_start(&h, d->zTag);
  hash_put_bytes(&h, d->pCtx, d->nCtx);
  hash_put_point(&h, d->pPk);
  hash_put_u64(&h, d->nCt);
  for(size_t i=0; i<d->nCt; i++){
    hash_put_point(&h, &d->aCt[i].a);
    hash_put_point(&h, &d->aCt[i].b);
  }
  hash_put_u64(&h, d->min);
  hash_put_u64(&h, d->max);
  for(size_t i=0; i<k; i++){
    hash_put_bytes(&h, aComm + 64*i, P32);
    hash_put_bytes(&h, aComm + 64*i + P32, P32);
  }
  hash_challenge(&h, pC);
}

/* Prove the sum of d->aCt encrypts m (in [min, max]) with randomness r. */
static int disj_make(unsigned char *aProof, const Disj *d, uint64_t m, const GroupScalar *pR){
  size_t k, iReal;
  GroupScalar *aC, *aS, w, c, cSum;
  GroupPoint bv, g, aV, bV;
  ElgCiphertext sum;
  int rc = -1;
  if( d->nCt==0 || proof_sum_bytes(d->min, d->max)==0 ) return -1;
  if( elg_public_key_check(d->pPk) ) return -1;
  if( m < d->min || m > d->max ) return -1;
  elg_ciphertext_zero(&sum);
  for(size_t i=0; i<d->nCt; i++){
    if( elg_add(&sum, &sum, &d->aCt[i]) ) return -1;
  }
  k = (size_t)(d->max - d->min) + 1;
  iReal = (size_t)(m - d->min);
  aC = xcalloc(k, sizeof *aC);
  aS = xcalloc(k, sizeof *aS);
  group_point_generator(&g);
  bv = sum.b;                                          /* B − min·G */
  if( d->min ){
    GroupScalar sMin;
    GroupPoint t;
    group_scalar_from_u64(&sMin, d->min);
    group_base_mult(&t, &sMin);
    if( group_point_sub(&bv, &sum.b, &t) ) goto out;
  }
  group_scalar_random(&w);
  group_scalar_zero(&cSum);
  for(size_t i=0; i<k; i++){
    if( i==iReal ){
      group_base_mult(&aV, &w);                        /* a = w·G */
      if( group_mult(&bV, &w, d->pPk) ) goto out;      /* b = w·Y */
    }else{
      group_scalar_random(&aC[i]);
      group_scalar_random(&aS[i]);
      if( proof_commit(&aV, &aS[i], 0, &aC[i], &sum.a) ) goto out;
      if( proof_commit(&bV, &aS[i], d->pPk, &aC[i], &bv) ) goto out;
      group_scalar_add(&cSum, &cSum, &aC[i]);
    }
    group_point_encode(aProof + 64*i, &aV);
    group_point_encode(aProof + 64*i + P32, &bV);
    if( i+1<k && group_point_sub(&bv, &bv, &g) ) goto out;   /* B − (v+1)·G */
  }
  disj_challenge(&c, d, aProof);
  group_scalar_sub(&aC[iReal], &c, &cSum);             /* c_real = c − Σ others */
  group_scalar_mul(&aS[iReal], &aC[iReal], pR);
  group_scalar_add(&aS[iReal], &aS[iReal], &w);        /* s_real = w + c_real·r */
  for(size_t i=0; i+1<k; i++) group_scalar_encode(aProof + 64*k + S32*i, &aC[i]);
  for(size_t i=0; i<k; i++) group_scalar_encode(aProof + 64*k + S32*(k-1) + S32*i, &aS[i]);
  rc = 0;
out:
  group_scalar_wipe(&w);
  sodium_memzero(aS, k*sizeof *aS);
  sodium_memzero(aC, k*sizeof *aC);
  free(aC); free(aS);
  return rc;
}

/* Add a disjunctive proof's 2k equations to the batch, for v = min + i:
**   a_v − s_v·G + c_v·A = O
**   b_v − s_v·Y + c_v·B − (c_v·v)·G = O
** with A = Σ A_j, B = Σ B_j. */
static int disj_add(ProofBatch *b, const unsigned char *aProof, size_t nProof, const Disj *d){
  size_t k;
  uint32_t refY, refA, refB;
  GroupElem *pA, *pB, t;
  GroupScalar c, cSum, cv, sv, neg;
  const unsigned char *aChal, *aResp;
  if( d->nCt==0 || proof_sum_bytes(d->min, d->max)==0 ) return -1;
  if( nProof!=proof_sum_bytes(d->min, d->max) ) return -1;
  k = (size_t)(d->max - d->min) + 1;
  aChal = aProof + 64*k;
  aResp = aChal + S32*(k-1);
  batch_begin(b);
  if( batch_key(b, d->pPk, 1, &refY) ) return batch_abandon(b);
  pA = batch_point(b, &refA);
  pB = batch_point(b, &refB);
  group_elem_identity(pA);
  group_elem_identity(pB);
  for(size_t i=0; i<d->nCt; i++){
    if( d->aDec ){
      group_elem_add(pA, pA, &d->aDec[i].a);
      group_elem_add(pB, pB, &d->aDec[i].b);
      continue;
    }
    if( group_elem_decode(&t, d->aCt[i].a.a) ) return batch_abandon(b);
    group_elem_add(pA, pA, &t);
    if( group_elem_decode(&t, d->aCt[i].b.a) ) return batch_abandon(b);
    group_elem_add(pB, pB, &t);
  }
  disj_challenge(&c, d, aProof);
  group_scalar_zero(&cSum);
  for(size_t i=0; i<k; i++){
    uint32_t refa, refb, eqA = (uint32_t)(2*i), eqB = (uint32_t)(2*i+1);
    uint64_t v = d->min + i;
    if( batch_decode(b, aProof + 64*i, &refa) ) return batch_abandon(b);
    if( batch_decode(b, aProof + 64*i + P32, &refb) ) return batch_abandon(b);
    if( i+1<k ){
      if( group_scalar_decode(&cv, aChal + S32*i) ) return batch_abandon(b);
      group_scalar_add(&cSum, &cSum, &cv);
    }else{
      group_scalar_sub(&cv, &c, &cSum);                /* the last challenge */
    }
    if( group_scalar_decode(&sv, aResp + S32*i) ) return batch_abandon(b);
    group_scalar_negate(&neg, &sv);
    batch_term(b, eqA, refa, 0);
    batch_term(b, eqA, REF_G, &neg);
    batch_term(b, eqA, refA, &cv);
    batch_term(b, eqB, refb, 0);
    batch_term(b, eqB, refY, &neg);
    batch_term(b, eqB, refB, &cv);
    if( v ){
      GroupScalar sv64;
      group_scalar_from_u64(&sv64, v);
      group_scalar_mul(&sv64, &sv64, &cv);
      group_scalar_negate(&sv64, &sv64);
      batch_term(b, eqB, REF_G, &sv64);
    }
  }
  return batch_commit(b, (uint32_t)(2*k));
}

/* Verify one item alone: a batch of one. */
static int verify_alone(int (*add)(ProofBatch *, const void *), const void *pArg){
  ProofBatch *b = proof_batch_new();
  int rc = add(b, pArg);
  if( rc==0 ) rc = proof_batch_check(b);
  proof_batch_free(b);
  return rc;
}

typedef struct DisjArgs DisjArgs;
struct DisjArgs { const unsigned char *aProof; size_t nProof; const Disj *d; };

static int disj_add_fn(ProofBatch *b, const void *p){
  const DisjArgs *a = p;
  return disj_add(b, a->aProof, a->nProof, a->d);
}

/*
** Prove that *c, made by elg_encrypt(c, pPk, m, pR), encrypts 0 or 1.
** Writes PROOF_01_BYTES to aProof: a0 b0 a1 b1 c0 s0 s1. Returns 0, or -1
** if m is neither 0 nor 1 or a point is invalid. (A proof made from a
** wrong m or r is simply rejected by the verifier.)
*/
int proof_01_make(unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                  const GroupPoint *pPk, const ElgCiphertext *c,
                  uint64_t m, const GroupScalar *pR){
  Disj d = { HASH_TAG_PROOF_01, pCtx, nCtx, pPk, c, 1, 0, 1, 0 };
  return disj_make(aProof, &d, m, pR);
}

/*
** Verify a PROOF_01_BYTES proof that *c encrypts 0 or 1 under *pPk in the
** context pCtx. Returns 0 if it holds, else -1.
*/
int proof_01_verify(const unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                    const GroupPoint *pPk, const ElgCiphertext *c){
  Disj d = { HASH_TAG_PROOF_01, pCtx, nCtx, pPk, c, 1, 0, 1, 0 };
  DisjArgs a = { aProof, PROOF_01_BYTES, &d };
  return verify_alone(disj_add_fn, &a);
}

/*
** Add a 0/1 proof (as for proof_01_verify) to the batch b.
*/
int proof_batch_add_01(ProofBatch *b, const unsigned char *aProof,
                       const unsigned char *pCtx, size_t nCtx,
                       const GroupPoint *pPk, const ElgCiphertext *c){
  Disj d = { HASH_TAG_PROOF_01, pCtx, nCtx, pPk, c, 1, 0, 1, 0 };
  return disj_add(b, aProof, PROOF_01_BYTES, &d);
}

/*
** Add a 0/1 proof whose ciphertext the caller has decoded (*pDec is the
** decoding of *c).
*/
int proof_batch_add_01_decoded(ProofBatch *b, const unsigned char *aProof,
                               const unsigned char *pCtx, size_t nCtx,
                               const GroupPoint *pPk, const ElgCiphertext *c,
                               const ElgDecoded *pDec){
  Disj d = { HASH_TAG_PROOF_01, pCtx, nCtx, pPk, c, 1, 0, 1, pDec };
  return disj_add(b, aProof, PROOF_01_BYTES, &d);
}

/*
** The size in bytes of a sum proof for [min, max] with k = max − min + 1
** values: 128·k − 32 (k commitment pairs, k − 1 challenges, k responses).
** Returns 0 if min > max or the range allows more than
** PROOF_SUM_MAX_VALUES values.
*/
size_t proof_sum_bytes(uint64_t min, uint64_t max){
  if( min>max || max-min >= PROOF_SUM_MAX_VALUES ) return 0;
  return (size_t)(max-min+1) * 128 - 32;
}

/*
** Prove that the sum of the nCt ciphertexts aCt[] (aCt[i] encrypting aM[i]
** with randomness aR[i]) encrypts a value in [min, max]: e.g. "at most one
** answer chosen, blank allowed" is [0, 1], "exactly one" is [1, 1].
** Writes proof_sum_bytes(min, max) bytes to aProof. Returns 0, or -1 if the
** sum of aM[] is outside [min, max], the range is too wide, nCt is 0 or a
** point is invalid.
*/
int proof_sum_make(unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                   const GroupPoint *pPk, const ElgCiphertext *aCt, size_t nCt,
                   const uint64_t *aM, const GroupScalar *aR,
                   uint64_t min, uint64_t max){
  Disj d = { HASH_TAG_PROOF_SUM, pCtx, nCtx, pPk, aCt, nCt, min, max, 0 };
  GroupScalar r;
  uint64_t m = 0;
  int rc;
  group_scalar_zero(&r);
  for(size_t i=0; i<nCt; i++){
    if( aM[i] > max || m > max - aM[i] ) return -1;   /* sum would exceed max */
    m += aM[i];
    group_scalar_add(&r, &r, &aR[i]);
  }
  rc = disj_make(aProof, &d, m, &r);
  group_scalar_wipe(&r);
  return rc;
}

/*
** Verify an nProof-byte proof that the sum of aCt[0..nCt) encrypts a value
** in [min, max]. Returns 0 if it holds, else -1.
*/
int proof_sum_verify(const unsigned char *aProof, size_t nProof,
                     const unsigned char *pCtx, size_t nCtx,
                     const GroupPoint *pPk, const ElgCiphertext *aCt, size_t nCt,
                     uint64_t min, uint64_t max){
  Disj d = { HASH_TAG_PROOF_SUM, pCtx, nCtx, pPk, aCt, nCt, min, max, 0 };
  DisjArgs a = { aProof, nProof, &d };
  return verify_alone(disj_add_fn, &a);
}

/*
** Add a sum proof (as for proof_sum_verify) to the batch b.
*/
int proof_batch_add_sum(ProofBatch *b, const unsigned char *aProof, size_t nProof,
                        const unsigned char *pCtx, size_t nCtx,
                        const GroupPoint *pPk, const ElgCiphertext *aCt, size_t nCt,
                        uint64_t min, uint64_t max){
  Disj d = { HASH_TAG_PROOF_SUM, pCtx, nCtx, pPk, aCt, nCt, min, max, 0 };
  return disj_add(b, aProof, nProof, &d);
}

/*
** Add a sum proof whose ciphertexts the caller has decoded (aDec[i] is the
** decoding of aCt[i]).
*/
int proof_batch_add_sum_decoded(ProofBatch *b, const unsigned char *aProof, size_t nProof,
                                const unsigned char *pCtx, size_t nCtx,
                                const GroupPoint *pPk, const ElgCiphertext *aCt,
                                const ElgDecoded *aDec, size_t nCt,
                                uint64_t min, uint64_t max){
  Disj d = { HASH_TAG_PROOF_SUM, pCtx, nCtx, pPk, aCt, nCt, min, max, aDec };
  return disj_add(b, aProof, nProof, &d);
}

/* ---------------------------------------------------------------------
** Chaum–Pedersen proof of correct decryption: log_G Y = log_A D.
** Layout a ‖ b ‖ s.
*/
static void decrypt_challenge(GroupScalar *pC, const unsigned char *pCtx, size_t nCtx,
                              const GroupPoint *pPk, const ElgCiphertext *c,
                              const GroupPoint *pShare, const unsigned char *aAB){
  HashTranscript h;
  hash_start(&h, HASH_TAG_PROOF_DECRYPT);
  hash_put_bytes(&h, pCtx, nCtx);
  hash_put_point(&h, pPk);
  hash_put_point(&h, &c->a);
  hash_put_point(&h, &c->b);
  hash_put_point(&h, pShare);
  hash_put_bytes(&h, aAB, P32);
  hash_put_bytes(&h, aAB + P32, P32);
  hash_challenge(&h, pC);
}

/*
** A trustee with secret key *pSk and public key *pPk = x·G computes its
** decryption share *pShare = x·A of *c and a proof (PROOF_DECRYPT_BYTES,
** a ‖ b ‖ s) that the share is correct. Returns 0, or -1 if a point is
** invalid or the key is the identity.
*/
int proof_decrypt_make(GroupPoint *pShare, unsigned char *aProof,
                       const unsigned char *pCtx, size_t nCtx,
                       const GroupScalar *pSk, const GroupPoint *pPk,
                       const ElgCiphertext *c){
  GroupScalar w, ch, s;
  GroupPoint a, b;
  int rc = -1;
  if( elg_public_key_check(pPk) || !group_point_is_valid(&c->b) ) return -1;
  if( elg_share(pShare, pSk, c) ) return -1;
  group_scalar_random(&w);
  group_base_mult(&a, &w);                    /* a = w·G */
  if( group_mult(&b, &w, &c->a) ) goto out;   /* b = w·A */
  group_point_encode(aProof, &a);
  group_point_encode(aProof + P32, &b);
  decrypt_challenge(&ch, pCtx, nCtx, pPk, c, pShare, aProof);
  group_scalar_mul(&s, &ch, pSk);
  group_scalar_add(&s, &s, &w);               /* s = w + c·x */
  group_scalar_encode(aProof + 2*P32, &s);
  rc = 0;
out:
  group_scalar_wipe(&w);
  group_scalar_wipe(&s);
  return rc;
}

typedef struct DecryptArgs DecryptArgs;
struct DecryptArgs {
  const unsigned char *aProof, *pCtx;
  size_t nCtx;
  const GroupPoint *pPk;
  const ElgCiphertext *c;
  const GroupPoint *pShare;
};

/* Equations: a − s·G + c·Y = O and b − s·A + c·D = O. */
static int decrypt_add(ProofBatch *b, const void *p){
  const DecryptArgs *x = p;
  uint32_t refY, refA, refD, refa, refb;
  GroupScalar ch, s, neg;
  GroupElem t;
  batch_begin(b);
  if( batch_key(b, x->pPk, 1, &refY) ) return batch_abandon(b);
  if( batch_decode(b, x->c->a.a, &refA) ) return batch_abandon(b);
  if( group_elem_decode(&t, x->c->b.a) ) return batch_abandon(b);   /* B: valid */
  if( batch_decode(b, x->pShare->a, &refD) ) return batch_abandon(b);
  if( batch_decode(b, x->aProof, &refa) ) return batch_abandon(b);
  if( batch_decode(b, x->aProof + P32, &refb) ) return batch_abandon(b);
  if( group_scalar_decode(&s, x->aProof + 2*P32) ) return batch_abandon(b);
  decrypt_challenge(&ch, x->pCtx, x->nCtx, x->pPk, x->c, x->pShare, x->aProof);
  group_scalar_negate(&neg, &s);
  batch_term(b, 0, refa, 0);
  batch_term(b, 0, REF_G, &neg);
  batch_term(b, 0, refY, &ch);
  batch_term(b, 1, refb, 0);
  batch_term(b, 1, refA, &neg);
  batch_term(b, 1, refD, &ch);
  return batch_commit(b, 2);
}

/*
** Verify a PROOF_DECRYPT_BYTES proof that *pShare = x·A for the x with
** *pPk = x·G. Returns 0 if it holds, else -1.
*/
int proof_decrypt_verify(const unsigned char *aProof,
                         const unsigned char *pCtx, size_t nCtx,
                         const GroupPoint *pPk, const ElgCiphertext *c,
                         const GroupPoint *pShare){
  DecryptArgs a = { aProof, pCtx, nCtx, pPk, c, pShare };
  return verify_alone(decrypt_add, &a);
}

/*
** Add a decryption proof (as for proof_decrypt_verify) to the batch b.
*/
int proof_batch_add_decrypt(ProofBatch *b, const unsigned char *aProof,
                            const unsigned char *pCtx, size_t nCtx,
                            const GroupPoint *pPk, const ElgCiphertext *c,
                            const GroupPoint *pShare){
  DecryptArgs a = { aProof, pCtx, nCtx, pPk, c, pShare };
  return decrypt_add(b, &a);
}

/* ---------------------------------------------------------------------
** Schnorr: knowledge of x with Y = x·G, optionally bound to a message (a
** signature). zTag tells the two apart; pMsg is hashed only when hasMsg.
** Layout R ‖ s.
*/
static void schnorr_challenge(GroupScalar *pC, const char *zTag,
                              const unsigned char *pCtx, size_t nCtx,
                              const GroupPoint *pPk, const void *pMsg,
                              size_t nMsg, int hasMsg, const unsigned char *aR){
  HashTranscript h;
  hash_start(&h, zTag);
  hash_put_bytes(&h, pCtx, nCtx);
  hash_put_point(&h, pPk);
  if( hasMsg ) hash_put_bytes(&h, pMsg, nMsg);
  hash_put_bytes(&h, aR, P32);
  hash_challenge(&h, pC);
}

static int schnorr_make(unsigned char *aOut, const char *zTag,
                        const unsigned char *pCtx, size_t nCtx,
                        const GroupScalar *pSk, const GroupPoint *pPk,
                        const void *pMsg, size_t nMsg, int hasMsg){
  GroupScalar w, ch, s;
  GroupPoint r;
  if( elg_public_key_check(pPk) ) return -1;
  group_scalar_random(&w);
  group_base_mult(&r, &w);                    /* R = w·G */
  group_point_encode(aOut, &r);
  schnorr_challenge(&ch, zTag, pCtx, nCtx, pPk, pMsg, nMsg, hasMsg, aOut);
  group_scalar_mul(&s, &ch, pSk);
  group_scalar_add(&s, &s, &w);               /* s = w + c·x */
  group_scalar_encode(aOut + P32, &s);
  group_scalar_wipe(&w);
  group_scalar_wipe(&s);
  return 0;
}

typedef struct SchnorrArgs SchnorrArgs;
struct SchnorrArgs {
  const unsigned char *aIn;
  const char *zTag;
  const unsigned char *pCtx;
  size_t nCtx;
  const GroupPoint *pPk;
  const void *pMsg;
  size_t nMsg;
  int hasMsg;
  const GroupElem *pPkElem;     /* *pPk decoded by the caller, or NULL */
};

/* Equation: R − s·G + c·Y = O. The key is local (credentials differ). */
static int schnorr_add(ProofBatch *b, const void *p){
  const SchnorrArgs *x = p;
  uint32_t refY, refR;
  GroupScalar ch, s, neg;
  batch_begin(b);
  if( x->pPkElem ){
    if( group_point_is_identity(x->pPk) ) return batch_abandon(b);
    *batch_point(b, &refY) = *x->pPkElem;
  }else if( batch_key(b, x->pPk, 0, &refY) ){
    return batch_abandon(b);
  }
  if( batch_decode(b, x->aIn, &refR) ) return batch_abandon(b);
  if( group_scalar_decode(&s, x->aIn + P32) ) return batch_abandon(b);
  schnorr_challenge(&ch, x->zTag, x->pCtx, x->nCtx, x->pPk, x->pMsg, x->nMsg, x->hasMsg, x->aIn);
  group_scalar_negate(&neg, &s);
  batch_term(b, 0, refR, 0);
  batch_term(b, 0, REF_G, &neg);
  batch_term(b, 0, refY, &ch);
  return batch_commit(b, 1);
}

/*
** Prove knowledge of the secret key *pSk of *pPk (a trustee publishing its
** key). Writes PROOF_KEY_BYTES (R ‖ s). Returns 0, or -1 if *pPk is
** invalid or the identity.
*/
int proof_key_make(unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                   const GroupScalar *pSk, const GroupPoint *pPk){
  return schnorr_make(aProof, HASH_TAG_PROOF_KEY, pCtx, nCtx, pSk, pPk, 0, 0, 0);
}

/*
** Verify a PROOF_KEY_BYTES proof of knowledge of the secret key of *pPk.
** Returns 0 if it holds, else -1.
*/
int proof_key_verify(const unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                     const GroupPoint *pPk){
  SchnorrArgs a = { aProof, HASH_TAG_PROOF_KEY, pCtx, nCtx, pPk, 0, 0, 0, 0 };
  return verify_alone(schnorr_add, &a);
}

/*
** Add a key proof (as for proof_key_verify) to the batch b.
*/
int proof_batch_add_key(ProofBatch *b, const unsigned char *aProof,
                        const unsigned char *pCtx, size_t nCtx, const GroupPoint *pPk){
  SchnorrArgs a = { aProof, HASH_TAG_PROOF_KEY, pCtx, nCtx, pPk, 0, 0, 0, 0 };
  return schnorr_add(b, &a);
}

/*
** Sign the nMsg bytes pMsg with the credential key *pSk (public *pPk): a
** Schnorr signature R ‖ s of PROOF_SIGNATURE_BYTES. Returns 0, or -1 if
** *pPk is invalid or the identity.
*/
int proof_signature_make(unsigned char *aSig, const unsigned char *pCtx, size_t nCtx,
                         const GroupScalar *pSk, const GroupPoint *pPk,
                         const void *pMsg, size_t nMsg){
  return schnorr_make(aSig, HASH_TAG_SIGNATURE, pCtx, nCtx, pSk, pPk, pMsg, nMsg, 1);
}

/*
** Verify a signature on pMsg by the key *pPk in the context pCtx. Returns
** 0 if it holds, else -1.
*/
int proof_signature_verify(const unsigned char *aSig, const unsigned char *pCtx, size_t nCtx,
                           const GroupPoint *pPk, const void *pMsg, size_t nMsg){
  SchnorrArgs a = { aSig, HASH_TAG_SIGNATURE, pCtx, nCtx, pPk, pMsg, nMsg, 1, 0 };
  return verify_alone(schnorr_add, &a);
}

/*
** Add a signature (as for proof_signature_verify) to the batch b.
*/
int proof_batch_add_signature(ProofBatch *b, const unsigned char *aSig,
                              const unsigned char *pCtx, size_t nCtx,
                              const GroupPoint *pPk, const void *pMsg, size_t nMsg){
  SchnorrArgs a = { aSig, HASH_TAG_SIGNATURE, pCtx, nCtx, pPk, pMsg, nMsg, 1, 0 };
  return schnorr_add(b, &a);
}

/*
** Add a signature whose key the caller has decoded (*pPkElem is the
** decoding of *pPk, a credential read once for all its ballots).
*/
int proof_batch_add_signature_decoded(ProofBatch *b, const unsigned char *aSig,
                                      const unsigned char *pCtx, size_t nCtx,
                                      const GroupPoint *pPk, const GroupElem *pPkElem,
                                      const void *pMsg, size_t nMsg){
  SchnorrArgs a = { aSig, HASH_TAG_SIGNATURE, pCtx, nCtx, pPk, pMsg, nMsg, 1, pPkElem };
  return schnorr_add(b, &a);
}
