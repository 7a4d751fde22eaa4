/* fuzz_form.c: libFuzzer harness for the urlencoded form parser
** (src/web/form.c). On any input the parser must not crash; whatever it
** accepts must hold at most FORM_MAX_FIELDS fields with non-empty names and
** valid UTF-8, and re-encoding those fields and parsing again must give the
** same fields back. Build and run with fuzz/run.sh (needs src/web/form.c
** in its SRC). */
#include "../src/web/form.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stop the run with a message: libFuzzer records the input as a crash. */
static void fuzz_fail(const char *zWhat){
  fprintf(stderr, "fuzz_form: %s\n", zWhat);
  abort();
}

/* Percent-encode z onto the end of zOut (which has room), as a browser
** would: unreserved bytes as they are, space as '+', the rest as %XX. */
static char *fuzz_encode(char *zOut, const char *z){
  static const char zHex[] = "0123456789ABCDEF";
  for(; *z; z++){
    unsigned char c = (unsigned char)*z;
    if( (c>='A' && c<='Z') || (c>='a' && c<='z') || (c>='0' && c<='9')
        || c=='-' || c=='.' || c=='_' || c=='~' ){
      *zOut++ = (char)c;
    }else if( c==' ' ){
      *zOut++ = '+';
    }else{
      *zOut++ = '%'; *zOut++ = zHex[c>>4]; *zOut++ = zHex[c&15];
    }
  }
  return zOut;
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  Form form = {0, 0};
  Form again = {0, 0};
  const char *zWhy = 0;
  char *zCopy = malloc(nData ? nData : 1);   /* exact size: ASan sees overreads */
  if( zCopy==0 ) abort();
  if( nData ) memcpy(zCopy, aData, nData);

  /* form_decode never grows its input, and never returns a NUL inside. */
  char *zDec = form_decode(zCopy, nData, 1);
  if( zDec && strlen(zDec)>nData ) fuzz_fail("decode grew");
  free(zDec);
  (void)form_utf8_ok(zCopy, nData);

  if( form_parse(zCopy, nData, &form, &zWhy)!=0 ){
    if( zWhy==0 ) fuzz_fail("refused without a reason");
    if( form.n!=0 || form.a!=0 ) fuzz_fail("refused but kept fields");
    free(zCopy);
    return 0;
  }
  if( form.n>FORM_MAX_FIELDS ) fuzz_fail("too many fields");
  size_t nEnc = 1;
  for(int i=0; i<form.n; i++){
    const char *zN = form.a[i].zName, *zV = form.a[i].zValue;
    if( zN==0 || zV==0 || zN[0]==0 ) fuzz_fail("empty name or NULL field");
    if( !form_utf8_ok(zN, strlen(zN)) || !form_utf8_ok(zV, strlen(zV)) ){
      fuzz_fail("accepted invalid UTF-8");
    }
    if( form_get(&form, zN)==0 ) fuzz_fail("form_get misses a field");
    nEnc += 3*(strlen(zN)+strlen(zV)) + 2;
  }

  /* Round trip */
  char *zEnc = malloc(nEnc);
  if( zEnc==0 ) abort();
  char *z = zEnc;
  for(int i=0; i<form.n; i++){
    if( i ) *z++ = '&';
    z = fuzz_encode(z, form.a[i].zName);
    *z++ = '=';
    z = fuzz_encode(z, form.a[i].zValue);
  }
  *z = 0;
  if( form_parse(zEnc, (size_t)(z-zEnc), &again, &zWhy)!=0 ) fuzz_fail("re-encoded form refused");
  if( again.n!=form.n ) fuzz_fail("round trip changed the field count");
  for(int i=0; i<form.n; i++){
    if( strcmp(again.a[i].zName, form.a[i].zName) || strcmp(again.a[i].zValue, form.a[i].zValue) ){
      fuzz_fail("round trip changed a field");
    }
  }
  form_clear(&again);
  form_clear(&form);
  free(zEnc);
  free(zCopy);
  return 0;
}
