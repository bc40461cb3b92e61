/* prefilter.h: "does this pattern match anywhere in this text?", asked of
 * many short texts, as cheaply as pcre2 allows. Private to extract/.
 *
 * An unanchored search of an alternation of many patterns tries every
 * branch at every position of the text. A prefilter instead tries its
 * pattern, anchored, only at the positions where a match could begin:
 * at bytes pcre2 says it can start with (PCRE2_INFO_FIRSTBITMAP), not
 * inside a word when every branch began with \b, and not at a word whose
 * first three letters no branch can begin with (a table made at build
 * time with pcre2's own partial matching). The answer is that of
 * pcre2_match of the pattern over the whole text: the pruning only skips
 * positions where no match can begin. */
#ifndef CD_PREFILTER_H
#define CD_PREFILTER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

struct prefilter;

/* Branches past this many are not told apart by prefilter_scan. */
#define PREFILTER_MAX_BRANCHES 255

/* What begins a join whose branches all began with \b (which the
 * branches then drop): under PCRE2_CASELESS it matches nowhere between
 * two ASCII word bytes. */
#define PREFILTER_WORD_START "(?:(?<![a-z0-9_])|(?![a-z0-9_]))"

/* The join [PREFILTER_WORD_START](?|(?:br[0])|(?:br[1])...) compiled with
 * the pcre2 options opts (PCRE2_UTF expected), and its tables; NULL when
 * it does not compile. */
struct prefilter *prefilter_new(const char *const *br, size_t n, uint32_t opts,
                                bool word_start);
void prefilter_free(struct prefilter *pf);

/* Does the pattern match in s[0..n) (valid UTF-8), as pcre2_match from
 * offset 0 would say? md: match data of the caller's thread. A limit
 * reached counts as a match: the caller then takes the long way. */
bool prefilter_match(const struct prefilter *pf, const char *s, size_t n,
                     pcre2_match_data *md);
/* The same with the caller's match context mc (limits; no callout set),
 * answering as pcre2_match: 1 for a match, PCRE2_ERROR_NOMATCH, or the
 * error (a limit) met at the first position that did not fail. */
int prefilter_search(const struct prefilter *pf, const char *s, size_t n,
                     pcre2_match_data *md, pcre2_match_context *mc);

/* The same question, and which branches match somewhere: hit[i] (of
 * n_br, the count given to prefilter_new) is set when branch i matches at
 * some position of s[0..n) (every one when a limit is reached, or past
 * PREFILTER_MAX_BRANCHES). mc: a match context of the caller's thread;
 * its callout is used and cleared. */
bool prefilter_scan(const struct prefilter *pf, size_t n_br, const char *s, size_t n,
                    pcre2_match_data *md, pcre2_match_context *mc, uint8_t *hit);

#endif
