/* page_login.c: logging in and out, the root redirect, and /api/v1/me
** (who am I, and the CSRF token API clients send as X-CSRF-Token). */
#include "pages.h"
#include "html.h"
#include "ratelimit.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LOGIN_COOKIE   "mandate_login"    /* double-submit token of the login form */
#define SESSION_COOKIE "mandate_session"  /* the session token */

/* True if z is a local path we may send the browser to after login:
** "/x...", never "//host" or "/\host" (both leave the site), and only
** characters our own paths use, so it is safe in a Location header. */
static int login_next_ok(const char *z){
  if( z==0 || z[0]!='/' || z[1]=='/' || strncmp(z, "/login", 6)==0
      || strncmp(z, "/api/", 5)==0 ) return 0;
  for(const char *p=z; *p; p++){
    char c = *p;
    if( !((c>='A' && c<='Z') || (c>='a' && c<='z') || (c>='0' && c<='9')
          || c=='/' || c=='_' || c=='.' || c=='-') ) return 0;
  }
  return 1;
}

/* The login form. zToken is the double-submit token already in (or just
** put in) the login cookie; zError is NULL or a message to show. */
static void login_render(Req *req, const char *zToken, const char *zNext,
                         const char *zUser, const char *zError){
  html_begin(req, "Log in");
  html_raw(req, "<h1>Log in</h1>\n");
  if( zError ) html_printf(req, "<p class=\"error\" role=\"alert\">%s</p>\n", zError);
  html_printf(req,
    "<form class=\"stack\" method=\"post\" action=\"/login\">\n"
    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", zToken);
  if( login_next_ok(zNext) ){
    html_printf(req, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", zNext);
  }
  html_printf(req,
    "<div><label for=\"username\">Username</label>"
    "<input type=\"text\" id=\"username\" name=\"username\" value=\"%s\" "
    "autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required></div>\n"
    "<div><label for=\"password\">Password</label>"
    "<input type=\"password\" id=\"password\" name=\"password\" "
    "autocomplete=\"current-password\" required></div>\n"
    "<div><button class=\"primary\" type=\"submit\">Log in</button></div>\n"
    "</form>\n", zUser ? zUser : "");
  html_end(req);
}

/*
** GET /: the readiness overview is the home page.
*/
void page_root(Req *req){
  http_redirect(req, "/readiness");
}

/*
** GET /login: the form, with a fresh double-submit token in a cookie.
** Someone already logged in goes straight on.
*/
void page_login_form(Req *req){
  unsigned char aRand[32];
  char zToken[65];
  const char *zNext = req_arg(req, "next");
  if( req->hasUser ){
    http_redirect(req, login_next_ok(zNext) ? zNext : "/readiness");
    return;
  }
  randombytes_buf(aRand, sizeof aRand);
  sodium_bin2hex(zToken, sizeof zToken, aRand, sizeof aRand);
  http_set_cookie(req, LOGIN_COOKIE, zToken, 3600);
  login_render(req, zToken, zNext, 0, 0);
}

/*
** POST /login. The gate has checked the form token and the rate limit;
** here the password is checked, failures counted, and on success a new
** session starts (a new token every time, so a planted cookie is useless).
*/
void page_login(Req *req){
  const char *zUser = req_arg(req, "username");
  const char *zPw = req_arg(req, "password");
  const char *zNext = req_arg(req, "next");
  const char *zToken = req_cookie(req, LOGIN_COOKIE);
  int64_t now = (int64_t)time(0);
  User user;
  Session sess;
  int rc = users_check_password(req->db, zUser, zPw, &user);
  if( rc<0 ){
    http_error(req, 500, "cannot read accounts from the database");
    return;
  }
  if( rc>0 ){
    ratelimit_fail(req->pSrv->pLimit, zUser, req->zClientIp, now);
    req->status = 401;
    login_render(req, zToken ? zToken : "", zNext, zUser,
                 "Wrong username or password.");
    return;
  }
  ratelimit_success(req->pSrv->pLimit, zUser, now);
  if( req->hasUser ) users_session_delete(req->db, req->zSession);  /* one at a time */
  if( users_session_create(req->db, user.id, &sess) ){
    http_error(req, 500, "cannot start a session");
    return;
  }
  http_set_cookie(req, SESSION_COOKIE, sess.zToken, SESSION_LIFETIME);
  http_set_cookie(req, LOGIN_COOKIE, "", 0);
  sodium_memzero(&sess, sizeof sess);
  http_redirect(req, login_next_ok(zNext) ? zNext : "/readiness");
}

/*
** POST /logout: end the session here and in the browser.
*/
void page_logout(Req *req){
  if( users_session_delete(req->db, req->zSession) ){
    http_error(req, 500, "cannot end the session");
    return;
  }
  http_set_cookie(req, SESSION_COOKIE, "", 0);
  http_redirect(req, "/login");
}

/*
** GET /api/v1/me: the user, their scope, and the CSRF token to send with
** POSTs as the X-CSRF-Token header.
*/
void api_me(Req *req){
  json_t *p = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:s}",
    "username", req->user.zUsername,
    "role", req->user.zRole,
    "scope", "code", req->scope.zCode, "name", req->scope.zName,
             "kind", req->scope.zKind,
    "member_number", api_str(req->user.zMemberNumber),
    "csrf_token", req->zCsrf);
  http_json(req, 200, p);
}
