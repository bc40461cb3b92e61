/* test_places.c: places (index/places.c, gazetteer.c, fts.c): distances,
 * what users type as a place or radius, reading hostile gazetteer files,
 * geocoding, radius search through the R*Tree, text search through FTS5,
 * the query plans, GeoJSON, and migrating a version 2 database. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "common/xalloc.h"
#include "index/export.h"
#include "index/index.h"
#include "tests/unit/db_fixture.h"
#include "index/places.h"
#include "index/query.h"

#define ZCTA_HEADER "GEOID\tALAND\tAWATER\tALAND_SQMI\tAWATER_SQMI\tINTPTLAT\tINTPTLONG" \
	"                                                    \n"
#define PLACE_HEADER "USPS\tGEOID\tANSICODE\tNAME\tLSAD\tFUNCSTAT\tALAND\tAWATER\t" \
	"ALAND_SQMI\tAWATER_SQMI\tINTPTLAT\tINTPTLONG\n"

/* ZIP centroids as the Census file has them (2023 values). */
static const char zcta_file[] =
	ZCTA_HEADER
	"00501\t13582\t0\t0.005\t0.000\t40.813078\t-73.046388\n"
	"78613\t73431520\t990510\t28.352\t0.382\t30.506680\t-97.822590\n"
	"78626\t255540670\t1211640\t98.665\t0.468\t30.669670\t-97.688830\n"
	"78701\t2326744\t57240\t0.898\t0.022\t30.270569\t-97.742589\n"
	"78704\t20986950\t359020\t8.103\t0.139\t30.243170\t-97.765590\n"
	"96813\t8234345\t367014\t3.179\t0.142\t21.318466\t-157.852341\n"
	"99501\t6681620\t3498208\t2.580\t1.351\t61.221443\t-149.858303\n";
static const char place_file[] =
	PLACE_HEADER
	"AK\t0203000\t02419025\tAnchorage municipality\t37\tA\t4415108963\t663860984\t1704.683\t256.319\t61.174250\t-149.284329\n"
	"HI\t1571550\t02630783\tUrban Honolulu CDP\t57\tS\t156748027\t21232418\t60.521\t8.198\t21.325806\t-157.845358\n"
	"TX\t4805000\t02409761\tAustin city\t25\tA\t828502744\t21780214\t319.887\t8.410\t30.301669\t-97.752235\n"
	"TX\t4830464\t02410597\tGeorgetown city\t25\tA\t151034219\t587345\t58.315\t0.227\t30.666460\t-97.694280\n"
	"NY\t3651000\t02395220\tNew York city\t25\tA\t778190764\t429429101\t300.461\t165.803\t40.663935\t-73.938270\n";


/* Imports text as a gazetteer file; returns the import's result. */
static int
import_text(struct index *idx, const char *text, size_t len, struct places_report *rep,
            struct cd_error *err)
{
	FILE *fp = fmemopen((void *)text, len, "r");
	int64_t geocoded = 0;
	int rc = 0;

	assert_non_null(fp);
	rc = index_gazetteer_import(idx, fp, "gaz.txt", rep, &geocoded, err);
	fclose(fp);
	return rc;
}

static void
load_gazetteers(struct index *idx)
{
	struct places_report rep;
	struct cd_error err = { 0, "" };

	assert_int_equal(import_text(idx, zcta_file, strlen(zcta_file), &rep, &err), 0);
	assert_int_equal(rep.kind, PLACES_FILE_ZCTA);
	assert_int_equal(rep.records, 7);
	assert_int_equal(rep.malformed, 0);
	assert_int_equal(import_text(idx, place_file, strlen(place_file), &rep, &err), 0);
	assert_int_equal(rep.kind, PLACES_FILE_PLACES);
	assert_int_equal(rep.records, 5);
}

/* ---- distances and parsing ---- */

static void
test_distance(void **state)
{
	(void)state;
	assert_true(places_distance_mi(30.270569, -97.742589, 30.270569, -97.742589) == 0);
	/* Austin 78701 to Cedar Park 78613: about 17 miles */
	assert_true(fabs(places_distance_mi(30.270569, -97.742589, 30.506680, -97.822590) - 16.9) < 0.6);
	/* Anchorage to Honolulu: about 2,780 miles; symmetric */
	assert_true(fabs(places_distance_mi(61.221443, -149.858303, 21.318466, -157.852341) - 2781) < 15);
	assert_true(fabs(places_distance_mi(21.318466, -157.852341, 61.221443, -149.858303) -
	                 places_distance_mi(61.221443, -149.858303, 21.318466, -157.852341)) < 1e-9);
	/* Holtsville NY (00501) to Austin: about 1,560 miles */
	assert_true(fabs(places_distance_mi(40.813078, -73.046388, 30.270569, -97.742589) - 1560) < 10);
	/* antipodes do not make NaN */
	assert_false(isnan(places_distance_mi(0, 0, 0, 180)));
}

