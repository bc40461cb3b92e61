/* pages.c: the pages a person reads: the search form with its results
 * (nearest first, badges in words, a mark where a claim conflicts with a
 * registry or a practitioner is on the HHS-OIG exclusion list) and a
 * clinic with its locations, practitioners (and their exclusions) and
 * every claim beside the sentence it was read from. Plain HTML forms and
 * links: everything works without JavaScript. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "common/xalloc.h"
#include "index/query.h"
#include "web/web.h"

static const char *const web_radii[] = { "5mi", "10mi", "25mi", "50mi", "100mi", NULL };

/* ---- small pieces ---- */

/* The value the request gave key, "" when none (the first of several). */
static const char *
web_arg(const struct web_request *rq, const char *key)
{
	size_t i;

	for (i = 0; i < rq->n_args; i++)
		if (strcmp(rq->args[i].key, key) == 0 && rq->args[i].value)
			return rq->args[i].value;
	return "";
}

/* Each code of a ";"-joined list as a badge <li>. */
static void
web_badges(struct buf *b, const struct rules *tax, const char *kind, const char *list,
           const char *cls)
{
	char *copy = xstrdup(list), *save = NULL, *code;

	for (code = strtok_r(copy, ";", &save); code; code = strtok_r(NULL, ";", &save)) {
		buf_printf(b, "<li class=\"%s\">", cls);
		web_html(b, web_code_label(tax, kind, code));
		buf_puts(b, "</li>");
	}
	free(copy);
}

/* <option>s for every code of kind, the one equal to selected marked. */
static void
web_code_options(struct buf *b, const struct rules *tax, const char *kind, const char *selected)
{
	size_t i, n = rules_code_count(tax);

	for (i = 0; i < n; i++) {
		const struct rule_code *c = rules_code(tax, i);

		if (strcmp(c->kind, kind) != 0)
			continue;
		buf_puts(b, "<option value=\"");
		web_html(b, c->code);
		buf_puts(b, strcmp(c->code, selected) == 0 ? "\" selected>" : "\">");
		web_html(b, c->label && c->label[0] ? c->label : c->code);
		buf_puts(b, "</option>");
	}
}

static void
web_search_form(struct buf *b, const struct web_request *rq)
{
	const char *radius = web_arg(rq, "radius");
	bool listed = false;
	size_t i;

	buf_puts(b, "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">\n"
	            "<div><label for=\"near\">Place</label><input id=\"near\" name=\"near\" "
	            "type=\"text\" inputmode=\"text\" autocomplete=\"postal-code\" maxlength=\"200\" "
	            "placeholder=\"ZIP or City, ST\" value=\"");
	web_html(b, web_arg(rq, "near"));
	buf_puts(b, "\"></div>\n<div><label for=\"radius\">Within</label>"
	            "<select id=\"radius\" name=\"radius\">");
	if (radius[0] == '\0')
		radius = "25mi";
	for (i = 0; web_radii[i]; i++) {
		bool sel = strcmp(radius, web_radii[i]) == 0;

		listed = listed || sel;
		buf_printf(b, "<option value=\"%s\"%s>%.*s miles</option>", web_radii[i],
		           sel ? " selected" : "", (int)(strlen(web_radii[i]) - 2), web_radii[i]);
	}
	if (!listed) {
		buf_puts(b, "<option selected value=\"");
		web_html(b, radius);
		buf_puts(b, "\">");
		web_html(b, radius);
		buf_puts(b, "</option>");
	}
	buf_puts(b, "</select></div>\n<div><label for=\"credential\">Credential</label>"
	            "<select id=\"credential\" name=\"credential\"><option value=\"\">Any</option>");
	web_code_options(b, rq->taxonomy, "credential", web_arg(rq, "credential"));
	buf_puts(b, "</select></div>\n<div><label for=\"service\">Treatment</label>"
	            "<select id=\"service\" name=\"service\"><option value=\"\">Any</option>");
	web_code_options(b, rq->taxonomy, "service", web_arg(rq, "service"));
	buf_puts(b, "</select></div>\n<div><label for=\"text\">Words</label><input id=\"text\" "
	            "name=\"text\" type=\"search\" maxlength=\"200\" placeholder=\"name, person, "
	            "treatment\" value=\"");
	web_html(b, web_arg(rq, "text"));
	buf_printf(b, "\"></div>\n<div class=\"check\"><label><input type=\"checkbox\" "
	              "name=\"excluded\" value=\"1\"%s>Only clinics on the federal exclusion "
	              "list or with someone on it</label></div>\n",
	           strcmp(web_arg(rq, "excluded"), "1") == 0 ? " checked" : "");
	buf_puts(b, "<div class=\"go\"><button type=\"submit\">Search</button></div>\n"
	            "</form>\n");
}

