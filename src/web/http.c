/* http.c: the adapter to libmicrohttpd, and the only file that includes it.
** It uses only API shared by libmicrohttpd 0.9.75 (Debian 12) and 1.0, so a
** newer package, or another server library, is a change to this file alone.
** Everything else sees a struct Req (http.h). */
#include "http.h"
#include "gate.h"
#include "ratelimit.h"
#include "../util/mem.h"
#include <microhttpd.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* Limits on what one client can make the server hold. libmicrohttpd 0.9.75
** lacks upstream's later parser fixes, so keep them tight and put a TLS
** reverse proxy (nginx) in front of anything reachable from outside. */
/* Worker threads, each with a Db. More than the cores: a ballot cast
** waits on its group's fdatasync (src/domain/ballot.c), and the ballots
** verified meanwhile by the other threads join the next group. Each
** thread holds about 7 MB on a million-member register: 12 keep the
** server under 200 MB there and casts' p99 under 100 ms (bench/README.md). */
#define HTTP_THREADS        12
#define HTTP_CONN_MEMORY    (128*1024) /* bytes per connection for headers and reads */
#define HTTP_CONN_LIMIT     512        /* connections at once */
#define HTTP_PER_IP_LIMIT   64         /* connections at once from one address */
#define HTTP_TIMEOUT        30         /* seconds a connection may stay idle */

/*
** Monotonic seconds.
*/
double http_now(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec/1e9;
}

/*
** Split a listen address. IPv6 literals need brackets: "[::1]:8080".
*/
int http_parse_listen(const char *zListen, char *zHost, size_t nHost,
                      int *pPort, char **pzErr){
  const char *zPort;
  size_t nH;
  *pzErr = 0;
  if( zListen==0 || zListen[0]==0 ) goto bad;
  if( zListen[0]=='[' ){
    const char *zEnd = strchr(zListen, ']');
    if( zEnd==0 || zEnd[1]!=':' ) goto bad;
    nH = (size_t)(zEnd - zListen - 1);
    if( nH==0 || nH>=nHost ) goto bad;
    memcpy(zHost, zListen+1, nH);
    zHost[nH] = 0;
    zPort = zEnd+2;
  }else{
    const char *zColon = strrchr(zListen, ':');
    if( zColon==0 || strchr(zListen, ':')!=zColon ) goto bad;
    nH = (size_t)(zColon - zListen);
    if( nH>=nHost ) goto bad;
    if( nH==0 ){ snprintf(zHost, nHost, "127.0.0.1"); }
    else{ memcpy(zHost, zListen, nH); zHost[nH] = 0; }
    zPort = zColon+1;
  }
  {
    char *zEnd = 0;
    long v;
    errno = 0;
    if( zPort[0]<'0' || zPort[0]>'9' ) goto bad;
    v = strtol(zPort, &zEnd, 10);
    if( errno || *zEnd || v<1 || v>65535 ) goto bad;
    *pPort = (int)v;
  }
  return 0;
bad:
  {
    Buf b = BUF_INIT;
    buf_printf(&b, "bad listen address '%s': expected HOST:PORT, e.g. "
               "127.0.0.1:8080 or [::1]:8080", zListen ? zListen : "");
    *pzErr = buf_steal(&b);
  }
  return -1;
}

/* True for 127.0.0.0/8 and ::1 (and ::ffff:127.x). */
static int http_is_loopback(const struct sockaddr *sa){
  if( sa->sa_family==AF_INET ){
    const struct sockaddr_in *p = (const struct sockaddr_in*)sa;
    return (ntohl(p->sin_addr.s_addr)>>24)==127;
  }
  if( sa->sa_family==AF_INET6 ){
    const struct sockaddr_in6 *p = (const struct sockaddr_in6*)sa;
    if( IN6_IS_ADDR_LOOPBACK(&p->sin6_addr) ) return 1;
    if( IN6_IS_ADDR_V4MAPPED(&p->sin6_addr) ) return p->sin6_addr.s6_addr[12]==127;
  }
  return 0;
}

/* Numeric form of a socket address into zOut ("?" if it has none). */
static void http_addr_text(const struct sockaddr *sa, char *zOut, size_t n){
  socklen_t len = sa->sa_family==AF_INET6 ? sizeof(struct sockaddr_in6)
                                          : sizeof(struct sockaddr_in);
  if( getnameinfo(sa, len, zOut, (socklen_t)n, 0, 0, NI_NUMERICHOST) ){
    snprintf(zOut, n, "?");
  }
}

