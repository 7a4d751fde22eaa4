/* template.c: "{name}" placeholders in a message text (template.h). */
#include "template.h"
#include <string.h>

void template_fill(Buf *pOut, const char *zTemplate, const char *const *azKey,
                   const char *const *azVal, int n){
  const char *z = zTemplate;
  while( *z ){
    int k;
    for(k=0; k<n; k++){
      size_t nKey = strlen(azKey[k]);
      if( strncmp(z, azKey[k], nKey)==0 ){ buf_puts(pOut, azVal[k]); z += nKey; break; }
    }
    if( k==n ) buf_putc(pOut, *z++);
  }
}
