#!/bin/sh
# README.md followed literally: its "$ " examples run, in order, in a fresh
# clone (./clinicdex, data/, tests/) against the sample web on loopback,
# each exits 0 and prints the lines the README shows (readme_examples.py).
. "$TOP_SRCDIR/tests/lib.sh"

readme=$TOP_SRCDIR/README.md
clone=$T_TMP/clone
mkdir -p "$clone"
ln -s "$CLINICDEX" "$clone/clinicdex"
ln -s "$TOP_SRCDIR/data" "$clone/data"
ln -s "$TOP_SRCDIR/tests" "$clone/tests"

bare() {
	# a command a fresh clone runs is ./clinicdex, not an installed clinicdex
	! grep -E '^ +(\$ )?clinicdex ' "$readme"
}
ok "the README's commands call ./clinicdex" bare
ok "the README has examples to run" grep -q '^    \$ \./clinicdex ' "$readme"
"$PYTHON3" "$TOP_SRCDIR/tests/readme_examples.py" "$readme" "$clone" >"$T_TMP/readme.out"
status=$?
while IFS= read -r line; do
	line=$(printf '%s' "$line" | tr -d '\\')   # lib.sh's echo reads backslashes
	case $line in
	"ok "*) ok "README: \$ ${line#ok }" true ;;
	"FAIL "*) ok "README: \$ ${line#FAIL }" false ;;
	*) echo "$line" ;;
	esac
done <"$T_TMP/readme.out"
ok "every README example works as written" test "$status" -eq 0
done_testing
