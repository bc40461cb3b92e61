/* query.c: reading the directory: clinics, practitioners and claims that
 * match a search filter (one clinic: clinic.c; the counts: stats.c).
 * Filters select clinics; the SQL is assembled from fixed fragments and
 * every value (including each code, the place and the text) is a bound
 * parameter. A place search starts from the R*Tree of location points,
 * text from the FTS5 index. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/places.h"
#include "index/query.h"


/* Column i (Unix seconds, or NULL) as ISO 8601 UTC in out[64], "" for
 * NULL. In C rather than SQL strftime(), which cost a search returning
 * thousands of clinics a third of its time. */
static const char *
iso_time(sqlite3_stmt *st, int i, char *out)
{
	time_t t = 0;
	struct tm tm;

	out[0] = '\0';
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return out;
	t = (time_t)sqlite3_column_int64(st, i);
	if (gmtime_r(&t, &tm) != NULL)
		snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return out;
}
#define STATUS_OK "(:status IS NULL OR status = :status)"

/* The longest SQL text a search assembles. Each code of a filter adds a
 * condition of some 150 bytes, so this is room for hundreds of them; the
 * builders return -1 past it and the search fails rather than run a query
 * cut short. */
#define QUERY_SQL_MAX (256 * 1024)

static int
query_too_long(struct cd_error *err)
{
	return cd_error_set(err, CD_EINVAL, "too many filters: the query would pass %d KiB",
	                    QUERY_SQL_MAX / 1024);
}

static bool
query_has_location_filter(const struct search_filter *f)
{
	return f->state || f->city || f->zip;
}

/* What a near filter becomes: the centre, the radius and the bounding box
 * the R*Tree prefilters with (padded: R*Tree keeps 32-bit floats). */
struct query_near {
	bool on;
	double lat, lon, radius;
	double min_lat, max_lat, min_lon, max_lon;
};

/* The per-query state beyond the filter: site, place, text. */
struct query_args {
	int64_t site_id;
	bool none;              /* a site filter naming no site: nothing matches */
	struct query_near near;
	char *match;            /* FTS5 query, or NULL */
	char *near_ids;         /* JSON array of the clinics near the place, nearest
	                           first (query_near_clinics), or NULL */
	bool match_few;         /* it matches fewer than QUERY_FEW_MATCHES clinics */
};

/* Below this many matching clinics a search near a place reads the
 * text's matches once, into a set each candidate is looked up in (about a
 * millisecond for 5,000), rather than asking FTS5 about each candidate
 * (some 50 us a probe): a word in one clinic of twenty cost hundreds of
 * probes in a 50-mile search (bench/serve: 60 ms for "glow"). A commoner
 * word fills a page after fewer probes, and its set would cost more to
 * build. Counting up to the bound reads at most that many entries. */
#define QUERY_FEW_MATCHES 5000

#define RAD2DEG(r) ((r) * 180.0 / 3.14159265358979323846)
#define DEG2RAD(d) ((d) * 3.14159265358979323846 / 180.0)

static int
query_near_prepare(struct index *idx, const struct search_filter *f, struct query_near *n,
                   struct cd_error *err)
{
	struct place_query q;
	double d = 0, dlat = 0, dlon = 0, s = 0;
	int rc = 0;

	memset(n, 0, sizeof *n);
	if (f->near == NULL)
		return 0;
	if ((rc = places_parse(f->near, &q, err)) != 0 ||
	    (rc = index_place_resolve(idx, &q, &n->lat, &n->lon, err)) != 0)
		return rc;
	n->on = true;
	n->radius = f->radius_mi > 0 ? f->radius_mi : 25.0;
	d = n->radius / PLACES_EARTH_RADIUS_MI;          /* angular radius */
	dlat = RAD2DEG(d);
	n->min_lat = n->lat - dlat - 1e-3;
	n->max_lat = n->lat + dlat + 1e-3;
	/* the widest longitude span of the circle is at latitude
	 * asin(sin(lat)/cos(d)); near a pole every longitude counts */
	s = sin(d) / cos(DEG2RAD(n->lat));
	if (n->max_lat >= 90 || n->min_lat <= -90 || s >= 1) {
		n->min_lon = -180;
		n->max_lon = 180;
	} else {
		dlon = RAD2DEG(asin(s));
		n->min_lon = n->lon - dlon - 1e-3;
		n->max_lon = n->lon + dlon + 1e-3;
	}
	return 0;
}

