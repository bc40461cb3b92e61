/* export.h: the directory as data files, columns as SPEC says.
 * Writers take a FILE*; they never open stdout themselves. */
#ifndef CD_EXPORT_H
#define CD_EXPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "common/error.h"
#include "index/query.h"

enum export_what { EXPORT_CLINICS, EXPORT_PRACTITIONERS, EXPORT_CLAIMS };
enum export_format { EXPORT_CSV, EXPORT_JSONL, EXPORT_GEOJSON };

/* Column names, in SPEC order, NULL-terminated. */
extern const char *const export_clinic_columns[];
extern const char *const export_practitioner_columns[];
extern const char *const export_claim_columns[];

/* Writes the header (CSV) and every row matching f to out. With a near
 * filter clinics gain a last column distance_mi. GeoJSON is for clinics
 * only (CD_EINVAL otherwise): see export_geojson. Returns 0, or CD_EIO
 * when a write fails (checked with ferror), or a query error. */
int export_write(struct index *idx, enum export_what what, enum export_format fmt,
                 const struct search_filter *f, FILE *out, struct cd_error *err);

/* One clinic row as CSV or JSONL, for search output (no header); a row
 * with a distance gets the distance_mi column last. */
int export_clinic_row(const struct clinic_row *r, enum export_format fmt, FILE *out);
/* The same row as the JSON object a JSON Lines line holds; caller puts it. */
json_object *export_clinic_object(const struct clinic_row *r);
int export_csv_header(const char *const *cols, FILE *out);
/* The clinics header, with distance_mi last when with_distance. */
int export_clinic_header(bool with_distance, FILE *out);

/* An RFC 7946 FeatureCollection: one Point Feature per distinct location
 * of each matching clinic, coordinates [lon, lat], the clinics columns
 * (plus geo_source, and distance_mi with a near filter) as properties.
 * Locations without coordinates are left out and counted in *skipped;
 * *written counts the features (either may be NULL). */
int export_geojson(struct index *idx, const struct search_filter *f, FILE *out,
                   int64_t *written, int64_t *skipped, struct cd_error *err);

#endif
