/* csv.h: RFC 4180 CSV output that spreadsheets cannot run.
 * Fields are quoted when they hold a comma, quote, CR or LF; quotes are
 * doubled; records end in CRLF. A field a spreadsheet would treat as a
 * formula (first character =, +, -, @, TAB or CR) gets a leading
 * apostrophe, the OWASP convention. The one exception is a plain negative
 * decimal number ("-97.7431"), which a spreadsheet reads as a number and
 * which longitudes need. */
#ifndef CD_CSV_H
#define CD_CSV_H
#include <stdio.h>
#include <stddef.h>

/* Writes one field (no separator). Returns 0 or -1 on a write error. */
int csv_write_field(FILE *out, const char *s);
/* Writes n fields separated by commas and a CRLF. NULL fields are empty. */
int csv_write_record(FILE *out, const char *const *fields, size_t n);
/* The inert form of s: a new string (caller frees). */
char *csv_neutralise(const char *s);

#endif
