/* test_web_units.c: the escape-by-default HTML writer, URL escaping, the
** urlencoded form parser and the login rate limiter, without a server.
** The HTML writer only appends to req->out, so a zeroed Req (freed with
** req_free) is enough to drive html_printf and friends. */
#include "test.h"
#include "../../src/web/form.h"
#include "../../src/web/html.h"
#include "../../src/web/http.h"
#include "../../src/web/ratelimit.h"
#include "../../src/util/buf.h"
#include "../../src/util/mem.h"
#include <stdlib.h>

/* ---- HTML writer ---- */

static Req *new_req(void){ return xcalloc(1, sizeof(Req)); }

TEST(html_printf_escapes_a_script_in_a_member_name){
  Req *req = new_req();
  html_printf(req, "<td>%s</td>", "<script>alert(1)</script>");
  CHECK_STR(buf_str(&req->out), "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>");
  CHECK(strstr(buf_str(&req->out), "<script")==0);
  req_free(req);
}

TEST(html_printf_escapes_quotes_so_attributes_cannot_be_broken_out_of){
  Req *req = new_req();
  html_printf(req, "<input name=\"last\" value=\"%s\">", "\" onmouseover=\"x");
  CHECK_STR(buf_str(&req->out),
            "<input name=\"last\" value=\"&quot; onmouseover=&quot;x\">");
  buf_reset(&req->out);
  /* single quotes too, for attributes someone quotes with ' */
  html_printf(req, "<a title='%s'>", "' onclick='steal()");
  CHECK_STR(buf_str(&req->out), "<a title='&#39; onclick=&#39;steal()'>");
  req_free(req);
}

TEST(html_printf_escapes_all_five_specials_in_every_string){
  Req *req = new_req();
  html_printf(req, "%s|%s|%s", "O'Brien & Sons <Ltd> \"quoted\"", "", "plain");
  CHECK_STR(buf_str(&req->out),
            "O&#39;Brien &amp; Sons &lt;Ltd&gt; &quot;quoted&quot;||plain");
  buf_reset(&req->out);
  /* an already-escaped entity is escaped again, not trusted */
  html_printf(req, "%s", "&lt;b&gt;");
  CHECK_STR(buf_str(&req->out), "&amp;lt;b&amp;gt;");
  buf_reset(&req->out);
  /* %c is escaped like %s; numbers and literal text pass through */
  html_printf(req, "<p>%c%c %d%% of %ld, %05.1f</p>", '<', '&', 42, 100L, 3.14159);
  CHECK_STR(buf_str(&req->out), "<p>&lt;&amp; 42% of 100, 003.1</p>");
  buf_reset(&req->out);
  /* a precision cuts before escaping, so an entity is never cut in half */
  html_printf(req, "[%.3s]", "<<<<<");
  CHECK_STR(buf_str(&req->out), "[&lt;&lt;&lt;]");
  buf_reset(&req->out);
  /* UTF-8 passes through unchanged */
  html_printf(req, "%s", "Siobh\xC3\xA1n \xE2\x80\x94 \xF0\x9F\x91\x8D");
  CHECK_STR(buf_str(&req->out), "Siobh\xC3\xA1n \xE2\x80\x94 \xF0\x9F\x91\x8D");
  req_free(req);
}

TEST(html_printf_null_string_prints_nothing){
  Req *req = new_req();
  const char *volatile zNone = 0;   /* volatile: hide the NULL from -Wformat */
  html_printf(req, "[%s]", zNone);
  CHECK_STR(buf_str(&req->out), "[]");
  req_free(req);
}

TEST(html_escape_replaces_control_characters){
  Buf b = BUF_INIT;
  html_escape(&b, "a\tb\nc\rd\x01" "e\x1b[31m\x7f" "f");
  CHECK_STR(buf_str(&b), "a\tb\nc\rd\xEF\xBF\xBD" "e\xEF\xBF\xBD[31m\xEF\xBF\xBD" "f");
  buf_reset(&b);
  html_escape(&b, 0);
  CHECK_STR(buf_str(&b), "");
  buf_reset(&b);
}

