/* main.c: clinicdex's entry point: global options, the command table and
 * the runner that opens what a command needs and reports a failed stdout. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"

/* The commands in the order --help lists them; each entry is in its
 * cmd-*.c, beside the options it describes. */
const struct cmd_entry *const cmd_table[] = {
	&cmd_crawl_entry, &cmd_discover_entry, &cmd_extract_entry, &cmd_import_entry, &cmd_search_entry,
	&cmd_show_entry, &cmd_export_entry, &cmd_report_entry, &cmd_merge_entry, &cmd_gazetteer_entry, &cmd_registry_entry,
	&cmd_verify_entry,
	&cmd_taxonomy_entry, &cmd_robots_entry, &cmd_serve_entry, &cmd_stats_entry,
	&cmd_demo_entry, &cmd_help_entry, NULL,
};

const struct cmd_entry *
cli_find_command(const char *name)
{
	for (const struct cmd_entry *const *c = cmd_table; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

static void
usage_main(FILE *out)
{
	fprintf(out,
	    "usage: clinicdex [--db PATH] [-q] [-v] COMMAND [OPTIONS] [ARGS]\n"
	    "\n"
	    "Crawl aesthetic and dermatology clinic sites, keep what they claim with\n"
	    "its evidence, and search the directory.\n"
	    "\n"
	    "Commands:\n");
	for (const struct cmd_entry *const *c = cmd_table; *c; c++)
		fprintf(out, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(out,
	    "\n"
	    "Options:\n"
	    "  --db PATH     the directory database (default $CLINICDEX_DB, else\n"
	    "                $XDG_DATA_HOME/clinicdex/clinicdex.db)\n"
	    "  -q, --quiet   no progress output\n"
	    "  -v, --verbose more detail on stderr (crawl: each failed or skipped page)\n"
	    "  --help        this help; 'clinicdex help COMMAND' for a command\n"
	    "  --version     print the version\n");
}

void
cli_print_help(const struct cmd_entry *cmd, FILE *out)
{
	fprintf(out, "usage: clinicdex %s %s\n\n%s.\n", cmd->name, cmd->usage, cmd->summary);
	if (cmd->help[0])
		fprintf(out, "\nOptions:\n%s", cmd->help);
	fprintf(out,
	    "\nCommon options:\n"
	    "  --db PATH  -q  -v  -h, --help  --version\n");
}

static int
cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *c;
	int status = 0, ch;

	while ((ch = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, cli_common_options, &status)) != -1)
		if (ch == CLI_OPT_EXIT)
			return status;
	if (optind >= argc) {
		usage_main(stdout);
		return EXIT_OK;
	}
	if (optind + 1 < argc)
		return cli_usage(ctx, "too many arguments");
	c = cli_find_command(argv[optind]);
	if (c == NULL) {
		/* the list is in the main help, not in 'help help' */
		cli_error(ctx, "'%s' is not a clinicdex command (see 'clinicdex --help')",
		          argv[optind]);
		return EXIT_USAGE;
	}
	cli_print_help(c, stdout);
	return EXIT_OK;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "show help for a command",
	.help = "",
	.options = cli_common_options,
	.exec = cmd_help,
};

/* Every error line goes through here: the message may quote a file's
 * line or an argument, so it is made safe for a terminal (no controls)
 * and short (a long word cut with an ellipsis) in this one place. */
static void
cli_verror(struct cli_ctx *ctx, const char *hint, const char *fmt, va_list ap)
{
	struct buf b;
	char *msg, *safe;

	buf_init(&b, 0);
	buf_vprintf(&b, fmt, ap);
	if (hint)
		buf_puts(&b, hint);
	msg = buf_detach(&b);
	safe = text_for_message(msg, CLI_ERROR_WORD_MAX, CLI_ERROR_MAX);
	fprintf(stderr, "clinicdex: ");
	if (ctx && ctx->cmd)
		fprintf(stderr, "%s: ", ctx->cmd->name);
	fprintf(stderr, "%s\n", safe);
	free(safe);
	free(msg);
}

void
cli_error(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verror(ctx, NULL, fmt, ap);
	va_end(ap);
}

int
cli_usage(struct cli_ctx *ctx, const char *fmt, ...)
{
	char hint[64];
	va_list ap;

	if (ctx && ctx->cmd)
		snprintf(hint, sizeof hint, " (see 'clinicdex help %s')", ctx->cmd->name);
	else
		snprintf(hint, sizeof hint, " (see 'clinicdex --help')");
	va_start(ap, fmt);
	cli_verror(ctx, hint, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int
cli_fail(struct cli_ctx *ctx, const struct cd_error *err)
{
	cli_error(ctx, "%s", err->msg[0] ? err->msg : "failed");
	return EXIT_FAIL;
}

/* Says what was wrong with the option getopt_long just refused, in our
 * format ("clinicdex: CMD: unknown option '--bogus'"), not getopt's. */
static int
bad_option(struct cli_ctx *ctx, int c, char **argv, const struct option *longopts)
{
	const char *arg = argv[optind - 1];
	const struct option *o;
	size_t len;
	int n = 0;

	if (optopt > 0 && optopt < 0x80 && !(arg[0] == '-' && arg[1] == '-')) {
		if (c == ':')
			return cli_usage(ctx, "option '-%c' requires a value", optopt);
		return cli_usage(ctx, "unknown option '-%c'", optopt);
	}
	len = strcspn(arg, "=");
	if (c == ':')
		return cli_usage(ctx, "option '%.*s' requires a value", (int)len, arg);
	/* glibc takes any unique prefix of a long option: several is "ambiguous" */
	for (o = longopts; o->name; o++)
		if (len > 2 && strncmp(o->name, arg + 2, len - 2) == 0)
			n++;
	if (n > 1)
		return cli_usage(ctx, "ambiguous option '%.*s'", (int)len, arg);
	if (optopt != 0 && len < strlen(arg))
		return cli_usage(ctx, "option '%.*s' takes no value", (int)len, arg);
	return cli_usage(ctx, "unknown option '%.*s'", (int)len, arg);
}

const struct option cli_common_options[] = { CLI_COMMON_OPTIONS, { 0, 0, 0, 0 } };

int
cli_common_option(struct cli_ctx *ctx, int c, const char *arg)
{
	switch (c) {
	case OPT_DB:
		ctx->db_path = arg;
		return 1;
	case 'q':
		ctx->quiet = 1;
		return 1;
	case 'v':
		ctx->verbose++;
		return 1;
	}
	return 0;
}

int
cli_getopt(struct cli_ctx *ctx, int argc, char **argv, const char *shortopts,
           const struct option *longopts, int *status)
{
	char spec[64];
	int c;

	/* a leading ':' makes getopt tell a missing value (':') from an
	 * unknown option ('?'); main set opterr = 0, so it prints nothing */
	snprintf(spec, sizeof spec, ":%s", shortopts);
	for (;;) {
		optopt = 0;
		c = getopt_long(argc, argv, spec, longopts, NULL);
		if (c == OPT_DB && optarg[0] == '\0') {
			*status = cli_usage(ctx, "--db: empty path");
			return CLI_OPT_EXIT;
		}
		if (cli_common_option(ctx, c, optarg))
			continue;
		switch (c) {
		case 'h':
		case OPT_HELP:
			cli_print_help(ctx->cmd, stdout);
			*status = EXIT_OK;
			return CLI_OPT_EXIT;
		case OPT_VERSION:
			printf("clinicdex %s\n", PACKAGE_VERSION);
			*status = EXIT_OK;
			return CLI_OPT_EXIT;
		case '?':
		case ':':
			*status = bad_option(ctx, c, argv, longopts);
			return CLI_OPT_EXIT;
		default:
			return c;
		}
	}
}

int
cli_db_path(struct cli_ctx *ctx, char **path)
{
	const char *env = getenv("CLINICDEX_DB"), *xdg = getenv("XDG_DATA_HOME"), *home;
	const char *given = ctx->db_path;
	char *dir = NULL, *slash;
	struct stat st;

	*path = NULL;
	if (given == NULL && env != NULL) {
		if (env[0] == '\0') {
			/* set but empty: a mistake, not a wish for the default */
			cli_error(ctx, "CLINICDEX_DB is set but empty (unset it for the default, "
			          "or name a file)");
			return EXIT_USAGE;
		}
		given = env;
	}
	if (given) {
		if (given[0] == '\0') {
			cli_error(ctx, "--db: empty path");
			return EXIT_USAGE;
		}
		/* a typo in a folder must not quietly make a new, empty directory */
		dir = xstrdup(given);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
				cli_error(ctx, "cannot open database %s: no folder %s", given, dir);
				free(dir);
				return EXIT_FAIL;
			}
		}
		free(dir);
		*path = xstrdup(given);
		return EXIT_OK;
	}
	/* index_open makes the default's folders */
	if (xdg && xdg[0] == '/') {
		*path = xasprintf("%s/clinicdex/clinicdex.db", xdg);
		return EXIT_OK;
	}
	home = getenv("HOME");
	if (home == NULL || home[0] != '/') {
		cli_error(ctx, "no database: HOME is not set; use --db PATH, or set "
		          "CLINICDEX_DB, XDG_DATA_HOME or HOME");
		return EXIT_FAIL;
	}
	*path = xasprintf("%s/.local/share/clinicdex/clinicdex.db", home);
	return EXIT_OK;
}

/* Can this process write path and create files beside it (-wal, -shm)? */
static bool
cli_writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok;

	if (slash == NULL)
		snprintf(dir, strlen(dir) + 1, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	ok = access(path, W_OK) == 0 && access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

/* Opens the database once; with read_ok, a file that cannot be written
 * (a read-only file system, a file or folder this user may not write) is
 * opened read only instead. */
static int
cli_open(struct cli_ctx *ctx, bool read_ok)
{
	struct cd_error err = { 0, "" };
	char *path;
	int rc;

	if (ctx->idx)
		return EXIT_OK;
	if ((rc = cli_db_path(ctx, &path)) != EXIT_OK)
		return rc;
	/* a reader who may not write the database opens it read only at
	 * once: opening it for writing could leave -wal and -shm files that
	 * lock its owner out */
	if (read_ok && access(path, F_OK) == 0 && !cli_writable(path))
		rc = index_open_readonly(path, &ctx->idx, &err);
	else if (read_ok)
		rc = index_open_reader(path, &ctx->idx, &err);
	else
		rc = index_open(path, &ctx->idx, &err);
	free(path);
	if (rc != 0)
		return cli_fail(ctx, &err);
	return EXIT_OK;
}

int
cli_open_index_read(struct cli_ctx *ctx)
{
	int rc = cli_open(ctx, true);

	if (rc == EXIT_OK)
		index_map_for_reading(ctx->idx);
	return rc;
}

/* $CLINICDEX_DATADIR, else the installed PKGDATADIR, else data/ beside
 * the executable: ./clinicdex run in a built source tree before (or
 * without) `make install` finds its rules and sample web. */
const char *
cli_datadir(void)
{
	static char found[PATH_MAX];
	const char *d = getenv("CLINICDEX_DATADIR");
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (d && d[0])
		return d;
	if (found[0])
		return found;
	snprintf(found, sizeof found, "%s", PKGDATADIR);
	if (access(PKGDATADIR "/rules.json", R_OK) == 0)
		return found;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			char *cand;

			*slash = '\0';
			cand = xasprintf("%s/data", exe);
			if (strlen(cand) < sizeof found) {
				char *rules = xasprintf("%s/rules.json", cand);

				if (access(rules, R_OK) == 0)
					snprintf(found, sizeof found, "%s", cand);
				free(rules);
			}
			free(cand);
		}
	}
	return found;
}

