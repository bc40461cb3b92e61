/* error.c: filling struct cd_error (see error.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/error.h"
#include "common/text.h"

int
cd_error_set(struct cd_error *e, int code, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	char *full, *cut;

	if (e == NULL)
		return code;
	e->code = code;
	buf_init(&b, 0);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	full = buf_detach(&b);
	if (strlen(full) < sizeof e->msg) {
		memcpy(e->msg, full, strlen(full) + 1);
	} else {
		/* a long URL or argument is cut inside itself, keeping its
		 * closing quote and the rest of the sentence, not at byte 511 */
		cut = text_for_message(full, 120, sizeof e->msg - 1);
		snprintf(e->msg, sizeof e->msg, "%s", cut);
		free(cut);
	}
	free(full);
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
