/* markup.c: JSON-LD (parsed with json-c) and microdata (turned into the
 * same json-c shape, then read by the same walker), see markup.h. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <json-c/json.h>
#include <libxml/tree.h>
#include "common/buf.h"
#include "common/states.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "extract/address.h"
#include "extract/markup.h"

#define MARKUP_MAX_DEPTH 32
#define MARKUP_MAX_NODES 20000   /* JSON values visited per page */

static const char *clinic_types[] = {
	"MedicalClinic", "MedicalBusiness", "MedicalOrganization", "LocalBusiness",
	"DaySpa", "HealthAndBeautyBusiness", "BeautySalon", "Dermatology",
	"PlasticSurgery", "MedicalSpa", "HealthClub", NULL,
};

static const char *person_types[] = {
	"Person", "Physician", "IndividualPhysician", "Nurse", NULL,
};

/* Not plain "Article": Joomla and many themes mark every page one. */
static const char *blog_types[] = {
	"BlogPosting", "NewsArticle", "Blog", NULL,
};

struct mwalk {
	struct markup *m;
	size_t nodes;
};

/* A clean, squashed, bounded copy of s (NULL for NULL or empty). */
static char *
clean(const char *s)
{
	char *a = NULL, *b = NULL, *c = NULL;

	if (s == NULL)
		return NULL;
	a = text_utf8_clean(s, strnlen(s, MARKUP_MAX_FIELD * 4));
	b = text_squash_space(a);
	c = text_truncate(b, MARKUP_MAX_FIELD);
	free(a);
	free(b);
	if (c[0] == '\0') {
		free(c);
		return NULL;
	}
	return c;
}

/* The last segment of a type or URL: "https://schema.org/Dermatology". */
static const char *
short_type(const char *t)
{
	const char *p = strrchr(t, '/');

	if (p == NULL)
		p = strrchr(t, ':');
	return p != NULL ? p + 1 : t;
}

static bool
type_in(json_object *o, const char **list)
{
	json_object *t = NULL;
	size_t i, j, n;

	if (!json_object_object_get_ex(o, "@type", &t))
		return false;
	n = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
	for (i = 0; i < n; i++) {
		json_object *e = json_object_is_type(t, json_type_array) ?
		                 json_object_array_get_idx(t, i) : t;
		if (!json_object_is_type(e, json_type_string))
			continue;
		for (j = 0; list[j] != NULL; j++)
			if (strcasecmp(short_type(json_object_get_string(e)), list[j]) == 0)
				return true;
	}
	return false;
}

/* A property as text: a string, a number, the "name" of an object, or
 * the values of an array joined by sep. NULL when none. */
static char *
prop_text(json_object *o, const char *key, const char *sep)
{
	json_object *v = NULL;
	struct buf b = BUF_INIT;
	size_t i, n;
	char *r = NULL;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return NULL;
	buf_init(&b, MARKUP_MAX_FIELD * 4);
	n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 1;
	for (i = 0; i < n && i < 32; i++) {
		json_object *e = json_object_is_type(v, json_type_array) ?
		                 json_object_array_get_idx(v, i) : v, *nm = NULL;
		const char *s = NULL;

		if (e == NULL)
			continue;
		if (json_object_is_type(e, json_type_string) || json_object_is_type(e, json_type_int) ||
		    json_object_is_type(e, json_type_double))
			s = json_object_get_string(e);
		else if (json_object_is_type(e, json_type_object) &&
		         (json_object_object_get_ex(e, "name", &nm) ||
		          json_object_object_get_ex(e, "credentialCategory", &nm)) &&
		         json_object_is_type(nm, json_type_string))
			s = json_object_get_string(nm);
		if (s == NULL || s[0] == '\0')
			continue;
		if (strncmp(s, "http", 4) == 0)
			s = short_type(s);   /* "https://schema.org/Dermatology" */
		/* what passes the cap is not read: clean() keeps less anyway */
		if ((b.len > 0 && buf_puts(&b, sep) < 0) || buf_puts(&b, s) < 0)
			break;
	}
	if (b.len > 0)
		r = clean(buf_str(&b));
	buf_release(&b);
	return r;
}

