/* form.c: parse application/x-www-form-urlencoded request bodies.
** Hand-written and small, so it is fuzzed: fuzz/fuzz_form.c. */
#include "form.h"
#include "../util/mem.h"
#include <stdlib.h>
#include <string.h>

/* The value of hex digit c, or -1. */
static int form_hexval(char c){
  if( c>='0' && c<='9' ) return c-'0';
  if( c>='a' && c<='f' ) return c-'a'+10;
  if( c>='A' && c<='F' ) return c-'A'+10;
  return -1;
}

/*
** Percent-decode z[0..n-1]. The result is never longer than the input.
** Returns a new string (caller frees) or NULL on a bad escape or a NUL.
*/
char *form_decode(const char *z, size_t n, int plusIsSpace){
  char *zOut = xmalloc(n+1);
  size_t j = 0;
  for(size_t i=0; i<n; i++){
    char c = z[i];
    if( c=='%' ){
      int hi, lo;
      if( i+2>=n ){ free(zOut); return 0; }
      hi = form_hexval(z[i+1]);
      lo = form_hexval(z[i+2]);
      if( hi<0 || lo<0 ){ free(zOut); return 0; }
      c = (char)(hi*16+lo);
      i += 2;
    }else if( c=='+' && plusIsSpace ){
      c = ' ';
    }
    if( c==0 ){ free(zOut); return 0; }
    zOut[j++] = c;
  }
  zOut[j] = 0;
  return zOut;
}

/*
** Check UTF-8: shortest form only, no UTF-16 surrogates, at most U+10FFFF.
*/
int form_utf8_ok(const char *zIn, size_t n){
  const unsigned char *z = (const unsigned char*)zIn;
  size_t i = 0;
  while( i<n ){
    unsigned c = z[i];
    if( c<0x80 ){ i++; continue; }
    int nMore;
    unsigned cp, min;
    if( c>=0xC2 && c<=0xDF ){ nMore = 1; cp = c & 0x1F; min = 0x80; }
    else if( c>=0xE0 && c<=0xEF ){ nMore = 2; cp = c & 0x0F; min = 0x800; }
    else if( c>=0xF0 && c<=0xF4 ){ nMore = 3; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if( n-i <= (size_t)nMore ) return 0;
    for(int k=1; k<=nMore; k++){
      unsigned cc = z[i+k];
      if( (cc & 0xC0)!=0x80 ) return 0;
      cp = (cp<<6) | (cc & 0x3F);
    }
    if( cp<min || cp>0x10FFFF || (cp>=0xD800 && cp<=0xDFFF) ) return 0;
    i += (size_t)nMore + 1;
  }
  return 1;
}

/*
** Parse a whole body into fields. Empty pieces ("a=1&&b=2", a trailing
** '&') are skipped, as browsers never send them but tools sometimes do.
*/
int form_parse(const char *z, size_t n, Form *pForm, const char **pzWhy){
  size_t i = 0;
  *pzWhy = 0;
  while( i<n ){
    size_t iEnd = i;
    while( iEnd<n && z[iEnd]!='&' ) iEnd++;
    if( iEnd>i ){
      size_t iEq = i;
      while( iEq<iEnd && z[iEq]!='=' ) iEq++;
      if( iEq==i ){ *pzWhy = "a form field has no name"; goto fail; }
      if( pForm->n>=FORM_MAX_FIELDS ){ *pzWhy = "too many form fields"; goto fail; }
      char *zName = form_decode(z+i, iEq-i, 1);
      char *zValue = iEq<iEnd ? form_decode(z+iEq+1, iEnd-iEq-1, 1) : xstrdup("");
      if( zName==0 || zValue==0 ){
        free(zName); free(zValue);
        *pzWhy = "a form field has a malformed %-escape or a NUL byte";
        goto fail;
      }
      if( !form_utf8_ok(zName, strlen(zName)) || !form_utf8_ok(zValue, strlen(zValue)) ){
        free(zName); free(zValue);
        *pzWhy = "a form field is not valid UTF-8";
        goto fail;
      }
      if( pForm->n==0 ) pForm->a = xmalloc(sizeof(FormField)*FORM_MAX_FIELDS);
      pForm->a[pForm->n].zName = zName;
      pForm->a[pForm->n].zValue = zValue;
      pForm->n++;
    }
    i = iEnd+1;
  }
  return 0;
fail:
  form_clear(pForm);
  return -1;
}

/*
** Look a field up by exact name; the first occurrence wins.
*/
const char *form_get(const Form *pForm, const char *zName){
  for(int i=0; i<pForm->n; i++){
    if( strcmp(pForm->a[i].zName, zName)==0 ) return pForm->a[i].zValue;
  }
  return 0;
}

/*
** Free every field.
*/
void form_clear(Form *pForm){
  for(int i=0; i<pForm->n; i++){
    free(pForm->a[i].zName);
    free(pForm->a[i].zValue);
  }
  free(pForm->a);
  pForm->a = 0;
  pForm->n = 0;
}
