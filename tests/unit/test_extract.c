/* test_extract.c: from small HTML pages to facts: practitioners with
 * suffixes, board sentences, clinic-level claims, structured data, and
 * the many things that are not claims. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "common/buf.h"
#include "crawler/html_links.h"
#include "extract/extract.h"
#include "extract/rules.h"

static struct rules *rules;

static int
setup(void **state)
{
	const char *p = getenv("CLINICDEX_RULES");
	struct cd_error err = { 0, "" };

	(void)state;
	if (rules_load(p != NULL && p[0] != '\0' ? p : "data/rules.json", &rules, &err) < 0) {
		fprintf(stderr, "# %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rules_free(rules);
	return 0;
}

/* Extracts html as if fetched from url into f. */
static void
run(const char *url, const char *html, struct page_facts *f)
{
	struct html_doc *d = html_parse(html, strlen(html), url);

	assert_non_null(d);
	page_facts_init(f);
	assert_int_equal(extract_page(rules, d, f), 0);
	html_free(d);
}

static int
pract(const struct page_facts *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n_practitioners; i++)
		if (strcmp(f->practitioners[i].name, name) == 0)
			return (int)i;
	return -2;
}

/* The claim of code for practitioner who (NULL: the clinic), or NULL. */
static const struct fact_claim *
claim(const struct page_facts *f, const char *code, const char *who)
{
	int p = who != NULL ? pract(f, who) : -1;
	size_t i;

	for (i = 0; i < f->n_claims; i++)
		if (strcmp(f->claims[i].code, code) == 0 && f->claims[i].practitioner == p)
			return &f->claims[i];
	return NULL;
}

static bool
any_claim(const struct page_facts *f, const char *code)
{
	size_t i;

	for (i = 0; i < f->n_claims; i++)
		if (strcmp(f->claims[i].code, code) == 0)
			return true;
	return false;
}

static void
test_suffix_practitioners(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/team",
	    "<h3>Maria Lopez, MD, FAAD</h3><h3>Kim Tran FNP-C</h3>"
	    "<p>Dr. Samuel Reyes, DO sees patients on Mondays.</p>"
	    "<h3>Ann Bell, RN, BSN</h3><h3>Lena Park, LE</h3><h3>Carlos Ibáñez, M.D.</h3>", &f);
	assert_int_equal(pract(&f, "Maria Lopez"), 0);
	assert_non_null(claim(&f, "md", "Maria Lopez"));
	assert_non_null(claim(&f, "faad", "Maria Lopez"));
	assert_non_null(claim(&f, "np", "Kim Tran"));
	assert_non_null(claim(&f, "do", "Samuel Reyes"));
	assert_non_null(claim(&f, "rn", "Ann Bell"));
	assert_non_null(claim(&f, "esthetician", "Lena Park"));
	assert_non_null(claim(&f, "md", "Carlos Ibáñez"));
	assert_string_equal(claim(&f, "md", "Maria Lopez")->evidence, "Maria Lopez, MD, FAAD");
	assert_int_equal(f.n_practitioners, 6);
	page_facts_release(&f);
}

static void
test_board_sentence_attaches(void **state)
{
	struct page_facts f;

	(void)state;
	/* a name that ends its sentence; "our board-certified ..." is the
	 * clinic's claim too, a founder's board only his */
	run("http://kaimana.test/",
	    "<p>At Kaimana, every treatment plan is overseen by our board-certified plastic "
	    "surgeon, Dr. Keoni Akana.</p>", &f);
	assert_non_null(claim(&f, "board-plastic-surgery", "Keoni Akana"));
	assert_non_null(claim(&f, "board-plastic-surgery", NULL));
	page_facts_release(&f);
	run("http://limestone.test/",
	    "<p>We were founded by Dr. Bennett Hargrove, a board-certified plastic surgeon.</p>", &f);
	assert_non_null(claim(&f, "board-plastic-surgery", "Bennett Hargrove"));
	assert_null(claim(&f, "board-plastic-surgery", NULL));
	page_facts_release(&f);

	run("http://glow.test/team",
	    "<h3>Maria Lopez, MD</h3><h3>Alan Mercer, MD</h3>"
	    "<p>Dr. Lopez is board certified by the American Board of Dermatology. "
	    "Dr. Mercer is board certified by the American Board of Family Medicine.</p>", &f);
	assert_non_null(claim(&f, "board-dermatology", "Maria Lopez"));
	assert_null(claim(&f, "board-dermatology", "Alan Mercer"));
	assert_non_null(claim(&f, "board-other", "Alan Mercer"));
	assert_string_equal(claim(&f, "board-dermatology", "Maria Lopez")->evidence,
	                    "Dr. Lopez is board certified by the American Board of Dermatology.");
	page_facts_release(&f);
}

static void
test_card_attaches(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/team",
	    "<div class='team-card'><h3>Maria Lopez, MD</h3><p>Board-certified dermatologist</p></div>"
	    "<div class='team-card'><h3>Kim Tran, NP-C</h3><p>She is a certified aesthetic nurse"
	    " specialist.</p></div>"
	    "<div class='card'><h3>Hannah Lee</h3><p>Hannah is a licensed aesthetician.</p></div>", &f);
	assert_non_null(claim(&f, "board-dermatology", "Maria Lopez"));
	assert_null(claim(&f, "board-dermatology", "Kim Tran"));
	assert_non_null(claim(&f, "cans", "Kim Tran"));
	assert_non_null(claim(&f, "esthetician", "Hannah Lee"));
	page_facts_release(&f);
}

static void
test_clinic_level(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/",
	    "<p>Our board-certified dermatologists treat skin cancer. We use the FDA-cleared"
	    " SkinPen device.</p><p>All of our providers are board certified.</p>", &f);
	assert_non_null(claim(&f, "board-dermatology", NULL));
	assert_non_null(claim(&f, "fda-cleared-device", NULL));
	assert_non_null(claim(&f, "board-unspecified", NULL));
	assert_non_null(claim(&f, "microneedling", NULL));
	assert_int_equal(f.n_practitioners, 0);
	page_facts_release(&f);
}

static void
test_jsonld_graph(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/",
	    "<html><head><title>Home | Something</title><script type='application/ld+json'>"
	    "{\"@context\":\"https://schema.org\",\"@graph\":["
	    "{\"@type\":\"MedicalClinic\",\"name\":\"Glow Dermatology\",\"telephone\":\"(512) 555-0142\","
	    " \"address\":{\"@type\":\"PostalAddress\",\"streetAddress\":\"1200 Congress Ave, Suite 300\","
	    " \"addressLocality\":\"Austin\",\"addressRegion\":\"TX\",\"postalCode\":\"78701\"},"
	    " \"geo\":{\"latitude\":\"30.27\",\"longitude\":-97.74},"
	    " \"employee\":[{\"@type\":\"Physician\",\"name\":\"Maria Lopez\","
	    "  \"honorificSuffix\":\"MD, FAAD\",\"jobTitle\":\"Board-Certified Dermatologist\"}]}]}"
	    "</script></head><body><p>Hello.</p></body></html>", &f);
	assert_string_equal(f.clinic_name, "Glow Dermatology");
	assert_int_equal(f.clinic_name_rank, FACT_NAME_MARKUP);
	assert_string_equal(f.clinic_phone, "+15125550142");
	assert_int_equal(f.n_locations, 1);
	assert_string_equal(f.locations[0].street, "1200 Congress Ave Suite 300");
	assert_string_equal(f.locations[0].zip, "78701");
	assert_true(f.locations[0].has_geo);
	assert_true(f.locations[0].lat > 30.2 && f.locations[0].lon < -97.7);
	assert_non_null(claim(&f, "md", "Maria Lopez"));
	assert_non_null(claim(&f, "faad", "Maria Lopez"));
	assert_non_null(claim(&f, "board-dermatology", "Maria Lopez"));
	assert_string_equal(claim(&f, "md", "Maria Lopez")->evidence,
	                    "Maria Lopez, MD, FAAD (structured data)");
	page_facts_release(&f);
}

/* A jobTitle long enough to pass the old 1 KiB evidence buffer: the claim
 * still quotes it (cut to the evidence cap), not an empty string. */
static void
test_jsonld_long_job_title(void **state)
{
	struct page_facts f;
	struct buf html = BUF_INIT;
	const struct fact_claim *c = NULL;

	(void)state;
	buf_init(&html, 0);
	assert_int_equal(buf_puts(&html, "<html><head><script type='application/ld+json'>"
	                          "{\"@context\":\"https://schema.org\",\"@type\":\"Physician\","
	                          "\"name\":\"Maria Lopez\",\"jobTitle\":\"Board-Certified "
	                          "Dermatologist."), 0);
	for (int i = 0; i < 60; i++)
		assert_int_equal(buf_puts(&html, " She sees patients on weekdays."), 0);
	assert_int_equal(buf_puts(&html, "\"}</script></head><body><p>Hello.</p></body></html>"), 0);
	run("http://glow.test/", buf_str(&html), &f);
	c = claim(&f, "board-dermatology", "Maria Lopez");
	assert_non_null(c);
	assert_true(strncmp(c->evidence, "Maria Lopez: Board-Certified Dermatologist. She",
	                    strlen("Maria Lopez: Board-Certified Dermatologist. She")) == 0);
	page_facts_release(&f);
	buf_release(&html);
}

/* A board is a code with "board": true, whatever its name: a named board
 * of a user's rules file says more than "board certified" of the same
 * person, as "board-dermatology" does. */
static void
test_user_board_subsumes(void **state)
{
	static const char json[] =
		"{\"codes\": ["
		" {\"kind\": \"credential\", \"code\": \"board-unspecified\", \"label\": \"Board\","
		"  \"board\": true},"
		" {\"kind\": \"credential\", \"code\": \"abfas\", \"label\": \"ABFAS\", \"board\": true,"
		"  \"patterns\": [\"\\\\bAmerican Board of Facial Aesthetic Surgery\\\\b\"]}],"
		" \"boards\": {\"certified\": [\"\\\\bboard[- ]?certified\\\\b\"],"
		"  \"unspecified\": \"board-unspecified\"}}";
	struct cd_error err = { 0, "" };
	struct rules *user = NULL, *saved = rules;
	struct page_facts f;

	(void)state;
	assert_int_equal(rules_load_string(json, strlen(json), "user", &user, &err), 0);
	rules = user;
	run("http://glow.test/team",
	    "<p>Dr. Ann Reyes is board certified.</p>"
	    "<p>Dr. Reyes is certified by the American Board of Facial Aesthetic Surgery.</p>", &f);
	rules = saved;
	assert_non_null(claim(&f, "abfas", "Ann Reyes"));
	assert_null(claim(&f, "board-unspecified", "Ann Reyes"));
	page_facts_release(&f);
	rules_free(user);
}

static void
test_microdata_address(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/contact",
	    "<div itemscope itemtype='https://schema.org/DaySpa'><span itemprop='name'>Glow Spa</span>"
	    "<div itemprop='address' itemscope itemtype='https://schema.org/PostalAddress'>"
	    "<span itemprop='streetAddress'>3455 Fifth Ave</span>, "
	    "<span itemprop='addressLocality'>San Diego</span>, "
	    "<span itemprop='addressRegion'>California</span> "
	    "<span itemprop='postalCode'>92103</span></div>"
	    "<a itemprop='telephone' href='tel:+16195550128'>(619) 555-0128</a></div>", &f);
	assert_string_equal(f.clinic_name, "Glow Spa");
	assert_int_equal(f.n_locations, 1);
	assert_string_equal(f.locations[0].city, "San Diego");
	assert_string_equal(f.locations[0].state, "CA");
	assert_string_equal(f.clinic_phone, "+16195550128");
	page_facts_release(&f);
}

