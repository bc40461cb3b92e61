/* regex_jit.h: JIT compilation of pcre2 patterns, with a way out for
 * memory checkers. */
#ifndef CD_REGEX_JIT_H
#define CD_REGEX_JIT_H
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/* JIT-compiles re (a failure leaves it to the interpreter), unless the
 * environment sets CLINICDEX_NO_JIT: valgrind cannot follow JIT code and
 * reports false errors inside it (make check-valgrind sets it). */
void regex_jit(pcre2_code *re);

#endif
