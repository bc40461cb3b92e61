/* places.h: places and distances: reading the US Census gazetteers (ZCTA
 * and Places), turning "78701", "Austin, TX" or "30.27,-97.74" into a
 * point, great-circle distance, and geocoding stored locations (markup geo,
 * else ZIP centroid, else city centroid). */
#ifndef CD_PLACES_H
#define CD_PLACES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>
#include "common/error.h"
#include "index/index.h"

#define PLACES_EARTH_RADIUS_MI 3958.7613
#define PLACES_KM_PER_MI 1.609344
#define PLACES_MAX_LINE 4096     /* a longer gazetteer line is malformed */
#define PLACES_MAX_NOTES 10      /* malformed lines described in a report */

/* Great-circle (haversine) distance in miles between two points given in
 * degrees. Exact enough for a radius search; no antimeridian special case
 * is needed since the formula is symmetric in longitude differences. */
double places_distance_mi(double lat1, double lon1, double lat2, double lon2);

/* ---- parsing what a user typed ---- */
enum place_kind { PLACE_ZIP = 1, PLACE_CITY = 2, PLACE_COORDS = 3 };
struct place_query {
	enum place_kind kind;
	char zip[6];          /* PLACE_ZIP: 5 digits (a ZIP+4's first five) */
	char city[128];       /* PLACE_CITY: as typed, trimmed */
	char state[3];        /* PLACE_CITY: upper case USPS code */
	double lat, lon;      /* PLACE_COORDS */
};
/* Parses "99501", "99501-1234", "Austin, TX" or "30.2672,-97.7431" (a space
 * after the comma allowed). CD_EINVAL with a message when s is none of them. */
int places_parse(const char *s, struct place_query *q, struct cd_error *err);
/* Parses "25mi", "40km", "10" (miles), "2.5 mi" into miles (> 0, at most
 * 3000). CD_EINVAL when invalid. */
int places_parse_radius(const char *s, double *miles, struct cd_error *err);
/* A USPS state or territory code (TX, any case); a ZIP (5 digits) or ZIP+4.
 * The filters of search, export and the web check their values with these. */
bool places_valid_state(const char *s);
bool places_valid_zip(const char *s);

/* The key places are matched by: ASCII lower case, runs of spaces as one,
 * trimmed; with strip_lsad the legal suffix of a Places NAME ("city",
 * "town", "CDP", "municipality", "city and borough", ...) is cut off.
 * Caller frees. */
char *places_key(const char *name, bool strip_lsad);

/* Registers cd_distance_mi(lat1, lon1, lat2, lon2) and cd_place_key(text)
 * (deterministic) on db. */
int places_sql_register(sqlite3 *db);

/* The point q names, from the loaded gazetteers (coordinates need none).
 * CD_ENOTFOUND, with "unknown place '...'" in err, when no gazetteer row
 * matches. */
int index_place_resolve(struct index *idx, const struct place_query *q, double *lat,
                        double *lon, struct cd_error *err);

/* Sets the coordinates of the locations that have no markup geo (of one
 * page when page_id > 0, else all): the ZIP centroid, else the city
 * centroid, else none; geo_source says which ('zip', 'city'). *changed
 * (may be NULL) receives the rows updated. Runs in the caller's
 * transaction; the R*Tree follows through triggers. */
int index_geocode(struct index *idx, int64_t page_id, int64_t *changed, struct cd_error *err);

/* ---- gazetteer files ---- */
enum places_file { PLACES_FILE_ZCTA = 1, PLACES_FILE_PLACES = 2 };
struct places_record {
	enum places_file kind;
	const char *geoid;    /* ZCTA: 5 digits; Places: 7 digits */
	const char *state;    /* Places: USPS code; ZCTA: "" */
	const char *name;     /* Places: NAME ("Austin city"), valid UTF-8; ZCTA: "" */
	double lat, lon;
	double aland;         /* land area in m², 0 when absent */
	int64_t line;         /* its line number in the file */
};
struct places_report {
	enum places_file kind;
	int64_t lines;        /* data lines read (header excluded) */
	int64_t records;      /* good records handed on */
	int64_t malformed;    /* lines refused */
	char notes[PLACES_MAX_NOTES][160];   /* "line 12: GEOID ..." */
	size_t n_notes;
};
/* Reads a gazetteer file from fp: a tab-separated header (a UTF-8 BOM,
 * CRLF and space padding tolerated) naming GEOID, INTPTLAT, INTPTLONG and,
 * for the Places file, USPS and NAME; then one record a line. A malformed
 * line (too long, too few fields, bad GEOID or coordinates, a NUL, bad
 * UTF-8) is counted and noted with its line number, not fatal. cb gets
 * each good record (valid during the call); a non-zero return stops and is
 * returned. CD_EPARSE when the header is not a gazetteer's; CD_EIO on a
 * read error. */
int places_read(FILE *fp, int (*cb)(const struct places_record *, void *), void *arg,
                struct places_report *rep, struct cd_error *err);
/* Counts a refused line in rep and notes why (the first PLACES_MAX_NOTES). */
void places_report_bad(struct places_report *rep, int64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Imports the gazetteer in fp into the directory, replacing that kind's
 * table in one transaction with the re-geocoding of every location: a
 * reader sees the old gazetteer or the new one. A file without one good
 * record changes nothing (CD_EPARSE). *geocoded receives the locations
 * whose coordinates now come from a gazetteer. Errors about the file
 * begin with its name. */
int index_gazetteer_import(struct index *idx, FILE *fp, const char *name,
                           struct places_report *rep, int64_t *geocoded,
                           struct cd_error *err);

#endif
