/* escape.c: HTML escaping into a Buf (escape.h). */
#include "escape.h"
#include <stdarg.h>
#include <stddef.h>

/*
** Escape z for HTML text and quoted attributes.
*/
void html_escape(Buf *pOut, const char *z){
  if( z==0 ) return;
  const char *zStart = z;
  for(; *z; z++){
    const char *zRep = 0;
    switch( *z ){
      case '&':  zRep = "&amp;"; break;
      case '<':  zRep = "&lt;"; break;
      case '>':  zRep = "&gt;"; break;
      case '"':  zRep = "&quot;"; break;
      case '\'': zRep = "&#39;"; break;
      case '\t': case '\n': case '\r': break;
      default:
        if( (unsigned char)*z<0x20 || *z==0x7f ) zRep = "\xEF\xBF\xBD";
        break;
    }
    if( zRep ){
      buf_append(pOut, zStart, (size_t)(z-zStart));
      buf_puts(pOut, zRep);
      zStart = z+1;
    }
  }
  buf_append(pOut, zStart, (size_t)(z-zStart));
}

void html_escapef(Buf *pOut, const char *zFmt, ...){
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&b, zFmt, ap);
  va_end(ap);
  html_escape(pOut, buf_str(&b));
  buf_reset(&b);
}
