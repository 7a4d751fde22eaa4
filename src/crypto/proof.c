/* proof.c: Chaum–Pedersen and Schnorr proofs, made non-interactive by
** Fiat–Shamir over the whole statement (never the commitments alone: the
** weak Fiat–Shamir of Helios, Bernhard–Pereira–Warinschi 2012).
**
** Every proof is a list of pairs (c, s). A verifier recomputes each
** commitment from (c, s) and the statement, hashes statement and
** commitments, and checks the challenges add up to the hash. Branches of a
** disjunction are made in the same order whatever the secret, and the
** total work does not depend on it (one real branch, the rest simulated);
** only where in the sequence the cheaper real branch falls does (see
** docs/protocol.md, "Side channels"). */
#include "proof.h"
#include "hash.h"
#include "../util/mem.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

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

/* Decode n (c, s) pairs from aIn, rejecting non-canonical scalars. */
static int proof_decode_pairs(GroupScalar *aC, GroupScalar *aS,
                              const unsigned char *aIn, size_t n){
  for(size_t i=0; i<n; i++){
    if( group_scalar_decode(&aC[i], aIn + i*PROOF_PAIR_BYTES) ) return -1;
    if( group_scalar_decode(&aS[i], aIn + i*PROOF_PAIR_BYTES + GROUP_SCALAR_BYTES) ) return -1;
  }
  return 0;
}

static void proof_encode_pair(unsigned char *aOut, const GroupScalar *c, const GroupScalar *s){
  group_scalar_encode(aOut, c);
  group_scalar_encode(aOut + GROUP_SCALAR_BYTES, s);
}

/* ---------------------------------------------------------------------
** Disjunctive Chaum–Pedersen: "the ciphertext (A, B) = sum of aCt encrypts
** some v in [min, max]", i.e. for some v, log_G A = log_Y (B − v·G).
** The 0/1 proof is this with one ciphertext, min = 0, max = 1 and its own
** domain tag.
*/
typedef struct Disj Disj;
struct Disj {
  const char *zTag;             /* HASH_TAG_PROOF_01 or HASH_TAG_PROOF_SUM */
  const unsigned char *pCtx;    /* context bytes; borrowed */
  size_t nCtx;
  const GroupPoint *pPk;        /* election public key Y; borrowed */
  const ElgCiphertext *aCt;     /* the ciphertexts of the statement; borrowed */
  size_t nCt;
  ElgCiphertext sum;            /* their homomorphic sum, what is proven */
  uint64_t min, max;            /* allowed values, inclusive */
};

/* Check the statement's points and the range, and compute d->sum. */
static int disj_check(Disj *d){
  if( d->nCt==0 || proof_sum_bytes(d->min, d->max)==0 ) return -1;
  if( elg_public_key_check(d->pPk) ) return -1;
  elg_ciphertext_zero(&d->sum);
  for(size_t i=0; i<d->nCt; i++){
    if( !group_point_is_valid(&d->aCt[i].a) || !group_point_is_valid(&d->aCt[i].b) ) return -1;
    if( elg_add(&d->sum, &d->sum, &d->aCt[i]) ) return -1;
  }
  return 0;
}

/* *pBv = B − min·G, the point the first branch (v = min) compares with. */
static int disj_first_bv(GroupPoint *pBv, const Disj *d){
  GroupScalar sMin;
  GroupPoint t;
  if( d->min==0 ){ *pBv = d->sum.b; return 0; }
  group_scalar_from_u64(&sMin, d->min);
  group_base_mult(&t, &sMin);
  return group_point_sub(pBv, &d->sum.b, &t);
}

/* The challenge: hash of the statement and the commitments aA[i], aB[i]
** (for v = min + i). */
static void disj_challenge(GroupScalar *pC, const Disj *d,
                           const GroupPoint *aA, const GroupPoint *aB){
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
    hash_put_point(&h, &aA[i]);
    hash_put_point(&h, &aB[i]);
  }
  hash_challenge(&h, pC);
}

