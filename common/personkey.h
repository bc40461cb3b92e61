/* personkey.h: people's names reduced to keys that say "the same person".
 *
 * There are two keys, on purpose, and both are stored:
 *  - the match key (personkey_match) meets a clinic site's name and a
 *    registry's: "Dr. María José García-López, MD" and "GARCIA LOPEZ,
 *    MARIA JOSE" meet at first "maria", last "garcia lopez". It folds
 *    accents, drops titles and suffixes, and is stored in the registry
 *    tables (npi_providers, licenses: first_key, last_key).
 *  - the store key (personkey_store) says which names on one clinic's
 *    pages are one practitioner; it is practitioners.name_key, under
 *    UNIQUE (clinic_id, name_key) in every directory already written. It
 *    keeps accents: the names it compares come from one site, which spells
 *    its own people one way, and folding them now would need a migration
 *    merging the practitioner rows (and their claims and verdicts) of
 *    existing directories. tests/unit/test_registry.c pins the difference.
 * Both drop middle initials and fold case and punctuation. */
#ifndef CD_PERSONKEY_H
#define CD_PERSONKEY_H
#include <stdbool.h>
#include <stddef.h>

#define PERSONKEY_MAX 128

/* The words written around a person's name that are no part of it, for
 * every reader of names (common/personkey.c keys, extract/names.c
 * mentions, extract/visible.c sentence ends): one table in personkey.c. */
enum {
	PERSONKEY_TITLE = 1 << 0,       /* before the name: "Mrs.", "Prof." */
	PERSONKEY_DOCTOR = 1 << 1,      /* a doctor's title: "Dr.", "Dra.", "Dre" */
	PERSONKEY_GENERATION = 1 << 2,  /* after the name: "Jr.", "III" */
	PERSONKEY_ABBREV = 1 << 3,      /* written with a dot that ends no sentence */
};

/* The PERSONKEY_* flags of w[0..n) ("Dr.", "DR", "dra", "Jr."; one
 * trailing dot allowed, case ignored), 0 when it is none of those words. */
unsigned personkey_title(const char *w, size_t n);

/* The folding both keys and the organisation key (common/orgkey.h) start
 * from: accents folded to ASCII (U+00C0..U+017F), lower case, an
 * apostrophe dropped ("O'Brien" one word), every other character that is
 * not a letter or digit a space. Writes at most cap bytes with the NUL;
 * returns the length. */
size_t personkey_fold(const char *s, char *out, size_t cap);

/* The comparable form of a name part: accents folded to ASCII, lower
 * case, hyphens, apostrophes and other punctuation as spaces, spaces
 * squashed, titles ("Dr.", "Dra.", "Mrs.") and generational or credential
 * suffixes ("Jr.", "III", "MD", "PhD") dropped, one-letter initials
 * dropped. Writes at most PERSONKEY_MAX bytes with the NUL into out;
 * returns out ("" when nothing is left). */
char *personkey_match(const char *s, char *out);

/* Splits a display name ("Maria J. Lopez", "Dra. Lucía Méndez Ruiz") into
 * the key of its first name and of its surname: the first word, and the
 * rest after middle initials (two words or more after the first name keep
 * the last two: a compound surname or a middle name, both tried by
 * personkey_surname_match). False when fewer than two words remain. */
bool personkey_split(const char *display, char *first, char *last);

/* Do two surname keys name the same family? Equal, or one is a whole-word
 * part of the other ("garcia lopez" and "lopez", "de la cruz" and "cruz"). */
bool personkey_surname_match(const char *a, const char *b);

/* The store key of a practitioner's display name (allocated): ASCII lower
 * case, every run of characters that are not letters or digits
 * (non-ASCII UTF-8 counts as letters, so accents stay) turned into one
 * space, trimmed, middle initials dropped: "Maria  Lopez-Díaz" gives
 * "maria lopez díaz", "Julian R. Marchbanks" "julian marchbanks". */
char *personkey_store(const char *name);

#endif
