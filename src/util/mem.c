/* mem.c: allocation that never returns NULL.
** Like Fossil's fossil_malloc and Redis' zmalloc: running out of memory is not
** an error a caller can do anything useful with, so we stop at once. */
#include "mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void){
  fputs("mandate: out of memory\n", stderr);
  abort();
}

void *xmalloc(size_t n){
  void *p = malloc(n ? n : 1);
  if( p==0 ) out_of_memory();
  return p;
}

void *xcalloc(size_t count, size_t n){
  void *p = calloc(count ? count : 1, n ? n : 1);
  if( p==0 ) out_of_memory();
  return p;
}

void *xrealloc(void *p, size_t n){
  p = realloc(p, n ? n : 1);
  if( p==0 ) out_of_memory();
  return p;
}

char *xstrdup(const char *z){
  if( z==0 ) return 0;
  return xstrndup(z, strlen(z));
}

char *xstrndup(const char *z, size_t n){
  char *p = xmalloc(n+1);
  memcpy(p, z, n);
  p[n] = 0;
  return p;
}