/* Prove d->sum encrypts m (in [min, max]) with randomness r. */
static int disj_make(unsigned char *aProof, Disj *d, uint64_t m, const GroupScalar *pR){
  size_t k, iReal;
  GroupScalar *aC, *aS, w, c, cSum;
  GroupPoint *aA, *aB, bv, g;
  int rc = -1;
  if( disj_check(d) ) return -1;
  if( m < d->min || m > d->max ) return -1;
  k = (size_t)(d->max - d->min) + 1;
  iReal = (size_t)(m - d->min);
  aC = xcalloc(k, sizeof *aC);
  aS = xcalloc(k, sizeof *aS);
  aA = xcalloc(k, sizeof *aA);
  aB = xcalloc(k, sizeof *aB);
  group_point_generator(&g);
  if( disj_first_bv(&bv, d) ) goto out;                /* B − min·G */
  group_scalar_random(&w);
  group_scalar_zero(&cSum);
  for(size_t i=0; i<k; i++){
    if( i==iReal ){
      group_base_mult(&aA[i], &w);                     /* a = w·G */
      if( group_mult(&aB[i], &w, d->pPk) ) goto out;   /* b = w·Y */
    }else{
      group_scalar_random(&aC[i]);
      group_scalar_random(&aS[i]);
      if( proof_commit(&aA[i], &aS[i], 0, &aC[i], &d->sum.a) ) goto out;
      if( proof_commit(&aB[i], &aS[i], d->pPk, &aC[i], &bv) ) goto out;
      group_scalar_add(&cSum, &cSum, &aC[i]);
    }
    if( i+1<k && group_point_sub(&bv, &bv, &g) ) goto out;   /* B − (v+1)·G */
  }
  disj_challenge(&c, d, aA, aB);
  group_scalar_sub(&aC[iReal], &c, &cSum);             /* c_real = c − Σ others */
  group_scalar_mul(&aS[iReal], &aC[iReal], pR);
  group_scalar_add(&aS[iReal], &aS[iReal], &w);        /* s_real = w + c_real·r */
  for(size_t i=0; i<k; i++) proof_encode_pair(aProof + i*PROOF_PAIR_BYTES, &aC[i], &aS[i]);
  rc = 0;
out:
  group_scalar_wipe(&w);
  sodium_memzero(aS, k*sizeof *aS);
  free(aC); free(aS); free(aA); free(aB);
  return rc;
}

/* Verify a proof that d->sum encrypts a value in [min, max]. */
static int disj_verify(const unsigned char *aProof, size_t nProof, Disj *d){
  size_t k;
  GroupScalar *aC, *aS, c, cSum;
  GroupPoint *aA, *aB, bv, g;
  int rc = -1;
  if( disj_check(d) ) return -1;
  if( nProof!=proof_sum_bytes(d->min, d->max) ) return -1;
  k = (size_t)(d->max - d->min) + 1;
  aC = xcalloc(k, sizeof *aC);
  aS = xcalloc(k, sizeof *aS);
  aA = xcalloc(k, sizeof *aA);
  aB = xcalloc(k, sizeof *aB);
  if( proof_decode_pairs(aC, aS, aProof, k) ) goto out;
  group_point_generator(&g);
  if( disj_first_bv(&bv, d) ) goto out;                /* B − min·G */
  group_scalar_zero(&cSum);
  for(size_t i=0; i<k; i++){
    if( proof_commit(&aA[i], &aS[i], 0, &aC[i], &d->sum.a) ) goto out;   /* s·G − c·A */
    if( proof_commit(&aB[i], &aS[i], d->pPk, &aC[i], &bv) ) goto out;    /* s·Y − c·(B − v·G) */
    group_scalar_add(&cSum, &cSum, &aC[i]);
    if( i+1<k && group_point_sub(&bv, &bv, &g) ) goto out;   /* B − (v+1)·G */
  }
  disj_challenge(&c, d, aA, aB);
  if( group_scalar_eq(&c, &cSum) ) rc = 0;
out:
  free(aC); free(aS); free(aA); free(aB);
  return rc;
}

