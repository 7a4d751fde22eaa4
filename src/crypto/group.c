/* group.c: ristretto255 over two libraries, the only file that calls
** their group functions. Each operation uses the one that measured faster
** for it here (bench/groupops.c; docs/protocol.md section 7):
**   - GroupPoint (encoded) operations and scalars: libsodium 1.0.18. Its
**     calls take and return encodings; for one operation on encoded points
**     it is as fast as or faster than libdecaf's decode + operate + encode.
**   - GroupElem (decoded) operations: libdecaf 1.0.2 (Debian libdecaf-dev),
**     the reference Ristretto implementation, whose decaf_255 group is
**     ristretto255 (the known-answer tests check both libraries against RFC
**     9496 and against each other). Points stay decoded, so an addition is
**     ~0.17 µs rather than ~11 µs, and it has a variable-time double-scalar
**     multiplication for verifiers.
** Two things libsodium does that we must not let leak upward:
** crypto_scalarmult_ristretto255{,_base} refuse to return the identity
** (they fail when the result is zero), and every call decodes and
** re-encodes its points. Here the identity is an ordinary value, its
** encoding the 32 zero bytes, and every point is checked on the way in. */
#include "group.h"
#include <decaf/point_255.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(GROUP_POINT_BYTES==crypto_core_ristretto255_BYTES, "point size");
_Static_assert(GROUP_SCALAR_BYTES==crypto_core_ristretto255_SCALARBYTES, "scalar size");
_Static_assert(GROUP_WIDE_BYTES==crypto_core_ristretto255_NONREDUCEDSCALARBYTES, "wide size");
_Static_assert(GROUP_POINT_BYTES==DECAF_255_SER_BYTES, "decaf point size");
_Static_assert(GROUP_SCALAR_BYTES==DECAF_255_SCALAR_BYTES, "decaf scalar size");
_Static_assert(sizeof(GroupElem)==sizeof(decaf_255_point_t), "GroupElem holds a decaf point");
_Static_assert(_Alignof(GroupElem)>=_Alignof(struct decaf_255_point_s), "GroupElem alignment");

/* The decaf point inside a GroupElem. */
#define ELEM(p)  ((struct decaf_255_point_s*)(void*)(p)->opaque)
#define CELEM(p) ((const struct decaf_255_point_s*)(const void*)(p)->opaque)

static atomic_int sodiumReady;

/*
** Initialise libsodium once (it picks its fastest BLAKE2b and sets up the
** random source). Safe to call from several threads and many times. If the
** library cannot start there is no random source, and nothing sensible to
** return to, so we stop, as xmalloc does on out of memory.
*/
void group_init(void){
  if( atomic_load(&sodiumReady) ) return;
  if( sodium_init()<0 ){
    fputs("mandate: cannot initialise libsodium\n", stderr);
    abort();
  }
  atomic_store(&sodiumReady, 1);
}

/*
** Decode 32 bytes aIn into *pOut, accepting only the canonical encoding of
** a ristretto255 element (RFC 9496 section 4.3.1); the identity (32 zero
** bytes) is accepted. Returns 0, or -1 (and the identity in *pOut) when aIn
** is not a valid encoding.
*/
int group_point_decode(GroupPoint *pOut, const unsigned char *aIn){
  unsigned char a[GROUP_POINT_BYTES];
  memcpy(a, aIn, sizeof a);
  if( !crypto_core_ristretto255_is_valid_point(a) && !sodium_is_zero(a, sizeof a) ){
    memset(pOut->a, 0, sizeof pOut->a);
    return -1;
  }
  memcpy(pOut->a, a, sizeof a);
  return 0;
}

/*
** Write the 32-byte encoding of *p to aOut.
*/
void group_point_encode(unsigned char *aOut, const GroupPoint *p){
  memcpy(aOut, p->a, GROUP_POINT_BYTES);
}

/*
** Return 1 if *p holds a valid canonical encoding (the identity included),
** else 0.
*/
int group_point_is_valid(const GroupPoint *p){
  return crypto_core_ristretto255_is_valid_point(p->a) || sodium_is_zero(p->a, GROUP_POINT_BYTES);
}

/*
** Set *pOut to the identity element (encoding: 32 zero bytes).
*/
void group_point_identity(GroupPoint *pOut){
  memset(pOut->a, 0, sizeof pOut->a);
}

/*
** Return 1 if *p is the identity, else 0.
*/
int group_point_is_identity(const GroupPoint *p){
  return sodium_is_zero(p->a, GROUP_POINT_BYTES);
}

