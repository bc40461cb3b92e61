#!/bin/sh
# Extraction against the labelled corpora: on tests/corpus credentials and
# services must keep precision >= 0.95 and recall >= 0.90; on
# tests/corpus-holdout and tests/corpus-holdout2 (each held out at first,
# tuned against since) >= 0.90; the demo web stays exact.
# tests/corpus-holdout3 and 4 are held below what they reach; all three
# later holdouts are also printed in full (with roles) for the log;
# holdout5 is the one no rule was tuned on. Locations are held too:
# >= 0.95 on every set but holdout5, and on tests/corpus-addresses (129 US
# addresses written the ways clinic sites print them, by a helper who had
# not seen the code) >= 0.95 / 0.95.
. "$TOP_SRCDIR/tests/lib.sh"

EVAL="$PYTHON3 $TOP_SRCDIR/bench/extract-eval --clinicdex $CLINICDEX"

LOC="--min-location-precision 0.95 --min-location-recall 0.95"

ok "tests/corpus: credentials and services at precision >= 0.95, recall >= 0.90; locations >= 0.95" \
	$EVAL --min-precision 0.95 --min-recall 0.90 $LOC "$TOP_SRCDIR/tests/corpus"
sed 's/^/# /' "$T_TMP/out"
for set in corpus-holdout corpus-holdout2; do
	ok "tests/$set: credentials and services at precision >= 0.90, recall >= 0.90; locations >= 0.95" \
		$EVAL --min-precision 0.90 --min-recall 0.90 $LOC "$TOP_SRCDIR/tests/$set"
	sed 's/^/# /' "$T_TMP/out"
done
# Holdouts 3 and 4 have been tuned on since: held a little below what
# they reach (0.974/0.962 and 0.946/0.967 for credentials, every location),
# so that a regression fails here.
ok "tests/corpus-holdout3: credentials and services at precision >= 0.95, recall >= 0.94; locations >= 0.95" \
	$EVAL --min-precision 0.95 --min-recall 0.94 $LOC "$TOP_SRCDIR/tests/corpus-holdout3"
ok "tests/corpus-holdout4: credentials and services at precision >= 0.93, recall >= 0.95; locations >= 0.95" \
	$EVAL --min-precision 0.93 --min-recall 0.95 $LOC "$TOP_SRCDIR/tests/corpus-holdout4"
# The unseen web is reported, not held to the targets: it measures how the
# rules do on pages written apart from them (see its README).
for set in corpus-holdout3 corpus-holdout4 corpus-holdout5; do
	[ -f "$TOP_SRCDIR/tests/$set/expected.json" ] || continue
	echo "# tests/$set (log only):"
	$EVAL "$TOP_SRCDIR/tests/$set" 2>&1 | sed 's/^/# /'
	# roles and oversight statements against tests/roles-labels (log only)
	labels="$TOP_SRCDIR/tests/roles-labels/${set#corpus-}.tsv"
	[ -f "$labels" ] || continue
	echo "# tests/$set roles against $labels (log only):"
	$EVAL --roles "$labels" "$TOP_SRCDIR/tests/$set" 2>&1 | grep -E '^(role|oversight|roles)|^ ' | sed 's/^/# /'
done
ok "tests/corpus-addresses: locations at precision >= 0.95, recall >= 0.95" \
	$EVAL $LOC "$TOP_SRCDIR/tests/corpus-addresses"
sed 's/^/# /' "$T_TMP/out"
ok "data/demo-web: every label found, nothing else" \
	$EVAL --min-precision 1 --min-recall 1 --min-location-precision 1 \
	--min-location-recall 1 --min-role-precision 1 --min-role-recall 1 \
	"$TOP_SRCDIR/data/demo-web"
done_testing
