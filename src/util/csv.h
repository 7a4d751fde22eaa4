/* csv.h: an RFC 4180 CSV reader over a buffer in memory.
** Accepts UTF-8 with or without a byte-order mark, CRLF or LF line ends,
** quoted fields with "" escapes and embedded newlines. */
#ifndef MANDATE_CSV_H
#define MANDATE_CSV_H
#include <stddef.h>

typedef struct CsvReader CsvReader;

/* One record. Fields are NUL-terminated, unquoted copies owned by the reader
** and valid until the next csv_read() or csv_close(). */
typedef struct CsvRow CsvRow;
struct CsvRow {
  int line;          /* 1-based line on which the record starts */
  int nField;        /* number of fields */
  char **azField;    /* borrowed: azField[0..nField-1] */
};

/* Start reading z[0..n-1]; the buffer is borrowed and must outlive the
** reader. Free with csv_close(). */
CsvReader *csv_open(const char *z, size_t n);
void csv_close(CsvReader *r);

/* Read the next record into *pRow. Returns 1 for a record, 0 at the end of
** input, -1 on a syntax error: then *pzErr (caller frees with free()) says
** what, e.g. "line 12, column 7: unterminated quoted field", and the reader
** cannot go on. A blank line is skipped, not returned as a record. */
int csv_read(CsvReader *r, CsvRow *pRow, char **pzErr);

/* Bytes consumed so far: for a progress bar. */
size_t csv_offset(const CsvReader *r);

/* Append z to pBuf as one CSV field, quoted only when it must be. */
struct Buf;
void csv_write_field(struct Buf *pBuf, const char *z);

#endif
