/* hash.h: Fiat–Shamir transcripts: BLAKE2b-512 over a domain tag and a list
** of length-prefixed elements, reduced to a scalar for a challenge. The byte
** layout is specified in docs/protocol.md ("Hashing"). */
#ifndef MANDATE_HASH_H
#define MANDATE_HASH_H
#include "group.h"
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_BYTES 64   /* BLAKE2b-512 output */

/* Domain tags: one per kind of statement, so that no transcript of one kind
** can be read as a transcript of another. */
#define HASH_TAG_PROOF_01      "mandate/v1/proof/01"
#define HASH_TAG_PROOF_SUM     "mandate/v1/proof/sum"
#define HASH_TAG_PROOF_DECRYPT "mandate/v1/proof/decrypt"
#define HASH_TAG_PROOF_KEY     "mandate/v1/proof/key"
#define HASH_TAG_SIGNATURE     "mandate/v1/signature"

typedef struct HashTranscript HashTranscript;
struct HashTranscript {
  crypto_generichash_state st;   /* BLAKE2b state, unkeyed */
  size_t nOut;                   /* output bytes: HASH_BYTES unless started sized */
};

void hash_start(HashTranscript *h, const char *zDomain);
/* The same transcript layout with an nOut-byte BLAKE2b (the board uses 32:
** a different hash from the 64-byte one truncated, see docs/protocol.md). */
void hash_start_sized(HashTranscript *h, const char *zDomain, size_t nOut);
void hash_put_bytes(HashTranscript *h, const void *p, size_t n);
void hash_put_u64(HashTranscript *h, uint64_t v);
void hash_put_point(HashTranscript *h, const GroupPoint *p);
void hash_put_scalar(HashTranscript *h, const GroupScalar *s);
void hash_finish(HashTranscript *h, unsigned char *aOut);   /* h->nOut bytes */
void hash_challenge(HashTranscript *h, GroupScalar *pOut);

#endif
