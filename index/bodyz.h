/* bodyz.h: page bodies stored compressed. A body is kept in bodies.body
 * as a BLOB holding a zlib stream when that is smaller, else as TEXT as
 * before (an empty body, a tiny one); SQLite keeps the storage class per
 * value, so a reader tells the two apart by it and a database of 0.1
 * (all TEXT) reads as it is until migration 7 compresses it. The hash of
 * a body is still that of its text, so identical bodies are kept once. */
#ifndef CD_BODYZ_H
#define CD_BODYZ_H
#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>
#include "common/error.h"

#define BODYZ_MAX (64u * 1024 * 1024)   /* a body inflated back, at most */

/* body[0..len) compressed into a new buffer *out of *out_len bytes.
 * Returns true when that is smaller than the text (store the BLOB), false
 * when the text should be stored as it is (*out NULL). */
bool bodyz_pack(const char *body, size_t len, unsigned char **out, size_t *out_len);

/* A stored value back to NUL-terminated text in a new *out (*out_len
 * bytes): a BLOB is inflated, text is copied. Returns 0 or CD_EPARSE
 * (a damaged or oversized stream). */
int bodyz_unpack(const void *data, size_t len, bool is_blob, char **out, size_t *out_len,
                 struct cd_error *err);

/* Registers the SQL function clinicdex_body_pack(text), which migration 7
 * uses to compress the bodies of an older database. Returns SQLITE_OK. */
int bodyz_sql_register(sqlite3 *db);

#endif
