/* buf.h: a growable byte buffer, always NUL-terminated (like Fossil's Blob). */
#ifndef MANDATE_BUF_H
#define MANDATE_BUF_H
#include <stddef.h>
#include <stdarg.h>

typedef struct Buf Buf;
struct Buf {
  char *z;        /* owned; NUL-terminated; NULL until first append */
  size_t n;       /* bytes used, not counting the NUL */
  size_t nAlloc;  /* bytes allocated */
};

#define BUF_INIT {0,0,0}

void buf_append(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *z);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *zFmt, ...) __attribute__((format(printf,2,3)));
void buf_vprintf(Buf *b, const char *zFmt, va_list ap);
const char *buf_str(const Buf *b);   /* "" when empty; borrowed */
char *buf_steal(Buf *b);             /* caller frees with free(); b is reset */
void buf_reset(Buf *b);              /* frees the contents */
void buf_truncate(Buf *b, size_t n); /* keep the first n bytes */

/* For functions that report an error as a malloc'd message: set *pzErr
** (when not NULL) to the formatted message and return -1, so that a
** caller can write: return buf_error(pzErr, "no unit %s", zCode); */
int buf_error(char **pzErr, const char *zFmt, ...) __attribute__((format(printf,2,3)));

#endif
