/* test_warc.c: WARC record framing, digests and the response head as
 * recorded for a decoded body. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "common/buf.h"
#include "common/sha256.h"
#include "crawler/warc.h"

static void
record_framing(void **state)
{
	struct buf out = BUF_INIT;
	struct warc_record r;
	char hex[65], want[128];
	const char *s, *blank;

	(void)state;
	buf_init(&out, 0);
	memset(&r, 0, sizeof r);
	r.type = "response";
	r.record_id = "<urn:uuid:00000000-0000-4000-8000-000000000000>";
	r.date = "2025-01-31T12:00:00Z";
	r.target_uri = "http://a.test/";
	r.ip = "127.0.0.1";
	r.content_type = "application/http;msgtype=response";
	r.head = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
	r.head_len = strlen(r.head);
	r.payload = "hi";
	r.payload_len = 2;
	r.payload_digest = 1;
	assert_int_equal(warc_record_format(&out, &r), 0);
	s = buf_str(&out);
	assert_true(strncmp(s, "WARC/1.1\r\nWARC-Type: response\r\n", 31) == 0);
	assert_non_null(strstr(s, "\r\nWARC-Target-URI: http://a.test/\r\n"));
	assert_non_null(strstr(s, "\r\nWARC-IP-Address: 127.0.0.1\r\n"));
	assert_null(strstr(s, "WARC-Concurrent-To"));
	snprintf(want, sizeof want, "\r\nContent-Length: %zu\r\n\r\n", r.head_len + 2);
	assert_non_null(strstr(s, want));
	sha256_hex("hi", 2, hex);
	snprintf(want, sizeof want, "\r\nWARC-Payload-Digest: sha256:%s\r\n", hex);
	assert_non_null(strstr(s, want));
	sha256_hex("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", r.head_len + 2, hex);
	snprintf(want, sizeof want, "\r\nWARC-Block-Digest: sha256:%s\r\n", hex);
	assert_non_null(strstr(s, want));
	/* fields, a blank line, exactly the block, then CRLF CRLF */
	blank = strstr(s, "\r\n\r\n");
	assert_non_null(blank);
	assert_int_equal(out.len, (size_t)(blank + 4 - s) + r.head_len + 2 + 4);
	assert_memory_equal(blank + 4, r.head, r.head_len);
	assert_memory_equal(s + out.len - 6, "hi\r\n\r\n", 6);
	buf_release(&out);
}

static void
response_head_for_decoded_body(void **state)
{
	struct buf out = BUF_INIT;
	const char *in = "HTTP/1.1 200 OK\r\n"
	                 "Content-Type: text/html\r\n"
	                 "Content-Encoding: gzip\r\n"
	                 "Content-Length: 40\r\n"
	                 "X-Folded: a\r\n"
	                 "  b\n"
	                 "Transfer-Encoding: chunked\r\n"
	                 "\r\n";

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(warc_response_head(&out, in, strlen(in), 123), 0);
	assert_string_equal(buf_str(&out), "HTTP/1.1 200 OK\r\n"
	                                   "Content-Type: text/html\r\n"
	                                   "X-Folded: a\r\n"
	                                   "  b\r\n"
	                                   "Content-Length: 123\r\n\r\n");
	buf_reset(&out);
	assert_int_equal(warc_response_head(&out, "junk", 4, 0), CD_EPARSE);
	buf_release(&out);
}

static void
capture_keeps_the_last_hop(void **state)
{
	struct warc_capture *wc = warc_capture_new();
	char req1[] = "GET /old HTTP/1.1\r\nHost: a.test\r\n\r\n";
	char req2[] = "GET /new HTTP/1.1\r\nHost: a.test\r\n\r\n";
	char info[] = "Connected";
	char path[] = "/tmp/test_warc.XXXXXX";
	struct warc *w = NULL;
	struct cd_error err = { 0, "" };
	char data[8192];
	size_t n = 0;
	FILE *f = NULL;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	warc_capture_debug(NULL, CURLINFO_TEXT, info, strlen(info), wc);
	warc_capture_debug(NULL, CURLINFO_HEADER_OUT, req1, strlen(req1), wc);
	warc_capture_header(wc, "HTTP/1.1 301 Moved\r\n", 20);
	warc_capture_header(wc, "Location: /new\r\n", 16);
	warc_capture_header(wc, "\r\n", 2);
	warc_capture_debug(NULL, CURLINFO_HEADER_OUT, req2, strlen(req2), wc);
	warc_capture_header(wc, "HTTP/1.1 200 OK\r\n", 17);
	warc_capture_header(wc, "\r\n", 2);
	assert_int_equal(warc_open(path, &w, &err), 0);
	assert_int_equal(warc_write_exchange(w, wc, "http://a.test/new", "127.0.0.1", "ok", 2, &err),
	                 0);
	warc_close(w);
	assert_non_null(f = fopen(path, "rb"));
	n = fread(data, 1, sizeof data - 1, f);
	data[n] = '\0';
	fclose(f);
	unlink(path);
	assert_non_null(strstr(data, "WARC-Type: warcinfo\r\n"));
	assert_non_null(strstr(data, "software: clinicdex/"));
	assert_non_null(strstr(data, "\r\n\r\nGET /new HTTP/1.1\r\n"));
	assert_null(strstr(data, "/old"));
	assert_non_null(strstr(data, "\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok\r\n\r\n"));
	assert_null(strstr(data, "301 Moved"));   /* not "301": a record id may hold it */
	warc_capture_free(wc);
}

static void
open_fails_cleanly(void **state)
{
	struct warc *w = NULL;
	struct cd_error err = { 0, "" };

	(void)state;
	assert_int_equal(warc_open("/nonexistent-dir/x.warc", &w, &err), CD_EIO);
	assert_null(w);
	assert_non_null(strstr(err.msg, "cannot open WARC file /nonexistent-dir/x.warc"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(record_framing),
		cmocka_unit_test(response_head_for_decoded_body),
		cmocka_unit_test(capture_keeps_the_last_hop),
		cmocka_unit_test(open_fails_cleanly),
	};
	return cmocka_run_group_tests_name("warc", tests, NULL, NULL);
}