/*
** Prove that *c, made by elg_encrypt(c, pPk, m, pR), encrypts 0 or 1.
** Writes PROOF_01_BYTES to aProof: (c0, s0, c1, s1). Returns 0, or -1 if m
** is neither 0 nor 1 or a point is invalid. (A proof made from a wrong m
** or r is simply rejected by the verifier.)
*/
int proof_01_make(unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                  const GroupPoint *pPk, const ElgCiphertext *c,
                  uint64_t m, const GroupScalar *pR){
  Disj d = { HASH_TAG_PROOF_01, pCtx, nCtx, pPk, c, 1, {{{0}},{{0}}}, 0, 1 };
  return disj_make(aProof, &d, m, pR);
}

/*
** Verify a PROOF_01_BYTES proof that *c encrypts 0 or 1 under *pPk in the
** context pCtx. Returns 0 if it holds, else -1.
*/
int proof_01_verify(const unsigned char *aProof, const unsigned char *pCtx, size_t nCtx,
                    const GroupPoint *pPk, const ElgCiphertext *c){
  Disj d = { HASH_TAG_PROOF_01, pCtx, nCtx, pPk, c, 1, {{{0}},{{0}}}, 0, 1 };
  return disj_verify(aProof, PROOF_01_BYTES, &d);
}

/*
** The size in bytes of a sum proof for [min, max]: 64·(max − min + 1).
** Returns 0 if min > max or the range allows more than PROOF_SUM_MAX_VALUES
** values.
*/
size_t proof_sum_bytes(uint64_t min, uint64_t max){
  if( min>max || max-min >= PROOF_SUM_MAX_VALUES ) return 0;
  return (size_t)(max-min+1) * PROOF_PAIR_BYTES;
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
  Disj d = { HASH_TAG_PROOF_SUM, pCtx, nCtx, pPk, aCt, nCt, {{{0}},{{0}}}, min, max };
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
  Disj d = { HASH_TAG_PROOF_SUM, pCtx, nCtx, pPk, aCt, nCt, {{{0}},{{0}}}, min, max };
  return disj_verify(aProof, nProof, &d);
}

/* ---------------------------------------------------------------------
** Chaum–Pedersen proof of correct decryption: log_G Y = log_A D.
*/
static void decrypt_challenge(GroupScalar *pC, const unsigned char *pCtx, size_t nCtx,
                              const GroupPoint *pPk, const ElgCiphertext *c,
                              const GroupPoint *pShare, const GroupPoint *a,
                              const GroupPoint *b){
  HashTranscript h;
  hash_start(&h, HASH_TAG_PROOF_DECRYPT);
  hash_put_bytes(&h, pCtx, nCtx);
  hash_put_point(&h, pPk);
  hash_put_point(&h, &c->a);
  hash_put_point(&h, &c->b);
  hash_put_point(&h, pShare);
  hash_put_point(&h, a);
  hash_put_point(&h, b);
  hash_challenge(&h, pC);
}

/*
** A trustee with secret key *pSk and public key *pPk = x·G computes its
** decryption share *pShare = x·A of *c and a proof (PROOF_DECRYPT_BYTES,
** (c, s)) that the share is correct. Returns 0, or -1 if a point is
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
  decrypt_challenge(&ch, pCtx, nCtx, pPk, c, pShare, &a, &b);
  group_scalar_mul(&s, &ch, pSk);
  group_scalar_add(&s, &s, &w);               /* s = w + c·x */
  proof_encode_pair(aProof, &ch, &s);
  rc = 0;
out:
  group_scalar_wipe(&w);
  return rc;
}

