/* cmd-import.c: the WARC path. `extract --warc FILE|- [--jsonl]` reads
 * every HTML response of a WARC file and stores its page and facts as a
 * crawl would, or writes the facts as JSON Lines; `import FILE|-` loads
 * such lines. Each file is one transaction: it is all in, or (on any
 * error) nothing of it, so a file is a unit of work that can be retried;
 * and storing a page again replaces it, so running twice changes nothing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "crawler/fetch.h"
#include "crawler/html_links.h"
#include "crawler/url.h"
#include "crawler/warc_read.h"
#include "extract/extract.h"
#include "index/facts_jsonl.h"

#define IMPORT_URL_MAX (8 * 1024)

/* Adds a note to err's message (cut at its size). */
static void
cd_error_append(struct cd_error *err, const char *note)
{
	size_t n = strlen(err->msg);

	snprintf(err->msg + n, sizeof err->msg - n, "%s", note);
}

/* Stores one page and its facts under the site of its URL (in the
 * caller's transaction). Pages whose URL has no site key, and pages
 * stored from this same capture already, are passed over. */
static int
import_store(struct index *idx, const struct index_page *p, const struct page_facts *f,
             struct cd_error *err)
{
	char *key = url_site_key(p->url);
	int64_t site_id = 0, page_id = 0;
	bool same = false;
	int rc = 0;

	if (key == NULL)
		return 0;
	if ((rc = index_page_same_capture(idx, p, &same, err)) != 0 || same) {
		free(key);
		return rc;
	}
	if ((rc = index_site_ensure(idx, key, NULL, &site_id, err)) == 0 &&
	    (rc = index_page_store(idx, site_id, p, &page_id, err)) == 0)
		rc = index_facts_replace(idx, site_id, page_id, f, err);
	free(key);
	return rc;
}

/* "2025-01-31T12:00:00Z" (seconds optional, fractions ignored) as unix
 * seconds; now when absent or unreadable. */
static int64_t
warc_time(const char *date)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (date == NULL || (strptime(date, "%Y-%m-%dT%H:%M:%S", &tm) == NULL &&
	                     strptime(date, "%Y-%m-%dT%H:%M", &tm) == NULL))
		return (int64_t)time(NULL);
	return (int64_t)timegm(&tm);
}

struct warc_run {
	struct cli_ctx *ctx;
	bool jsonl;
	long records, pages, passed;   /* responses read, HTML pages, others */
	struct buf line;
};

/* One response record: an HTML 2xx page is extracted and stored (or
 * written as a line); anything else is counted as passed over. */
static int
warc_page(struct warc_run *w, const struct warc_in_record *rec, struct cd_error *err)
{
	struct warc_http h;
	struct cd_error why = { 0, "" };
	struct index_page p;
	struct page_facts facts;
	struct html_doc *d = NULL;
	char *url = NULL, *clean = NULL;
	int rc = 0;

	page_facts_init(&facts);
	memset(&h, 0, sizeof h);
	w->records++;
	if (rec->block == NULL || rec->target_uri == NULL ||
	    strlen(rec->target_uri) > IMPORT_URL_MAX ||
	    !text_utf8_valid(rec->target_uri, strlen(rec->target_uri)) ||
	    (url = url_site_key(rec->target_uri)) == NULL) {
		snprintf(why.msg, sizeof why.msg, "no block or no http(s) target URI");
		goto pass;
	}
	free(url);
	url = text_for_terminal(rec->target_uri, false);
	if (warc_http_parse(rec->block, rec->block_len, &h, &why) != 0)
		goto pass;
	if (h.status / 100 != 2 || !fetch_is_html(h.content_type, h.body, h.body_len) ||
	    fetch_sniff_binary(h.body, h.body_len) != NULL) {
		snprintf(why.msg, sizeof why.msg, "HTTP %ld, not an HTML page", h.status);
		goto pass;
	}
	/* as the crawler keeps it: UTF-8 whatever the charset */
	clean = fetch_to_utf8(h.content_type, h.body, h.body_len);
	memset(&p, 0, sizeof p);
	p.url = url;
	p.final_url = url;
	p.status = h.status;
	p.content_type = h.content_type;
	p.fetched_at = warc_time(rec->date);
	p.bytes = (int64_t)h.body_len;
	p.body = clean;
	p.body_len = strlen(clean);
	if ((d = html_parse(p.body, p.body_len, url)) != NULL)
		extract_page(w->ctx->rules, d, &facts);
	w->pages++;
	if (w->jsonl) {
		buf_reset(&w->line);
		p.content_type = h.content_type ? text_clean_line(h.content_type,
		                                                  strlen(h.content_type), 256) : NULL;
		facts_jsonl_format(&w->line, &p, &facts);
		free((char *)p.content_type);
		if (fwrite(buf_str(&w->line), 1, w->line.len, stdout) != w->line.len)
			rc = cd_error_set(err, CD_EIO, "cannot write standard output: %s",
			                  strerror(errno));
	} else {
		rc = import_store(w->ctx->idx, &p, &facts, err);
	}
	goto out;
pass:
	w->passed++;
	if (w->ctx->verbose)
		cli_error(w->ctx, "passed over %s: %s", url ? url : "a record", why.msg);
out:
	html_free(d);
	page_facts_release(&facts);
	warc_http_release(&h);
	free(clean);
	free(url);
	return rc;
}