/*
** Set *pOut to the generator G of RFC 9496 (encoding e2f2ae0a...2d76).
*/
void group_point_generator(GroupPoint *pOut){
  static const unsigned char aG[GROUP_POINT_BYTES] = {
    0xe2,0xf2,0xae,0x0a,0x6a,0xbc,0x4e,0x71,0xa8,0x84,0xa9,0x61,0xc5,0x00,0x51,0x5f,
    0x58,0xe3,0x0b,0x6a,0xa5,0x82,0xdd,0x8d,0xb6,0xa6,0x59,0x45,0xe0,0x8d,0x2d,0x76,
  };
  memcpy(pOut->a, aG, sizeof aG);
}

/*
** Return 1 if *p and *q are the same element, else 0. Encodings are
** canonical, so this compares bytes (in constant time). Both should have
** been decoded; an invalid encoding equals only itself.
*/
int group_point_eq(const GroupPoint *p, const GroupPoint *q){
  return sodium_memcmp(p->a, q->a, GROUP_POINT_BYTES)==0;
}

/*
** *pOut = *p + *q (the group operation; written multiplicatively elsewhere).
** pOut may alias p or q. Returns 0, or -1 (identity in *pOut) if p or q is
** not a valid encoding.
*/
int group_point_add(GroupPoint *pOut, const GroupPoint *p, const GroupPoint *q){
  unsigned char r[GROUP_POINT_BYTES];
  /* The library decodes (and so validates) both inputs itself. */
  if( crypto_core_ristretto255_add(r, p->a, q->a)!=0 ){
    group_point_identity(pOut);
    return -1;
  }
  memcpy(pOut->a, r, sizeof r);
  return 0;
}

/*
** *pOut = *p - *q. pOut may alias p or q. Returns 0, or -1 (identity in
** *pOut) if p or q is not a valid encoding.
*/
int group_point_sub(GroupPoint *pOut, const GroupPoint *p, const GroupPoint *q){
  unsigned char r[GROUP_POINT_BYTES];
  /* The library decodes (and so validates) both inputs itself. */
  if( crypto_core_ristretto255_sub(r, p->a, q->a)!=0 ){
    group_point_identity(pOut);
    return -1;
  }
  memcpy(pOut->a, r, sizeof r);
  return 0;
}

/*
** *pOut = n·G, in constant time. n = 0 gives the identity (which libsodium
** refuses to return; we return it).
*/
void group_base_mult(GroupPoint *pOut, const GroupScalar *n){
  unsigned char r[GROUP_POINT_BYTES];
  if( crypto_scalarmult_ristretto255_base(r, n->a)!=0 ){
    /* Only a zero result makes it fail: n ≡ 0 mod L. */
    memset(r, 0, sizeof r);
  }
  memcpy(pOut->a, r, sizeof r);
}

/*
** *pOut = n·P, in constant time. pOut may alias p. n = 0 or P = identity
** gives the identity. Returns 0, or -1 (identity in *pOut) if p is not a
** valid encoding.
*/
int group_mult(GroupPoint *pOut, const GroupScalar *n, const GroupPoint *p){
  unsigned char r[GROUP_POINT_BYTES];
  if( group_point_is_identity(p) || crypto_scalarmult_ristretto255(r, n->a, p->a)!=0 ){
    /* The library fails on an invalid p and on a zero result. The second
    ** happens, for a valid p, only when n ≡ 0 mod L or p is the identity
    ** (the group has prime order), and then the identity is the answer.
    ** Validating only here keeps the common path to one decode. */
    if( !group_point_is_valid(p) ){
      group_point_identity(pOut);
      return -1;
    }
    memset(r, 0, sizeof r);
  }
  memcpy(pOut->a, r, sizeof r);
  return 0;
}

/* ------------------------------------------------------------------
** Decoded elements, over libdecaf.
*/

/* A GroupScalar (canonical bytes, < L) as a decaf scalar. Our scalars are
** always reduced, so the decode cannot fail; if one were not, decaf would
** still reduce it, which is the value mod L. */
static void to_decaf_scalar(decaf_255_scalar_t out, const GroupScalar *s){
  if( decaf_255_scalar_decode(out, s->a)!=DECAF_SUCCESS ){
    /* NEVER: GroupScalar is kept reduced; out holds s mod L anyway */
  }
}

/*
** Decode 32 bytes aIn into *pOut (RFC 9496 section 4.3.1: canonical
** encodings only; the identity, 32 zero bytes, accepted). Constant time.
** Returns 0, or -1 (and the identity in *pOut) when aIn is not a valid
** encoding.
*/
int group_elem_decode(GroupElem *pOut, const unsigned char *aIn){
  if( decaf_255_point_decode(ELEM(pOut), aIn, DECAF_TRUE)!=DECAF_SUCCESS ){
    decaf_255_point_copy(ELEM(pOut), decaf_255_point_identity);
    return -1;
  }
  return 0;
}

