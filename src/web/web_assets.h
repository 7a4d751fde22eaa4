/* web_assets.h: the browser's files embedded in the binary: our ES modules
** (web-assets/js/) and libsodium's JavaScript build, generated into
** build/gen/web_assets.c by scripts/embed_web.sh at build time. Served
** by page_script() (page_static.c) at /static/js/VERSION/NAME. */
#ifndef MANDATE_WEB_ASSETS_H
#define MANDATE_WEB_ASSETS_H
#include <stddef.h>

typedef struct WebAsset WebAsset;
struct WebAsset {
  const char *zName;            /* "ballot.js", "libsodium-sumo.mjs", ... */
  const unsigned char *a;       /* the file's bytes */
  size_t n;
};

extern const WebAsset aWebAsset[];      /* terminated by a {0} row */
extern const char zWebAssetVersion[];   /* 16 hex digits: a hash of every file */

#endif
