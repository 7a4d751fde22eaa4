/* gate.c: the one gate in front of every handler. In order: body size,
** route and method (404/405), database, session (303 to /login, or 401 on
** the API), content type and form parsing (415/400; an R_JSON body is the
** handler's to parse), CSRF (403), login
** rate limit (429), typed parameters (400); only then the handler. */
#include "gate.h"
#include "html.h"
#include "ratelimit.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Match zPath against zPattern. ":name" segments match one non-empty
** segment and are copied (decoded already) into azCap in order.
** Returns 1 on a match (caller frees the captures), 0 otherwise. */
static int gate_match(const char *zPattern, const char *zPath, char **azCap){
  int nCap = 0;
  const char *p = zPattern, *z = zPath;
  while( *p && *z ){
    if( *p==':' ){
      const char *zEnd = strchr(z, '/');
      size_t n = zEnd ? (size_t)(zEnd-z) : strlen(z);
      if( n==0 || nCap>=REQ_MAX_CAPTURE ) goto no;
      azCap[nCap++] = xstrndup(z, n);
      z += n;
      while( *p && *p!='/' ) p++;
    }else if( *p==*z ){
      p++; z++;
    }else{
      goto no;
    }
  }
  if( *p==0 && *z==0 ) return 1;
no:
  for(int i=0; i<nCap; i++){ free(azCap[i]); azCap[i] = 0; }
  return 0;
}

/*
** The body limit of the route zMethod zPath would match.
*/
size_t gate_max_body(Req *req, Db *db){
  char *azCap[REQ_MAX_CAPTURE] = {0};
  for(const Route *r=aRoute; r->zPattern; r++){
    if( strcmp(r->zMethod, req->zMethod)!=0 || !gate_match(r->zPattern, req->zPath, azCap) ) continue;
    for(int i=0; i<REQ_MAX_CAPTURE; i++) free(azCap[i]);
    if( !(r->flags & R_UPLOAD) ) return REQ_MAX_BODY;
    /* The large limit only for a national officer's live session: the body
    ** is read before the gate checks anything, so anyone else could make
    ** the server hold megabytes per connection. */
    const char *zTok = req_cookie(req, "mandate_session");
    User u;
    char zCsrf[SESSION_TOKEN_HEX];
    if( zTok==0 || db==0 || users_session_lookup(db, zTok, &u, zCsrf)!=0 ) return REQ_MAX_BODY;
    return strcmp(u.zRole, ROLE_NATIONAL_OFFICER)==0 ? REQ_MAX_UPLOAD : REQ_MAX_BODY;
  }
  return REQ_MAX_BODY;
}

/* The capture named zName in the matched route's pattern, or NULL. */
static const char *gate_capture(Req *req, const char *zName){
  const char *p = req->pRoute->zPattern;
  int i = 0;
  size_t n = strlen(zName);
  while( (p = strchr(p, ':'))!=0 ){
    p++;
    if( strncmp(p, zName, n)==0 && (p[n]==0 || p[n]=='/') ) return req->azCapture[i];
    i++;
  }
  return 0;
}

/* True if every byte of z is in the set allowed for codes and numbers,
** and its length is 1..nMax. */
static int gate_is_ident(const char *z, size_t nMax){
  size_t n = strlen(z);
  if( n==0 || n>nMax ) return 0;
  for(size_t i=0; i<n; i++){
    char c = z[i];
    if( !((c>='A' && c<='Z') || (c>='a' && c<='z') || (c>='0' && c<='9')
          || c=='_' || c=='.' || c=='-') ) return 0;
  }
  return 1;
}