static int
query_args_prepare(struct index *idx, const struct search_filter *f, struct query_args *a,
                   struct cd_error *err)
{
	int rc = 0;

	memset(a, 0, sizeof *a);
	if (f->site != NULL) {
		rc = index_site_find(idx, f->site, &a->site_id, err);
		if (rc == CD_ENOTFOUND) {
			cd_error_clear(err);
			a->none = true;
			rc = 0;
		}
		if (rc != 0)
			return rc;
	}
	if ((rc = query_near_prepare(idx, f, &a->near, err)) != 0)
		return rc;
	if (f->text && (rc = index_text_query(f->text, &a->match, err)) != 0)
		return rc;
	if (a->match && a->near.on) {
		sqlite3_stmt *st = NULL;

		if ((rc = index_sql_prepare(idx, "SELECT count(*) FROM (SELECT 1 FROM clinic_fts"
		                            " WHERE clinic_fts MATCH ?1 LIMIT ?2)", &st, err)) != 0)
			return rc;
		index_sql_bind_text(st, 1, a->match);
		sqlite3_bind_int(st, 2, QUERY_FEW_MATCHES);
		if (sqlite3_step(st) == SQLITE_ROW)
			a->match_few = sqlite3_column_int(st, 0) < QUERY_FEW_MATCHES;
		else
			rc = index_sql_fail(idx, err, "cannot search the text");
		index_sql_done(idx, st);
	}
	return rc;
}

static void
query_args_release(struct query_args *a)
{
	free(a->match);
	a->match = NULL;
	free(a->near_ids);
	a->near_ids = NULL;
}

/* " AND ..." conditions a location row (alias a) must meet for the
 * state, city and ZIP filters. */
static int
query_location_only(struct buf *sql, const struct search_filter *f, const char *a)
{
	int r = 0;

	if (f->state)
		r |= buf_printf(sql, " AND %s.state = upper(:state)", a);
	if (f->city)
		r |= buf_printf(sql, " AND %s.city = :city COLLATE NOCASE", a);
	/* "78701" matches "78701" and "78701-1234" ('-' sorts just before
	 * '.'); a ZIP+4 asks for its ZIP, as --near reads one. A range, so
	 * the ZIP index serves it. */
	if (f->zip)
		r |= buf_printf(sql, " AND %s.zip >= substr(:zip, 1, 5)"
		                " AND %s.zip < substr(:zip, 1, 5) || '.'", a, a);
	return r;
}

/* The conditions a location row (alias a) must meet for the filter. */
static int
query_location_conds(struct buf *sql, const struct search_filter *f, const char *a)
{
	return buf_printf(sql, "%s.clinic_id = c.id", a) | query_location_only(sql, f, a);
}

/* The points of a near filter's box (location_grid g, schema 13: the
 * unshadowed ones) within its radius, read band by band: bands is the
 * WITH table of the box's latitude bands, each a run of the grid's key
 * from the box's west edge to its east. */
#define NEAR_BANDS \
	"RECURSIVE bands(b) AS (SELECT :band0 UNION ALL SELECT b + 1 FROM bands WHERE b < :band1)"
#define NEAR_POINTS \
	" FROM bands JOIN location_grid g ON g.band = bands.b AND g.lon >= :minlon" \
	" AND g.lon <= :maxlon WHERE g.lat >= :minlat AND g.lat <= :maxlat" \
	" AND cd_distance_mi(:lat, :lon, g.lat, g.lon) <= :radius"

/* The R*Tree box of a near filter. */
#define RTREE_BOX(r) \
	r ".min_lat >= :minlat AND " r ".max_lat <= :maxlat AND " r ".min_lon >= :minlon" \
	" AND " r ".max_lon <= :maxlon"

/* " AND ..." keeping location rows (alias a) within the radius: the
 * R*Tree box first, then the exact distance. Not the grid, which leaves
 * out the copies a twin with markup coordinates shadows: a location row
 * of clinic_locations may be one. */
static int
query_near_conds(struct buf *sql, const char *a)
{
	return buf_printf(sql,
	                  " AND %s.id IN (SELECT id FROM location_rtree r WHERE " RTREE_BOX("r") ")"
	                  " AND cd_distance_mi(:lat, :lon, %s.lat, %s.lon) <= :radius",
	                  a, a, a);
}

/* Filters a practitioners or claims query applies to its own rows
 * rather than to their clinics (query_clinic_conds leaves them out). */
enum {
	QUERY_ROW_CREDENTIALS = 1,   /* --credential */
	QUERY_ROW_SERVICES = 2,      /* --service */
	QUERY_ROW_STATUS = 4,        /* --status */
};