/* The href of this search at another offset: every argument but the
 * offset, each percent-encoded, then HTML-escaped as an attribute. */
static void
web_page_link(struct buf *b, const struct web_request *rq, long offset)
{
	struct buf q = BUF_INIT;
	size_t i;

	buf_init(&q, 0);
	buf_puts(&q, "/search?");
	for (i = 0; i < rq->n_args; i++) {
		if (strcmp(rq->args[i].key, "offset") == 0 || rq->args[i].value == NULL ||
		    rq->args[i].value[0] == '\0')
			continue;
		web_url_value(&q, rq->args[i].key);
		buf_putc(&q, '=');
		web_url_value(&q, rq->args[i].value);
		buf_putc(&q, '&');
	}
	buf_printf(&q, "offset=%ld", offset);
	web_html(b, buf_str(&q));
	buf_release(&q);
}

/* ---- search ---- */

struct web_results {
	const struct web_request *rq;
	struct buf *b;
	long rows, shown, page;
};

static int
web_result(const struct clinic_row *r, void *arg)
{
	struct web_results *x = arg;
	struct buf *b = x->b;

	if (++x->rows > x->page)
		return 0;   /* the one past the page: there is a next page */
	x->shown++;
	buf_puts(b, "<li");
	if (r->has_geo && x->rq->map) {
		char href[48];

		snprintf(href, sizeof href, "/clinics/%lld", (long long)r->clinic_id);
		web_map_point(b, r->lat, r->lon, r->name[0] ? r->name : r->site, href);
	}
	buf_printf(b, "><article><h2><a href=\"/clinics/%lld\">", (long long)r->clinic_id);
	web_html(b, r->name[0] ? r->name : r->site);
	buf_puts(b, "</a></h2>\n<p class=\"where\">");
	if (r->has_distance)
		buf_printf(b, "<span class=\"dist\">%.1f mi</span> · ", r->distance_mi);
	if (r->street[0]) {
		web_html(b, r->street);
		buf_puts(b, ", ");
	}
	web_html(b, r->city);
	if (r->city[0] && r->state[0])
		buf_puts(b, ", ");
	web_html(b, r->state);
	buf_puts(b, " ");
	web_html(b, r->zip);
	buf_puts(b, "</p>\n");
	if (r->services[0] || r->credentials[0]) {
		buf_puts(b, "<ul class=\"badges\" aria-label=\"Treatments and credentials\">");
		web_badges(b, x->rq->taxonomy, "service", r->services, "svc");
		web_badges(b, x->rq->taxonomy, "credential", r->credentials, "cred");
		buf_puts(b, "</ul>\n");
	}
	if (r->conflicts > 0)
		buf_printf(b, "<p class=\"conflict\"><span aria-hidden=\"true\">&#9888; </span>"
		              "%lld claim%s conflict%s with a registry</p>\n",
		           (long long)r->conflicts, r->conflicts == 1 ? "" : "s",
		           r->conflicts == 1 ? "s" : "");
	if (r->clinic_excluded)
		buf_puts(b, "<p class=\"excluded\"><span aria-hidden=\"true\">&#9888; </span>"
		            "This clinic is on the federal exclusion list (HHS-OIG LEIE)</p>\n");
	if (r->excluded > 0)
		buf_printf(b, "<p class=\"excluded\"><span aria-hidden=\"true\">&#9888; </span>"
		              "%lld practitioner%s on the federal exclusion list (HHS-OIG LEIE)</p>\n",
		           (long long)r->excluded, r->excluded == 1 ? "" : "s");
	buf_puts(b, "</article></li>\n");
	return 0;
}

