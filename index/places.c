/* places.c: distances, what a user types as a place, the keys place names
 * are matched by, the SQL functions the queries use, and geocoding the
 * stored locations from the gazetteer tables. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/seed.h"
#include "common/states.h"
#include "index/places.h"

#define DEG2RAD(d) ((d) * 3.14159265358979323846 / 180.0)

double
places_distance_mi(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = DEG2RAD(lat1), p2 = DEG2RAD(lat2);
	double dp = p2 - p1, dl = DEG2RAD(lon2 - lon1);
	double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (a > 1)
		a = 1;   /* rounding can push a past 1 for antipodes */
	return 2 * PLACES_EARTH_RADIUS_MI * asin(sqrt(a));
}

/* ---- parsing ---- */

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static bool
all_digits(const char *s, size_t n)
{
	size_t i = 0;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* "LAT,LON" with finite numbers in range; false when s is not that. */
static bool
parse_coords(const char *s, double *lat, double *lon)
{
	char *end = NULL;
	const char *p = skip_space(s);

	if (*p == '\0')
		return false;
	errno = 0;
	*lat = strtod(p, &end);
	if (end == p || errno)
		return false;
	p = skip_space(end);
	if (*p != ',')
		return false;
	p = skip_space(p + 1);
	*lon = strtod(p, &end);
	if (end == p || errno)
		return false;
	if (*skip_space(end) != '\0')
		return false;
	return isfinite(*lat) && isfinite(*lon) && *lat >= -90 && *lat <= 90 &&
	       *lon >= -180 && *lon <= 180;
}

int
places_parse(const char *s, struct place_query *q, struct cd_error *err)
{
	const char *start = skip_space(s), *end = start + strlen(start), *comma = NULL;
	const char *st = NULL, *st_end = NULL, *city_end = NULL;
	size_t n = 0;

	memset(q, 0, sizeof *q);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	n = (size_t)(end - start);
	/* 12345, 12345-6789, 123456789 */
	if ((n == 5 && all_digits(start, 5)) ||
	    (n == 10 && all_digits(start, 5) && start[5] == '-' && all_digits(start + 6, 4)) ||
	    (n == 9 && all_digits(start, 9))) {
		q->kind = PLACE_ZIP;
		memcpy(q->zip, start, 5);
		return 0;
	}
	if (parse_coords(s, &q->lat, &q->lon)) {
		q->kind = PLACE_COORDS;
		return 0;
	}
	comma = memrchr(start, ',', n);
	if (comma != NULL) {
		st = skip_space(comma + 1);
		st_end = end;
		city_end = comma;
		while (city_end > start && (city_end[-1] == ' ' || city_end[-1] == '\t'))
			city_end--;
		if (st_end - st == 2 && isalpha((unsigned char)st[0]) &&
		    isalpha((unsigned char)st[1]) && city_end > start &&
		    (size_t)(city_end - start) < sizeof q->city) {
			q->kind = PLACE_CITY;
			memcpy(q->city, start, (size_t)(city_end - start));
			q->state[0] = (char)toupper((unsigned char)st[0]);
			q->state[1] = (char)toupper((unsigned char)st[1]);
			return 0;
		}
	}
	return cd_error_set(err, CD_EINVAL,
	                    "'%.100s' is not a ZIP code, \"City, ST\" or LAT,LON", s);
}

bool
places_valid_state(const char *s)
{
	/* the one table of states and territories (common/states.c) */
	return states_code(s) != NULL;
}

bool
places_valid_zip(const char *s)
{
	size_t i, n = strlen(s);

	if (n != 5 && n != 10)
		return false;
	for (i = 0; i < n; i++) {
		if (i == 5 && s[i] == '-')
			continue;
		if (!isdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

int
places_parse_radius(const char *s, double *miles, struct cd_error *err)
{
	const char *p = skip_space(s);
	char *end = NULL;
	double v = 0;

	*miles = 0;
	if (!isdigit((unsigned char)*p) && *p != '.')
		goto bad;
	errno = 0;
	v = strtod(p, &end);
	if (end == p || errno || !isfinite(v) || v <= 0)
		goto bad;
	p = skip_space(end);
	if (strcmp(p, "km") == 0)
		v /= PLACES_KM_PER_MI;
	else if (*p != '\0' && strcmp(p, "mi") != 0 && strcmp(p, "mile") != 0 &&
	         strcmp(p, "miles") != 0)
		goto bad;
	if (v > 3000)
		return cd_error_set(err, CD_EINVAL, "'%.60s' is more than 3000 miles", s);
	*miles = v;
	return 0;
bad:
	return cd_error_set(err, CD_EINVAL,
	                    "'%.60s' is not a distance (e.g. 25mi, 40km, 10)", s);
}

/* ---- place keys ---- */

/* Legal/statistical area suffixes of Places NAMEs, longest first. */
static const char *const lsad_balance[] = {
	" consolidated government (balance)", " metropolitan government (balance)",
	" metro government (balance)", " unified government (balance)",
	" (balance)", NULL,
};
static const char *const lsad_words[] = {
	" city and borough", " urban county", " zona urbana", " municipality", " comunidad",
	" borough", " village", " city", " town", " cdp", NULL,
};

/* Cuts the first suffix of list that key ends with (leaving a non-empty
 * name); true when one was cut. */
static bool
strip_suffix(char *key, const char *const *list)
{
	size_t n = strlen(key), i = 0, m = 0;

	for (i = 0; list[i]; i++) {
		m = strlen(list[i]);
		if (n > m && strcmp(key + n - m, list[i]) == 0) {
			key[n - m] = '\0';
			return true;
		}
	}
	return false;
}

char *
places_key(const char *name, bool strip_lsad)
{
	char *key = xmalloc(strlen(name) + 1);
	const unsigned char *p = NULL;
	size_t n = 0;
	bool gap = false;

	for (p = (const unsigned char *)name; *p; p++) {
		if (isspace(*p)) {
			gap = true;
			continue;
		}
		if (gap && n > 0)
			key[n++] = ' ';
		gap = false;
		key[n++] = (char)tolower(*p);
	}
	key[n] = '\0';
	if (strip_lsad) {
		strip_suffix(key, lsad_balance);
		strip_suffix(key, lsad_words);
	}
	return key;
}

/* ---- SQL functions ---- */

static void
sql_distance(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int i = 0;

	for (i = 0; i < argc; i++)
		if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
			sqlite3_result_null(ctx);
			return;
		}
	sqlite3_result_double(ctx, places_distance_mi(
		sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1]),
		sqlite3_value_double(argv[2]), sqlite3_value_double(argv[3])));
}

static void
sql_place_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	char *key = NULL;

	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	key = places_key((const char *)s, argc > 1 && sqlite3_value_int(argv[1]) != 0);
	sqlite3_result_text(ctx, key, -1, free);
}