/* " AND ..." conditions on clinic c for the filter; the location and near
 * conditions are left out when the caller applies them to its own
 * location row (with_location false), and the claim filters named in
 * row_filters when the caller applies them to its rows. */
static int
query_clinic_conds(struct buf *sql, const struct search_filter *f, const struct query_args *a,
                   bool with_location, bool text_by_rowid, bool with_site, unsigned row_filters)
{
	size_t i = 0;
	int r = 0;

	if (with_location && a->near.on) {
		bool loc = query_has_location_filter(f);

		r |= buf_puts(sql, " AND c.id IN (WITH " NEAR_BANDS " SELECT g.clinic_id" NEAR_POINTS);
		if (loc) {
			r |= buf_puts(sql, " AND g.id IN (SELECT lf.id FROM locations lf WHERE 1");
			r |= query_location_only(sql, f, "lf");
			r |= buf_puts(sql, ")");
		}
		r |= buf_puts(sql, ")");
	} else if (with_location && query_has_location_filter(f)) {
		/* the clinics of the matching locations, found by the state,
		 * city or ZIP index rather than by visiting every clinic */
		r |= buf_puts(sql, " AND c.id IN (SELECT lf.clinic_id FROM locations lf WHERE 1");
		r |= query_location_only(sql, f, "lf");
		r |= buf_puts(sql, ")");
	}
	if (f->site && with_site)
		r |= buf_puts(sql, " AND c.site_id = :site_id");
	if (f->excluded)
		/* c is not always the clinics table (a search near a place reads
		 * a list of nearby clinics), so the clinic's own exclusion is
		 * looked up by id */
		r |= buf_puts(sql, " AND (c.id IN (SELECT id FROM clinics WHERE exclusion IS NOT NULL)"
		                   " OR EXISTS (SELECT 1 FROM practitioners px"
		                   " WHERE px.clinic_id = c.id AND px.exclusion IS NOT NULL))");
	for (i = 0; i < f->n_credentials && !(row_filters & QUERY_ROW_CREDENTIALS); i++)
		r |= buf_printf(sql,
		                " AND EXISTS (SELECT 1 FROM claims WHERE clinic_id = c.id"
		                " AND kind = 'credential' AND code = :cred%zu AND " STATUS_OK ")",
		                i);
	for (i = 0; i < f->n_services && !(row_filters & QUERY_ROW_SERVICES); i++)
		r |= buf_printf(sql,
		                " AND EXISTS (SELECT 1 FROM claims WHERE clinic_id = c.id"
		                " AND kind = 'service' AND code = :svc%zu AND " STATUS_OK ")",
		                i);
	if (f->status && !(row_filters & QUERY_ROW_STATUS))
		r |= buf_puts(sql, " AND EXISTS (SELECT 1 FROM claims WHERE clinic_id = c.id AND "
		                   "status = :status)");
	/* Few candidates (a place): look each one's document up by rowid, or
	 * when few clinics match, each one up in the set of matches (the '+'
	 * keeps the set from driving the query out of the caller's order);
	 * otherwise let the text pick the clinics. */
	if (a->match && text_by_rowid && a->match_few)
		r |= buf_puts(sql, " AND +c.id IN (SELECT rowid FROM clinic_fts"
		                   " WHERE clinic_fts MATCH :text)");
	else if (a->match && text_by_rowid)
		r |= buf_puts(sql, " AND EXISTS (SELECT 1 FROM clinic_fts WHERE clinic_fts MATCH :text"
		                   " AND rowid = c.id)");
	else if (a->match)
		r |= buf_puts(sql, " AND c.id IN (SELECT rowid FROM clinic_fts"
		                   " WHERE clinic_fts MATCH :text)");
	return r;
}

static void
bind_double_named(sqlite3_stmt *st, const char *name, double v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_double(st, i, v);
}