TEST(html_text_and_attr_escape_and_html_raw_is_the_only_way_to_emit_markup){
  Req *req = new_req();
  html_raw(req, "<p class=\"name\" title=\"");
  html_attr(req, "\"><img src=x onerror=alert(1)>");
  html_raw(req, "\">");
  html_text(req, "<b>Ann</b> & 'Bob'");
  html_raw(req, "</p>");
  CHECK_STR(buf_str(&req->out),
            "<p class=\"name\" title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"
            "&lt;b&gt;Ann&lt;/b&gt; &amp; &#39;Bob&#39;</p>");
  req_free(req);
}

TEST(url_escape_encodes_a_membership_number_with_a_slash){
  Buf b = BUF_INIT;
  url_escape(&b, "M/123 4");
  CHECK_STR(buf_str(&b), "M%2F123%204");
  buf_reset(&b);
  url_escape(&b, "../../etc?x=1&y=2#top");
  CHECK_STR(buf_str(&b), "..%2F..%2Fetc%3Fx%3D1%26y%3D2%23top");
  buf_reset(&b);
  url_escape(&b, "AZaz09-._~");
  CHECK_STR(buf_str(&b), "AZaz09-._~");
  buf_reset(&b);
  url_escape(&b, "\xC3\xA9+%\"<'");
  CHECK_STR(buf_str(&b), "%C3%A9%2B%25%22%3C%27");
  buf_reset(&b);
  url_escape(&b, 0);
  CHECK_STR(buf_str(&b), "");
  buf_reset(&b);
}

TEST(html_url_inside_html_printf_gives_a_safe_link){
  Req *req = new_req();
  html_printf(req, "<a href=\"/members/%s\">%s</a>",
              html_url(req, "M/1\"><script>"), "M/1\"><script>");
  CHECK_STR(buf_str(&req->out),
            "<a href=\"/members/M%2F1%22%3E%3Cscript%3E\">M/1&quot;&gt;&lt;script&gt;</a>");
  req_free(req);
}

TEST(html_begin_escapes_title_user_and_scope){
  Req *req = new_req();
  req->hasUser = 1;
  snprintf(req->user.zUsername, sizeof req->user.zUsername, "%s", "ann<b>");
  snprintf(req->user.zRole, sizeof req->user.zRole, "%s", ROLE_BRANCH_SECRETARY);
  snprintf(req->scope.zName, sizeof req->scope.zName, "%s", "North & <script>x</script>");
  snprintf(req->zCsrf, sizeof req->zCsrf, "%s", "0123abcd");
  html_begin(req, "Members \"<i>\"");
  html_end(req);
  const char *z = buf_str(&req->out);
  CHECK_CONTAINS(z, "<title>Members &quot;&lt;i&gt;&quot; ");
  CHECK_CONTAINS(z, "ann&lt;b&gt;");
  CHECK_CONTAINS(z, "Branch secretary");
  CHECK_CONTAINS(z, "North &amp; &lt;script&gt;x&lt;/script&gt;");
  CHECK_CONTAINS(z, "name=\"csrf\" value=\"0123abcd\"");
  CHECK(strstr(z, "<script>")==0);
  CHECK(strstr(z, "<i>")==0);
  CHECK(strstr(z, "ann<b>")==0);
  CHECK_CONTAINS(z, "</html>");
  CHECK_STR(req->zContentType, "text/html; charset=utf-8");
  req_free(req);
}

/* ---- Form parser ---- */

static int parse(const char *z, Form *f, const char **pzWhy){
  memset(f, 0, sizeof *f);
  return form_parse(z, strlen(z), f, pzWhy);
}

