/* cmd-demo.c: `clinicdex demo`: serve the bundled sample web on loopback
 * with the Python test server, crawl it through --connect-to, then print a
 * search and a CSV export, so a newcomer sees the whole path work. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/xalloc.h"
#include "crawler/crawl.h"
#include "index/export.h"
#include "index/query.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sample sites: every directory of the demo web whose name is a host
 * ("lumina-dermatology.test"), as seed URLs, sorted. */
static int
demo_seeds(const char *web, char ***out, size_t *n)
{
	DIR *d = opendir(web);
	struct dirent *e;
	char **v = NULL;
	size_t k = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (e->d_name[0] == '.' || strchr(e->d_name, '.') == NULL)
			continue;
		path = xasprintf("%s/%s", web, e->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			v = xreallocarray(v, k + 1, sizeof *v);
			v[k++] = xasprintf("http://%s/", e->d_name);
		}
		free(path);
	}
	closedir(d);
	if (k)
		qsort(v, k, sizeof *v, cmp_str);
	*out = v;
	*n = k;
	return 0;
}

/* Starts server.py --root web --port 0 and reads the port it prints.
 * Returns the child's pid, or -1 with the reason in why. */
static pid_t
server_start(const char *server, const char *web, int *port, char *why, size_t whylen)
{
	const char *py = getenv("PYTHON3");
	char line[32];
	size_t got = 0;
	int fds[2], devnull;
	struct pollfd pfd;
	pid_t pid;

	if (py == NULL || py[0] == '\0')
		py = "python3";
	if (pipe(fds) != 0) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		execlp(py, py, server, "--root", web, "--port", "0", "--bind", "127.0.0.1",
		       (char *)NULL);
		fprintf(stderr, "clinicdex: demo: cannot run %s: %s\n", py, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (got < sizeof line - 1 && memchr(line, '\n', got) == NULL) {
		ssize_t r;

		if (poll(&pfd, 1, 15000) <= 0)
			break;
		r = read(fds[0], line + got, sizeof line - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fds[0]);
	line[got] = '\0';
	*port = atoi(line);
	if (*port <= 0 || *port > 65535) {
		snprintf(why, whylen, "the sample web server (%s) did not start", server);
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
		return -1;
	}
	return pid;
}

static int
print_search_row(const struct clinic_row *r, void *arg)
{
	(void)arg;
	printf("  %-4lld ", (long long)r->clinic_id);
	out_cell(stdout, r->name, 30);
	fputc(' ', stdout);
	out_cell(stdout, r->city, 14);
	fputc(' ', stdout);
	out_text(stdout, r->services);
	fputc('\n', stdout);
	return 0;
}

static const struct option demo_opts[] = { CLI_COMMON_OPTIONS, { 0, 0, 0, 0 } };

/* The demo's two queries on what it crawled: a search and an export. */
static int
demo_show(struct cli_ctx *ctx)
{
	const char *micro[] = { "microneedling" };
	struct search_filter f;
	struct cd_error err = { 0, "" };

	memset(&f, 0, sizeof f);
	f.state = "TX";
	f.services = micro;
	f.n_services = 1;
	printf("\n$ clinicdex search --state TX --service microneedling\n");
	if (index_search_clinics(ctx->idx, &f, print_search_row, NULL, &err) != 0)
		return cli_fail(ctx, &err);
	printf("\n$ clinicdex export --what clinics --format csv\n");
	memset(&f, 0, sizeof f);
	if (export_write(ctx->idx, EXPORT_CLINICS, EXPORT_CSV, &f, stdout, &err) != 0)
		return cli_fail(ctx, &err);
	return EXIT_OK;
}

/* Closes and removes the demo's own database tmpdb and its folder tmpdir
 * (both freed); ctx is left without a database. */
static void
demo_remove_db(struct cli_ctx *ctx, char *tmpdir, char *tmpdb)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	if (ctx->idx) {
		index_close(ctx->idx);
		ctx->idx = NULL;
	}
	for (i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		char *file = xasprintf("%s%s", tmpdb, sfx[i]);

		unlink(file);
		free(file);
	}
	rmdir(tmpdir);
	ctx->db_path = NULL;
	free(tmpdb);
	free(tmpdir);
}

static int
cmd_demo(struct cli_ctx *ctx, int argc, char **argv)
{
	struct crawl_options o;
	char **seeds = NULL, *web = NULL, *server = NULL, *connect = NULL, why[512];
	char *tmpdir = NULL, *tmpdb = NULL;
	size_t n = 0, i;
	pid_t pid = -1;
	int c, status = EXIT_OK, port = 0;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, demo_opts, &status)) != -1)
		if (c == CLI_OPT_EXIT)
			return status;
	if (optind < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind]);

	/* fictional clinics must not mix with the user's directory: without
	 * --db the demo crawls into a database of its own, removed at the end */
	if (ctx->db_path == NULL) {
		const char *t = getenv("TMPDIR");

		tmpdir = xasprintf("%s/clinicdex-demo.XXXXXX", t && t[0] ? t : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			cli_error(ctx, "cannot create a temporary folder %s: %s", tmpdir,
			          strerror(errno));
			free(tmpdir);
			return EXIT_FAIL;
		}
		tmpdb = xasprintf("%s/demo.db", tmpdir);
		ctx->db_path = tmpdb;
		if (!ctx->quiet)
			fprintf(stderr, "crawling into a temporary database, removed at the end "
			        "(clinicdex --db FILE demo keeps it)\n");
	}
	web = xasprintf("%s/demo-web", cli_datadir());
	server = xasprintf("%s/server.py", cli_datadir());
	if (access(server, R_OK) != 0) {           /* running from a source tree */
		free(server);
		server = xasprintf("%s/../tests/web/server.py", cli_datadir());
	}
	if (demo_seeds(web, &seeds, &n) != 0 || n == 0) {
		cli_error(ctx, "no sample web in %s (set CLINICDEX_DATADIR)", web);
		status = EXIT_FAIL;
		goto out;
	}
	pid = server_start(server, web, &port, why, sizeof why);
	if (pid < 0) {
		cli_error(ctx, "%s", why);
		status = EXIT_FAIL;
		goto out;
	}
	if (!ctx->quiet)
		fprintf(stderr, "serving %zu sample sites on 127.0.0.1:%d\n", n, port);

	crawl_options_init(&o);
	connect = xasprintf("::127.0.0.1:%d", port);
	o.connect_to = (const char *const *)&connect;
	o.n_connect_to = 1;
	o.allow_private = true;   /* the sample web is on loopback, by design */
	o.delay_ms = 0;
	o.per_host = 4;
	printf("$ clinicdex crawl --connect-to ::127.0.0.1:%d --allow-private --delay 0 "
	       "http://...test/ (%zu sites)\n", port, n);
	fflush(stdout);
	status = cli_run_crawl(ctx, &o, (const char *const *)seeds, n);
	if (status != EXIT_OK)
		goto out;

	status = demo_show(ctx);
out:
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
	if (tmpdir)
		demo_remove_db(ctx, tmpdir, tmpdb);
	for (i = 0; i < n; i++)
		free(seeds[i]);
	free(seeds);
	free(web);
	free(server);
	free(connect);
	return status;
}

const struct cmd_entry cmd_demo_entry = {
	.name = "demo",
	.usage = "",
	.summary = "crawl the bundled sample web, then print a search and an export",
	.help = "  The sample web is served on loopback by a small Python server and\n"
	        "  crawled into a temporary database, removed at the end; with --db PATH\n"
	        "  it is crawled there and kept.\n",
	.options = demo_opts,
	.flags = CMD_RULES | CMD_INDEX_WRITE,
	.exec = cmd_demo,
};
