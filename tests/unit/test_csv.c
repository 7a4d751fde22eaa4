/* test_csv.c: unit tests for the CSV reader and field writer (src/util/csv.c):
** the shapes real spreadsheet exports take, and the error messages a person
** importing a bad file will read. */
#include "test.h"
#include "../../src/util/csv.h"
#include "../../src/util/buf.h"
#include <stdlib.h>

/* Parse z (n bytes, or strlen(z) when n<0) and describe every record as
** "L:f1|f2|...;" where L is its first line. On an error the description
** ends "ERR:<message>". Returns a static buffer. */
static const char *parse_n(const char *z, long n){
  static char zOut[4096];
  Buf b = BUF_INIT;
  CsvReader *r = csv_open(z, n<0 ? strlen(z) : (size_t)n);
  CsvRow row;
  char *zErr = 0;
  int rc;
  while( (rc = csv_read(r, &row, &zErr))==1 ){
    buf_printf(&b, "%d:", row.line);
    for(int i=0; i<row.nField; i++){
      buf_printf(&b, "%s%s", i ? "|" : "", row.azField[i]);
    }
    buf_putc(&b, ';');
  }
  if( rc<0 ){
    buf_printf(&b, "ERR:%s", zErr ? zErr : "(no message)");
    free(zErr);
  }
  csv_close(r);
  snprintf(zOut, sizeof zOut, "%s", buf_str(&b));
  buf_reset(&b);
  return zOut;
}
static const char *parse(const char *z){ return parse_n(z, -1); }

TEST(csv_simple_rows){
  CHECK_STR(parse("name,email\nJo,jo@example.org\n"),
            "1:name|email;2:Jo|jo@example.org;");
  CHECK_STR(parse("a,b"), "1:a|b;");               /* no final newline */
  CHECK_STR(parse(""), "");
  CHECK_STR(parse("\n\n"), "");
}

TEST(csv_empty_fields){
  CHECK_STR(parse("a,,c\n,\n"), "1:a||c;2:|;");
  CHECK_STR(parse("a,b,\n"), "1:a|b|;");
  CHECK_STR(parse("a,b,"), "1:a|b|;");
  CHECK_STR(parse("\"\"\n"), "1:;");
  CHECK_STR(parse("\"\",\"\"\n"), "1:|;");
}

TEST(csv_quoted_commas_quotes_newlines){
  CHECK_STR(parse("\"Bloggs, Jo\",x\n"), "1:Bloggs, Jo|x;");
  CHECK_STR(parse("\"say \"\"hi\"\"\",x\n"), "1:say \"hi\"|x;");
  CHECK_STR(parse("\"\"\"\"\n"), "1:\";");
  CHECK_STR(parse("\"1 High St\nLeeds\",LS1 1AA\nnext,row\n"),
            "1:1 High St\nLeeds|LS1 1AA;3:next|row;");
  CHECK_STR(parse("\"a\r\nb\",c\r\nd,e\r\n"), "1:a\r\nb|c;3:d|e;");
  CHECK_STR(parse("\"x\""), "1:x;");
}

TEST(csv_line_ends_and_bom){
  CHECK_STR(parse("a,b\r\nc,d\r\n"), "1:a|b;2:c|d;");
  CHECK_STR(parse("a,b\r\nc,d\r"), "1:a|b;2:c|d;");   /* lone CR at the end */
  CHECK_STR(parse("a\rb\r"), "1:a;2:b;");             /* old Mac line ends */
  CHECK_STR(parse("\xef\xbb\xbfname,email\r\nJo,j@x.org\r\n"),
            "1:name|email;2:Jo|j@x.org;");
  CHECK_STR(parse("\xef\xbb\xbf"), "");
  CHECK_STR(parse("\xef\xbb\xbf\"q\"\n"), "1:q;");
}

TEST(csv_blank_lines_skipped_line_numbers_kept){
  CHECK_STR(parse("\na,b\n\n\r\nc\n\n"), "2:a|b;5:c;");
  CHECK_STR(parse("\"1\n2\n3\"\n\nz\n"), "1:1\n2\n3;5:z;");
}

TEST(csv_spaces_and_stray_quotes_kept){
  CHECK_STR(parse(" a , b \n"), "1: a | b ;");
  CHECK_STR(parse("5'10\",x\n"), "1:5'10\"|x;");
}

TEST(csv_utf8_text){
  CHECK_STR(parse("Zo\xc3\xab,\xe2\x82\xac" "5,\xf0\x9f\x98\x80\n"),
            "1:Zo\xc3\xab|\xe2\x82\xac" "5|\xf0\x9f\x98\x80;");
  CHECK_STR(parse("\"Bj\xc3\xb6rk\"\n"), "1:Bj\xc3\xb6rk;");
}

TEST(csv_error_unterminated_quote){
  CHECK_STR(parse("a,b\nc,\"never closed\nmore\n"),
            "1:a|b;ERR:line 2, column 3: "
            "expected a closing quote for the field that opens here");
}

TEST(csv_error_after_closing_quote){
  CHECK_STR(parse("x\n\"ab\"c,d\n"),
            "1:x;ERR:line 2, column 5: "
            "expected a comma or the end of the line after a closing quote");
  /* A quoted field spanning lines: the column is on the line of the error. */
  CHECK_STR(parse("\"a\nbc\"!\n"),
            "ERR:line 2, column 4: "
            "expected a comma or the end of the line after a closing quote");
}