TEST(form_decodes_percent_escapes_and_plus_as_space){
  Form f;
  const char *zWhy = "unset";
  CHECK_INT(parse("a=1&b=two+words&c=%C3%A9&first%20name=Ann+Marie&d=%2B%26%3D%25", &f, &zWhy), 0);
  CHECK(zWhy==0);
  CHECK_INT(f.n, 5);
  CHECK_STR(form_get(&f, "a"), "1");
  CHECK_STR(form_get(&f, "b"), "two words");
  CHECK_STR(form_get(&f, "c"), "\xC3\xA9");
  CHECK_STR(form_get(&f, "first name"), "Ann Marie");
  CHECK_STR(form_get(&f, "d"), "+&=%");
  CHECK(form_get(&f, "e")==0);
  CHECK(form_get(&f, "A")==0);           /* names are exact */
  form_clear(&f);
  CHECK_INT(f.n, 0);
  CHECK(f.a==0);
  /* lower-case hex digits, a value holding '=' */
  CHECK_INT(parse("q=%c3%a9&eq=b=c", &f, &zWhy), 0);
  CHECK_STR(form_get(&f, "q"), "\xC3\xA9");
  CHECK_STR(form_get(&f, "eq"), "b=c");
  form_clear(&f);
}

TEST(form_repeated_keys_keep_every_value_first_wins){
  Form f;
  const char *zWhy;
  CHECK_INT(parse("unit=W1&unit=W2&unit=W3", &f, &zWhy), 0);
  CHECK_INT(f.n, 3);
  CHECK_STR(form_get(&f, "unit"), "W1");
  if( f.n==3 ){
    CHECK_STR(f.a[1].zName, "unit");
    CHECK_STR(f.a[1].zValue, "W2");
    CHECK_STR(f.a[2].zValue, "W3");
  }
  form_clear(&f);
}

TEST(form_malformed_percent_escape_is_rejected){
  static const char *azBad[] = {
    "a=%", "a=%4", "a=%zz", "a=%4g", "a=1&b=%G1", "%=1", "a%2=1", "a=100%",
  };
  for(size_t i=0; i<sizeof azBad/sizeof azBad[0]; i++){
    Form f;
    const char *zWhy = 0;
    int rc = parse(azBad[i], &f, &zWhy);
    if( rc!=-1 ) test_fail(__FILE__, __LINE__, "form_parse(\"%s\") == %d, expected -1", azBad[i], rc);
    if( zWhy==0 || strstr(zWhy, "malformed")==0 ){
      test_fail(__FILE__, __LINE__, "form_parse(\"%s\") said \"%s\"", azBad[i], zWhy ? zWhy : "(null)");
    }
    CHECK_INT(f.n, 0);               /* cleared on failure */
    CHECK(f.a==0);
    form_clear(&f);
  }
  /* form_decode on its own: NULL on a bad escape */
  CHECK(form_decode("%4", 2, 1)==0);
  CHECK(form_decode("%", 1, 1)==0);
  /* a %XX that is only complete beyond n is still malformed */
  CHECK(form_decode("%41", 2, 1)==0);
  char *z = form_decode("%41", 3, 1);
  CHECK_STR(z, "A");
  free(z);
}

TEST(form_nul_bytes_and_invalid_utf8_are_rejected){
  static const char *azBad[] = {
    "a=%00", "a%00b=1", "a=%C3%28", "a=%C0%AF", "a=%ED%A0%80", "a=%F4%90%80%80",
    "a=%FF", "a=%C3",
  };
  for(size_t i=0; i<sizeof azBad/sizeof azBad[0]; i++){
    Form f;
    const char *zWhy = 0;
    int rc = parse(azBad[i], &f, &zWhy);
    if( rc!=-1 ) test_fail(__FILE__, __LINE__, "form_parse(\"%s\") == %d, expected -1", azBad[i], rc);
    CHECK(zWhy!=0);
    CHECK_INT(f.n, 0);
    form_clear(&f);
  }
  Form f;
  const char *zWhy = 0;
  CHECK_INT(parse("a=%C3", &f, &zWhy), -1);
  CHECK_CONTAINS(zWhy, "UTF-8");
  CHECK_INT(parse("a=%00", &f, &zWhy), -1);
  CHECK_CONTAINS(zWhy, "NUL");
  /* the largest code point and a 4-byte emoji are fine */
  CHECK_INT(parse("a=%F4%8F%BF%BF&b=%F0%9F%91%8D", &f, &zWhy), 0);
  CHECK_STR(form_get(&f, "b"), "\xF0\x9F\x91\x8D");
  form_clear(&f);
  CHECK(form_utf8_ok("", 0));
  CHECK(!form_utf8_ok("\xE2\x82", 2));         /* truncated */
  CHECK(form_utf8_ok("\xE2\x82\xAC", 3));      /* euro sign */
  CHECK(!form_utf8_ok("\xE0\x80\xAF", 3));     /* overlong '/' */
}

