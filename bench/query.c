/* bench/query.c: how fast the directory answers at national scale.
 * Builds a synthetic directory (100,000 clinics, 300,000 practitioners,
 * 2,000,000 claims, 30,000 ZIP centroids) in a temporary database through
 * the index library, then times 1,000 mixed queries (place + credential +
 * service + text) through index_search_clinics on the warm database,
 * the same queries answered by a full scan, and a whole-directory export.
 * Usage: bench/query [-c CLINICS] [-q QUERIES] [-s SCANS] [-k] [DIR]
 * (-k keeps the database). Not part of `make check`. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "common/xalloc.h"
#include "index/export.h"
#include "index/index.h"
#include "index/places.h"
#include "index/query.h"

static const char *const credentials[] = {
	"md", "do", "board-dermatology", "board-plastic-surgery", "board-facial-plastic-surgery",
	"board-other", "board-nonabms", "board-unspecified", "faad", "facs", "np", "pa", "rn",
	"cans", "esthetician", "master-esthetician", "fda-cleared-device",
};
static const char *const services[] = {
	"microneedling", "rf-microneedling", "prp", "chemical-peel", "laser-resurfacing", "ipl",
	"laser-hair-removal", "hydrafacial", "dermaplaning", "microdermabrasion", "neurotoxin",
	"dermal-filler", "kybella", "thread-lift", "body-contouring", "tattoo-removal",
	"mohs-surgery", "facial",
};
static const char *const name_a[] = {
	"Glow", "Radiance", "Lumina", "Aurora", "Cedar", "Harbor", "Summit", "Willow", "Juniper",
	"Magnolia", "Sage", "Coastal", "Prairie", "Canyon", "Evergreen", "Bluebonnet", "Peachtree",
	"Riverside", "Lakeside", "Skyline",
};
static const char *const name_b[] = {
	"Dermatology", "Med Spa", "Aesthetics", "Skin Clinic", "Laser Center", "Plastic Surgery",
	"Skin Studio", "Wellness", "Facial Plastics", "Rejuvenation",
};
static const char *const first[] = {
	"Maria", "Daniel", "Kim", "Lena", "Priya", "Alan", "Jessica", "Carlos", "Rachel", "Kevin",
	"Aisha", "Tom", "Mei", "Omar", "Sofia", "Grace", "Noah", "Elena", "Samuel", "Hannah",
};
static const char *const last[] = {
	"Lopez", "Whitfield", "Tran", "Park", "Shah", "Mercer", "Hale", "Ibanez", "Stein", "Ng",
	"Okafor", "Rossi", "Chen", "Haddad", "Novak", "Brennan", "Kowalski", "Silva", "Fischer",
	"Nakamura", "Dubois", "Moreau", "Patel", "Kim", "Garcia", "Murphy", "Olsen", "Varga",
	"Bauer", "Costa",
};
static const char *const sentences[] = {
	"We offer %s for acne scars, fine lines and uneven texture.",
	"Our board-certified team provides %s in a relaxing setting.",
	"Ask about %s during your free consultation.",
	"%s treatments are performed by licensed clinicians.",
	"New patients save on their first %s session this month.",
	"Dr. %s is a board-certified dermatologist and fellow of the academy.",
	"%s, our nurse injector, has ten years of experience.",
	"Meet %s, a licensed medical esthetician.",
};
/* Words that occur in names, practitioners or evidence, for --text. */
static const char *const words[] = {
	"laser", "lopez", "glow", "consultation", "acne", "injector", "radiance", "rejuvenation",
	"scars", "fellow", "esthetician", "summit", "chen", "relaxing", "coastal", "hydrafacial",
};
#define N(a) (sizeof (a) / sizeof (a)[0])

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t
rnd(void)
{
	/* xorshift64*: deterministic, so every run builds the same directory */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static double
rnd_unit(void)
{
	return rnd() / 4294967296.0;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
die_sql(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bench/query: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static sqlite3_stmt *
prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die_sql(db, sql);
	return st;
}

static void
step(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		die_sql(db, "insert");
	sqlite3_reset(st);
}

struct zcta {
	char zip[6];
	double lat, lon;
};

/* The synthetic country: ZIP centroids spread over the lower 48's box,
 * denser towards a few metro areas, as real clinics are. */
static struct zcta *
build_zctas(sqlite3 *db, size_t n)
{
	static const double metros[][2] = {
		{ 40.71, -74.00 }, { 34.05, -118.24 }, { 41.88, -87.63 }, { 29.76, -95.37 },
		{ 33.45, -112.07 }, { 25.76, -80.19 }, { 30.27, -97.74 }, { 47.61, -122.33 },
		{ 39.74, -104.99 }, { 33.75, -84.39 },
	};
	struct zcta *z = xcalloc(n, sizeof *z);
	sqlite3_stmt *st = prep(db, "INSERT INTO gaz_zcta (zip, lat, lon) VALUES (?1, ?2, ?3)");
	size_t i = 0, m = 0;

	for (i = 0; i < n; i++) {
		snprintf(z[i].zip, sizeof z[i].zip, "%05zu", 501 + i * 3);
		if (rnd() % 3 == 0) {
			m = rnd() % N(metros);
			z[i].lat = metros[m][0] + (rnd_unit() - 0.5) * 1.2;
			z[i].lon = metros[m][1] + (rnd_unit() - 0.5) * 1.4;
		} else {
			z[i].lat = 25 + rnd_unit() * 24;
			z[i].lon = -124 + rnd_unit() * 57;
		}
		sqlite3_bind_text(st, 1, z[i].zip, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 2, z[i].lat);
		sqlite3_bind_double(st, 3, z[i].lon);
		step(db, st);
	}
	sqlite3_finalize(st);
	return z;
}

static void
build_directory(struct index *idx, size_t n_clinics, const struct zcta *z, size_t n_z)
{
	sqlite3 *db = index_db(idx);
	sqlite3_stmt *site = prep(db, "INSERT INTO sites (id, key, host, base_url, first_seen)"
	                              " VALUES (?1, ?2, ?3, ?2, 1700000000)");
	sqlite3_stmt *clinic = prep(db, "INSERT INTO clinics (id, site_id, name, name_rank, phone,"
	                                " first_seen, last_crawled) VALUES (?1, ?1, ?2, 3, ?3,"
	                                " 1700000000, 1700000000)");
	sqlite3_stmt *page = prep(db, "INSERT INTO pages (id, site_id, url, status) VALUES (?1, ?1, ?2, 200)");
	sqlite3_stmt *loc = prep(db, "INSERT INTO locations (clinic_id, page_id, street, city, state,"
	                             " zip, lat, lon, geo_source) VALUES (?1, ?1, ?2, 'Springfield',"
	                             " 'TX', ?3, ?4, ?5, ?6)");
	sqlite3_stmt *pract = prep(db, "INSERT INTO practitioners (id, clinic_id, name, name_key)"
	                               " VALUES (?1, ?2, ?3, lower(?3) || ' ' || ?1)");
	sqlite3_stmt *claim = prep(db, "INSERT INTO claims (clinic_id, page_id, practitioner_id, kind,"
	                               " code, evidence_url, evidence) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6)");
	char key[64], name[96], phone[32], street[64], url[80], ev[256];
	int64_t pid = 0;
	size_t c = 0, j = 0, k = 0;

	for (c = 1; c <= n_clinics; c++) {
		const struct zcta *zc = &z[rnd() % n_z];
		int64_t pids[3];
		char pnames[3][64];

		snprintf(key, sizeof key, "https://clinic%zu.test", c);
		snprintf(name, sizeof name, "%s %s", name_a[rnd() % N(name_a)], name_b[rnd() % N(name_b)]);
		snprintf(phone, sizeof phone, "+1512555%04zu", c % 10000);
		snprintf(url, sizeof url, "%s/", key);
		sqlite3_bind_int64(site, 1, (int64_t)c);
		sqlite3_bind_text(site, 2, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(site, 3, key + 8, -1, SQLITE_TRANSIENT);
		step(db, site);
		sqlite3_bind_int64(clinic, 1, (int64_t)c);
		sqlite3_bind_text(clinic, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(clinic, 3, phone, -1, SQLITE_TRANSIENT);
		step(db, clinic);
		sqlite3_bind_int64(page, 1, (int64_t)c);
		sqlite3_bind_text(page, 2, url, -1, SQLITE_TRANSIENT);
		step(db, page);
		/* half the clinics publish JSON-LD geo; the rest sit on their
		 * ZIP centroid, as geocoding puts them */
		snprintf(street, sizeof street, "%u Main St", 100 + rnd() % 9000);
		sqlite3_bind_int64(loc, 1, (int64_t)c);
		sqlite3_bind_text(loc, 2, street, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(loc, 3, zc->zip, -1, SQLITE_TRANSIENT);
		if (rnd() % 2) {
			sqlite3_bind_double(loc, 4, zc->lat + (rnd_unit() - 0.5) * 0.05);
			sqlite3_bind_double(loc, 5, zc->lon + (rnd_unit() - 0.5) * 0.05);
			sqlite3_bind_text(loc, 6, "markup", -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_double(loc, 4, zc->lat);
			sqlite3_bind_double(loc, 5, zc->lon);
			sqlite3_bind_text(loc, 6, "zip", -1, SQLITE_STATIC);
		}
		step(db, loc);
		for (j = 0; j < 3; j++) {
			pids[j] = ++pid;
			snprintf(pnames[j], sizeof pnames[j], "%s %s", first[rnd() % N(first)],
			         last[rnd() % N(last)]);
			sqlite3_bind_int64(pract, 1, pid);
			sqlite3_bind_int64(pract, 2, (int64_t)c);
			sqlite3_bind_text(pract, 3, pnames[j], -1, SQLITE_TRANSIENT);
			step(db, pract);
		}
		/* 20 claims: 8 credentials of the practitioners, 12 services */
		for (k = 0; k < 20; k++) {
			bool cred = k < 8;
			const char *code = cred ? credentials[rnd() % N(credentials)]
			                        : services[rnd() % N(services)];
			const char *fmt = sentences[cred ? 5 + rnd() % 3 : rnd() % 5];
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

			snprintf(ev, sizeof ev, fmt, cred ? pnames[k % 3] : code);
			sqlite3_bind_int64(claim, 1, (int64_t)c);
			if (cred)
				sqlite3_bind_int64(claim, 2, pids[k % 3]);
			else
				sqlite3_bind_null(claim, 2);
			sqlite3_bind_text(claim, 3, cred ? "credential" : "service", -1, SQLITE_STATIC);
			sqlite3_bind_text(claim, 4, code, -1, SQLITE_STATIC);
			sqlite3_bind_text(claim, 5, url, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(claim, 6, ev, -1, SQLITE_TRANSIENT);
			step(db, claim);
		}
	}
	sqlite3_finalize(site);
	sqlite3_finalize(clinic);
	sqlite3_finalize(page);
	sqlite3_finalize(loc);
	sqlite3_finalize(pract);
	sqlite3_finalize(claim);
}

struct query {
	char near[8];
	double radius;
	const char *cred, *svc, *text;
	double lat, lon;
};

static int
count_row(const struct clinic_row *r, void *arg)
{
	(void)r;
	(*(long *)arg)++;
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Runs qs[0..n) through index_search_clinics with limit (0: all), each
 * query's time into lat (ms) and its clinics into rows; the wall time of
 * the whole run in ms, or -1 on an error (in err). */
static double
run_queries(struct index *idx, struct query *qs, size_t n, long limit, double *lat,
            long *rows, struct cd_error *err)
{
	double t0 = now_ms();

	for (size_t i = 0; i < n; i++) {
		struct search_filter f = { 0 };
		double a = 0;

		rows[i] = 0;
		f.near = qs[i].near;
		f.radius_mi = qs[i].radius;
		f.credentials = qs[i].cred ? &qs[i].cred : NULL;
		f.n_credentials = qs[i].cred ? 1 : 0;
		f.services = qs[i].svc ? &qs[i].svc : NULL;
		f.n_services = qs[i].svc ? 1 : 0;
		f.text = qs[i].text;
		f.limit = limit;
		a = now_ms();
		if (index_search_clinics(idx, &f, count_row, &rows[i], err) != 0)
			return -1;
		lat[i] = now_ms() - a;
	}
	return now_ms() - t0;
}

/* The same question answered without the R*Tree or FTS5: every location's
 * distance, every stored document searched, claims by clinic. */
static long
scan_query(sqlite3 *db, const struct query *q)
{
	static sqlite3_stmt *st = NULL;
	char like[96];
	long n = 0;

	if (st == NULL)
		st = prep(db,
		          "SELECT count(*) FROM (SELECT l.clinic_id AS cid FROM locations l NOT INDEXED"
		          "  WHERE cd_distance_mi(?1, ?2, l.lat, l.lon) <= ?3 GROUP BY l.clinic_id) n"
		          " WHERE (?4 IS NULL OR EXISTS (SELECT 1 FROM claims WHERE clinic_id = n.cid"
		          "   AND kind = 'credential' AND code = ?4))"
		          " AND (?5 IS NULL OR EXISTS (SELECT 1 FROM claims WHERE clinic_id = n.cid"
		          "   AND kind = 'service' AND code = ?5))"
		          " AND (?6 IS NULL OR n.cid IN (SELECT id FROM clinic_fts_content WHERE"
		          "   ' ' || lower(c0 || ' ' || c1 || ' ' || c2 || ' ' || c3) || ' ' LIKE ?6))");
	sqlite3_reset(st);
	sqlite3_bind_double(st, 1, q->lat);
	sqlite3_bind_double(st, 2, q->lon);
	sqlite3_bind_double(st, 3, q->radius);
	if (q->cred)
		sqlite3_bind_text(st, 4, q->cred, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	if (q->svc)
		sqlite3_bind_text(st, 5, q->svc, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	if (q->text) {
		/* a word: surrounded by a space or punctuation, roughly */
		snprintf(like, sizeof like, "%% %s%%", q->text);
		sqlite3_bind_text(st, 6, like, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(st, 6);
	}
	if (sqlite3_step(st) != SQLITE_ROW)
		die_sql(db, "scan");
	n = sqlite3_column_int64(st, 0);
	return n;
}

int
main(int argc, char **argv)
{
	struct cd_error err = { 0, "" };
	struct index *idx = NULL;
	struct query *qs = NULL;
	struct zcta *z = NULL;
	size_t n_clinics = 100000, n_queries = 1000, n_scans = 50, n_z = 30000, i = 0;
	double t0 = 0, t1 = 0, *lat = NULL, total = 0, scan_total = 0, idx_total = 0;
	long rows = 0, hits = 0, scan_hits = 0, idx_hits = 0, mismatches = 0, *qrows = NULL;
	char dir[512], *path = NULL;
	const char *tmp = getenv("TMPDIR");
	bool keep = false;
	int opt = 0;
	FILE *devnull = NULL;
	int64_t features = 0, skipped = 0;

	while ((opt = getopt(argc, argv, "c:q:s:k")) != -1) {
		switch (opt) {
		case 'c': n_clinics = strtoul(optarg, NULL, 10); break;
		case 'q': n_queries = strtoul(optarg, NULL, 10); break;
		case 's': n_scans = strtoul(optarg, NULL, 10); break;
		case 'k': keep = true; break;
		default:
			fprintf(stderr, "usage: bench/query [-c CLINICS] [-q QUERIES] [-s SCANS] [-k] [DIR]\n");
			return 2;
		}
	}
	if (n_clinics == 0 || n_queries == 0)
		return 2;
	snprintf(dir, sizeof dir, "%s/clinicdex-bench.XXXXXX",
	         optind < argc ? argv[optind] : tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	path = xasprintf("%s/bench.db", dir);
	if (index_open(path, &idx, &err) != 0) {
		fprintf(stderr, "bench/query: %s\n", err.msg);
		return 1;
	}
	index_map_for_reading(idx);   /* as search and export do */

	t0 = now_ms();
	if (index_begin(idx, &err) != 0)
		goto fail;
	z = build_zctas(index_db(idx), n_z);
	build_directory(idx, n_clinics, z, n_z);
	if (index_fts_rebuild(idx, &err) != 0 || index_commit(idx, &err) != 0)
		goto fail;
	sqlite3_exec(index_db(idx), "ANALYZE", NULL, NULL, NULL);
	t1 = now_ms();
	printf("built %zu clinics, %zu practitioners, %zu claims, %zu ZIP centroids in %.1f s (%s)\n",
	       n_clinics, n_clinics * 3, n_clinics * 20, n_z, (t1 - t0) / 1e3, path);

	/* the queries: a place always; a credential, a service and words often */
	qs = xcalloc(n_queries, sizeof *qs);
	for (i = 0; i < n_queries; i++) {
		const struct zcta *zc = &z[rnd() % n_z];
		static const double radii[] = { 10, 25, 25, 50 };

		memcpy(qs[i].near, zc->zip, 6);
		qs[i].lat = zc->lat;
		qs[i].lon = zc->lon;
		qs[i].radius = radii[rnd() % N(radii)];
		qs[i].cred = rnd() % 10 < 7 ? credentials[rnd() % N(credentials)] : NULL;
		qs[i].svc = rnd() % 10 < 7 ? services[rnd() % N(services)] : NULL;
		qs[i].text = rnd() % 10 < 5 ? words[rnd() % N(words)] : NULL;
	}
	lat = xcalloc(n_queries, sizeof *lat);
	qrows = xcalloc(n_queries, sizeof *qrows);
	/* pass 0 warms the cache */
	if (run_queries(idx, qs, n_queries, 0, lat, qrows, &err) < 0 ||
	    (total = run_queries(idx, qs, n_queries, 0, lat, qrows, &err)) < 0)
		goto fail;
	hits = 0;
	for (i = 0; i < n_queries; i++) {
		hits += qrows[i];
		if (i < n_scans) {
			idx_hits += qrows[i];
			idx_total += lat[i];
		}
	}
	/* by shape, so a slow kind of query shows */
	{
		static const char *const shape[] = { "place only", "place + codes", "place + text",
		                                     "place + codes + text" };
		double *g[4];
		size_t ng[4] = { 0 };

		for (int k = 0; k < 4; k++)
			g[k] = xcalloc(n_queries, sizeof *g[k]);
		for (i = 0; i < n_queries; i++) {
			int k = (qs[i].cred || qs[i].svc ? 1 : 0) + (qs[i].text ? 2 : 0);
			g[k][ng[k]++] = lat[i];
		}
		for (int k = 0; k < 4; k++) {
			if (ng[k] > 0) {
				qsort(g[k], ng[k], sizeof *g[k], cmp_double);
				printf("  %-22s %4zu queries: p50 %.2f ms, p95 %.2f ms\n", shape[k], ng[k],
				       g[k][ng[k] / 2], g[k][ng[k] * 95 / 100]);
			}
			free(g[k]);
		}
	}
	/* the same queries for the first page of results (--limit 50) */
	{
		double *pl = xcalloc(n_queries, sizeof *pl), pt = 0;
		long *pr = xcalloc(n_queries, sizeof *pr);

		if ((pt = run_queries(idx, qs, n_queries, 50, pl, pr, &err)) < 0)
			goto fail;
		qsort(pl, n_queries, sizeof *pl, cmp_double);
		printf("the same queries with --limit 50 (a first page, nearest first): p50 %.2f ms, "
		       "p95 %.2f ms, p99 %.2f ms, %.0f queries/s\n", pl[n_queries / 2],
		       pl[n_queries * 95 / 100], pl[n_queries * 99 / 100], n_queries / (pt / 1e3));
		/* and once more with the database read through read() instead of
		 * a memory map (index_map_for_reading), warmed the same way: what
		 * the mapping is worth on this machine, in this run */
		if (sqlite3_exec(index_db(idx), "PRAGMA mmap_size=0", NULL, NULL, NULL) == SQLITE_OK &&
		    run_queries(idx, qs, n_queries, 0, pl, pr, &err) >= 0 &&
		    (pt = run_queries(idx, qs, n_queries, 0, pl, pr, &err)) >= 0) {
			qsort(pl, n_queries, sizeof *pl, cmp_double);
			printf("the same queries without the memory map (read()): p50 %.2f ms, "
			       "p95 %.2f ms, p99 %.2f ms, %.0f queries/s\n", pl[n_queries / 2],
			       pl[n_queries * 95 / 100], pl[n_queries * 99 / 100],
			       n_queries / (pt / 1e3));
		}
		sqlite3_exec(index_db(idx), "PRAGMA mmap_size=1073741824", NULL, NULL, NULL);
		free(pl);
		free(pr);
	}
	qsort(lat, n_queries, sizeof *lat, cmp_double);
	printf("%zu mixed queries (place + credential + service + text), warm: "
	       "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, %.0f queries/s, "
	       "%.1f clinics per query\n",
	       n_queries, lat[n_queries / 2], lat[n_queries * 95 / 100],
	       lat[n_queries * 99 / 100], lat[n_queries - 1], n_queries / (total / 1e3),
	       (double)hits / n_queries);

	if (n_scans > n_queries)
		n_scans = n_queries;
	for (i = 0; i < n_scans; i++) {
		long n = 0;
		double a = now_ms();

		n = scan_query(index_db(idx), &qs[i]);
		scan_total += now_ms() - a;
		scan_hits += n;
		if (qrows[i] != n)
			mismatches++;
	}
	if (n_scans > 0)
		printf("full scan of the first %zu queries: %.1f ms a query against %.2f ms indexed "
		       "(%.0fx); %ld of %zu answers differ in count (%ld vs %ld clinics)\n",
		       n_scans, scan_total / n_scans, idx_total / n_scans,
		       scan_total / (idx_total > 0 ? idx_total : 1e-9), mismatches, n_scans,
		       scan_hits, idx_hits);

	devnull = fopen("/dev/null", "w");
	t0 = now_ms();
	if (export_write(idx, EXPORT_CLINICS, EXPORT_CSV, NULL, devnull, &err) != 0)
		goto fail;
	t1 = now_ms();
	rows = (long)n_clinics;
	printf("export --what clinics --format csv: %ld rows in %.2f s, %.0f rows/s\n", rows,
	       (t1 - t0) / 1e3, rows / ((t1 - t0) / 1e3));
	t0 = now_ms();
	if (export_geojson(idx, NULL, devnull, &features, &skipped, &err) != 0)
		goto fail;
	t1 = now_ms();
	printf("export --format geojson: %lld features in %.2f s, %.0f features/s\n",
	       (long long)features, (t1 - t0) / 1e3, features / ((t1 - t0) / 1e3));
	fclose(devnull);

	index_close(idx);
	if (!keep) {
		char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);

		unlink(path);
		unlink(wal);
		unlink(shm);
		rmdir(dir);
		free(wal);
		free(shm);
	}
	free(path);
	free(qs);
	free(z);
	free(lat);
	free(qrows);
	return 0;
fail:
	fprintf(stderr, "bench/query: %s\n", err.msg);
	return 1;
}
