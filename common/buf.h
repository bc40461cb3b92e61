/* buf.h: a growable byte buffer with a hard size cap.
 * The data is always NUL-terminated (the NUL is not counted in len), so a
 * buffer of text can be passed as a C string. The cap bounds len: a crawled
 * body can never grow past it. Owner calls buf_release(). */
#ifndef CD_BUF_H
#define CD_BUF_H
#include <stddef.h>
#include <stdarg.h>

struct buf {
	char *data;   /* NULL until the first append; use buf_str() for "" */
	size_t len;
	size_t cap;   /* allocated bytes */
	size_t max;   /* largest len allowed; 0 means SIZE_MAX */
};

#define BUF_INIT { NULL, 0, 0, 0 }

void buf_init(struct buf *b, size_t max);
/* Returns 0, or -1 (and appends nothing) when len would pass max. */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* buf_str: the contents as a string, "" when empty; owned by b. */
const char *buf_str(const struct buf *b);
/* buf_detach: hands the string to the caller (never NULL); b is reset. */
char *buf_detach(struct buf *b);
void buf_reset(struct buf *b);    /* len = 0, memory kept */
void buf_release(struct buf *b);  /* frees; b may be reused after buf_init */

#endif
