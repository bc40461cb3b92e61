/* report_html.c: the oversight study as one HTML page, its charts and
 * map drawn as inline SVG (see report.h; the rows are read and counted in
 * report.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/text.h"
#include "index/report_impl.h"

/* s as HTML text or attribute value, made printable first. */
static void
html_put(FILE *out, const char *s)
{
	char *clean = text_for_export(s != NULL ? s : "");   /* NULL: s is clean */
	const char *p;

	for (p = clean != NULL ? clean : s != NULL ? s : ""; *p; p++)
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: putc(*p, out);
		}
	free(clean);
}

/* A link to url when it is a web address, else the text alone. */
static void
html_link(FILE *out, const char *text, const char *url)
{
	bool web = strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0;

	if (web) {
		fputs("<a href=\"", out);
		html_put(out, url);
		fputs("\">", out);
	}
	html_put(out, text[0] ? text : url[0] ? "yes" : "");
	if (web)
		fputs("</a>", out);
}

static const char report_css[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
	"table{border-collapse:collapse;margin:1em 0}"
	"th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}"
	"figure{display:inline-block;margin:.5em 1em .5em 0;break-inside:avoid}"
	"figcaption{font-weight:600}"
	".rows td{font-size:12px}"
	"@media print{body{margin:0;font-size:10pt}.rows{font-size:8pt}"
	"figure,tr{break-inside:avoid}a{color:inherit;text-decoration:none}}";

/* One horizontal bar per group (all, then states): the percentage and
 * its 95% interval, labelled with k/n. */
static void
html_chart(FILE *out, const struct report *rep, const struct report_var *v,
           const char **states, size_t ns)
{
	const int bar = 18, left = 80, width = 300;
	size_t g;

	fputs("<figure><figcaption>", out);
	html_put(out, v->name);
	fprintf(out, "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
	        " height=\"%d\" role=\"img\">", left + width + 90, (int)(ns + 1) * bar + 4);
	for (g = 0; g <= ns; g++) {
		const char *state = g == 0 ? NULL : states[g - 1];
		struct report_cell c;
		double p = 0, lo = 0, hi = 0;
		int y = (int)g * bar + 2;

		report_count(rep, v, state, &c);
		if (c.n > 0) {
			p = (double)c.k / (double)c.n;
			report_wilson(c.k, c.n, &lo, &hi);
		}
		fprintf(out, "<text x=\"0\" y=\"%d\" font-size=\"12\">", y + 13);
		html_put(out, report_group(state));
		fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
		        " fill=\"%s\"/>", left, y, p * width, bar - 4, g == 0 ? "#345" : "#7a9");
		if (c.n > 0)
			fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#000\"/>",
			        left + lo * width, left + hi * width, y + 7, y + 7);
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s/%s</text>",
		        left + width + 6, y + 13, c.count, c.denom);
	}
	fputs("</svg></figure>\n", out);
}

static void
html_summary_row(FILE *out, const struct report *rep, const struct report_var *v,
                 const char *state)
{
	struct report_cell c;

	report_count(rep, v, state, &c);
	fputs("<tr class=\"summary\" data-group=\"", out);
	html_put(out, report_group(state));
	fputs("\" data-variable=\"", out);
	html_put(out, v->name);
	fputs("\"><td>", out);
	html_put(out, report_group(state));
	fputs("</td><td>", out);
	html_put(out, v->name);
	fprintf(out, "</td><td class=\"num count\">%s</td><td class=\"num denominator\">%s</td>"
	        "<td class=\"num percent\">%s</td><td class=\"num ci_low\">%s</td>"
	        "<td class=\"num ci_high\">%s</td></tr>\n", c.count, c.denom, c.pct, c.lo, c.hi);
}

/* The clinics with coordinates as dots on a plain longitude/latitude
 * frame (the lower 48 states unless a clinic lies outside), coloured by
 * oversight: a director listed and supervision stated, one of the two, or
 * neither. Drawn here, so nothing is fetched when the page is viewed. */