void
web_page_home(const struct web_request *rq, struct web_reply *rp)
{
	struct cd_error err = { 0, "" };
	struct web_params p;
	struct buf results = BUF_INIT;
	struct web_results x = { rq, &results, 0, 0, WEB_PAGE_SIZE };
	struct buf *b = &rp->body;
	bool search = strcmp(rq->path, "/search") == 0;
	int rc = 0;

	buf_init(&results, 0);
	web_params_init(&p, WEB_PAGE_SIZE);
	rp->status = 200;
	rp->type = "text/html; charset=utf-8";
	rc = web_request_params(rq, &p, WEB_PAGE_SIZE, &err);
	if (rc == 0 && (search || p.any)) {
		search = true;
		p.f.limit = WEB_PAGE_SIZE + 1;
		rc = index_search_clinics(rq->idx, &p.f, web_result, &x, &err);
	}
	if (rc == CD_EINVAL)
		rp->status = 400;
	else if (rc == CD_ENOTFOUND)
		rp->status = 404;
	else if (rc != 0)
		rp->status = 500;

	web_page_begin(b, rc ? "Search problem" : search ? "Search results" : "Find a clinic", rq);
	buf_puts(b, "<h1>Find an aesthetic or dermatology clinic</h1>\n");
	web_search_form(b, rq);
	if (rc == CD_EINVAL) {
		buf_puts(b, "<p class=\"problem\" role=\"alert\">That search could not be run: ");
		web_html(b, err.msg);
		buf_puts(b, ".</p>\n");
	} else if (rc == CD_ENOTFOUND) {
		buf_puts(b, "<p class=\"problem\" role=\"alert\">We do not know the place &ldquo;");
		web_html(b, p.near ? p.near : "");
		buf_puts(b, "&rdquo;. Try a 5-digit ZIP code, or a city and state such as "
		            "&ldquo;Austin, TX&rdquo;.</p>\n");
	} else if (rc != 0) {
		buf_puts(b, "<p class=\"problem\" role=\"alert\">The directory could not be read. "
		            "Please try again.</p>\n");
	} else if (search && x.shown == 0) {
		buf_puts(b, "<h2>No clinics match</h2>\n<p class=\"summary\">Nothing in the directory "
		            "matches every filter. Try a larger distance, another place, or fewer "
		            "filters.</p>\n");
	} else if (search) {
		buf_printf(b, "<h2>%s%ld clinic%s%s</h2>\n", x.rows > x.page ? "More than " : "",
		           p.f.offset + x.shown, p.f.offset + x.shown == 1 ? "" : "s",
		           p.f.near ? ", nearest first" : "");
		if (p.f.offset > 0)
			buf_printf(b, "<p class=\"summary\">Showing %ld to %ld.</p>\n", p.f.offset + 1,
			           p.f.offset + x.shown);
		web_map_box(b, rq, "Map of these clinics");
		buf_puts(b, "<ol class=\"results\">\n");
		buf_puts(b, buf_str(&results));
		buf_puts(b, "</ol>\n<nav class=\"pager\" aria-label=\"More results\">");
		if (p.f.offset > 0) {
			buf_puts(b, "<a rel=\"prev\" href=\"");
			web_page_link(b, rq, p.f.offset > WEB_PAGE_SIZE ? p.f.offset - WEB_PAGE_SIZE : 0);
			buf_puts(b, "\">Previous page</a>");
		}
		if (x.rows > x.page && p.f.offset + WEB_PAGE_SIZE <= WEB_MAX_OFFSET) {
			buf_puts(b, "<a rel=\"next\" href=\"");
			web_page_link(b, rq, p.f.offset + WEB_PAGE_SIZE);
			buf_puts(b, "\">Next page</a>");
		}
		buf_puts(b, "</nav>\n");
	} else {
		buf_puts(b, "<p class=\"summary\">Type a ZIP code or a city, pick a credential or a "
		            "treatment if you like, and search. Every claim a clinic makes is shown "
		            "with the sentence it came from and whether a public registry agrees.</p>\n");
	}
	web_page_end(b, rq);
	buf_release(&results);
	web_params_release(&p);
}

/* ---- one clinic ---- */

static void
web_phone(struct buf *b, const char *phone)
{
	char tel[32];
	size_t i, n = 0, digits = 0;

	for (i = 0; phone[i] && n + 1 < sizeof tel; i++) {
		if (phone[i] >= '0' && phone[i] <= '9') {
			tel[n++] = phone[i];
			digits++;
		} else if (phone[i] == '+' && n == 0) {
			tel[n++] = '+';
		}
	}
	tel[n] = '\0';
	if (digits >= 7) {
		buf_printf(b, "<a href=\"tel:%s\">", tel);
		web_html(b, phone);
		buf_puts(b, "</a>");
	} else {
		web_html(b, phone);
	}
}

/* A link to the page a claim or location was read from, or the address
 * as text when it is not an http(s) URL. */
static void
web_source(struct buf *b, const char *url, const char *words)
{
	if (url[0] == '\0')
		return;
	if (web_url_linkable(url)) {
		buf_puts(b, "<a rel=\"nofollow noopener noreferrer\" href=\"");
		web_html(b, url);
		buf_puts(b, "\">");
		web_html(b, words);
		buf_puts(b, "</a>");
	} else {
		buf_puts(b, "<span class=\"summary\">source: ");
		web_html(b, url);
		buf_puts(b, "</span>");
	}
}