int
places_sql_register(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	if (sqlite3_create_function(db, "cd_distance_mi", 4, flags, NULL, sql_distance, NULL,
	                            NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "cd_place_key", 1, flags, NULL, sql_place_key, NULL,
	                            NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "cd_place_key", 2, flags, NULL, sql_place_key, NULL,
	                            NULL) != SQLITE_OK)
		return CD_EDB;
	return 0;
}

/* ---- resolving ---- */

/* A city: the place whose name (LSAD suffix cut, or whole) is the key,
 * the largest first; else the one place of the state whose name ends in
 * the key as a word ("Honolulu" for "Urban Honolulu CDP"). */
static const char *const resolve_city_sql =
	"SELECT lat, lon FROM gaz_places WHERE state = ?1 AND (name_key = ?2 OR full_key = ?2)"
	" ORDER BY full_key = ?2 DESC, aland DESC LIMIT 1";
static const char *const resolve_city_suffix_sql =
	"SELECT lat, lon, (SELECT count(*) FROM gaz_places WHERE state = ?1"
	"  AND substr(name_key, -length(?2) - 1) = ' ' || ?2)"
	" FROM gaz_places WHERE state = ?1 AND substr(name_key, -length(?2) - 1) = ' ' || ?2"
	" LIMIT 1";

