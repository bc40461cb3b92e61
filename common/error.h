/* error.h: one error convention for the libraries.
 * Library functions return 0 on success or a negative CD_E* code, and fill
 * a struct cd_error with one line saying what went wrong. Only cli/ prints
 * errors and chooses exit codes. */
#ifndef CD_ERROR_H
#define CD_ERROR_H

enum {
	CD_OK = 0,
	CD_EINVAL = -1,  /* bad argument or input the user can fix */
	CD_EIO = -2,     /* file or stream failure */
	CD_EDB = -3,     /* SQLite failure */
	CD_ENET = -4,    /* network failure */
	CD_EPARSE = -5,  /* malformed data */
	CD_ENOTFOUND = -6,
	CD_EINTR = -7,   /* stopped by a signal */
};

struct cd_error {
	int code;
	char msg[512];
};

/* Sets e (when not NULL) and returns code, so callers can write
 * `return cd_error_set(e, CD_EIO, "cannot open %s: %s", p, strerror(errno));` */
int cd_error_set(struct cd_error *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cd_error_clear(struct cd_error *e);

#endif