static void
test_not_claims(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/about",
	    "<p>Always choose a board-certified dermatologist for Botox.</p>"
	    "<p>We no longer offer CoolSculpting.</p>"
	    "<p>My dermatologist referred me for a chemical peel.</p>"
	    "<p>Dr. Kay trained under a board-certified plastic surgeon.</p>"
	    "<p>Try our Botox mask at home.</p>"
	    "<blockquote>I loved my HydraFacial!</blockquote>", &f);
	assert_int_equal(f.n_claims, 0);
	page_facts_release(&f);
}

static void
test_hidden_text(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/",
	    "<html><head><title>Glow Dermatology</title></head><body>"
	    "<!-- <p>500 Oak St, Austin, TX 78701</p> -->"
	    "<script>var s = 'Maria Lopez, MD offers Botox at 9 Elm St, Austin, TX 78702';</script>"
	    "<p hidden>We offer Kybella.</p><div style='display: none'>We offer Sculptra.</div>"
	    "<p>Lorem ipsum dolor, 123 Main St, Anytown, TX 78703.</p>"
	    "<p>Welcome.</p></body></html>", &f);
	assert_int_equal(f.n_locations, 0);
	assert_int_equal(f.n_practitioners, 0);
	assert_int_equal(f.n_claims, 0);
	assert_string_equal(f.clinic_name, "Glow Dermatology");
	assert_int_equal(f.clinic_name_rank, FACT_NAME_TITLE);
	page_facts_release(&f);
}

/* Links: resolved, in document order, each once, nofollow and mailto
 * skipped, at most 10,000 a page, however many rehashes that takes. */
static void
test_links(void **state)
{
	struct buf html;
	struct html_doc *d;
	char **links = NULL;
	size_t n = 0, i;

	(void)state;
	buf_init(&html, 0);
	buf_puts(&html, "<html><body><a href='/team'>t</a><a href='mailto:x@y.test'>m</a>"
	                "<a rel='nofollow' href='/private'>p</a><a href='team'>again</a>");
	for (i = 0; i < 3000; i++)       /* every link twice */
		buf_printf(&html, "<a href='/a/%zu'>x</a><a href='http://glow.test/a/%zu#f'>y</a>", i, i);
	buf_puts(&html, "</body></html>");
	d = html_parse(buf_str(&html), html.len, "http://glow.test/");
	assert_non_null(d);
	html_links(d, &links, &n);
	assert_int_equal(n, 1 + 3000);
	assert_string_equal(links[0], "http://glow.test/team");
	assert_string_equal(links[1], "http://glow.test/a/0");
	assert_string_equal(links[3000], "http://glow.test/a/2999");
	for (i = 0; i < n; i++)
		free(links[i]);
	free(links);
	html_free(d);

	buf_reset(&html);
	buf_puts(&html, "<html><body>");
	for (i = 0; i < 12000; i++)
		buf_printf(&html, "<a href='/p%zu'>x</a>", i);
	buf_puts(&html, "</body></html>");
	d = html_parse(buf_str(&html), html.len, "http://glow.test/");
	html_links(d, &links, &n);
	assert_int_equal(n, 10000);      /* HTML_MAX_LINKS */
	for (i = 0; i < n; i++)
		free(links[i]);
	free(links);
	html_free(d);
	buf_release(&html);
}

/* A sentence naming the clinic is the clinic speaking of itself; advice
 * that names it is still advice. */
static void
test_clinic_named_as_subject(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://riverwalk.test/",
	    "<html><head><title>Riverwalk Plastic Surgery</title></head><body>"
	    "<p>Riverwalk Plastic Surgery is led by a board-certified plastic surgeon and offers "
	    "non-surgical care.</p></body></html>", &f);
	assert_non_null(claim(&f, "board-plastic-surgery", NULL));
	page_facts_release(&f);

	run("http://riverwalk.test/",
	    "<html><head><title>Riverwalk Plastic Surgery</title></head><body>"
	    "<p>Whether or not you pick Riverwalk Plastic Surgery, always choose a "
	    "board-certified plastic surgeon.</p></body></html>", &f);
	assert_false(any_claim(&f, "board-plastic-surgery"));
	page_facts_release(&f);
}

/* The title part that spells the host is the clinic, not the tagline. */
static void
test_title_name_matches_host(void **state)
{
	static const struct { const char *url, *title, *want; } cases[] = {
		{ "http://peachtree-facial-plastics.test/",
		  "Peachtree Facial Plastics | Facial Plastic Surgery in Buckhead, Atlanta",
		  "Peachtree Facial Plastics" },
		{ "http://www.glowspa.test/team/", "Our Team - Glow Spa Austin", "Glow Spa Austin" },
		{ "http://lumina.test/", "Services | Lumina Dermatology", "Lumina Dermatology" },
		{ "http://x.test/", "Botox in Austin | Bright Skin Dermatology",
		  "Bright Skin Dermatology" },
	};
	struct page_facts f;
	char html[512];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(html, sizeof html, "<html><head><title>%s</title></head><body></body></html>",
		         cases[i].title);
		run(cases[i].url, html, &f);
		assert_non_null(f.clinic_name);
		assert_string_equal(f.clinic_name, cases[i].want);
		page_facts_release(&f);
	}
}

static void
test_blog_claims_nothing(void **state)
{
	const char *html = "<h1>Why PRP?</h1><p>Maria Lopez, MD, FAAD explains why we offer PRP"
	                   " and Botox.</p><p>1200 Congress Ave, Austin, TX 78701</p>";
	struct page_facts f;

	(void)state;
	run("http://glow.test/blog/why-prp", html, &f);
	assert_int_equal(f.n_claims, 0);
	assert_int_equal(f.n_practitioners, 0);
	assert_int_equal(f.n_locations, 1);   /* the footer address still counts */
	page_facts_release(&f);
	run("http://glow.test/why-prp",
	    "<article class='blog-post'><p>We offer PRP.</p></article>", &f);
	assert_false(any_claim(&f, "prp"));
	page_facts_release(&f);
	run("http://glow.test/why-prp", html, &f);
	assert_true(any_claim(&f, "prp"));
	page_facts_release(&f);
	/* WordPress wraps pages in an article too: "type-page" is not a post,
	 * and a plain schema.org Article (Joomla marks every page so) is not a blog */
	run("http://glow.test/services",
	    "<article class='post-12 page type-page status-publish'><p>We offer PRP.</p></article>", &f);
	assert_true(any_claim(&f, "prp"));
	page_facts_release(&f);
	run("http://glow.test/services",
	    "<article class='post-14 post type-post status-publish'><p>We offer PRP.</p></article>", &f);
	assert_false(any_claim(&f, "prp"));
	page_facts_release(&f);
	run("http://glow.test/services",
	    "<div itemscope itemtype='https://schema.org/Article'><p>We offer PRP.</p></div>", &f);
	assert_true(any_claim(&f, "prp"));
	page_facts_release(&f);
}

static void
test_services_and_evidence(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/services",
	    "<nav><ul><li><a href='/tattoo'>Tattoo removal</a></li>"
	    "<li><a href='/blog/threads'>Thread lifts</a></li></ul></nav>"
	    "<footer><a href='/'>Home</a> <a href='/mohs'>Mohs surgery</a> <a href='/team'>Team</a>"
	    "</footer>"
	    "<ul><li>Morpheus8</li><li>Juvéderm® fillers</li></ul>"
	    "<p>Our injectors use Dysport. Results last months! Book a HydraFacial today.</p>", &f);
	assert_non_null(claim(&f, "rf-microneedling", NULL));
	assert_false(any_claim(&f, "microneedling"));
	assert_non_null(claim(&f, "dermal-filler", NULL));
	assert_string_equal(claim(&f, "neurotoxin", NULL)->evidence, "Our injectors use Dysport.");
	assert_string_equal(claim(&f, "hydrafacial", NULL)->evidence, "Book a HydraFacial today.");
	/* the site's own menu lists what it offers; a link to a blog post
	 * names a topic */
	assert_string_equal(claim(&f, "tattoo-removal", NULL)->evidence, "Tattoo removal");
	assert_string_equal(claim(&f, "mohs-surgery", NULL)->evidence, "Mohs surgery");
	assert_false(any_claim(&f, "thread-lift"));
	page_facts_release(&f);
}

/* Who a credential belongs to when a sentence, a row or a heading names
 * people in other ways than "Name, MD". */
static void
test_attribution(void **state)
{
	struct page_facts f;

	(void)state;
	/* a role written before a name, not after the first name of the line */
	run("http://glow.test/",
	    "<p>Meet Dr. Whitney Caldwell, nurse practitioner Lauren Pryor and our team.</p>", &f);
	assert_non_null(claim(&f, "np", "Lauren Pryor"));
	assert_null(claim(&f, "np", "Whitney Caldwell"));
	page_facts_release(&f);
	/* a table row: name, credentials, role in separate cells */
	run("http://glow.test/providers",
	    "<table><tr><td>Naomi Achterberg</td><td>MD, FAAD</td>"
	    "<td>Board-certified dermatologist</td></tr>"
	    "<tr><td>Heather Lindgren</td><td>Licensed Master Esthetician</td><td>Peels</td></tr>"
	    "</table>", &f);
	assert_non_null(claim(&f, "md", "Naomi Achterberg"));
	assert_non_null(claim(&f, "faad", "Naomi Achterberg"));
	assert_non_null(claim(&f, "board-dermatology", "Naomi Achterberg"));
	assert_non_null(claim(&f, "master-esthetician", "Heather Lindgren"));
	assert_null(claim(&f, "md", "Heather Lindgren"));
	page_facts_release(&f);
	/* a heading that is only a name speaks for the paragraph under it; a
	 * second person's heading takes over */
	run("http://glow.test/team",
	    "<ul class='providers'><li><h2>Jolie Broussard</h2>"
	    "<p>Jolie is a licensed esthetician.</p></li>"
	    "<li><h2>Colleen Murphy, PA-C</h2><p>Physician Assistant</p></li></ul>", &f);
	assert_non_null(claim(&f, "esthetician", "Jolie Broussard"));
	assert_non_null(claim(&f, "pa", "Colleen Murphy"));
	assert_null(claim(&f, "pa", "Jolie Broussard"));
	page_facts_release(&f);
	/* a name opening a line, then what the person is */
	run("http://glow.test/about",
	    "<p>Ingrid Solberg - Licensed Medical Aesthetician</p>"
	    "<p>Lacey Dunbar, our licensed master esthetician, performs peels.</p>", &f);
	assert_non_null(claim(&f, "esthetician", "Ingrid Solberg"));
	assert_non_null(claim(&f, "master-esthetician", "Lacey Dunbar"));
	assert_false(any_claim(&f, "esthetician") && claim(&f, "esthetician", NULL) != NULL);
	page_facts_release(&f);
	/* someone named by first name only, someone supervising: not the clinic */
	run("http://glow.test/faq-answers",
	    "<p>Botox is given by our nurse practitioner, Kelsey, or by Dani under the supervision"
	    " of our board-certified dermatologist.</p>", &f);
	assert_non_null(claim(&f, "neurotoxin", NULL));
	assert_null(claim(&f, "np", NULL));
	assert_null(claim(&f, "board-dermatology", NULL));
	page_facts_release(&f);
	/* a named board says more than "board certified" of the same person */
	run("http://glow.test/team",
	    "<p>Dr. Ann Reyes is board certified.</p>"
	    "<p>Dr. Reyes is certified by the American Board of Dermatology.</p>", &f);
	assert_non_null(claim(&f, "board-dermatology", "Ann Reyes"));
	assert_null(claim(&f, "board-unspecified", "Ann Reyes"));
	page_facts_release(&f);
	/* people met elsewhere: a trainer, an outside partner, a doctor "we
	 * refer" to, a physician practising at another practice */
	run("http://glow.test/about",
	    "<p>My aesthetics training started under Dr. Harold Ekwueme, a board-certified"
	    " dermatologist in Atlanta.</p>"
	    "<p>Much of what I know I learned from Dr. Lorenzo Faircloth, a board-certified plastic"
	    " surgeon.</p>"
	    "<p>We refer scalp disease to board-certified dermatologists such as Dr. Philippa Wendt,"
	    " MD.</p>"
	    "<p>Our collaborating physician, Anneliese Gorecki, MD, practices at Sheyenne Urgent"
	    " Care.</p>", &f);
	assert_int_equal(f.n_practitioners, 0);
	assert_null(claim(&f, "md", NULL));
	page_facts_release(&f);
	/* the board named near "board-certified", not anywhere in the sentence;
	 * "not certified by" claims nothing; a first-person bio claims, a
	 * quoted patient does not */
	run("http://glow.test/team",
	    "<p>Anjali Mehra, APRN, is a board-certified family nurse practitioner who spent eight"
	    " years in primary care before coming to dermatology.</p>"
	    "<p>Dr. Imogen Falk, MD, repairs eyelids. She is not certified by the American Board"
	    " of Plastic Surgery.</p>"
	    "<p>I have been a licensed esthetician since 2012.</p>"
	    "<p>\xe2\x80\x9cI used to drive to Fargo for laser hair removal!\xe2\x80\x9d</p>",
	    &f);
	assert_non_null(claim(&f, "np", "Anjali Mehra"));
	assert_null(claim(&f, "board-dermatology", NULL));
	assert_null(claim(&f, "board-plastic-surgery", NULL));
	assert_non_null(claim(&f, "md", "Imogen Falk"));
	assert_false(any_claim(&f, "laser-hair-removal"));
	page_facts_release(&f);
}