/* Validate one parameter's raw value z (non-empty) into *pArg. Returns 0,
** or -1 after answering 400 with the reason. */
static int gate_param(Req *req, const Param *p, const char *z, ReqArg *pArg){
  size_t n = strlen(z);
  pArg->z = z;
  switch( p->kind ){
    case PK_TEXT:
    case PK_LINE: {
      if( !form_utf8_ok(z, n) ){
        http_error(req, 400, "%s is not valid UTF-8 text", p->zWhat);
        return -1;
      }
      for(size_t i=0; i<n; i++){
        unsigned char c = (unsigned char)z[i];
        int ok = c>=0x20 && c!=0x7f;
        if( !ok && p->kind==PK_TEXT && (c=='\n' || c=='\r' || c=='\t') ) ok = 1;
        if( !ok ){
          http_error(req, 400, "%s contains a control character", p->zWhat);
          return -1;
        }
      }
      if( (int64_t)n < p->min || (p->max>0 && (int64_t)n > p->max) ){
        http_error(req, 400, "%s must be %lld to %lld bytes long",
                   p->zWhat, (long long)p->min, (long long)p->max);
        return -1;
      }
      break;
    }
    case PK_INT: {
      int64_t v = 0;
      size_t i = 0;
      int neg = 0;
      if( z[0]=='-' ){ neg = 1; i = 1; }
      if( i>=n || n-i>15 ) goto bad_int;
      for(; i<n; i++){
        if( z[i]<'0' || z[i]>'9' ) goto bad_int;
        v = v*10 + (z[i]-'0');
      }
      if( neg ) v = -v;
      if( v<p->min || v>p->max ) goto bad_int;
      pArg->i = v;
      break;
bad_int:
      http_error(req, 400, "%s must be a whole number from %lld to %lld",
                 p->zWhat, (long long)p->min, (long long)p->max);
      return -1;
    }
    case PK_CODE:
      if( !gate_is_ident(z, 63) ){
        http_error(req, 400, "%s may hold only letters, digits, '_', '.' and '-' "
                   "(at most 63)", p->zWhat);
        return -1;
      }
      break;
    case PK_NUMBER:
      if( !gate_is_ident(z, 31) ){
        http_error(req, 400, "%s may hold only letters, digits, '_', '.' and '-' "
                   "(at most 31)", p->zWhat);
        return -1;
      }
      break;
    case PK_DATE: {
      char zOut[NORM_MAX];
      const char *zWhy = 0;
      if( n>32 || norm_date(z, zOut, &zWhy) ){
        http_error(req, 400, "%s must be a real date, YYYY-MM-DD%s%s", p->zWhat,
                   zWhy ? ": " : "", zWhy ? zWhy : "");
        return -1;
      }
      pArg->z = req_strdup(req, zOut);
      break;
    }
    case PK_TOKEN:
      for(size_t i=0; i<n; i++){
        char c = z[i];
        if( !((c>='A' && c<='Z') || (c>='a' && c<='z') || (c>='0' && c<='9')) || n>128 ){
          http_error(req, 400, "%s is malformed", p->zWhat);
          return -1;
        }
      }
      break;
  }
  pArg->present = 1;
  return 0;
}

/* Validate every declared parameter. 0, or -1 after answering 400. */
static int gate_params(Req *req){
  const Param *a = req->pRoute->aParam;
  for(int i=0; a && a[i].zName; i++){
    const char *z = 0;
    if( i>=REQ_MAX_ARGS ){
      fprintf(stderr, "mandate: internal error: route %s declares too many "
              "parameters\n", req->pRoute->zPattern);
      abort();
    }
    switch( a[i].source ){
      case P_PATH:  z = gate_capture(req, a[i].zName); break;
      case P_QUERY: z = req_query(req, a[i].zName); break;
      case P_FORM:  z = form_get(&req->form, a[i].zName); break;
    }
    if( z==0 || z[0]==0 ){
      if( a[i].required ){
        http_error(req, 400, "%s is required", a[i].zWhat);
        return -1;
      }
      continue;
    }
    if( gate_param(req, &a[i], z, &req->aArg[i]) ) return -1;
  }
  return 0;
}

/* Index of the declared parameter zName; aborts on a name the route does
** not declare (a bug in the handler, caught on its first run). */
static int gate_arg_index(Req *req, const char *zName){
  const Param *a = req->pRoute ? req->pRoute->aParam : 0;
  for(int i=0; a && a[i].zName; i++){
    if( strcmp(a[i].zName, zName)==0 ) return i;
  }
  fprintf(stderr, "mandate: internal error: parameter '%s' not declared\n", zName);
  abort();
}

/*
** A validated parameter's text, or NULL when absent.
*/
const char *req_arg(Req *req, const char *zName){
  int i = gate_arg_index(req, zName);
  return req->aArg[i].present ? req->aArg[i].z : 0;
}