static void
test_parse_place(void **state)
{
	struct place_query q;
	struct cd_error err = { 0, "" };

	(void)state;
	assert_int_equal(places_parse("00501", &q, &err), 0);
	assert_int_equal(q.kind, PLACE_ZIP);
	assert_string_equal(q.zip, "00501");
	assert_int_equal(places_parse("99501-1234", &q, &err), 0);
	assert_string_equal(q.zip, "99501");
	assert_int_equal(places_parse(" 967011234 ", &q, &err), 0);
	assert_string_equal(q.zip, "96701");
	assert_int_equal(places_parse("Austin, TX", &q, &err), 0);
	assert_int_equal(q.kind, PLACE_CITY);
	assert_string_equal(q.city, "Austin");
	assert_string_equal(q.state, "TX");
	assert_int_equal(places_parse("  winston-salem ,nc ", &q, &err), 0);
	assert_string_equal(q.city, "winston-salem");
	assert_string_equal(q.state, "NC");
	assert_int_equal(places_parse("61.2181,-149.9003", &q, &err), 0);
	assert_int_equal(q.kind, PLACE_COORDS);
	assert_true(fabs(q.lat - 61.2181) < 1e-9 && fabs(q.lon + 149.9003) < 1e-9);
	assert_int_equal(places_parse("21.3, -157.85", &q, &err), 0);
	assert_int_equal(q.kind, PLACE_COORDS);

	assert_int_equal(places_parse("", &q, &err), CD_EINVAL);
	assert_int_equal(places_parse("7870", &q, &err), CD_EINVAL);
	assert_int_equal(places_parse("78701-12", &q, &err), CD_EINVAL);
	assert_int_equal(places_parse("Austin", &q, &err), CD_EINVAL);
	assert_int_equal(places_parse("Austin, Texas", &q, &err), CD_EINVAL);
	assert_int_equal(places_parse(", TX", &q, &err), CD_EINVAL);
	assert_int_equal(places_parse("91,0", &q, &err), CD_EINVAL);
	assert_int_equal(places_parse("0,181", &q, &err), CD_EINVAL);
	assert_int_equal(places_parse("nan,1", &q, &err), CD_EINVAL);
	assert_non_null(strstr(err.msg, "not a ZIP code"));
}

static void
test_parse_radius(void **state)
{
	struct cd_error err = { 0, "" };
	double mi = 0;

	(void)state;
	assert_int_equal(places_parse_radius("25mi", &mi, &err), 0);
	assert_true(mi == 25);
	assert_int_equal(places_parse_radius("10", &mi, &err), 0);
	assert_true(mi == 10);
	assert_int_equal(places_parse_radius("40km", &mi, &err), 0);
	assert_true(fabs(mi - 24.8548) < 1e-3);
	assert_int_equal(places_parse_radius("2.5 mi", &mi, &err), 0);
	assert_true(mi == 2.5);
	assert_int_equal(places_parse_radius("0", &mi, &err), CD_EINVAL);
	assert_int_equal(places_parse_radius("-5mi", &mi, &err), CD_EINVAL);
	assert_int_equal(places_parse_radius("mi", &mi, &err), CD_EINVAL);
	assert_int_equal(places_parse_radius("5 parsecs", &mi, &err), CD_EINVAL);
	assert_int_equal(places_parse_radius("1e9", &mi, &err), CD_EINVAL);
	assert_int_equal(places_parse_radius("inf", &mi, &err), CD_EINVAL);
}

static void
test_place_keys(void **state)
{
	static const char *const cases[][2] = {
		{ "Austin city", "austin" },
		{ "Anchorage municipality", "anchorage" },
		{ "Urban Honolulu CDP", "urban honolulu" },
		{ "Juneau city and borough", "juneau" },
		{ "Nashville-Davidson metropolitan government (balance)", "nashville-davidson" },
		{ "Boise City city", "boise city" },
		{ "  New   York  city ", "new york" },
		{ "City", "city" },
	};
	size_t i = 0;
	char *k = NULL;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		k = places_key(cases[i][0], true);
		assert_string_equal(k, cases[i][1]);
		free(k);
	}
	k = places_key("Boise City city", false);
	assert_string_equal(k, "boise city city");
	free(k);
}

/* ---- reading gazetteer files ---- */

struct collected {
	char geoids[16][8];
	size_t n;
};

static int
collect(const struct places_record *r, void *arg)
{
	struct collected *c = arg;

	if (c->n < 16)
		snprintf(c->geoids[c->n++], sizeof c->geoids[0], "%s", r->geoid);
	return 0;
}

static int
read_text(const char *text, size_t len, struct collected *c, struct places_report *rep,
          struct cd_error *err)
{
	FILE *fp = fmemopen((void *)text, len, "r");
	int rc = 0;

	assert_non_null(fp);
	memset(c, 0, sizeof *c);
	rc = places_read(fp, collect, c, rep, err);
	fclose(fp);
	return rc;
}

static void
test_read_bom_crlf_padding(void **state)
{
	static const char text[] =
		"\xEF\xBB\xBFGEOID\tALAND\tAWATER\tALAND_SQMI\tAWATER_SQMI\tINTPTLAT\tINTPTLONG     \r\n"
		"00501\t13582\t0\t0.005\t0.000\t40.813078\t-73.046388   \r\n"
		"\r\n"
		"99501\t6681620\t3498208\t2.580\t1.351\t61.221443\t-149.858303";
	struct collected c;
	struct places_report rep;
	struct cd_error err = { 0, "" };

	(void)state;
	assert_int_equal(read_text(text, sizeof text - 1, &c, &rep, &err), 0);
	assert_int_equal(rep.kind, PLACES_FILE_ZCTA);
	assert_int_equal(rep.records, 2);
	assert_int_equal(rep.malformed, 0);
	assert_string_equal(c.geoids[0], "00501");   /* leading zeros kept */
	assert_string_equal(c.geoids[1], "99501");
}

