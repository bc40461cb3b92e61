/* fuzz_gazetteer.c: libFuzzer target for the Census gazetteer reader: the
 * input is a whole file; every good record's name is also keyed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "index/places.h"

static int
record(const struct places_record *r, void *arg)
{
	char *key = places_key(r->name, true);

	(void)arg;
	if (strlen(r->geoid) > 7 || r->lat < -90 || r->lat > 90 || r->lon < -180 || r->lon > 180)
		abort();
	free(key);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct places_report rep;
	struct cd_error err = { 0, "" };
	struct place_query q;
	char text[256];
	double miles = 0;
	FILE *fp = NULL;

	if (size == 0)
		return 0;
	fp = fmemopen((void *)data, size, "r");
	if (fp == NULL)
		return 0;
	places_read(fp, record, NULL, &rep, &err);
	if (rep.records + rep.malformed > rep.lines)
		abort();
	fclose(fp);
	/* the same bytes as what a user might type after --near / --radius */
	memcpy(text, data, size < sizeof text - 1 ? size : sizeof text - 1);
	text[size < sizeof text - 1 ? size : sizeof text - 1] = '\0';
	places_parse(text, &q, &err);
	places_parse_radius(text, &miles, &err);
	return 0;
}
