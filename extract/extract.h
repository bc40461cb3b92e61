/* extract.h: from a parsed page to what it claims (common/facts.h). */
#ifndef CD_EXTRACT_H
#define CD_EXTRACT_H
#include "common/facts.h"
#include "extract/html.h"
#include "extract/rules.h"

/* Fills facts (already page_facts_init'ed) from d: visible text split
 * into sentences; credentials and services by the rules; practitioner
 * names with suffix credentials; clinic name, phone and US addresses from
 * text, JSON-LD and microdata. Evidence is the sentence each claim came
 * from. Returns 0; never fails on bad input (it just finds less). */
int extract_page(const struct rules *r, const struct html_doc *d, struct page_facts *facts);

#endif
