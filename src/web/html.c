/* html.c: the escape-by-default HTML writer and the page layout shared by
** every HTML page: header with the user and their scope, nav, footer. */
#include "html.h"
#include "../domain/users.h"
#include "../util/mem.h"
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

/*
** Percent-encode one URL component.
*/
void url_escape(Buf *pOut, const char *z){
  static const char zHex[] = "0123456789ABCDEF";
  if( z==0 ) return;
  for(; *z; z++){
    unsigned char c = (unsigned char)*z;
    if( (c>='A' && c<='Z') || (c>='a' && c<='z') || (c>='0' && c<='9')
        || c=='-' || c=='.' || c=='_' || c=='~' ){
      buf_putc(pOut, (char)c);
    }else{
      char a[3] = { '%', zHex[c>>4], zHex[c&15] };
      buf_append(pOut, a, 3);
    }
  }
}

/*
** A request-owned percent-encoded copy of z.
*/
const char *html_url(Req *req, const char *z){
  Buf b = BUF_INIT;
  url_escape(&b, z);
  char *zOut = req_strdup(req, buf_str(&b));
  buf_reset(&b);
  return zOut;
}

/*
** Trusted markup, unescaped. Every call site must pass only constant text
** or markup built by our own escaping writers.
*/
void html_raw(Req *req, const char *zMarkup){
  buf_puts(&req->out, zMarkup);
}

/*
** Escaped text.
*/
void html_text(Req *req, const char *z){ html_escape(&req->out, z); }

/*
** Escaped attribute value (the same escaping: quotes are escaped too).
*/
void html_attr(Req *req, const char *z){ html_escape(&req->out, z); }

/* Format one non-string conversion with printf itself. zSpec is a single
** conversion specification cut from a format the compiler already
** checked against the arguments. */
static void html_fmt_one(Buf *b, const char *zSpec, ...)
  __attribute__((format(printf,2,3)));
