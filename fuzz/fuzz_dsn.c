/* fuzz_dsn.c: libFuzzer harness for the bounce reader (src/mail/dsn.c):
** bounce reports are mail from anyone. Any bytes, read as one message and
** as an mbox, must give well-formed reports: a known kind, NUL-terminated
** fields without control characters. Build and run with fuzz/run.sh. */
#include "../src/mail/dsn.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fuzz_fail(const char *zWhat){
  fprintf(stderr, "fuzz_dsn: %s\n", zWhat);
  abort();
}

static void check_field(const char *z, size_t n){
  size_t len = strnlen(z, n);
  if( len==n ) fuzz_fail("a field is not NUL-terminated");
  for(size_t i=0; i<len; i++){
    if( (unsigned char)z[i]<0x20 || z[i]==0x7f ) fuzz_fail("a control character in a field");
  }
}

static void check_report(void *pArg, const DsnReport *p){
  (void)pArg;
  if( p->kind<DSN_FAILED || p->kind>DSN_NO_ID ) fuzz_fail("an unknown kind");
  check_field(p->zMessageId, sizeof p->zMessageId);
  check_field(p->zStatus, sizeof p->zStatus);
  check_field(p->zWhy, sizeof p->zWhy);
  if( p->kind==DSN_FAILED && p->zMessageId[0]==0 ) fuzz_fail("a bounce with no Message-ID");
}

int LLVMFuzzerTestOneInput(const uint8_t *a, size_t n){
  dsn_read((const char*)a, n, 0, check_report, 0);
  dsn_read((const char*)a, n, 1, check_report, 0);
  return 0;
}
