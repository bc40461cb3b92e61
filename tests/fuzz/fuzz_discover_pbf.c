/* fuzz_discover_pbf.c: libFuzzer target for the .osm.pbf side of
 * `clinicdex discover` (libreadosm's PBF reader and our callbacks on what
 * it decodes). The input is written to a temporary .osm.pbf file. The
 * seeds written must hold one site a line, each with its five fields.
 *
 * libreadosm allocates what a blob's header declares (up to 4 GiB) before
 * reading it, which libFuzzer reports as out of memory at once: inputs
 * whose framing declares more than the input holds, or a block larger
 * than the format's 32 MiB, are passed over here. That walk over the
 * framing (PBF's BlobHeader and Blob) is the harness's, not a reader.
 *
 * Not in `make fuzz`'s default set: libreadosm 1.1.0 dereferences NULL
 * on tests/fuzz/crashes/discover_pbf-readosm-segv.osm.pbf (731 bytes).
 * `clinicdex discover` now lets a child process read a .pbf first and
 * refuses the file when the child dies (t0180), but under libFuzzer the
 * child's fault is still reported as the run's. Run it by hand:
 *   make fuzz FUZZ_TARGETS=fuzz_discover_pbf
 *
 * The seed corpus is tests/fuzz/discover_pbf.osm written by osmium, with
 * and without zlib:
 *   osmium cat discover_pbf.osm -o corpus/discover_pbf/clinics.osm.pbf
 *   osmium cat discover_pbf.osm -f pbf,pbf_compression=none \
 *          -o corpus/discover_pbf/clinics-raw.osm.pbf */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "discover/osm.h"

#define PBF_BLOCK_MAX (32u << 20)    /* the format's cap on a block, inflated */

static struct discover_rules *rules;

/* Reads a protobuf varint at *p (below end); false when it runs out. */
static bool
varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; *p < end && shift < 64; shift += 7) {
		uint8_t b = *(*p)++;

		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

/* The size that field `want` (a varint) of the message [p, end) gives, or
 * 0 when it has none; false when the message's framing is broken. */
static bool
message_size(const uint8_t *p, const uint8_t *end, unsigned want, uint64_t *size)
{
	*size = 0;
	while (p < end) {
		uint64_t key = 0, v = 0;

		if (!varint(&p, end, &key))
			return false;
		if ((key & 7) == 0) {          /* a varint */
			if (!varint(&p, end, &v))
				return false;
			if (key >> 3 == want)
				*size = v;
			continue;
		}
		if ((key & 7) == 1)            /* 8 bytes, 4 bytes, or counted */
			v = 8;
		else if ((key & 7) == 5)
			v = 4;
		else if ((key & 7) != 2 || !varint(&p, end, &v))
			return false;
		if (v > (uint64_t)(end - p))
			return false;
		p += v;
	}
	return true;
}

/* True when every blob the input frames fits in it and inflates to at
 * most PBF_BLOCK_MAX. */
static bool
framing_fits(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;

	while (p < end) {
		uint64_t head = 0, body = 0, raw = 0;

		if (end - p < 4)
			return false;
		head = (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 | p[3];
		p += 4;
		if (head > (uint64_t)(end - p) || !message_size(p, p + head, 3, &body))
			return false;
		p += head;
		if (body > (uint64_t)(end - p) || !message_size(p, p + body, 2, &raw) ||
		    raw > PBF_BLOCK_MAX)
			return false;
		p += body;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz_discover_pbf.XXXXXX";
	char named[64], *out = NULL, *line, *save = NULL;
	struct discover_result res;
	struct cd_error err = { 0, "" };
	size_t out_len = 0, lines = 0;
	FILE *f;
	int fd;

	if (!framing_fits(data, size))
		return 0;
	if (rules == NULL && discover_rules_load(getenv("CLINICDEX_RULES"), &rules, &err) != 0)
		abort();
	if ((fd = mkstemp(path)) < 0)
		abort();
	snprintf(named, sizeof named, "%s.osm.pbf", path);
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
