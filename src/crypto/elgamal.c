/* elgamal.c: exponential ElGamal on ristretto255 and the discrete-log table
** that turns a decrypted tally m·G back into m. */
#include "elgamal.h"
#include "../util/mem.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
** Make a key pair: *pSk = x, a random non-zero scalar; *pPk = Y = x·G.
** The caller wipes *pSk (group_scalar_wipe) when done with it.
*/
void elg_keygen(GroupScalar *pSk, GroupPoint *pPk){
  group_scalar_random(pSk);
  group_base_mult(pPk, pSk);
}

/*
** Return 0 if *pPk is usable as an encryption or verification key: a valid
** encoding and not the identity (whose secret key is 0, known to all).
** Returns -1 otherwise.
*/
int elg_public_key_check(const GroupPoint *pPk){
  if( !group_point_is_valid(pPk) || group_point_is_identity(pPk) ) return -1;
  return 0;
}

/*
** Encrypt the integer m under *pPk with randomness *pR:
** *pOut = (r·G, m·G + r·Y). Returns 0, or -1 if the key fails
** elg_public_key_check(). The caller chooses r (group_scalar_random) and
** keeps it only as long as it needs it for proofs, then wipes it.
*/
int elg_encrypt(ElgCiphertext *pOut, const GroupPoint *pPk, uint64_t m,
                const GroupScalar *pR){
  GroupScalar sM;
  GroupPoint mG, rY;
  if( elg_public_key_check(pPk) ) return -1;
  group_scalar_from_u64(&sM, m);
  group_base_mult(&pOut->a, pR);
  group_base_mult(&mG, &sM);
  if( group_mult(&rY, pR, pPk) ) return -1;             /* NEVER: key checked */
  if( group_point_add(&pOut->b, &mG, &rY) ) return -1;  /* NEVER: both ours */
  group_scalar_wipe(&sM);
  return 0;
}

/*
** Decode 64 bytes aIn (A then B) into *pOut, checking both points.
** Returns 0, or -1 if either is not a valid encoding.
*/
int elg_ciphertext_decode(ElgCiphertext *pOut, const unsigned char *aIn){
  int rc = group_point_decode(&pOut->a, aIn);
  if( group_point_decode(&pOut->b, aIn + GROUP_POINT_BYTES) ) rc = -1;
  return rc;
}

/*
** Write the 64-byte encoding of *c (A then B) to aOut.
*/
void elg_ciphertext_encode(unsigned char *aOut, const ElgCiphertext *c){
  group_point_encode(aOut, &c->a);
  group_point_encode(aOut + GROUP_POINT_BYTES, &c->b);
}

/*
** Set *pOut to (identity, identity): the encryption of 0 with r = 0, the
** neutral element to start a homomorphic sum from.
*/
void elg_ciphertext_zero(ElgCiphertext *pOut){
  group_point_identity(&pOut->a);
  group_point_identity(&pOut->b);
}

/*
** The homomorphic sum: *pOut = (Ax + Ay, Bx + By), an encryption of mx + my
** with randomness rx + ry. pOut may alias x or y. Returns 0, or -1 if any
** point is not a valid encoding.
*/
int elg_add(ElgCiphertext *pOut, const ElgCiphertext *x, const ElgCiphertext *y){
  int rc = group_point_add(&pOut->a, &x->a, &y->a);
  if( group_point_add(&pOut->b, &x->b, &y->b) ) rc = -1;
  return rc;
}

/*
** A decryption share: *pShare = x·A for the secret key x. With a single
** key, B − x·A = m·G. Returns 0, or -1 if A is not a valid encoding.
*/
int elg_share(GroupPoint *pShare, const GroupScalar *pSk, const ElgCiphertext *c){
  return group_mult(pShare, pSk, &c->a);
}

/*
** Remove the mask: *pM = B − share, which is m·G when share = x·A.
** Returns 0, or -1 if B or the share is not a valid encoding.
*/
int elg_unblind(GroupPoint *pM, const ElgCiphertext *c, const GroupPoint *pShare){
  return group_point_sub(pM, &c->b, pShare);
}

/*
** Decrypt with the whole secret key: *pM = B − x·A = m·G (use elg_dlog to
** recover m). Returns 0, or -1 if a point of *c is not a valid encoding.
*/
int elg_decrypt(GroupPoint *pM, const GroupScalar *pSk, const ElgCiphertext *c){
  GroupPoint share;
  if( elg_share(&share, pSk, c) ) return -1;
  return elg_unblind(pM, c, &share);
}

/*
** Decode both points of *c into *pOut (validating, as group_elem_decode).
** Returns 0, or -1 if either is not a valid encoding.
*/
int elg_decoded_from(ElgDecoded *pOut, const ElgCiphertext *c){
  int rc = group_elem_from_point(&pOut->a, &c->a);
  if( group_elem_from_point(&pOut->b, &c->b) ) rc = -1;
  return rc;
}

/*
** *pOut = (identity, identity), to start a sum from.
*/
void elg_decoded_zero(ElgDecoded *pOut){
  group_elem_identity(&pOut->a);
  group_elem_identity(&pOut->b);
}

/*
** The homomorphic sum of decoded ciphertexts; pOut may alias x or y.
*/
void elg_decoded_add(ElgDecoded *pOut, const ElgDecoded *x, const ElgDecoded *y){
  group_elem_add(&pOut->a, &x->a, &y->a);
  group_elem_add(&pOut->b, &x->b, &y->b);
}