static void
test_read_malformed_lines(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct collected c;
	struct places_report rep;
	struct cd_error err = { 0, "" };
	int i = 0;

	(void)state;
	assert_non_null(mem);
	fputs(ZCTA_HEADER, mem);
	fputs("78701\t2326744\t57240\t0.898\t0.022\t30.270569\t-97.742589\n", mem);  /* 2 */
	fputs("501\t1\t0\t0\t0\t40.8\t-73.0\n", mem);                               /* 3 */
	fputs("78702\t1\t0\t0\t0\t30.26\n", mem);                                   /* 4 */
	fputs("78703\t1\t0\t0\t0\t95.0\t-97.7\n", mem);                             /* 5 */
	fputs("78704\t1\t0\t0\t0\t30.2x\t-97.7\n", mem);                            /* 6 */
	fputs("78705\t1\t0\t0\t0\t30.2\t-97.7", mem);                               /* 7: NUL */
	fputc('\0', mem);
	fputc('\n', mem);
	fputs("78706\t", mem);                                                      /* 8: long */
	for (i = 0; i < PLACES_MAX_LINE + 10; i++)
		fputc('9', mem);
	fputc('\n', mem);
	fputs("78741\t18683870\t372430\t7.214\t0.144\t30.231250\t-97.720360\n", mem); /* 9 */
	fputs("787O1\t1\t0\t0\t0\t30.2\t-97.7\n", mem);                             /* 10 */
	assert_int_equal(fclose(mem), 0);

	assert_int_equal(read_text(text, len, &c, &rep, &err), 0);
	assert_int_equal(rep.lines, 9);
	assert_int_equal(rep.records, 2);
	assert_int_equal(rep.malformed, 7);
	assert_string_equal(c.geoids[0], "78701");
	assert_string_equal(c.geoids[1], "78741");
	assert_int_equal(rep.n_notes, 7);
	assert_string_equal(rep.notes[0], "line 3: GEOID is not 5 digits");
	assert_non_null(strstr(rep.notes[1], "line 4: 6 fields"));
	assert_string_equal(rep.notes[2], "line 5: INTPTLAT is not a latitude");
	assert_string_equal(rep.notes[3], "line 6: INTPTLAT is not a latitude");
	assert_string_equal(rep.notes[4], "line 7: holds a NUL byte");
	assert_non_null(strstr(rep.notes[5], "line 8: longer than"));
	assert_string_equal(rep.notes[6], "line 10: GEOID is not 5 digits");
	free(text);
}

static void
test_read_bad_headers(void **state)
{
	static const char no_lat[] = "GEOID\tALAND\tINTPTLONG\n00501\t1\t-73.0\n";
	static const char name_no_usps[] = "GEOID\tNAME\tINTPTLAT\tINTPTLONG\n";
	static const char bad_name[] = PLACE_HEADER
		"TX\t4805000\t1\tAustin\x01 city\t25\tA\t1\t1\t1\t1\t30.3\t-97.75\n"
		"TX\t4805001\t1\tAust\xC3 city\t25\tA\t1\t1\t1\t1\t30.3\t-97.75\n"
		"tx\t4805002\t1\tAustin city\t25\tA\t1\t1\t1\t1\t30.3\t-97.75\n"
		"TX\t48050\t1\tAustin city\t25\tA\t1\t1\t1\t1\t30.3\t-97.75\n";
	struct collected c;
	struct places_report rep;
	struct cd_error err = { 0, "" };

	(void)state;
	assert_int_equal(read_text("", 0, &c, &rep, &err), CD_EPARSE);
	assert_non_null(strstr(err.msg, "empty"));
	assert_int_equal(read_text(no_lat, sizeof no_lat - 1, &c, &rep, &err), CD_EPARSE);
	assert_non_null(strstr(err.msg, "INTPTLAT"));
	assert_int_equal(read_text(name_no_usps, sizeof name_no_usps - 1, &c, &rep, &err),
	                 CD_EPARSE);
	assert_int_equal(read_text(bad_name, sizeof bad_name - 1, &c, &rep, &err), 0);
	assert_int_equal(rep.kind, PLACES_FILE_PLACES);
	assert_int_equal(rep.records, 0);
	assert_int_equal(rep.malformed, 4);
}

/* ---- the directory ---- */

static int64_t
store_page(struct index *idx, int64_t site, const char *url)
{
	struct cd_error err = { 0, "" };
	struct index_page p = { 0 };
	int64_t id = 0;

	p.url = url;
	p.final_url = url;
	p.status = 200;
	p.fetched_at = 1700000000;
	p.body = url;
	p.body_len = strlen(url);
	assert_int_equal(index_page_store(idx, site, &p, &id, &err), 0);
	return id;
}

