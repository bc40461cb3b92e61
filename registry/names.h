/* names.h: people's names as registries and clinic sites write them,
 * reduced to keys that compare: "Dr. María José García-López, MD" and
 * "GARCIA LOPEZ, MARIA JOSE" meet at first "maria", last "garcia lopez". */
#ifndef CD_NAMES_H
#define CD_NAMES_H
#include <stdbool.h>
#include <stddef.h>

#define NAMES_MAX_KEY 128

/* The comparable form of a name part: accents folded to ASCII, lower
 * case, hyphens, apostrophes and other punctuation as spaces, spaces
 * squashed, titles ("Dr.", "Dra.", "Mrs.") and generational or credential
 * suffixes ("Jr.", "III", "MD", "PhD") dropped, one-letter initials
 * dropped. Writes at most NAMES_MAX_KEY bytes with the NUL into out;
 * returns out ("" when nothing is left). */
char *names_key(const char *s, char *out);

/* Splits a display name ("Maria J. Lopez", "Dra. Lucía Méndez Ruiz") into
 * the key of its first name and of its surname: the first word, and the
 * rest after middle initials (two words or more after the first name keep
 * the last two: a compound surname or a middle name, both tried by
 * names_surname_match). False when fewer than two words remain. */
bool names_split(const char *display, char *first, char *last);

/* Do two surname keys name the same family? Equal, or one is a whole-word
 * part of the other ("garcia lopez" and "lopez", "de la cruz" and "cruz"). */
bool names_surname_match(const char *a, const char *b);

#endif