static void
query_bind(sqlite3_stmt *st, const struct search_filter *f, const struct query_args *a)
{
	char name[32];
	size_t i = 0;

	index_sql_bind_text_named(st, ":state", f->state);
	index_sql_bind_text_named(st, ":city", f->city);
	index_sql_bind_text_named(st, ":zip", f->zip);
	index_sql_bind_text_named(st, ":status", f->status);
	index_sql_bind_text_named(st, ":unchecked", claim_status_name(CLAIM_UNCHECKED));
	index_sql_bind_text_named(st, ":text", a->match);
	index_sql_bind_text_named(st, ":near", a->near_ids);
	index_sql_bind_int64_named(st, ":site_id", a->site_id);
	index_sql_bind_int64_named(st, ":limit", f->limit > 0 ? f->limit : -1);
	index_sql_bind_int64_named(st, ":offset", f->offset > 0 ? f->offset : 0);
	bind_double_named(st, ":lat", a->near.lat);
	bind_double_named(st, ":lon", a->near.lon);
	bind_double_named(st, ":radius", a->near.radius);
	bind_double_named(st, ":minlat", a->near.min_lat);
	bind_double_named(st, ":maxlat", a->near.max_lat);
	bind_double_named(st, ":minlon", a->near.min_lon);
	bind_double_named(st, ":maxlon", a->near.max_lon);
	index_sql_bind_int64_named(st, ":band0", INDEX_GRID_BAND(a->near.min_lat));
	index_sql_bind_int64_named(st, ":band1", INDEX_GRID_BAND(a->near.max_lat));
	for (i = 0; i < f->n_credentials; i++) {
		snprintf(name, sizeof name, ":cred%zu", i);
		index_sql_bind_text_named(st, name, f->credentials[i]);
	}
	for (i = 0; i < f->n_services; i++) {
		snprintf(name, sizeof name, ":svc%zu", i);
		index_sql_bind_text_named(st, name, f->services[i]);
	}
}

/* Prepares the assembled query and binds the filter. */
static int
query_prepare(struct index *idx, struct buf *sql, const struct search_filter *f,
              const struct query_args *a, sqlite3_stmt **st, struct cd_error *err)
{
	int rc = index_sql_prepare(idx, buf_str(sql), st, err);

	if (rc == 0)
		query_bind(*st, f, a);
	return rc;
}

/* The clinics columns over clinic c, site s and location l, then (added
 * by the caller) the distance and the geo source. The code lists are the
 * stored ones, unless a status filter asks for its claims only. */
static int
query_clinic_columns(struct buf *sql, const struct search_filter *f)
{
	int r = 0;

	r |= buf_puts(sql, "SELECT c.id, c.name, s.key, c.phone,"
	                   " coalesce(l.street, ''), coalesce(l.city, ''), coalesce(l.state, ''),"
	                   " coalesce(l.zip, ''), l.lat, l.lon,");
	if (f->status == NULL)
		r |= buf_puts(sql, " c.services, c.credentials,");
	else
		r |= buf_puts(sql,
		              " coalesce((SELECT group_concat(code, ';') FROM (SELECT DISTINCT code FROM claims"
		              "   WHERE clinic_id = c.id AND kind = 'service' AND " STATUS_OK
		              "   ORDER BY code)), ''),"
		              " coalesce((SELECT group_concat(code, ';') FROM (SELECT DISTINCT code FROM claims"
		              "   WHERE clinic_id = c.id AND kind = 'credential' AND " STATUS_OK
		              "   ORDER BY code)), ''),");
	r |= buf_puts(sql, " c.practitioners,"
	                   " c.first_seen, c.last_crawled,"
	                   " (SELECT count(*) FROM claims WHERE clinic_id = c.id"
	                   " AND status = 'conflict'),"
	                   " (SELECT count(*) FROM practitioners WHERE clinic_id = c.id"
	                   "  AND exclusion IS NOT NULL),"
	                   " c.exclusion IS NOT NULL,");
	return r;
}

/* The query of index_search_clinics (per_location false) or of
 * index_search_locations. */
