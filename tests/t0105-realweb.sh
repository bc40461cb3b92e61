#!/bin/sh
# Extraction on real clinic sites: ../shared/realweb next to the source tree
# (real pages, kept outside the project and never copied into it) is
# crawled and scored with its own scorers by bench/realweb-eval. The gates
# sit a little below what the rules reach on the whole set, so that a
# regression fails. Without the set (a release tarball, distcheck) the test
# is skipped.
. "$TOP_SRCDIR/tests/lib.sh"

RW="$TOP_SRCDIR/../shared/realweb"
[ -f "$RW/labels.tsv" ] && [ -d "$RW/web" ] ||
	skip_all "no real development set at ../shared/realweb"

ok "real sites: credentials and services at precision >= 0.90, recall >= 0.87; credential-to-person >= 0.84" \
	$PYTHON3 "$TOP_SRCDIR/bench/realweb-eval" --clinicdex "$CLINICDEX" \
	--min-precision 0.90 --min-recall 0.87 \
	--min-person-precision 0.84 --min-person-recall 0.82 "$RW"
sed 's/^/# /' "$T_TMP/out"
done_testing
