/* reply.c: building responses without knowing the HTTP library: headers,
** cookies, redirects, JSON, the one error path (http_error), the headers
** every response carries, and the request's own allocations. */
#include "http.h"
#include "html.h"
#include "../util/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/*
** Add one response header (copied). Past REQ_MAX_HEADER it is a bug in
** our code, not input, so it aborts.
*/
void http_set_header(Req *req, const char *zName, const char *zValue){
  if( req->nHeader>=REQ_MAX_HEADER ){
    fprintf(stderr, "mandate: internal error: too many response headers\n");
    abort();
  }
  req->aHeader[req->nHeader].zName = xstrdup(zName);
  req->aHeader[req->nHeader].zValue = xstrdup(zValue);
  req->nHeader++;
}

/*
** Set a cookie. Always Secure: browsers accept Secure cookies over plain
** http from localhost and 127.0.0.1 (Chromium and Firefox treat loopback
** as a secure context; curl does too), and anywhere else mandate must sit
** behind a TLS proxy, where the browser sees https. A deployment serving
** plain http on a LAN address will find logins do not stick: that is
** deliberate, as session cookies must not cross a network in the clear.
*/
void http_set_cookie(Req *req, const char *zName, const char *zValue, int maxAge){
  Buf b = BUF_INIT;
  buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Secure", zName, zValue);
  if( maxAge>=0 ) buf_printf(&b, "; Max-Age=%d", maxAge);
  http_set_header(req, "Set-Cookie", buf_str(&b));
  buf_reset(&b);
}

/* A short title for a status code. */
static const char *http_status_title(int status){
  switch( status ){
    case 400: return "Bad request";
    case 401: return "Please log in";
    case 403: return "Not allowed";
    case 404: return "Not found";
    case 405: return "Method not allowed";
    case 413: return "Request too large";
    case 415: return "Unsupported content type";
    case 429: return "Too many attempts";
    case 503: return "Service unavailable";
    default:  return status>=500 ? "Server error" : "Error";
  }
}

/*
** The one error path: throw away whatever the handler wrote and answer
** with the status and the message, as JSON ({"error":..., "status":...})
** on API routes and as a page otherwise.
*/
void http_error(Req *req, int status, const char *zFmt, ...){
  Buf msg = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&msg, zFmt, ap);
  va_end(ap);
  buf_reset(&req->out);
  if( req->outFd>0 ){ close(req->outFd); req->outFd = 0; }
  req->status = status;
  if( req->isApi ){
    json_t *p = json_pack("{s:s, s:i}", "error", buf_str(&msg), "status", status);
    req->zContentType = "application/json";
    char *z = p ? json_dumps(p, JSON_COMPACT) : 0;
    buf_puts(&req->out, z ? z : "{\"error\":\"error\"}");
    buf_putc(&req->out, '\n');
    free(z);
    json_decref(p);
  }else{
    const char *zTitle = http_status_title(status);
    if( msg.n && msg.z[0]>='a' && msg.z[0]<='z' ) msg.z[0] = (char)(msg.z[0]-'a'+'A');
    html_begin(req, zTitle);
    html_printf(req, "<h1>%s</h1>\n<p class=\"error\">%s</p>\n", zTitle, buf_str(&msg));
    if( status==401 || (status==403 && !req->hasUser) ){
      html_raw(req, "<p><a href=\"/login\">Log in</a></p>\n");
    }else if( req->hasUser ){
      html_raw(req, "<p><a href=\"/readiness\">Back to readiness</a></p>\n");
    }
    html_end(req);
  }
  buf_reset(&msg);
}

/*
** 303 See Other: after a POST, the browser GETs the new location.
*/
void http_redirect(Req *req, const char *zLocation){
  buf_reset(&req->out);
  req->status = 303;
  req->zContentType = "text/plain; charset=utf-8";
  http_set_header(req, "Location", zLocation);
  buf_puts(&req->out, "See Other\n");
}

/*
** A JSON answer. Members' data is UTF-8 already (the import checks it).
*/
void http_json(Req *req, int status, json_t *pJson){
  buf_reset(&req->out);
  req->status = status;
  req->zContentType = "application/json";
  char *z = pJson ? json_dumps(pJson, JSON_COMPACT|JSON_REAL_PRECISION(15)) : 0;
  json_decref(pJson);
  if( z==0 ){
    http_error(req, 500, "cannot encode the answer as JSON");
    return;
  }
  buf_puts(&req->out, z);
  buf_putc(&req->out, '\n');
  free(z);
}

/* True if the handler already set header zName (case-insensitive). */
static int req_has_header(const Req *req, const char *zName){
  for(int i=0; i<req->nHeader; i++){
    if( strcasecmp(req->aHeader[i].zName, zName)==0 ) return 1;
  }
  return 0;
}

/*
** Headers on every response. Pages show member data, so nothing is
** cached except the static assets. A handler may set its own
** Content-Security-Policy (the vote page adds 'wasm-unsafe-eval'),
** Referrer-Policy (the pledge page sends none) or Cache-Control
** (versioned scripts are immutable); otherwise these apply.
*/
void http_finish(Req *req){
  if( req->zContentType==0 ) req->zContentType = "text/plain; charset=utf-8";
  if( !req_has_header(req, "Content-Security-Policy") ){
    http_set_header(req, "Content-Security-Policy",
                    "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
  }
  http_set_header(req, "X-Content-Type-Options", "nosniff");
  if( !req_has_header(req, "Referrer-Policy") ) http_set_header(req, "Referrer-Policy", "same-origin");
  if( !req_has_header(req, "Cache-Control") ){
    http_set_header(req, "Cache-Control", req->cacheable ? "public, max-age=3600" : "no-store");
  }
}

/*
** Request-owned strings.
*/
char *req_strdup(Req *req, const char *z){
  if( z==0 ) return 0;
  req->azTmp = xrealloc(req->azTmp, sizeof(char*)*(size_t)(req->nTmp+1));
  req->azTmp[req->nTmp] = xstrdup(z);
  return req->azTmp[req->nTmp++];
}
char *req_mprintf(Req *req, const char *zFmt, ...){
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&b, zFmt, ap);
  va_end(ap);
  req->azTmp = xrealloc(req->azTmp, sizeof(char*)*(size_t)(req->nTmp+1));
  req->azTmp[req->nTmp] = buf_steal(&b);
  return req->azTmp[req->nTmp++];
}

/*
** Free the request and everything it owns.
*/
int http_send_file(Req *req, const char *zPath, const char *zContentType){
  struct stat st;
  int fd = open(zPath, O_RDONLY|O_CLOEXEC);
  if( fd<0 ) return -1;
  if( fstat(fd, &st) || !S_ISREG(st.st_mode) ){ close(fd); return -1; }
  if( req->outFd>0 ) close(req->outFd);
  buf_reset(&req->out);
  req->outFd = fd;
  req->outSize = (uint64_t)st.st_size;
  req->status = 200;
  req->zContentType = zContentType;
  return 0;
}

void req_free(Req *req){
  if( req==0 ) return;
  free(req->zPath);
  buf_reset(&req->body);
  buf_reset(&req->out);
  if( req->outFd>0 ) close(req->outFd);
  form_clear(&req->form);
  for(int i=0; i<REQ_MAX_CAPTURE; i++) free(req->azCapture[i]);
  for(int i=0; i<req->nHeader; i++){
    free(req->aHeader[i].zName);
    free(req->aHeader[i].zValue);
  }
  for(int i=0; i<req->nTmp; i++) free(req->azTmp[i]);
  free(req->azTmp);
  free(req);
}