static int
query_clinics_sql(struct buf *sql, const struct search_filter *f, const struct query_args *a,
                  bool per_location)
{
	int r = 0;

	if (per_location) {
		r |= query_clinic_columns(sql, f);
		r |= buf_puts(sql, a->near.on ? " cd_distance_mi(:lat, :lon, l.lat, l.lon)" : " NULL");
		r |= buf_puts(sql, ", coalesce(l.geo_source, '')"
		                   " FROM clinics c JOIN sites s ON s.id = c.site_id"
		                   " JOIN clinic_locations l ON l.clinic_id = c.id WHERE 1");
		r |= query_location_only(sql, f, "l");
		if (a->near.on)
			r |= query_near_conds(sql, "l");
		r |= query_clinic_conds(sql, f, a, false, false, true, 0);
		r |= buf_puts(sql, a->near.on ? " ORDER BY 19, c.id, l.id LIMIT :limit OFFSET :offset"
		                              : " ORDER BY c.id, l.id LIMIT :limit OFFSET :offset");
		return r;
	}
	if (a->near.on) {
		/* The clinics near the place come nearest first from
		 * query_near_clinics; the clinic filters and the limit are
		 * applied in that order, so the first page of a search near a
		 * big city tests a page of clinics, not all of them. Each
		 * row's location is the clinic's nearest point (the lowest id
		 * of equally near ones) that the state, city or ZIP filter
		 * keeps. */
		bool loc = query_has_location_filter(f);

		r |= buf_puts(sql, "WITH pick AS (SELECT c.id AS cid FROM (SELECT value AS id"
		                   " FROM json_each(:near)) c WHERE 1");
		if (f->site)
			r |= buf_puts(sql, " AND c.id IN (SELECT id FROM clinics WHERE site_id = :site_id)");
		r |= query_clinic_conds(sql, f, a, false, true, false, 0);
		r |= buf_puts(sql, " LIMIT :limit OFFSET :offset) ");
		r |= query_clinic_columns(sql, f);
		r |= buf_puts(sql, " cd_distance_mi(:lat, :lon, l.lat, l.lon), coalesce(l.geo_source, '')"
		                   " FROM pick n JOIN clinics c ON c.id = n.cid"
		                   " JOIN sites s ON s.id = c.site_id JOIN locations l ON l.id ="
		                   " (SELECT o.id FROM location_points o WHERE o.clinic_id = c.id"
		                   " AND o.shadowed = 0");
		if (loc) {
			r |= buf_puts(sql, " AND o.id IN (SELECT lf.id FROM locations lf WHERE 1");
			r |= query_location_only(sql, f, "lf");
			r |= buf_puts(sql, ")");
		}
		r |= buf_puts(sql, " ORDER BY cd_distance_mi(:lat, :lon, o.lat, o.lon), o.id LIMIT 1)"
		                   " ORDER BY 19, c.id");
		return r;
	}
	r |= query_clinic_columns(sql, f);
	r |= buf_puts(sql, " NULL, coalesce(l.geo_source, '')"
	                   " FROM clinics c JOIN sites s ON s.id = c.site_id"
	                   " LEFT JOIN locations l ON l.id = (SELECT lm.id FROM locations lm WHERE ");
	r |= query_location_conds(sql, f, "lm");
	/* the clinic's address as clinic_locations ranks its copies, then by
	 * page URL, not by id: ids follow the order pages arrived in, which
	 * differs between two crawls of one web (and between shards) */
	r |= buf_puts(sql, " ORDER BY lm.geo_source IS NOT 'markup', lm.lat IS NULL,"
	                   " (SELECT url FROM pages WHERE id = lm.page_id), lm.id LIMIT 1) WHERE 1");
	r |= query_clinic_conds(sql, f, a, true, false, true, 0);
	r |= buf_puts(sql, " ORDER BY c.id LIMIT :limit OFFSET :offset");
	return r;
}

/* A point of the grid within the radius: its clinic and distance. */
struct query_near_point {
	double dist;
	int64_t clinic_id;
};

static int
query_near_by_clinic(const void *x, const void *y)
{
	const struct query_near_point *a = x, *b = y;

	if (a->clinic_id != b->clinic_id)
		return a->clinic_id < b->clinic_id ? -1 : 1;
	return (a->dist > b->dist) - (a->dist < b->dist);
}

static int
query_near_by_distance(const void *x, const void *y)
{
	const struct query_near_point *a = x, *b = y;

	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	return (a->clinic_id > b->clinic_id) - (a->clinic_id < b->clinic_id);
}

/* Appends sep and id in decimal: printf for each of thousands of ids
 * was a third of a search's instructions. */
