#!/bin/sh
# make check-slurm: contrib/slurm on a real Slurm. A single-node cluster
# (munged, slurmctld, slurmd with a slurm.conf of its own, on loopback and
# free ports, everything under a temporary folder) runs the sample web as a
# job array of crawl shards then a merge, and a folder of WARC files as a
# job array of extract --jsonl then an import; each export must equal that
# of one process on this machine. Needs root (the daemons) and the Debian
# packages slurm-wlm and munge; skips, saying why, when it cannot start
# Slurm. Not part of make check.
. "$TOP_SRCDIR/tests/lib.sh"

SUBMIT="$TOP_SRCDIR/contrib/slurm/submit"
S="$T_TMP/slurm"

[ "$(id -u)" -eq 0 ] || skip_all "needs root to start munged, slurmctld and slurmd"
for c in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol sqlite3; do
	command -v "$c" >/dev/null 2>&1 ||
		skip_all "no $c: apt-get install -y slurm-wlm munge sqlite3"
done

# the daemons go first, by the pids they wrote, then lib.sh's cleanup
slurm_down() {
	for p in slurmd slurmctld munged; do
		[ -s "$S/$p.pid" ] && kill "$(cat "$S/$p.pid")" 2>/dev/null
	done
	# each gone before its folder goes
	for p in slurmd slurmctld munged; do
		_i=0
		while [ -s "$S/$p.pid" ] && kill -0 "$(cat "$S/$p.pid")" 2>/dev/null && [ $_i -lt 100 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
	done
	cleanup
}
trap slurm_down EXIT

# why Slurm could not start: the end of a log, then skip
cannot_start() {
	for f in "$S"/*.log; do [ -f "$f" ] && tail -n 5 "$f" | sed "s|^|# $(basename "$f"): |"; done
	skip_all "cannot start a single-node Slurm here: $1"
}

mkdir -p "$S/state" "$S/spool" && chmod 700 "$S"
mungekey -c -k "$S/munge.key" >/dev/null 2>&1 || cannot_start "mungekey failed"
munged -f --key-file="$S/munge.key" --socket="$S/munge.sock" --pid-file="$S/munged.pid" \
	--log-file="$S/munged.log" --seed-file="$S/munged.seed" 2>"$S/munged.err" ||
	cannot_start "munged: $(head -n 1 "$S/munged.err")"

set -- $("$PYTHON3" -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in ss))')
node=$(hostname -s)
cat >"$S/slurm.conf" <<EOF
ClusterName=clinicdex
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge.sock
CredType=cred/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=clinicdex Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$S/slurm.conf"
slurmctld -f "$SLURM_CONF" 2>"$S/slurmctld.err" || cannot_start "slurmctld: $(head -n 1 "$S/slurmctld.err")"
slurmd -f "$SLURM_CONF" 2>"$S/slurmd.err" || cannot_start "slurmd: $(head -n 1 "$S/slurmd.err")"
# the node registers within seconds; the bound only keeps a broken
# install from hanging the run
i=0
until sinfo -h -o %T 2>/dev/null | grep -qx idle; do
	[ $i -lt 300 ] || cannot_start "the node never became idle ($(sinfo -h -o %T 2>&1 | head -n 1))"
	sleep 0.1
	i=$((i + 1))
done

# wait_job ID: until Slurm no longer lists the job; then its state
wait_job() {
	_i=0
	while squeue -h -j "$1" 2>/dev/null | grep -q . && [ $_i -lt 6000 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1
}
# the export without ids and crawl times (see t0181-shard-merge.sh)
export_of() {
	CLINICDEX_DB=$1 "$CLINICDEX" export | cut -d, -f2-13 | sort
	for what in practitioners claims; do
		CLINICDEX_DB=$1 "$CLINICDEX" export --what $what | cut -d, -f3- | sort
	done
}

start_server
demo_seeds >"$T_TMP/seeds.txt"
NET="--connect-to ::127.0.0.1:$PORT --delay 0 --allow-private"
export CLINICDEX   # the jobs run the clinicdex under test

ok "one process crawls the sample web" \
	"$CLINICDEX" crawl -q --db "$T_TMP/one.db" --seeds "$T_TMP/seeds.txt" $NET
export_of "$T_TMP/one.db" >"$T_TMP/one.csv"

ok "submit crawl: 3 shard tasks and a merge after them" \
	sh -c "'$SUBMIT' crawl '$T_TMP/crawl' 3 '$T_TMP/seeds.txt' -q $NET >'$T_TMP/crawl.id'"
job=$(tail -n 1 "$T_TMP/crawl.id")
ok "... the merge job completes" test "$(wait_job "$job")" = COMPLETED
ok "... after every shard task ran on the cluster" \
	test "$(ls "$T_TMP/crawl"/clinicdex-crawl-*_[123].out | wc -l)" -eq 3
ok "... each shard crawled some sites" sh -c \
	"for k in 1 2 3; do test \$(sqlite3 '$T_TMP/crawl/shard'\$k.db 'SELECT count(*) FROM sites') -gt 0 || exit 1; done"
export_of "$T_TMP/crawl/all.db" >"$T_TMP/crawl.csv"
ok "... and the merged export equals the single crawl's" cmp "$T_TMP/one.csv" "$T_TMP/crawl.csv"

# three WARC files: the shards crawled again, one of them gzipped
mkdir "$T_TMP/warcs"
for k in 1 2 3; do
	"$CLINICDEX" crawl -q --db "$T_TMP/w$k.db" --seeds "$T_TMP/seeds.txt" --shard $k/3 $NET \
		--warc "$T_TMP/warcs/part$k.warc"
done
gzip "$T_TMP/warcs/part2.warc"
ok "one process extracts the WARC files" sh -c \
	"for f in '$T_TMP'/warcs/*; do '$CLINICDEX' -q --db '$T_TMP/warc-one.db' extract --warc \"\$f\" || exit 1; done"
export_of "$T_TMP/warc-one.db" >"$T_TMP/warc-one.csv"
ok "... pages of all three" test "$(sqlite3 "$T_TMP/warc-one.db" 'SELECT count(*) FROM pages')" -gt 10

ok "submit warc: a task per WARC file and an import after them" \
	sh -c "'$SUBMIT' warc '$T_TMP/warc' '$T_TMP'/warcs/* >'$T_TMP/warc.id'"
job=$(tail -n 1 "$T_TMP/warc.id")
ok "... the import job completes" test "$(wait_job "$job")" = COMPLETED
ok "... with the facts of each file" test "$(ls "$T_TMP/warc"/[123].jsonl | wc -l)" -eq 3
export_of "$T_TMP/warc/all.db" >"$T_TMP/warc.csv"
ok "... and the imported export equals the single process's" \
	cmp "$T_TMP/warc-one.csv" "$T_TMP/warc.csv"

ok "a failed task holds the final step back" sh -c \
	"'$SUBMIT' crawl '$T_TMP/bad' 2 '$T_TMP/no-such-seeds' >'$T_TMP/bad.id'"
job=$(tail -n 1 "$T_TMP/bad.id")
# a dependency that can never be met: Slurm leaves it pending, or cancels it
state=$(scontrol show job "$job" | sed -n 's/.*Reason=\([A-Za-z]*\).*/\1/p' | head -n 1)
i=0
while [ "$state" != DependencyNeverSatisfied ] && [ $i -lt 600 ] &&
	squeue -h -j "$job" 2>/dev/null | grep -q .; do
	sleep 0.1
	i=$((i + 1))
	state=$(scontrol show job "$job" | sed -n 's/.*Reason=\([A-Za-z]*\).*/\1/p' | head -n 1)
done
ok "... which never runs, and no merged database appears" \
	sh -c "test '$state' = DependencyNeverSatisfied && test ! -e '$T_TMP/bad/all.db'"
scancel "$job" 2>/dev/null

done_testing
