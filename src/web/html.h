/* html.h: the escape-by-default HTML writer and the page layout.
** Every %s (and %c) given to html_printf() is HTML-escaped; the only way to
** write markup unescaped is html_raw(), so `grep html_raw` finds every
** place that trusts its input. */
#ifndef MANDATE_HTML_H
#define MANDATE_HTML_H
#include "http.h"
#include "../util/escape.h"

/* Append to the response body. Conversions are printf's (type-checked by
** the compiler); %s and %c arguments are HTML-escaped (safe in text and in
** double-quoted attribute values); a NULL %s prints nothing. %n is refused. */
void html_printf(Req *req, const char *zFmt, ...) __attribute__((format(printf,2,3)));

/* Append trusted markup exactly as given. Never pass it data. */
void html_raw(Req *req, const char *zMarkup);

/* Append z escaped for element text. */
void html_text(Req *req, const char *z);

/* Append z escaped for a double-quoted attribute value. */
void html_attr(Req *req, const char *z);

/* Escape z for HTML text or a quoted attribute, appending to pOut.
** Escapes & < > " ' and replaces control characters other than tab,
** newline and carriage return with U+FFFD. */

/* Percent-encode z as one URL component (path segment or query value),
** appending to pOut: everything but A-Z a-z 0-9 - . _ ~ becomes %XX. */
void url_escape(Buf *pOut, const char *z);

/* z percent-encoded as a URL component, as a string owned by the request.
** Use inside html_printf: html_printf(req, "<a href=\"/members?q=%s\">",
** html_url(req, zQuery)); the result needs no further escaping but
** html_printf escaping it again is harmless. */
const char *html_url(Req *req, const char *z);

/* The page layout: doctype, head (title, viewport, stylesheet), the header
** with the user, their role and scope, the nav, and the opening of <main>.
** zTitle is escaped. Sets the content type to HTML. */
void html_begin(Req *req, const char *zTitle);

/* Close <main> and the document. */
void html_end(Req *req);

/* A role name for people: "branch_secretary" -> "Branch secretary". */
const char *html_role_name(const char *zRole);

#endif
