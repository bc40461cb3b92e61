/* text.h: making hostile text safe to store, print and compare.
 * Every string from the web passes through here before it is stored
 * (text_utf8_clean) or printed (text_for_terminal). */
#ifndef CD_TEXT_H
#define CD_TEXT_H
#include <stddef.h>
#include <stdbool.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool text_utf8_valid(const char *s, size_t n);
/* A new NUL-terminated copy of s[0..n) where every invalid UTF-8 sequence
 * and every NUL byte becomes U+FFFD. Caller frees. */
char *text_utf8_clean(const char *s, size_t n);
/* A new copy with C0 controls (except \n and \t when keep_newlines),
 * DEL and C1 controls (U+0080..U+009F) removed, so printing it cannot
 * move the cursor or change the terminal. Input must be valid UTF-8
 * (run text_utf8_clean first). Caller frees. */
char *text_for_terminal(const char *s, bool keep_newlines);
/* A new copy with runs of Unicode/ASCII whitespace (incl. U+00A0) turned
 * into one space and leading/trailing space removed. Caller frees. */
char *text_squash_space(const char *s);
/* The one-pass sum of the above for one line of stored text: a new copy
 * of s[0..n) with invalid UTF-8 as U+FFFD, controls (NUL, C0, DEL, C1)
 * removed, whitespace runs squashed to one space and trimmed, cut to at
 * most max bytes at a character boundary. Caller frees. */
char *text_clean_line(const char *s, size_t n, size_t max);
/* For data written out (CSV, JSON): NULL when s is already well-formed
 * UTF-8 free of controls other than \n (the common case, no copy); else
 * a new copy with invalid UTF-8 as U+FFFD, each tab a space (spreadsheets
 * drop tabs inside a cell), and the other C0 controls, DEL and C1
 * controls removed. Caller frees. */
char *text_for_export(const char *s);
/* A new copy cut to at most max bytes, never inside a UTF-8 sequence.
 * Caller frees. */
char *text_truncate(const char *s, size_t max);
/* For one line of a message that may quote hostile input (an error
 * naming a file's line or an argument): a new copy with invalid UTF-8 as
 * U+FFFD, every control removed (newlines too), each run of non-space
 * longer than max_word bytes cut to its start, an ellipsis and its
 * closing quote or bracket, and, when still over max_len bytes, its middle
 * cut to an ellipsis so both ends stay. Never cuts inside a UTF-8
 * sequence. Caller frees. */
char *text_for_message(const char *s, size_t max_word, size_t max_len);
/* ASCII case-insensitive prefix test. */
bool text_has_prefix_ci(const char *s, const char *prefix);
/* A host name (UTF-8) as it goes on the wire: ASCII lower case, an IDN in
 * its "xn--" form by libidn2 as curl does when it connects (IDNA2008 with
 * TR46 non-transitional mapping, transitional as curl's fallback), so
 * "MÜNCHEN.test", "münchen.test" and "xn--mnchen-3ya.test" are one host.
 * NULL when it is no valid IDN. Caller frees. */
char *text_host_ascii(const char *host);

#endif