static int
load_rules(struct cli_ctx *ctx, bool full)
{
	struct cd_error err = { 0, "" };
	const char *env = getenv("CLINICDEX_RULES");
	char *path;
	int rc;

	if (ctx->rules && (ctx->rules_full || !full))
		return EXIT_OK;
	rules_free(ctx->rules);
	ctx->rules = NULL;
	path = env && env[0] ? xstrdup(env) : xasprintf("%s/rules.json", cli_datadir());
	rc = full ? rules_load(path, &ctx->rules, &err) : rules_load_codes(path, &ctx->rules, &err);
	free(path);
	if (rc != 0)
		return cli_fail(ctx, &err);
	ctx->rules_full = full;
	return EXIT_OK;
}

int
cli_load_taxonomy(struct cli_ctx *ctx)
{
	return load_rules(ctx, false);
}

int
cli_setup_as(struct cli_ctx *ctx, unsigned flags)
{
	int rc = EXIT_OK;

	/* the rules first: a broken rules file is said before the database
	 * is touched (and created) */
	if (flags & CMD_RULES)
		rc = load_rules(ctx, true);
	else if (flags & CMD_TAXONOMY)
		rc = load_rules(ctx, false);
	if (rc == EXIT_OK && (flags & CMD_INDEX_WRITE))
		rc = cli_open(ctx, false);
	else if (rc == EXIT_OK && (flags & CMD_INDEX_READ))
		rc = cli_open_index_read(ctx);
	return rc;
}

