/* output.c: printing text that came from the web, safely. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "common/text.h"

void
out_text(FILE *f, const char *s)
{
	char *clean = text_for_terminal(s ? s : "", false);

	fputs(clean, f);
	free(clean);
}

void
out_cell(FILE *f, const char *s, int width)
{
	char *clean = text_for_terminal(s ? s : "", false);
	const unsigned char *p = (const unsigned char *)clean;
	int cols = 0;
	size_t i = 0, cut = 0;

	/* count code points; keep room for an ellipsis when cutting */
	while (p[i]) {
		if ((p[i] & 0xC0) != 0x80) {
			if (cols == width - 1)
				cut = i;
			cols++;
		}
		i++;
	}
	if (cols > width) {
		fwrite(clean, 1, cut, f);
		fputs("\xE2\x80\xA6", f);   /* … */
		cols = width;
	} else {
		fputs(clean, f);
	}
	for (; cols < width; cols++)
		fputc(' ', f);
	free(clean);
}