/* Pages and passages that claim nothing, by what they are. */
/* People and things the page sets apart: a section over other practices'
 * clinicians, a template card, a "coming" page, a CV card's headings. */
static void
test_sections_and_cards(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://mohs.test/referring",
	    "<h2>Our surgeons</h2><p>Leif Amundrud, MD, performs every Mohs surgery.</p>"
	    "<h2>Our referring partners</h2><table><tr><td>Anneliese Brekke, MD</td>"
	    "<td>Brookings Family Medicine</td></tr></table>"
	    "<h2>Reconstruction partners</h2><ul><li>Marisa Kolbeck, MD, FACS, a "
	    "board-certified facial plastic surgeon</li></ul>", &f);
	assert_non_null(claim(&f, "md", "Leif Amundrud"));
	assert_int_equal(pract(&f, "Anneliese Brekke"), -2);
	assert_int_equal(pract(&f, "Marisa Kolbeck"), -2);
	assert_false(any_claim(&f, "facs"));
	page_facts_release(&f);

	run("http://men.test/team",
	    "<div class=\"team-card\"><h3>Dr. Jordan Smith, MD</h3><p>Board-Certified Plastic "
	    "Surgeon</p><p>Lorem ipsum dolor sit amet.</p></div>"
	    "<div class=\"team-card\"><h3>Grant Lehane, DMD</h3><p>Our dentist.</p></div>", &f);
	assert_int_equal(f.n_practitioners, 0);
	assert_false(any_claim(&f, "md"));
	page_facts_release(&f);

	run("http://laser.test/laser-hair-removal/",
	    "<title>Laser Hair Removal (Coming 2026) | Clean Slate</title>"
	    "<nav><a href=\"/\">Home</a> &raquo; Laser Hair Removal</nav>"
	    "<h1>Laser hair removal is coming in 2026</h1><p>Join the waitlist.</p>", &f);
	assert_false(any_claim(&f, "laser-hair-removal"));
	page_facts_release(&f);

	run("http://pine.test/menu",
	    "<h2>Botox</h2><p>Botox for frown lines, $12 a unit.</p>"
	    "<h2>Coming soon</h2><p>PDO thread lifts, spring 2026.</p>", &f);
	assert_true(any_claim(&f, "neurotoxin"));
	assert_false(any_claim(&f, "thread-lift"));
	page_facts_release(&f);

	run("http://uni.test/faculty/nwosu-burke",
	    "<h1>Adaeze Nwosu-Burke, MD</h1><div class=\"profile-cv\"><h2>Education</h2>"
	    "<p>MD, Magnolia State University, 2007</p><h2>Board Certification</h2><ul><li>"
	    "American Board of Dermatology, 2012</li></ul><h2>Professional Memberships</h2>"
	    "<ul><li>American Society for Dermatologic Surgery</li></ul></div>", &f);
	assert_int_equal(pract(&f, "Professional Memberships"), -2);
	page_facts_release(&f);
}

/* Who a credential belongs to when the page names a person by an
 * appositive, a first name, a middle initial or an earlier sentence. */
static void
test_naming(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://spa.test/contact",
	    "<p>Injectables are performed by Danielle Ruhl, our nurse practitioner.</p>"
	    "<p>Facials are performed by Macy, our licensed esthetician.</p>", &f);
	assert_non_null(claim(&f, "np", "Danielle Ruhl"));
	assert_null(claim(&f, "np", NULL));
	assert_null(claim(&f, "esthetician", NULL));
	page_facts_release(&f);

	run("http://ps.test/about/dr-marchbanks",
	    "<h1>Julian R. Marchbanks, MD, FACS</h1><p>Dr. Julian Marchbanks founded the "
	    "practice in 2014. He is certified by the American Board of Plastic Surgery.</p>", &f);
	assert_non_null(claim(&f, "board-plastic-surgery", "Julian R. Marchbanks"));
	page_facts_release(&f);

	run("http://uni.test/faculty",
	    "<div class=\"views-row\"><article class=\"provider-card\"><img alt=\"Portrait of "
	    "Joelle Marchetti\" src=\"/j.jpg\"><h2>Joelle Marchetti</h2><div class=\"field "
	    "field--name-field-bio\"><p>Joelle is a licensed aesthetician who has worked "
	    "alongside dermatologists for seven years.</p></div></article></div>", &f);
	assert_non_null(claim(&f, "esthetician", "Joelle Marchetti"));
	page_facts_release(&f);

	run("http://spa.test/team",
	    "<h3>Kendra Voss, FNP-C</h3><p>Kendra is a board-certified family nurse "
	    "practitioner.</p><h3>Dani Pfannenstiel, RN</h3><p>She is preparing to sit for "
	    "the CANS exam.</p><p>Dr. Amelia Fontaine, MD, will join our St. Charles office in "
	    "August.</p>", &f);
	assert_non_null(claim(&f, "np", "Kendra Voss"));
	assert_false(any_claim(&f, "board-unspecified"));
	assert_false(any_claim(&f, "cans"));
	assert_int_equal(pract(&f, "Amelia Fontaine"), -2);
	page_facts_release(&f);

	/* a dropped "board certified" (Dr. Mercer names his board later) is
	 * not read again while Dr. Lopez's is weighed: it once was, released */
	run("http://derm.test/team",
	    "<h3>Maria Lopez, MD</h3><h3>Alan Mercer, MD</h3><p>Dr. Mercer is board certified."
	    "</p><p>Dr. Lopez is board certified.</p><p>Dr. Mercer is certified by the American "
	    "Board of Family Medicine.</p>", &f);
	assert_non_null(claim(&f, "board-unspecified", "Maria Lopez"));
	assert_non_null(claim(&f, "board-other", "Alan Mercer"));
	assert_null(claim(&f, "board-unspecified", "Alan Mercer"));
	page_facts_release(&f);
}

static void
test_page_kinds(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/shop/serum", "<p>Our HydraFacial-style glow serum ships free.</p>", &f);
	assert_false(any_claim(&f, "hydrafacial"));
	page_facts_release(&f);
	run("http://glow.test/careers",
	    "<p>We are hiring a licensed esthetician to perform HydraFacial treatments.</p>", &f);
	assert_int_equal(f.n_claims, 0);
	page_facts_release(&f);
	run("http://glow.test/conditions/acne-scars",
	    "<p>Microneedling and chemical peels can soften acne scars.</p>"
	    "<p>We offer the VI Peel.</p>", &f);
	assert_false(any_claim(&f, "microneedling"));
	assert_non_null(claim(&f, "chemical-peel", NULL));
	page_facts_release(&f);
	run("http://glow.test/",
	    "<h3>Do you offer CoolSculpting?</h3><p>Is Kybella right for me?</p>"
	    "<section class='elementor-hidden-desktop elementor-hidden-tablet "
	    "elementor-hidden-mobile'><p>Dr. Amelia Stone, MD, FACS offers Sculptra.</p></section>"
	    "<div class='d-none'>Thread lifts</div><div class='d-none d-md-block'>Dysport</div>"
	    "<h2>A note on body contouring</h2><p>We do not offer Emsculpt or any body contouring.</p>",
	    &f);
	assert_false(any_claim(&f, "body-contouring"));
	assert_false(any_claim(&f, "kybella"));
	assert_false(any_claim(&f, "dermal-filler"));
	assert_false(any_claim(&f, "thread-lift"));
	assert_non_null(claim(&f, "neurotoxin", NULL));   /* shown on wider screens */
	assert_int_equal(f.n_practitioners, 0);
	page_facts_release(&f);
	/* a Webflow CMS card whose show-if condition fails is never shown */
	run("http://glow.test/team",
	    "<div class='team-item w-dyn-item'><div class='team-card w-condition-invisible'>"
	    "<h3>Rhea Lund, MSN, NP-C</h3><p>Rhea offers PRP facials.</p></div></div>"
	    "<div class='team-item w-dyn-item'><h3>Ola Berg, RN</h3></div>", &f);
	assert_int_equal(pract(&f, "Rhea Lund"), -2);
	assert_false(any_claim(&f, "np"));
	assert_non_null(claim(&f, "rn", "Ola Berg"));
	page_facts_release(&f);
	/* words before a name that say it is not offered: an alternative to
	 * it, a kit inspired by it, repair after it, a drug "FDA-approved" */
	run("http://glow.test/",
	    "<p>Our caffeine serum is the needle-free alternative to Kybella.</p>"
	    "<p>Kit inspirado en el HydraFacial para usar en casa.</p>"
	    "<p>We offer eyelid reconstruction after Mohs surgery.</p>"
	    "<p>Botox Cosmetic is FDA-approved for frown lines.</p>"
	    "<p>Our PicoWay laser is FDA-cleared for tattoo removal.</p>", &f);
	assert_false(any_claim(&f, "kybella"));
	assert_false(any_claim(&f, "hydrafacial"));
	assert_false(any_claim(&f, "mohs-surgery"));
	assert_non_null(claim(&f, "fda-cleared-device", NULL));
	assert_string_equal(claim(&f, "fda-cleared-device", NULL)->evidence,
	                    "Our PicoWay laser is FDA-cleared for tattoo removal.");
	page_facts_release(&f);
	/* a line break ends a line: two people, not one run-on name */
	run("http://glow.test/team",
	    "<p><b>Maren Ostby, APRN</b> - Nurse Practitioner, Aesthetics &amp; Weight Loss<br>"
	    "<b>Jordyn Pfeifer, LE</b> - Licensed Esthetician</p>", &f);
	assert_non_null(claim(&f, "esthetician", "Jordyn Pfeifer"));
	assert_null(claim(&f, "esthetician", "Maren Ostby"));
	page_facts_release(&f);
	/* an address written a line a paragraph */
	run("http://glow.test/contact",
	    "<p>4015 Hillsboro Pike</p><p>Suite 410</p><p>Nashville, TN 37215</p>", &f);
	assert_int_equal(f.n_locations, 1);
	assert_string_equal(f.locations[0].street, "4015 Hillsboro Pike Suite 410");
	assert_string_equal(f.locations[0].city, "Nashville");
	page_facts_release(&f);
}