static void
html_map(FILE *out, const struct report *rep)
{
	static const char *const colour[] = { "#c33", "#e90", "#283" };
	static const char *const meaning[] = {
		"neither a director nor supervision stated", "one of the two",
		"director listed and supervision stated",
	};
	const double w = 640, h = 360;
	double w0 = -125, e0 = -66, s0 = 24, n0 = 50;
	size_t i, n = 0;

	for (i = 0; i < rep->n; i++) {
		const struct report_row *r = &rep->rows[i];

		if (!r->has_geo)
			continue;
		n++;
		w0 = r->lon < w0 ? r->lon - 1 : w0;
		e0 = r->lon > e0 ? r->lon + 1 : e0;
		s0 = r->lat < s0 ? r->lat - 1 : s0;
		n0 = r->lat > n0 ? r->lat + 1 : n0;
	}
	fprintf(out, "<h2>Map</h2>\n<figure><figcaption>%zu clinics with coordinates, by"
	        " oversight</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\""
	        " height=\"%.0f\" role=\"img\"><rect width=\"100%%\" height=\"100%%\""
	        " fill=\"#f4f4f0\" stroke=\"#999\"/>", n, w, h + 60);
	for (i = 0; i < rep->n; i++) {
		const struct report_row *r = &rep->rows[i];
		int k = (r->v[RC_DIRECTOR][0] != '\0') + (r->v[RC_SUPERVISION][0] != '\0');

		if (!r->has_geo)
			continue;
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>",
		        (r->lon - w0) / (e0 - w0) * w, (n0 - r->lat) / (n0 - s0) * h, colour[k]);
		html_put(out, r->v[RC_NAME]);
		fputs("</title></circle>", out);
	}
	for (i = 0; i < 3; i++)
		fprintf(out, "<circle cx=\"12\" cy=\"%.0f\" r=\"5\" fill=\"%s\"/>"
		        "<text x=\"22\" y=\"%.0f\" font-size=\"12\">%s</text>",
		        h + 8 + 17 * (double)i, colour[2 - i], h + 12 + 17 * (double)i, meaning[2 - i]);
	fputs("</svg></figure>\n", out);
}

int
report_html(const struct report *rep, FILE *out)
{
	static const enum report_col shown[][2] = {
		{ RC_NAME, RC_SITE }, { RC_STATE, RC_N }, { RC_DIRECTOR, RC_DIRECTOR_URL },
		{ RC_DIRECTOR_CREDS, RC_N }, { RC_DIRECTOR_SPECIALTY, RC_N },
		{ RC_BOARD, RC_BOARD_URL }, { RC_BOARD_STATUS, RC_N },
		{ RC_SUPERVISION, RC_SUPERVISION_URL }, { RC_ON_SITE, RC_ON_SITE_URL },
		{ RC_OWNED, RC_OWNED_URL }, { RC_PERFORMED, RC_PERFORMED_URL },
		{ RC_SERVICES, RC_N }, { RC_CONFLICTS, RC_N }, { RC_EXCLUSIONS, RC_EXCLUSIONS_URL },
	};
	size_t ns = 0, g, i, j;
	const char **states = report_states(rep, &ns);

	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	        "<title>clinicdex report: medical oversight of %zu clinics</title>"
	        "<style>%s</style></head><body>\n"
	        "<h1>Medical oversight of %zu clinics</h1>\n"
	        "<p>What each clinic's own pages state, read by clinicdex; percentages with"
	        " their denominators and 95%% Wilson intervals. A statement not found is"
	        " counted as not made.</p>\n",
	        rep->n, report_css, rep->n);
	fputs("<h2>Summary</h2>\n<table id=\"summary\"><thead><tr><th>group</th><th>variable</th>"
	      "<th>count</th><th>denominator</th><th>%</th><th>95% CI low</th>"
	      "<th>95% CI high</th></tr></thead><tbody>\n", out);
	for (g = 0; g <= ns; g++)
		for (i = 0; i < report_nvars; i++)
			html_summary_row(out, rep, &report_vars[i], g == 0 ? NULL : states[g - 1]);
	fputs("</tbody></table>\n<h2>By variable</h2>\n", out);
	for (i = 0; i < report_nvars; i++)
		html_chart(out, rep, &report_vars[i], states, ns);
	html_map(out, rep);
	fputs("<h2>Clinics</h2>\n<table class=\"rows\"><thead><tr>", out);
	for (j = 0; j < sizeof shown / sizeof shown[0]; j++) {
		fputs("<th>", out);
		html_put(out, report_columns[shown[j][0]]);
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody>\n", out);
	for (i = 0; i < rep->n; i++) {
		fputs("<tr>", out);
		for (j = 0; j < sizeof shown / sizeof shown[0]; j++) {
			const struct report_row *row = &rep->rows[i];

			fputs("<td>", out);
			if (shown[j][1] != RC_N)
				html_link(out, row->v[shown[j][0]], row->v[shown[j][1]]);
			else
				html_put(out, row->v[shown[j][0]]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n</body></html>\n", out);
	free(states);
	return ferror(out) ? CD_EIO : 0;
}
