/* test_dkg.c: threshold trustees without a dealer: any k of the n key
** shares recover the election secret and fewer do not; a share that does
** not match its sender's commitments is caught; sealed shares open only
** for their recipient; Lagrange coefficients against hand-computed ones. */
#include "test.h"
#include "../../src/crypto/dkg.h"
#include <string.h>

/* A whole ceremony in memory: n polynomials of k coefficients, x_j = Σ_i f_i(j). */
typedef struct Ceremony Ceremony;
struct Ceremony {
  uint32_t n, k;
  DkgPolynomial poly[8];
  GroupPoint aC[8*8];       /* n rows of k commitments */
  GroupScalar x[8];         /* key shares x_1..x_n (index j-1) */
  GroupScalar secret;       /* Σ a_i,0: what no one holds */
  GroupPoint key;           /* Y = secret·G */
};

static void ceremony_run(Ceremony *c, uint32_t n, uint32_t k){
  memset(c, 0, sizeof *c);
  c->n = n; c->k = k;
  group_init();
  for(uint32_t i=0; i<n; i++){
    dkg_polynomial_random(&c->poly[i], k);
    dkg_commitments(&c->aC[i*k], &c->poly[i]);
    group_scalar_add(&c->secret, &c->secret, &c->poly[i].a[0]);
    for(uint32_t j=1; j<=n; j++){
      GroupScalar s;
      dkg_share(&s, &c->poly[i], j);
      CHECK_INT(dkg_share_check(&c->aC[i*k], k, j, &s), 0);
      group_scalar_add(&c->x[j-1], &c->x[j-1], &s);
    }
  }
  group_base_mult(&c->key, &c->secret);
}

/* Σ λ_j·x_j over the trustees aIdx (1-based). */
static void recover(GroupScalar *pOut, const Ceremony *c, const uint32_t *aIdx, size_t n){
  group_scalar_zero(pOut);
  for(size_t i=0; i<n; i++){
    GroupScalar l, t;
    CHECK_INT(dkg_lagrange(&l, aIdx, n, i), 0);
    group_scalar_mul(&t, &l, &c->x[aIdx[i]-1]);
    group_scalar_add(pOut, pOut, &t);
  }
}

TEST(dkg_any_k_of_n_shares_recover_the_key_and_fewer_do_not){
  Ceremony c;
  ceremony_run(&c, 5, 3);
  int nSubset = 0;
  for(uint32_t a=1; a<=5; a++) for(uint32_t b=a+1; b<=5; b++) for(uint32_t d=b+1; d<=5; d++){
    uint32_t aIdx[3] = { d, a, b };      /* any order */
    GroupScalar s;
    recover(&s, &c, aIdx, 3);
    CHECK(group_scalar_eq(&s, &c.secret));
    nSubset++;
  }
  CHECK_INT(nSubset, 10);
  /* all five also work; two do not */
  uint32_t aAll[5] = { 1, 2, 3, 4, 5 }, aTwo[2] = { 2, 5 };
  GroupScalar s;
  recover(&s, &c, aAll, 5);
  CHECK(group_scalar_eq(&s, &c.secret));
  recover(&s, &c, aTwo, 2);
  CHECK(!group_scalar_eq(&s, &c.secret));
}

TEST(dkg_verification_keys_are_public_and_match_the_shares){
  Ceremony c;
  GroupPoint aA[3], y, want;
  ceremony_run(&c, 4, 3);
  CHECK_INT(dkg_sum_commitments(aA, c.aC, 4, 3), 0);
  CHECK(group_point_eq(&aA[0], &c.key));         /* Y = Σ C_i,0 */
  for(uint32_t j=1; j<=4; j++){
    CHECK_INT(dkg_verification_key(&y, aA, 3, j), 0);
    group_base_mult(&want, &c.x[j-1]);
    CHECK(group_point_eq(&y, &want));
  }
}

TEST(dkg_a_bad_share_is_caught_by_its_recipient){
  Ceremony c;
  GroupScalar s, one;
  ceremony_run(&c, 3, 2);
  dkg_share(&s, &c.poly[1], 3);
  CHECK_INT(dkg_share_check(&c.aC[1*2], 2, 3, &s), 0);
  CHECK(dkg_share_check(&c.aC[1*2], 2, 2, &s)!=0);     /* meant for trustee 3, not 2 */
  CHECK(dkg_share_check(&c.aC[0*2], 2, 3, &s)!=0);     /* not from trustee 1 */
  group_scalar_from_u64(&one, 1);
  group_scalar_add(&s, &s, &one);
  CHECK(dkg_share_check(&c.aC[1*2], 2, 3, &s)!=0);     /* altered */
}

TEST(dkg_sealed_shares_open_only_for_their_recipient){
  unsigned char pk1[DKG_BOX_PUBLIC_BYTES], sk1[DKG_BOX_SECRET_BYTES];
  unsigned char pk2[DKG_BOX_PUBLIC_BYTES], sk2[DKG_BOX_SECRET_BYTES];
  unsigned char box[DKG_SEALED_SHARE_BYTES];
  GroupScalar s, t;
  group_init();
  crypto_box_keypair(pk1, sk1);
  crypto_box_keypair(pk2, sk2);
  group_scalar_random(&s);
  CHECK_INT(dkg_share_seal(box, &s, pk1), 0);
  CHECK_INT(dkg_share_open(&t, box, pk1, sk1), 0);
  CHECK(group_scalar_eq(&s, &t));
  CHECK(dkg_share_open(&t, box, pk2, sk2)!=0);
  box[40] ^= 1;
  CHECK(dkg_share_open(&t, box, pk1, sk1)!=0);
}

TEST(dkg_lagrange_coefficients_known_answers){
  /* {1,2}: λ_1 = 2/(2−1) = 2, λ_2 = 1/(1−2) = −1.
  ** {1,3}: λ_1 = 3/2, checked as 2·λ_1 = 3. */
  uint32_t a12[2] = { 1, 2 }, a13[2] = { 1, 3 }, aDup[2] = { 2, 2 };
  GroupScalar l, want, two, three;
  group_init();
  CHECK_INT(dkg_lagrange(&l, a12, 2, 0), 0);
  group_scalar_from_u64(&want, 2);
  CHECK(group_scalar_eq(&l, &want));
  CHECK_INT(dkg_lagrange(&l, a12, 2, 1), 0);
  group_scalar_from_u64(&want, 1);
  group_scalar_negate(&want, &want);
  CHECK(group_scalar_eq(&l, &want));
  CHECK_INT(dkg_lagrange(&l, a13, 2, 0), 0);
  group_scalar_from_u64(&two, 2);
  group_scalar_from_u64(&three, 3);
  group_scalar_mul(&l, &l, &two);
  CHECK(group_scalar_eq(&l, &three));
  CHECK(dkg_lagrange(&l, aDup, 2, 0)!=0);          /* repeated index */
}
