/* strmap.c: a map from strings to 64-bit integers, by open addressing with
** linear probing, kept at most half full. */
#include "strmap.h"
#include "mem.h"
#include <stdlib.h>
#include <string.h>

static uint64_t strmap_hash(const char *z){   /* FNV-1a */
  uint64_t h = 1469598103934665603ULL;
  for(; *z; z++){ h ^= (unsigned char)*z; h *= 1099511628211ULL; }
  return h;
}

static void strmap_grow(StrMap *m){
  size_t nOld = m->nSlot;
  char **azOld = m->azKey;
  int64_t *aOld = m->aValue;
  m->nSlot = nOld ? nOld*2 : 1024;
  m->azKey = xcalloc(m->nSlot, sizeof(char*));
  m->aValue = xcalloc(m->nSlot, sizeof(int64_t));
  for(size_t i=0; i<nOld; i++){
    if( azOld[i]==0 ) continue;
    size_t j = strmap_hash(azOld[i]) & (m->nSlot-1);
    while( m->azKey[j] ) j = (j+1) & (m->nSlot-1);
    m->azKey[j] = azOld[i];
    m->aValue[j] = aOld[i];
  }
  free(azOld);
  free(aOld);
}

int strmap_add(StrMap *m, const char *zKey, int64_t v, int64_t *pOld){
  if( (m->nUsed+1)*2 > m->nSlot ) strmap_grow(m);
  size_t j = strmap_hash(zKey) & (m->nSlot-1);
  while( m->azKey[j] ){
    if( strcmp(m->azKey[j], zKey)==0 ){
      if( pOld ) *pOld = m->aValue[j];
      return 0;
    }
    j = (j+1) & (m->nSlot-1);
  }
  m->azKey[j] = xstrdup(zKey);
  m->aValue[j] = v;
  m->nUsed++;
  return 1;
}

int strmap_get(const StrMap *m, const char *zKey, int64_t *pV){
  if( m->nSlot==0 ) return 0;
  size_t j = strmap_hash(zKey) & (m->nSlot-1);
  while( m->azKey[j] ){
    if( strcmp(m->azKey[j], zKey)==0 ){ *pV = m->aValue[j]; return 1; }
    j = (j+1) & (m->nSlot-1);
  }
  return 0;
}

void strmap_clear(StrMap *m){
  for(size_t i=0; i<m->nSlot; i++) free(m->azKey[i]);
  free(m->azKey);
  free(m->aValue);
  memset(m, 0, sizeof(*m));
}
