/* gate.h: the route table's shape and the one gate every request passes
** before its handler: route and method, session, CSRF, content type, body
** size, login rate limit, and typed parameters. */
#ifndef MANDATE_GATE_H
#define MANDATE_GATE_H
#include "http.h"

/* Route flags */
#define R_PUBLIC    0x01   /* no session needed (login, static, healthz) */
#define R_API       0x02   /* JSON: errors are JSON, no login redirect (401) */
#define R_STATIC    0x04   /* a static asset: may be cached */
#define R_LOGIN     0x08   /* the login form: CSRF by double-submit cookie, rate limited */
#define R_RAW       0x10   /* a public POST whose body the handler reads itself (the
                           ** ballot intake: hex or JSON): no form, no CSRF; the
                           ** handler rate-limits failures per address */
#define R_JSON      0x20   /* a session POST whose JSON body the handler reads itself:
                           ** application/json, CSRF by the X-CSRF-Token header */
#define R_UPLOAD    0x40   /* the body may be up to REQ_MAX_UPLOAD, not REQ_MAX_BODY
                           ** (the credential authority's board: a few MB) */

/* Where a parameter comes from */
#define P_PATH   1         /* a ":name" segment of the pattern */
#define P_QUERY  2         /* the query string */
#define P_FORM   3         /* the urlencoded POST body */

/* What a parameter must look like */
typedef enum ParamKind {
  PK_TEXT,      /* UTF-8 text, no control characters but tab/newline; length min..max bytes */
  PK_LINE,      /* like PK_TEXT, but no newlines or tabs either */
  PK_INT,       /* a decimal integer in min..max */
  PK_CODE,      /* a unit code: 1..63 of A-Z a-z 0-9 _ . - */
  PK_NUMBER,    /* a membership number: 1..31 of A-Z a-z 0-9 _ . / - */
  PK_DATE,      /* a date, YYYY-MM-DD or DD/MM/YYYY; stored as YYYY-MM-DD */
  PK_TOKEN      /* an opaque token: 1..128 of A-Z a-z 0-9 */
} ParamKind;

typedef struct Param Param;
struct Param {
  const char *zName;      /* the field, query argument or ":name" */
  int source;             /* P_PATH, P_QUERY or P_FORM */
  ParamKind kind;
  int required;           /* missing or empty gives 400 */
  int64_t min, max;       /* PK_INT: range; PK_TEXT/PK_LINE: byte length */
  const char *zWhat;      /* for people: "a page number", "a unit code" */
};

typedef void (*Handler)(Req *req);

/* One row of the dispatch table. */
struct Route {
  const char *zPattern;   /* "/members/:number"; ":x" matches one segment */
  const char *zMethod;    /* "GET" (also serves HEAD) or "POST" */
  Handler xHandler;
  int flags;              /* R_ */
  const Param *aParam;    /* terminated by a {0} row; NULL for none */
};

extern const Route aRoute[];   /* routes.c; terminated by a {0} row */

/* Run the gate and, if every check passes, the route's handler. On return
** req->status, req->out and the headers hold the response. */
void gate_run(Req *req);

/* The largest body request req (its method, path and cookie, when its
** headers are in) may send: REQ_MAX_UPLOAD for an R_UPLOAD route when the
** session cookie is a live national officer's (looked up in db),
** REQ_MAX_BODY otherwise (and for no route). */
size_t gate_max_body(Req *req, Db *db);

/* A validated parameter by name: the string (NULL if absent; borrowed) or
** the integer (dflt if absent). Only names the route declares exist. */
const char *req_arg(Req *req, const char *zName);
int64_t req_arg_int(Req *req, const char *zName, int64_t dflt);

/* True if the user may see unit pUnit (it lies in their scope). */
int gate_in_scope(Req *req, const Unit *pUnit);

/* Look up the unit zCode within the user's scope. Returns 0 and fills
** *pOut; otherwise answers 404 (outside scope reads exactly as unknown)
** or 500 and returns -1. */
int gate_unit(Req *req, const char *zCode, Unit *pOut);

/* Look up member zNumber within the user's scope, likewise. */
int gate_member(Req *req, const char *zNumber, Member *pOut);

#endif