/*
** *pOut = the encoded form of *d.
*/
void elg_decoded_encode(ElgCiphertext *pOut, const ElgDecoded *d){
  group_elem_to_point(&pOut->a, &d->a);
  group_elem_to_point(&pOut->b, &d->b);
}

/* ---------------------------------------------------------------------
** Baby-step giant-step. The table holds j·G for j in [0, nBaby), keyed by
** the first 8 bytes of the encoding, in an open-addressing hash table at
** most half full. A lookup of M walks M, M − n·G, M − 2n·G, ... (n =
** nBaby) until it meets a baby step j after i giant steps; then m = i·n + j,
** confirmed by computing m·G (so a collision on the 8-byte key can only
** cost time, never give a wrong answer). Cost: nBaby − 1 point additions to
** build; at most max/nBaby + 1 subtractions per lookup; memory 16 bytes
** per slot, 2 to 4 slots per baby step.
*/
typedef struct DlogSlot DlogSlot;
struct DlogSlot {
  uint64_t key;     /* first 8 bytes of the encoding of j·G, little-endian */
  uint32_t j1;      /* j + 1; 0 marks an empty slot */
};

struct ElgDlog {
  uint64_t max;       /* largest logarithm looked for */
  uint32_t nBaby;     /* baby steps: j in [0, nBaby) */
  unsigned logSlot;   /* the table has 1<<logSlot slots */
  DlogSlot *aSlot;    /* owned */
  GroupPoint giant;   /* nBaby·G */
};

static uint64_t dlog_key(const GroupPoint *p){
  uint64_t k = 0;
  for(int i=0; i<8; i++) k |= (uint64_t)p->a[i] << (8*i);
  return k;
}

static size_t dlog_slot(const ElgDlog *t, uint64_t key){
  return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - t->logSlot));
}

/*
** Build a table for logarithms in [0, max]. nBaby is the number of baby
** steps; 0 chooses ceil(sqrt(max+1)), which balances building against one
** lookup; a bigger table makes each lookup cheaper (a tally with many
** answers). max must be below 2^62 and nBaby at most 2^28, else NULL.
** Memory: about 32·nBaby to 64·nBaby bytes (e.g. 128 KiB for max = 10^7
** with the default 3,163 baby steps; 32 MiB for nBaby = 2^20). Building
** costs nBaby point additions (about 10 µs each with libsodium). Caller
** frees with elg_dlog_free().
*/
ElgDlog *elg_dlog_new(uint64_t max, uint32_t nBaby){
  ElgDlog *t;
  GroupPoint p, g;
  if( max >= (UINT64_C(1)<<62) || nBaby > (UINT32_C(1)<<28) ) return 0;
  if( nBaby==0 ){
    uint64_t n = (uint64_t)ceil(sqrt((double)max + 1.0));
    while( n*n < max+1 ) n++;
    if( n > (UINT64_C(1)<<28) ) return 0;
    nBaby = (uint32_t)n;
  }
  t = xcalloc(1, sizeof *t);
  t->max = max;
  t->nBaby = nBaby;
  t->logSlot = 4;
  while( ((size_t)1 << t->logSlot) < 2*(size_t)nBaby ) t->logSlot++;
  t->aSlot = xcalloc((size_t)1 << t->logSlot, sizeof *t->aSlot);
  group_point_generator(&g);
  group_point_identity(&p);
  for(uint32_t j=0; j<nBaby; j++){
    uint64_t key = dlog_key(&p);
    size_t mask = ((size_t)1 << t->logSlot) - 1;
    size_t i = dlog_slot(t, key);
    while( t->aSlot[i].j1 ) i = (i+1) & mask;
    t->aSlot[i].key = key;
    t->aSlot[i].j1 = j+1;
    group_point_add(&p, &p, &g);
  }
  t->giant = p;   /* nBaby·G */
  return t;
}

/*
** Find m in [0, max] with m·G = *pM and write it to *pOut. Returns 0, or -1
** if *pM is not a valid encoding or its logarithm is not in [0, max]
** (which then costs a full walk: max/nBaby + 1 subtractions).
*/
int elg_dlog(const ElgDlog *t, const GroupPoint *pM, uint64_t *pOut){
  GroupPoint cur = *pM;
  size_t mask = ((size_t)1 << t->logSlot) - 1;
  uint64_t nGiant = t->max / t->nBaby;
  if( !group_point_is_valid(pM) ) return -1;
  for(uint64_t i=0; i<=nGiant; i++){
    uint64_t key = dlog_key(&cur);
    for(size_t s = dlog_slot(t, key); t->aSlot[s].j1; s = (s+1) & mask){
      if( t->aSlot[s].key!=key ) continue;
      uint64_t m = i*t->nBaby + (t->aSlot[s].j1 - 1);
      GroupScalar sm;
      GroupPoint check;
      if( m > t->max ) continue;
      group_scalar_from_u64(&sm, m);
      group_base_mult(&check, &sm);
      if( group_point_eq(&check, pM) ){ *pOut = m; return 0; }
    }
    if( i<nGiant ) group_point_sub(&cur, &cur, &t->giant);
  }
  return -1;
}

/*
** Bytes of memory held by the table (for reports and tests).
*/
size_t elg_dlog_bytes(const ElgDlog *t){
  return sizeof *t + ((size_t)1 << t->logSlot) * sizeof *t->aSlot;
}

/*
** Free a table from elg_dlog_new(); NULL is a no-op.
*/
void elg_dlog_free(ElgDlog *t){
  if( t==0 ) return;
  free(t->aSlot);
  free(t);
}
