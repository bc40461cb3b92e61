/* cli.h: the clinicdex program: the command table, the shared runner
 * state and the helpers every cmd-*.c uses. Only cli/ prints errors and
 * picks exit codes: 0 success, 1 runtime failure, 2 usage error. */
#ifndef CD_CLI_H
#define CD_CLI_H
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include "common/error.h"
#include "extract/rules.h"
#include "index/index.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* A default's macro as a string, for a help text: CLI_STR(200) is "200". */
#define CLI_STR_(x) #x
#define CLI_STR(x) CLI_STR_(x)

struct cli_ctx;

/* To add a command: 1. end cli/cmd-NAME.c in `const struct cmd_entry cmd_NAME_entry` as
 * cmd-verify.c does (options, CMD_* flags, an exec that calls cli_setup() after its checks);
 * 2. declare it below; 3. list it in cmd_table[] (main.c) and the file in Makefile.am. */
struct cmd_entry {
	const char *name;
	const char *usage;     /* after "clinicdex NAME " */
	const char *summary;   /* one line for the command list */
	const char *help;      /* the options, printed by --help */
	const struct option *options;   /* its long options, then CLI_COMMON_OPTIONS */
	unsigned flags;        /* CMD_*: what cli_setup opens for it */
	int (*exec)(struct cli_ctx *ctx, int argc, char **argv);
};

/* What a command needs, as git's RUN_SETUP: cli_setup() loads the rules
 * first, then opens the database. The runner (main) closes and frees them. */
enum {
	CMD_RULES = 1 << 0,        /* the rules with their patterns */
	CMD_TAXONOMY = 1 << 1,     /* only the rules' codes (cheap) */
	CMD_INDEX_WRITE = 1 << 2,  /* the database, for writing */
	CMD_INDEX_READ = 1 << 3,   /* the database, read only if it cannot be written */
};

struct cli_ctx {
	const struct cmd_entry *cmd;
	const char *db_path;   /* from --db, NULL: environment or default */
	int quiet;
	int verbose;
	struct index *idx;     /* opened by cli_setup, closed by main */
	struct rules *rules;   /* loaded by cli_setup, freed by main */
	bool rules_full;       /* rules has its patterns, not just the codes */
};

/* The commands, in the order --help lists them; NULL-terminated. */
extern const struct cmd_entry *const cmd_table[];
const struct cmd_entry *cli_find_command(const char *name);

/* Opens what ctx->cmd's flags name. A handler calls it after its options
 * and arguments are checked, so a usage error (exit 2) touches no file.
 * Returns EXIT_OK, or the exit status after printing why. */
int cli_setup(struct cli_ctx *ctx);
/* The same with flags other than the entry's, for a subcommand that needs
 * less (registry status only reads). */
int cli_setup_as(struct cli_ctx *ctx, unsigned flags);

/* Option ids, one convention: an option with a short form has its letter
 * as id; a long-only option has an enum constant: OPT_* below for the
 * common and filter options, a command's own from OPT_FIRST_LOCAL up. A
 * command's long option table ends with CLI_COMMON_OPTIONS and the zero
 * entry; main parses the common options before the command with the same
 * table (cli_common_options) and cli_common_option. */
enum { OPT_DB = 0x1000, OPT_HELP, OPT_VERSION, OPT_FIRST_LOCAL };
enum { OPT_STATE = 0x2001, OPT_CITY, OPT_ZIP, OPT_CREDENTIAL, OPT_SERVICE, OPT_STATUS,
       OPT_SITE, OPT_NEAR, OPT_RADIUS, OPT_TEXT, OPT_EXCLUDED };
#define CLI_COMMON_OPTIONS \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "help", no_argument, NULL, OPT_HELP }, \
	{ "version", no_argument, NULL, OPT_VERSION }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "verbose", no_argument, NULL, 'v' }
