#!/usr/bin/env bats
# Junk in, nothing lost (issue 20): a corpus of junk (tests/fixtures/junk:
# binary, truncated and deeply nested JSON, NULs, invalid UTF-8 and lone
# surrogates, every JSON value kind in every field, ragged CSV with stray
# quotes; huge fields and big inputs made here) through each program and
# through the whole chain: no crash, in = out + rejected + suppressed on
# every --stats line, memory bounded.  And rules files read only the files
# below their own folder or the share directory.

bats_require_minimum_version 1.5.0

load test_helper/common

JUNK="$FIX/junk"
ASOF=2026-11-18T10:00:00Z

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	DB="$BATS_TEST_TMPDIR/leads.db"
}

# The junk files, and a huge field and a record of 100,000 fields made
# here.
corpus() {
	JUNKFILES=("$JUNK"/kinds.ndjson "$JUNK"/truncated.ndjson "$JUNK"/nested.ndjson
	    "$JUNK"/badutf8.ndjson "$JUNK"/nul.ndjson "$JUNK"/binary.bin "$JUNK"/ragged.csv)
	if [[ ! -e huge.ndjson ]]; then
		awk 'BEGIN { s = "x"; while (length(s) < 4000000) s = s s
			printf "{\"id\":\"H1\",\"email\":\"%s@example.com\",\"name\":\"%s\"}\n", s, s
			printf "{\"id\":\"H2\""; for (i = 0; i < 100000; i++) printf ",\"f%d\":%d", i, i; print "}"
			printf "{\"id\":\"H3\",\"events\":["; for (i = 0; i < 100000; i++) printf "%s{\"type\":\"visit\",\"at\":\"2026-01-01\"}", i ? "," : ""; print "]}"
		}' >huge.ndjson
		awk 'BEGIN { s = "y"; while (length(s) < 2000000) s = s s
			print "id,email,name"; printf "C1,c1@example.com,\"%s\"\n", s; printf "C2,%s,x\n", s }' >huge.csv
	fi
	JUNKFILES+=(huge.ndjson huge.csv)
}

# balanced STDERR: every "stats:" line in STDERR has in = out + rejected +
# suppressed, and there is at least one.
balanced() {
	local line n=0
	while IFS= read -r line; do
		[[ $line =~ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=([0-9]+)\ suppressed=([0-9]+) ]] || continue
		n=$((n + 1))
		(( BASH_REMATCH[1] == BASH_REMATCH[2] + BASH_REMATCH[3] + BASH_REMATCH[4] )) ||
			fail "not balanced: $line"
	done <<<"$1"
	(( n > 0 )) || fail "no stats line in: $1"
}

# survives STATUS: the program ended by itself with 0 or 1 (a signal, a
# sanitizer's report or an abort is > 1).
survives() {
	(( $1 == 0 || $1 == 1 )) ||
		fail "exit $1 on $2: $(head -c 500 err 2>/dev/null)${stderr:0:500}"
}

# each PROGRAM ARGS...: PROGRAM --stats ARGS over each junk file: no
# crash; balanced counts whenever it read the file (a file it refuses
# whole says why, exit 1).
each() {
	local f status
	corpus
	for f in "${JUNKFILES[@]}"; do
		status=0
		"$@" --stats "$f" >out 2>err || status=$?
		survives "$status" "$f"
		if grep -q 'stats:' err; then
			balanced "$(cat err)"
		else
			[[ $status == 1 && -s err ]] || fail "$f: no stats and no reason: $(cat err)"
		fi
	done
}

@test "junk through lead-import: no crash, in = out + rejected" {
	each lead-import --as-of "$ASOF"
	# every line is counted: what is no object, or a string with \u0000 or
	# a lone surrogate, is rejected with the reason
	run --separate-stderr lead-import --stats --as-of "$ASOF" "$JUNK/kinds.ndjson"
	survives "$status" kinds.ndjson
	[[ ${stderr_lines[-1]} =~ ^lead-import:\ stats:\ in=741\  ]] || fail "${stderr_lines[-1]}"
	balanced "$stderr"
	[[ $stderr == *'kinds.ndjson:16: invalid JSON at column 8: lone high surrogate in string'* ]] ||
	    fail "no reason for the lone surrogate"
}

@test "junk through lead-import, CSV read as CSV under each option set" {
	local opts
	corpus
	for opts in "" "--trim" "-H" "-d ;" "-t" "--encoding windows-1252" "--encoding utf-16" "--encoding latin1"; do
		run --separate-stderr lead-import -i csv $opts --stats "$JUNK/ragged.csv"
		survives "$status" "ragged.csv $opts"
		[[ $status == 0 ]] && balanced "$stderr"
		run --separate-stderr lead-import -i csv $opts --stats "$JUNK/binary.bin"
		survives "$status" "binary.bin $opts"
		[[ $status == 0 ]] && balanced "$stderr"
	done
	true
}

