/* template.h: the mail-merge of a message text: "{name}" placeholders
** replaced by values, everything else copied as it is. Used by the
** reminder waves and the credential authority's mail merge. */
#ifndef MANDATE_TEMPLATE_H
#define MANDATE_TEMPLATE_H
#include "buf.h"

/* Append zTemplate to pOut with each of the n placeholders azKey[i]
** (e.g. "{link}", braces included) replaced by azVal[i]. */
void template_fill(Buf *pOut, const char *zTemplate, const char *const *azKey,
                   const char *const *azVal, int n);

#endif
