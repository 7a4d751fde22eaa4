/* mem.h: allocation that never returns NULL (aborts on out of memory). */
#ifndef MANDATE_MEM_H
#define MANDATE_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);                 /* caller frees with free() */
void *xcalloc(size_t count, size_t n);   /* caller frees with free() */
void *xrealloc(void *p, size_t n);       /* caller frees with free() */
char *xstrdup(const char *z);            /* caller frees with free(); NULL in, NULL out */
char *xstrndup(const char *z, size_t n); /* caller frees with free() */

#endif