TEST(csv_error_column_counts_characters){
  /* "Zoë" is four bytes but three characters: the bad byte is column 5. */
  CHECK_STR(parse("Zo\xc3\xab,\xe9t\xe9\n"),
            "ERR:line 1, column 5: expected UTF-8 text, found byte 0xE9 "
            "(save the file as \"CSV UTF-8\")");
  CHECK_STR(parse("\xef\xbb\xbf" "ab,c\xff\n"),
            "ERR:line 1, column 5: expected UTF-8 text, found byte 0xFF "
            "(save the file as \"CSV UTF-8\")");
  CHECK_CONTAINS(parse("ok\n\"q\xc0\x80\"\n"), "ERR:line 2, column 3: expected UTF-8");
  CHECK_CONTAINS(parse("a,\xed\xa0\x80\n"), "ERR:line 1, column 3: expected UTF-8");
  CHECK_CONTAINS(parse("a,\xe2\x82"), "ERR:line 1, column 3: expected UTF-8");
}

TEST(csv_error_nul_byte){
  CHECK_STR(parse_n("ab\ncd\0e\n", 8),
            "1:ab;ERR:line 2, column 3: expected text, found a NUL byte");
  CHECK_STR(parse_n("\"a\0\"\n", 5),
            "ERR:line 1, column 3: expected text, found a NUL byte");
}

TEST(csv_error_is_sticky){
  CsvReader *r = csv_open("\"x", 2);
  CsvRow row;
  char *zErr = 0;
  CHECK_INT(csv_read(r, &row, &zErr), -1);
  CHECK(zErr!=0);
  free(zErr);
  zErr = 0;
  CHECK_INT(csv_read(r, &row, &zErr), -1);
  CHECK_CONTAINS(zErr, "line 1, column 1");
  free(zErr);
  csv_close(r);
}

TEST(csv_offset_progress){
  const char *z = "a,b\nc,d\n";
  CsvReader *r = csv_open(z, strlen(z));
  CsvRow row;
  char *zErr = 0;
  CHECK_INT(csv_offset(r), 0);
  CHECK_INT(csv_read(r, &row, &zErr), 1);
  CHECK_INT(csv_offset(r), 4);
  CHECK_INT(csv_read(r, &row, &zErr), 1);
  CHECK_INT(csv_read(r, &row, &zErr), 0);
  CHECK_INT(csv_offset(r), strlen(z));
  CHECK_INT(csv_read(r, &row, &zErr), 0);     /* stays at the end */
  csv_close(r);
}

TEST(csv_many_fields_and_long_field){
  Buf in = BUF_INIT;
  for(int i=0; i<1000; i++) buf_printf(&in, "%s%d", i ? "," : "", i);
  buf_puts(&in, "\n\"");
  for(int i=0; i<20000; i++) buf_puts(&in, "xy\"\"");
  buf_puts(&in, "\"\n");
  CsvReader *r = csv_open(in.z, in.n);
  CsvRow row;
  char *zErr = 0;
  CHECK_INT(csv_read(r, &row, &zErr), 1);
  CHECK_INT(row.nField, 1000);
  CHECK_STR(row.azField[0], "0");
  CHECK_STR(row.azField[999], "999");
  CHECK_INT(csv_read(r, &row, &zErr), 1);
  CHECK_INT(row.nField, 1);
  CHECK_INT(strlen(row.azField[0]), 60000);
  CHECK(strncmp(row.azField[0], "xy\"xy\"", 6)==0);
  CHECK_INT(csv_read(r, &row, &zErr), 0);
  csv_close(r);
  buf_reset(&in);
}

/* Write azField as one record with csv_write_field. */
static void write_row(Buf *b, const char **az, int n){
  for(int i=0; i<n; i++){
    if( i ) buf_putc(b, ',');
    csv_write_field(b, az[i]);
  }
  buf_puts(b, "\r\n");
}

TEST(csv_write_field_quotes_only_when_needed){
  Buf b = BUF_INIT;
  csv_write_field(&b, "plain text");      buf_putc(&b, '/');
  csv_write_field(&b, "Bloggs, Jo");      buf_putc(&b, '/');
  csv_write_field(&b, "say \"hi\"");      buf_putc(&b, '/');
  csv_write_field(&b, "two\nlines");      buf_putc(&b, '/');
  csv_write_field(&b, "cr\r");            buf_putc(&b, '/');
  csv_write_field(&b, "");                buf_putc(&b, '/');
  csv_write_field(&b, 0);                 buf_putc(&b, '/');
  csv_write_field(&b, "\"");
  CHECK_STR(buf_str(&b), "plain text/\"Bloggs, Jo\"/\"say \"\"hi\"\"\"/"
            "\"two\nlines\"/\"cr\r\"///\"\"\"\"");
  buf_reset(&b);
}

TEST(csv_write_then_read_round_trip){
  static const char *aRow[][4] = {
    { "Jo Bloggs", "jo@example.org", "07700 900123", "" },
    { "Bloggs, Jo", "\"Jo\"", "1 High St\nLeeds", "a\r\nb" },
    { "", "", "", "," },
    { " spaced ", "\xc3\xa9t\xc3\xa9", "\"", "end\r" },
  };
  int nRow = (int)(sizeof aRow / sizeof aRow[0]);
  Buf b = BUF_INIT;
  for(int i=0; i<nRow; i++) write_row(&b, aRow[i], 4);
  CsvReader *r = csv_open(b.z, b.n);
  CsvRow row;
  char *zErr = 0;
  for(int i=0; i<nRow; i++){
    CHECK_INT(csv_read(r, &row, &zErr), 1);
    CHECK_INT(row.nField, 4);
    for(int j=0; j<4 && j<row.nField; j++) CHECK_STR(row.azField[j], aRow[i][j]);
  }
  CHECK_INT(csv_read(r, &row, &zErr), 0);
  CHECK(zErr==0);
  csv_close(r);
  buf_reset(&b);
}
