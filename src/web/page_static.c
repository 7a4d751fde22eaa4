/* page_static.c: the stylesheet (embedded, so the binary is the whole
** deployment) and the health check. No inline styles anywhere: the CSP
** allows stylesheets from our own origin only. */
#include "pages.h"
#include "html.h"
#include "web_assets.h"
#include <string.h>

static const char zStyleCss[] =
  ":root{--fg:#1a1a1a;--muted:#4a4a4a;--bg:#fff;--line:#d0d5dd;--accent:#1d4ed8;"
  "--head:#0f2a4a;--warn:#8a1c1c;--ok:#14532d;--zebra:rgba(15,42,74,.04)}\n"
  "*{box-sizing:border-box}\n"
  "html{font-size:100%}\n"
  "body{margin:0;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
  "line-height:1.5;color:var(--fg);background:var(--bg)}\n"
  "a{color:var(--accent)}\n"
  "a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f59e0b;outline-offset:2px}\n"
  ".skip{position:absolute;left:-999px}\n"
  ".skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:10}\n"
  "header.top{background:var(--head);color:#fff;padding:.5rem max(1rem,calc((100% - 72rem)/2 + 1rem));display:flex;"
  "flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem}\n"
  "header.top a{color:#fff}\n"
  ".brand{margin:0;font-weight:700;font-size:1.25rem}\n"
  ".brand a{text-decoration:none}\n"
  ".who{margin:0;font-size:.9rem}\n"
  "header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}\n"
  "header nav form{margin:0}\n"
  "header nav button{background:transparent;color:#fff;border:1px solid #fff;border-radius:4px;"
  "padding:.15rem .6rem;font:inherit;cursor:pointer}\n"
  "main{max-width:72rem;margin:0 auto;padding:1rem}\n"
  "h1{font-size:1.6rem;margin:.5rem 0 1rem}\n"
  "h2{font-size:1.25rem;margin:1.5rem 0 .5rem}\n"
  ".muted,.crumbs{color:var(--muted);font-size:.9rem}\n"
  /* Shadows at an edge with more columns beyond it: the white covers
  ** scroll with the table (local) and hide a shadow once that edge is
  ** reached; cell backgrounds are translucent so the shadows show. */
  ".table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:0 0 1rem;"
  "background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) left/2.5rem 100% no-repeat local,"
  "linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) right/2.5rem 100% no-repeat local,"
  "radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.25),rgba(0,0,0,0)) left/.9rem 100% no-repeat scroll,"
  "radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.25),rgba(0,0,0,0)) right/.9rem 100% no-repeat scroll}\n"
  ".scroll-hint{display:none}\n"
  "table{border-collapse:collapse;min-width:100%}\n"
  "caption{text-align:left;font-weight:600;padding:.25rem 0}\n"
  "th,td{border-bottom:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}\n"
  "th{background:rgba(15,42,74,.07)}\n"
  "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
  "thead th.num{white-space:normal;min-width:4.5rem}\n"
  "th.unit{min-width:16rem}\n"
  "@media (min-width:75rem){th.unit{min-width:24rem}}\n"
  ".sub{display:block;margin-top:.5rem;font-size:.8rem;line-height:1.2;color:var(--muted);white-space:nowrap}\n"
  ".sub .muted{font-size:inherit}\n"
  "tbody tr:nth-child(even){background:var(--zebra)}\n"
  ".depth-1 th[scope=row]{padding-left:1.4rem}\n"
  ".depth-2 th[scope=row]{padding-left:2.4rem}\n"
  ".depth-3 th[scope=row]{padding-left:3.4rem}\n"
  ".depth-4 th[scope=row]{padding-left:4.4rem}\n"
  "th[scope=row]{font-weight:400;background:transparent}\n"
  ".total th,.total td{font-weight:700}\n"
  "figure.chart{margin:1rem 0;max-width:40rem}\n"
  "figure.chart figcaption{font-weight:600}\n"
  "svg.bars{display:block;width:100%;overflow:visible}\n"
  "dl.facts{display:grid;grid-template-columns:13.5rem 1fr;gap:.25rem 1rem;margin:0 0 1rem}\n"
  "dl.facts dt{font-weight:600}\n"
  "dl.facts dd{margin:0}\n"
  "ul.gaps li{margin:.25rem 0}\n"
  "td.notes{white-space:pre-line}\n"
  ".error{color:var(--warn);font-weight:600}\n"
  ".ok{color:var(--ok)}\n"
  ".warn{color:var(--warn)}\n"
  "form.stack{display:grid;gap:.75rem;max-width:32rem}\n"
  "form.stack label{display:block;font-weight:600}\n"
  "input,select,textarea{font:inherit;padding:.4rem;border:1px solid #767676;border-radius:4px;max-width:100%}\n"
  "input[type=text],input[type=password],input[type=search],textarea{width:100%}\n"
  "textarea{min-height:6rem}\n"
  "button.primary{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;font:inherit;cursor:pointer}\n"
  "form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:0 0 1rem}\n"
  "form.search div{flex:1 1 16rem}\n"
  "form.search label{display:block;font-weight:600}\n"
  "nav.pages ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}\n"
  /* the member's voting page (page_vote.c): large targets, one column */
  ".lead{font-size:1.1rem}\n"
  ".notice{border-left:4px solid var(--warn);background:#fdf2f2;padding:.75rem 1rem}\n"
  "form.vote{display:grid;gap:1.25rem;max-width:36rem}\n"
  "form.vote[hidden],.done[hidden],.vote .error[hidden]{display:none}\n"
  "fieldset.question{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:0}\n"
  "fieldset.question legend{font-weight:700;font-size:1.15rem;padding:0 .25rem}\n"
  ".hint{margin:.25rem 0 .5rem;color:var(--muted)}\n"
  ".choice{display:flex;align-items:center;gap:.75rem;margin:.35rem 0;padding:.5rem .75rem;"
  "border:1px solid var(--line);border-radius:6px;min-height:3rem}\n"
  ".choice input{width:1.6rem;height:1.6rem;margin:0;flex:none}\n"
  ".choice label{flex:1;font-size:1.1rem;cursor:pointer}\n"
  ".vote .field label{display:block;font-weight:700;font-size:1.1rem}\n"
  "#voting-code{width:100%;font-family:ui-monospace,monospace;font-size:1rem;padding:.6rem}\n"
  ".revote{font-weight:600}\n"
  "button.cast{font-size:1.2rem;padding:.8rem 1.5rem;min-height:3rem;width:100%;max-width:20rem}\n"
  "button.cast[disabled]{opacity:.6;cursor:progress}\n"
  ".done{border-left:4px solid var(--ok);padding:.25rem 1rem;max-width:36rem}\n"
  ".tracker{display:block;margin-top:.25rem;font-family:ui-monospace,monospace;font-size:1.4rem;letter-spacing:.05em;word-break:break-all}\n"
  "footer{max-width:72rem;margin:2rem auto 1rem;padding:0 1rem;color:var(--muted);font-size:.85rem}\n"
  "@media (max-width:40rem){main{padding:.5rem}header.top{padding:.5rem}footer{padding:0 .5rem}"
  "h1{font-size:1.3rem}table{font-size:.875rem}th,td{padding:.3rem .4rem}th.unit{min-width:10rem}"
  "dl.facts{grid-template-columns:8.5rem 1fr}"
  ".scroll-hint{display:block;margin:0 0 .25rem;color:var(--muted);font-size:.85rem}}\n";

