/* pages.c: the kinds of page a URL path tells (see pages.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/xalloc.h"
#include "extract/pages.h"

#define PAGES_MAX_WORDS   256   /* words of one kind */
#define PAGES_MAX_WORDLEN 128   /* bytes of one word */

struct pages {
	char **words[PAGES_N];   /* per kind: NULL-terminated, or NULL */
};

static const char *const pages_keys[PAGES_N] = { "blog", "silent", "shop", "education" };

static int
pages_read_kind(json_object *arr, const char *name, const char *key, char ***out,
                struct cd_error *err)
{
	size_t n;

	if (!json_object_is_type(arr, json_type_array))
		return cd_error_set(err, CD_EPARSE, "%s: pages.%s is not a list", name, key);
	n = json_object_array_length(arr);
	if (n > PAGES_MAX_WORDS)
		return cd_error_set(err, CD_EPARSE, "%s: pages.%s has more than %d words", name, key,
		                    PAGES_MAX_WORDS);
	*out = xcalloc(n + 1, sizeof **out);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		const char *s = json_object_is_type(e, json_type_string) ? json_object_get_string(e)
		                                                         : NULL;

		if (s == NULL || s[0] == '\0' || strlen(s) > PAGES_MAX_WORDLEN)
			return cd_error_set(err, CD_EPARSE,
			                    "%s: pages.%s word %zu is not a text of 1 to %d bytes", name,
			                    key, i + 1, PAGES_MAX_WORDLEN);
		(*out)[i] = xstrdup(s);
	}
	return 0;
}

int
pages_read(json_object *root, const char *name, struct pages **out, struct cd_error *err)
{
	struct pages *pg = NULL;
	json_object *o = NULL, *v = NULL;
	int ret = 0;

	*out = NULL;
	if (!json_object_object_get_ex(root, "pages", &o))
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return cd_error_set(err, CD_EPARSE, "%s: \"pages\" is not an object", name);
	pg = xcalloc(1, sizeof *pg);
	for (int k = 0; k < PAGES_N; k++) {
		if (!json_object_object_get_ex(o, pages_keys[k], &v))
			continue;
		if ((ret = pages_read_kind(v, name, pages_keys[k], &pg->words[k], err)) < 0)
			goto out;
	}
	*out = pg;
	pg = NULL; /* transferred */
out:
	pages_free(pg);
	return ret;
}

void
pages_free(struct pages *pg)
{
	if (pg == NULL)
		return;
	for (int k = 0; k < PAGES_N; k++) {
		for (size_t i = 0; pg->words[k] != NULL && pg->words[k][i] != NULL; i++)
			free(pg->words[k][i]);
		free(pg->words[k]);
	}
	free(pg);
}

enum pages_kind
pages_kind(const struct pages *pg, const char *url)
{
	const char *p = url != NULL ? strstr(url, "://") : NULL;

	p = p != NULL ? strchr(p + 3, '/') : NULL;
	if (pg == NULL || p == NULL)
		return PAGES_N;
	for (int k = 0; k < PAGES_N; k++)
		for (size_t i = 0; pg->words[k] != NULL && pg->words[k][i] != NULL; i++)
			if (strcasestr(p, pg->words[k][i]) != NULL)
				return (enum pages_kind)k;
	return PAGES_N;
}
