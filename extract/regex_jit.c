/* regex_jit.c: see regex_jit.h. */
#include <stdlib.h>
#include "extract/regex_jit.h"

void
regex_jit(pcre2_code *re)
{
	const char *off = getenv("CLINICDEX_NO_JIT");

	if (re != NULL && (off == NULL || off[0] == '\0'))
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}
