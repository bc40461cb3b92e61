/* bodyz.c: page bodies compressed with zlib (see bodyz.h). Level 6, the
 * zlib default: HTML shrinks to about a quarter at a small cost per page
 * next to parsing it (the figures are in the 0.2 closing note). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "common/xalloc.h"
#include "index/bodyz.h"

#define BODYZ_LEVEL 6

bool
bodyz_pack(const char *body, size_t len, unsigned char **out, size_t *out_len)
{
	uLongf n = compressBound((uLong)len);
	unsigned char *z;

	*out = NULL;
	*out_len = 0;
	if (len < 64 || len > BODYZ_MAX)   /* too small to win; too big to read back */
		return false;
	z = xmalloc(n);
	if (compress2(z, &n, (const Bytef *)body, (uLong)len, BODYZ_LEVEL) != Z_OK || n >= len) {
		free(z);
		return false;
	}
	*out = z;
	*out_len = n;
	return true;
}

int
bodyz_unpack(const void *data, size_t len, bool is_blob, char **out, size_t *out_len,
             struct cd_error *err)
{
	z_stream z;
	size_t cap, have = 0;
	char *b;
	int zr = Z_OK;

	*out = NULL;
	*out_len = 0;
	if (!is_blob) {
		b = xmalloc(len + 1);
		memcpy(b, data, len);
		b[len] = '\0';
		*out = b;
		*out_len = len;
		return 0;
	}
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return cd_error_set(err, CD_EPARSE, "cannot inflate a stored body");
	cap = len * 4 + 256;
	b = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	while (zr != Z_STREAM_END) {
		if (have + 1 >= cap) {
			if (cap >= BODYZ_MAX + 1)
				break;
			cap = cap * 2 > BODYZ_MAX + 1 ? BODYZ_MAX + 1 : cap * 2;
			b = xrealloc(b, cap);
		}
		z.next_out = (Bytef *)b + have;
		z.avail_out = (uInt)(cap - 1 - have);
		zr = inflate(&z, Z_NO_FLUSH);
		have = cap - 1 - z.avail_out;
		if (zr != Z_OK && zr != Z_STREAM_END)
			break;
		if (zr == Z_OK && z.avail_in == 0 && z.avail_out != 0)
			break;   /* cut short */
	}
	inflateEnd(&z);
	if (zr != Z_STREAM_END) {
		free(b);
		return cd_error_set(err, CD_EPARSE, "a stored body is damaged");
	}
	b[have] = '\0';
	*out = b;
	*out_len = have;
	return 0;
}

/* clinicdex_body_pack(X): X compressed as a BLOB when that is smaller,
 * else X unchanged. */
static void
bodyz_sql_pack(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text;
	unsigned char *z = NULL;
	size_t n = 0;

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	text = (const char *)sqlite3_value_text(argv[0]);
	if (bodyz_pack(text, (size_t)sqlite3_value_bytes(argv[0]), &z, &n))
		sqlite3_result_blob64(ctx, z, n, free);
	else
		sqlite3_result_value(ctx, argv[0]);
}

int
bodyz_sql_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "clinicdex_body_pack", 1,
	                               SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, bodyz_sql_pack,
	                               NULL, NULL);
}