/* A clinic at site key with one page and one location. */
static void
add_clinic(struct index *idx, const char *key, const char *name, const char *city,
           const char *state, const char *zip, bool geo, double lat, double lon,
           const char *service, const char *evidence, const char *practitioner)
{
	struct cd_error err = { 0, "" };
	struct page_facts f;
	struct fact_location l = { 0 };
	char *url = xasprintf("%s/", key);
	int64_t site = 0, page = 0;
	int p = -1;

	assert_int_equal(index_site_ensure(idx, key, NULL, &site, &err), 0);
	page = store_page(idx, site, url);
	page_facts_init(&f);
	f.clinic_name = xstrdup(name);
	f.clinic_name_rank = FACT_NAME_MARKUP;
	if (practitioner) {
		p = page_facts_add_practitioner(&f, practitioner, NULL);
		page_facts_add_claim(&f, "credential", "board-dermatology", p, evidence);
	}
	page_facts_add_claim(&f, "service", service, -1, evidence);
	l.street = xstrdup("1 Main St");
	l.city = xstrdup(city);
	l.state = xstrdup(state);
	l.zip = xstrdup(zip);
	l.has_geo = geo;
	l.lat = lat;
	l.lon = lon;
	assert_true(page_facts_add_location(&f, &l) >= 0);
	assert_int_equal(index_facts_replace(idx, site, page, &f, &err), 0);
	page_facts_release(&f);
	free(url);
}

/* Five clinics: three around Austin (markup geo, ZIP+4, city only), one in
 * Anchorage, one in Honolulu (by ZIP). */
static void
load_clinics(struct index *idx)
{
	add_clinic(idx, "https://lumina.test", "Lumina Dermatology", "Austin", "TX", "78701-1234",
	           true, 30.2747, -97.7404, "microneedling",
	           "Dr. Maria Lopez is a board-certified dermatologist.", "Maria Lopez");
	add_clinic(idx, "https://cedar.test", "Cedar Park Med Spa", "Cedar Park", "TX", "78613",
	           false, 0, 0, "microneedling", "We offer SkinPen microneedling.", NULL);
	add_clinic(idx, "https://george.test", "Georgetown Skin", "Georgetown", "TX", "",
	           false, 0, 0, "neurotoxin", "Botox by our \"NEAR\" AND * nurses.", NULL);
	add_clinic(idx, "https://aurora.test", "Aurora Aesthetics", "Anchorage", "AK", "99501",
	           false, 0, 0, "chemical-peel", "Chemical peels all winter.", NULL);
	add_clinic(idx, "https://aloha.test", "Aloha Derm", "Honolulu", "HI", "96813-0001",
	           false, 0, 0, "microneedling", "Microneedling by a board-certified dermatologist.",
	           "Keoni Kahale");
}

struct hits {
	int64_t ids[16];
	double dist[16];
	size_t n;
};

static int
collect_hit(const struct clinic_row *r, void *arg)
{
	struct hits *h = arg;

	if (h->n < 16) {
		h->ids[h->n] = r->clinic_id;
		h->dist[h->n] = r->has_distance ? r->distance_mi : -1;
		h->n++;
	}
	return 0;
}

static int
search(struct index *idx, const struct search_filter *f, struct hits *h, struct cd_error *err)
{
	memset(h, 0, sizeof *h);
	return index_search_clinics(idx, f, collect_hit, h, err);
}

static int64_t
clinic_of(struct index *idx, const char *host)
{
	struct cd_error err = { 0, "" };
	json_object *o = NULL;
	int64_t id = 0;

	assert_int_equal(index_clinic_json(idx, host, &o, &err), 0);
	id = json_object_get_int64(json_object_object_get(o, "clinic_id"));
	json_object_put(o);
	return id;
}

static void
test_geocode_order(void **state)
{
	struct fixture *fx = *state;

	load_clinics(fx->idx);
	/* before any gazetteer only markup geo exists */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE lat IS NOT NULL"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_rtree"), 1);
	load_gazetteers(fx->idx);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE geo_source = 'markup'"
	                                  " AND city = 'Austin' AND abs(lat - 30.2747) < 1e-9"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE geo_source = 'zip'"
	                                  " AND zip = '96813-0001' AND abs(lat - 21.318466) < 1e-9"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE geo_source = 'zip'"
	                                  " AND zip = '99501'"), 1);
	/* no ZIP: the city centroid, "Georgetown city" */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE geo_source = 'city'"
	                                  " AND city = 'Georgetown' AND abs(lon + 97.69428) < 1e-9"), 1);
	/* the R*Tree holds exactly the located rows */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_rtree"),
	                 fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE lat IS NOT NULL"));
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations l JOIN location_rtree r"
	                                  " ON r.id = l.id WHERE abs(r.min_lat - l.lat) > 1e-4"), 0);
	/* and the narrow copy of the points exactly */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations l JOIN location_points p"
	                                  " ON p.id = l.id WHERE p.lat = l.lat AND p.lon = l.lon"
	                                  " AND p.clinic_id = l.clinic_id"),
	                 fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE lat IS NOT NULL"));
	/* and the grid the unshadowed ones, each in its tenth of a degree */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points p JOIN location_grid g"
	                                  " ON g.id = p.id WHERE g.lat = p.lat AND g.lon = p.lon"
	                                  " AND g.clinic_id = p.clinic_id"
	                                  " AND g.band = CAST((p.lat + 90) * 10 AS INTEGER)"),
	                 fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points WHERE NOT shadowed"));
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_grid"),
	                 fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points WHERE NOT shadowed"));
}

