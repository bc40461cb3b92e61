/* bench/extract: how fast HTML becomes claims, against a bare libxml2
 * parse of the same pages in the same run.
 *
 *   bench/extract [--rounds N] [--dump] [DIR|FILE ...]
 *
 * Loads every *.html under the arguments (default: data/demo-web and
 * tests/corpus) into memory, then alternates rounds of (a) a bare
 * htmlReadMemory + xmlFreeDoc with the options the crawler uses and (b)
 * clinicdex's whole extraction (html_parse, extract_page with the rules
 * file, page_facts_release). Each round is timed in process CPU time; the
 * best round of each counts, so a noisy neighbour makes both slower, not
 * the ratio wrong. Prints MB/s for both and the ratio (goal: <= 1.5).
 * --dump prints what each page yields instead (one line a fact), to
 * compare two builds. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "crawler/html_links.h"
#include "extract/extract.h"
#include "extract/rules.h"

struct page {
	char *path;
	char *url;
	char *html;
	size_t len;
};

static struct page *pages;
static size_t n_pages, cap_pages;

static void
load_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	struct page *p = NULL;

	if (f == NULL) {
		fprintf(stderr, "bench/extract: cannot open %s\n", path);
		exit(1);
	}
	buf_init(&b, 64u << 20);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	if (n_pages == cap_pages) {
		cap_pages = cap_pages ? cap_pages * 2 : 256;
		pages = xreallocarray(pages, cap_pages, sizeof *pages);
	}
	p = &pages[n_pages++];
	p->path = xstrdup(path);
	/* the page's URL: http://HOST/PATH from ".../HOST.test/PATH" */
	{
		const char *h = strstr(path, ".test/");
		const char *s = h;

		while (s != NULL && s > path && s[-1] != '/')
			s--;
		p->url = s != NULL ? xasprintf("http://%.*s/%s", (int)(h + 5 - s), s, h + 6)
		                   : xasprintf("http://bench.test/%s", path);
	}
	p->len = b.len;
	p->html = buf_detach(&b);
}

