/* export.c: the directory as CSV (RFC 4180, formula cells made inert) or
 * JSON Lines, with the columns SPEC "Export columns" fixes. Ids are JSON
 * numbers; unknown coordinates are an empty cell or null. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "common/text.h"
#include "index/csv.h"
#include "index/export.h"

const char *const export_clinic_columns[] = {
	"clinic_id", "name", "site", "phone", "street", "city", "state", "zip", "lat", "lon",
	"services", "credentials", "practitioners", "first_seen", "last_crawled", NULL,
};
const char *const export_practitioner_columns[] = {
	"practitioner_id", "clinic_id", "site", "name", "credentials", "npi", "status", "role", NULL,
};
const char *const export_claim_columns[] = {
	"claim_id", "clinic_id", "site", "practitioner", "kind", "code", "status", "reason",
	"evidence_url", "evidence", NULL,
};

static size_t
export_ncols(const char *const *cols)
{
	size_t n = 0;

	while (cols[n])
		n++;
	return n;
}

int
export_csv_header(const char *const *cols, FILE *out)
{
	return csv_write_record(out, cols, export_ncols(cols)) == 0 ? 0 : CD_EIO;
}

/* Writes one JSON object as a line and drops it. */
static int
export_jsonl(json_object *o, FILE *out)
{
	const char *s = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = 0;

	if (fputs(s, out) == EOF || putc('\n', out) == EOF || ferror(out))
		rc = CD_EIO;
	json_object_put(o);
	return rc;
}

/* Text as the CSV export writes it (text_for_export), formulas aside. */
static void
export_json_str(json_object *o, const char *key, const char *v)
{
	char *clean = v != NULL ? text_for_export(v) : NULL;

	json_object_object_add(o, key, json_object_new_string(clean ? clean : v ? v : ""));
	free(clean);
}

int
export_clinic_header(bool with_distance, FILE *out)
{
	const char *cols[sizeof export_clinic_columns / sizeof export_clinic_columns[0] + 1];
	size_t n = 0;

	for (n = 0; export_clinic_columns[n]; n++)
		cols[n] = export_clinic_columns[n];
	if (with_distance)
		cols[n++] = "distance_mi";
	return csv_write_record(out, cols, n) == 0 ? 0 : CD_EIO;
}

/* A number printed with the given decimals, as json-c keeps it verbatim. */
static json_object *
export_json_fixed(double v, int decimals)
{
	char text[64];

	snprintf(text, sizeof text, "%.*f", decimals, v);
	return json_object_new_double_s(v, text);
}

/* The clinics columns (and distance_mi) of r as JSON members of o. */
static void
export_clinic_members(json_object *o, const struct clinic_row *r)
{
	json_object_object_add(o, "clinic_id", json_object_new_int64(r->clinic_id));
	export_json_str(o, "name", r->name);
	export_json_str(o, "site", r->site);
	export_json_str(o, "phone", r->phone);
	export_json_str(o, "street", r->street);
	export_json_str(o, "city", r->city);
	export_json_str(o, "state", r->state);
	export_json_str(o, "zip", r->zip);
	json_object_object_add(o, "lat", r->has_geo ? export_json_fixed(r->lat, 6) : NULL);
	json_object_object_add(o, "lon", r->has_geo ? export_json_fixed(r->lon, 6) : NULL);
	export_json_str(o, "services", r->services);
	export_json_str(o, "credentials", r->credentials);
	export_json_str(o, "practitioners", r->practitioners);
	export_json_str(o, "first_seen", r->first_seen);
	export_json_str(o, "last_crawled", r->last_crawled);
}