/*
** GET /static/js/VERSION/NAME: the browser's ballot code and libsodium's
** JavaScript build, embedded at build time (web_assets.h). VERSION is a
** hash of every file, so a file never changes under its address and may
** be cached for a year; another version is a 404. The R_STATIC gate runs
** no parameter checks: the two path segments are the captures.
*/
void page_script(Req *req){
  const char *zVersion = req->azCapture[0], *zName = req->azCapture[1];
  if( zVersion && zName && strcmp(zVersion, zWebAssetVersion)==0 ){
    for(const WebAsset *p=aWebAsset; p->zName; p++){
      if( strcmp(p->zName, zName)==0 ){
        req->zContentType = "text/javascript; charset=utf-8";
        http_set_header(req, "Cache-Control", "public, max-age=31536000, immutable");
        buf_append(&req->out, p->a, p->n);
        return;
      }
    }
  }
  req->cacheable = 0;
  http_error(req, 404, "there is no script at this address");
}

/*
** GET /static/noscript.css: linked inside <noscript> on the voting and pledge pages,
** so without JavaScript only the message saying voting needs it shows
** (the CSP allows no inline style).
*/
void page_noscript_css(Req *req){
  req->zContentType = "text/css; charset=utf-8";
  html_raw(req, ".needs-js{display:none}\n");
}

/*
** GET /static/style.css
*/
void page_style_css(Req *req){
  req->zContentType = "text/css; charset=utf-8";
  html_raw(req, zStyleCss);
}

/*
** GET /favicon.ico: nothing (204), so browsers stop asking and the log
** and console stay free of 404s. Cached like any static asset.
*/
void page_favicon(Req *req){
  req->status = 204;
}

/*
** GET /healthz: "ok" when this thread's database answers a query.
*/
void page_healthz(Req *req){
  req->zContentType = "text/plain; charset=utf-8";
  if( db_query_int(req->db, "SELECT 1", 0)!=1 ){
    http_error(req, 503, "database not answering");
    return;
  }
  html_raw(req, "ok\n");
}