static void
load(const char *path, int depth)
{
	struct stat st;
	DIR *d = NULL;
	struct dirent *e = NULL;

	if (depth > 16 || stat(path, &st) != 0)
		return;
	if (S_ISREG(st.st_mode)) {
		size_t n = strlen(path);
		if (n > 5 && strcmp(path + n - 5, ".html") == 0)
			load_file(path);
		return;
	}
	if (!S_ISDIR(st.st_mode) || (d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *sub = NULL;

		if (e->d_name[0] == '.')
			continue;
		sub = xasprintf("%s/%s", path, e->d_name);
		load(sub, depth + 1);
		free(sub);
	}
	closedir(d);
}

static void
dump(const struct rules *r)
{
	for (size_t i = 0; i < n_pages; i++) {
		struct html_doc *d = html_parse(pages[i].html, pages[i].len, pages[i].url);
		struct page_facts f;

		page_facts_init(&f);
		if (d != NULL)
			extract_page(r, d, &f);
		printf("%s\tname\t%s\t%s\n", pages[i].url, f.clinic_name ? f.clinic_name : "",
		       f.clinic_phone ? f.clinic_phone : "");
		for (size_t k = 0; k < f.n_practitioners; k++)
			printf("%s\tpractitioner\t%s\n", pages[i].url, f.practitioners[k].name);
		for (size_t k = 0; k < f.n_locations; k++)
			printf("%s\tlocation\t%s|%s|%s|%s\n", pages[i].url,
			       f.locations[k].street ? f.locations[k].street : "",
			       f.locations[k].city ? f.locations[k].city : "",
			       f.locations[k].state ? f.locations[k].state : "",
			       f.locations[k].zip ? f.locations[k].zip : "");
		for (size_t k = 0; k < f.n_claims; k++)
			printf("%s\t%s\t%s\t%s\t%s\n", pages[i].url, f.claims[k].kind,
			       f.claims[k].code,
			       f.claims[k].practitioner >= 0
			               ? f.practitioners[f.claims[k].practitioner].name : "",
			       f.claims[k].evidence);
		for (size_t k = 0; k < f.n_roles; k++)
			printf("%s\trole\t%s\t%s\t%s\t%s\n", pages[i].url, f.roles[k].code,
			       f.roles[k].practitioner >= 0
			               ? f.practitioners[f.roles[k].practitioner].name
			               : f.roles[k].person != NULL ? f.roles[k].person : "",
			       f.roles[k].text ? f.roles[k].text : "", f.roles[k].evidence);
		page_facts_release(&f);
		html_free(d);
	}
}

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The crawler's parse options (extract/html.c), without clinicdex. */
static const int bare_opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET;

static double
round_bare(void)
{
	double t0 = cpu_now();

	for (size_t i = 0; i < n_pages; i++) {
		htmlDocPtr doc = htmlReadMemory(pages[i].html, (int)pages[i].len, pages[i].url,
		                                "UTF-8", bare_opts);
		xmlFreeDoc(doc);
	}
	return cpu_now() - t0;
}

static double
round_extract(const struct rules *r, size_t *claims)
{
	double t0 = cpu_now();

	*claims = 0;
	for (size_t i = 0; i < n_pages; i++) {
		struct html_doc *d = html_parse(pages[i].html, pages[i].len, pages[i].url);
		struct page_facts f;

		page_facts_init(&f);
		if (d != NULL)
			extract_page(r, d, &f);
		*claims += f.n_claims;
		page_facts_release(&f);
		html_free(d);
	}
	return cpu_now() - t0;
}

int
main(int argc, char **argv)
{
	const char *rules_path = getenv("CLINICDEX_RULES");
	struct rules *r = NULL;
	struct cd_error err = { 0 };
	double best_bare = 1e9, best_ex = 1e9, mb = 0;
	size_t bytes = 0, claims = 0;
	int rounds = 20, i, nargs = 0;
	bool want_dump = false;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
			rounds = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--dump") == 0) {
			want_dump = true;
		} else {
			load(argv[i], 0);
			nargs++;
		}
	}
	if (nargs == 0) {
		load("data/demo-web", 0);
		load("tests/corpus", 0);
	}
	if (n_pages == 0) {
		fprintf(stderr, "bench/extract: no .html files found (run from the source tree)\n");
		return 1;
	}
	if (rules_load(rules_path ? rules_path : "data/rules.json", &r, &err) != 0) {
		fprintf(stderr, "bench/extract: %s\n", err.msg);
		return 1;
	}
	xmlInitParser();
	if (want_dump) {
		dump(r);
		rounds = 0;
		goto out;
	}
	for (size_t k = 0; k < n_pages; k++)
		bytes += pages[k].len;
	mb = (double)bytes / 1e6;
	/* a warm-up of each, then alternating timed rounds */
	round_bare();
	round_extract(r, &claims);
	for (i = 0; i < rounds; i++) {
		double b = round_bare(), e = round_extract(r, &claims);

		if (b < best_bare)
			best_bare = b;
		if (e < best_ex)
			best_ex = e;
	}
	printf("%zu pages, %.2f MB of HTML, %zu claims a round; best of %d rounds (CPU time)\n",
	       n_pages, mb, claims, rounds);
	printf("%-34s %10.1f MB/s %10.0f pages/s\n", "bare libxml2 parse (htmlReadMemory)",
	       mb / best_bare, (double)n_pages / best_bare);
	printf("%-34s %10.1f MB/s %10.0f pages/s\n", "clinicdex parse + extract", mb / best_ex,
	       (double)n_pages / best_ex);
	printf("ratio: extraction end to end / bare parse = %.2fx (goal <= 1.5x)\n",
	       best_ex / best_bare);
out:
	rules_free(r);
	for (size_t k = 0; k < n_pages; k++) {
		free(pages[k].path);
		free(pages[k].url);
		free(pages[k].html);
	}
	free(pages);
	return 0;
}