int
export_clinic_row(const struct clinic_row *r, enum export_format fmt, FILE *out)
{
	char id[32], lat[64] = "", lon[64] = "", dist[64] = "";

	if (r->has_geo) {
		snprintf(lat, sizeof lat, "%.6f", r->lat);
		snprintf(lon, sizeof lon, "%.6f", r->lon);
	}
	if (r->has_distance)
		snprintf(dist, sizeof dist, "%.2f", r->distance_mi);
	if (fmt == EXPORT_CSV) {
		const char *f[] = { id, r->name, r->site, r->phone, r->street, r->city, r->state,
		                    r->zip, lat, lon, r->services, r->credentials,
		                    r->practitioners, r->first_seen, r->last_crawled, dist };
		size_t n = sizeof f / sizeof f[0] - (r->has_distance ? 0 : 1);

		snprintf(id, sizeof id, "%" PRId64, r->clinic_id);
		return csv_write_record(out, f, n) == 0 ? 0 : CD_EIO;
	}
	return export_jsonl(export_clinic_object(r), out);
}

json_object *
export_clinic_object(const struct clinic_row *r)
{
	json_object *o = json_object_new_object();

	export_clinic_members(o, r);
	if (r->has_distance)
		json_object_object_add(o, "distance_mi", export_json_fixed(r->distance_mi, 2));
	return o;
}

struct export_ctx {
	enum export_format fmt;
	FILE *out;
};

static int
export_clinic_cb(const struct clinic_row *r, void *arg)
{
	struct export_ctx *x = arg;

	return export_clinic_row(r, x->fmt, x->out);
}

static int
export_practitioner_cb(const struct practitioner_row *r, void *arg)
{
	struct export_ctx *x = arg;
	char id[32], cid[32];

	if (x->fmt == EXPORT_CSV) {
		const char *f[] = { id, cid, r->site, r->name, r->credentials, r->npi, r->status,
		                    r->role };

		snprintf(id, sizeof id, "%" PRId64, r->practitioner_id);
		snprintf(cid, sizeof cid, "%" PRId64, r->clinic_id);
		return csv_write_record(x->out, f, sizeof f / sizeof f[0]) == 0 ? 0 : CD_EIO;
	} else {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "practitioner_id",
		                       json_object_new_int64(r->practitioner_id));
		json_object_object_add(o, "clinic_id", json_object_new_int64(r->clinic_id));
		export_json_str(o, "site", r->site);
		export_json_str(o, "name", r->name);
		export_json_str(o, "credentials", r->credentials);
		export_json_str(o, "npi", r->npi);
		export_json_str(o, "status", r->status);
		export_json_str(o, "role", r->role);
		return export_jsonl(o, x->out);
	}
}

static int
export_claim_cb(const struct claim_row *r, void *arg)
{
	struct export_ctx *x = arg;
	char id[32], cid[32];

	if (x->fmt == EXPORT_CSV) {
		const char *f[] = { id, cid, r->site, r->practitioner, r->kind, r->code,
		                    r->status, r->reason, r->evidence_url, r->evidence };

		snprintf(id, sizeof id, "%" PRId64, r->claim_id);
		snprintf(cid, sizeof cid, "%" PRId64, r->clinic_id);
		return csv_write_record(x->out, f, sizeof f / sizeof f[0]) == 0 ? 0 : CD_EIO;
	} else {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "claim_id", json_object_new_int64(r->claim_id));
		json_object_object_add(o, "clinic_id", json_object_new_int64(r->clinic_id));
		export_json_str(o, "site", r->site);
		export_json_str(o, "practitioner", r->practitioner);
		export_json_str(o, "kind", r->kind);
		export_json_str(o, "code", r->code);
		export_json_str(o, "status", r->status);
		export_json_str(o, "reason", r->reason);
		export_json_str(o, "evidence_url", r->evidence_url);
		export_json_str(o, "evidence", r->evidence);
		return export_jsonl(o, x->out);
	}
}