static int
query_put_id(struct buf *b, const char *sep, int64_t id)
{
	char d[24];
	size_t i = sizeof d;
	uint64_t u = id < 0 ? -(uint64_t)id : (uint64_t)id;

	do {
		d[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (id < 0)
		d[--i] = '-';
	return buf_puts(b, sep) | buf_append(b, d + i, sizeof d - i);
}

/* The most clinic ids a near search lists (a JSON array of that many). */
#define QUERY_NEAR_IDS_MAX (64 * 1024 * 1024)

/* a->near_ids: the clinics with a point within the radius (and in the
 * state, city or ZIP of the filter), nearest first, ties by id, as a JSON
 * array for json_each. Read from the grid a run of its key per latitude
 * band, the distances reckoned here, each clinic at its nearest point:
 * SQL sorting the points by clinic, then by distance, was two thirds of
 * a 50-mile search near a city. */
static int
query_near_clinics(struct index *idx, const struct search_filter *f, struct query_args *a,
                   struct cd_error *err)
{
	struct buf sql = BUF_INIT, ids = BUF_INIT;
	struct query_near_point *pt = NULL;
	sqlite3_stmt *st = NULL;
	size_t n = 0, cap = 0, i = 0, kept = 0;
	int rc = 0, step = 0, r = 0;

	buf_init(&sql, QUERY_SQL_MAX);
	r |= buf_puts(&sql, "WITH " NEAR_BANDS " SELECT g.clinic_id, g.lat, g.lon"
	                    " FROM bands JOIN location_grid g ON g.band = bands.b"
	                    " AND g.lon >= :minlon AND g.lon <= :maxlon"
	                    " WHERE g.lat >= :minlat AND g.lat <= :maxlat");
	if (query_has_location_filter(f)) {
		r |= buf_puts(&sql, " AND g.id IN (SELECT l.id FROM locations l WHERE 1");
		r |= query_location_only(&sql, f, "l");
		r |= buf_puts(&sql, ")");
	}
	if (r != 0) {
		rc = query_too_long(err);
		goto out;
	}
	if ((rc = query_prepare(idx, &sql, f, a, &st, err)) != 0)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		/* cd_distance_mi's arithmetic, so the distances shown agree */
		double d = places_distance_mi(a->near.lat, a->near.lon, sqlite3_column_double(st, 1),
		                              sqlite3_column_double(st, 2));

		if (!(d <= a->near.radius))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			pt = xreallocarray(pt, cap, sizeof *pt);
		}
		pt[n].dist = d;
		pt[n++].clinic_id = sqlite3_column_int64(st, 0);
	}
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot search clinics");
		goto out;
	}
	/* each clinic's nearest point, then the clinics nearest first */
	if (n > 0)
		qsort(pt, n, sizeof *pt, query_near_by_clinic);
	for (i = 0; i < n; i++)
		if (kept == 0 || pt[i].clinic_id != pt[kept - 1].clinic_id)
			pt[kept++] = pt[i];
	if (kept > 0)
		qsort(pt, kept, sizeof *pt, query_near_by_distance);
	buf_init(&ids, QUERY_NEAR_IDS_MAX);
	r = buf_putc(&ids, '[');
	for (i = 0; i < kept; i++)
		r |= query_put_id(&ids, i ? "," : "", pt[i].clinic_id);
	r |= buf_putc(&ids, ']');
	if (r != 0) {
		rc = cd_error_set(err, CD_EINVAL, "too many clinics near the place: give a smaller radius");
		goto out;
	}
	a->near_ids = buf_detach(&ids);
out:
	index_sql_done(idx, st);
	buf_release(&sql);
	buf_release(&ids);
	free(pt);
	return rc;
}

static int
query_clinic_rows(struct index *idx, const struct search_filter *f, bool per_location,
                  int (*cb)(const struct clinic_row *, void *), void *arg,
                  struct cd_error *err)
{
	static const struct search_filter nofilter = { 0 };
	struct buf sql = BUF_INIT;
	struct query_args a;
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	if (f == NULL)
		f = &nofilter;
	memset(&a, 0, sizeof a);
	if ((rc = query_args_prepare(idx, f, &a, err)) != 0 || a.none)
		goto out;
	if (a.near.on && !per_location && (rc = query_near_clinics(idx, f, &a, err)) != 0)
		goto out;
	buf_init(&sql, QUERY_SQL_MAX);
	if (query_clinics_sql(&sql, f, &a, per_location) != 0) {
		rc = query_too_long(err);
		goto out;
	}
	if ((rc = query_prepare(idx, &sql, f, &a, &st, err)) != 0)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct clinic_row r = { 0 };
		char first[64], last[64];

