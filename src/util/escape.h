/* escape.h: HTML escaping into a Buf, for every writer of HTML: the web
** pages (src/web/html.c builds on it) and the printable documents the
** domain drafts (notices, the pledge letter). */
#ifndef MANDATE_ESCAPE_H
#define MANDATE_ESCAPE_H
#include "buf.h"

/* Append z escaped for HTML text and quoted attributes (& < > " '), with
** other control characters but tab and newlines replaced by U+FFFD. */
void html_escape(Buf *pOut, const char *z);
/* Format like printf, then append the whole result escaped. */
void html_escapef(Buf *pOut, const char *zFmt, ...) __attribute__((format(printf,2,3)));

#endif
