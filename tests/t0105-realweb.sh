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

# Reached on the whole set (14 sites): credentials 1.000/0.962, services
# 0.989/0.989, credential-to-person 0.968/0.938, locations 1.000/0.923.
ok "real sites: credentials and services at precision >= 0.95, recall >= 0.93; credential-to-person >= 0.95 / 0.91; locations >= 0.95 / 0.88" \
	$PYTHON3 "$TOP_SRCDIR/bench/realweb-eval" --clinicdex "$CLINICDEX" \
	--min-precision 0.95 --min-recall 0.93 \
	--min-person-precision 0.95 --min-person-recall 0.91 \
	--min-location-precision 0.95 --min-location-recall 0.88 "$RW"
sed 's/^/# /' "$T_TMP/out"
# Roles and oversight statements against tests/roles-labels/realweb.tsv
# (hand-made by someone who never saw the code): reached 0.978/0.833 on
# the whole set; the gate sits a little below.
ok "real sites: roles and oversight statements at precision >= 0.93, recall >= 0.79" \
	$PYTHON3 "$TOP_SRCDIR/bench/realweb-eval" --clinicdex "$CLINICDEX" \
	--roles "$TOP_SRCDIR/tests/roles-labels/realweb.tsv" \
	--min-role-precision 0.93 --min-role-recall 0.79 "$RW"
sed 's/^/# /' "$T_TMP/out"
done_testing