int
export_write(struct index *idx, enum export_what what, enum export_format fmt,
             const struct search_filter *f, FILE *out, struct cd_error *err)
{
	struct export_ctx x = { fmt, out };
	const char *const *cols = what == EXPORT_CLAIMS        ? export_claim_columns
	                          : what == EXPORT_PRACTITIONERS ? export_practitioner_columns
	                                                         : export_clinic_columns;
	int rc = 0;

	errno = 0;
	if (fmt == EXPORT_GEOJSON) {
		if (what != EXPORT_CLINICS)
			return cd_error_set(err, CD_EINVAL, "GeoJSON export is of clinics only");
		return export_geojson(idx, f, out, NULL, NULL, err);
	}
	if (fmt == EXPORT_CSV && what == EXPORT_CLINICS)
		rc = export_clinic_header(f && f->near, out);
	else if (fmt == EXPORT_CSV)
		rc = export_csv_header(cols, out);
	if (rc != 0)
		goto out;
	switch (what) {
	case EXPORT_PRACTITIONERS:
		rc = index_search_practitioners(idx, f, export_practitioner_cb, &x, err);
		break;
	case EXPORT_CLAIMS:
		rc = index_search_claims(idx, f, export_claim_cb, &x, err);
		break;
	default:
		rc = index_search_clinics(idx, f, export_clinic_cb, &x, err);
		break;
	}
out:
	if (rc == CD_EIO || (rc == 0 && ferror(out)))
		rc = cd_error_set(err, CD_EIO, "write failed: %s",
		                  errno ? strerror(errno) : "stream error");
	return rc;
}

/* ---- GeoJSON ---- */

struct geojson_ctx {
	FILE *out;
	int64_t written, skipped;
};

static int
export_feature_cb(const struct clinic_row *r, void *arg)
{
	struct geojson_ctx *x = arg;
	json_object *feat = NULL, *geom = NULL, *coords = NULL, *props = NULL;
	const char *s = NULL;
	int rc = 0;

	if (!r->has_geo) {
		x->skipped++;
		return 0;
	}
	feat = json_object_new_object();
	geom = json_object_new_object();
	coords = json_object_new_array();
	props = json_object_new_object();
	json_object_array_add(coords, export_json_fixed(r->lon, 6));   /* RFC 7946: lon, lat */
	json_object_array_add(coords, export_json_fixed(r->lat, 6));
	json_object_object_add(geom, "type", json_object_new_string("Point"));
	json_object_object_add(geom, "coordinates", coords);
	export_clinic_members(props, r);
	export_json_str(props, "geo_source", r->geo_source);
	if (r->has_distance)
		json_object_object_add(props, "distance_mi", export_json_fixed(r->distance_mi, 2));
	json_object_object_add(feat, "type", json_object_new_string("Feature"));
	json_object_object_add(feat, "id", json_object_new_int64(x->written + 1));
	json_object_object_add(feat, "geometry", geom);
	json_object_object_add(feat, "properties", props);
	s = json_object_to_json_string_ext(feat, JSON_C_TO_STRING_PLAIN |
	                                         JSON_C_TO_STRING_NOSLASHESCAPE);
	if (fputs(x->written ? ",\n" : "\n", x->out) == EOF || fputs(s, x->out) == EOF ||
	    ferror(x->out))
		rc = CD_EIO;
	x->written++;
	json_object_put(feat);
	return rc;
}

int
export_geojson(struct index *idx, const struct search_filter *f, FILE *out,
               int64_t *written, int64_t *skipped, struct cd_error *err)
{
	struct geojson_ctx x = { out, 0, 0 };
	int rc = 0;

	errno = 0;
	if (fputs("{\"type\":\"FeatureCollection\",\"features\":[", out) == EOF) {
		rc = CD_EIO;
		goto out;
	}
	if ((rc = index_search_locations(idx, f, export_feature_cb, &x, err)) != 0)
		goto out;
	if (fputs("\n]}\n", out) == EOF)
		rc = CD_EIO;
out:
	if (written)
		*written = x.written;
	if (skipped)
		*skipped = x.skipped;
	if (rc == CD_EIO || (rc == 0 && ferror(out)))
		rc = cd_error_set(err, CD_EIO, "write failed: %s",
		                  errno ? strerror(errno) : "stream error");
	return rc;
}