/* A location is the clinic's own only when the page says so (issue 14):
 * a contact block, a footer, "our office", its own JSON-LD; not the
 * hospital, the surgery center, a landmark, the management company, the
 * web agency, a closed office, a sister practice's JSON-LD. */
static void
test_own_places(void **state)
{
	static const struct {
		const char *html;
		const char *zip;   /* the one location kept, or NULL for none */
	} cases[] = {
		{ "<p>Our office is 5 minutes from the Galleria at 5085 Westheimer Rd, Houston, "
		  "TX 77056.</p><footer><p>1200 Congress Ave, Austin, TX 78701</p></footer>", "78701" },
		{ "<p>We are one block north of Ala Moana Center (1450 Ala Moana Blvd, Honolulu, "
		  "HI 96814).</p>", NULL },
		{ "<p>She holds hospital privileges at Elk River Memorial Hospital, 3200 MacCorkle "
		  "Ave SE, Charleston, WV 25304, where she sees inpatients.</p>", NULL },
		{ "<p>Surgeries are performed at Flat Creek Surgery Center, 1120 Maple Way, Jackson, "
		  "WY 83001.</p>", NULL },
		{ "<p>Flat Creek Surgery Center<br>1120 Maple Way<br>Jackson, WY 83001</p>", NULL },
		{ "<p>Our satellite clinic at 43 W Pine St, Pinedale, WY 82941 closed in October "
		  "2024.</p>", NULL },
		{ "<p>Business office: Riverbend Dermatology Management, LLC, 500 W Main St, "
		  "Suite 1800, Louisville, KY 40202 (no patient care at this address).</p>", NULL },
		{ "<p class=\"credit\">Website by Badger Pixel Studio &middot; 316 N Milwaukee St, "
		  "Milwaukee, WI 53202</p>", NULL },
		{ "<p>For adult care, see our sister clinic, Lakeside Internal Medicine, at 410 "
		  "Lake St, Oak Park, IL 60302.</p>", NULL },
		/* the clinic's own: its name is a surgery center's, or "our" one */
		{ "<html><head><meta property=\"og:site_name\" content=\"Austin Plastic Surgery "
		  "Center\"></head><body><p>Austin Plastic Surgery Center<br>1200 Congress Ave<br>"
		  "Austin, TX 78701</p><p>Austin Plastic Surgery Center, 1200 Congress Ave, Austin, "
		  "TX 78701</p></body></html>", "78701" },
		{ "<p>Procedures take place in our accredited surgery center at 1200 Congress Ave, "
		  "Austin, TX 78701.</p>", "78701" },
		/* inside a medical center, which holds the clinic */
		{ "<p>We are located inside the Bellevue Medical Center, 1200 116th Ave NE, Suite "
		  "300, Bellevue, WA 98004.</p>", "98004" },
		{ "<p>We are located next to St. Luke Hospital at 500 17th Ave, Seattle, WA "
		  "98122.</p>", NULL },
		/* the clinic's own, with a landmark after it */
		{ "<p>Surgeries are done at the hospital; visit our office at 1120 Maple Way, "
		  "Jackson, WY 83001, next to the hospital.</p>", "83001" },
		/* JSON-LD of a sister practice left in the page: the footer says otherwise */
		{ "<html><head><script type=\"application/ld+json\">{\"@type\":\"MedicalBusiness\","
		  "\"address\":{\"@type\":\"PostalAddress\",\"streetAddress\":\"4501 Birch "
		  "Street, Suite B\",\"addressLocality\":\"Newport Beach\",\"addressRegion\":"
		  "\"CA\",\"postalCode\":\"92660\"},\"telephone\":\"949.555.0100\"}</script>"
		  "</head><body><footer><p>39 Salisbury Street, Worcester, MA 01609</p>"
		  "<p>Call <a href=\"tel:5085550142\">(508) 555-0142</a></p></footer></body></html>",
		  "01609" },
		/* the hospital system a clinic belongs to, in its JSON-LD */
		{ "<script type=\"application/ld+json\">{\"@type\":\"MedicalClinic\","
		  "\"address\":{\"streetAddress\":\"1180 Forrest Ave\",\"addressLocality\":"
		  "\"Dover\",\"addressRegion\":\"DE\",\"postalCode\":\"19904\"},"
		  "\"parentOrganization\":{\"@type\":\"Hospital\",\"address\":{"
		  "\"streetAddress\":\"640 S State St\",\"addressLocality\":\"Dover\","
		  "\"addressRegion\":\"DE\",\"postalCode\":\"19901\"}}}</script>", "19904" },
	};
	struct page_facts f;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run("http://glow.test/contact", cases[i].html, &f);
		if (cases[i].zip == NULL && f.n_locations != 0)
			fail_msg("case %zu: took %s", i, f.locations[0].street);
		if (cases[i].zip != NULL) {
			if (f.n_locations != 1)
				fail_msg("case %zu: %zu locations", i, f.n_locations);
			assert_string_equal(f.locations[0].zip, cases[i].zip);
		}
		/* a leftover's telephone goes with its address */
		if (f.clinic_phone != NULL && strcmp(f.clinic_phone, "+19495550100") == 0)
			fail_msg("case %zu: the leftover's telephone", i);
		page_facts_release(&f);
	}
	/* lines of their own after a label, and a Wisconsin grid number */
	run("http://glow.test/contact",
	    "<p>Address: 4015 Hillsboro Pike<br>Suite 410<br>Nashville, TN 37215</p>"
	    "<p>N12W34567 Main St</p><p>Pewaukee, WI 53072</p>", &f);
	assert_int_equal(f.n_locations, 2);
	assert_string_equal(f.locations[0].street, "4015 Hillsboro Pike Suite 410");
	assert_string_equal(f.locations[0].evidence,
	                    "Address: 4015 Hillsboro Pike, Suite 410, Nashville, TN 37215");
	assert_string_equal(f.locations[1].street, "N12W34567 Main St");
	page_facts_release(&f);
	/* the clinic's name before the street on its line, and another
	 * place's */
	run("http://glow.test/contact",
	    "<p>Glow Skin Studio 1200 116th Ave NE<br>Bellevue, WA 98004</p>"
	    "<p>Flat Creek Surgery Center 1120 Maple Way<br>Jackson, WY 83001</p>", &f);
	assert_int_equal(f.n_locations, 1);
	assert_string_equal(f.locations[0].street, "1200 116th Ave NE");
	page_facts_release(&f);
	/* the evidence is the address's sentence, not the whole footer */
	run("http://glow.test/",
	    "<footer><p>We love to see you. Visit us at 1200 Congress Ave., Suite 300, Austin, TX "
	    "78701. Follow us on Instagram.</p></footer>", &f);
	assert_int_equal(f.n_locations, 1);
	assert_string_equal(f.locations[0].evidence,
	                    "Visit us at 1200 Congress Ave., Suite 300, Austin, TX 78701.");
	page_facts_release(&f);
	/* a long sentence is cut between characters, not inside one */
	{
		struct buf h = BUF_INIT;

		buf_init(&h, 4096);
		buf_puts(&h, "<p>");
		for (int k = 0; k < 301; k++)
			buf_puts(&h, "\xC3\xA9");
		buf_puts(&h, " 1200 Congress Ave, Austin, TX 78701</p>");
		run("http://glow.test/", buf_str(&h), &f);
		assert_int_equal(f.n_locations, 1);
		assert_null(strstr(f.locations[0].evidence, "\xEF\xBF\xBD"));
		page_facts_release(&f);
		buf_release(&h);
	}
}

static void
test_hostile_input(void **state)
{
	struct page_facts f;
	size_t n = 200000, i;
	char *big = malloc(n + 64);

	(void)state;
	strcpy(big, "<p>");
	for (i = 3; i < n; i++)
		big[i] = "ab \xff\x01"[i % 5];
	strcpy(big + n, "</p><p>Botox \x1b[31m here.</p>");
	run("http://glow.test/", big, &f);
	for (i = 0; i < f.n_claims; i++)
		assert_null(strchr(f.claims[i].evidence, '\x1b'));
	page_facts_release(&f);
	free(big);
}

/* Real clinic sites write a name and its credentials on separate lines,
 * under headings, or in a box of their own beside the bio. */
static void
test_credentials_on_their_own_line(void **state)
{
	struct page_facts f;

	(void)state;
	/* "Lori Martin,<br><em>M.D.</em>": a heading broken over two lines */
	run("http://max.test/our-team",
	    "<section><p>Medical Director</p><h2>Lori Martin,<br><em>M.D.</em></h2>"
	    "<p>Dr. Lori Martin completed her residency in Savannah.</p>"
	    "<ul class=\"member__credentials\"><li>Medical Director</li>"
	    "<li>Board Certified Physician</li><li>Functional Medicine</li></ul></section>", &f);
	assert_non_null(claim(&f, "md", "Lori Martin"));
	assert_non_null(claim(&f, "board-unspecified", "Lori Martin"));
	page_facts_release(&f);

	/* a name line, then its credentials as a line of their own */
	run("http://glow.test/team",
	    "<p>Ann Bell<br>RN, BSN</p><p>Ann loves helping patients.</p>", &f);
	assert_non_null(claim(&f, "rn", "Ann Bell"));
	page_facts_release(&f);

	/* or spelt out, in a photo's caption */
	run("http://glow.test/team",
	    "<figure><img src=\"w.jpg\" alt=\"\"><figcaption><p><strong>Willa Kearns</strong><br>"
	    "Licensed Esthetician</p></figcaption></figure>"
	    "<p>Willa runs our facial room.</p>", &f);
	assert_non_null(claim(&f, "esthetician", "Willa Kearns"));
	page_facts_release(&f);

	/* a subtitle under a name heading still speaks of that person */
	run("http://ocps.test/staff",
	    "<p>Dr. Juris Kalns, MD trained in Toronto.</p>"
	    "<h3>Dr. Juris Kalns</h3><h2>Education &amp; Training</h2>"
	    "<p>He completed a general surgery residency in New York. This was followed by "
	    "board certification in general surgery.</p>", &f);
	assert_non_null(claim(&f, "board-other", "Juris Kalns"));
	page_facts_release(&f);

	/* but a slogan over a credential line is nobody, and the next team
	 * card's portrait is not the person of the heading above */
	run("http://ocps.test/",
	    "<div class=\"teaser\">Harvard Trained<br>Double Board Certified Plastic Surgeon</div>"
	    "<div class=\"team-card\"><h3>Ariana Vela, RN</h3><p>Lead nurse.</p></div>"
	    "<div class=\"team-card\"><img src=\"b.jpg\" alt=\"Brooke, LE - Licensed Esthetician\">"
	    "<h3>Brooke, LE</h3><p>Licensed Esthetician</p></div>", &f);
	assert_int_equal(pract(&f, "Harvard Trained"), -2);
	assert_null(claim(&f, "esthetician", "Ariana Vela"));
	page_facts_release(&f);
}

/* Words read without regard to case in all-caps designs; names kept as
 * written; a short word such as DO in capitals is a word. */
