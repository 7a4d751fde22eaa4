/* fuzz_normalize.c: libFuzzer harness for the contact-data normalisers
** (src/util/normalize.c). Each normaliser runs on arbitrary text; whatever
** it accepts, normalising the output again must give the same output. The
** date functions must round-trip too. Build and run with fuzz/run.sh. */
#include "../src/util/normalize.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*NormFn)(const char*, char*, const char**);

/* Stop the run with a message: libFuzzer records the input as a crash. */
static void fuzz_fail(const char *zName, const char *zWhat, const char *zVal){
  fprintf(stderr, "fuzz_normalize: %s: %s: \"%s\"\n", zName, zWhat, zVal);
  abort();
}

/* Run xNorm on zIn and check what it promises. */
static void check_norm(const char *zName, NormFn xNorm, const char *zIn){
  char *zOut = malloc(NORM_MAX);     /* heap, so ASan sees any overrun */
  char *zAgain = malloc(NORM_MAX);
  const char *zWhy = 0;
  if( zOut==0 || zAgain==0 ) abort();
  if( xNorm(zIn, zOut, &zWhy)==0 ){
    if( strlen(zOut)>=NORM_MAX ) fuzz_fail(zName, "output too long", zIn);
    zWhy = 0;
    if( xNorm(zOut, zAgain, &zWhy)!=0 ) fuzz_fail(zName, "output refused", zOut);
    if( strcmp(zOut, zAgain)!=0 ) fuzz_fail(zName, "not idempotent", zOut);
    if( xNorm(zAgain, zAgain, &zWhy)!=0 || strcmp(zOut, zAgain)!=0 ){
      fuzz_fail(zName, "differs when output is input", zOut);
    }
    if( xNorm==norm_date ){
      char zIso[11];
      long nDays = date_to_days(zOut);
      date_from_days(nDays, zIso);
      if( strcmp(zIso, zOut)!=0 ) fuzz_fail(zName, "date round trip", zOut);
    }
  }else if( zWhy==0 || zWhy[0]==0 ){
    fuzz_fail(zName, "refused without saying why", zIn);
  }
  free(zOut);
  free(zAgain);
}

/*
** libFuzzer entry point: aData as a NUL-terminated string through every
** normaliser, and its first bytes as a day count through date_from_days().
*/
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  char *zIn = malloc(nData + 1);
  if( zIn==0 ) return 0;
  memcpy(zIn, aData, nData);
  zIn[nData] = 0;
  check_norm("norm_email", norm_email, zIn);
  check_norm("norm_uk_mobile", norm_uk_mobile, zIn);
  check_norm("norm_postcode", norm_postcode, zIn);
  check_norm("norm_date", norm_date, zIn);

  long nDays = date_to_days(zIn);
  if( nDays!=-1 ){
    char zIso[11];
    date_from_days(nDays, zIso);
    if( strcmp(zIso, zIn)!=0 ) fuzz_fail("date_to_days", "round trip", zIn);
  }
  if( nData>=sizeof(long) ){
    char zIso[11];
    long nAny;
    memcpy(&nAny, aData, sizeof nAny);
    date_from_days(nAny, zIso);
    if( strlen(zIso)!=10 ) fuzz_fail("date_from_days", "not 10 bytes", zIso);
    long nBack = date_to_days(zIso);
    if( nAny>=-719162 && nAny<=2932896 ? nBack!=nAny
                                       : (nBack==-1 || nBack==nAny) ){
      fuzz_fail("date_from_days", "round trip", zIso);   /* or not clamped */
    }
  }
  free(zIn);
  return 0;
}