static void html_fmt_one(Buf *b, const char *zSpec, ...){
  va_list ap;
  va_start(ap, zSpec);
  buf_vprintf(b, zSpec, ap);
  va_end(ap);
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
/* The printf walker behind html_printf(): copies literal text, escapes %s
** and %c, hands every other conversion (with its flags, width, precision
** and length) to printf with an argument of the right type. */
static void html_vprintf(Req *req, const char *zFmt, va_list ap){
  Buf *b = &req->out;
  while( *zFmt ){
    const char *zPct = strchr(zFmt, '%');
    if( zPct==0 ){ buf_puts(b, zFmt); return; }
    buf_append(b, zFmt, (size_t)(zPct-zFmt));
    const char *z = zPct+1;
    char zSpec[32];
    int hasWidth = 0, hasPrec = 0, width = 0, prec = -1;
    while( *z && strchr("-+ #0", *z) ) z++;
    if( *z=='*' ){ hasWidth = 1; width = va_arg(ap, int); z++; }
    else while( *z>='0' && *z<='9' ) z++;
    if( *z=='.' ){
      z++;
      if( *z=='*' ){ hasPrec = 1; prec = va_arg(ap, int); z++; }
      else{ prec = 0; while( *z>='0' && *z<='9' ){ prec = prec*10 + (*z-'0'); z++; } }
    }
    int nLong = 0;       /* 1 l, 2 ll, 'h', 'H' hh, 'j', 'z', 't', 'L' */
    if( z[0]=='l' && z[1]=='l' ){ nLong = 2; z += 2; }
    else if( z[0]=='h' && z[1]=='h' ){ nLong = 'H'; z += 2; }
    else if( *z=='l' ){ nLong = 1; z++; }
    else if( *z && strchr("hjztL", *z) ){ nLong = *z; z++; }
    char conv = *z;
    if( conv==0 ) return;                         /* a lone % at the end */
    size_t nSpec = (size_t)(z+1-zPct);
    if( nSpec>=sizeof zSpec ) nSpec = sizeof zSpec - 1;
    memcpy(zSpec, zPct, nSpec);
    zSpec[nSpec] = 0;
    zFmt = z+1;
    switch( conv ){
      case '%': buf_putc(b, '%'); break;
      case 's': {
        const char *zArg = va_arg(ap, const char*);
        if( zArg==0 ) break;
        if( prec>=0 ){
          char *zCut = xstrndup(zArg, (size_t)prec);
          html_escape(b, zCut);
          free(zCut);
        }else{
          html_escape(b, zArg);
        }
        (void)hasWidth; (void)width;              /* widths are ignored for %s */
        break;
      }
      case 'c': {
        char zC[2] = { (char)va_arg(ap, int), 0 };
        html_escape(b, zC);
        break;
      }
      case 'd': case 'i': {
        if( nLong==2 ){ long long v = va_arg(ap, long long);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }else if( nLong==1 ){ long v = va_arg(ap, long);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }else if( nLong=='j' ){ intmax_t v = va_arg(ap, intmax_t);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }else if( nLong=='z' || nLong=='t' ){ ptrdiff_t v = va_arg(ap, ptrdiff_t);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }else{ int v = va_arg(ap, int);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }
        break;
      }
      case 'u': case 'o': case 'x': case 'X': {
        if( nLong==2 ){ unsigned long long v = va_arg(ap, unsigned long long);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }else if( nLong==1 ){ unsigned long v = va_arg(ap, unsigned long);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }else if( nLong=='j' ){ uintmax_t v = va_arg(ap, uintmax_t);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }else if( nLong=='z' || nLong=='t' ){ size_t v = va_arg(ap, size_t);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }else{ unsigned v = va_arg(ap, unsigned);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }
        break;
      }
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
        if( nLong=='L' ){ long double v = va_arg(ap, long double);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }else{ double v = va_arg(ap, double);
          if( hasWidth && hasPrec ) html_fmt_one(b, zSpec, width, prec, v);
          else if( hasWidth || hasPrec ) html_fmt_one(b, zSpec, hasWidth?width:prec, v);
          else html_fmt_one(b, zSpec, v);
        }
        break;
      }
      case 'p': {
        void *v = va_arg(ap, void*);
        html_fmt_one(b, "%p", v);
        break;
      }
      case 'n':                                  /* never write through %n */
        (void)va_arg(ap, void*);
        break;
      default:
        break;                                   /* unknown: print nothing */
    }
  }
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/*
** Formatted, escaped output to the response body.
*/
void html_printf(Req *req, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  html_vprintf(req, zFmt, ap);
  va_end(ap);
}

/*
** Role names as people say them.
*/
const char *html_role_name(const char *zRole){
  if( strcmp(zRole, ROLE_NATIONAL_OFFICER)==0 ) return "National officer";
  if( strcmp(zRole, ROLE_BRANCH_SECRETARY)==0 ) return "Branch secretary";
  if( strcmp(zRole, ROLE_REP)==0 ) return "Workplace rep";
  return zRole;
}

/*
** The top of every page.
*/
void html_begin(Req *req, const char *zTitle){
  req->zContentType = "text/html; charset=utf-8";
  html_printf(req,
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>%s \xE2\x80\x94 mandate</title>\n"
    "<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n"
    "<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
    "<header class=\"top\">\n<p class=\"brand\"><a href=\"/\">mandate</a></p>\n",
    zTitle);
  if( req->hasUser ){
    html_printf(req,
      "<p class=\"who\">%s \xC2\xB7 %s \xC2\xB7 %s</p>\n"
      "<nav aria-label=\"Main\"><ul>\n"
      "<li><a href=\"/readiness\">Readiness</a></li>\n"
      "<li><a href=\"/members\">Members</a></li>\n"
      "<li><a href=\"/disputes\">Disputes</a></li>\n"
      "<li><a href=\"/ballots\">Ballots</a></li>\n"
      "<li><a href=\"/pledges\">Pledges</a></li>\n",
      req->user.zUsername, html_role_name(req->user.zRole), req->scope.zName);
    /* action scenarios are for officers and branch secretaries */
    if( strcmp(req->user.zRole, ROLE_REP)!=0 ) html_raw(req, "<li><a href=\"/action\">Action</a></li>\n");
    html_printf(req,
      "<li><form method=\"post\" action=\"/logout\">"
      "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
      "<button type=\"submit\">Log out</button></form></li>\n"
      "</ul></nav>\n", req->zCsrf);
  }
  html_raw(req, "</header>\n<main id=\"main\">\n");
}

/*
** The bottom of every page.
*/
void html_end(Req *req){
  html_raw(req, "</main>\n<footer><p>mandate \xE2\x80\x94 member data is "
                "confidential: do not share screenshots.</p></footer>\n"
                "</body>\n</html>\n");
}