static void
test_all_caps(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://caps.test/about",
	    "<h2>WHAT WE DO</h2><p>YOUR HEALTH IS WHAT WE DO BEST.</p>"
	    "<p>DR. KARIM BENALI IS A BOARD CERTIFIED PLASTIC SURGEON.</p>"
	    "<h3>LEILA AMRANI, RN</h3>", &f);
	assert_false(any_claim(&f, "do"));
	assert_non_null(claim(&f, "board-plastic-surgery", "KARIM BENALI"));
	assert_non_null(claim(&f, "rn", "LEILA AMRANI"));
	page_facts_release(&f);

	/* a bio in capitals under a name written as usual */
	run("http://caps.test/team",
	    "<p>Sofia Haddad, MD sees patients every day.</p>"
	    "<div class=\"bio\"><p>DR. HADDAD IS A BOARD CERTIFIED DERMATOLOGIST.</p></div>"
	    "<p>NADIA FERHAT, RN JOINED US IN 2019 AFTER TEN YEARS IN PARIS. "
	    "SHE IS A LICENSED ESTHETICIAN.</p>", &f);
	assert_non_null(claim(&f, "board-dermatology", "Sofia Haddad"));
	assert_non_null(claim(&f, "esthetician", "NADIA FERHAT"));
	page_facts_release(&f);
}

/* A physician assistant's or nurse practitioner's own board (NCCPA,
 * AANP) is not a medical specialty board; non-US degrees are part of a
 * name's suffixes; "Utah State licensed" is no one. */
static void
test_non_board_and_non_us(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://sal.test/staff",
	    "<h3>Makayla Porter</h3><p>Board Certified Physician Assistant</p>"
	    "<p>Makayla Porter M.S., PA-C is a board certified physician assistant.</p>", &f);
	assert_non_null(claim(&f, "pa", "Makayla Porter"));
	assert_false(any_claim(&f, "board-unspecified"));
	page_facts_release(&f);

	run("http://ldc.test/our-team",
	    "<h3>Dr Ien Chan MBChB, MD, FRCP</h3><h3>Nyela Reid BScN, RN</h3>", &f);
	assert_int_equal(pract(&f, "Ien MBChB"), -2);
	assert_int_equal(pract(&f, "Ien Chan") >= 0, 1);
	assert_non_null(claim(&f, "rn", "Nyela Reid"));
	page_facts_release(&f);

	/* titles of other languages and other people: French "Dre" is no
	 * given name, "Prof. Raman" is Priya Raman */
	run("http://rideau.test/equipe",
	    "<h3>Dre Genevi\xC3\xA8ve Lacroix, M.D., FRCPC</h3>"
	    "<h3>Priya Raman, MD</h3><h3>Alan Mercer, MD</h3>"
	    "<p>Prof. Raman is certified by the American Board of Dermatology.</p>", &f);
	assert_non_null(claim(&f, "md", "Genevi\xC3\xA8ve Lacroix"));
	assert_non_null(claim(&f, "board-dermatology", "Priya Raman"));
	assert_null(claim(&f, "board-dermatology", "Alan Mercer"));
	page_facts_release(&f);

	run("http://rocky.test/about",
	    "<h2>Education &amp; Licensure</h2><h3>Licensed Master Esthetician</h3>"
	    "<p>Utah State licensed Master Esthetician \xE2\x80\x94 the highest esthetics "
	    "licensure available in Utah.</p>", &f);
	assert_int_equal(pract(&f, "Utah State"), -2);
	page_facts_release(&f);

	/* UK wording for botulinum toxin; a named body-contouring device */
	run("http://ldc.test/treatments",
	    "<ul><li>Anti Wrinkle Injections</li><li>Liposonix</li></ul>", &f);
	assert_true(any_claim(&f, "neurotoxin"));
	assert_true(any_claim(&f, "body-contouring"));
	page_facts_release(&f);

	/* a Belgian menu in Dutch: a facial is a "gelaatsverzorging" */
	run("http://anna.test/behandelingen",
	    "<h3><a href=\"/gelaatsverzorging.html\">Gelaatsverzorging</a></h3>", &f);
	assert_true(any_claim(&f, "facial"));
	page_facts_release(&f);
}

/* What a provider's bio says she does is her practice; what the clinic
 * lists is its menu. */
static void
test_bio_focus_is_not_the_menu(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://max.test/our-team",
	    "<div class=\"team-member\"><h2>Lori Martin, M.D.</h2>"
	    "<p>Her primary focus is regenerative medicine, which includes PRP injections, "
	    "PDO threads and plasma pen therapy.</p>"
	    "<p>She offers microneedling at our clinic.</p></div>"
	    "<ul><li>HydraFacial</li></ul>", &f);
	assert_false(any_claim(&f, "prp"));
	assert_false(any_claim(&f, "thread-lift"));
	assert_true(any_claim(&f, "microneedling"));
	assert_true(any_claim(&f, "hydrafacial"));
	page_facts_release(&f);
}

/* A practice's own news post announcing a new provider is the clinic
 * speaking of its staff; the advice in posts still claims nothing. */
static void
test_staff_news_post(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/blog/welcome-priya",
	    "<h1>Welcome, Priya!</h1><p>We are thrilled to share that Priya Nair, RN has joined our "
	    "practice. She is a board-certified family nurse practitioner. Make sure your "
	    "injector is board certified.</p><p>Ask whether your injector is a registered "
	    "nurse. We offer Botox.</p>", &f);
	assert_non_null(claim(&f, "rn", "Priya Nair"));
	assert_non_null(claim(&f, "np", "Priya Nair"));
	assert_false(any_claim(&f, "neurotoxin"));
	assert_null(claim(&f, "rn", NULL));
	page_facts_release(&f);

	/* the news goes on by her name ("Dr. Kowalczyk is ..."), not only
	 * by "She"; a sentence of advice after it still claims nothing */
	run("http://glow.test/news/welcome-dr-kowalczyk",
	    "<h1>Dr. Nadia Kowalczyk joins us</h1><p>We are delighted to announce that Nadia "
	    "Kowalczyk, MD, has joined our practice. Dr. Kowalczyk is a board-certified "
	    "dermatologist. Patients should ask whether their injector is a registered "
	    "nurse.</p>", &f);
	assert_non_null(claim(&f, "md", "Nadia Kowalczyk"));
	assert_non_null(claim(&f, "board-dermatology", "Nadia Kowalczyk"));
	assert_false(any_claim(&f, "rn"));
	page_facts_release(&f);

	run("http://glow.test/blog/choosing-an-injector",
	    "<h1>Choosing an injector</h1><p>Make sure your injector is board certified. "
	    "A registered nurse or a nurse practitioner should always do the treatment. "
	    "Join our team of board-certified providers!</p>", &f);
	assert_int_equal(f.n_claims, 0);
	page_facts_release(&f);
}

/* A team grid that prints the surname in capitals with the credentials,
 * and the given names in the next element. */
static void
test_surname_first(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://derm.test/team",
	    "<div class=\"team-member\"><h4>OKAFOR, RN, BSN</h4><p>Grace Adaeze</p>"
	    "<p>Grace has been injecting since 2015.</p></div>"
	    "<div class=\"team-member\"><h4>WHITFIELD, PA-C</h4><p>Tom</p></div>"
	    "<div class=\"team-member\"><h4>SERVICES, MD</h4><p>Botox and fillers</p></div>", &f);
	assert_non_null(claim(&f, "rn", "Grace Adaeze OKAFOR"));
	assert_non_null(claim(&f, "pa", "Tom WHITFIELD"));
	assert_int_equal(f.n_practitioners, 2);
	page_facts_release(&f);

	/* page-builder columns: the heading in no card, the given names in
	 * an element of their own the theme marks as a person's */
	run("http://derm.test/providers",
	    "<div class=\"column-wrapper\"><div class=\"title\"><h3>GAGNON, PA-C</h3></div>"
	    "<div class=\"text provider-given\"><p>Derek</p></div>"
	    "<div class=\"text provider-role\"><p>Physician Assistant</p></div></div>"
	    "<div class=\"column-wrapper\"><div class=\"title\"><h3>TH&Eacute;RIAULT, LE</h3></div>"
	    "<div class=\"text provider-given\"><p>Am&eacute;lie</p></div></div>", &f);
	assert_non_null(claim(&f, "pa", "Derek GAGNON"));
	assert_non_null(claim(&f, "esthetician", "Amélie THÉRIAULT"));
	page_facts_release(&f);
}

/* A team grid whose theme classes every line of a card as a person's
 * ("team-person-name", "team-person-position"): the credentials under a
 * name are that person's; a template card of the theme is no one. */
static void
test_line_cards(void **state)
{
	struct page_facts f;
	const char *card =
	    "<div class=\"team-person\"><div class=\"team-person-image\"><img src=\"a.jpg\" "
	    "alt=\"%s\"></div><div class=\"team-person-info\"><div class=\"team-person-name\">"
	    "%s</div><div class=\"team-person-position\">%s</div><div class=\"team-person-job\">"
	    "%s</div></div></div>";
	char html[2048];
	int o = 0;

	(void)state;
	o += snprintf(html + o, sizeof html - (size_t)o, card, "Dr. Leah Sarkisian",
	              "Dr. Leah Sarkisian", "MD", "Director, Non-Surgical Aesthetics");
	o += snprintf(html + o, sizeof html - (size_t)o, card, "Bianca Ruel", "Bianca Ruel", "PA-C",
	              "Physician Assistant");
	o += snprintf(html + o, sizeof html - (size_t)o, card, "Marisa Levesque", "Marisa Levesque",
	              "LE", "Licensed Esthetician");
	snprintf(html + o, sizeof html - (size_t)o,
	         "<div class=\"team-person\"><div class=\"team-person-name\">John Smith</div>"
	         "<div class=\"team-person-position\">MD, FACS</div>"
	         "<div class=\"team-person-description\"><p>Lorem ipsum dolor sit amet.</p></div></div>");
	run("http://seacoast.test/our-team", html, &f);
	assert_int_equal(f.n_practitioners >= 3, 1);
	page_facts_release(&f);

	/* a grid in one card, each person's name and title in spans with no
	 * space between them: not "RothLicensed", and not the first person's */
	run("http://redriver.test/our-team",
	    "<div class=\"team-grid\"><div class=\"sppb-person\"><span class=\"person-name\">"
	    "Lars Brekke, MD</span><span class=\"person-designation\">Vein Specialist</span></div>"
	    "<div class=\"sppb-person\"><span class=\"person-name\">Kenzie Roth</span><span "
	    "class=\"person-designation\">Licensed Esthetician</span></div></div>", &f);
	assert_non_null(claim(&f, "esthetician", "Kenzie Roth"));
	assert_null(claim(&f, "esthetician", "Lars Brekke"));
	page_facts_release(&f);

	run("http://seacoast.test/our-team", html, &f);
	assert_non_null(claim(&f, "md", "Leah Sarkisian"));
	assert_non_null(claim(&f, "pa", "Bianca Ruel"));
	assert_null(claim(&f, "pa", "Leah Sarkisian"));
	assert_non_null(claim(&f, "esthetician", "Marisa Levesque"));
	assert_int_equal(pract(&f, "John Smith"), -2);
	assert_false(any_claim(&f, "facs"));
	page_facts_release(&f);
}

/* A price list in a closed tab or accordion panel is on the site's menu:
 * a visitor opens it with a click. */
static void
test_closed_tabs_are_read(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://tabs.test/prices",
	    "<ul role=\"tablist\"><li>Injectables</li><li>Skin</li></ul>"
	    "<div role=\"tabpanel\" hidden><table><tr><td>Dermal filler, per syringe</td>"
	    "<td>$650</td></tr></table></div>"
	    "<div class=\"accordion-collapse collapse\" style=\"display: none\">"
	    "<ul><li>Microneedling with PRP - $400</li></ul></div>"
	    "<div hidden><p>Tattoo removal</p></div>", &f);
	assert_true(any_claim(&f, "dermal-filler"));
	assert_true(any_claim(&f, "microneedling"));
	assert_false(any_claim(&f, "tattoo-removal"));
	page_facts_release(&f);
}

