/* warc.h: a WARC 1.1 writer for `crawl --warc FILE`: a warcinfo record
 * when the file is opened (in append mode, so a resumed crawl adds to it),
 * then a request and a response record per page fetched. */
#ifndef CD_WARC_H
#define CD_WARC_H
#include <stddef.h>
#include <curl/curl.h>
#include "common/buf.h"
#include "common/error.h"

struct warc;

/* One record's named fields and block (head, then payload). NULL fields
 * are left out; WARC-Block-Digest is always written, WARC-Payload-Digest
 * when payload_digest is set (over payload only). */
struct warc_record {
	const char *type;           /* "warcinfo", "request", "response" */
	const char *record_id;      /* "<urn:uuid:...>" */
	const char *date;           /* "2025-01-31T12:00:00Z" */
	const char *target_uri;
	const char *concurrent_to;  /* a record id */
	const char *ip;
	const char *filename;       /* WARC-Filename (warcinfo) */
	const char *content_type;
	const void *head;
	size_t head_len;
	const void *payload;
	size_t payload_len;
	int payload_digest;
};

/* Appends the whole record (version line, fields, blank line, block and
 * the closing CRLF CRLF) to out. Returns 0, or CD_EIO when out's cap is
 * passed. */
int warc_record_format(struct buf *out, const struct warc_record *r);

/* Rewrites an HTTP response head for a decoded body of body_len bytes:
 * Content-Encoding, Transfer-Encoding and Content-Length are dropped, one
 * Content-Length: body_len is added, every line ends in CRLF. Returns 0
 * or CD_EPARSE when the head has no status line. */
int warc_response_head(struct buf *out, const char *head, size_t len, size_t body_len);

/* What one transfer sent and received, captured from libcurl callbacks
 * (see warc_capture_*). Owned by the transfer: warc_capture_free(). */
struct warc_capture;
struct warc_capture *warc_capture_new(void);
void warc_capture_free(struct warc_capture *wc);
/* A response header line as the header callback sees it: a status line
 * starts a new head (a redirect hop, a 100 Continue is replaced). */
void warc_capture_header(struct warc_capture *wc, const char *p, size_t len);
/* A CURLOPT_DEBUGFUNCTION (needs CURLOPT_VERBOSE 1) with the capture as
 * CURLOPT_DEBUGDATA: keeps the request head of the last hop as sent. */
int warc_capture_debug(CURL *handle, curl_infotype type, char *data, size_t size, void *arg);

/* Opens path for appending and writes a warcinfo record. *out receives
 * the writer (warc_close() frees it). Returns 0 or CD_EIO. */
int warc_open(const char *path, struct warc **out, struct cd_error *err);

/* Appends a request record and a response record for the final response
 * of one transfer: url is the effective URL, ip the server's address (or
 * NULL), body the body as received (decoded). Each record is one write and
 * a flush. Returns 0 or CD_EIO. */
int warc_write_exchange(struct warc *w, const struct warc_capture *wc, const char *url,
                        const char *ip, const void *body, size_t body_len,
                        struct cd_error *err);

void warc_close(struct warc *w);

#endif