# imported JUNKFILE: the junk as lead-import makes it (what the later
# stages read), in junk.ndjson.
imported() {
	corpus
	local f
	for f in "${JUNKFILES[@]}"; do
		lead-import --as-of "$ASOF" -o ndjson "$f" 2>/dev/null || true
	done >junk.ndjson
	# and the raw junk, as the later stages may be given it
	cat "$JUNK"/kinds.ndjson "$JUNK"/nested.ndjson "$JUNK"/badutf8.ndjson "$JUNK"/nul.ndjson >>junk.ndjson
}

@test "junk through lead-scrub, lead-dedupe, lead-score, lead-qualify: no crash, balanced" {
	imported
	each lead-scrub --as-of "$ASOF"
	each lead-dedupe
	each lead-score --as-of "$ASOF" -r b2b.rules
	each lead-qualify --as-of "$ASOF" -r bant
	local p
	for p in "lead-scrub --as-of $ASOF" lead-dedupe "lead-dedupe --merge" "lead-score --as-of $ASOF -r b2b.rules" "lead-qualify --as-of $ASOF -r bant"; do
		run --separate-stderr $p --stats junk.ndjson
		survives "$status" "junk.ndjson: $p"
		balanced "$stderr"
	done
}

@test "junk through lead-route and lead-feedback: no crash, balanced, the ledger whole" {
	imported
	each lead-route --as-of "$ASOF" --ledger "$DB" --roster "$FIX/route/weights.csv"
	run --separate-stderr lead-route --as-of "$ASOF" --ledger "$DB" --roster "$FIX/route/weights.csv" --stats junk.ndjson
	survives "$status" junk.ndjson
	balanced "$stderr"
	each lead-feedback --as-of "$ASOF" --ledger "$DB"
	run lead-feedback --check --ledger "$DB"
	assert_success
	corpus
	local f
	for f in "${JUNKFILES[@]}" junk.ndjson; do
		run lead-report "$f"
		survives "$status" "lead-report $f"
	done
}

@test "junk through the whole chain (lead run): no crash, every stage balanced" {
	imported
	corpus
	local f
	for f in "${JUNKFILES[@]}" junk.ndjson; do
		run --separate-stderr lead run import --as-of "$ASOF" --stats "$f" \
		    then scrub --as-of "$ASOF" --stats then dedupe --stats \
		    then score --as-of "$ASOF" -r b2b.rules --stats \
		    then qualify --as-of "$ASOF" -r bant --stats \
		    then route --as-of "$ASOF" --ledger "$DB" --roster "$FIX/route/weights.csv" --stats
		survives "$status" "lead run on $f"
		if [[ $status == 0 ]]; then
			balanced "$stderr"
			assert_equal "$(grep -c 'stats:' <<<"$stderr")" 6
		fi
	done
	run lead-feedback --check --ledger "$DB"
	assert_success
}

# peak_kb CMD...: CMD's peak resident memory in KiB (GNU time).
peak_kb() {
	/usr/bin/time -f %M -o peak "$@" >/dev/null 2>/dev/null || true
	tail -1 peak
}

# big_junk MB: MB megabytes (or a little more) of the junk corpus, the
# deeply nested records among them, again and again, in big.ndjson.
big_junk() {
	cat "$JUNK"/kinds.ndjson "$JUNK"/truncated.ndjson "$JUNK"/nested.ndjson >unit.ndjson
	local i
	for i in $(seq 100); do cat unit.ndjson; done >big.ndjson
	while (( $(stat -c %s big.ndjson) < $1 * 1000000 )); do
		cat big.ndjson big.ndjson >big2 && mv big2 big.ndjson
	done
}

@test "200 MB of junk, one thread: the streaming stages stay under 64 MB" {
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "memory is not measured on a sanitizer build (its shadow and quarantine)"
	[[ -x /usr/bin/time ]] || skip "no /usr/bin/time"
	big_junk 200
	local kb p
	for p in "lead-import --as-of $ASOF" "lead-scrub --as-of $ASOF" "lead-score --as-of $ASOF -r b2b.rules" "lead-qualify --as-of $ASOF -r bant"; do
		kb=$(peak_kb env LEADKIT_THREADS=1 $p big.ndjson)
		(( kb < 65536 )) || fail "$p: $kb KiB at peak on $(stat -c %s big.ndjson) bytes"
	done
	kb=$(peak_kb env LEADKIT_THREADS=1 lead run import --as-of "$ASOF" big.ndjson then scrub --as-of "$ASOF" then score --as-of "$ASOF" -r b2b.rules then qualify --as-of "$ASOF" -r bant)
	(( kb < 65536 )) || fail "the chain: $kb KiB at peak"
}