/*
** A validated integer parameter, or dflt when absent.
*/
int64_t req_arg_int(Req *req, const char *zName, int64_t dflt){
  int i = gate_arg_index(req, zName);
  return req->aArg[i].present ? req->aArg[i].i : dflt;
}

/* Compare two NUL-terminated tokens in time independent of where they
** differ. Empty or NULL never matches. */
static int gate_token_eq(const char *a, const char *b){
  if( a==0 || b==0 || a[0]==0 ) return 0;
  size_t n = strlen(a);
  if( n!=strlen(b) ) return 0;
  return sodium_memcmp(a, b, n)==0;
}

/* Load the session named by the cookie, if any. 0, or -1 after 500. */
static int gate_session(Req *req){
  const char *zTok = req_cookie(req, "mandate_session");
  if( zTok==0 || req->db==0 ) return 0;
  int rc = users_session_lookup(req->db, zTok, &req->user, req->zCsrf);
  if( rc<0 ){
    http_error(req, 500, "cannot read sessions from the database");
    return -1;
  }
  if( rc>0 ) return 0;
  rc = register_unit_by_id(req->db, req->user.unitId, &req->scope);
  if( rc ){
    http_error(req, 500, "your account's scope unit cannot be read");
    return -1;
  }
  snprintf(req->zSession, sizeof req->zSession, "%s", zTok);
  req->hasUser = 1;
  return 0;
}

/* True if the Content-Type is application/x-www-form-urlencoded, with or
** without parameters such as charset. */
static int gate_is_urlencoded(const char *zCt){
  static const char zWant[] = "application/x-www-form-urlencoded";
  size_t n = sizeof(zWant)-1;
  if( zCt==0 || strncasecmp(zCt, zWant, n) ) return 0;
  return zCt[n]==0 || zCt[n]==';' || zCt[n]==' ';
}

/* True if the Content-Type is application/json, with or without parameters. */
static int gate_is_json(const char *zCt){
  static const char zWant[] = "application/json";
  size_t n = sizeof(zWant)-1;
  if( zCt==0 || strncasecmp(zCt, zWant, n) ) return 0;
  return zCt[n]==0 || zCt[n]==';' || zCt[n]==' ';
}

