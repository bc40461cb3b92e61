#!/bin/sh
# clinicdex discover: the clinic websites of an OpenStreetMap extract (.osm
# and .osm.pbf, built with osmium from a file written here) become a seeds
# file that crawl --seeds reads: one seed a site, branches folded, ways at
# their centre, salons and GPs left out.
. "$TOP_SRCDIR/tests/lib.sh"

command -v osmium >/dev/null 2>&1 || skip_all "osmium not installed (Debian osmium-tool)"
osm="$TOP_SRCDIR/tests/data/osm/clinics.osm"
seeds="$T_TMP/seeds.txt"
body() { grep -v '^#' "$1"; }
line_of() { body "$seeds" | grep "$1"; }

ok "discover reads an .osm extract" $CLINICDEX discover "$osm" -o "$seeds"
ok "... one seed a site: three sites" test "$(body "$seeds" | wc -l)" -eq 3
ok "... each line a URL, then tab-separated extras" \
	sh -c "grep -v '^#' '$seeds' | awk -F '\t' 'NF != 5 || \$1 !~ /^https?:/ { exit 1 }'"
ok "... two branches of one site (www., case) are one seed" \
	test "$(line_of glow-medspa | wc -l)" -eq 1
ok "... with both places and OSM ids" \
	sh -c "grep -F 'node/101;node/102' '$seeds' | grep -qF '30.2672000,-97.7431000;30.4000000,-97.7000000'"
ok "... and the address tags" sh -c "grep -qF '100 Congress Avenue, Austin, TX 78701' '$seeds'"
ok "... a ';' in a name does not split the places" \
	sh -c "! grep -F 'Glow Med Spa; North' '$seeds'"
ok "a building (a way) is placed at its centre" \
	sh -c "grep -F 'way/301' '$seeds' | grep -qF '29.7500000,-95.3500000'"
ok "... its bare-host url tag made a URL" sh -c "grep -q '^http://bayouskin.example/	' '$seeds'"
ok "a clinic named for lasers counts" sh -c "grep -q '^http://dallaslaser.example/' '$seeds'"
ok "a hairdresser, a GP and 'Blaser Nails' do not" \
	sh -c "! grep -E 'hair|family|blaser' '$seeds'"
ok "the summary counts a med spa without an http(s) website" \
	sh -c "$CLINICDEX discover '$osm' 2>&1 >/dev/null | grep -qF '3 sites from 5 clinics in the extract (1 without a website)'"

ok "osmium makes the same extract a .osm.pbf" \
	osmium cat "$osm" -o "$T_TMP/clinics.osm.pbf"
ok "... which gives the same seeds" sh -c "$CLINICDEX discover '$T_TMP/clinics.osm.pbf' >'$T_TMP/pbf.txt' && cmp '$T_TMP/pbf.txt' '$seeds'"

ok "an extract that is not one is an error" \
	exits 1 $CLINICDEX discover "$TOP_SRCDIR/tests/lib.sh.osm"
printf '<osm><node id="1" lat=' >"$T_TMP/bad.osm"
ok "... as is a broken one, and -o is left alone" \
	sh -c "echo keep >'$T_TMP/keep.txt'; $CLINICDEX discover '$T_TMP/bad.osm' -o '$T_TMP/keep.txt'; test \$? -eq 1 && test \"\$(cat '$T_TMP/keep.txt')\" = keep"
printf '<osm version="0.6"><node id="1" lat="30" lon="-97"><tag k="name"/></node></osm>' >"$T_TMP/nov.osm"
ok "a <tag> without v (which crashes libreadosm) is an error" \
	exits 1 $CLINICDEX discover "$T_TMP/nov.osm"
ok "... that says so" sh -c "$CLINICDEX discover '$T_TMP/nov.osm' 2>&1 | grep -qF '<tag> without v'"
ok "a file of another kind is a usage error" \
	exits 2 $CLINICDEX discover "$TOP_SRCDIR/tests/lib.sh"
# a .osm.pbf on which libreadosm 1.1.0 dereferences NULL (fuzz_discover_pbf)
crash="$TOP_SRCDIR/tests/fuzz/crashes/discover_pbf-readosm-segv.osm.pbf"
ok "a .osm.pbf that crashes libreadosm is an error, and -o is left alone" \
	sh -c "echo keep >'$T_TMP/keep.txt'; $CLINICDEX discover '$crash' -o '$T_TMP/keep.txt' 2>'$T_TMP/pbf.err'; test \$? -eq 1 && test \"\$(cat '$T_TMP/keep.txt')\" = keep"
ok "... in one line that says so" \
	sh -c "test \$(wc -l <'$T_TMP/pbf.err') -eq 1 && grep -qF 'not a readable OpenStreetMap extract' '$T_TMP/pbf.err'"

# The seeds crawl: an extract of the sample web's clinics, discovered and
# crawled, gives every one of them.
{
	echo '<?xml version="1.0"?><osm version="0.6">'
	i=1
	for d in "$TOP_SRCDIR"/data/demo-web/*.test/; do
		h=$(basename "$d")
		echo "<node id=\"$i\" version=\"1\" lat=\"30.$i\" lon=\"-97.$i\"><tag k=\"healthcare\" v=\"clinic\"/><tag k=\"healthcare:speciality\" v=\"dermatology\"/><tag k=\"name\" v=\"Clinic $i\"/><tag k=\"website\" v=\"http://$h/\"/></node>"
		i=$((i + 1))
	done
	echo '</osm>'
} >"$T_TMP/demo.osm"
n=$(ls -d "$TOP_SRCDIR"/data/demo-web/*.test | wc -l)
start_server
ok "discover lists the sample web's clinics" $CLINICDEX discover "$T_TMP/demo.osm" -o "$T_TMP/demo-seeds.txt"
ok "crawl --seeds reads discover's output" \
	$CLINICDEX crawl -q --connect-to "::127.0.0.1:$PORT" --delay 0 --allow-private \
	--max-depth 0 --seeds "$T_TMP/demo-seeds.txt"
ok "... and crawls every site of it" \
	test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM sites')" -eq "$n"
done_testing