static double
prop_number(json_object *o, const char *key, bool *ok)
{
	json_object *v = NULL;
	const char *s = NULL;
	char *end = NULL;
	double d = 0;

	*ok = false;
	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)) {
		d = json_object_get_double(v);
		*ok = true;
	} else if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		d = strtod(s, &end);
		*ok = end != s;
	}
	if (!isfinite(d))
		*ok = false;
	return d;
}

static char *
state_code(const char *s)
{
	const char *c = address_state_code(s);

	return c != NULL ? xstrdup(c) : NULL;
}

static bool
canada(const char *country)
{
	return strcasecmp(country, "CA") == 0 || strcasecmp(country, "CAN") == 0 ||
	       strcasecmp(country, "Canada") == 0;
}

/* An address in Canada (addressCountry Canada, or none and a province
 * with a postal code of its own): l->state the province's code, from
 * the region or else the postal code, l->zip the postal code as mailed.
 * No US state is guessed for it: "ON" or "BC" is no state's code, and
 * "CA" there is the country. False, l untouched, for any other. */
static bool
canadian(const char *country, const char *region, struct fact_location *l)
{
	char postal[8];
	const char *code = provinces_code(region);

	if (!provinces_postal(l->zip, postal))
		return false;
	if (country == NULL && (code == NULL || !provinces_postal_fits(code, postal)))
		return false;
	if (code == NULL || !provinces_postal_fits(code, postal))
		code = provinces_of_postal(postal);
	free(l->zip);
	l->zip = xstrdup(postal);
	l->state = code != NULL ? xstrdup(code) : NULL;
	return true;
}

static void
add_phone(struct markup *m, const char *tel)
{
	char *p = NULL;
	size_t i;

	if (tel == NULL || (p = address_phone_e164(tel)) == NULL)
		return;
	for (i = 0; i < m->n_phones; i++)
		if (strcmp(m->phones[i], p) == 0) {
			free(p);
			return;
		}
	if (m->n_phones >= MARKUP_MAX_ITEMS) {
		free(p);
		return;
	}
	m->phones = xreallocarray(m->phones, m->n_phones + 1, sizeof(*m->phones));
	m->phones[m->n_phones++] = p;
}

/* A location from a PostalAddress object (or an address string) with the
 * owner's telephone and geo. */