/*
** The gate. See the file header for the order of the checks.
*/
void gate_run(Req *req){
  int isPost = strcmp(req->zMethod, "POST")==0;
  const char *zMethod = strcmp(req->zMethod, "HEAD")==0 ? "GET" : req->zMethod;
  const Route *pMatch = 0;
  char zAllow[64] = "";
  char *azCap[REQ_MAX_CAPTURE] = {0};

  req->isApi = strncmp(req->zPath, "/api/", 5)==0;
  if( req->bodyTooBig ){
    http_error(req, 413, "the request body is larger than %zu KiB",
               (req->maxBody ? req->maxBody : REQ_MAX_BODY)/1024);
    return;
  }

  /* Route and method */
  for(const Route *r=aRoute; r->zPattern; r++){
    if( !gate_match(r->zPattern, req->zPath, azCap) ) continue;
    if( strcmp(r->zMethod, zMethod)==0 ){
      pMatch = r;
      memcpy(req->azCapture, azCap, sizeof azCap);
      break;
    }
    for(int i=0; i<REQ_MAX_CAPTURE; i++){ free(azCap[i]); azCap[i] = 0; }
    if( strstr(zAllow, r->zMethod)==0 && strlen(zAllow)+12<sizeof zAllow ){
      if( zAllow[0] ) strcat(zAllow, ", ");
      strcat(zAllow, r->zMethod);
      if( strcmp(r->zMethod, "GET")==0 ) strcat(zAllow, ", HEAD");
    }
  }
  if( pMatch==0 ){
    if( zAllow[0] ){
      http_set_header(req, "Allow", zAllow);
      http_error(req, 405, "this address does not accept %s", req->zMethod);
    }else{
      http_error(req, 404, "there is no page at this address");
    }
    return;
  }
  req->pRoute = pMatch;
  if( pMatch->flags & R_API ) req->isApi = 1;
  if( pMatch->flags & R_STATIC ){
    req->cacheable = 1;
    pMatch->xHandler(req);
    return;
  }
  if( req->db==0 ){
    http_error(req, 503, "the database is not available; see the server log");
    return;
  }

  /* Session */
  if( gate_session(req) ) return;
  if( !(pMatch->flags & R_PUBLIC) && !req->hasUser ){
    if( req->isApi ){
      http_error(req, 401, "log in first: this API uses the session cookie "
                 "from POST /login");
    }else if( isPost ){
      http_redirect(req, "/login");
    }else{
      Buf b = BUF_INIT;
      buf_puts(&b, "/login?next=");
      url_escape(&b, req->zPath);
      http_redirect(req, buf_str(&b));
      buf_reset(&b);
    }
    return;
  }

  /* Body, CSRF and the login rate limit (R_RAW: the handler reads the body) */
  if( isPost && !(pMatch->flags & R_RAW) ){
    const char *zCt = req_header(req, "Content-Type");
    const char *zWhy = 0;
    if( pMatch->flags & R_JSON ){
      if( !gate_is_json(zCt) ){
        http_error(req, 415, "send this as application/json");
        return;
      }
    }else if( req->body.n>0 && !gate_is_urlencoded(zCt) ){
      http_error(req, 415, "send forms as application/x-www-form-urlencoded");
      return;
    }else if( form_parse(buf_str(&req->body), req->body.n, &req->form, &zWhy) ){
      http_error(req, 400, "%s", zWhy);
      return;
    }
    if( pMatch->flags & R_LOGIN ){
      if( !gate_token_eq(form_get(&req->form, "csrf"), req_cookie(req, "mandate_login")) ){
        http_error(req, 403, "the login form has expired; reload the page and "
                   "try again (cookies must be enabled)");
        return;
      }
      const char *zUser = form_get(&req->form, "username");
      int wait = ratelimit_check(req->pSrv->pLimit, zUser ? zUser : "",
                                 req->zClientIp, (int64_t)time(0));
      if( wait>0 ){
        char zWait[16];
        snprintf(zWait, sizeof zWait, "%d", wait);
        http_set_header(req, "Retry-After", zWait);
        http_error(req, 429, "too many failed logins; try again in %d minute%s",
                   (wait+59)/60, (wait+59)/60==1 ? "" : "s");
        return;
      }
    }else{
      const char *zTok = form_get(&req->form, "csrf");
      if( zTok==0 ) zTok = req_header(req, "X-CSRF-Token");
      if( !gate_token_eq(zTok, req->zCsrf) ){
        http_error(req, 403, "this form has expired or did not come from this "
                   "site; reload the page and try again");
        return;
      }
    }
  }

  /* Typed parameters, then the handler */
  if( gate_params(req) ) return;
  pMatch->xHandler(req);
}

/*
** Scope: the user's unit's nested-set interval contains the unit's.
*/
int gate_in_scope(Req *req, const Unit *pUnit){
  return req->hasUser && unit_in_scope(&req->scope, pUnit);
}

/*
** A unit by code, inside scope, or a 404 that reads the same either way.
** The message does not repeat the code, so an error page never carries an
** identifier from outside the user's scope.
*/
int gate_unit(Req *req, const char *zCode, Unit *pOut){
  int rc = register_unit_by_code(req->db, zCode, pOut);
  if( rc<0 ){
    http_error(req, 500, "cannot read units from the database");
    return -1;
  }
  if( rc>0 || !gate_in_scope(req, pOut) ){
    http_error(req, 404, "there is no unit with that code");
    return -1;
  }
  return 0;
}

/*
** A member by number, inside scope, or a 404 that reads the same either way.
*/
int gate_member(Req *req, const char *zNumber, Member *pOut){
  Unit unit;
  int rc = register_member_by_number(req->db, zNumber, pOut);
  if( rc==0 ) rc = register_unit_by_id(req->db, pOut->unitId, &unit);
  if( rc<0 ){
    http_error(req, 500, "cannot read members from the database");
    return -1;
  }
  if( rc>0 || !gate_in_scope(req, &unit) ){
    http_error(req, 404, "there is no member with that number");
    return -1;
  }
  return 0;
}