/* The role (who: a name) or clinic statement (who NULL) of code, or NULL. */
static const struct fact_role *
role(const struct page_facts *f, const char *code, const char *who)
{
	int p = who != NULL ? pract(f, who) : -1;
	size_t i;

	for (i = 0; i < f->n_roles; i++)
		if (strcmp(f->roles[i].code, code) == 0 && f->roles[i].practitioner == p)
			return &f->roles[i];
	return NULL;
}

/* The role of code of an unlisted person (fact_role.person), or NULL. */
static const struct fact_role *
person_role(const struct page_facts *f, const char *code, const char *who)
{
	for (size_t i = 0; i < f->n_roles; i++)
		if (strcmp(f->roles[i].code, code) == 0 && f->roles[i].practitioner == -1 &&
		    f->roles[i].person != NULL && strcmp(f->roles[i].person, who) == 0)
			return &f->roles[i];
	return NULL;
}

static void
test_roles(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/team",
	    "<h3>Alan Mercer, MD &mdash; Medical Director</h3>"
	    "<h3>Jessica Hale, FNP-BC</h3><p>Nurse Practitioner &amp; Lead Injector</p>"
	    "<h3>Evan Hollis, MD</h3><p>Founder</p>"
	    "<p>Priya Shah, LE, is our lead esthetician and loves peels.</p>"
	    "<p>Our nurses and estheticians work under the supervision of Dr. Alan Mercer.</p>",
	    &f);
	assert_non_null(role(&f, "medical_director", "Alan Mercer"));
	assert_string_equal(role(&f, "medical_director", "Alan Mercer")->text, "Medical Director");
	assert_string_equal(role(&f, "medical_director", "Alan Mercer")->evidence,
	                    "Alan Mercer, MD — Medical Director");
	assert_non_null(role(&f, "nurse_injector", "Jessica Hale"));
	assert_non_null(role(&f, "owner", "Evan Hollis"));
	assert_non_null(role(&f, "esthetician", "Priya Shah"));
	/* a group's word in the sentence is not Dr. Mercer's role */
	assert_null(role(&f, "esthetician", "Alan Mercer"));
	assert_non_null(role(&f, "supervision", NULL));
	page_facts_release(&f);
}

static void
test_oversight_statements(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://glow.test/about",
	    "<p>We are a physician-owned practice.</p>"
	    "<p>Our medical director is on site every day we are open.</p>"
	    "<p>Injections are performed by our nurse practitioners and physician assistants.</p>"
	    "<p>Facials are provided by licensed estheticians.</p>", &f);
	assert_non_null(role(&f, "physician_owned", NULL));
	assert_non_null(role(&f, "on_site", NULL));
	assert_non_null(role(&f, "performed_by_np", NULL));
	assert_non_null(role(&f, "performed_by_pa", NULL));
	assert_non_null(role(&f, "performed_by_esthetician", NULL));
	assert_null(role(&f, "performed_by_physician", NULL));
	assert_string_equal(role(&f, "on_site", NULL)->evidence,
	                    "Our medical director is on site every day we are open.");
	page_facts_release(&f);
	/* advice, other practices, negations and questions state nothing */
	run("http://glow.test/faq",
	    "<p>Always make sure a physician supervises your treatment.</p>"
	    "<p>You should choose a spa where injections are performed by physicians.</p>"
	    "<p>Is the medical director on site?</p>"
	    "<p>Treatments are not performed under the supervision of a physician.</p>", &f);
	assert_int_equal(f.n_roles, 0);
	page_facts_release(&f);
	/* a blog post is advice */
	run("http://glow.test/blog/choosing-a-med-spa",
	    "<p>All treatments are performed under the supervision of Dr. Reyes.</p>", &f);
	assert_int_equal(f.n_roles, 0);
	page_facts_release(&f);
}

/* A clinic abroad whose address reads like a US one: "Casablanca, MA
 * 20250" is Morocco, not Massachusetts, in the text and in JSON-LD with
 * no addressCountry; no US state is guessed for it. */
static void
test_abroad_is_not_us(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://atlas.test/contact",
	    "<html lang=\"fr\"><head><script type=\"application/ld+json\">{\"@type\":"
	    "\"MedicalClinic\",\"name\":\"Clinique Atlas\",\"address\":{\"@type\":"
	    "\"PostalAddress\",\"streetAddress\":\"12 Rue des Fleurs\",\"addressLocality\":"
	    "\"Casablanca\",\"addressRegion\":\"MA\",\"postalCode\":\"20250\"}}</script>"
	    "</head><body><footer><p>Clinique Atlas, 12 Rue des Fleurs, Casablanca, MA 20250"
	    "</p></footer></body></html>", &f);
	assert_int_equal(f.n_locations, 0);
	page_facts_release(&f);

	/* Canada: the province's code, spelt out or not, and the postal
	 * code; "CA" as addressCountry is the country, not California */
	run("http://rideau.test/",
	    "<html><head><script type=\"application/ld+json\">{\"@type\":"
	    "\"MedicalClinic\",\"name\":\"Rideau Skin\",\"address\":{\"@type\":"
	    "\"PostalAddress\",\"streetAddress\":\"150 Elgin Street, Suite 1010\","
	    "\"addressLocality\":\"Ottawa\",\"addressRegion\":\"ON\",\"postalCode\":"
	    "\"k2p1l4\",\"addressCountry\":\"CA\"}}</script></head><body></body></html>", &f);
	assert_int_equal(f.n_locations, 1);
	assert_string_equal(f.locations[0].state, "ON");
	assert_string_equal(f.locations[0].zip, "K2P 1L4");
	page_facts_release(&f);

	run("http://rideau.test/contact",
	    "<footer><p>150 Elgin Street<br>Suite 1010<br>Ottawa, Ontario K2P 1L4<br>Canada</p>"
	    "</footer>", &f);
	assert_int_equal(f.n_locations, 1);
	assert_string_equal(f.locations[0].state, "ON");
	assert_string_equal(f.locations[0].city, "Ottawa");
	page_facts_release(&f);

	/* a province whose postal codes begin otherwise is no address */
	run("http://rideau.test/contact",
	    "<footer><p>150 Elgin Street, Ottawa, BC K2P 1L4</p></footer>", &f);
	assert_int_equal(f.n_locations, 0);
	page_facts_release(&f);
}

/* People the page names who are not the clinic's: a surgeon elsewhere the
 * clinic works with, a visiting trainer; and a page heading that is no
 * one ("Frequently Asked Questions" over an answer naming a role). */
static void
test_not_the_clinics_people(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://pine.test/mohs",
	    "<p>For repairs near the eye we coordinate with Dr. Ruth Adeyemi, MD, an "
	    "oculoplastic surgeon across town.</p>", &f);
	assert_int_equal(pract(&f, "Ruth Adeyemi"), -2);
	assert_false(any_claim(&f, "md"));
	page_facts_release(&f);

	run("http://pine.test/mohs",
	    "<p>For large repairs Dr. Pelletier works with Dr. Marcus Albee, MD, FACS, a "
	    "board-certified plastic surgeon in independent practice.</p>", &f);
	assert_int_equal(pract(&f, "Marcus Albee"), -2);
	assert_false(any_claim(&f, "facs"));
	page_facts_release(&f);

	run("http://pine.test/events",
	    "<h2>Injector workshop</h2><p>The workshop is led by visiting clinical trainer "
	    "Tess Marlow, MSN, NP-C, from out of state.</p>", &f);
	assert_int_equal(pract(&f, "Tess Marlow"), -2);
	assert_false(any_claim(&f, "np"));
	page_facts_release(&f);

	run("http://pine.test/faq",
	    "<h1>Frequently Asked Questions</h1><p><b>Q: Who treats me?</b><br>A: Jo is a "
	    "nurse practitioner and is here every day.</p>", &f);
	assert_int_equal(pract(&f, "Frequently Asked Questions"), -2);
	page_facts_release(&f);
}

/* One office written two ways on one page, in its JSON-LD and its footer,
 * is one location, not two. */
static void
test_one_address_two_spellings(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://fern.test/",
	    "<html><head><script type=\"application/ld+json\">{\"@type\":\"MedicalClinic\","
	    "\"name\":\"Fern Skin\",\"address\":{\"@type\":\"PostalAddress\","
	    "\"streetAddress\":\"1940 116th Avenue Northeast, Suite 201\",\"addressLocality\":"
	    "\"Bellevue\",\"addressRegion\":\"WA\",\"postalCode\":\"98004\"}}</script>"
	    "</head><body><footer><p>Fern Skin, 1940 116th Ave NE #201, Bellevue, WA 98004</p>"
	    "</footer></body></html>", &f);
	assert_int_equal(f.n_locations, 1);
	page_facts_release(&f);
}

/* A team card that names a person by the given name alone, credentials
 * after a comma: "Brooke, LE" in its heading, "Jess, RN - Nurse Injector"
 * under its portrait. A service, a non-credential ("MA") or a bio
 * sentence is no such person. */
static void
test_given_name_cards(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://fern.test/team",
	    "<div class=\"team-card\"><h3>Brooke, LE</h3><span>Licensed Esthetician</span>"
	    "<p>Facials and laser hair removal.</p></div>"
	    "<div class=\"team-card\"><img src=\"j.jpg\" alt=\"Jess, RN - Nurse Injector\">"
	    "<p>Jess has injected for ten years.</p></div>"
	    "<div class=\"team-card\"><h3>Sam, MA</h3><span>Medical Assistant</span></div>"
	    "<div class=\"team-card\"><h3>Botox, RN</h3></div>", &f);
	assert_true(pract(&f, "Brooke") >= 0);
	assert_non_null(claim(&f, "esthetician", "Brooke"));
	assert_non_null(claim(&f, "rn", "Jess"));
	assert_int_equal(pract(&f, "Sam"), -2);
	assert_int_equal(pract(&f, "Botox"), -2);
	page_facts_release(&f);

	run("http://fern.test/blog/why",
	    "<p>Brooke, RN, says sunscreen matters.</p>", &f);
	assert_int_equal(pract(&f, "Brooke"), -2);
	page_facts_release(&f);
}

/* Staff a site gives no credential, named in a team list's line with
 * their title ("Morgan Ryan Patient Care Coordinator · Esthetician", a
 * given name alone in a card, two spans with no space between): a title
 * that lists its holder makes her a person of the page; a manager or a
 * founder is no practitioner but keeps her role by name; a dentist or a
 * chiropractor gets no role without a credential, nor is a card's
 * "Board-Certified" title a person. A PA titled "Lead Injector" is no
 * nurse injector but performs treatments. */
