/* robots.h: robots.txt rules for one agent (RFC 9309).
 * The groups naming our product token (else the "*" groups), merged;
 * Allow/Disallow with '*' and a final '$', the longest match wins and
 * Allow wins a tie; paths and patterns compared percent-normalised.
 * Crawl-delay and Sitemap lines are kept. */
#ifndef CD_ROBOTS_H
#define CD_ROBOTS_H
#include <stdbool.h>
#include <stddef.h>

struct robots;

/* Parses body[0..len) (at most 500 KiB are read) for agent, a user agent
 * string whose product token ("clinicdex" in "clinicdex/0.1 (+url)") picks
 * the group. Never fails: garbage yields no rules. Free with robots_free. */
struct robots *robots_parse(const char *body, size_t len, const char *agent);
/* Rules for a site without robots.txt (404 etc.): allow everything. */
struct robots *robots_allow_all(void);
/* Rules for a site whose robots.txt could not be read (5xx): deny all. */
struct robots *robots_deny_all(void);
void robots_free(struct robots *r);

/* Whether path_query ("/team?x=1") may be fetched. When line is not NULL
 * it receives the number of the deciding line (0 when no rule matched) and
 * rule a pointer to its text ("Disallow: /private"), owned by r. */
bool robots_allowed(const struct robots *r, const char *path_query,
                    int *line, const char **rule);
/* Crawl-delay for our group in milliseconds, or -1 when none is given. */
long robots_crawl_delay_ms(const struct robots *r);
size_t robots_sitemap_count(const struct robots *r);
const char *robots_sitemap(const struct robots *r, size_t i);

#endif
