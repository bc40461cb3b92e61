/* warc_read.h: a WARC 1.0/1.1 reader for `extract --warc FILE|-`: plain
 * files and files of gzip members (one per record, as Common Crawl and
 * other crawlers write them) alike, decompressed by zlib's gzread. Every
 * byte is hostile: lines, fields and blocks are bounded. */
#ifndef CD_WARC_READ_H
#define CD_WARC_READ_H
#include <stddef.h>
#include "common/error.h"

#define WARC_LINE_MAX (8 * 1024)            /* one header line */
#define WARC_FIELDS_MAX 256                 /* named fields in a record */
#define WARC_BLOCK_MAX (32u * 1024 * 1024)  /* a bigger block is skipped */
#define WARC_BODY_MAX (16u * 1024 * 1024)   /* a decoded HTTP body (crawl's cap) */

struct warc_reader;

/* One record as warc_reader_next hands it over; valid until the next call.
 * Field values are NUL-terminated as read (not yet UTF-8 checked). */
struct warc_in_record {
	const char *type;          /* WARC-Type, "" when absent */
	const char *target_uri;    /* WARC-Target-URI (without <>), or NULL */
	const char *date;          /* WARC-Date, or NULL */
	const char *content_type;  /* Content-Type, or NULL */
	const char *block;         /* the block, NULL when it was over WARC_BLOCK_MAX */
	size_t block_len;          /* Content-Length */
	long long offset;          /* where the record began (decompressed bytes) */
};

/* Reads from fd (not closed by the reader), compressed or not. name is
 * for messages. Never fails to allocate; *out receives the reader. */
int warc_reader_open_fd(int fd, const char *name, struct warc_reader **out,
                        struct cd_error *err);
/* The next record: 1 and *rec filled, 0 at the end of the file, or
 * CD_EPARSE (not WARC, a record cut short) / CD_EIO with err set. */
int warc_reader_next(struct warc_reader *r, struct warc_in_record *rec, struct cd_error *err);
void warc_reader_free(struct warc_reader *r);

/* An HTTP response as a WARC response record's block holds it. */
struct warc_http {
	long status;           /* 0 when the status line is not HTTP */
	char *content_type;    /* Content-Type value, or NULL */
	char *body;            /* the payload, de-chunked and decompressed (gzip, deflate) */
	size_t body_len;
};
/* Parses block[0..len). Returns 0, or CD_EPARSE with a reason in err
 * (no status line, an encoding we cannot decode, a body over
 * WARC_BODY_MAX, bad chunks or compressed data). */
int warc_http_parse(const char *block, size_t len, struct warc_http *h, struct cd_error *err);
void warc_http_release(struct warc_http *h);

#endif
