/* xalloc.h: allocation that cannot return NULL.
 * On exhaustion these print one line to stderr and abort(), so callers
 * carry no NULL checks (the tmux/git pattern). */
#ifndef CD_XALLOC_H
#define CD_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: p resized to nmemb*size, overflow checked. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xasprintf: a new formatted string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
