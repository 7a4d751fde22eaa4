/* http.h: the request and response as handlers see them (struct Req), the
** server's life cycle, and the reply helpers every page uses.
** http.c is the only file that knows the HTTP library (libmicrohttpd);
** reply.c builds responses (errors, redirects, JSON, cookies) without it. */
#ifndef MANDATE_HTTP_H
#define MANDATE_HTTP_H
#include <pthread.h>
#include <stdint.h>
#include <jansson.h>
#include "../store/db.h"
#include "../util/buf.h"
#include "../domain/users.h"
#include "../domain/register.h"
#include "form.h"

#define REQ_MAX_BODY   (64*1024)  /* larger request bodies get 413 */
#define REQ_MAX_UPLOAD (64*1024*1024) /* the same for an R_UPLOAD route (gate.h) */
#define REQ_MAX_ARGS   16         /* declared parameters per route */
#define REQ_MAX_HEADER 8          /* extra response headers per request */
#define REQ_MAX_CAPTURE 4         /* ":name" segments per route pattern */

typedef struct Req Req;
typedef struct Route Route;
typedef struct RateLimit RateLimit;

/* Immutable server configuration, plus the one piece of shared mutable
** state (the login rate limiter, which locks itself). */
typedef struct HttpServer HttpServer;
struct HttpServer {
  char *zDbPath;        /* owned */
  char zHost[256];      /* listen host as given, without [] */
  int port;             /* listen port */
  int isLoopback;       /* listening on 127.0.0.0/8 or ::1 only */
  int trustProxy;       /* take the client address from X-Forwarded-For */
  RateLimit *pLimit;    /* owned; login failures */
  void *pDaemon;        /* owned; the HTTP library's server handle */
  pthread_key_t dbKey;  /* thread-specific key of each thread's Db */
};

/* One declared parameter of a route, after the gate validated it. */
typedef struct ReqArg ReqArg;
struct ReqArg {
  int present;          /* given (and valid) */
  const char *z;        /* borrowed: from the form, the path, the library, or req tmp */
  int64_t i;            /* the value, for integer parameters */
};

/* One extra response header. */
typedef struct ReqHeader ReqHeader;
struct ReqHeader {
  char *zName;          /* owned */
  char *zValue;         /* owned */
};

/* Everything about one request. Allocated by the adapter on the request's
** first callback and freed in its completion callback; no request state
** lives anywhere else. */
struct Req {
  /* Filled in by the adapter (http.c) */
  const HttpServer *pSrv;   /* borrowed; immutable while serving */
  void *pConn;              /* borrowed; the library's connection handle */
  Db *db;                   /* borrowed; this thread's connection, or NULL */
  char zMethod[8];          /* "GET", "POST", "HEAD"...; "?" if longer */
  char *zPath;              /* owned; decoded path, no query string */
  char zClientIp[64];       /* numeric client address */
  Buf body;                 /* owned; raw body, at most maxBody bytes */
  int bodyTooBig;           /* the body was (or declared itself) too large */
  size_t maxBody;           /* REQ_MAX_BODY, or the route's limit once looked up */
  int maxBodyKnown;         /* gate_max_body() has been asked (bodies past REQ_MAX_BODY) */
  double tStart;            /* monotonic seconds at the first callback */

  /* Filled in by the gate (gate.c) */
  const Route *pRoute;      /* borrowed; the matched route, or NULL */
  char *azCapture[REQ_MAX_CAPTURE]; /* owned; ":name" path segments, decoded */
  Form form;                /* owned; parsed POST body */
  ReqArg aArg[REQ_MAX_ARGS];/* parallel to pRoute->aParam */
  int isApi;                /* answer errors in JSON */
  int hasUser;              /* a live session was presented */
  User user;                /* the logged-in user, when hasUser */
  Unit scope;               /* the user's scope unit, when hasUser */
  char zSession[SESSION_TOKEN_HEX]; /* the session cookie, when hasUser */
  char zCsrf[SESSION_TOKEN_HEX];    /* the session's CSRF token */

  /* The response, built by the handler */
  int status;               /* HTTP status; 200 unless set */
  const char *zContentType; /* static string */
  int cacheable;            /* static asset: may be cached */
  Buf out;                  /* owned; the body */
  int outFd;                /* owned when > 0: send this open file, outSize
                            ** bytes, instead of out (http_send_file) */
  uint64_t outSize;
  int nHeader;
  ReqHeader aHeader[REQ_MAX_HEADER];
  char **azTmp;             /* owned; strings freed with the request */
  int nTmp;
};

/* ---- Server life cycle (http.c) ---- */

/* Split "HOST:PORT", "[V6]:PORT" or ":PORT" into zHost (nHost bytes) and
** *pPort. Returns 0, or -1 with *pzErr (caller frees). */
int http_parse_listen(const char *zListen, char *zHost, size_t nHost,
                      int *pPort, char **pzErr);

/* Start serving zDbPath on zListen with a pool of worker threads, each with
** its own database connection. Returns the server (stop it with
** http_stop()), or NULL with *pzErr (caller frees). */
HttpServer *http_start(const char *zDbPath, const char *zListen,
                       int trustProxy, char **pzErr);

/* Stop accepting, finish in-flight requests, close every connection and
** free the server. NULL is a no-op. */
void http_stop(HttpServer *pSrv);

/* ---- Reading the request (http.c) ---- */

/* The query-string argument zName, decoded, or NULL. Borrowed: valid for
** the life of the request. */
const char *req_query(Req *req, const char *zName);

/* The request header zName (case-insensitive), or NULL. Borrowed. */
const char *req_header(Req *req, const char *zName);

/* The cookie zName, or NULL. Borrowed. */
const char *req_cookie(Req *req, const char *zName);

/* ---- Building the response (reply.c) ---- */

/* Add a response header; both strings are copied. At most REQ_MAX_HEADER. */
void http_set_header(Req *req, const char *zName, const char *zValue);

/* Set a cookie: HttpOnly, SameSite=Lax, Secure, Path=/. maxAge<0 leaves it
** a session cookie; 0 deletes it. */
void http_set_cookie(Req *req, const char *zName, const char *zValue, int maxAge);

/* Replace the response with an error page (HTML, or JSON on API routes)
** whose message is zFmt formatted. Every user-visible error goes here. */
void http_error(Req *req, int status, const char *zFmt, ...)
  __attribute__((format(printf,3,4)));

/* Answer 303 See Other to zLocation (a local path). */
void http_redirect(Req *req, const char *zLocation);

/* Answer with the file zPath as it is now (a snapshot of its size), sent
** from the file rather than memory: a board may be hundreds of megabytes.
** 0, or -1 when it cannot be opened (nothing set; the caller answers). */
int http_send_file(Req *req, const char *zPath, const char *zContentType);

/* Answer with a JSON document; takes over the reference to pJson. */
void http_json(Req *req, int status, json_t *pJson);

/* Add the headers every response carries (security headers, caching) and
** the content type; called by the adapter just before sending. */
void http_finish(Req *req);

/* A copy of z owned by the request (freed with it). NULL in, NULL out. */
char *req_strdup(Req *req, const char *z);

/* A string owned by the request, printf-formatted. */
char *req_mprintf(Req *req, const char *zFmt, ...) __attribute__((format(printf,2,3)));

/* Free everything the request owns, then the request itself. */
void req_free(Req *req);

/* Monotonic time in seconds (for request durations). */
double http_now(void);

#endif
