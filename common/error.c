/* error.c: filling struct cd_error (see error.h). */
#include <stdarg.h>
#include <stdio.h>
#include "common/error.h"

int
cd_error_set(struct cd_error *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

void
cd_error_clear(struct cd_error *e)
{
	if (e) {
		e->code = 0;
		e->msg[0] = '\0';
	}
}
