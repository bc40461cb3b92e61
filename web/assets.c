/* assets.c: the files the pages may load besides themselves: the style
 * sheet and the map script compiled in, and Leaflet (vendored from npm
 * at build time) read once at start from a fixed list of names. A
 * request names an asset, never a path: nothing else is ever opened. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/xalloc.h"
#include "web/web.h"

#define WEB_MAX_ASSET (1u << 20)   /* leaflet.js is 147 KiB */

/* The map: markers from the results' data attributes, drawn as circles
 * (no marker images), each with a popup built as text, never as HTML;
 * tiles only when the operator gave a tile URL. */
static const char web_map_js[] =
	"(function () {\n"
	"  'use strict';\n"
	"  var box = document.getElementById('map');\n"
	"  if (!box || typeof L === 'undefined') return;\n"
	"  var points = document.querySelectorAll('[data-lat][data-lon]');\n"
	"  var bounds = [];\n"
	"  box.className += ' map-on';\n"
	"  var map = L.map(box, { scrollWheelZoom: false });\n"
	"  var tiles = box.getAttribute('data-tiles');\n"
	"  if (tiles) L.tileLayer(tiles, { maxZoom: 18, attribution: box.getAttribute('data-attribution') || '' }).addTo(map);\n"
	"  for (var i = 0; i < points.length; i++) {\n"
	"    var p = points[i], lat = parseFloat(p.getAttribute('data-lat')), lon = parseFloat(p.getAttribute('data-lon'));\n"
	"    if (!isFinite(lat) || !isFinite(lon)) continue;\n"
	"    var pop = document.createElement('a');\n"
	"    pop.textContent = p.getAttribute('data-name') || '';\n"
	"    var href = p.getAttribute('data-href') || '';\n"
	"    if (href.charAt(0) === '/' && href.charAt(1) !== '/') pop.setAttribute('href', href);\n"
	"    L.circleMarker([lat, lon], { radius: 8, color: '#0b5cad', weight: 2, fillOpacity: 0.6 })\n"
	"      .bindPopup(pop).addTo(map);\n"
	"    bounds.push([lat, lon]);\n"
	"  }\n"
	"  if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });\n"
	"  else map.setView([39.5, -98.35], 4);\n"
	"})();\n";

struct web_file {
	const char *name, *type;
	char *data;
	size_t len;
};

static struct web_file web_leaflet[] = {
	{ "leaflet.js", "text/javascript; charset=utf-8", NULL, 0 },
	{ "leaflet.css", "text/css; charset=utf-8", NULL, 0 },
};

static int
web_read_file(const char *path, char **data, size_t *len, struct cd_error *err)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	int rc = 0;

	if (fp == NULL)
		return cd_error_set(err, CD_EIO, "cannot open %s: %s", path, strerror(errno));
	buf_init(&b, WEB_MAX_ASSET);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (buf_append(&b, chunk, n) != 0) {
			rc = cd_error_set(err, CD_EIO, "%s is larger than %u bytes", path, WEB_MAX_ASSET);
			break;
		}
	if (rc == 0 && ferror(fp))
		rc = cd_error_set(err, CD_EIO, "cannot read %s", path);
	fclose(fp);
	if (rc != 0) {
		buf_release(&b);
		return rc;
	}
	*len = b.len;
	*data = buf_detach(&b);
	return 0;
}

int
web_assets_load(const char *dir, struct cd_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof web_leaflet / sizeof web_leaflet[0]; i++) {
		char *path = xasprintf("%s/%s", dir, web_leaflet[i].name);

		rc = web_read_file(path, &web_leaflet[i].data, &web_leaflet[i].len, err);
		free(path);
		if (rc != 0) {
			web_assets_free();
			return rc;
		}
	}
	return 0;
}

void
web_assets_free(void)
{
	size_t i;

	for (i = 0; i < sizeof web_leaflet / sizeof web_leaflet[0]; i++) {
		free(web_leaflet[i].data);
		web_leaflet[i].data = NULL;
		web_leaflet[i].len = 0;
	}
}

bool
web_asset(const char *path, struct web_reply *rp)
{
	size_t i;

	if (strcmp(path, "/static/style.css") == 0) {
		rp->type = "text/css; charset=utf-8";
		buf_puts(&rp->body, web_style_css);
	} else if (strcmp(path, "/static/map.js") == 0 && web_leaflet[0].data) {
		rp->type = "text/javascript; charset=utf-8";
		buf_puts(&rp->body, web_map_js);
	} else {
		if (strncmp(path, "/static/leaflet/", 16) != 0)
			return false;
		for (i = 0; i < sizeof web_leaflet / sizeof web_leaflet[0]; i++)
			if (web_leaflet[i].data && strcmp(path + 16, web_leaflet[i].name) == 0)
				break;
		if (i == sizeof web_leaflet / sizeof web_leaflet[0])
			return false;
		rp->type = web_leaflet[i].type;
		buf_append(&rp->body, web_leaflet[i].data, web_leaflet[i].len);
	}
	rp->status = 200;
	rp->cache = true;
	return true;
}