TEST(form_empty_body_and_empty_pieces){
  Form f;
  const char *zWhy = "unset";
  CHECK_INT(parse("", &f, &zWhy), 0);
  CHECK(zWhy==0);
  CHECK_INT(f.n, 0);
  CHECK(form_get(&f, "a")==0);
  form_clear(&f);
  memset(&f, 0, sizeof f);
  CHECK_INT(form_parse(0, 0, &f, &zWhy), 0);
  CHECK_INT(f.n, 0);
  form_clear(&f);
  /* empty pieces are skipped, as form.c documents */
  CHECK_INT(parse("&&a=1&&b=2&", &f, &zWhy), 0);
  CHECK_INT(f.n, 2);
  CHECK_STR(form_get(&f, "a"), "1");
  CHECK_STR(form_get(&f, "b"), "2");
  form_clear(&f);
  /* an empty value is "" */
  CHECK_INT(parse("a=&b=", &f, &zWhy), 0);
  CHECK_STR(form_get(&f, "a"), "");
  CHECK_STR(form_get(&f, "b"), "");
  form_clear(&f);
  /* only n bytes are read */
  memset(&f, 0, sizeof f);
  CHECK_INT(form_parse("a=1&b=2", 3, &f, &zWhy), 0);
  CHECK_INT(f.n, 1);
  CHECK(form_get(&f, "b")==0);
  form_clear(&f);
}

TEST(form_key_without_equals_has_empty_value_and_empty_name_is_refused){
  Form f;
  const char *zWhy = 0;
  CHECK_INT(parse("confirm&name=Ann", &f, &zWhy), 0);
  CHECK_INT(f.n, 2);
  CHECK_STR(form_get(&f, "confirm"), "");
  CHECK_STR(form_get(&f, "name"), "Ann");
  form_clear(&f);
  CHECK_INT(parse("=value", &f, &zWhy), -1);
  CHECK_CONTAINS(zWhy, "no name");
  CHECK_INT(f.n, 0);
  CHECK_INT(parse("a=1&=2", &f, &zWhy), -1);
  CHECK_INT(f.n, 0);
  CHECK(f.a==0);
  form_clear(&f);
}

TEST(form_too_many_fields_is_refused){
  Buf b = BUF_INIT;
  for(int i=0; i<FORM_MAX_FIELDS; i++) buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
  Form f;
  const char *zWhy = 0;
  CHECK_INT(parse(buf_str(&b), &f, &zWhy), 0);
  CHECK_INT(f.n, FORM_MAX_FIELDS);
  CHECK_STR(form_get(&f, "f63"), "63");
  form_clear(&f);
  buf_puts(&b, "&one=more");
  CHECK_INT(parse(buf_str(&b), &f, &zWhy), -1);
  CHECK_CONTAINS(zWhy, "too many");
  CHECK_INT(f.n, 0);
  form_clear(&f);
  buf_reset(&b);
}

TEST(form_decode_plus_is_literal_when_asked){
  char *z = form_decode("a+b%20c", 7, 0);
  CHECK_STR(z, "a+b c");
  free(z);
  z = form_decode("a+b%20c", 7, 1);
  CHECK_STR(z, "a b c");
  free(z);
  z = form_decode("", 0, 1);
  CHECK_STR(z, "");
  free(z);
}

/* ---- Rate limiter ---- */

