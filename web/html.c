/* html.c: the HTML every page is made of: escaping in its three contexts
 * (text and quoted attribute, query-string value, link target), the page
 * frame, error pages, the words for codes and statuses, and the one
 * bundled style sheet. No string reaches a page but through here. */
#include <string.h>
#include "common/text.h"
#include "web/web.h"

void
web_html(struct buf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			/* a control byte (text written into the database by other
			 * means) is dropped; tab and newline are white space */
			if (((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n') || *s == 0x7f)
				rep = "";
			else
				continue;
		}
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

void
web_url_value(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

bool
web_url_linkable(const char *s)
{
	size_t i;

	/* only the two schemes a page can come from, spelt as a crawler stores
	 * them; anything else (javascript:, data:, a space or control before
	 * the scheme) is shown as text, never as a link */
	if (!text_has_prefix_ci(s, "http://") && !text_has_prefix_ci(s, "https://"))
		return false;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return false;
	return i <= 2048;
}

const char *
web_code_label(const struct rules *taxonomy, const char *kind, const char *code)
{
	size_t i, n = taxonomy ? rules_code_count(taxonomy) : 0;

	for (i = 0; i < n; i++) {
		const struct rule_code *c = rules_code(taxonomy, i);

		if (strcmp(c->code, code) == 0 && (kind == NULL || strcmp(c->kind, kind) == 0))
			return c->label && c->label[0] ? c->label : c->code;
	}
	return code;
}

/* The statuses of SPEC "Claim status", said for a patient. */
static const struct {
	const char *status, *words;
} web_statuses[] = {
	{ "unchecked", "Not checked against a registry" },
	{ "consistent", "Matches the registry" },
	{ "conflict", "Conflicts with the registry" },
	{ "unmatched", "No matching registry record" },
	{ "ambiguous", "Several possible registry records" },
};

const char *
web_status_words(const char *status)
{
	size_t i;

	for (i = 0; i < sizeof web_statuses / sizeof web_statuses[0]; i++)
		if (strcmp(web_statuses[i].status, status) == 0)
			return web_statuses[i].words;
	return status;
}

void
web_page_begin(struct buf *b, const char *title, const struct web_request *rq)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<title>");
	web_html(b, title);
	buf_puts(b, " · clinicdex</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n");
	if (rq && rq->map)
		buf_puts(b, "<link rel=\"stylesheet\" href=\"/static/leaflet/leaflet.css\">\n");
	buf_puts(b, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
	            "<header class=\"top\"><a class=\"brand\" href=\"/\">clinicdex</a>"
	            "<span class=\"tag\">aesthetic and dermatology clinics, with the evidence"
	            "</span></header>\n<main id=\"main\">\n");
}

void
web_map_box(struct buf *b, const struct web_request *rq, const char *label)
{
	if (!rq->map)
		return;
	buf_puts(b, "<div id=\"map\" class=\"map\" role=\"region\" aria-label=\"");
	web_html(b, label);
	buf_puts(b, "\"");
	if (rq->tiles) {
		buf_puts(b, " data-tiles=\"");
		web_html(b, rq->tiles);
		buf_puts(b, "\" data-attribution=\"Tiles: ");
		web_html(b, rq->tiles_origin);
		buf_puts(b, "\"");
	}
	buf_puts(b, "></div>\n");
}

void
web_map_point(struct buf *b, double lat, double lon, const char *name, const char *href)
{
	buf_printf(b, " data-lat=\"%.6f\" data-lon=\"%.6f\" data-name=\"", lat, lon);
	web_html(b, name);
	buf_puts(b, "\" data-href=\"");
	web_html(b, href);
	buf_puts(b, "\"");
}

void
web_page_end(struct buf *b, const struct web_request *rq)
{
	if (rq && rq->map)
		buf_puts(b, "<script src=\"/static/leaflet/leaflet.js\" defer></script>\n"
		            "<script src=\"/static/map.js\" defer></script>\n");
	buf_puts(b, "</main>\n<footer><p>What each clinic's own site says, read by clinicdex, "
	            "checked against public registries where one was loaded. Always confirm a "
	            "practitioner's licence with your state board.</p>"
	            "<p><a href=\"/api/search\">JSON API</a></p></footer>\n</body>\n</html>\n");
}

void
web_page_error(struct web_reply *rp, int status, const char *title, const char *message)
{
	buf_reset(&rp->body);
	rp->status = status;
	rp->type = "text/html; charset=utf-8";
	web_page_begin(&rp->body, title, NULL);
	buf_puts(&rp->body, "<h1>");
	web_html(&rp->body, title);
	buf_puts(&rp->body, "</h1>\n<p class=\"problem\" role=\"alert\">");
	web_html(&rp->body, message);
	buf_puts(&rp->body, "</p>\n<p><a href=\"/\">Start a new search</a></p>\n");
	web_page_end(&rp->body, NULL);
}

/* System fonts, one column on a phone, contrast above 4.5:1 everywhere,
 * a visible focus ring for the keyboard. */
const char web_style_css[] =
	":root{--ink:#1b1f23;--muted:#4a5560;--line:#c9d1d9;--accent:#0b5cad;--warn:#8a1c00;"
	"--warnbg:#fff1ec;--ok:#0f5b2e;--badge:#eef3f8}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
	"color:var(--ink);background:#fff}\n"
	"a{color:var(--accent)}\n"
	"a:focus,button:focus,input:focus,select:focus{outline:3px solid #f5a623;outline-offset:2px}\n"
	".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}\n"
	".top{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;padding:.75rem 1rem;"
	"border-bottom:1px solid var(--line)}\n"
	".brand{font-weight:700;font-size:1.25rem;text-decoration:none}\n"
	".tag{color:var(--muted);font-size:.9rem}\n"
	"main{max-width:60rem;margin:0 auto;padding:1rem}\n"
	"footer{max-width:60rem;margin:2rem auto;padding:1rem;color:var(--muted);font-size:.9rem;"
	"border-top:1px solid var(--line)}\n"
	"h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}\n"
	"h2{font-size:1.2rem;margin:1.5rem 0 .5rem}\n"
	"form.search{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.75rem;"
	"padding:1rem;border:1px solid var(--line);border-radius:8px;background:#fafbfc}\n"
	"form.search label{display:block;font-weight:600;margin-bottom:.2rem}\n"
	"form.search input,form.search select{width:100%;padding:.5rem;font:inherit;"
	"border:1px solid #6a737d;border-radius:4px;background:#fff}\n"
	"form.search .go{align-self:end}\n"
	"button{font:inherit;padding:.55rem 1.2rem;border:0;border-radius:4px;background:var(--accent);"
	"color:#fff;font-weight:600;cursor:pointer}\n"
	".summary{color:var(--muted)}\n"
	"ol.results{list-style:none;padding:0;margin:0}\n"
	"ol.results>li{border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}\n"
	"ol.results h2{margin:0 0 .25rem;font-size:1.15rem}\n"
	".where{margin:0;color:var(--muted)}\n"
	".dist{font-weight:700;color:var(--ink)}\n"
	"ul.badges{list-style:none;padding:0;margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:.35rem}\n"
	"ul.badges li{background:var(--badge);border:1px solid var(--line);border-radius:999px;"
	"padding:.05rem .6rem;font-size:.85rem}\n"
	"ul.badges li.cred{border-color:#7a9cc6}\n"
	".conflict{color:var(--warn);background:var(--warnbg);border-left:4px solid var(--warn);"
	"padding:.25rem .5rem;margin:.5rem 0 0;font-weight:600}\n"
	".excluded{color:#fff;background:var(--warn);border-radius:4px;padding:.25rem .5rem;"
	"margin:.5rem 0 0;font-weight:700}\n"
	"form.search .check{align-self:end}form.search .check input{width:auto;margin-right:.4rem}\n"
	".status-conflict{color:var(--warn);font-weight:700}\n"
	".status-consistent{color:var(--ok);font-weight:700}\n"
	".problem{color:var(--warn);font-weight:600}\n"
	"blockquote{margin:.25rem 0;padding:.25rem .75rem;border-left:3px solid var(--line);"
	"color:var(--ink);font-style:italic}\n"
	"ul.claims{list-style:none;padding:0}ul.claims>li{border-top:1px solid var(--line);"
	"padding:.6rem 0}\n"
	"table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;"
	"border-bottom:1px solid var(--line);vertical-align:top}\n"
	".pager{display:flex;gap:1rem;margin:1rem 0}\n"
	".map{display:none}.map.map-on{display:block;height:22rem;margin:1rem 0;border:1px solid var(--line);"
	"border-radius:8px;background:#eef1f4}\n"
	"@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block}thead{display:none}"
	"td{border:0;padding:.1rem 0}tr{border-bottom:1px solid var(--line);padding:.5rem 0}}\n";
