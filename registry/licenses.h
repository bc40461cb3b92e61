/* licenses.h: state licence lists as boards export them (CSV with a
 * header; esthetician, nurse, nurse practitioner licences), read through a
 * column map the user gives: --map name=COL,license=COL,type=COL,...
 * where COL is a header name or a 1-based column number. */
#ifndef CD_LICENSES_H
#define CD_LICENSES_H
#include <stdint.h>
#include <stdio.h>
#include "common/error.h"

#define LICENSES_MAX_FIELD 200
#define LICENSES_MAX_NOTES 10

/* One licence. name is "First Last" (a "Last, First" cell is turned
 * round); status is the board's words ("Active", "Revoked"); expires and
 * status_date (when the status took effect) are YYYY-MM-DD or "" (a row
 * with an unreadable date is malformed). Strings live until the callback
 * returns. */
struct license_row {
	int64_t line;
	const char *name, *license, *type, *status, *expires, *status_date;
};

struct licenses_report {
	int64_t rows;
	int64_t malformed;
	int64_t bytes;
	char notes[LICENSES_MAX_NOTES][160];
	int n_notes;
};

struct licenses_map;

/* Parses "name=Licensee Name,license=3,type=License Type,..." (keys name
 * or first and last, license, type, status, expires, status_date). CD_EINVAL with the
 * reason. Free with licenses_map_free. */
int licenses_map_parse(const char *spec, struct licenses_map **out, struct cd_error *err);
void licenses_map_free(struct licenses_map *m);

typedef int (*licenses_row_fn)(const struct license_row *row, void *arg);

/* Reads fp: the header, then every row. CD_EPARSE when a mapped column is
 * not in the header (the message names it); malformed rows (wrong field
 * count, no name or licence number) are counted and noted. */
int licenses_read(FILE *fp, const char *name, const struct licenses_map *map,
                  licenses_row_fn fn, void *arg, struct licenses_report *rep,
                  struct cd_error *err);
int licenses_read_mem(const char *data, size_t len, const char *name,
                      const struct licenses_map *map, licenses_row_fn fn, void *arg,
                      struct licenses_report *rep, struct cd_error *err);

#endif