static void
test_near_search(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct search_filter f = { 0 };
	struct hits h;
	int64_t lumina = 0, cedar = 0, george = 0, aurora = 0, aloha = 0;

	load_clinics(fx->idx);
	load_gazetteers(fx->idx);
	lumina = clinic_of(fx->idx, "lumina.test");
	cedar = clinic_of(fx->idx, "cedar.test");
	george = clinic_of(fx->idx, "george.test");
	aurora = clinic_of(fx->idx, "aurora.test");
	aloha = clinic_of(fx->idx, "aloha.test");

	/* 25 miles (the default) of 78701: Lumina then Cedar Park (about 17 mi) */
	f.near = "78701";
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.ids[0], lumina);
	assert_int_equal(h.ids[1], cedar);
	assert_true(h.dist[0] < 0.5);
	assert_true(h.dist[1] > 15 && h.dist[1] < 19);
	/* 30 miles: Georgetown (by its city centroid) too, farthest last */
	f.radius_mi = 30;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.ids[2], george);
	assert_true(h.dist[1] <= h.dist[2]);
	/* a page of them: the nearest, whatever order they were stored in */
	f.limit = 2;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.ids[0], lumina);
	assert_int_equal(h.ids[1], cedar);
	f.limit = 0;
	/* the boundary: a radius just under Cedar Park's distance excludes it */
	f.radius_mi = h.dist[1] - 0.01;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	/* ZIP+4 and "City, ST" input */
	f.near = "78701-9999";
	f.radius_mi = 1;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.ids[0], lumina);
	f.near = "austin, tx";
	f.radius_mi = 10;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	/* Alaska and Hawaii; "Honolulu" is the Census "Urban Honolulu CDP" */
	f.near = "Anchorage, AK";
	f.radius_mi = 25;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.ids[0], aurora);
	f.near = "Honolulu, HI";
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.ids[0], aloha);
	f.near = "99501";
	f.radius_mi = 3000;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 2);     /* Austin is some 3,300 miles away */
	assert_int_equal(h.ids[0], aurora);
	assert_int_equal(h.ids[1], aloha);
	assert_true(h.dist[1] > 2700 && h.dist[1] < 2850);
	/* coordinates need no gazetteer; filters combine with AND */
	f.near = "30.27,-97.74";
	f.radius_mi = 40;
	f.services = (const char *[]){ "microneedling" };
	f.n_services = 1;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 2);
	f.state = "AK";
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 0);
	/* a leading-zero ZIP that is known, with nobody near */
	memset(&f, 0, sizeof f);
	f.near = "00501";
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 0);
	/* unknown places */
	f.near = "Springfeld, IL";
	assert_int_equal(search(fx->idx, &f, &h, &err), CD_ENOTFOUND);
	assert_non_null(strstr(err.msg, "unknown place 'Springfeld, IL'"));
	assert_non_null(strstr(err.msg, "gazetteer import"));
	f.near = "12345";
	assert_int_equal(search(fx->idx, &f, &h, &err), CD_ENOTFOUND);
	f.near = "nowhere";
	assert_int_equal(search(fx->idx, &f, &h, &err), CD_EINVAL);
}

static void
test_text_search(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct search_filter f = { 0 };
	struct hits h;
	char *m = NULL;
	static const char *const hostile[] = {
		"\"", "NEAR(", "* AND", "-lopez", "a\"b", "')); DROP TABLE clinics;--", "col:x",
		"^start", "(((", "OR",
	};
	size_t i = 0;

	load_clinics(fx->idx);
	load_gazetteers(fx->idx);
	f.text = "lopez";                       /* a practitioner */
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	f.text = "Board-Certified DERMATOLOGIST";   /* evidence, any case */
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 2);
	f.text = "chemical peel";                /* a code, as words */
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	f.text = "aesth*";                       /* a prefix, the clinic name */
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	f.text = "microneedling";
	f.near = "78701";
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 2);
	/* nearest first, with a page of one as with a page of all */
	assert_true(h.dist[0] >= 0 && h.dist[0] <= h.dist[1]);
	f.limit = 1;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.ids[0], clinic_of(fx->idx, "lumina.test"));
	f.offset = 1;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.ids[0], clinic_of(fx->idx, "cedar.test"));
	f.limit = 0;
	f.offset = 0;
	f.near = NULL;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 3);
	/* FTS5 syntax in user text is just text: a search, or "no word" */
	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		int rc = 0;

		f.text = hostile[i];
		memset(&h, 0, sizeof h);
		rc = index_search_clinics(fx->idx, &f, collect_hit, &h, &err);
		assert_true(rc == 0 || rc == CD_EINVAL);
		assert_true(rc == 0 || strstr(err.msg, "no word") != NULL);
	}
	f.text = "near";                         /* the word from the evidence */
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	f.text = "  \"  ";
	assert_int_equal(search(fx->idx, &f, &h, &err), CD_EINVAL);
	assert_int_equal(index_text_query("a\"b c*", &m, &err), 0);
	assert_string_equal(m, "\"a\"\"b\" \"c\" *");
	free(m);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM clinics"), 5);

	/* the document follows a page's facts being replaced */
	add_clinic(fx->idx, "https://cedar.test", "Cedar Park Med Spa", "Cedar Park", "TX", "78613",
	           false, 0, 0, "hydrafacial", "HydraFacial Tuesdays.", NULL);
	f.text = "skinpen";
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 0);
	f.text = "hydrafacial tuesdays";
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
}