@test "200 MB of junk, threaded: the streaming stages stay under 64 MB" {
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "memory is not measured on a sanitizer build (its shadow and quarantine)"
	[[ -x /usr/bin/time ]] || skip "no /usr/bin/time"
	big_junk 200
	local kb p over=
	for p in "lead-import --as-of $ASOF" "lead-scrub --as-of $ASOF" "lead-score --as-of $ASOF -r b2b.rules"; do
		kb=$(peak_kb env LEADKIT_THREADS=2 $p big.ndjson)
		(( kb < 65536 )) || over+=" $p: $kb KiB;"
	done
	# each record waiting in a batch keeps no more memory than a lead
	# needs (rec_clear), whatever the largest it held
	[[ -z $over ]] || fail "over 64 MB threaded:$over"
}

# ---- rules files read only their own files -----------------------------------

@test "a rules file includes and lists only files below its folder or the share directory" {
	mkdir -p r/sub outside
	echo 'x@example.com' >r/ok.txt
	echo 'x@example.com' >outside/list.txt
	ln -s ../outside/list.txt r/link.txt
	printf 'score fit\n  +5 email in @"ok.txt"\n' >r/ok.rules
	printf 'include "../ok.rules"\nscore more\n  +1 email in @"../ok.txt"\n' >r/sub/inner.rules
	printf 'include "sub/inner.rules"\n' >r/top.rules
	run --separate-stderr lead-score -r r/top.rules <<<'{"id":"1","email":"x@example.com"}'
	assert_success
	assert_equal "$(jq -c .score <<<"$output")" 6
	# a shipped file, from the share directory
	printf 'include "scoring/crm.rules"\nscore fit\n  +1 email exists\n' >r/shipped.rules
	run --separate-stderr lead-score -r r/shipped.rules <<<'{"id":"1"}'
	assert_success
	local real share
	real=$(realpath r)
	share=$(realpath "$LEADKIT_SHARE")
	printf 'include "../../../../../../../../etc/passwd"\n' >r/a.rules
	run -1 --separate-stderr lead-score -r r/a.rules <<<'{"id":"1"}'
	assert_equal "$stderr" "lead-score: r/a.rules:1:9: include \"../../../../../../../../etc/passwd\": refused: /etc/passwd is outside the folder of r/a.rules ($real) and the share directory ($share)"
	printf 'include "/etc/passwd"\n' >r/b.rules
	run -1 --separate-stderr lead-score -r r/b.rules <<<'{"id":"1"}'
	assert_output ''
	assert_equal "$stderr" "lead-score: r/b.rules:1:9: include \"/etc/passwd\": refused: /etc/passwd is outside the folder of r/b.rules ($real) and the share directory ($share)"
	printf 'score fit\n  +5 email in @"link.txt"\n' >r/c.rules
	run -1 --separate-stderr lead-score -r r/c.rules <<<'{"id":"1"}'
	assert_equal "$stderr" "lead-score: r/c.rules:2:15: list \"link.txt\": refused: $(realpath outside/list.txt) is outside the folder of r/c.rules ($real) and the share directory ($share)"
	printf 'score fit\n  +5 email in @"%s"\n' "$(realpath outside/list.txt)" >r/d.rules
	run -1 --separate-stderr lead-score -r r/d.rules <<<'{"id":"1"}'
	assert_output --partial ''
	[[ $stderr == *'refused'* ]] || fail "$stderr"
}

@test "every program's rules and models are confined: routing, scrub, definitions, match models, --where" {
	mkdir r
	printf 'include "/etc/passwd"\n' >r/evil.rules
	run -1 --separate-stderr lead-route --ledger "$DB" --roster "$FIX/route/weights.csv" -r r/evil.rules <<<'{"id":"1"}'
	[[ $stderr == *'refused: /etc/passwd is outside'* ]] || fail "route: $stderr"
	run -1 --separate-stderr lead-scrub -r r/evil.rules <<<'{"id":"1"}'
	[[ $stderr == *'refused: /etc/passwd is outside'* ]] || fail "scrub: $stderr"
	run -1 --separate-stderr lead-qualify -r r/evil.rules <<<'{"id":"1"}'
	[[ $stderr == *'refused: /etc/passwd is outside'* ]] || fail "qualify: $stderr"
	run -1 --separate-stderr lead-dedupe --model r/evil.rules <<<'{"id":"1"}'
	[[ $stderr == *'refused: /etc/passwd is outside'* ]] || fail "dedupe: $stderr"
	run -2 --separate-stderr lead-report --where 'email in @"/etc/passwd"' <<<'{"id":"1"}'
	[[ $stderr == *'refused: /etc/passwd is outside'* ]] || fail "report --where: $stderr"
	[[ ! -e "$DB" ]] || [[ $(sqlite3 "$DB" 'select count(*) from leads') == 0 ]]
}
