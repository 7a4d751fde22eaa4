/* hash.c: Fiat–Shamir transcripts. A transcript is the domain tag followed
** by elements, each written as its length (8 bytes, little-endian) and then
** its bytes; so the split between elements is part of what is hashed, and
** two different lists of elements never give the same input to BLAKE2b. */
#include "hash.h"
#include <assert.h>
#include <string.h>

/* Write the 8-byte little-endian encoding of v to a. */
static void hash_le64(unsigned char *a, uint64_t v){
  for(int i=0; i<8; i++) a[i] = (unsigned char)(v >> (8*i));
}

/*
** Start a transcript *h for statements of the kind named by zDomain (one of
** the HASH_TAG_* strings, hashed as the first element without its NUL).
*/
void hash_start(HashTranscript *h, const char *zDomain){
  hash_start_sized(h, zDomain, HASH_BYTES);
}

/*
** Start a transcript whose BLAKE2b output is nOut bytes (16 to 64).
*/
void hash_start_sized(HashTranscript *h, const char *zDomain, size_t nOut){
  group_init();
  h->nOut = nOut;
  crypto_generichash_init(&h->st, 0, 0, nOut);
  hash_put_bytes(h, zDomain, strlen(zDomain));
}

/*
** Append one element: n as 8 little-endian bytes, then the n bytes at p.
*/
void hash_put_bytes(HashTranscript *h, const void *p, size_t n){
  unsigned char aLen[8];
  hash_le64(aLen, (uint64_t)n);
  crypto_generichash_update(&h->st, aLen, sizeof aLen);
  if( n ) crypto_generichash_update(&h->st, p, n);
}

/*
** Append an integer as an element of 8 bytes, little-endian.
*/
void hash_put_u64(HashTranscript *h, uint64_t v){
  unsigned char a[8];
  hash_le64(a, v);
  hash_put_bytes(h, a, sizeof a);
}

/*
** Append a point as an element of 32 bytes (its canonical encoding).
*/
void hash_put_point(HashTranscript *h, const GroupPoint *p){
  hash_put_bytes(h, p->a, GROUP_POINT_BYTES);
}

/*
** Append a scalar as an element of 32 bytes (little-endian).
*/
void hash_put_scalar(HashTranscript *h, const GroupScalar *s){
  hash_put_bytes(h, s->a, GROUP_SCALAR_BYTES);
}

/*
** Finish the transcript, writing its 64-byte BLAKE2b-512 digest to aOut.
** *h must not be used again without hash_start().
*/
void hash_finish(HashTranscript *h, unsigned char *aOut){
  crypto_generichash_final(&h->st, aOut, h->nOut);
  sodium_memzero(&h->st, sizeof h->st);
}

/*
** Finish the transcript and set *pOut to its digest, read as a 512-bit
** little-endian integer, reduced mod L: the Fiat–Shamir challenge.
*/
void hash_challenge(HashTranscript *h, GroupScalar *pOut){
  unsigned char a[HASH_BYTES];
  assert( h->nOut==HASH_BYTES );   /* a challenge reduces a 512-bit digest */
  hash_finish(h, a);
  group_scalar_from_wide(pOut, a);
}
