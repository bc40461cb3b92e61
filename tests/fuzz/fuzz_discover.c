/* fuzz_discover.c: libFuzzer target for the OpenStreetMap reader of
 * `clinicdex discover`. libreadosm reads files, so the input is written to
 * a temporary .osm (XML) file. The seeds written must hold one site a
 * line, each with its five fields. Not .pbf: libreadosm allocates the
 * size a PBF blob header declares (up to 4 GiB) before reading it, which
 * the fuzzer reports as out of memory at once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "discover/osm.h"

static struct discover_rules *rules;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz_discover.XXXXXX";
	char named[64], *out = NULL, *line, *save = NULL;
	struct discover_result res;
	struct cd_error err = { 0, "" };
	size_t out_len = 0, lines = 0;
	FILE *f;
	int fd;

	if (rules == NULL && discover_rules_load(getenv("CLINICDEX_RULES"), &rules, &err) != 0)
		abort();
	if ((fd = mkstemp(path)) < 0)
		abort();
	snprintf(named, sizeof named, "%s.osm", path);
	if (write(fd, data, size) != (ssize_t)size || rename(path, named) != 0)
		abort();
	close(fd);
	if (discover_osm(named, rules, &res, &err) == 0) {
		f = open_memstream(&out, &out_len);
		if (discover_write_seeds(f, &res, &err) != 0)
			abort();
		fclose(f);
		for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			size_t tabs = 0;

			if (line[0] == '#')
				continue;
			for (const char *p = line; *p; p++)
				tabs += *p == '\t';
			if (tabs != 4)
				abort();
			lines++;
		}
		if (lines != res.n_seeds)
			abort();
		free(out);
	}
	discover_result_release(&res);
	unlink(named);
	return 0;
}