int
cli_setup(struct cli_ctx *ctx)
{
	return cli_setup_as(ctx, ctx->cmd->flags);
}

long
cli_parse_count(const char *s)
{
	char *end = NULL;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < 0)
		return -1;
	return v;
}

long
cli_parse_duration(const char *s)
{
	char *end = NULL;
	long v, mul = 1;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || v < 0)
		return -1;
	if (*end) {
		switch (*end) {
		case 's': mul = 1; break;
		case 'm': mul = 60; break;
		case 'h': mul = 3600; break;
		case 'd': mul = 86400; break;
		case 'w': mul = 7 * 86400; break;
		default: return -1;
		}
		if (end[1] != '\0')
			return -1;
	}
	if (v > LONG_MAX / mul)
		return -1;
	return v * mul;
}

/* Flushes and closes stdout so a full disk or a closed pipe is reported
 * as a failure, not lost silently (git's run_builtin does the same). */
static int
finish_stdout(struct cli_ctx *ctx, int status)
{
	struct stat st;

	if (fstat(fileno(stdout), &st) != 0)
		return status;      /* stdout was closed before we began */
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			return status;
		cli_error(ctx, "cannot write output: %s", strerror(errno));
		return status == EXIT_OK ? EXIT_FAIL : status;
	}
	return status;
}