int
index_place_resolve(struct index *idx, const struct place_query *q, double *lat, double *lon,
                    struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	char *key = NULL;
	int rc = 0, step = 0, pass = 0;

	if (q->kind == PLACE_COORDS) {
		*lat = q->lat;
		*lon = q->lon;
		return 0;
	}
	if (q->kind == PLACE_ZIP) {
		if ((rc = index_sql_prepare(idx, "SELECT lat, lon FROM gaz_zcta WHERE zip = ?1", &st,
		                            err)) != 0)
			goto out;
		index_sql_bind_text(st, 1, q->zip);
		step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			*lat = sqlite3_column_double(st, 0);
			*lon = sqlite3_column_double(st, 1);
			goto out;
		}
		if (step != SQLITE_DONE) {
			rc = index_sql_fail(idx, err, "cannot look up place");
			goto out;
		}
		rc = cd_error_set(err, CD_ENOTFOUND, "unknown place '%s' (load a ZCTA gazetteer "
		                  "with 'clinicdex gazetteer import')", q->zip);
		goto out;
	}
	key = places_key(q->city, false);
	for (pass = 0; pass < 2; pass++) {
		index_sql_done(idx, st);
		if ((rc = index_sql_prepare(idx, pass == 0 ? resolve_city_sql : resolve_city_suffix_sql,
		                            &st, err)) != 0)
			goto out;
		index_sql_bind_text(st, 1, q->state);
		index_sql_bind_text(st, 2, key);
		step = sqlite3_step(st);
		if (step == SQLITE_ROW && (pass == 0 || sqlite3_column_int(st, 2) == 1)) {
			*lat = sqlite3_column_double(st, 0);
			*lon = sqlite3_column_double(st, 1);
			goto out;
		}
		if (step != SQLITE_ROW && step != SQLITE_DONE) {
			rc = index_sql_fail(idx, err, "cannot look up place");
			goto out;
		}
	}
	rc = cd_error_set(err, CD_ENOTFOUND, "unknown place '%.100s, %s' (load a Places gazetteer "
	                  "with 'clinicdex gazetteer import')", q->city, q->state);
out:
	index_sql_done(idx, st);
	free(key);
	return rc;
}

/* ---- geocoding ---- */

/* Geocoding runs as passes over the rows still without coordinates: ZIP
 * centroid, then a place named exactly as the city, then a place whose name
 * without its LSAD suffix is the city (the largest such place first). Each
 * pass is one UPDATE, so the R*Tree triggers see every change. Each is
 * spelt for every location ([0]) and for one page's ([1]): a "?1 <= 0 OR
 * page_id = ?1" would read every location for each page a crawl stores. */
#define GEO_CLEAR(rows)                                                                     \
	"UPDATE locations SET lat = NULL, lon = NULL, geo_source = NULL"                    \
	" WHERE coalesce(geo_source, '') NOT IN ('markup', '" INDEX_GEO_SEED "') AND " rows \
	" AND (lat IS NOT NULL OR lon IS NOT NULL OR geo_source IS NOT NULL)"
#define GEO_ZIP(rows)                                                                    \
	"UPDATE locations SET (lat, lon, geo_source) = (SELECT z.lat, z.lon, 'zip'"       \
	"  FROM gaz_zcta z WHERE z.zip = substr(locations.zip, 1, 5))"                   \
	" WHERE geo_source IS NULL AND " rows                                             \
	" AND EXISTS (SELECT 1 FROM gaz_zcta z WHERE z.zip = substr(locations.zip, 1, 5))"
#define GEO_PLACE(rows, key)                                                             \
	"UPDATE locations SET (lat, lon, geo_source) = (SELECT p.lat, p.lon, 'city'"      \
	"  FROM gaz_places p WHERE p.state = locations.state"                            \
	"  AND p." key " = cd_place_key(locations.city) ORDER BY p.aland DESC LIMIT 1)"  \
	" WHERE geo_source IS NULL AND " rows " AND city IS NOT NULL"                     \
	" AND EXISTS (SELECT 1 FROM gaz_places p WHERE p.state = locations.state"        \
	"  AND p." key " = cd_place_key(locations.city))"
#define GEO_PASSES(rows) \
	{ GEO_CLEAR(rows), GEO_ZIP(rows), GEO_PLACE(rows, "full_key"), GEO_PLACE(rows, "name_key") }
static const char *const geocode_sql[2][4] = { GEO_PASSES("1"), GEO_PASSES("page_id = ?1") };

int
index_geocode(struct index *idx, int64_t page_id, int64_t *changed, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0;
	size_t i = 0;
	int rc = 0;

	for (i = 0; i < sizeof geocode_sql[0] / sizeof geocode_sql[0][0]; i++) {
		if ((rc = index_sql_prepare(idx, geocode_sql[page_id > 0][i], &st, err)) != 0)
			goto out;
		if (page_id > 0)
			sqlite3_bind_int64(st, 1, page_id);
		if ((rc = index_sql_step_done(idx, st, "cannot geocode locations", err)) != 0)
			goto out;
		if (i > 0)
			n += sqlite3_changes(idx->db);
		index_sql_done(idx, st);
		st = NULL;
	}
	if (changed)
		*changed = n;
out:
	index_sql_done(idx, st);
	return rc;
}
