/* api.c: the JSON API: /api/search (the clinics of the JSON Lines export,
 * in one object with the paging), /api/search.csv (the CSV export of the
 * search) and /api/clinics/ID (what `show --format json` prints). Errors
 * are {"error": "..."} with the HTTP status that fits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "common/xalloc.h"
#include "index/export.h"
#include "index/sitelog.h"
#include "web/web.h"

static void
web_api_json(struct web_reply *rp, int status, json_object *o)
{
	buf_reset(&rp->body);
	rp->status = status;
	rp->type = "application/json; charset=utf-8";
	rp->api = true;
	buf_puts(&rp->body, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	                                                       JSON_C_TO_STRING_NOSLASHESCAPE));
	buf_putc(&rp->body, '\n');
}

void
web_api_error(struct web_reply *rp, int status, const char *message)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "error", json_object_new_string(message));
	web_api_json(rp, status, o);
	json_object_put(o);
}

/* The status of a failed search: the user's fault (400), an unknown place
 * (404), or ours (500). */
static int
web_search_status(int rc)
{
	return rc == CD_EINVAL ? 400 : rc == CD_ENOTFOUND ? 404 : 500;
}

struct api_rows {
	json_object *arr;
	FILE *csv;
	bool near;
	long rows;
};

static int
api_row(const struct clinic_row *r, void *arg)
{
	struct api_rows *a = arg;

	a->rows++;
	if (a->csv)
		return export_clinic_row(r, EXPORT_CSV, a->csv);
	json_object_array_add(a->arr, export_clinic_object(r));
	return 0;
}

void
web_api_search(const struct web_request *rq, struct web_reply *rp, bool csv)
{
	struct cd_error err = { 0, "" };
	struct web_params p;
	struct api_rows a = { NULL, NULL, false, 0 };
	json_object *o = NULL;
	char *mem = NULL;
	size_t memlen = 0;
	int rc = 0;

	web_params_init(&p, csv ? WEB_MAX_CSV_LIMIT : WEB_MAX_LIMIT);
	if ((rc = web_request_params(rq, &p, csv ? WEB_MAX_CSV_LIMIT : WEB_PAGE_SIZE, &err)) != 0) {
		web_api_error(rp, 400, err.msg);
		goto out;
	}
	a.near = p.f.near != NULL;
	if (csv) {
		a.csv = open_memstream(&mem, &memlen);
		if (a.csv == NULL || export_clinic_header(a.near, a.csv) != 0) {
			web_api_error(rp, 500, "cannot build the CSV");
			goto out;
		}
	} else {
		a.arr = json_object_new_array();
	}
	rc = index_search_clinics(rq->idx, &p.f, api_row, &a, &err);
	if (rc != 0) {
		web_api_error(rp, web_search_status(rc), err.msg[0] ? err.msg : "search failed");
		goto out;
	}
	if (csv) {
		if (fclose(a.csv) != 0) {
			a.csv = NULL;
			web_api_error(rp, 500, "cannot build the CSV");
			goto out;
		}
		a.csv = NULL;
		rp->status = 200;
		rp->type = "text/csv; charset=utf-8";
		rp->api = true;
		rp->disposition = "attachment; filename=\"clinics.csv\"";
		if (buf_append(&rp->body, mem, memlen) != 0)
			web_api_error(rp, 500, "the CSV is too large: use a smaller limit");
		goto out;
	}
	o = json_object_new_object();
	json_object_object_add(o, "limit", json_object_new_int64(p.f.limit));
	json_object_object_add(o, "offset", json_object_new_int64(p.f.offset));
	json_object_object_add(o, "count", json_object_new_int64(a.rows));
	json_object_object_add(o, "clinics", a.arr);
	a.arr = NULL;   /* transferred */
	web_api_json(rp, 200, o);
out:
	if (a.csv)
		fclose(a.csv);
	free(mem);
	json_object_put(a.arr);
	json_object_put(o);
	web_params_release(&p);
}

void
web_api_clinic(const struct web_request *rq, struct web_reply *rp, const char *id)
{
	struct cd_error err = { 0, "" };
	json_object *clinic = NULL;
	int rc = 0;

	if (rq->n_args > 0 || rq->too_many_args) {
		web_api_error(rp, 400, "a clinic takes no parameters");
		return;
	}
	if (!web_valid_clinic_ref(id)) {
		web_api_error(rp, 404, "no such clinic");
		return;
	}
	rc = index_clinic_show_json(rq->idx, id, INDEX_SHOW_MAX_FAILURES, &clinic, &err);
	if (rc == CD_ENOTFOUND)
		web_api_error(rp, 404, "no such clinic");
	else if (rc != 0)
		web_api_error(rp, 500, err.msg[0] ? err.msg : "cannot read the clinic");
	else
		web_api_json(rp, 200, clinic);
	json_object_put(clinic);
}
