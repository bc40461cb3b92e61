/* open.c: opening the directory database (creating it, migrating it,
 * WAL, read-only and immutable snapshots) and closing it. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "index/bodyz.h"
#include "index/internal.h"
#include "index/places.h"

/* mkdir -p for the directory part of path. */
static int
index_make_parent(const char *path, struct cd_error *err)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *p = NULL;
	char c = '\0';
	int rc = 0;

	if (slash == NULL || slash == dir)
		goto out;
	*slash = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
			rc = cd_error_set(err, CD_EIO, "cannot create directory %s: %s", dir,
			                  strerror(errno));
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
out:
	free(dir);
	return rc;
}

/* The journal mode of the main database ("wal", "delete", ...) in
 * mode[16]. Asking takes no lock beyond a read. */
static int
index_journal_mode(struct index *idx, char mode[16], struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	mode[0] = '\0';
	if (sqlite3_prepare_v2(idx->db, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", idx->path,
		                  sqlite3_errmsg(idx->db));
	else
		snprintf(mode, 16, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

/* Switches the database to WAL unless it is in WAL already: asking is a
 * read, switching needs the exclusive lock, which a reader must never
 * wait for while a writer holds its transaction open. Two processes
 * creating the same file at once both switch; SQLite answers SQLITE_BUSY
 * at once, without the busy handler, so a writer retries for as long as
 * the busy timeout would wait. A reader that finds the database busy
 * reads it in the mode it has (the next writer switches it). */
static int
index_set_wal(struct index *idx, bool reader, struct cd_error *err)
{
	char mode[16];
	int rc = 0;

	if ((rc = index_journal_mode(idx, mode, err)) != 0)
		return rc;
	if (strcmp(mode, "wal") == 0)
		return 0;
	for (int waited_ms = 0;; waited_ms += 20) {
		sqlite3_stmt *st = NULL;

		rc = sqlite3_prepare_v2(idx->db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		if (reader)
			return 0;
		if (waited_ms >= 10000)
			break;
		sqlite3_sleep(20);
	}
	return cd_error_set(err, CD_EDB, "cannot open database %s: %s", idx->path,
	                    sqlite3_errmsg(idx->db));
}

static int
index_open_as(const char *path, bool reader, struct index **out, struct cd_error *err)
{
	struct index *idx = xcalloc(1, sizeof *idx);
	sqlite3_stmt *st = NULL;
	int version = 0, rc = 0;

	*out = NULL;
	idx->path = xstrdup(path);
	if ((rc = index_make_parent(path, err)) != 0)
		goto out;
	/* one connection per thread (the program has one): no mutex around
	 * every sqlite3_column_* call, which cost a search returning thousands
	 * of rows a tenth of its time */
	if (sqlite3_open_v2(path, &idx->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  idx->db ? sqlite3_errmsg(idx->db) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(idx->db, 10000);
	/* A file that is not SQLite fails here, on the first read; a newer
	 * schema is refused before anything is written to it. */
	if ((rc = index_user_version(idx, &version, err)) != 0 ||
	    (rc = index_check_version(idx, version, err)) != 0 ||
	    (rc = index_check_ours(idx, err)) != 0)
		goto out;
	/* a reader of a database it must still create or migrate is a
	 * writer: it waits for WAL like one */
	if ((rc = index_set_wal(idx, reader && version == INDEX_SCHEMA_VERSION, err)) != 0)
		goto out;
	if (sqlite3_exec(idx->db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL", NULL,
	                 NULL, NULL) != SQLITE_OK) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  sqlite3_errmsg(idx->db));
		goto out;
	}
	if (places_sql_register(idx->db) != 0 || bodyz_sql_register(idx->db) != SQLITE_OK) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  sqlite3_errmsg(idx->db));
		goto out;
	}
	if ((rc = index_migrate(idx, err)) != 0)
		goto out;
	*out = idx;
	idx = NULL; /* transferred */
out:
	/* SQLite says "unable to open database file" for a file it may read
	 * but not write; the system's reason is clearer */
	if (rc != 0 && idx != NULL && idx->db != NULL &&
	    (sqlite3_errcode(idx->db) == SQLITE_CANTOPEN ||
	     sqlite3_errcode(idx->db) == SQLITE_READONLY) &&
	    access(path, F_OK) == 0 && access(path, W_OK) != 0)
		rc = cd_error_set(err, CD_EDB, "cannot write database %s: %s", path,
		                  strerror(errno));
	sqlite3_finalize(st);
	index_close(idx);
	return rc;
}

int
index_open(const char *path, struct index **out, struct cd_error *err)
{
	return index_open_as(path, false, out, err);
}

int
index_open_reader(const char *path, struct index **out, struct cd_error *err)
{
	return index_open_as(path, true, out, err);
}

/* A "file:" URI: a path of PATH_MAX bytes, each percent-encoded at
 * worst, and the query. */
#define INDEX_URI_MAX (3 * PATH_MAX + 64)

/* "file:" URI of a path, with ?, # and % (and bytes outside printable
 * ASCII) percent-encoded; caller frees. NULL when it would pass
 * INDEX_URI_MAX. */
static char *
index_file_uri(const char *path, const char *query)
{
	struct buf b = BUF_INIT;
	int r = 0;

	buf_init(&b, INDEX_URI_MAX);
	r |= buf_puts(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%' || *p <= ' ' || *p >= 0x7f)
			r |= buf_printf(&b, "%%%02X", *p);
		else
			r |= buf_append(&b, p, 1);
	}
	r |= buf_printf(&b, "?%s", query);
	if (r != 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Opens path read only and immutable (no lock, no -wal or -shm file). */
static int
index_open_immutable(struct index *idx, const char *path, struct cd_error *err)
{
	char *uri = index_file_uri(path, "immutable=1");
	int rc = 0;

	if (uri == NULL)
		return cd_error_set(err, CD_EINVAL, "cannot open database %s: the path is too long",
		                    path);
	if (sqlite3_open_v2(uri, &idx->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
	                    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  idx->db ? sqlite3_errmsg(idx->db) : "out of memory");
	free(uri);
	return rc;
}

int
index_open_readonly(const char *path, struct index **out, struct cd_error *err)
{
	struct index *idx = xcalloc(1, sizeof *idx);
	char *shm = NULL;
	bool immutable = false;
	int version = 0, rc = 0;

	*out = NULL;
	idx->path = xstrdup(path);
	/* A reader must leave nothing behind: SQLite would create the -wal
	 * and -shm files of a WAL database when the folder allows it, owned
	 * by this user and not writable by the database's owner, who would
	 * then be locked out. With a -shm file present a writer may be at
	 * work, and SQLite reads through it (a copy in memory when it may
	 * not write it). Without one no connection has the database open
	 * (the last to close removes both files), so it is read as it lies
	 * on disk: immutable, creating nothing. */
	shm = xasprintf("%s-shm", path);
	immutable = access(shm, F_OK) != 0;
	free(shm);
	if (!immutable) {
		if (sqlite3_open_v2(path, &idx->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
		                    NULL) != SQLITE_OK) {
			rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
			                  idx->db ? sqlite3_errmsg(idx->db) : "out of memory");
			goto out;
		}
		sqlite3_busy_timeout(idx->db, 10000);
		if (index_user_version(idx, &version, err) != 0 &&
		    sqlite3_errcode(idx->db) == SQLITE_CANTOPEN) {
			/* the -shm file went between the look and the open */
			sqlite3_close_v2(idx->db);
			idx->db = NULL;
			immutable = true;
		}
	}
	if (immutable && (rc = index_open_immutable(idx, path, err)) != 0)
		goto out;
	if ((rc = index_user_version(idx, &version, err)) != 0 ||
	    (rc = index_check_version(idx, version, err)) != 0 ||
	    (rc = index_check_ours(idx, err)) != 0)
		goto out;
	if (version != INDEX_SCHEMA_VERSION) {
		rc = cd_error_set(err, CD_EDB,
		                  "database %s is read-only and has schema version %d, not %d: "
		                  "open it once where it can be written to upgrade it",
		                  path, version, INDEX_SCHEMA_VERSION);
		goto out;
	}
	if (places_sql_register(idx->db) != 0 || bodyz_sql_register(idx->db) != SQLITE_OK) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  sqlite3_errmsg(idx->db));
		goto out;
	}
	*out = idx;
	idx = NULL; /* transferred */
out:
	index_close(idx);
	return rc;
}

void
index_map_for_reading(struct index *idx)
{
	/* best effort: a failure leaves reads going through read() */
	sqlite3_exec(idx->db, "PRAGMA mmap_size=1073741824", NULL, NULL, NULL);
}

void
index_close(struct index *idx)
{
	if (idx == NULL)
		return;
	index_sql_cache_clear(idx);
	sqlite3_close_v2(idx->db);
	free(idx->path);
	free(idx);
}

sqlite3 *
index_db(struct index *idx)
{
	return idx->db;
}