/*
** Verify a PROOF_DECRYPT_BYTES proof that *pShare = x·A for the x with
** *pPk = x·G. Returns 0 if it holds, else -1.
*/
int proof_decrypt_verify(const unsigned char *aProof,
                         const unsigned char *pCtx, size_t nCtx,
                         const GroupPoint *pPk, const ElgCiphertext *c,
                         const GroupPoint *pShare){
  GroupScalar ch, s, ch2;
  GroupPoint a, b;
  if( elg_public_key_check(pPk) ) return -1;
  if( !group_point_is_valid(&c->a) || !group_point_is_valid(&c->b)
   || !group_point_is_valid(pShare) ) return -1;
  if( proof_decode_pairs(&ch, &s, aProof, 1) ) return -1;
  if( proof_commit(&a, &s, 0, &ch, pPk) ) return -1;         /* s·G − c·Y */
  if( proof_commit(&b, &s, &c->a, &ch, pShare) ) return -1;  /* s·A − c·D */
  decrypt_challenge(&ch2, pCtx, nCtx, pPk, c, pShare, &a, &b);
  return group_scalar_eq(&ch, &ch2) ? 0 : -1;
}

/* ---------------------------------------------------------------------
** Schnorr: knowledge of x with Y = x·G, optionally bound to a message (a
** signature). zTag tells the two apart; pMsg is hashed only when hasMsg.
*/
static void schnorr_challenge(GroupScalar *pC, const char *zTag,
                              const unsigned char *pCtx, size_t nCtx,
                              const GroupPoint *pPk, const void *pMsg,
                              size_t nMsg, int hasMsg, const GroupPoint *a){
  HashTranscript h;
  hash_start(&h, zTag);
  hash_put_bytes(&h, pCtx, nCtx);
  hash_put_point(&h, pPk);
  if( hasMsg ) hash_put_bytes(&h, pMsg, nMsg);
  hash_put_point(&h, a);
  hash_challenge(&h, pC);
}

static int schnorr_make(unsigned char *aOut, const char *zTag,
                        const unsigned char *pCtx, size_t nCtx,
                        const GroupScalar *pSk, const GroupPoint *pPk,
                        const void *pMsg, size_t nMsg, int hasMsg){
  GroupScalar w, ch, s;
  GroupPoint a;
  if( elg_public_key_check(pPk) ) return -1;
  group_scalar_random(&w);
  group_base_mult(&a, &w);
  schnorr_challenge(&ch, zTag, pCtx, nCtx, pPk, pMsg, nMsg, hasMsg, &a);
  group_scalar_mul(&s, &ch, pSk);
  group_scalar_add(&s, &s, &w);               /* s = w + c·x */
  proof_encode_pair(aOut, &ch, &s);
  group_scalar_wipe(&w);
  return 0;
}

static int schnorr_verify(const unsigned char *aIn, const char *zTag,
                          const unsigned char *pCtx, size_t nCtx,
                          const GroupPoint *pPk, const void *pMsg, size_t nMsg,
                          int hasMsg){
  GroupScalar ch, s, ch2;
  GroupPoint a;
  if( elg_public_key_check(pPk) ) return -1;
  if( proof_decode_pairs(&ch, &s, aIn, 1) ) return -1;
  if( proof_commit(&a, &s, 0, &ch, pPk) ) return -1;         /* s·G − c·Y */
  schnorr_challenge(&ch2, zTag, pCtx, nCtx, pPk, pMsg, nMsg, hasMsg, &a);
  return group_scalar_eq(&ch, &ch2) ? 0 : -1;
}

/*
** Prove knowledge of the secret key *pSk of *pPk (a trustee publishing its
** key). Writes PROOF_KEY_BYTES (c, s). Returns 0, or -1 if *pPk is invalid
** or the identity.
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
  return schnorr_verify(aProof, HASH_TAG_PROOF_KEY, pCtx, nCtx, pPk, 0, 0, 0);
}

/*
** Sign the nMsg bytes pMsg with the credential key *pSk (public *pPk): a
** Schnorr signature (c, s) of PROOF_SIGNATURE_BYTES. Returns 0, or -1 if
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
  return schnorr_verify(aSig, HASH_TAG_SIGNATURE, pCtx, nCtx, pPk, pMsg, nMsg, 1);
}
