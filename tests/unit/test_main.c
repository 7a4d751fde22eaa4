/* test_main.c: runs every registered unit test (or those whose name contains
** argv[1]) and prints "N passed, N failed". */
#include "test.h"
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_TESTS 1000
static struct { const char *zName; TestFn fn; } aTest[MAX_TESTS];
static int nTest;
static int nFailHere;          /* failures in the running test */
static char zTmp[256];

void test_register(const char *zName, TestFn fn){
  if( nTest<MAX_TESTS ){ aTest[nTest].zName = zName; aTest[nTest].fn = fn; nTest++; }
}

void test_fail(const char *zFile, int line, const char *zFmt, ...){
  va_list ap;
  fprintf(stdout, "    %s:%d: ", zFile, line);
  va_start(ap, zFmt);
  vfprintf(stdout, zFmt, ap);
  va_end(ap);
  fputc('\n', stdout);
  nFailHere++;
}

const char *test_tmpdir(void){ return zTmp; }

int main(int argc, char **argv){
  int nPass = 0, nFail = 0;
  const char *zBase = getenv("TMPDIR");
  snprintf(zTmp, sizeof zTmp, "%s/mandate-unit-XXXXXX", zBase ? zBase : "/tmp");
  if( mkdtemp(zTmp)==0 ){ perror("mkdtemp"); return 1; }
  for(int i=0; i<nTest; i++){
    if( argc>1 && strstr(aTest[i].zName, argv[1])==0 ) continue;
    nFailHere = 0;
    aTest[i].fn();
    if( nFailHere ){ nFail++; printf("FAIL %s\n", aTest[i].zName); }
    else { nPass++; printf("ok   %s\n", aTest[i].zName); }
    fflush(stdout);
  }
  char zCmd[300];
  snprintf(zCmd, sizeof zCmd, "rm -rf '%s'", zTmp);
  if( system(zCmd) ){ /* leaving a temp dir behind is harmless */ }
  printf("%d passed, %d failed\n", nPass, nFail);
  return nFail ? 1 : 0;
}