/* Opens path ("-": standard input) as a file descriptor. */
static int
open_input(struct cli_ctx *ctx, const char *path, int *fd)
{
	*fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		cli_error(ctx, "cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cli_extract_warc(struct cli_ctx *ctx, const char *path, bool jsonl)
{
	struct cd_error err = { 0, "" };
	struct warc_reader *r = NULL;
	struct warc_in_record rec;
	struct warc_run w;
	int fd = -1, rc = 0, status;
	bool in_tx = false;

	memset(&w, 0, sizeof w);
	w.ctx = ctx;
	w.jsonl = jsonl;
	buf_init(&w.line, 0);
	/* --jsonl needs the rules only: no database is opened or made */
	if ((status = cli_setup_as(ctx, jsonl ? CMD_RULES : CMD_RULES | CMD_INDEX_WRITE)) != EXIT_OK ||
	    (status = open_input(ctx, path, &fd)) != EXIT_OK)
		goto out;
	if ((rc = warc_reader_open_fd(fd, strcmp(path, "-") == 0 ? "standard input" : path, &r,
	                              &err)) != 0)
		goto fail;
	if (!jsonl) {
		if ((rc = index_begin(ctx->idx, &err)) != 0)
			goto fail;
		in_tx = true;
	}
	while ((rc = warc_reader_next(r, &rec, &err)) == 1)
		if (strcmp(rec.type, "response") == 0 && (rc = warc_page(&w, &rec, &err)) != 0)
			break;
	if (rc == 0 && jsonl && fflush(stdout) != 0)
		rc = cd_error_set(&err, CD_EIO, "cannot write standard output: %s", strerror(errno));
	if (rc == 0 && in_tx) {
		in_tx = false;
		rc = index_commit(ctx->idx, &err);
	}
	if (rc != 0)
		goto fail;
	if (!ctx->quiet)
		fprintf(stderr, "%s %ld HTML pages of %ld responses%s\n",
		        jsonl ? "extracted" : "stored", w.pages, w.records,
		        w.passed ? " (the others are not HTML 2xx pages or unreadable; -v says why)"
		                 : "");
	status = EXIT_OK;
	goto out;
fail:
	if (in_tx)
		index_rollback(ctx->idx);
	if (!jsonl)
		cd_error_append(&err, "; nothing of it was stored");
	status = cli_fail(ctx, &err);
out:
	warc_reader_free(r);
	if (fd > STDIN_FILENO)
		close(fd);
	buf_release(&w.line);
	return status;
}

/* Reads one line of at most FACTS_JSONL_LINE_MAX bytes into b (without
 * its newline): 1, 0 at the end of f, or -1 for a longer line. */
static int
read_line(FILE *f, struct buf *b)
{
	int ch, any = 0;

	buf_reset(b);
	while ((ch = getc_unlocked(f)) != EOF) {
		any = 1;
		if (ch == '\n')
			return 1;
		if (buf_putc(b, (char)ch) != 0)
			return -1;
	}
	return any;
}

/* Checks the facts' codes against the rules: a file made with other
 * rules must not bring codes this directory does not know. */
static const char *
unknown_code(const struct rules *r, const struct page_facts *f)
{
	for (size_t i = 0; i < f->n_claims; i++) {
		bool known = false;

		for (size_t k = 0; k < rules_code_count(r) && !known; k++) {
			const struct rule_code *c = rules_code(r, k);

			known = strcmp(c->kind, f->claims[i].kind) == 0 &&
			        strcmp(c->code, f->claims[i].code) == 0;
		}
		if (!known)
			return f->claims[i].code;
	}
	return NULL;
}

static const struct option import_opts[] = {
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_import(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cd_error err = { 0, "" };
	struct buf line = BUF_INIT;
	struct jsonl_page jp;
	const char *path, *name, *code;
	FILE *f = NULL;
	long lineno = 0, pages = 0;
	int c, status = EXIT_OK, rc = 0, got;
	bool in_tx = false;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, import_opts, &status)) != -1)
		if (c == CLI_OPT_EXIT)
			return status;
	if (optind >= argc)
		return cli_usage(ctx, "missing FILE (- for standard input)");
	if (optind + 1 < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind + 1]);
	path = argv[optind];
	name = strcmp(path, "-") == 0 ? "standard input" : path;
	memset(&jp, 0, sizeof jp);
	buf_init(&line, FACTS_JSONL_LINE_MAX);
	if ((status = cli_setup(ctx)) != EXIT_OK)
		goto out;
	if ((f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r")) == NULL) {
		cli_error(ctx, "cannot open %s: %s", path, strerror(errno));
		status = EXIT_FAIL;
		goto out;
	}
	if ((rc = index_begin(ctx->idx, &err)) != 0)
		goto fail;
	in_tx = true;
	while ((got = read_line(f, &line)) != 0) {
		lineno++;
		if (got < 0) {
			rc = cd_error_set(&err, CD_EPARSE, "%s line %ld: over %u bytes", name, lineno,
			                  FACTS_JSONL_LINE_MAX);
			goto fail;
		}
		if (line.len == 0)
			continue;
		jsonl_page_release(&jp);
		if ((rc = facts_jsonl_parse(buf_str(&line), line.len, &jp, &err)) != 0) {
			char *why = xstrdup(err.msg);

			rc = cd_error_set(&err, rc, "%s line %ld: %s", name, lineno, why);
			free(why);
			goto fail;
		}
		if ((code = unknown_code(ctx->rules, &jp.facts)) != NULL) {
			rc = cd_error_set(&err, CD_EPARSE, "%s line %ld: code '%s' is not in the rules "
			                  "file", name, lineno, code);
			goto fail;
		}
		struct index_page p = { .url = jp.url, .final_url = jp.url, .status = jp.status,
		                        .content_type = jp.content_type,
		                        .fetched_at = jp.fetched_at, .bytes = jp.bytes };
		if ((rc = import_store(ctx->idx, &p, &jp.facts, &err)) != 0)
			goto fail;
		pages++;
	}
	if (ferror(f)) {
		rc = cd_error_set(&err, CD_EIO, "cannot read %s: %s", name, strerror(errno));
		goto fail;
	}
	in_tx = false;
	if ((rc = index_commit(ctx->idx, &err)) != 0)
		goto fail;
	if (!ctx->quiet)
		fprintf(stderr, "imported %ld pages from %s\n", pages, name);
	goto out;
fail:
	if (in_tx)
		index_rollback(ctx->idx);
	cd_error_append(&err, "; nothing of it was imported");
	status = cli_fail(ctx, &err);
out:
	jsonl_page_release(&jp);
	if (f != NULL && f != stdin)
		fclose(f);
	buf_release(&line);
	return status;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "FILE|-",
	.summary = "load the facts of pages that extract wrote as JSON Lines",
	.help = "  FILE|-                  the JSON Lines extract writes for a WARC file (- for\n"
	        "                          stdin); the whole file or nothing; importing it\n"
	        "                          again changes nothing\n",
	.options = import_opts,
	/* the codes only, to refuse a file made with other rules */
	.flags = CMD_TAXONOMY | CMD_INDEX_WRITE,
	.exec = cmd_import,
};
