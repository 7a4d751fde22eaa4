/* group.h: the one group interface: ristretto255 (RFC 9496) points and
** scalars mod L. Everything else in src/crypto/ goes through these
** functions; group.c alone calls the libraries (libsodium and libdecaf,
** each where it measured faster, see group.c). Encodings are byte-exact
** and described in docs/protocol.md.
**
** Two point types: GroupPoint is the 32-byte encoding (what is stored,
** hashed and compared; every operation on it decodes and re-encodes);
** GroupElem is a decoded element, for verifiers that chain many operations
** (an addition costs ~0.17 µs instead of ~11 µs). */
#ifndef MANDATE_GROUP_H
#define MANDATE_GROUP_H
#include <stddef.h>
#include <stdint.h>

#define GROUP_POINT_BYTES  32   /* canonical ristretto255 encoding */
#define GROUP_SCALAR_BYTES 32   /* little-endian integer, always < L */
#define GROUP_WIDE_BYTES   64   /* input to the wide reduction */

/* A group element, held as its canonical 32-byte encoding. The identity is
** the all-zero encoding (RFC 9496), and is a legitimate value here: g^0 is
** what an ElGamal encryption of 0 carries. A GroupPoint produced by this
** interface is always valid; one filled from outside bytes is checked by
** group_point_decode() and again by every operation that uses it. */
typedef struct GroupPoint GroupPoint;
struct GroupPoint {
  unsigned char a[GROUP_POINT_BYTES];   /* canonical encoding */
};

/* A scalar mod L = 2^252 + 27742317777372353535851937790883648493, held
** reduced, as 32 little-endian bytes. */
typedef struct GroupScalar GroupScalar;
struct GroupScalar {
  unsigned char a[GROUP_SCALAR_BYTES];  /* little-endian, < L */
};

/* A decoded group element (libdecaf's extended coordinates, kept opaque
** here so that callers need no library header). Made only by
** group_elem_decode(), group_elem_from_point() or the operations below, so
** always a valid element. 256 bytes: keep arrays of them bounded. */
typedef struct GroupElem GroupElem;
struct GroupElem {
  _Alignas(32) uint64_t opaque[32];
};

void group_init(void);

/* ---- points ---- */
int  group_point_decode(GroupPoint *pOut, const unsigned char *aIn);
void group_point_encode(unsigned char *aOut, const GroupPoint *p);
int  group_point_is_valid(const GroupPoint *p);
void group_point_identity(GroupPoint *pOut);
int  group_point_is_identity(const GroupPoint *p);
void group_point_generator(GroupPoint *pOut);
int  group_point_eq(const GroupPoint *p, const GroupPoint *q);
int  group_point_add(GroupPoint *pOut, const GroupPoint *p, const GroupPoint *q);
int  group_point_sub(GroupPoint *pOut, const GroupPoint *p, const GroupPoint *q);
void group_base_mult(GroupPoint *pOut, const GroupScalar *n);
int  group_mult(GroupPoint *pOut, const GroupScalar *n, const GroupPoint *p);

/* ---- decoded elements (GroupElem) ----
** Constant time: decode, encode, add, sub, neg, eq, mult, base_mult.
** Variable time (public data only: verification): *_non_secret. */
int  group_elem_decode(GroupElem *pOut, const unsigned char *aIn);
int  group_elem_from_point(GroupElem *pOut, const GroupPoint *p);
void group_elem_encode(unsigned char *aOut, const GroupElem *p);
void group_elem_to_point(GroupPoint *pOut, const GroupElem *p);
void group_elem_identity(GroupElem *pOut);
void group_elem_generator(GroupElem *pOut);
int  group_elem_is_identity(const GroupElem *p);
int  group_elem_eq(const GroupElem *p, const GroupElem *q);
void group_elem_add(GroupElem *pOut, const GroupElem *p, const GroupElem *q);
void group_elem_sub(GroupElem *pOut, const GroupElem *p, const GroupElem *q);
void group_elem_neg(GroupElem *pOut, const GroupElem *p);
void group_elem_double(GroupElem *pOut, const GroupElem *p);
void group_elem_mult(GroupElem *pOut, const GroupScalar *n, const GroupElem *p);
void group_elem_base_mult(GroupElem *pOut, const GroupScalar *n);
void group_elem_double_mult_non_secret(GroupElem *pOut, const GroupScalar *a,
                                       const GroupScalar *b, const GroupElem *p);
/* An array of n GroupElems, suitably aligned (malloc's 16 bytes are not
** enough); never NULL. Caller frees with free(). */
GroupElem *group_elem_array(size_t n);

/* ---- scalars ---- */
int  group_scalar_decode(GroupScalar *pOut, const unsigned char *aIn);
void group_scalar_encode(unsigned char *aOut, const GroupScalar *s);
void group_scalar_random(GroupScalar *pOut);
void group_scalar_from_wide(GroupScalar *pOut, const unsigned char *aWide);
void group_scalar_from_u64(GroupScalar *pOut, uint64_t v);
void group_scalar_zero(GroupScalar *pOut);
int  group_scalar_is_zero(const GroupScalar *s);
int  group_scalar_eq(const GroupScalar *s, const GroupScalar *t);
void group_scalar_add(GroupScalar *pOut, const GroupScalar *s, const GroupScalar *t);
void group_scalar_sub(GroupScalar *pOut, const GroupScalar *s, const GroupScalar *t);
void group_scalar_mul(GroupScalar *pOut, const GroupScalar *s, const GroupScalar *t);
void group_scalar_negate(GroupScalar *pOut, const GroupScalar *s);
void group_scalar_wipe(GroupScalar *s);

/* ---- bytes ---- */
void group_random_bytes(void *p, size_t n);

#endif
