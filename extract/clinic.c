/* clinic.c: the clinic's name: from markup, og:site_name, or the part of
 * the page's <title> that reads as the business. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>
#include "common/sitekey.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "extract/extract_impl.h"
#include "extract/html.h"
#include "extract/markup.h"

static void
set_name(struct page_facts *f, const char *name, int rank)
{
	char *c = NULL;

	if (name == NULL || rank <= f->clinic_name_rank)
		return;
	c = text_utf8_clean(name, strlen(name));
	{
		char *sq = text_squash_space(c), *t = text_truncate(sq, CLINIC_NAME_MAX);
		free(c);
		free(sq);
		c = t;
	}
	if (c[0] == '\0') {
		free(c);
		return;
	}
	free(f->clinic_name);
	f->clinic_name = c;
	f->clinic_name_rank = rank;
}

/* How many words (3+ letters) of part[0..len) occur in label, the first
 * label of the site's host ("peachtree-facial-plastics"): a clinic's
 * domain usually spells its name, a tagline's words rarely. */
static size_t
host_overlap(const char *part, size_t len, const char *label)
{
	enum { HOST_WORD_MAX = 63 };
	size_t i = 0, score = 0;

	while (i < len) {
		char w[HOST_WORD_MAX + 1];   /* a longer word is compared cut */
		size_t n = 0;

		while (i < len && !isalnum((unsigned char)part[i]))
			i++;
		while (i < len && isalnum((unsigned char)part[i])) {
			if (n < sizeof w - 1)
				w[n++] = (char)tolower((unsigned char)part[i]);
			i++;
		}
		w[n] = '\0';
		if (n >= 3 && strstr(label, w) != NULL)
			score++;
	}
	return score;
}

/* Of "Our Team | Lumina Dermatology", the part that reads as the business:
 * the one that best matches the host name when one does; else one with a
 * business word ("Dermatology", "Spa"); else the last part. */
static char *
title_name(const struct rules *r, const char *title, const char *label)
{
	static const char *seps[] = { " | ", " - ", " – ", " — ", " · ", " :: ", NULL };
	const char *parts[TITLE_MAX_PARTS];
	size_t lens[TITLE_MAX_PARTS], np = 0, i, k, best = NOWHERE;
	const char *p = title;

	while (np < TITLE_MAX_PARTS) {
		const char *next = NULL;
		size_t sl = 0;

		for (k = 0; seps[k] != NULL; k++) {
			const char *q = strstr(p, seps[k]);
			if (q != NULL && (next == NULL || q < next)) {
				next = q;
				sl = strlen(seps[k]);
			}
		}
		parts[np] = p;
		lens[np] = next != NULL ? (size_t)(next - p) : strlen(p);
		np++;
		if (next == NULL)
			break;
		p = next + sl;
	}
	if (np > 1 && label != NULL && label[0] != '\0') {
		size_t top = 0, second = 0, at = 0;

		for (i = 0; i < np; i++) {
			size_t sc = host_overlap(parts[i], lens[i], label);

			if (sc > top) {
				second = top;
				top = sc;
				at = i;
			} else if (sc > second) {
				second = sc;
			}
		}
		if (top > second)
			return xstrndup(parts[at], lens[at]);
	}
	/* the first part with a business word and no lower-case word (not a
	 * tagline such as "Cosmetic Dermatology in Miami"), else the first
	 * with a business word, else the last part */
	for (i = 0; i < np; i++) {
		struct word w[32];
		size_t nw = split_words(parts[i], lens[i], w, 32);
		bool business = false, lower = false;

		for (k = 0; k < nw; k++) {
			if (rules_word(r, RULES_W_NOT_PERSON, parts[i] + w[k].s,
			               strip_punct(parts[i] + w[k].s, w[k].n)))
				business = true;
			if (islower((unsigned char)parts[i][w[k].s]))
				lower = true;
		}
		if (nw < 2)
			business = false;   /* "Services", "Treatments": a page label */
		if (business && !lower) {
			best = i;
			break;
		}
		if (business && best == NOWHERE)
			best = i;
	}
	if (best == NOWHERE)
		best = np - 1;
	return xstrndup(parts[best], lens[best]);
}

void
clinic_name(struct ex *x, const struct markup *m)
{
	xmlNodePtr root = xmlDocGetRootElement(x->d->doc), n = NULL;
	char *v = NULL, *t = NULL;

	if (m->org_name != NULL)
		set_name(x->f, m->org_name, FACT_NAME_MARKUP);
	if ((n = html_find_el(root, "meta", "property", "og:site_name", 0)) != NULL &&
	    (v = (char *)xmlGetProp(n, (const xmlChar *)"content")) != NULL) {
		set_name(x->f, v, FACT_NAME_OG);
		xmlFree(v);
	}
	if ((n = html_find_el(root, "title", NULL, NULL, 0)) != NULL &&
	    (v = (char *)xmlNodeGetContent(n)) != NULL) {
		char *c = text_utf8_clean(v, strnlen(v, TITLE_READ_MAX)), *sq = text_squash_space(c);

		char *host = sitekey_host(x->d->url), *label = NULL;

		if (host != NULL) {
			label = host;
			label[strcspn(label, ".")] = '\0';
		}
		t = title_name(x->r, sq, label);
		free(host);
		set_name(x->f, t, FACT_NAME_TITLE);
		free(t);
		free(c);
		free(x->title);
		x->title = sq;
		xmlFree(v);
	}
}
