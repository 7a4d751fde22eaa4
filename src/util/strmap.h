/* strmap.h: a map from strings to 64-bit integers (open addressing).
** Keys are copied; the map owns them. Used by the importer to catch
** duplicate rows and to look up unit codes and employers in O(1). */
#ifndef MANDATE_STRMAP_H
#define MANDATE_STRMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct StrMap StrMap;
struct StrMap {
  char **azKey;      /* owned; NULL marks an empty slot */
  int64_t *aValue;   /* owned */
  size_t nSlot;      /* a power of two, or 0 before the first insert */
  size_t nUsed;
};
#define STRMAP_INIT {0,0,0,0}

/* Insert zKey with value v unless present. Returns 1 if inserted, 0 if the
** key was already there (then *pOld, if not NULL, gets its value). */
int strmap_add(StrMap *m, const char *zKey, int64_t v, int64_t *pOld);

/* Find zKey: 1 and *pV set if present, else 0. */
int strmap_get(const StrMap *m, const char *zKey, int64_t *pV);

void strmap_clear(StrMap *m);   /* frees everything; m is empty again */

#endif