/* The id of global option a (a short one's letter, else its OPT_ id),
 * with *value set when it is "--name=VALUE"; 0 when a is none. Unlike
 * getopt_long, a long option is not taken by a prefix here. */
static int
global_option(const char *a, const char **value)
{
	*value = NULL;
	if (a[0] == '-' && a[1] != '-' && a[1] != '\0' && a[2] == '\0')
		return a[1] == 'V' || strchr(CLI_COMMON_SHORT, a[1]) ? a[1] : 0;
	if (a[0] != '-' || a[1] != '-')
		return 0;
	for (const struct option *o = cli_common_options; o->name; o++) {
		size_t n = strlen(o->name);

		if (strncmp(a + 2, o->name, n) != 0)
			continue;
		if (a[2 + n] == '\0')
			return o->val;
		if (a[2 + n] == '=' && o->has_arg == required_argument) {
			*value = a + 3 + n;
			return o->val;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli_ctx ctx;
	const struct cmd_entry *cmd;
	int i = 1, status;

	memset(&ctx, 0, sizeof ctx);
	setlocale(LC_CTYPE, "C.UTF-8");

	/* Global options come before the command: the common options of
	 * cli_common_options, matched whole, and -V. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *value = NULL;
		int c = global_option(a, &value);

		if (c == OPT_DB && value == NULL) {
			if (i + 1 >= argc) {
				cli_error(NULL, "option '--db' requires an argument");
				return EXIT_USAGE;
			}
			value = argv[++i];
		}
		if (cli_common_option(&ctx, c, value))
			continue;
		if (c == 'h' || c == OPT_HELP) {
			/* `clinicdex --help crawl` is crawl's help, as with git */
			if (i + 1 < argc && argv[i + 1][0] != '-') {
				if ((cmd = cli_find_command(argv[i + 1])) == NULL) {
					cli_error(NULL, "'%s' is not a clinicdex command "
					          "(see 'clinicdex --help')", argv[i + 1]);
					return EXIT_USAGE;
				}
				cli_print_help(cmd, stdout);
			} else {
				usage_main(stdout);
			}
			return finish_stdout(&ctx, EXIT_OK);
		} else if (c == 'V' || c == OPT_VERSION) {
			printf("clinicdex %s\n", PACKAGE_VERSION);
			return finish_stdout(&ctx, EXIT_OK);
		} else {
			cli_error(NULL, "unknown option '%s' (see 'clinicdex --help')", a);
			return EXIT_USAGE;
		}
	}
	if (ctx.db_path && ctx.db_path[0] == '\0') {
		cli_error(NULL, "--db: empty path (see 'clinicdex --help')");
		return EXIT_USAGE;
	}
	if (i >= argc) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	cmd = cli_find_command(argv[i]);
	if (cmd == NULL) {
		cli_error(NULL, "'%s' is not a clinicdex command (see 'clinicdex --help')", argv[i]);
		return EXIT_USAGE;
	}
	ctx.cmd = cmd;
	optind = 1;
	opterr = 0;   /* cli_getopt reports bad options in our format */
	status = cmd->exec(&ctx, argc - i, argv + i);
	if (ctx.idx)
		index_close(ctx.idx);
	if (ctx.rules)
		rules_free(ctx.rules);
	return finish_stdout(&ctx, status);
}
