/* fuzz_rules.c: libFuzzer target for the rules file (data/rules.json or a
 * user's own): the input is loaded as a rules file; when it loads, its
 * patterns are run over a fixed page of clinic text and a scan of every
 * set and filter is made, so a pattern that compiles but misbehaves when
 * matched is found too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "common/facts.h"
#include "crawler/html_links.h"
#include "extract/extract.h"
#include "extract/rules.h"
#include "extract/rules_match.h"

static const char page[] =
	"<html><head><title>Glow Med Spa</title></head><body>"
	"<h1>Meet Dr. Maria Lopez, MD, FAAD</h1>"
	"<p>Dr. Lopez is a board-certified dermatologist. We offer Botox, Juvederm and "
	"SkinPen microneedling.</p><p>Ann Reyes, FNP-C, is a nurse practitioner.</p>"
	"<p>We no longer offer CoolSculpting.</p>"
	"<p>1200 Congress Ave, Austin, TX 78701 (512) 555-0100</p></body></html>";

static void
count_hit(void *arg, size_t code, size_t start, size_t end)
{
	(void)code;
	(void)start;
	(void)end;
	(*(size_t *)arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char text[] = "Dr. Maria Lopez, MD, is a board-certified dermatologist; "
	                           "we offer Botox and fillers, not CoolSculpting.";
	struct cd_error err = { 0, "" };
	struct rules *r = NULL;
	struct page_facts f;
	struct html_doc *d = NULL;
	size_t hits = 0;

	if (rules_load_string((const char *)data, size, "fuzz", &r, &err) != 0)
		return 0;
	for (int set = 0; set < RULES_SET_N; set++)
		rules_scan(r, (enum rules_set)set, text, sizeof text - 1, count_hit, &hits);
	for (int fl = 0; fl < RULES_F_N; fl++)
		(void)rules_filter(r, (enum rules_filter)fl, text, sizeof text - 1);
	(void)rules_suffix(r, "MD", 2);
	(void)rules_board_specialty(r, text, sizeof text - 1);
	if ((d = html_parse(page, sizeof page - 1, "http://glow.test/")) != NULL) {
		page_facts_init(&f);
		extract_page(r, d, &f);
		page_facts_release(&f);
		html_free(d);
	}
	rules_free(r);
	return 0;
}
