/* devices.c: FDA decisions stored and claims checked against them (see
 * devices.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "common/buf.h"
#include "index/sql.h"
#include "registry/devices.h"
#include "registry/registry.h"

/* A brand's look-up: some 45 bytes per name and product code the rules
 * file (verify.devices) gives the brand. */
#define DEVICES_SQL_MAX (64 * 1024)

struct fda_load {
	struct registry_stage s;     /* first: the stage is the load */
	struct registry_fda_result *res;
	int64_t k, den;              /* 510(k) and De Novo numbers staged */
};

static int
store_decision(const struct fda_row *p, void *arg)
{
	struct fda_load *l = arg;
	sqlite3_stmt *ins = l->s.st[0];
	int rc = 0;

	sqlite3_reset(ins);
	sqlite3_bind_text(ins, 1, p->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, p->applicant, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, p->decision_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, p->decision, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, p->product_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, p->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, p->device_name, -1, SQLITE_STATIC);
	if ((rc = index_sql_step_done(l->s.idx, ins, "cannot store an FDA decision",
	                              l->s.err)) != 0)
		return rc;
	if (p->number[0] == 'K')
		l->k++;
	else
		l->den++;
	return registry_stage_kept(&l->s);
}

static int
fda_stage_read(struct registry_stage *s, FILE *fp, const char *name)
{
	struct fda_load *l = (struct fda_load *)s;

	return fda_read(fp, name, store_decision, l, &l->res->read, s->err);
}

/* The new decisions in place of the old of the same kind, and the
 * import's record: one file is one kind, the 510(k) file or the De Novo
 * file. */
