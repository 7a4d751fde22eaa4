/* test_msm.c: multi-scalar multiplication (src/crypto/msm.c) against the
** naive sum of scalar multiplications, for both methods and every window
** width, with the awkward inputs: zero, one, L − 1, 128-bit scalars, the
** identity and repeated points; and the decoded-element operations of
** group.h it is built on. */
#include "test.h"
#include "../../src/crypto/group.h"
#include "../../src/crypto/msm.h"
#include <stdint.h>
#include <stdlib.h>

/* L − 1, little-endian. */
static const unsigned char aOrderMinus1[32] = {
  0xec,0xd3,0xf5,0x5c,0x1a,0x63,0x12,0x58,0xd6,0x9c,0xf7,0xa2,0xde,0xf9,0xde,0x14,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0x10,
};

/* n test scalars and points: mostly random, with the special cases spread
** through (index mod 11). */
static void make_inputs(GroupScalar *aS, GroupElem *aP, size_t n){
  for(size_t i=0; i<n; i++){
    GroupScalar r;
    group_scalar_random(&r);
    group_elem_base_mult(&aP[i], &r);
    group_scalar_random(&aS[i]);
    switch( i%11 ){
      case 1: group_scalar_zero(&aS[i]); break;
      case 2: group_scalar_from_u64(&aS[i], 1); break;
      case 3: CHECK_INT(group_scalar_decode(&aS[i], aOrderMinus1), 0); break;
      case 4: memset(aS[i].a+16, 0, 16); break;                 /* 128-bit */
      case 5: group_elem_identity(&aP[i]); break;
      case 6: if( i>0 ) aP[i] = aP[i-1]; break;                 /* repeated */
      case 7: group_scalar_from_u64(&aS[i], 15); break;
      case 8: group_scalar_from_u64(&aS[i], UINT64_MAX); break;
      default: break;
    }
  }
}

/* The naive sum: n constant-time multiplications and additions. */
static void naive(GroupElem *pOut, const GroupScalar *aS, const GroupElem *aP, size_t n){
  GroupElem t;
  group_elem_identity(pOut);
  for(size_t i=0; i<n; i++){
    group_elem_mult(&t, &aS[i], &aP[i]);
    group_elem_add(pOut, pOut, &t);
  }
}

TEST(msm_matches_naive_sum){
  static const size_t aN[] = { 0, 1, 2, 3, 5, 11, 17, 64, 200, 700 };
  for(size_t k=0; k<sizeof aN/sizeof aN[0]; k++){
    size_t n = aN[k];
    GroupScalar *aS = calloc(n+1, sizeof *aS);
    GroupElem *aP = group_elem_array(n+1);
    GroupElem want, got;
    make_inputs(aS, aP, n);
    naive(&want, aS, aP, n);
    msm_straus(&got, aS, aP, n);
    if( !group_elem_eq(&got, &want) ) test_fail(__FILE__, __LINE__, "straus differs at n=%zu", n);
    msm_pippenger(&got, aS, aP, n, 0);
    if( !group_elem_eq(&got, &want) ) test_fail(__FILE__, __LINE__, "pippenger differs at n=%zu", n);
    msm_non_secret(&got, aS, aP, n);
    if( !group_elem_eq(&got, &want) ) test_fail(__FILE__, __LINE__, "msm differs at n=%zu", n);
    free(aS);
    free(aP);
  }
}

TEST(msm_every_window_width){
  enum { N = 40 };
  static GroupScalar aS[N];
  static GroupElem aP[N];
  GroupElem want, got;
  make_inputs(aS, aP, N);
  naive(&want, aS, aP, N);
  for(unsigned c=2; c<=16; c++){
    msm_pippenger(&got, aS, aP, N, c);
    if( !group_elem_eq(&got, &want) ) test_fail(__FILE__, __LINE__, "pippenger differs with c=%u", c);
  }
}

TEST(msm_cancels_to_identity){
  /* s·P + (L − s)·P = O: the check a batch verifier makes */
  GroupScalar aS[4], r;
  GroupElem aP[4], got;
  group_scalar_random(&r);
  group_elem_base_mult(&aP[0], &r);
  aP[1] = aP[0];
  group_scalar_random(&aS[0]);
  group_scalar_negate(&aS[1], &aS[0]);
  group_elem_generator(&aP[2]);
  group_elem_generator(&aP[3]);
  group_scalar_from_u64(&aS[2], 7);
  group_scalar_negate(&aS[3], &aS[2]);
  msm_straus(&got, aS, aP, 4);
  CHECK(group_elem_is_identity(&got));
  msm_pippenger(&got, aS, aP, 4, 0);
  CHECK(group_elem_is_identity(&got));
  group_scalar_from_u64(&aS[3], 1);      /* off by 8·G */
  msm_non_secret(&got, aS, aP, 4);
  CHECK(!group_elem_is_identity(&got));
}

TEST(msm_group_elem_ops_agree_with_encoded){
  /* the decoded operations give the same encodings as the encoded ones */
  GroupScalar a, b;
  GroupPoint pa, pb, pr, enc;
  GroupElem ea, eb, er, g;
  group_scalar_random(&a);
  group_scalar_random(&b);
  group_base_mult(&pa, &a);
  group_base_mult(&pb, &b);
  CHECK_INT(group_elem_from_point(&ea, &pa), 0);
  CHECK_INT(group_elem_from_point(&eb, &pb), 0);
  group_elem_base_mult(&er, &a);
  CHECK(group_elem_eq(&er, &ea));
  group_elem_add(&er, &ea, &eb); group_elem_to_point(&enc, &er);
  CHECK_INT(group_point_add(&pr, &pa, &pb), 0);
  CHECK(group_point_eq(&enc, &pr));
  group_elem_sub(&er, &ea, &eb); group_elem_to_point(&enc, &er);
  CHECK_INT(group_point_sub(&pr, &pa, &pb), 0);
  CHECK(group_point_eq(&enc, &pr));
  group_elem_mult(&er, &b, &ea); group_elem_to_point(&enc, &er);
  CHECK_INT(group_mult(&pr, &b, &pa), 0);
  CHECK(group_point_eq(&enc, &pr));
  group_elem_double(&er, &ea); group_elem_to_point(&enc, &er);
  CHECK_INT(group_point_add(&pr, &pa, &pa), 0);
  CHECK(group_point_eq(&enc, &pr));
  group_elem_neg(&er, &ea); group_elem_add(&er, &er, &ea);
  CHECK(group_elem_is_identity(&er));
  /* a·G + b·B (variable time) = encoded a·G + b·B */
  group_elem_double_mult_non_secret(&er, &a, &b, &eb);
  group_elem_to_point(&enc, &er);
  group_base_mult(&pr, &a);
  CHECK_INT(group_mult(&pa, &b, &pb), 0);
  CHECK_INT(group_point_add(&pr, &pr, &pa), 0);
  CHECK(group_point_eq(&enc, &pr));
  group_elem_generator(&g);
  group_elem_identity(&er);
  CHECK(!group_elem_eq(&g, &er));
  CHECK(group_elem_is_identity(&er));
}
