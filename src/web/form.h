/* form.h: the application/x-www-form-urlencoded parser for POST bodies,
** percent-decoding, and the UTF-8 check every text parameter passes. */
#ifndef MANDATE_FORM_H
#define MANDATE_FORM_H
#include <stddef.h>

#define FORM_MAX_FIELDS 64     /* more fields than this is an error */

typedef struct FormField FormField;
struct FormField {
  char *zName;                 /* owned; decoded */
  char *zValue;                /* owned; decoded; "" when empty */
};

typedef struct Form Form;
struct Form {
  int n;
  FormField *a;                /* owned */
};

/* Parse z[0..n-1] ("a=1&b=two+words&c=%C3%A9") into *pForm, which must be
** zeroed (or cleared). '+' is a space; %XX must be two hex digits; decoded
** names and values must be valid UTF-8 without NUL bytes; names are not
** empty. Returns 0, or -1 with *pzWhy (static text) and *pForm cleared. */
int form_parse(const char *z, size_t n, Form *pForm, const char **pzWhy);

/* The first value of field zName, or NULL. Borrowed from pForm. */
const char *form_get(const Form *pForm, const char *zName);

/* Free the fields; *pForm may be parsed into again. */
void form_clear(Form *pForm);

/* Decode one percent-encoded component z[0..n-1] ('+' as space when
** plusIsSpace) into a new string. Returns it (caller frees with free()),
** or NULL when a %XX is malformed or the result holds a NUL byte. */
char *form_decode(const char *z, size_t n, int plusIsSpace);

/* True when z[0..n-1] is well-formed UTF-8 (no overlongs, no surrogates,
** nothing above U+10FFFF). */
int form_utf8_ok(const char *z, size_t n);

#endif