static int
fda_stage_swap(struct registry_stage *s, const char *name)
{
	struct fda_load *l = (struct fda_load *)s;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	s->label = l->k >= l->den ? "510k" : "denovo";
	if ((rc = index_sql_prepare(s->idx, "DELETE FROM fda_decisions WHERE kind = ?1", &st,
	                            s->err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, s->label, -1, SQLITE_STATIC);
	rc = index_sql_step_done(s->idx, st, "cannot replace FDA decisions", s->err);
	index_sql_done(s->idx, st);
	st = NULL;
	if (rc != 0 || (rc = index_sql_prepare(s->idx, "INSERT INTO fda_decisions (kind, number,"
	                                       " applicant, decision_date, decision, product_code,"
	                                       " type, device_name) SELECT ?1, number, applicant,"
	                                       " decision_date, decision, product_code, type,"
	                                       " device_name FROM fda_new", &st, s->err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, s->label, -1, SQLITE_STATIC);
	rc = index_sql_step_done(s->idx, st, "cannot store FDA decisions", s->err);
	index_sql_done(s->idx, st);
	if (rc != 0 || (rc = registry_stage_record(s, name)) != 0)
		return rc;
	return index_sql_exec(s->idx, "DROP TABLE fda_new;", s->err);
}

static const struct registry_stage_ops fda_ops = {
	.drop = "DROP TABLE IF EXISTS fda_new;",
	.create = "CREATE TABLE fda_new (number TEXT NOT NULL, applicant TEXT NOT NULL,"
	          " decision_date TEXT NOT NULL, decision TEXT NOT NULL, product_code TEXT NOT"
	          " NULL, type TEXT NOT NULL, device_name TEXT NOT NULL);",
	.insert = { "INSERT INTO fda_new VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)" },
	.read = fda_stage_read,
	.swap = fda_stage_swap,
};

int
index_fda_import(struct index *idx, FILE *fp, const char *name,
                 struct registry_fda_result *res, struct cd_error *err)
{
	struct fda_load l = {
		.s = { .idx = idx, .err = err, .rows = &res->read.rows,
		       .malformed = &res->read.malformed, .none_kept = "no usable FDA decision",
		       .kind = "fda" },
		.res = res,
	};
	int rc = 0;

	memset(res, 0, sizeof *res);
	rc = registry_stage_import(&l.s, &fda_ops, fp, name);
	res->kept = l.s.kept;
	return rc;
}

int
registry_fda_loaded(struct index *idx, bool *loaded, struct cd_error *err)
{
	return registry_loaded(idx, "fda", loaded, "cannot look up the FDA import", err);
}

int
registry_fda_judge(struct index *idx, const struct verify_rules *rules, const char *evidence,
                   enum claim_status *status, char *reason, size_t n, struct cd_error *err)
{
	const struct verify_device *b = verify_rules_device_in(rules, evidence);
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0, k = 0, r = 0;

	if (b == NULL) {
		*status = CLAIM_UNCHECKED;
		snprintf(reason, n, "the sentence names no device to look up in FDA's decisions");
		return 0;
	}
	/* the device's name in FDA's words, or its maker with its product
	 * code; only decisions that clear or grant, the latest first */
	buf_init(&sql, DEVICES_SQL_MAX);
	r |= buf_puts(&sql, "SELECT number, decision_date, decision, product_code, applicant,"
	                    " device_name FROM fda_decisions WHERE (0");
	for (size_t w = 0; w < b->n_device_names; w++, k++)
		r |= buf_printf(&sql, " OR instr(upper(device_name), ?%d) > 0", k + 1);
	if (b->applicant != NULL) {
		r |= buf_printf(&sql, " OR (instr(upper(applicant), ?%d) > 0"
		                      " AND product_code IN (''", k + 1);
		for (size_t c = 0; c < b->n_product_codes; c++)
			r |= buf_printf(&sql, ", ?%d", k + 2 + (int)c);
		r |= buf_puts(&sql, "))");
	}
	r |= buf_puts(&sql, ") AND (decision LIKE 'SES%' OR decision = 'DENG')"
	                    " ORDER BY decision_date DESC, number LIMIT 1");
	if (r != 0) {
		rc = cd_error_set(err, CD_EINVAL, "the FDA look-up of a device is too long");
		goto out;
	}
	if ((rc = index_sql_prepare(idx, buf_str(&sql), &st, err)) != 0)
		goto out;
	k = 0;
	for (size_t w = 0; w < b->n_device_names; w++)
		sqlite3_bind_text(st, ++k, b->device_names[w], -1, SQLITE_STATIC);
	if (b->applicant != NULL) {
		sqlite3_bind_text(st, ++k, b->applicant, -1, SQLITE_STATIC);
		for (size_t c = 0; c < b->n_product_codes; c++)
			sqlite3_bind_text(st, ++k, b->product_codes[c], -1, SQLITE_STATIC);
	}
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *num = index_sql_text(st, 0);
		bool den = strncmp(num, "DEN", 3) == 0;
		char rec[512];

		snprintf(rec, sizeof rec, "%s %s, decided %s (%s), product code %s, %s: \"%s\"",
		         den ? "De Novo" : "510(k)", num, index_sql_text(st, 1), index_sql_text(st, 2),
		         index_sql_text(st, 3), index_sql_text(st, 4), index_sql_text(st, 5));
		if (strcasestr(evidence, "approv") != NULL) {
			*status = CLAIM_CONFLICT;
			snprintf(reason, n, "device %s: FDA %s it, not approved: %s", b->brand,
			         den ? "granted" : "cleared", rec);
		} else {
			*status = CLAIM_CONSISTENT;
			snprintf(reason, n, "device %s: FDA %s %s", b->brand, den ? "grant" : "clearance",
			         rec);
		}
	} else if (step == SQLITE_DONE) {
		*status = CLAIM_UNMATCHED;
		snprintf(reason, n, "device %s: no FDA 510(k) clearance or De Novo grant in the loaded "
		         "decisions", b->brand);
	} else {
		rc = index_sql_fail(idx, err, "cannot search FDA decisions");
	}
out:
	index_sql_done(idx, st);
	buf_release(&sql);
	return rc;
}
