/* output.c: printing text that came from the web, safely. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/text.h"

void
out_text(FILE *f, const char *s)
{
	char *clean = text_for_terminal(s ? s : "", false);

	fputs(clean, f);
	free(clean);
}

int
out_width(FILE *f)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	long v;

	/* an exported COLUMNS is a request (ls -C reads it the same way) */
	if (env && (v = cli_parse_count(env)) > 0 && v < 10000)
		return (int)v;
	if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/* s (control-free) cut to width code points with an ellipsis; the columns
 * printed go to *cols. */
static void
out_cut(FILE *f, const char *clean, int width, int *cols_out)
{
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
	*cols_out = cols;
}

void
out_cell(FILE *f, const char *s, int width)
{
	char *clean = text_for_terminal(s ? s : "", false);
	int cols = 0;

	out_cut(f, clean, width, &cols);
	for (; cols < width; cols++)
		fputc(' ', f);
	free(clean);
}

void
out_last_cell(FILE *f, const char *s, int width)
{
	char *clean = text_for_terminal(s ? s : "", false);
	int cols = 0;

	if (width <= 0)
		fputs(clean, f);
	else
		out_cut(f, clean, width, &cols);
	free(clean);
}

void
out_wrap(FILE *f, const char *s, int indent, int width)
{
	char *clean = text_for_terminal(s ? s : "", false);
	const char *p = clean;
	int room = width - indent, used = 0;

	while (*p) {
		size_t n = strcspn(p, " "), k;
		int w = 0;

		for (k = 0; k < n; k++)
			if (((unsigned char)p[k] & 0xC0) != 0x80)
				w++;
		if (used > 0 && used + 1 + w > room) {
			fprintf(f, "\n%*s", indent, "");
			used = 0;
		} else if (used > 0) {
			fputc(' ', f);
			used++;
		}
		fwrite(p, 1, n, f);
		used += w;
		p += n;
		while (*p == ' ')
			p++;
	}
	free(clean);
}