/* The client address: the peer, or behind a trusted proxy the last
** address in X-Forwarded-For (the one our proxy added; earlier ones are
** whatever the client claimed). */
static void http_client_ip(Req *req, struct MHD_Connection *conn){
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  snprintf(req->zClientIp, sizeof req->zClientIp, "?");
  if( ci && ci->client_addr ){
    http_addr_text(ci->client_addr, req->zClientIp, sizeof req->zClientIp);
  }
  if( req->pSrv->trustProxy ){
    const char *zFwd = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                   "X-Forwarded-For");
    if( zFwd ){
      const char *zLast = strrchr(zFwd, ',');
      char zIp[64];
      unsigned char aBin[16];
      zLast = zLast ? zLast+1 : zFwd;
      while( *zLast==' ' ) zLast++;
      snprintf(zIp, sizeof zIp, "%s", zLast);
      for(char *z=zIp+strlen(zIp); z>zIp && z[-1]==' '; z--) z[-1] = 0;
      if( inet_pton(AF_INET, zIp, aBin)==1 || inet_pton(AF_INET6, zIp, aBin)==1 ){
        snprintf(req->zClientIp, sizeof req->zClientIp, "%s", zIp);
      }
    }
  }
}

/*
** Request accessors: thin wrappers over the library's lookups.
*/
const char *req_query(Req *req, const char *zName){
  return MHD_lookup_connection_value((struct MHD_Connection*)req->pConn,
                                     MHD_GET_ARGUMENT_KIND, zName);
}
const char *req_header(Req *req, const char *zName){
  return MHD_lookup_connection_value((struct MHD_Connection*)req->pConn,
                                     MHD_HEADER_KIND, zName);
}
const char *req_cookie(Req *req, const char *zName){
  return MHD_lookup_connection_value((struct MHD_Connection*)req->pConn,
                                     MHD_COOKIE_KIND, zName);
}

/* This thread's database connection, opened on first use. Each worker
** thread keeps one for its life; a thread-specific key's destructor closes
** it when the thread ends (at http_stop). NULL with a log line on failure. */
static Db *http_thread_db(const HttpServer *pSrv){
  Db *db = pthread_getspecific(pSrv->dbKey);
  if( db ) return db;
  char *zErr = 0;
  if( db_open(pSrv->zDbPath, 0, &db, &zErr) ){
    fprintf(stderr, "mandate: worker cannot open the database: %s\n", zErr);
    free(zErr);
    return 0;
  }
  pthread_setspecific(pSrv->dbKey, db);
  return db;
}

/* Destructor of the thread-specific Db. */
static void http_db_destructor(void *p){ db_close((Db*)p); }

/* Hand the finished response to the library. The body buffer moves to the
** library, which frees it with free() after sending. */
static enum MHD_Result http_send(Req *req){
  struct MHD_Connection *conn = req->pConn;
  struct MHD_Response *resp;
  if( req->outFd>0 ){
    /* a file (http_send_file): the library reads and closes it */
    resp = MHD_create_response_from_fd(req->outSize, req->outFd);
    if( resp==0 ) return MHD_NO;     /* req_free closes it */
    req->outFd = 0;
  }else{
    size_t n = req->out.n;
    char *z = buf_steal(&req->out);
    resp = MHD_create_response_from_buffer_with_free_callback(n, z, free);
    if( resp==0 ){ free(z); return MHD_NO; }
  }
  if( req->zContentType ){
    MHD_add_response_header(resp, "Content-Type", req->zContentType);
  }
  for(int i=0; i<req->nHeader; i++){
    MHD_add_response_header(resp, req->aHeader[i].zName, req->aHeader[i].zValue);
  }
  enum MHD_Result rc = MHD_queue_response(conn, (unsigned)req->status, resp);
  MHD_destroy_response(resp);
  return rc;
}

/* The access handler. The library calls it once when the headers are in
** (we only allocate the Req: 0.9.75 closes the connection if a response is
** queued on that first call), once per chunk of body, and once more with
** no data when the request is complete; that last call answers. */
static enum MHD_Result http_access(void *cls, struct MHD_Connection *conn,
                                   const char *zUrl, const char *zMethod,
                                   const char *zVersion, const char *zUpload,
                                   size_t *pnUpload, void **ppCtx){
  HttpServer *pSrv = cls;
  Req *req = *ppCtx;
  if( req==0 ){
    req = xcalloc(1, sizeof(*req));
    req->pSrv = pSrv;
    req->pConn = conn;
    req->tStart = http_now();
    req->status = 200;
    if( strlen(zMethod)<sizeof req->zMethod ) memcpy(req->zMethod, zMethod, strlen(zMethod)+1);
    else snprintf(req->zMethod, sizeof req->zMethod, "?");
    req->zPath = xstrdup(zUrl);
    http_client_ip(req, conn);
    const char *zLen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    *ppCtx = req;
    /* Every body may hold REQ_MAX_BODY bytes; only past that is the route
    ** (and, for an upload, the session) looked up: not on every request */
    req->maxBody = REQ_MAX_BODY;
    if( zLen && strtoull(zLen, 0, 10)>REQ_MAX_BODY ){
      req->maxBody = gate_max_body(req, http_thread_db(pSrv));
      req->maxBodyKnown = 1;
    }
    if( zLen && strtoull(zLen, 0, 10)>req->maxBody ){
      /* A body declared too large is refused before it is read: the one
      ** case where we answer on the first call, because here we want the
      ** library to close the connection rather than read the body. */
      req->bodyTooBig = 1;
      gate_run(req);
      http_finish(req);
      return http_send(req);
    }
    return MHD_YES;
  }
  req->pConn = conn;
  if( *pnUpload ){
    /* Keep at most the route's maxBody bytes; past that, read and drop the
    ** rest (the connection timeout bounds how long that can go on). */
    if( !req->bodyTooBig ){
      if( req->body.n + *pnUpload > req->maxBody && !req->maxBodyKnown ){
        req->maxBody = gate_max_body(req, http_thread_db(pSrv));   /* no Content-Length */
        req->maxBodyKnown = 1;
      }
      if( req->body.n + *pnUpload > req->maxBody ){
        req->bodyTooBig = 1;
        buf_reset(&req->body);
      }else{
        buf_append(&req->body, zUpload, *pnUpload);
      }
    }
    *pnUpload = 0;
    return MHD_YES;
  }
  req->db = http_thread_db(pSrv);
  gate_run(req);
  http_finish(req);
  return http_send(req);
}