static void
add_address(struct markup *m, json_object *addr, json_object *owner)
{
	struct fact_location l;
	json_object *geo = NULL;
	char *country = NULL, *region = NULL, *tel = NULL;
	bool ok1 = false, ok2 = false;
	double lat, lon;

	memset(&l, 0, sizeof(l));
	if (m->n_locs >= MARKUP_MAX_ITEMS)
		return;
	if (json_object_is_type(addr, json_type_string)) {
		const char *s = json_object_get_string(addr);
		if (address_find(m->address, s, strlen(s), &l, 1) == 0)
			return;
	} else if (json_object_is_type(addr, json_type_object)) {
		country = prop_text(addr, "addressCountry", " ");
		if (country != NULL && strcasecmp(country, "US") != 0 && strcasecmp(country, "USA") != 0 &&
		    strcasecmp(country, "United States") != 0 &&
		    strcasecmp(country, "United States of America") != 0 && !canada(country))
			goto out;
		l.street = prop_text(addr, "streetAddress", " ");
		if (l.street != NULL) {
			/* "1200 Congress Ave, Suite 300" as text finds it */
			char *c = l.street, *o = l.street;
			for (; *c != '\0'; c++)
				if (*c != ',')
					*o++ = *c;
			*o = '\0';
		}
		l.city = prop_text(addr, "addressLocality", " ");
		region = prop_text(addr, "addressRegion", " ");
		l.zip = prop_text(addr, "postalCode", " ");
		if (canadian(country, region, &l))
			;   /* a province and a postal code, no US state */
		else if (country != NULL && canada(country))
			goto out;
		else
			l.state = state_code(region);
		if (l.zip != NULL && !(strlen(l.zip) >= 5 && isdigit((unsigned char)l.zip[0])) &&
		    !(l.state != NULL && provinces_code(l.state) != NULL)) {
			free(l.zip);
			l.zip = NULL;
		}
		if (l.street == NULL && l.city == NULL && l.zip == NULL)
			goto out;
		/* a region and a postcode that no US state has together: an
		 * address abroad with no addressCountry ("MA" for Morocco) */
		if (l.state != NULL && l.zip != NULL && !states_zip_fits(l.state, l.zip) &&
		    !provinces_postal_fits(l.state, l.zip))
			goto out;
	} else {
		return;
	}
	if (owner != NULL) {
		if ((tel = prop_text(owner, "telephone", " ")) != NULL)
			l.phone = address_phone_e164(tel);
		if (json_object_object_get_ex(owner, "geo", &geo) &&
		    json_object_is_type(geo, json_type_object)) {
			lat = prop_number(geo, "latitude", &ok1);
			lon = prop_number(geo, "longitude", &ok2);
			if (ok1 && ok2 && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 &&
			    !(lat == 0 && lon == 0)) {
				l.has_geo = true;
				l.lat = lat;
				l.lon = lon;
			}
		}
	}
	{
		struct buf e = BUF_INIT;

		/* four fields of at most MARKUP_MAX_FIELD bytes fit; an address
		 * whose parts pass that is none a clinic gives */
		buf_init(&e, MARKUP_MAX_EVIDENCE);
		if (buf_printf(&e, "%s, %s, %s %s (structured data)", l.street ? l.street : "",
		               l.city ? l.city : "", l.state ? l.state : "", l.zip ? l.zip : "") < 0) {
			buf_release(&e);
			goto out;
		}
		free(l.evidence);   /* address_find's, for an address given as text */
		l.evidence = buf_detach(&e);
	}
	m->locs = xreallocarray(m->locs, m->n_locs + 1, sizeof(*m->locs));
	m->locs[m->n_locs++] = l;
	memset(&l, 0, sizeof(l)); /* transferred */
out:
	free(l.street);
	free(l.city);
	free(l.state);
	free(l.zip);
	free(l.phone);
	free(l.evidence);
	free(country);
	free(region);
	free(tel);
}

static void
add_person(struct markup *m, json_object *o)
{
	struct markup_person p;
	char *given = NULL, *family = NULL;

	memset(&p, 0, sizeof(p));
	if (m->n_persons >= MARKUP_MAX_ITEMS)
		return;
	p.name = prop_text(o, "name", " ");
	if (p.name == NULL) {
		given = prop_text(o, "givenName", " ");
		family = prop_text(o, "familyName", " ");
		if (given != NULL && family != NULL)
			p.name = xasprintf("%s %s", given, family);
		free(given);
		free(family);
	}
	if (p.name == NULL)
		return;
	p.suffix = prop_text(o, "honorificSuffix", ", ");
	p.job_title = prop_text(o, "jobTitle", "; ");
	p.specialty = prop_text(o, "medicalSpecialty", ", ");
	p.credentials = prop_text(o, "hasCredential", "; ");
	p.description = prop_text(o, "description", " ");
	m->persons = xreallocarray(m->persons, m->n_persons + 1, sizeof(*m->persons));
	m->persons[m->n_persons++] = p;
}

/* Properties whose value is another organisation than the clinic (the
 * hospital system it belongs to, a society, a publisher) or a place it
 * serves: their addresses are not the clinic's. */
static const char *other_party_props[] = {
	"parentOrganization", "memberOf", "affiliation", "hospitalAffiliation", "alumniOf",
	"publisher", "author", "brand", "manufacturer", "sponsor", "funder", "review",
	"subjectOf", "areaServed", "serviceArea", "competitor", "knowsAbout", NULL,
};

static bool
other_party_prop(const char *key)
{
	for (size_t i = 0; other_party_props[i] != NULL; i++)
		if (strcmp(key, other_party_props[i]) == 0)
			return true;
	return false;
}

/* other: o is reached through one of other_party_props, so addresses in
 * it are someone else's (people and names are still read). */