static void
test_staff_titles(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://aster.test/team",
	    "<ul class=\"roster\"><li><strong>Morgan Ryan</strong>"
	    "<span>Patient Care Coordinator &#183; Esthetician</span>"
	    "<p>Morgan does our facials.</p></li>"
	    "<li><strong>Lia Bastian</strong><span>Patient Care Coordinator &#183; Office Manager"
	    "</span></li></ul>"
	    "<div class=\"team-card\"><h3>Dianna</h3><span>Medical Aesthetician</span></div>"
	    "<div class=\"team-card\"><span>Kenzie Roth</span><span>Licensed Esthetician</span></div>"
	    "<div class=\"team-card\"><h3>Miriam Boyd, MD</h3>"
	    "<p>Board-Certified Dermatologist &#183; Mohs Surgeon &#183; Medical Director</p></div>"
	    "<div class=\"team-card\"><h3>Dr. Lena Park, DMD &#8212; Medical Director</h3></div>"
	    "<div class=\"provider\"><h2>Jake Orr, PA-C</h2>"
	    "<p>Physician Assistant &#183; Lead Injector</p></div>"
	    "<div class=\"team-card\"><h3>Marissa</h3><span>Co-Founder</span></div>"
	    "<div class=\"team-card\"><h3>Dr. Sam Ortiz, DC</h3>"
	    "<p>Chiropractor &amp; Co-owner</p></div>", &f);
	assert_non_null(role(&f, "esthetician", "Morgan Ryan"));
	assert_non_null(role(&f, "esthetician", "Dianna"));
	assert_non_null(role(&f, "esthetician", "Kenzie Roth"));
	assert_int_equal(pract(&f, "Lia Bastian"), -2);
	assert_int_equal(pract(&f, "Board-Certified"), -2);
	assert_int_equal(pract(&f, "Lena Park"), -2);
	assert_null(role(&f, "nurse_injector", "Jake Orr"));
	assert_non_null(role(&f, "performed_by_pa", NULL));
	assert_string_equal(role(&f, "performed_by_pa", NULL)->text, "Lead Injector");
	assert_non_null(person_role(&f, "manager", "Lia Bastian"));
	assert_non_null(person_role(&f, "owner", "Marissa"));
	assert_int_equal(pract(&f, "Marissa"), -2);
	assert_null(person_role(&f, "owner", "Sam Ortiz"));
	assert_int_equal(pract(&f, "Sam Ortiz"), -2);
	page_facts_release(&f);
}

/* A title a line away from the name: under a line of credentials alone
 * ("Dr. Ty Halvorsen" / "DO" / "Medical Director"), after a dash in a
 * list's item ("Peggy Lowther — Office Manager."); and who performs, in a
 * list of doers one of whom the page does not list ("by Dr. Haddad and
 * Lacey McClung, PA-C"). */
static void
test_titles_apart(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://bridger.test/team",
	    "<h3>Dr. Ty Halvorsen</h3><p><b>DO</b></p><p>Medical Director</p>"
	    "<p>He has practised family medicine since 2008.</p>"
	    "<ul><li><strong>Dustin Shamblin, RN</strong> &#8212; Mohs surgery nurse.</li>"
	    "<li><strong>Peggy Lowther</strong> &#8212; Office Manager.</li></ul>", &f);
	assert_non_null(role(&f, "medical_director", "Ty Halvorsen"));
	assert_string_equal(role(&f, "medical_director", "Ty Halvorsen")->evidence,
	                    "Ty Halvorsen, Medical Director");
	assert_non_null(person_role(&f, "manager", "Peggy Lowther"));
	page_facts_release(&f);
	/* a line of its own, a full name, a comma and the title alone */
	run("http://ocps.test/staff",
	    "<p>Jo Cattell, Practice Administrator</p><p>Rosa Chen &#8211; Medical Aesthetician</p>"
	    "<p>Austin, Medical Director</p>", &f);
	assert_non_null(person_role(&f, "manager", "Jo Cattell"));
	assert_non_null(role(&f, "esthetician", "Rosa Chen"));
	assert_int_equal(pract(&f, "Austin"), -2);
	page_facts_release(&f);
	/* a heading between a name and a title is not a line of credentials */
	run("http://bridger.test/staff",
	    "<p>Jane Moss, RN</p><h2>Doctors</h2><p>Medical Director</p>", &f);
	assert_null(role(&f, "medical_director", "Jane Moss"));
	page_facts_release(&f);
	run("http://kanawha.test/cosmetic",
	    "<p>Lacey McClung, PA-C, is our physician assistant.</p>"
	    "<p>Cosmetic treatments are performed by Dr. Haddad and Lacey McClung, PA-C, in our "
	    "cosmetic room.</p>", &f);
	assert_non_null(role(&f, "performed_by_pa", NULL));
	page_facts_release(&f);
}

/* What a person's own sentence says for the clinic: a physician who "is
 * on site three days a week" or "sees consultations at the spa" (not one
 * who does not see clients there, nor a nurse on site); an esthetician by
 * title, with no licence claimed, who "runs our facials". */
static void
test_subject_statements(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://rideau.test/team",
	    "<h3>Dr. Amir Haddad, MD</h3><p>Medical Director</p>"
	    "<p>Dr. Haddad is a family physician. He oversees our laser protocols and is on site "
	    "three days a week.</p>", &f);
	assert_non_null(role(&f, "on_site", NULL));
	assert_string_equal(role(&f, "on_site", NULL)->text, "is on site");
	page_facts_release(&f);
	run("http://bridger.test/team",
	    "<h3>Dr. Ty Halvorsen, DO</h3><p>He writes our protocols and sees consultations at "
	    "the spa every other Monday.</p>", &f);
	assert_non_null(role(&f, "on_site", NULL));
	page_facts_release(&f);
	run("http://cheat.test/staff",
	    "<p>Our medical director is Dr. Ray Tenn, MD. He reviews charts; he does not see "
	    "clients at the studio.</p>"
	    "<p>Jodi Frum, RN, is on site every day.</p>", &f);
	assert_null(role(&f, "on_site", NULL));
	page_facts_release(&f);
	run("http://luz.test/team",
	    "<div class=\"team-card\"><h3>Kai Begay</h3><p>Patient Care Coordinator &#183; Esthetician</p>"
	    "<p>Kai runs our facials, dermaplaning and BBL appointments.</p></div>", &f);
	assert_non_null(role(&f, "esthetician", "Kai Begay"));
	assert_non_null(role(&f, "performed_by_esthetician", NULL));
	page_facts_release(&f);
}

/* What a person does is a treatment by its noun (rules.json
 * role_reading.objects): sclerotherapy, a tattoo-removal specialist; "laser
 * protocols" and consultations are none, nor surgery at a hospital or
 * surgery center that is not the clinic's. */
static void
test_treatment_objects(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://cheat.test/staff",
	    "<p><b>Amber Cott, APRN, FNP-BC</b><br>Owner</p>"
	    "<p>She does all new-client consultations and oversees our laser protocols.</p>"
	    "<p><b>Krista Yost, RN</b><br>Krista is a registered nurse and our tattoo-removal "
	    "specialist.</p>"
	    "<p><b>Cody Aasen, PA-C</b><br>Cody sees patients with Dr. Solheim and performs "
	    "sclerotherapy.</p>", &f);
	assert_null(role(&f, "performed_by_np", NULL));
	assert_non_null(role(&f, "performed_by_rn", NULL));
	assert_non_null(role(&f, "performed_by_pa", NULL));
	page_facts_release(&f);
	/* surgery at another facility is not the clinic's treatment; at
	 * "our" surgery center it is */
	run("http://kaimana.test/team",
	    "<p>Dr. Keoni Akana, MD, is our medical director. He performs surgery at Ala Wai "
	    "Surgery Center, 1600 Ala Moana Boulevard, Honolulu.</p>", &f);
	assert_null(role(&f, "performed_by_physician", NULL));
	page_facts_release(&f);
	run("http://kaimana.test/surgery",
	    "<p>Dr. Keoni Akana, MD, is our surgeon. He performs surgery at our surgery center on "
	    "the second floor.</p>", &f);
	assert_non_null(role(&f, "performed_by_physician", NULL));
	page_facts_release(&f);
}

/* A former job is no role: "Maria has 10 years of experience as an
 * esthetician" under "Client Coordinator"; "She is our lead esthetician"
 * is one. */
static void
test_past_roles(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://maxara.test/team",
	    "<script type=\"application/ld+json\">{\"@type\": \"Person\", \"name\": "
	    "\"Maria McWilliams\", \"jobTitle\": \"Client Coordinator\"}</script>"
	    "<p>Client Coordinator</p><h2>Maria McWilliams</h2>"
	    "<p>Maria has 10 years of experience as an esthetician and 3 years of experience as "
	    "a receptionist.</p>"
	    "<h2>Amanda Cortes</h2><p>Amanda is our lead esthetician.</p>", &f);
	assert_null(role(&f, "esthetician", "Maria McWilliams"));
	assert_int_equal(pract(&f, "Maria McWilliams"), -2);
	assert_non_null(role(&f, "esthetician", "Amanda Cortes"));
	page_facts_release(&f);
}

/* "Founded in 2005 by Dr Sunil Chopra": the founder is named after the
 * role's words and listed nowhere on the page; a founder the page says
 * retired is no owner. */
static void
test_founded_by(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://ldc.test/",
	    "<p>Founded in 2005 by Dr Sunil Chopra, the London Skin Centre is an established "
	    "private clinic.</p>"
	    "<p>Bayou Glow was founded in 2018 by Dr. Celeste Fontenot.</p>", &f);
	assert_non_null(person_role(&f, "owner", "Sunil Chopra"));
	assert_non_null(person_role(&f, "owner", "Celeste Fontenot"));
	page_facts_release(&f);
	run("http://rio.test/about",
	    "<p>The practice was founded in 1988 by Dr. Ernesto Lucero, MD, FAAD, in a two-room "
	    "office.</p><p>Dr. Lucero retired in 2021 and no longer sees patients.</p>"
	    "<p>Our clinic was founded in 2001 by two sisters.</p>", &f);
	assert_int_equal(f.n_roles, 0);
	page_facts_release(&f);
}

/* A page that lists its offices by town, one of them with an address:
 * the other towns are locations too, in that address's state. A name
 * after "our" on a page that names no town of its addresses may be a
 * neighbourhood or a street, and is not taken. */
static void
test_offices_by_town(void **state)
{
	struct page_facts f;
	size_t i;
	bool temecula = false;

	(void)state;
	run("http://sage.test/team",
	    "<div class=\"team-card\"><h3>Lena Ortiz, RN</h3><p>Lead injector at our Carlsbad "
	    "flagship.</p></div><div class=\"team-card\"><h3>Kim Baptiste, RN</h3><p>Kim sees "
	    "patients at our Temecula location.</p></div><p>Our Old Town office closed in "
	    "2023.</p><footer><p>210 Palm Ave, Suite 4, Carlsbad, CA 92008</p></footer>", &f);
	assert_int_equal(f.n_locations, 2);
	for (i = 0; i < f.n_locations; i++)
		if (f.locations[i].city != NULL && strcmp(f.locations[i].city, "Temecula") == 0) {
			temecula = true;
			assert_string_equal(f.locations[i].state, "CA");
			assert_null(f.locations[i].street);
		}
	assert_true(temecula);
	page_facts_release(&f);

	run("http://sage.test/about",
	    "<p>Parking is free at our Spring Valley office.</p><footer><p>8200 Main St, La "
	    "Mesa, CA 91942</p></footer>", &f);
	assert_int_equal(f.n_locations, 1);
	page_facts_release(&f);
}

/* A founder who retired, a doctor who has left the practice: named with
 * credentials on the page, but not the clinic's staff now. The one who
 * took over keeps hers. */
static void
test_former_staff(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://mesa.test/about",
	    "<p>Mesa Skin was opened in 1991 by Dr. Harold Vance, MD, FAAD. Dr. Nora Quist, MD, "
	    "took over the practice when Dr. Vance retired in 2019; he no longer sees "
	    "patients.</p>", &f);
	assert_int_equal(pract(&f, "Harold Vance"), -2);
	assert_false(any_claim(&f, "faad"));
	assert_non_null(claim(&f, "md", "Nora Quist"));
	page_facts_release(&f);

	/* retired from something else is no leaving */
	run("http://mesa.test/team",
	    "<h3>Ines Parra, RN</h3><p>Ines is a retired Air Force flight nurse who joined us in "
	    "2022.</p>", &f);
	assert_non_null(claim(&f, "rn", "Ines Parra"));
	page_facts_release(&f);
}

