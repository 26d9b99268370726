#!/bin/sh
# tests/layers.sh - the includes of lib/ point down only, and never in a
# circle
#
# Usage: sh tests/layers.sh [LIBDIR]   (default: lib, from the source tree)
#
# lib/ has a folder per layer and one per program.  LAYERS below is the one
# place that says their order, lowest first; a file may include a header of
# its own folder or of a folder before it.  The program folders (PROGRAMS)
# are one layer: none includes another.  The folders of UPPER are programs
# built on other programs (lead-tune scores with lead-score's model), one
# layer above them.  verbs/ (the verb table) sits on top of them all.  Every quoted include names its folder ("base/sbuf.h").
#
# A module is a .c and its .h (lib/io/input.[ch]); the modules' includes
# must form no cycle (input.c including csvin.h while csvin.c includes
# input.h is one).  Checked with tsort(1).
#
# Prints one line a fault, "lib/FILE: what is wrong", and exits 1 when
# there is any; exits 0, silent, when the layering holds.

LAYERS='base value io rules lead ledger'
PROGRAMS='import scrub dedupe score qualify route feedback report'
UPPER='tune'
TOP='verbs'

lib=${1:-lib}
if [ ! -d "$lib" ]; then
	echo "layers.sh: $lib: no such directory" >&2
	exit 2
fi
edges=$(mktemp) || exit 2
faults=$(mktemp) || exit 2
loops=$(mktemp) || exit 2
trap 'rm -f "$edges" "$faults" "$loops"' EXIT

# every quoted include, as "FILE HEADER" (FILE relative to lib), checked
# against the layers; the module edges go to $edges for tsort
find "$lib" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort |
while IFS= read -r f; do
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' \
	    "$f" | while IFS= read -r h; do
		printf '%s %s\n' "${f#"$lib"/}" "$h"
	done
done | awk -v layers="$LAYERS" -v programs="$PROGRAMS" -v upper="$UPPER" \
    -v top="$TOP" \
    -v lib="$lib" -v edges="$edges" '
BEGIN {
	n = split(layers, l, " ")
	for (i = 1; i <= n; i++)
		rank[l[i]] = i
	m = split(programs, p, " ")
	for (i = 1; i <= m; i++) {
		rank[p[i]] = n + 1
		program[p[i]] = 1
	}
	u = split(upper, up, " ")
	for (i = 1; i <= u; i++)
		rank[up[i]] = n + 2
	rank[top] = n + 3
}
function module(path) {
	sub(/\.[ch]$/, "", path)
	return path
}
{
	file = $1; hdr = $2
	from = file; sub(/\/.*/, "", from)
	if (index(hdr, "/") == 0) {
		printf "%s/%s: includes \"%s\", which names no folder\n",
		    lib, file, hdr
		next
	}
	to = hdr; sub(/\/.*/, "", to)
	if (!(from in rank)) {
		if (!(from in told))
			printf "%s/%s/: a folder of no layer (tests/layers.sh)\n",
			    lib, from
		told[from] = 1
		next
	}
	if (!(to in rank)) {
		printf "%s/%s: includes %s, of no layer\n", lib, file, hdr
		next
	}
	if (rank[to] > rank[from])
		printf "%s/%s: includes %s, of a higher layer (%s above %s)\n",
		    lib, file, hdr, to, from
	else if (to != from && (to in program) && (from in program))
		printf "%s/%s: includes %s, of another program (%s)\n",
		    lib, file, hdr, to
	if (module(file) != module(hdr))
		print module(file), module(hdr) > edges
}' >"$faults"

# tsort(1) fails on a loop and names its modules on stderr, one a line
# ("tsort: io/input"), after a line that says it found one
if ! tsort "$edges" >/dev/null 2>"$loops"; then
	awk -v lib="$lib" '
		{ sub(/^tsort: /, "") }
		/loop|cycle/ { if (cyc != "") print cyc; cyc = ""; next }
		{ cyc = cyc (cyc == "" ? lib "/" $0 : " -> " $0) }
		END {
			if (cyc != "") print cyc
			else if (NR == 0) print lib ": tsort failed"
		}' "$loops" | sed 's/$/: includes in a circle/' >>"$faults"
fi

if [ -s "$faults" ]; then
	cat "$faults"
	exit 1
fi
exit 0