		r.clinic_id = sqlite3_column_int64(st, 0);
		r.name = index_sql_text(st, 1);
		r.site = index_sql_text(st, 2);
		r.phone = index_sql_text(st, 3);
		r.street = index_sql_text(st, 4);
		r.city = index_sql_text(st, 5);
		r.state = index_sql_text(st, 6);
		r.zip = index_sql_text(st, 7);
		r.has_geo = sqlite3_column_type(st, 8) != SQLITE_NULL &&
		            sqlite3_column_type(st, 9) != SQLITE_NULL;
		r.lat = sqlite3_column_double(st, 8);
		r.lon = sqlite3_column_double(st, 9);
		r.services = index_sql_text(st, 10);
		r.credentials = index_sql_text(st, 11);
		r.practitioners = index_sql_text(st, 12);
		r.first_seen = iso_time(st, 13, first);
		r.last_crawled = iso_time(st, 14, last);
		r.conflicts = sqlite3_column_int64(st, 15);
		r.excluded = sqlite3_column_int64(st, 16);
		r.clinic_excluded = sqlite3_column_int(st, 17) != 0;
		r.has_distance = sqlite3_column_type(st, 18) != SQLITE_NULL;
		r.distance_mi = sqlite3_column_double(st, 18);
		r.geo_source = index_sql_text(st, 19);
		if ((rc = cb(&r, arg)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot search clinics");
out:
	index_sql_done(idx, st);
	buf_release(&sql);
	query_args_release(&a);
	return rc;
}

int
index_search_clinics(struct index *idx, const struct search_filter *f,
                     int (*cb)(const struct clinic_row *, void *), void *arg,
                     struct cd_error *err)
{
	return query_clinic_rows(idx, f, false, cb, arg, err);
}

int
index_search_locations(struct index *idx, const struct search_filter *f,
                       int (*cb)(const struct clinic_row *, void *), void *arg,
                       struct cd_error *err)
{
	return query_clinic_rows(idx, f, true, cb, arg, err);
}

/* " AND (...)" keeping claim rows (alias cl) of one of the filter's
 * credential or service codes, when it names any. */
static int
query_claim_code_conds(struct buf *sql, const struct search_filter *f)
{
	const char *or = "";
	int r = 0;

	if (f->n_credentials == 0 && f->n_services == 0)
		return 0;
	r |= buf_puts(sql, " AND (");
	for (size_t i = 0; i < f->n_credentials; i++, or = " OR ")
		r |= buf_printf(sql, "%s(cl.kind = 'credential' AND cl.code = :cred%zu)", or, i);
	for (size_t i = 0; i < f->n_services; i++, or = " OR ")
		r |= buf_printf(sql, "%s(cl.kind = 'service' AND cl.code = :svc%zu)", or, i);
	r |= buf_puts(sql, ")");
	return r;
}

/* The query of index_search_practitioners. */
static int
query_practitioners_sql(struct buf *sql, const struct search_filter *f,
                        const struct query_args *a)
{
	int r = 0;

	r |= buf_puts(sql,
	              "SELECT p.id, p.clinic_id, s.key, p.name,"
	              " coalesce((SELECT group_concat(code, ';') FROM (SELECT DISTINCT code FROM claims"
	              "   WHERE practitioner_id = p.id AND kind = 'credential' AND " STATUS_OK
	              "   ORDER BY code)), ''),"
	              " coalesce(p.npi, ''), coalesce(p.status, :unchecked),"
	              /* the role as the site words it (index/roles.c), each once */
	              " coalesce((SELECT group_concat(w, '; ') FROM (SELECT min(words) AS w FROM roles"
	              "   WHERE practitioner_id = p.id GROUP BY lower(words)"
	              "   ORDER BY min(evidence_url), lower(words))), '')"
	              ", coalesce(p.exclusion, '')"
	              " FROM practitioners p JOIN clinics c ON c.id = p.clinic_id"
	              " JOIN sites s ON s.id = c.site_id WHERE 1");
	if (f->status)
		r |= buf_puts(sql, " AND coalesce(p.status, :unchecked) = :status");
	for (size_t i = 0; i < f->n_credentials; i++)
		r |= buf_printf(sql, " AND EXISTS (SELECT 1 FROM claims WHERE practitioner_id = p.id"
		                     " AND kind = 'credential' AND code = :cred%zu)", i);
	r |= query_clinic_conds(sql, f, a, true, false, true,
	                        QUERY_ROW_CREDENTIALS | QUERY_ROW_STATUS);
	r |= buf_puts(sql, " ORDER BY p.id LIMIT :limit OFFSET :offset");
	return r;
}

/* Practitioners of the clinics the location, site, place and text filters
 * select. A status selects practitioners of that status (the worst of
 * their claims), each credential those who claim it, and their
 * credentials column counts claims of the filter's status only; a service
 * (said of clinics) selects their clinics. */
int
index_search_practitioners(struct index *idx, const struct search_filter *f,
                           int (*cb)(const struct practitioner_row *, void *), void *arg,
                           struct cd_error *err)
{
	static const struct search_filter nofilter = { 0 };
	struct buf sql = BUF_INIT;
	struct query_args a;
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	if (f == NULL)
		f = &nofilter;
	memset(&a, 0, sizeof a);
	if ((rc = query_args_prepare(idx, f, &a, err)) != 0 || a.none)
		goto out;
	buf_init(&sql, QUERY_SQL_MAX);
	if (query_practitioners_sql(&sql, f, &a) != 0) {
		rc = query_too_long(err);
		goto out;
	}
	if ((rc = query_prepare(idx, &sql, f, &a, &st, err)) != 0)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct practitioner_row r = { 0 };

		r.practitioner_id = sqlite3_column_int64(st, 0);
		r.clinic_id = sqlite3_column_int64(st, 1);
		r.site = index_sql_text(st, 2);
		r.name = index_sql_text(st, 3);
		r.credentials = index_sql_text(st, 4);
		r.npi = index_sql_text(st, 5);
		r.status = index_sql_text(st, 6);
		r.role = index_sql_text(st, 7);
		r.exclusion = index_sql_text(st, 8);
		if ((rc = cb(&r, arg)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot search practitioners");
out:
	index_sql_done(idx, st);
	buf_release(&sql);
	query_args_release(&a);
	return rc;
}

/* The query of index_search_claims. */
static int
query_claims_sql(struct buf *sql, const struct search_filter *f, const struct query_args *a)
{
	int r = 0;

	r |= buf_puts(sql,
	              "SELECT cl.id, cl.clinic_id, s.key, coalesce(p.name, ''), cl.kind, cl.code,"
	              " cl.status, coalesce(cl.reason, ''), coalesce(cl.evidence_url, ''),"
	              " coalesce(cl.evidence, '')"
	              " FROM clinic_claims cl JOIN clinics c ON c.id = cl.clinic_id"
	              " JOIN sites s ON s.id = c.site_id"
	              " LEFT JOIN practitioners p ON p.id = cl.practitioner_id"
	              " WHERE (:status IS NULL OR cl.status = :status)");
	r |= query_claim_code_conds(sql, f);
	r |= query_clinic_conds(sql, f, a, true, false, true,
	                        QUERY_ROW_CREDENTIALS | QUERY_ROW_SERVICES | QUERY_ROW_STATUS);
	r |= buf_puts(sql, " ORDER BY cl.id LIMIT :limit OFFSET :offset");
	return r;
}

/* Claims of the clinics the location, site, place and text filters
 * select; the status, credential and service filters select the claims
 * themselves (of that status, and of one of those codes). */
int
index_search_claims(struct index *idx, const struct search_filter *f,
                    int (*cb)(const struct claim_row *, void *), void *arg,
                    struct cd_error *err)
{
	static const struct search_filter nofilter = { 0 };
	struct buf sql = BUF_INIT;
	struct query_args a;
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	if (f == NULL)
		f = &nofilter;
	memset(&a, 0, sizeof a);
	if ((rc = query_args_prepare(idx, f, &a, err)) != 0 || a.none)
		goto out;
	buf_init(&sql, QUERY_SQL_MAX);
	if (query_claims_sql(&sql, f, &a) != 0) {
		rc = query_too_long(err);
		goto out;
	}
	if ((rc = query_prepare(idx, &sql, f, &a, &st, err)) != 0)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct claim_row r = { 0 };

		r.claim_id = sqlite3_column_int64(st, 0);
		r.clinic_id = sqlite3_column_int64(st, 1);
		r.site = index_sql_text(st, 2);
		r.practitioner = index_sql_text(st, 3);
		r.kind = index_sql_text(st, 4);
		r.code = index_sql_text(st, 5);
		r.status = index_sql_text(st, 6);
		r.reason = index_sql_text(st, 7);
		r.evidence_url = index_sql_text(st, 8);
		r.evidence = index_sql_text(st, 9);
		if ((rc = cb(&r, arg)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot search claims");
out:
	index_sql_done(idx, st);
	buf_release(&sql);
	query_args_release(&a);
	return rc;
}

int
index_code_stored(struct index *idx, const char *kind, const char *code, bool *stored,
                  struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	*stored = false;
	/* claims_clinic (clinic_id, kind, code) cannot serve this; a scan of
	 * one column stays fast enough for a command's argument check */
	if ((rc = index_sql_prepare(idx, "SELECT 1 FROM claims WHERE kind = ?1 AND code = ?2 LIMIT 1",
	                            &st, err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*stored = true;
	else if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot look up a code");
	index_sql_done(idx, st);
	return rc;
}
