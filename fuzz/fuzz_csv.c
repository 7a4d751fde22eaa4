/* fuzz_csv.c: libFuzzer harness for the CSV reader (src/util/csv.c).
** Reads arbitrary bytes to the end or the first error, and checks that every
** record survives a round trip: written back with csv_write_field() and read
** again, it gives the same fields. Build and run with fuzz/run.sh. */
#include "../src/util/csv.h"
#include "../src/util/buf.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stop the run with a message: libFuzzer records the input as a crash. */
static void fuzz_fail(const char *zWhat){
  fprintf(stderr, "fuzz_csv: %s\n", zWhat);
  abort();
}

/* Write pRow as one CSV record, read it back, and compare. */
static void check_round_trip(const CsvRow *pRow){
  Buf b = BUF_INIT;
  /* A BOM first, as an export for Excel has: then a field that itself
  ** starts with U+FEFF is not taken for one. */
  buf_puts(&b, "\xef\xbb\xbf");
  for(int i=0; i<pRow->nField; i++){
    if( i ) buf_putc(&b, ',');
    csv_write_field(&b, pRow->azField[i]);
  }
  buf_puts(&b, "\r\n");
  CsvReader *r = csv_open(b.z, b.n);
  CsvRow row2;
  char *zErr = 0;
  int rc = csv_read(r, &row2, &zErr);
  if( pRow->nField==1 && pRow->azField[0][0]==0 ){
    /* One empty field is written as a blank line, which is skipped. */
    if( rc!=0 ) fuzz_fail("a lone empty field did not read back as nothing");
  }else{
    if( rc!=1 ) fuzz_fail(zErr ? zErr : "written record did not read back");
    if( row2.nField!=pRow->nField ) fuzz_fail("field count changed");
    for(int i=0; i<pRow->nField; i++){
      if( strcmp(row2.azField[i], pRow->azField[i])!=0 ) fuzz_fail("field changed");
    }
    if( csv_read(r, &row2, &zErr)!=0 ) fuzz_fail("one record read back as two");
  }
  free(zErr);
  csv_close(r);
  buf_reset(&b);
}

/*
** libFuzzer entry point: parse aData[0..nData-1] as a CSV file.
*/
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  CsvReader *r = csv_open((const char*)aData, nData);
  CsvRow row;
  char *zErr = 0;
  int rc, nLinePrev = 0;
  size_t iPrev = 0;
  while( (rc = csv_read(r, &row, &zErr))==1 ){
    if( row.nField<1 ) fuzz_fail("record with no fields");
    if( row.line<=nLinePrev ) fuzz_fail("line numbers not increasing");
    nLinePrev = row.line;
    size_t iNow = csv_offset(r);
    if( iNow<=iPrev || iNow>nData ) fuzz_fail("offset did not advance");
    iPrev = iNow;
    check_round_trip(&row);
  }
  if( rc<0 ){
    if( zErr==0 || strncmp(zErr, "line ", 5)!=0 ) fuzz_fail("error without position");
    free(zErr);
    zErr = 0;
    if( csv_read(r, &row, &zErr)!=-1 ) fuzz_fail("reader went on after an error");
    free(zErr);
  }else if( zErr!=0 ){
    fuzz_fail("error message at the end of input");
  }
  csv_close(r);
  return 0;
}