static void
walk_json(struct mwalk *w, json_object *o, int depth, bool other)
{
	json_object *addr = NULL;
	size_t i, n;

	if (o == NULL || depth > MARKUP_MAX_DEPTH || ++w->nodes > MARKUP_MAX_NODES)
		return;
	if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			walk_json(w, json_object_array_get_idx(o, i), depth + 1, other);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	if (!other && type_in(o, clinic_types)) {
		char *tel = prop_text(o, "telephone", " ");

		if (w->m->org_name == NULL)
			w->m->org_name = prop_text(o, "name", " ");
		add_phone(w->m, tel);
		free(tel);
	}
	if (depth <= 1 && type_in(o, blog_types))
		w->m->blog = true;
	if (type_in(o, person_types))
		add_person(w->m, o);
	if (!other && type_in(o, (const char *[]){ "PostalAddress", NULL }))
		add_address(w->m, o, NULL);
	if (!other && json_object_object_get_ex(o, "address", &addr) && addr != NULL) {
		if (json_object_is_type(addr, json_type_array)) {
			n = json_object_array_length(addr);
			for (i = 0; i < n && i < MARKUP_MAX_ITEMS; i++)
				add_address(w->m, json_object_array_get_idx(addr, i), o);
		} else {
			add_address(w->m, addr, o);
		}
	}
	json_object_object_foreach(o, key, val) {
		if (strcmp(key, "address") == 0 || val == NULL)
			continue;
		if (json_object_is_type(val, json_type_object) ||
		    json_object_is_type(val, json_type_array))
			walk_json(w, val, depth + 1, other || other_party_prop(key));
	}
}

/* ---- JSON-LD ---- */

static void
jsonld_script(struct mwalk *w, xmlNodePtr script)
{
	xmlChar *text = xmlNodeGetContent(script);
	struct json_tokener *tok = NULL;
	json_object *root = NULL;
	size_t len;

	if (text == NULL)
		return;
	len = strlen((const char *)text);
	if (len == 0 || len > MARKUP_MAX_JSONLD)
		goto out;
	tok = json_tokener_new_ex(MARKUP_MAX_DEPTH);
	root = json_tokener_parse_ex(tok, (const char *)text, (int)len);
	if (root != NULL && json_tokener_get_error(tok) == json_tokener_success)
		walk_json(w, root, 0, false);
out:
	if (root != NULL)
		json_object_put(root);
	if (tok != NULL)
		json_tokener_free(tok);
	xmlFree(text);
}

static void
find_jsonld(struct mwalk *w, xmlNodePtr n, int depth)
{
	xmlNodePtr c = NULL;

	if (depth > 256)
		return;
	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		/* names come lower-cased from the HTML parser */
		if (strcmp((const char *)c->name, "script") == 0) {
			char *type = (char *)xmlGetProp(c, (const xmlChar *)"type");

			if (type != NULL && strcasestr(type, "ld+json") != NULL)
				jsonld_script(w, c);
			xmlFree(type);
			continue;
		}
		find_jsonld(w, c->children, depth + 1);
	}
}

/* ---- microdata ---- */

