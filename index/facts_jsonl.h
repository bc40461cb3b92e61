/* facts_jsonl.h: one page's facts as one line of JSON (JSON Lines), as
 * `extract --warc --jsonl` writes them and `import` reads them back:
 *   {"url":"https://glow.test/team","status":200,"content_type":"text/html",
 *    "fetched_at":1733550000,"bytes":5120,"clinic_name":"Glow","clinic_name_rank":1,
 *    "clinic_phone":"+15125550100","locations":[{"street":...,"city":...,"state":"TX",
 *    "zip":...,"phone":...,"lat":30.2,"lon":-97.7,"evidence":...}],
 *    "practitioners":[{"name":"Maria Lopez","role":null}],
 *    "claims":[{"kind":"credential","code":"md","practitioner":0,"evidence":...}]}
 * Absent values are null (lat/lon absent when the place has no geo). */
#ifndef CD_FACTS_JSONL_H
#define CD_FACTS_JSONL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"
#include "common/error.h"
#include "common/facts.h"
#include "index/index.h"

#define FACTS_JSONL_LINE_MAX (8u * 1024 * 1024)   /* one line read back */

/* Appends the line for page p (its body is not written) and facts, with
 * its closing newline, to out. Returns 0, or CD_EIO past out's cap. */
int facts_jsonl_format(struct buf *out, const struct index_page *p, const struct page_facts *f);

/* A line read back: the page (strings owned here) and its facts. */
struct jsonl_page {
	char *url;
	char *content_type;
	long status;
	int64_t fetched_at;
	int64_t bytes;
	struct page_facts facts;
};
/* Parses one line (without its newline). Strings are cleaned as the fact
 * adders clean them; the URL must be http(s) and at most 8 KiB; a claim's
 * practitioner must name an entry before it, its kind "credential" or
 * "service". Returns 0, or CD_EPARSE with the reason in err. Release with
 * jsonl_page_release() either way. */
int facts_jsonl_parse(const char *line, size_t len, struct jsonl_page *out,
                      struct cd_error *err);
void jsonl_page_release(struct jsonl_page *p);

/* *same is true when the page of p->url is stored from the same capture:
 * the same fetch time, status and body (by hash; no body: none stored).
 * Loading a WARC file or a facts file again then passes its pages over,
 * so that a second run changes nothing, not even the ids of claims. */
int index_page_same_capture(struct index *idx, const struct index_page *p, bool *same,
                            struct cd_error *err);

#endif
