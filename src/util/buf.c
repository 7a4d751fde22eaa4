/* buf.c: a growable byte buffer, always NUL-terminated. */
#include "buf.h"
#include "mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void buf_reserve(Buf *b, size_t nMore){
  size_t need = b->n + nMore + 1;
  if( need <= b->nAlloc ) return;
  size_t nNew = b->nAlloc ? b->nAlloc*2 : 64;
  while( nNew < need ) nNew *= 2;
  b->z = xrealloc(b->z, nNew);
  b->nAlloc = nNew;
}

void buf_append(Buf *b, const void *p, size_t n){
  buf_reserve(b, n);
  if( n ) memcpy(b->z + b->n, p, n);
  b->n += n;
  b->z[b->n] = 0;
}

void buf_puts(Buf *b, const char *z){ buf_append(b, z, strlen(z)); }

void buf_putc(Buf *b, char c){ buf_append(b, &c, 1); }

void buf_vprintf(Buf *b, const char *zFmt, va_list ap){
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(0, 0, zFmt, ap2);
  va_end(ap2);
  if( n<0 ) return;
  buf_reserve(b, (size_t)n);
  vsnprintf(b->z + b->n, (size_t)n + 1, zFmt, ap);
  b->n += (size_t)n;
}

void buf_printf(Buf *b, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(b, zFmt, ap);
  va_end(ap);
}

const char *buf_str(const Buf *b){ return b->z ? b->z : ""; }

char *buf_steal(Buf *b){
  char *z = b->z ? b->z : xstrdup("");
  b->z = 0; b->n = 0; b->nAlloc = 0;
  return z;
}

void buf_reset(Buf *b){
  free(b->z);
  b->z = 0; b->n = 0; b->nAlloc = 0;
}

void buf_truncate(Buf *b, size_t n){
  if( n < b->n ){ b->n = n; b->z[n] = 0; }
}

int buf_error(char **pzErr, const char *zFmt, ...){
  if( pzErr ){
    Buf b = BUF_INIT;
    va_list ap;
    va_start(ap, zFmt);
    buf_vprintf(&b, zFmt, ap);
    va_end(ap);
    *pzErr = buf_steal(&b);
  }
  return -1;
}