static void
test_reimport_replaces(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct places_report rep;
	static const char moved[] = ZCTA_HEADER
		"78613\t1\t0\t0\t0\t30.600000\t-97.900000\n";
	static const char junk[] = ZCTA_HEADER "not\ta\tzcta\n";

	load_clinics(fx->idx);
	load_gazetteers(fx->idx);
	/* a file with no usable row replaces nothing */
	assert_int_equal(import_text(fx->idx, junk, sizeof junk - 1, &rep, &err), CD_EPARSE);
	assert_non_null(strstr(err.msg, "gaz.txt: no usable ZCTA record"));
	assert_int_equal(rep.malformed, 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM gaz_zcta"), 7);
	/* a new file replaces the ZIP table whole and moves the locations */
	assert_int_equal(import_text(fx->idx, moved, sizeof moved - 1, &rep, &err), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM gaz_zcta"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM gaz_places"), 5);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE zip = '78613'"
	                                  " AND abs(lat - 30.6) < 1e-9"), 1);
	/* Honolulu lost its ZIP centroid: now the city's; Austin keeps markup */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE city = 'Honolulu'"
	                                  " AND geo_source IS NULL"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE city = 'Anchorage'"
	                                  " AND geo_source = 'city'"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE city = 'Austin'"
	                                  " AND geo_source = 'markup'"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_rtree r JOIN locations l"
	                                  " ON l.id = r.id WHERE abs(r.min_lat - l.lat) < 1e-4"),
	                 fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE lat IS NOT NULL"));
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_rtree"),
	                 fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE lat IS NOT NULL"));
}

/* ---- query plans ---- */

struct plan_capture {
	char *sql[8];
	size_t n;
};

static int
capture_sql(unsigned type, void *ctx, void *p, void *x)
{
	struct plan_capture *c = ctx;
	char *s = NULL;

	(void)type;
	(void)x;
	s = sqlite3_expanded_sql((sqlite3_stmt *)p);
	if (s && (strstr(s, "SELECT c.id") || strstr(s, "location_grid")) && c->n < 8)
		c->sql[c->n++] = xstrdup(s);
	sqlite3_free(s);
	return 0;
}

/* The EXPLAIN QUERY PLAN of the statements index_search_clinics runs for
 * f (the clinics, and the points near a place), one detail a line. Caller
 * frees. */