/*
** Decode the encoded point *p into *pOut. Returns 0, or -1 (identity in
** *pOut) if *p is not a valid encoding.
*/
int group_elem_from_point(GroupElem *pOut, const GroupPoint *p){
  return group_elem_decode(pOut, p->a);
}

/*
** Write the canonical 32-byte encoding of *p to aOut (the identity encodes
** as 32 zero bytes).
*/
void group_elem_encode(unsigned char *aOut, const GroupElem *p){
  decaf_255_point_encode(aOut, CELEM(p));
}

/*
** *pOut = the encoding of *p.
*/
void group_elem_to_point(GroupPoint *pOut, const GroupElem *p){
  decaf_255_point_encode(pOut->a, CELEM(p));
}

/*
** *pOut = the identity.
*/
void group_elem_identity(GroupElem *pOut){
  decaf_255_point_copy(ELEM(pOut), decaf_255_point_identity);
}

/*
** *pOut = the generator G.
*/
void group_elem_generator(GroupElem *pOut){
  decaf_255_point_copy(ELEM(pOut), decaf_255_point_base);
}

/*
** Return 1 if *p is the identity, else 0.
*/
int group_elem_is_identity(const GroupElem *p){
  return decaf_255_point_eq(CELEM(p), decaf_255_point_identity)==DECAF_TRUE;
}

/*
** Return 1 if *p and *q are the same group element, else 0 (constant
** time; different coordinates of one element compare equal).
*/
int group_elem_eq(const GroupElem *p, const GroupElem *q){
  return decaf_255_point_eq(CELEM(p), CELEM(q))==DECAF_TRUE;
}

/*
** *pOut = *p + *q. pOut may alias p or q.
*/
void group_elem_add(GroupElem *pOut, const GroupElem *p, const GroupElem *q){
  decaf_255_point_add(ELEM(pOut), CELEM(p), CELEM(q));
}

/*
** *pOut = *p − *q. pOut may alias p or q.
*/
void group_elem_sub(GroupElem *pOut, const GroupElem *p, const GroupElem *q){
  decaf_255_point_sub(ELEM(pOut), CELEM(p), CELEM(q));
}

/*
** *pOut = −*p. pOut may alias p.
*/
void group_elem_neg(GroupElem *pOut, const GroupElem *p){
  decaf_255_point_negate(ELEM(pOut), CELEM(p));
}

/*
** *pOut = 2·*p. pOut may alias p.
*/
void group_elem_double(GroupElem *pOut, const GroupElem *p){
  decaf_255_point_double(ELEM(pOut), CELEM(p));
}

/*
** *pOut = n·P, in constant time (secret n allowed). pOut may alias p.
*/
void group_elem_mult(GroupElem *pOut, const GroupScalar *n, const GroupElem *p){
  decaf_255_scalar_t s;
  to_decaf_scalar(s, n);
  decaf_255_point_scalarmul(ELEM(pOut), CELEM(p), s);
  decaf_255_scalar_destroy(s);
}

/*
** *pOut = n·G, in constant time (libdecaf's precomputed table for G).
*/
void group_elem_base_mult(GroupElem *pOut, const GroupScalar *n){
  decaf_255_scalar_t s;
  to_decaf_scalar(s, n);
  decaf_255_precomputed_scalarmul(ELEM(pOut), decaf_255_precomputed_base, s);
  decaf_255_scalar_destroy(s);
}

/*
** *pOut = a·G + b·P in VARIABLE time: only for public a, b and P (a
** verifier's equation). pOut may alias p.
*/
void group_elem_double_mult_non_secret(GroupElem *pOut, const GroupScalar *a,
                                       const GroupScalar *b, const GroupElem *p){
  decaf_255_scalar_t sa, sb;
  to_decaf_scalar(sa, a);
  to_decaf_scalar(sb, b);
  decaf_255_base_double_scalarmul_non_secret(ELEM(pOut), sa, CELEM(p), sb);
}

/*
** Allocate n (at least 1) aligned GroupElems; aborts on out of memory, as
** xmalloc does. Caller frees with free().
*/
GroupElem *group_elem_array(size_t n){
  GroupElem *a;
  if( n==0 ) n = 1;
  if( n > SIZE_MAX / sizeof *a ) abort();
  a = aligned_alloc(_Alignof(GroupElem), n * sizeof *a);
  if( a==0 ){
    fputs("mandate: out of memory\n", stderr);
    abort();
  }
  return a;
}

/* ------------------------------------------------------------------
** Scalars, over libsodium.
*/