TEST(ratelimit_sixth_failure_for_a_username_is_refused){
  RateLimit *p = ratelimit_new();
  int64_t t = 1700000000;
  for(int i=0; i<RL_MAX_PER_USER; i++){
    /* each of the first five attempts may be tried, then fails */
    CHECK_INT(ratelimit_check(p, "ann.rep", "10.0.0.1", t+i), 0);
    ratelimit_fail(p, "ann.rep", "10.0.0.1", t+i);
  }
  /* the sixth attempt is refused, with a wait until the window ends */
  int w = ratelimit_check(p, "ann.rep", "10.0.0.1", t+5);
  CHECK_INT(w, RL_WINDOW-5);
  /* from another address too: the limit is per username */
  CHECK(ratelimit_check(p, "ann.rep", "192.0.2.7", t+5)>0);
  /* and whatever the case of the username */
  CHECK(ratelimit_check(p, "ANN.Rep", "192.0.2.7", t+5)>0);
  /* still refused just before the window ends, allowed once it has */
  CHECK_INT(ratelimit_check(p, "ann.rep", "10.0.0.1", t+RL_WINDOW-1), 1);
  CHECK_INT(ratelimit_check(p, "ann.rep", "10.0.0.1", t+RL_WINDOW), 0);
  ratelimit_free(p);
}

TEST(ratelimit_another_username_is_unaffected){
  RateLimit *p = ratelimit_new();
  int64_t t = 1700000000;
  for(int i=0; i<RL_MAX_PER_USER; i++) ratelimit_fail(p, "ann.rep", "10.0.0.1", t);
  CHECK(ratelimit_check(p, "ann.rep", "10.0.0.1", t)>0);
  CHECK_INT(ratelimit_check(p, "bob.rep", "10.0.0.2", t), 0);
  CHECK_INT(ratelimit_check(p, "bob.rep", "10.0.0.1", t), 0);   /* same address, under 20 */
  /* four failures do not lock an account */
  for(int i=0; i<RL_MAX_PER_USER-1; i++) ratelimit_fail(p, "cy.rep", "10.0.0.3", t);
  CHECK_INT(ratelimit_check(p, "cy.rep", "10.0.0.3", t), 0);
  ratelimit_free(p);
}

TEST(ratelimit_success_resets_the_username_but_not_the_address){
  RateLimit *p = ratelimit_new();
  int64_t t = 1700000000;
  for(int i=0; i<RL_MAX_PER_USER-1; i++) ratelimit_fail(p, "ann.rep", "10.0.0.1", t);
  ratelimit_success(p, "ann.rep", t);
  /* four more failures after the reset: still allowed (the count restarted) */
  for(int i=0; i<RL_MAX_PER_USER-1; i++) ratelimit_fail(p, "ann.rep", "10.0.0.1", t+1);
  CHECK_INT(ratelimit_check(p, "ann.rep", "10.0.0.1", t+1), 0);
  ratelimit_fail(p, "ann.rep", "10.0.0.1", t+1);
  CHECK(ratelimit_check(p, "ann.rep", "10.0.0.1", t+1)>0);
  /* success unlocks a locked username (case-insensitively) */
  ratelimit_success(p, "Ann.Rep", t+2);
  CHECK_INT(ratelimit_check(p, "ann.rep", "10.0.0.9", t+2), 0);

  /* the address's count is not reset by a success: 20 failures from one
  ** address across many usernames lock the address for everyone */
  RateLimit *q = ratelimit_new();
  char zUser[32];
  for(int i=0; i<RL_MAX_PER_IP; i++){
    snprintf(zUser, sizeof zUser, "guess%d", i);
    CHECK_INT(ratelimit_check(q, zUser, "203.0.113.5", t), 0);
    ratelimit_fail(q, zUser, "203.0.113.5", t);
    ratelimit_success(q, "own.account", t);
  }
  CHECK(ratelimit_check(q, "someone.else", "203.0.113.5", t)>0);
  CHECK_INT(ratelimit_check(q, "someone.else", "203.0.113.6", t), 0);
  ratelimit_free(q);
  ratelimit_free(p);
}
