/* fuzz_board.c: libFuzzer harness for the board parser and the verifier
** (src/crypto/board.c, election.c, verify.c). Each input is verified as
** it is and again with its hash chain recomputed (board_rechain), so that
** mutations reach the payload decoders and the checks behind the chain.
** The verifier must return a verdict, never crash or read out of bounds;
** a failing verdict must name a line and say why. Build and run with
** fuzz/run.sh board. */
#include "../src/crypto/board.h"
#include "../src/crypto/verify.h"
#include "../src/util/buf.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fuzz_fail(const char *zWhat){
  fprintf(stderr, "fuzz_board: %s\n", zWhat);
  abort();
}

static void check(const unsigned char *a, size_t n){
  VerifyReport r;
  int rc = verify_board(a, n, 1, 0, &r);
  if( rc==0 ){
    if( !r.ok || !r.hasElection || r.aCount==0 ) fuzz_fail("verified without a result");
  }else{
    if( r.ok || r.iFailLine==0 || r.zFail[0]==0 ) fuzz_fail("failed without naming a line");
  }
  verify_report_clear(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  Buf b = BUF_INIT;
  /* a private copy of exactly nData bytes, so ASan sees any over-read */
  unsigned char *a = malloc(nData ? nData : 1);
  if( a==0 ) return 0;
  memcpy(a, aData, nData);
  check(a, nData);
  board_rechain(a, nData, &b);
  check((const unsigned char*)(b.z ? b.z : ""), b.n);
  buf_reset(&b);
  free(a);
  return 0;
}