/* A price-table row or a menu card whose other line says its item is not
 * offered: the item is not claimed; the rows beside it are. */
static void
test_row_not_offered(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://birch.test/prices",
	    "<table><tr><th>Treatment</th><th>Price</th></tr>"
	    "<tr><td>Dysport</td><td>$4/unit</td></tr>"
	    "<tr><td>Kybella</td><td><em>No longer offered since March.</em></td></tr>"
	    "<tr><td>Thread lift</td><td>Discontinued</td></tr></table>"
	    "<div class=\"card\"><h3>Microneedling</h3><p>$300 a session.</p></div>", &f);
	assert_non_null(claim(&f, "neurotoxin", NULL));
	assert_non_null(claim(&f, "microneedling", NULL));
	assert_false(any_claim(&f, "kybella"));
	assert_false(any_claim(&f, "thread-lift"));
	page_facts_release(&f);

	/* "do not currently offer", "don't yet provide": still a negation */
	run("http://birch.test/services",
	    "<p>We do not currently offer microneedling or laser hair removal.</p>"
	    "<p>We don't yet provide tattoo removal.</p><p>We offer chemical peels.</p>", &f);
	assert_false(any_claim(&f, "microneedling"));
	assert_false(any_claim(&f, "laser-hair-removal"));
	assert_false(any_claim(&f, "tattoo-removal"));
	assert_non_null(claim(&f, "chemical-peel", NULL));
	page_facts_release(&f);
}

/* A <header> with no menu is the page's masthead, whose words are the
 * clinic's; a header holding the site's menu stays chrome. */
static void
test_masthead_header(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://alder.test/",
	    "<header class=\"hero\"><h1>Skin care on the river</h1><p>Our board-certified "
	    "dermatologists have served the valley since 2004.</p></header>", &f);
	assert_non_null(claim(&f, "board-dermatology", NULL));
	page_facts_release(&f);

	run("http://alder.test/",
	    "<header><ul><li><a href=\"/\">Home</a></li><li><a href=\"/team\">Team</a></li></ul>"
	    "<p>Our board-certified dermatologists</p></header><main><p>Welcome.</p></main>", &f);
	assert_false(any_claim(&f, "board-dermatology"));
	page_facts_release(&f);
}

/* Roles and performers read from team cards and bios, as a visitor
 * reads them: the card's person, "She" for the one named last, a nurse's
 * injecting words, the people named after "done by". */
static void
test_roles_in_cards(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://willow.test/team",
	    "<div class=\"team-member\"><h3>Nora Quill, RN</h3><p>Lead RN</p>"
	    "<p>Lead injector at our Elm Street studio, known for natural lips.</p></div>"
	    "<div class=\"team-member\"><h3>Theo Brandt, DDS</h3>"
	    "<p>Theo is a dentist and facial injector.</p></div>"
	    "<div class=\"team-member\"><h3>Iris Vale, LE</h3><p>Licensed Esthetician</p>"
	    "<p>She performs our chemical peels and dermaplaning.</p></div>"
	    "<h3>Dr. Owen Marsh, MD</h3><p>Dr. Marsh is the owner of Willow Skin. He performs "
	    "every surgery in our procedure suite.</p>"
	    "<p>Gina Hart, MA, Office Manager</p>"
	    "<p>Willow Skin is a physician-led practice.</p>"
	    "<p>Laser treatments are done by Nora Quill, RN.</p>", &f);
	/* an RN whose card line calls her an injector; a dentist is none */
	assert_non_null(role(&f, "nurse_injector", "Nora Quill"));
	assert_null(role(&f, "nurse_injector", "Theo Brandt"));
	assert_non_null(role(&f, "performed_by_rn", NULL));
	assert_non_null(role(&f, "performed_by_esthetician", NULL));
	assert_non_null(role(&f, "performed_by_physician", NULL));
	assert_string_equal(role(&f, "performed_by_esthetician", NULL)->evidence,
	                    "She performs our chemical peels and dermaplaning.");
	/* a physician who owns it: physician-owned; "physician-led" is
	 * supervision, not ownership */
	assert_non_null(role(&f, "owner", "Owen Marsh"));
	assert_non_null(role(&f, "physician_owned", NULL));
	assert_string_equal(role(&f, "physician_owned", NULL)->text, "owner");
	assert_non_null(role(&f, "supervision", NULL));
	page_facts_release(&f);
	/* in a card, a passive or supervised treatment is not the card's
	 * person's own */
	run("http://willow.test/dr-marsh",
	    "<div class=\"team-member\"><h3>Dr. Owen Marsh, MD</h3>"
	    "<p>Every treatment is performed under the supervision of our medical director.</p>"
	    "<p>Injections are performed by our nurse practitioners.</p></div>", &f);
	assert_null(role(&f, "performed_by_physician", NULL));
	assert_non_null(role(&f, "performed_by_np", NULL));
	page_facts_release(&f);
	/* a name line no credential came with, over a role line that lists
	 * her; not a theme's placeholder card, not a page section */
	run("http://willow.test/staff",
	    "<h4>Pam Siegel</h4><p>Master Medical Aesthetician</p>"
	    "<h4>Name Goes Here</h4><p>Certified Nurse Injector, RN</p>"
	    "<h4>Meet Our Team</h4><p>Medical Aesthetician</p>"
	    "<h4>Jo Cattell</h4><p>Office Manager</p>", &f);
	assert_non_null(role(&f, "esthetician", "Pam Siegel"));
	assert_int_equal(pract(&f, "Name Goes Here"), -2);
	assert_int_equal(pract(&f, "Meet Our Team"), -2);
	/* a manager is no practitioner of the directory */
	assert_int_equal(pract(&f, "Jo Cattell"), -2);
	page_facts_release(&f);
	/* another practice's titles; a role word said of someone else in the
	 * sentence; a card's sentence where the clinic speaks */
	run("http://willow.test/associates",
	    "<title>Willow Skin</title><p>Dr. Paul Reyes, MD, is the Medical Director and Owner of Cedar Point Surgery "
	    "in Dayton.</p>"
	    "<p>Dr. Ruth Kane, MD, is the Medical Director and Owner of Willow Skin.</p>"
	    "<p>Our studio is owned by Amy Lund, NP, and every laser treatment is done by a "
	    "nurse or a licensed esthetician on our staff.</p>"
	    "<div class=\"team-member\"><h3>Amy Lund, NP</h3>"
	    "<p>For injectables we are happy to suggest a practice nearby.</p></div>", &f);
	assert_null(role(&f, "medical_director", "Paul Reyes"));
	assert_null(role(&f, "owner", "Paul Reyes"));
	assert_non_null(role(&f, "medical_director", "Ruth Kane"));
	assert_non_null(role(&f, "physician_owned", NULL));
	assert_null(role(&f, "esthetician", "Amy Lund"));
	assert_null(role(&f, "nurse_injector", "Amy Lund"));
	page_facts_release(&f);
	/* one person written with and without a middle initial (the photo's
	 * alt text, the card's name line) is one name above her role line */
	run("http://willow.test/team",
	    "<img src=\"a.jpg\" alt=\"Dr. Lena Voss, dermatologist\">"
	    "<h3>Lena R. Voss, MD, FAAD</h3><p>Founder &amp; Dermatologist</p>"
	    "<p>Dr. Voss is board certified by the American Board of Dermatology.</p>", &f);
	assert_true(role(&f, "owner", "Lena Voss") != NULL || role(&f, "owner", "Lena R. Voss") != NULL);
	page_facts_release(&f);
	/* a physician named by title who performs; a nurse who is the
	 * clinic's specialist of a treatment performs it */
	run("http://willow.test/",
	    "<p>Dr. Hale performs Mohs surgery in our Elm Street office.</p>"
	    "<h3>Nora Quill, RN</h3><p>Nora is a registered nurse and our laser tattoo removal "
	    "specialist.</p>", &f);
	assert_non_null(role(&f, "performed_by_physician", NULL));
	assert_non_null(role(&f, "performed_by_rn", NULL));
	page_facts_release(&f);
	/* a founder is not said to own it; "physician-led" owns nothing; a
	 * namesake's title is not hers */
	run("http://willow.test/about",
	    "<p>Willow Skin is a physician-led practice.</p>"
	    "<h3>Maya Chen, RN</h3><p>Maya does our Botox visits.</p>"
	    "<p>Rosa Chen, Office Manager, keeps the schedule.</p>", &f);
	assert_null(role(&f, "physician_owned", NULL));
	assert_non_null(role(&f, "nurse_injector", "Maya Chen"));
	assert_null(role(&f, "manager", "Maya Chen"));
	page_facts_release(&f);
}

/* A statement about a class of staff is no one person's credential:
 * "performed by our nurse practitioners" under Dr. Roe's bio. */
static void
test_staff_class_is_not_a_person(void **state)
{
	struct page_facts f;

	(void)state;
	run("http://willow.test/team",
	    "<h3>Dr. Jane Roe, MD</h3><p>Jane is a board-certified dermatologist.</p>"
	    "<p>Injections are performed by our nurse practitioners.</p>"
	    "<h3>Lia Moss, BSN</h3><p>She is one of our registered nurses.</p>", &f);
	assert_null(claim(&f, "np", "Jane Roe"));
	assert_non_null(claim(&f, "np", NULL));
	assert_non_null(claim(&f, "md", "Jane Roe"));
	/* one person who is one of a class still is one */
	assert_non_null(claim(&f, "rn", "Lia Moss"));
	page_facts_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suffix_practitioners),
		cmocka_unit_test(test_board_sentence_attaches),
		cmocka_unit_test(test_card_attaches),
		cmocka_unit_test(test_clinic_level),
		cmocka_unit_test(test_jsonld_graph),
		cmocka_unit_test(test_jsonld_long_job_title),
		cmocka_unit_test(test_user_board_subsumes),
		cmocka_unit_test(test_microdata_address),
		cmocka_unit_test(test_not_claims),
		cmocka_unit_test(test_hidden_text),
		cmocka_unit_test(test_title_name_matches_host),
		cmocka_unit_test(test_clinic_named_as_subject),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_blog_claims_nothing),
		cmocka_unit_test(test_services_and_evidence),
		cmocka_unit_test(test_attribution),
		cmocka_unit_test(test_page_kinds),
		cmocka_unit_test(test_sections_and_cards),
		cmocka_unit_test(test_naming),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_credentials_on_their_own_line),
		cmocka_unit_test(test_all_caps),
		cmocka_unit_test(test_non_board_and_non_us),
		cmocka_unit_test(test_bio_focus_is_not_the_menu),
		cmocka_unit_test(test_staff_news_post),
		cmocka_unit_test(test_surname_first),
		cmocka_unit_test(test_line_cards),
		cmocka_unit_test(test_closed_tabs_are_read),
		cmocka_unit_test(test_own_places),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_oversight_statements),
		cmocka_unit_test(test_abroad_is_not_us),
		cmocka_unit_test(test_not_the_clinics_people),
		cmocka_unit_test(test_one_address_two_spellings),
		cmocka_unit_test(test_given_name_cards),
		cmocka_unit_test(test_offices_by_town),
		cmocka_unit_test(test_former_staff),
		cmocka_unit_test(test_row_not_offered),
		cmocka_unit_test(test_masthead_header),
		cmocka_unit_test(test_roles_in_cards),
		cmocka_unit_test(test_staff_class_is_not_a_person),
		cmocka_unit_test(test_staff_titles),
		cmocka_unit_test(test_titles_apart),
		cmocka_unit_test(test_subject_statements),
		cmocka_unit_test(test_treatment_objects),
		cmocka_unit_test(test_founded_by),
		cmocka_unit_test(test_past_roles),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("extract", tests, setup, teardown);
}
