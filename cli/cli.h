/* cli.h: the clinicdex program: the command table, the shared runner
 * state and the helpers every cmd-*.c uses. Only cli/ prints errors and
 * picks exit codes: 0 success, 1 runtime failure, 2 usage error. */
#ifndef CD_CLI_H
#define CD_CLI_H
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include "common/error.h"
#include "index/index.h"
#include "crawler/rules.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli_ctx;

struct cli_command {
	const char *name;
	const char *usage;     /* after "clinicdex NAME " */
	const char *summary;   /* one line for the command list */
	const char *help;      /* the options, printed by --help */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

struct cli_ctx {
	const struct cli_command *cmd;
	const char *db_path;   /* from --db, NULL: environment or default */
	int quiet;
	int verbose;
	struct index *idx;     /* opened by cli_open_index, closed by main */
	struct rules *rules;   /* loaded by cli_load_rules, freed by main */
	bool rules_full;       /* rules has its patterns, not just the codes */
};

extern const struct cli_command cli_commands[];
const struct cli_command *cli_find_command(const char *name);

/* Options every command accepts besides its own; a command's long option
 * table ends with CLI_COMMON_OPTIONS then the zero entry. */
enum { OPT_DB = 0x1000, OPT_HELP, OPT_VERSION, OPT_FIRST_LOCAL };
#define CLI_COMMON_OPTIONS \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "help", no_argument, NULL, OPT_HELP }, \
	{ "version", no_argument, NULL, OPT_VERSION }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "verbose", no_argument, NULL, 'v' }
#define CLI_COMMON_SHORT "hqv"

/* getopt_long that handles the common options itself. Returns the next
 * command option; -1 at the end; CLI_OPT_EXIT with *status set when the
 * command must stop (after --help or --version: 0; after a bad option: 2). */
#define CLI_OPT_EXIT (-2)
int cli_getopt(struct cli_ctx *ctx, int argc, char **argv, const char *shortopts,
               const struct option *longopts, int *status);

/* Prints "clinicdex: CMD: message" to stderr, the message without
 * control characters, each word of it cut at CLI_ERROR_WORD_MAX bytes and
 * the whole at CLI_ERROR_MAX, with an ellipsis (text_for_message). */
#define CLI_ERROR_WORD_MAX 120
#define CLI_ERROR_MAX 600
void cli_error(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, plus a hint to read --help; returns EXIT_USAGE. */
int cli_usage(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints err's message as a cli_error and returns EXIT_FAIL. */
int cli_fail(struct cli_ctx *ctx, const struct cd_error *err);
void cli_print_help(const struct cli_command *cmd, FILE *out);

/* The database path in *path (caller frees): --db, else $CLINICDEX_DB,
 * else $XDG_DATA_HOME/clinicdex/clinicdex.db (~/.local/share/...); the
 * folder of an explicit path must exist (index_open makes the default's
 * only). Returns EXIT_OK, or prints why not and returns the exit status
 * (an empty --db or $CLINICDEX_DB: 2; no $HOME, a missing folder: 1). */
int cli_db_path(struct cli_ctx *ctx, char **path);
/* Opens ctx->idx once; on failure prints the error and returns EXIT_FAIL. */
int cli_open_index(struct cli_ctx *ctx);
/* The same for commands that only read: falls back to opening the file
 * read only when it cannot be written. */
int cli_open_index_read(struct cli_ctx *ctx);
/* Where rules.json, the demo web and the demo server live:
 * $CLINICDEX_DATADIR, else the installed PKGDATADIR. */
const char *cli_datadir(void);
/* Loads ctx->rules once ($CLINICDEX_RULES, else DATADIR/rules.json). */
int cli_load_rules(struct cli_ctx *ctx);
/* Loads only the codes of the rules (cheap), unless already loaded. */
int cli_load_taxonomy(struct cli_ctx *ctx);

/* Parses a non-negative integer option; -1 when it is not one. */
long cli_parse_count(const char *s);
/* Parses "90", "90s", "15m", "12h", "7d" into seconds; -1 when invalid. */
long cli_parse_duration(const char *s);

/* Output helpers (cli/output.c). Strings from the web are printed only
 * through these, which strip terminal control characters. */
void out_text(FILE *f, const char *s);
/* s cut or padded to width display columns (code points), control-free. */
void out_cell(FILE *f, const char *s, int width);
/* The same for a line's last cell: cut, not padded; width 0: uncut. */
void out_last_cell(FILE *f, const char *s, int width);
/* s printed in lines of at most width columns, broken at spaces, every
 * line after the first indented by indent spaces. */
void out_wrap(FILE *f, const char *s, int indent, int width);
/* The width to fit output to: $COLUMNS when set, else the terminal's when
 * f is one; 0 (no limit) when printing to a pipe or file. */
int out_width(FILE *f);

/* Runs a crawl with SIGINT/SIGTERM caught and prints the summary on
 * stderr (cmd-crawl.c; the demo uses it too). Returns an exit status. */
struct crawl_options;
int cli_run_crawl(struct cli_ctx *ctx, struct crawl_options *o, const char *const *seeds,
                  size_t n);

/* Each command's handler. */
int cmd_crawl(struct cli_ctx *, int, char **);
int cmd_demo(struct cli_ctx *, int, char **);
int cmd_export(struct cli_ctx *, int, char **);
int cmd_report(struct cli_ctx *, int, char **);
int cmd_extract(struct cli_ctx *, int, char **);
int cmd_gazetteer(struct cli_ctx *, int, char **);
int cmd_help(struct cli_ctx *, int, char **);
int cmd_registry(struct cli_ctx *, int, char **);
int cmd_robots(struct cli_ctx *, int, char **);
int cmd_search(struct cli_ctx *, int, char **);
int cmd_serve(struct cli_ctx *, int, char **);
int cmd_show(struct cli_ctx *, int, char **);
int cmd_stats(struct cli_ctx *, int, char **);
int cmd_taxonomy(struct cli_ctx *, int, char **);
int cmd_verify(struct cli_ctx *, int, char **);

/* The filter options search and export share (cli/options.c). */
struct search_filter;
#define CLI_FILTER_OPTIONS \
	{ "state", required_argument, NULL, 0x2001 }, \
	{ "city", required_argument, NULL, 0x2002 }, \
	{ "zip", required_argument, NULL, 0x2003 }, \
	{ "credential", required_argument, NULL, 0x2004 }, \
	{ "service", required_argument, NULL, 0x2005 }, \
	{ "status", required_argument, NULL, 0x2006 }, \
	{ "site", required_argument, NULL, 0x2007 }, \
	{ "near", required_argument, NULL, 0x2008 }, \
	{ "radius", required_argument, NULL, 0x2009 }, \
	{ "text", required_argument, NULL, 0x200a }
/* Applies a filter option c with argument arg to f (arrays grow; free
 * with cli_filter_release). Returns 1 when c was a filter option, 0 when
 * not, EXIT_USAGE (after printing) when its value is invalid. */
int cli_filter_option(struct cli_ctx *ctx, struct search_filter *f, int c, const char *arg);
/* Checks that every credential/service code in f exists in the rules,
 * and that --radius comes with --near. */
int cli_filter_check_codes(struct cli_ctx *ctx, const struct search_filter *f);
void cli_filter_release(struct search_filter *f);

#endif