static void
web_status(struct buf *b, const char *status, const char *reason)
{
	buf_printf(b, "<span class=\"status-%s\">",
	           strcmp(status, "conflict") == 0     ? "conflict"
	           : strcmp(status, "consistent") == 0 ? "consistent"
	                                               : "other");
	if (strcmp(status, "conflict") == 0)
		buf_puts(b, "<span aria-hidden=\"true\">&#9888; </span>");
	web_html(b, web_status_words(status));
	buf_puts(b, "</span>");
	if (reason[0]) {
		buf_puts(b, ": ");
		web_html(b, reason);
	}
}

static void
web_clinic_locations(struct buf *b, const struct web_request *rq, const struct clinic_detail *c,
                     const char *name)
{
	size_t i, n = c->n_locations;

	buf_printf(b, "<h2>Location%s</h2>\n", n == 1 ? "" : "s");
	if (n == 0)
		buf_puts(b, "<p class=\"summary\">The site gives no address.</p>\n");
	else
		buf_puts(b, "<ul>\n");
	for (i = 0; i < n; i++) {
		const struct clinic_location *l = &c->locations[i];

		buf_puts(b, "<li");
		if (l->has_geo && rq->map)
			web_map_point(b, l->lat, l->lon, name, "");
		buf_puts(b, "><address>");
		web_html(b, l->street);
		if (l->street[0])
			buf_puts(b, ", ");
		web_html(b, l->city);
		buf_puts(b, ", ");
		web_html(b, l->state);
		buf_puts(b, " ");
		web_html(b, l->zip);
		buf_puts(b, "</address>");
		if (l->phone[0]) {
			buf_puts(b, " Phone: ");
			web_phone(b, l->phone);
		}
		if (l->has_geo) {
			double la = l->lat, lo = l->lon;

			buf_printf(b, " · <a rel=\"noopener noreferrer\" href=\"https://www.openstreetmap.org/"
			              "?mlat=%.6f&amp;mlon=%.6f#map=16/%.6f/%.6f\">Map pin</a>",
			           la, lo, la, lo);
		}
		buf_puts(b, "</li>\n");
	}
	if (n)
		buf_puts(b, "</ul>\n");
	if (n)
		web_map_box(b, rq, n == 1 ? "Map of the location" : "Map of the locations");
}

/* A practitioner's standing on the LEIE as show prints it: an exclusion
 * with its type in words, date and how it was matched (the note verify
 * wrote), or why several records decided nothing. */
static void
web_exclusion(struct buf *b, const char *exclusion, const char *note)
{
	if (exclusion[0]) {
		buf_puts(b, "<p class=\"excluded\"><span aria-hidden=\"true\">&#9888; </span>"
		            "Excluded: ");
		web_html(b, note[0] ? note : exclusion);
		buf_puts(b, "</p>");
	} else if (note[0]) {
		buf_puts(b, "<p class=\"summary\">Exclusion list: ");
		web_html(b, note);
		buf_puts(b, "</p>");
	}
}