/*
** Decode 32 little-endian bytes aIn into *pOut, accepting only canonical
** scalars (< L). Returns 0, or -1 (and zero in *pOut) otherwise.
*/
int group_scalar_decode(GroupScalar *pOut, const unsigned char *aIn){
  unsigned char aWide[GROUP_WIDE_BYTES] = {0};
  unsigned char aRed[GROUP_SCALAR_BYTES];
  int rc = 0;
  memcpy(aWide, aIn, GROUP_SCALAR_BYTES);
  crypto_core_ristretto255_scalar_reduce(aRed, aWide);
  if( memcmp(aRed, aWide, GROUP_SCALAR_BYTES)!=0 ){
    memset(aRed, 0, sizeof aRed);
    rc = -1;
  }
  memcpy(pOut->a, aRed, sizeof aRed);
  sodium_memzero(aWide, sizeof aWide);
  sodium_memzero(aRed, sizeof aRed);
  return rc;
}

/*
** Write the 32-byte little-endian encoding of *s to aOut.
*/
void group_scalar_encode(unsigned char *aOut, const GroupScalar *s){
  memcpy(aOut, s->a, GROUP_SCALAR_BYTES);
}

/*
** Set *pOut to a uniformly random non-zero scalar, from libsodium's
** randombytes (the operating system's generator).
*/
void group_scalar_random(GroupScalar *pOut){
  group_init();
  crypto_core_ristretto255_scalar_random(pOut->a);
}

/*
** Set *pOut to the 64 little-endian bytes aWide reduced mod L (the "wide
** reduction" that makes a 512-bit hash a near-uniform scalar).
*/
void group_scalar_from_wide(GroupScalar *pOut, const unsigned char *aWide){
  unsigned char a[GROUP_WIDE_BYTES];
  memcpy(a, aWide, sizeof a);
  crypto_core_ristretto255_scalar_reduce(pOut->a, a);
  sodium_memzero(a, sizeof a);
}

/*
** Set *pOut to the integer v (always < L).
*/
void group_scalar_from_u64(GroupScalar *pOut, uint64_t v){
  memset(pOut->a, 0, sizeof pOut->a);
  for(int i=0; i<8; i++) pOut->a[i] = (unsigned char)(v >> (8*i));
}

/*
** Set *pOut to zero.
*/
void group_scalar_zero(GroupScalar *pOut){
  memset(pOut->a, 0, sizeof pOut->a);
}

/*
** Return 1 if *s is zero, else 0.
*/
int group_scalar_is_zero(const GroupScalar *s){
  return sodium_is_zero(s->a, GROUP_SCALAR_BYTES);
}

/*
** Return 1 if *s == *t, else 0 (constant time).
*/
int group_scalar_eq(const GroupScalar *s, const GroupScalar *t){
  return sodium_memcmp(s->a, t->a, GROUP_SCALAR_BYTES)==0;
}

/*
** *pOut = *s + *t mod L. pOut may alias s or t.
*/
void group_scalar_add(GroupScalar *pOut, const GroupScalar *s, const GroupScalar *t){
  unsigned char r[GROUP_SCALAR_BYTES];
  crypto_core_ristretto255_scalar_add(r, s->a, t->a);
  memcpy(pOut->a, r, sizeof r);
  sodium_memzero(r, sizeof r);
}

/*
** *pOut = *s - *t mod L. pOut may alias s or t.
*/
void group_scalar_sub(GroupScalar *pOut, const GroupScalar *s, const GroupScalar *t){
  unsigned char r[GROUP_SCALAR_BYTES];
  crypto_core_ristretto255_scalar_sub(r, s->a, t->a);
  memcpy(pOut->a, r, sizeof r);
  sodium_memzero(r, sizeof r);
}

/*
** *pOut = *s · *t mod L. pOut may alias s or t.
*/
void group_scalar_mul(GroupScalar *pOut, const GroupScalar *s, const GroupScalar *t){
  unsigned char r[GROUP_SCALAR_BYTES];
  crypto_core_ristretto255_scalar_mul(r, s->a, t->a);
  memcpy(pOut->a, r, sizeof r);
  sodium_memzero(r, sizeof r);
}

/*
** *pOut = -*s mod L (zero stays zero). pOut may alias s.
*/
void group_scalar_negate(GroupScalar *pOut, const GroupScalar *s){
  unsigned char r[GROUP_SCALAR_BYTES];
  crypto_core_ristretto255_scalar_negate(r, s->a);
  memcpy(pOut->a, r, sizeof r);
  sodium_memzero(r, sizeof r);
}

/*
** Erase a secret scalar (sodium_memzero: not optimised away).
*/
void group_scalar_wipe(GroupScalar *s){
  sodium_memzero(s->a, sizeof s->a);
}

/*
** Fill p[0..n) with random bytes from libsodium's randombytes.
*/
void group_random_bytes(void *p, size_t n){
  group_init();
  randombytes_buf(p, n);
}
