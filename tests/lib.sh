# lib.sh: a small TAP harness for clinicdex's integration tests, in the
# spirit of git's test-lib: each check is `ok "what" command...`.
# Sourced by tests/tNNNN-*.sh; expects CLINICDEX, TOP_SRCDIR, PYTHON3 from
# `make check` (Makefile.am sets them).

set -u
: "${CLINICDEX:?run through make check}"
: "${TOP_SRCDIR:?run through make check}"
: "${PYTHON3:=python3}"

t_count=0
t_failed=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/clinicdex-test.XXXXXX")
export CLINICDEX_DB="$T_TMP/test.db"
SERVER_PID=""

T_MOUNTS=""   # file systems a test mounted under $T_TMP, unmounted first

cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	for _m in $T_MOUNTS; do umount "$_m" 2>/dev/null || umount -l "$_m" 2>/dev/null; done
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$T_TMP"
}
trap cleanup EXIT

# ok "description" cmd args...: passes when the command exits 0.
ok() {
	desc=$1; shift
	t_count=$((t_count + 1))
	if "$@" >"$T_TMP/out" 2>"$T_TMP/err"; then
		echo "ok $t_count - $desc"
	else
		t_failed=$((t_failed + 1))
		echo "not ok $t_count - $desc"
		sed 's/^/# /' "$T_TMP/out" | head -20
		sed 's/^/# stderr: /' "$T_TMP/err" | head -20
	fi
}

# exits CODE cmd args...: the command exits with exactly CODE.
exits() {
	want=$1; shift
	"$@"
	got=$?
	[ "$got" -eq "$want" ] || { echo "exit status $got, wanted $want" >&2; return 1; }
}

# start_server [ROOT [SERVER.PY OPTIONS...]]: starts the sample web
# server on a free loopback port; sets PORT.
start_server() {
	root=${1:-$TOP_SRCDIR/data/demo-web}
	[ $# -gt 0 ] && shift
	# the redirection below truncates in the child, after the loop may look
	rm -f "$T_TMP/port"
	"$PYTHON3" "$TOP_SRCDIR/tests/web/server.py" --root "$root" --port 0 \
		--log "$T_TMP/access.log" "$@" >"$T_TMP/port" 2>"$T_TMP/server.err" &
	SERVER_PID=$!
	i=0
	while [ ! -s "$T_TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	PORT=$(head -n 1 "$T_TMP/port")
	[ -n "$PORT" ] || { echo "Bail out! test server did not start"; cat "$T_TMP/server.err"; exit 1; }
}

stop_server() {
	kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=""
}

# Pages stored in $CLINICDEX_DB so far (0 before the database exists).
stored() { sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM pages' 2>/dev/null || echo 0; }

# wait_stored PID N: waits until N pages are stored or process PID has
# ended. Progress, not a clock, decides when a test interrupts a crawl; the
# 30 s bound only keeps a broken crawler from hanging the suite.
wait_stored() {
	_i=0
	while [ "$(stored)" -lt "$2" ] && kill -0 "$1" 2>/dev/null && [ $_i -lt 3000 ]; do
		sleep 0.01
		_i=$((_i + 1))
	done
}

# Seeds for every site of the sample web.
demo_seeds() {
	for d in "$TOP_SRCDIR"/data/demo-web/*.*/; do
		h=$(basename "$d")
		echo "http://$h/"
	done
}

# skip_all "reason": the whole script is skipped, saying why.
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	echo "1..$t_count"
	[ "$t_failed" -eq 0 ]
}