#define CLI_COMMON_SHORT "hqv"
extern const struct option cli_common_options[];
/* Applies a common option that sets state (--db, -q, -v): 1 when c was
 * one, 0 when not (--help and --version are each caller's to act on). */
int cli_common_option(struct cli_ctx *ctx, int c, const char *arg);

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
void cli_print_help(const struct cmd_entry *cmd, FILE *out);

/* The database path in *path (caller frees): --db, else $CLINICDEX_DB,
 * else $XDG_DATA_HOME/clinicdex/clinicdex.db (~/.local/share/...); the
 * folder of an explicit path must exist (index_open makes the default's
 * only). Returns EXIT_OK, or prints why not and returns the exit status
 * (an empty --db or $CLINICDEX_DB: 2; no $HOME, a missing folder: 1). */
int cli_db_path(struct cli_ctx *ctx, char **path);
/* Opens ctx->idx once, for reading (read only when the file cannot be
 * written), for a command that may need it (cli_setup does the rest). */
int cli_open_index_read(struct cli_ctx *ctx);
/* Where rules.json, the demo web and the demo server live:
 * $CLINICDEX_DATADIR, else the installed PKGDATADIR. */
const char *cli_datadir(void);
/* Loads only the codes of the rules once ($CLINICDEX_RULES, else
 * DATADIR/rules.json), for a command that may need them. */
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
 * stderr (cmd-crawl.c; the demo uses it too). Calls cli_setup(): the
 * command's flags must hold CMD_RULES | CMD_INDEX_WRITE. Returns an exit status. */
struct crawl_options;
int cli_run_crawl(struct cli_ctx *ctx, struct crawl_options *o, const char *const *seeds,
                  size_t n);

/* Each command's entry, in its cmd-*.c (help in main.c). */
extern const struct cmd_entry cmd_crawl_entry, cmd_demo_entry, cmd_discover_entry,
	cmd_export_entry, cmd_extract_entry, cmd_gazetteer_entry, cmd_help_entry, cmd_import_entry,
	cmd_merge_entry, cmd_registry_entry, cmd_report_entry, cmd_robots_entry, cmd_search_entry,
	cmd_serve_entry, cmd_show_entry, cmd_stats_entry,
	cmd_taxonomy_entry, cmd_verify_entry;

/* extract --warc FILE|- [--jsonl] (cli/cmd-import.c): the HTML responses
 * of a WARC file extracted into the directory, or as JSON Lines on
 * standard output. Returns an exit status. */
int cli_extract_warc(struct cli_ctx *ctx, const char *path, bool jsonl);

/* The filter options search and export share (cli/options.c). */
struct search_filter;
#define CLI_FILTER_OPTIONS \
	{ "state", required_argument, NULL, OPT_STATE }, \
	{ "city", required_argument, NULL, OPT_CITY }, \
	{ "zip", required_argument, NULL, OPT_ZIP }, \
	{ "credential", required_argument, NULL, OPT_CREDENTIAL }, \
	{ "service", required_argument, NULL, OPT_SERVICE }, \
	{ "status", required_argument, NULL, OPT_STATUS }, \
	{ "site", required_argument, NULL, OPT_SITE }, \
	{ "near", required_argument, NULL, OPT_NEAR }, \
	{ "radius", required_argument, NULL, OPT_RADIUS }, \
	{ "text", required_argument, NULL, OPT_TEXT }, \
	{ "excluded", no_argument, NULL, OPT_EXCLUDED }
/* Applies a filter option c with argument arg to f (arrays grow; free
 * with cli_filter_release). Returns 1 when c was a filter option, 0 when
 * not, EXIT_USAGE (after printing) when its value is invalid. */
int cli_filter_option(struct cli_ctx *ctx, struct search_filter *f, int c, const char *arg);
/* Checks that every credential/service code in f exists in the rules,
 * and that --radius comes with --near. */
int cli_filter_check_codes(struct cli_ctx *ctx, const struct search_filter *f);
void cli_filter_release(struct search_filter *f);

#endif