/* Make a request path safe to log: printable ASCII only, at most 120 bytes. */
static void http_log_path(const char *z, char *zOut, size_t n){
  size_t j = 0;
  for(; z && *z && j+1<n && j<120; z++){
    unsigned char c = (unsigned char)*z;
    zOut[j++] = (c>=0x20 && c<0x7f) ? (char)c : '?';
  }
  zOut[j] = 0;
}

/* The completion callback: log one line, then free the request. The line
** holds the method, the route pattern (not the path: a member's number in
** /members/NUMBER is member data) or, for unmatched paths, the path itself,
** the status and the duration. Never the query string, a cookie or a body. */
static void http_completed(void *cls, struct MHD_Connection *conn,
                           void **ppCtx, enum MHD_RequestTerminationCode toe){
  Req *req = *ppCtx;
  if( req==0 ) return;
  char zPath[128];
  if( req->pRoute ) http_log_path(req->pRoute->zPattern, zPath, sizeof zPath);
  else http_log_path(req->zPath, zPath, sizeof zPath);
  double ms = (http_now() - req->tStart)*1000.0;
  fprintf(stderr, "%s %s %d %.1fms%s\n", req->zMethod, zPath, req->status, ms,
          toe==MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (not completed)");
  req_free(req);
  *ppCtx = 0;
}

/*
** Start the server.
*/
HttpServer *http_start(const char *zDbPath, const char *zListen,
                       int trustProxy, char **pzErr){
  HttpServer *pSrv = xcalloc(1, sizeof(*pSrv));
  struct addrinfo hints, *pAddr = 0;
  char zPort[16];
  int rc;
  *pzErr = 0;
  if( http_parse_listen(zListen, pSrv->zHost, sizeof pSrv->zHost, &pSrv->port, pzErr) ){
    free(pSrv);
    return 0;
  }
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  snprintf(zPort, sizeof zPort, "%d", pSrv->port);
  rc = getaddrinfo(pSrv->zHost, zPort, &hints, &pAddr);
  if( rc || pAddr==0 ){
    Buf b = BUF_INIT;
    buf_printf(&b, "cannot listen on %s: %s", zListen, gai_strerror(rc));
    *pzErr = buf_steal(&b);
    free(pSrv);
    return 0;
  }
  pSrv->isLoopback = http_is_loopback(pAddr->ai_addr);
  pSrv->trustProxy = trustProxy;
  pSrv->zDbPath = xstrdup(zDbPath);
  pSrv->pLimit = ratelimit_new();
  pthread_key_create(&pSrv->dbKey, http_db_destructor);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
  if( pAddr->ai_family==AF_INET6 ) flags |= MHD_USE_IPv6;
  pSrv->pDaemon = MHD_start_daemon(flags, (uint16_t)pSrv->port, 0, 0,
      http_access, pSrv,
      MHD_OPTION_SOCK_ADDR, pAddr->ai_addr,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)HTTP_THREADS,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_CONN_LIMIT,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)(trustProxy ? 0 : HTTP_PER_IP_LIMIT),
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_TIMEOUT,
      MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
      MHD_OPTION_NOTIFY_COMPLETED, http_completed, pSrv,
      MHD_OPTION_END);
  freeaddrinfo(pAddr);
  if( pSrv->pDaemon==0 ){
    Buf b = BUF_INIT;
    buf_printf(&b, "cannot listen on %s (is another server using that port?)", zListen);
    *pzErr = buf_steal(&b);
    pthread_key_delete(pSrv->dbKey);
    ratelimit_free(pSrv->pLimit);
    free(pSrv->zDbPath);
    free(pSrv);
    return 0;
  }
  return pSrv;
}

/*
** Stop the server. Worker threads end inside MHD_stop_daemon(), and each
** one's Db is closed by the thread-specific destructor as it does.
*/
void http_stop(HttpServer *pSrv){
  if( pSrv==0 ) return;
  MHD_stop_daemon((struct MHD_Daemon*)pSrv->pDaemon);
  pthread_key_delete(pSrv->dbKey);
  ratelimit_free(pSrv->pLimit);
  free(pSrv->zDbPath);
  free(pSrv);
}