static char *
plan_of(struct index *idx, const struct search_filter *f)
{
	struct plan_capture c = { { NULL }, 0 };
	struct cd_error err = { 0, "" };
	struct hits h;
	sqlite3_stmt *st = NULL;
	char *q = NULL, *plan = NULL;
	size_t len = 0, i = 0;
	FILE *out = open_memstream(&plan, &len);

	sqlite3_trace_v2(index_db(idx), SQLITE_TRACE_STMT, capture_sql, &c);
	assert_int_equal(search(idx, f, &h, &err), 0);
	sqlite3_trace_v2(index_db(idx), 0, NULL, NULL);
	assert_true(c.n >= 1);
	for (i = 0; i < c.n; i++) {
		q = xasprintf("EXPLAIN QUERY PLAN %s", c.sql[i]);
		assert_int_equal(sqlite3_prepare_v2(index_db(idx), q, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(out, "%s\n", (const char *)sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
		free(q);
		free(c.sql[i]);
	}
	fclose(out);
	return plan;
}

static void
test_query_plans(void **state)
{
	struct fixture *fx = *state;
	struct search_filter f = { 0 };
	char *plan = NULL;

	load_clinics(fx->idx);
	load_gazetteers(fx->idx);
	/* place + credential + service + text, as the benchmark asks */
	f.near = "78701";
	f.services = (const char *[]){ "microneedling" };
	f.n_services = 1;
	f.credentials = (const char *[]){ "board-dermatology" };
	f.n_credentials = 1;
	f.text = "dermatologist";
	plan = plan_of(fx->idx, &f);
	print_message("# plan:\n%s", plan);
	/* the place comes from the grid (schema 13), a run of its key per
	 * latitude band, never a scan of locations; the text (a word of few clinics) from FTS5 once,
	 * as a set, not a probe per nearby clinic (bench/serve: 60 ms for a
	 * word in one clinic of twenty, 50 miles round a city); claims by
	 * index */
	assert_non_null(strstr(plan, "SEARCH g USING PRIMARY KEY (band=? AND lon>? AND lon<?)"));
	assert_null(strstr(plan, "SCAN l\n"));
	assert_null(strstr(plan, "SCAN locations"));
	/* clinics by rowid */
	assert_non_null(strstr(plan, "SEARCH c USING INTEGER PRIMARY KEY"));
	assert_null(strstr(plan, "SCAN clinics"));
	assert_null(strstr(plan, "SCAN claims"));
	assert_non_null(strstr(plan, "LIST SUBQUERY"));
	assert_non_null(strstr(plan, "clinic_fts VIRTUAL TABLE INDEX 0:M"));
	assert_null(strstr(plan, "clinic_fts VIRTUAL TABLE INDEX 0:="));
	/* ... while the nearby clinics, nearest first (a JSON array from
	 * the grid's points), drive the query */
	assert_true(strstr(plan, "SCAN json_each VIRTUAL TABLE") != NULL &&
	            strstr(plan, "SCAN json_each VIRTUAL TABLE") < strstr(plan, "LIST SUBQUERY"));
	assert_non_null(strstr(plan, "claims USING COVERING INDEX claims_clinic"));
	free(plan);

	/* text alone: FTS5 picks the clinics */
	memset(&f, 0, sizeof f);
	f.text = "microneedling";
	plan = plan_of(fx->idx, &f);
	print_message("# plan:\n%s", plan);
	assert_non_null(strstr(plan, "clinic_fts VIRTUAL TABLE INDEX 0:M"));
	assert_null(strstr(plan, "SCAN claims"));
	free(plan);

	/* a ZIP: the ZIP index, not a scan of locations */
	memset(&f, 0, sizeof f);
	f.zip = "78701";
	plan = plan_of(fx->idx, &f);
	print_message("# plan:\n%s", plan);
	assert_null(strstr(plan, "SCAN lf"));
	assert_null(strstr(plan, "SCAN c\n"));
	assert_non_null(strstr(plan, "lf USING INDEX locations_zip (zip>? AND zip<?)"));
	free(plan);

	/* a state: its index */
	memset(&f, 0, sizeof f);
	f.state = "tx";
	plan = plan_of(fx->idx, &f);
	assert_null(strstr(plan, "SCAN c\n"));
	assert_non_null(strstr(plan, "lf USING INDEX locations_state (state=?)"));
	free(plan);
}

/* ---- GeoJSON ---- */

static void
test_geojson(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct search_filter f = { 0 };
	char *text = NULL;
	size_t len = 0, i = 0;
	FILE *out = open_memstream(&text, &len);
	int64_t written = 0, skipped = 0;
	json_object *o = NULL, *feats = NULL;

	load_clinics(fx->idx);
	/* only the markup location has coordinates yet */
	assert_int_equal(export_geojson(fx->idx, &f, out, &written, &skipped, &err), 0);
	fclose(out);
	assert_int_equal(written, 1);
	assert_int_equal(skipped, 4);
	o = json_tokener_parse(text);
	assert_non_null(o);
	json_object_put(o);
	free(text);

	load_gazetteers(fx->idx);
	f.near = "78701";
	f.radius_mi = 40;
	out = open_memstream(&text, &len);
	assert_int_equal(export_geojson(fx->idx, &f, out, &written, &skipped, &err), 0);
	fclose(out);
	assert_int_equal(written, 3);
	assert_int_equal(skipped, 0);
	o = json_tokener_parse(text);
	assert_non_null(o);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "type")),
	                    "FeatureCollection");
	feats = json_object_object_get(o, "features");
	assert_int_equal(json_object_array_length(feats), 3);
	for (i = 0; i < 3; i++) {
		json_object *ft = json_object_array_get_idx(feats, i);
		json_object *g = json_object_object_get(ft, "geometry");
		json_object *c = json_object_object_get(g, "coordinates");
		json_object *p = json_object_object_get(ft, "properties");

		assert_string_equal(json_object_get_string(json_object_object_get(ft, "type")),
		                    "Feature");
		assert_string_equal(json_object_get_string(json_object_object_get(g, "type")), "Point");
		/* [lon, lat] */
		assert_true(json_object_get_double(json_object_array_get_idx(c, 0)) < -97);
		assert_true(json_object_get_double(json_object_array_get_idx(c, 1)) > 30);
		assert_non_null(json_object_object_get(p, "clinic_id"));
		assert_non_null(json_object_object_get(p, "distance_mi"));
	}
	json_object_put(o);
	free(text);
}

/* ---- migration ---- */

/* location_points knows which located rows a copy with markup
 * coordinates shadows, as that copy comes and goes; search reads that. */