static void
web_clinic_practitioners(struct buf *b, const struct rules *tax, const struct clinic_detail *c)
{
	size_t i, j, n = c->n_practitioners;

	buf_printf(b, "<h2>Practitioners</h2>\n");
	if (n == 0) {
		buf_puts(b, "<p class=\"summary\">The site names no practitioner.</p>\n");
		return;
	}
	buf_puts(b, "<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th>"
	            "<th scope=\"col\">Credentials and registry check</th></tr></thead><tbody>\n");
	for (i = 0; i < n; i++) {
		const struct clinic_practitioner *p = &c->practitioners[i];
		const char *name = p->name;
		bool any = false;

		buf_puts(b, "<tr><th scope=\"row\">");
		web_html(b, name);
		buf_puts(b, "</th><td>");
		web_html(b, p->role);
		buf_puts(b, "</td><td><ul>");
		for (j = 0; j < c->n_claims; j++) {
			const struct clinic_claim *cl = &c->claims[j];

			if (strcmp(cl->practitioner, name) != 0 || strcmp(cl->kind, "credential") != 0)
				continue;
			any = true;
			buf_puts(b, "<li><strong>");
			web_html(b, web_code_label(tax, "credential", cl->code));
			buf_puts(b, "</strong>: ");
			web_status(b, cl->status, cl->reason);
			buf_puts(b, "</li>");
		}
		if (!any)
			buf_puts(b, "<li>No credential stated</li>");
		buf_puts(b, "</ul>");
		if (p->npi[0]) {
			buf_puts(b, "NPI ");
			web_html(b, p->npi);
		}
		web_exclusion(b, p->exclusion, p->exclusion_note);
		if (p->license_note[0]) {
			/* a licence expired, suspended, revoked, on probation, ... */
			buf_puts(b, "<p class=\"excluded\">Licence: ");
			web_html(b, p->license_note);
			buf_puts(b, "</p>");
		}
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody></table>\n");
}

static void
web_clinic_claims(struct buf *b, const struct rules *tax, const struct clinic_detail *c)
{
	size_t i, n = c->n_claims;

	buf_puts(b, "<h2>What the site claims, with the evidence</h2>\n");
	if (n == 0) {
		buf_puts(b, "<p class=\"summary\">No claim was read from this site.</p>\n");
		return;
	}
	buf_puts(b, "<ul class=\"claims\">\n");
	for (i = 0; i < n; i++) {
		const struct clinic_claim *cl = &c->claims[i];
		const char *kind = cl->kind;

		buf_puts(b, "<li><strong>");
		web_html(b, web_code_label(tax, kind, cl->code));
		buf_puts(b, "</strong> ");
		buf_puts(b, strcmp(kind, "service") == 0 ? "(treatment)" : "(credential)");
		if (cl->practitioner[0]) {
			buf_puts(b, " for ");
			web_html(b, cl->practitioner);
		} else {
			buf_puts(b, " for the clinic");
		}
		buf_puts(b, "<br>");
		web_status(b, cl->status, cl->reason);
		if (cl->evidence[0]) {
			buf_puts(b, "<blockquote>");
			web_html(b, cl->evidence);
			buf_puts(b, "</blockquote>");
		}
		web_source(b, cl->evidence_url, "The page it was read from");
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n");
}

void
web_page_clinic(const struct web_request *rq, struct web_reply *rp, const char *id)
{
	struct cd_error err = { 0, "" };
	struct clinic_detail *c = NULL;
	struct buf *b = &rp->body;
	const char *name;
	int rc = 0;

	if (rq->n_args > 0 || rq->too_many_args) {
		web_page_error(rp, 400, "Bad address", "A clinic page takes no parameters.");
		return;
	}
	if (!web_valid_clinic_ref(id)) {
		web_page_error(rp, 404, "No such clinic", "The directory has no clinic at this address.");
		return;
	}
	rc = index_clinic_get(rq->idx, id, &c, &err);
	if (rc == CD_ENOTFOUND) {
		web_page_error(rp, 404, "No such clinic", "The directory has no clinic at this address.");
		return;
	}
	if (rc != 0) {
		web_page_error(rp, 500, "Server error", "The directory could not be read.");
		return;
	}
	rp->status = 200;
	rp->type = "text/html; charset=utf-8";
	name = c->name[0] ? c->name : c->site;
	web_page_begin(b, name, rq);
	buf_puts(b, "<p><a href=\"/\">&larr; New search</a></p>\n<article class=\"clinic\">\n<h1>");
	web_html(b, name);
	buf_puts(b, "</h1>\n");
	if (c->exclusion[0]) {
		/* an LEIE organisation record names the clinic itself (issue 15) */
		buf_puts(b, "<p class=\"excluded\"><span aria-hidden=\"true\">&#9888; </span>"
		            "This clinic is excluded: ");
		web_html(b, c->exclusion_note[0] ? c->exclusion_note : c->exclusion);
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "<dl>\n<dt>Site</dt><dd>");
	web_html(b, c->site);
	buf_puts(b, "</dd>\n");
	if (c->phone[0]) {
		buf_puts(b, "<dt>Phone</dt><dd>");
		web_phone(b, c->phone);
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "<dt>Crawled</dt><dd>");
	if (c->last_crawled[0]) {
		buf_puts(b, "<time datetime=\"");
		web_html(b, c->last_crawled);
		buf_puts(b, "\">");
		web_html(b, c->last_crawled);
		buf_puts(b, "</time>");
	} else {
		buf_puts(b, "not yet");
	}
	buf_puts(b, "</dd>\n<dt>First seen</dt><dd>");
	web_html(b, c->first_seen);
	buf_puts(b, "</dd>\n</dl>\n");
	web_clinic_locations(b, rq, c, name);
	web_clinic_practitioners(b, rq->taxonomy, c);
	web_clinic_claims(b, rq->taxonomy, c);
	buf_printf(b, "<p><a href=\"/api/clinics/%lld\">This clinic as JSON</a></p>\n",
	           (long long)c->clinic_id);
	buf_puts(b, "</article>\n");
	web_page_end(b, rq);
	index_clinic_free(c);
}