static char *
attr(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The value of an itemprop element (HTML microdata rules). */
static char *
micro_value(xmlNodePtr n)
{
	const char *name = (const char *)n->name;
	const char *a = NULL;
	char *v = NULL, *r = NULL;

	if (strcasecmp(name, "meta") == 0)
		a = "content";
	else if (strcasecmp(name, "a") == 0 || strcasecmp(name, "link") == 0 ||
	         strcasecmp(name, "area") == 0)
		a = "href";
	else if (strcasecmp(name, "img") == 0 || strcasecmp(name, "source") == 0)
		a = "src";
	else if (strcasecmp(name, "time") == 0)
		a = "datetime";
	else if (strcasecmp(name, "data") == 0 || strcasecmp(name, "meter") == 0)
		a = "value";
	if (a != NULL && (v = attr(n, a)) != NULL) {
		r = clean(v);
		xmlFree(v);
		/* <a itemprop=telephone href="tel:...">: the text reads better */
		if (r != NULL && strncasecmp(r, "tel:", 4) != 0)
			return r;
		free(r);
		r = NULL;
	}
	if ((v = (char *)xmlNodeGetContent(n)) != NULL) {
		if (strlen(v) <= MARKUP_MAX_FIELD * 4)
			r = clean(v);
		xmlFree(v);
	}
	return r;
}

static json_object *micro_item(xmlNodePtr n, int depth);

/* Adds the properties under n (not crossing into other items) to obj. */
static void
micro_props(json_object *obj, xmlNodePtr n, int depth)
{
	xmlNodePtr c = NULL;

	if (depth > 64)
		return;
	for (c = n->children; c != NULL; c = c->next) {
		char *prop = NULL, *save = NULL, *tok = NULL;
		bool scope;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		scope = xmlHasProp(c, (const xmlChar *)"itemscope") != NULL;
		prop = attr(c, "itemprop");
		if (prop == NULL) {
			if (!scope)
				micro_props(obj, c, depth + 1);
			continue;
		}
		for (tok = strtok_r(prop, " \t\n", &save); tok != NULL;
		     tok = strtok_r(NULL, " \t\n", &save)) {
			json_object *val = NULL;

			if (json_object_object_get_ex(obj, tok, NULL))
				continue;   /* the first value of a property wins */
			if (scope) {
				val = micro_item(c, depth + 1);
			} else {
				char *s = micro_value(c);
				if (s != NULL)
					val = json_object_new_string(s);
				free(s);
			}
			if (val != NULL)
				json_object_object_add(obj, tok, val);
		}
		xmlFree(prop);
		if (!scope)
			micro_props(obj, c, depth + 1);
	}
}

static json_object *
micro_item(xmlNodePtr n, int depth)
{
	json_object *obj = json_object_new_object();
	char *type = attr(n, "itemtype");

	if (type != NULL) {
		char *sp = strpbrk(type, " \t\n");
		if (sp != NULL)
			*sp = '\0';
		json_object_object_add(obj, "@type", json_object_new_string(short_type(type)));
		xmlFree(type);
	}
	micro_props(obj, n, depth);
	return obj;
}

/* Top-level items: itemscope without itemprop. */
static void
find_micro(struct mwalk *w, xmlNodePtr n, int depth)
{
	xmlNodePtr c = NULL;

	if (depth > 256)
		return;
	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		bool scope = false, prop = false;

		/* one pass over the attributes, not a lookup per name */
		for (xmlAttrPtr a = c->properties; a != NULL; a = a->next) {
			if (a->name == NULL || a->name[0] != 'i')
				continue;
			if (strcmp((const char *)a->name, "itemscope") == 0)
				scope = true;
			else if (strcmp((const char *)a->name, "itemprop") == 0)
				prop = true;
		}
		if (scope && !prop) {
			json_object *o = micro_item(c, 0);

			walk_json(w, o, 1, false);
			json_object_put(o);
		}
		find_micro(w, c->children, depth + 1);
	}
}

void
markup_collect(xmlDocPtr doc, const struct address_re *address, struct markup *m)
{
	struct mwalk w = { m, 0 };
	xmlNodePtr root = NULL;

	memset(m, 0, sizeof(*m));
	m->address = address;
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL)
		return;
	find_jsonld(&w, root, 0);
	w.nodes = 0;
	find_micro(&w, root, 0);
}

void
markup_release(struct markup *m)
{
	size_t i;

	free(m->org_name);
	for (i = 0; i < m->n_phones; i++)
		free(m->phones[i]);
	free(m->phones);
	for (i = 0; i < m->n_locs; i++) {
		free(m->locs[i].street);
		free(m->locs[i].city);
		free(m->locs[i].state);
		free(m->locs[i].zip);
		free(m->locs[i].phone);
		free(m->locs[i].evidence);
	}
	free(m->locs);
	for (i = 0; i < m->n_persons; i++) {
		free(m->persons[i].name);
		free(m->persons[i].suffix);
		free(m->persons[i].job_title);
		free(m->persons[i].specialty);
		free(m->persons[i].credentials);
		free(m->persons[i].description);
	}
	free(m->persons);
	memset(m, 0, sizeof(*m));
}