static void
test_shadowed_copies(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct search_filter f = { 0 };
	struct hits h;
	int64_t zip_row = 0;

	load_clinics(fx->idx);
	load_gazetteers(fx->idx);
	zip_row = fixture_sql_int(fx->idx, "SELECT l.id FROM locations l JOIN clinics c ON"
	                                   " c.id = l.clinic_id WHERE c.name = 'Cedar Park Med Spa'");
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points WHERE shadowed"), 0);
	/* the same address with markup coordinates, 30 miles away */
	assert_int_equal(sqlite3_exec(index_db(fx->idx),
	                              "INSERT INTO locations (clinic_id, page_id, street, city, state,"
	                              " zip, lat, lon, geo_source) SELECT clinic_id, page_id,"
	                              " upper(street), city, state, zip, 30.95, -97.80, 'markup'"
	                              " FROM locations WHERE clinic_id = (SELECT id FROM clinics"
	                              " WHERE name = 'Cedar Park Med Spa')", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points WHERE shadowed"), 1);
	/* the grid follows: the shadowed copy leaves it, its twin joins */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_grid g JOIN location_points p"
	                                  " ON p.id = g.id WHERE p.shadowed"), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_grid"),
	                 fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points WHERE NOT shadowed"));
	{
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT shadowed FROM location_points WHERE id = %lld",
		         (long long)zip_row);
		assert_int_equal(fixture_sql_int(fx->idx, sql), 1);
	}
	/* near the ZIP centroid: the clinic is where its markup copy says */
	f.near = "78613";
	f.radius_mi = 5;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 0);
	f.radius_mi = 60;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_true(h.n >= 1);
	/* the markup copy goes: the ZIP copy counts again */
	assert_int_equal(sqlite3_exec(index_db(fx->idx),
	                              "DELETE FROM locations WHERE geo_source = 'markup' AND"
	                              " clinic_id = (SELECT id FROM clinics WHERE name ="
	                              " 'Cedar Park Med Spa')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points WHERE shadowed"), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_grid"),
	                 fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points"));
	f.radius_mi = 5;
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	/* the markup copy spells the street otherwise ("1 Main Street,
	 * Suite 4" for "1 Main St"): the same office all the same */
	assert_int_equal(sqlite3_exec(index_db(fx->idx),
	                              "INSERT INTO locations (clinic_id, page_id, street, city, state,"
	                              " zip, lat, lon, geo_source) SELECT clinic_id, page_id,"
	                              " '1 Main Street, Suite 4', city, state, zip, 30.95, -97.80,"
	                              " 'markup' FROM locations WHERE clinic_id = (SELECT id FROM"
	                              " clinics WHERE name = 'Cedar Park Med Spa')", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points WHERE shadowed"), 1);
	/* but another house number on that street is another office */
	assert_int_equal(sqlite3_exec(index_db(fx->idx),
	                              "UPDATE locations SET street = '7 Main Street' WHERE geo_source ="
	                              " 'markup'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_points WHERE shadowed"), 0);
}

static void
test_migrate_from_v2(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct search_filter f = { 0 };
	struct hits h;

	load_clinics(fx->idx);
	/* make it a version 2 database again, holding the same rows */
	assert_int_equal(sqlite3_exec(index_db(fx->idx),
	                              "DROP TRIGGER locations_rtree_ins; DROP TRIGGER locations_rtree_upd;"
	                              "DROP TRIGGER locations_rtree_del; DROP TRIGGER clinics_fts_del;"
	                              "DROP TRIGGER locations_twins_ins; DROP TRIGGER locations_twins_upd;"
	                              "DROP TRIGGER locations_twins_del; DROP TRIGGER locations_points_ins;"
	                              "DROP TRIGGER locations_points_upd; DROP TRIGGER locations_points_del;"
	                              "DROP TABLE location_grid; DROP TABLE location_points;"
	                              "DROP TABLE licenses;"
	                              "DROP TABLE registry_imports; DROP TABLE npi_providers;"
	                              "DROP TABLE npi_taxonomies; DROP TABLE leie; DROP TABLE fda_decisions;"
	                              "ALTER TABLE practitioners DROP COLUMN exclusion;"
	                              "ALTER TABLE practitioners DROP COLUMN exclusion_note;"
	                              "ALTER TABLE practitioners DROP COLUMN license_note;"
	                              "ALTER TABLE clinics DROP COLUMN exclusion;"
	                              "ALTER TABLE clinics DROP COLUMN exclusion_note;"
	                              "DROP TABLE location_rtree; DROP TABLE clinic_fts;"
	                              "DROP TABLE gaz_zcta; DROP TABLE gaz_places; DROP TABLE roles;"
	                              "ALTER TABLE clinics DROP COLUMN services;"
	                              "ALTER TABLE clinics DROP COLUMN credentials;"
	                              "ALTER TABLE clinics DROP COLUMN practitioners;"
	                              "UPDATE locations SET geo_source = NULL;"
	                              "PRAGMA user_version = 2;",
	                              NULL, NULL, NULL), SQLITE_OK);
	index_close(fx->idx);
	fx->idx = NULL;
	assert_int_equal(index_open(fx->path, &fx->idx, &err), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "PRAGMA user_version"), INDEX_SCHEMA_VERSION);
	/* backfilled: the markup point is in the R*Tree, the text in FTS */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_rtree"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM location_grid"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE geo_source = 'markup'"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM clinic_fts"), 5);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM clinics WHERE services = ''"), 0);
	f.text = "lopez";
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	f.text = NULL;
	f.near = "30.27,-97.74";
	assert_int_equal(search(fx->idx, &f, &h, &err), 0);
	assert_int_equal(h.n, 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM pragma_integrity_check"
	                                  " WHERE integrity_check <> 'ok'"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_parse_place),
		cmocka_unit_test(test_parse_radius),
		cmocka_unit_test(test_place_keys),
		cmocka_unit_test(test_read_bom_crlf_padding),
		cmocka_unit_test(test_read_malformed_lines),
		cmocka_unit_test(test_read_bad_headers),
		cmocka_unit_test_setup_teardown(test_geocode_order, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_near_search, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_text_search, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reimport_replaces, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_query_plans, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_geojson, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_shadowed_copies, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_migrate_from_v2, fixture_setup, fixture_teardown),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("places", tests, NULL, NULL);
}
