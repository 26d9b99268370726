#!/usr/bin/env bats
# The conventions every program shares, tested once over the verb table
# (lead --list-verbs): -h, -V, --, an unknown option, | head, a write
# error, stdin as -, a BOM; lead VERB is lead-VERB; strict numbers and
# dates; completions and man pages against the table.

bats_require_minimum_version 1.5.0

load test_helper/common

EX="$BATS_TEST_DIRNAME/../share/leadkit/examples"
ROOT="$BATS_TEST_DIRNAME/.."

# What each verb needs to run on the input of input(): a verb added to
# the table without a line here fails every test below.
declare -gA ARGS=(
	[import]="-c DE"
	[scrub]="--list unsubscribes.txt"
	[dedupe]=""
	[score]="-r b2b.rules"
	[qualify]="-r bant.rules"
	[route]="--roster team.csv"
	[feedback]=""
	[report]="-g source"
	[tune]="--seed 1"
)

setup_file() {
	local d="$BATS_FILE_TMPDIR/w" i
	mkdir -p "$d"
	cd "$d"
	cp "$EX"/* .
	# raw leads without the BOM messe-2026.csv has (and without its row
	# of a field too few)
	tail -c +4 messe-2026.csv | awk -F';' 'NR == 1 { n = NF } NF == n' >raw.csv
	lead-import --as-of "$AS_OF" -c DE -o csv raw.csv >leads.csv
	# outcomes of the routed leads, for lead-feedback
	LEADKIT_LEDGER=base.db lead-route --as-of "$AS_OF" --roster team.csv leads.csv >/dev/null
	{
		echo 'id,status'
		lead-import --as-of "$AS_OF" -c DE -o ndjson raw.csv | jq -r '.id + ",accepted"'
	} >outcomes.csv
	# a large input, for | head: the leads 40 times over, each a person
	# of its own
	{
		head -1 leads.csv
		for i in $(seq 40); do
			tail -n +2 leads.csv | sed "s/^\([^,]*\),/\1$i,/; s/@/$i@/"
		done
	} >big.csv
	{
		head -1 raw.csv
		for i in $(seq 40); do
			tail -n +2 raw.csv | sed "s/^\([^;]*\);/\1$i;/; s/@/$i@/"
		done
	} >bigraw.csv
	# labelled leads, for lead-tune (which needs 40 at least): the large
	# input, every third lead converted
	awk 'NR == 1 { print $0 ",outcome_label"; next }
	    { print $0 "," (NR % 3 == 0) }' big.csv >labelled.csv
}

setup() {
	cd "$BATS_FILE_TMPDIR/w"
}

# verbs: the verbs of the table.
verbs() {
	lead --list-verbs
}

# input VERB [big]: the file VERB reads in these tests.
input() {
	case $1 in
	import) [[ ${2-} == big ]] && echo bigraw.csv || echo raw.csv ;;
	feedback) echo outcomes.csv ;;
	tune) echo labelled.csv ;;
	*) [[ ${2-} == big ]] && echo big.csv || echo leads.csv ;;
	esac
}

# lk VERB ARGS...: lead-VERB at the fixed time, with the verb's ARGS, on
# a copy of the ledger of its own.
lk() {
	local v=$1
	shift
	[[ -v ARGS[$v] ]] || { echo "no ARGS for verb $v in conventions.bats" >&2; return 99; }
	cp base.db "$BATS_TEST_TMPDIR/$v.db"
	# shellcheck disable=SC2086
	LEADKIT_LEDGER="$BATS_TEST_TMPDIR/$v.db" "lead-$v" --as-of "$AS_OF" ${ARGS[$v]} "$@"
}

# head_1 VERB FILE: lk VERB FILE | head -1, the status lk's.
head_1() {
	set -o pipefail
	lk "$@" | head -1 >/dev/null
}

# full VERB FILE: lk VERB FILE writing to /dev/full.
full() {
	lk "$@" >/dev/full
}

@test "the table has the nine programs, and lead help lists each with its summary" {
	run lead --list-verbs
	assert_success
	assert_output - <<-'EOF'
	import
	scrub
	dedupe
	score
	qualify
	route
	feedback
	report
	tune
	EOF
	run --separate-stderr lead help
	assert_success
	for v in $(verbs); do
		assert_line --regexp "^  $v +[a-z].{20,}"
		[[ -x "$(command -v "lead-$v")" ]] || fail "no program lead-$v"
		[[ -v ARGS[$v] ]] || fail "no ARGS for verb $v"
	done
	assert_line --regexp '^  run +'
}

@test "-h, --help: the usage on stdout, exit 0; lead VERB -h the same" {
	for v in $(verbs); do
		run --separate-stderr "lead-$v" -h
		assert_success
		assert_equal "$stderr" ''
		assert_line --index 0 --regexp "^usage: lead-$v "
		local help=$output
		run --separate-stderr "lead-$v" --help
		assert_equal "$output" "$help"
		run --separate-stderr lead "$v" -h
		assert_success
		assert_equal "$output" "$help"
		run --separate-stderr lead help "$v"
		assert_success
		assert_equal "$output" "$help"
	done
}

@test "-V, --version: the program and the version, exit 0" {
	for v in $(verbs); do
		run --separate-stderr "lead-$v" -V
		assert_success
		assert_output --regexp "^lead-$v \(leadkit\) [0-9]+\.[0-9]+\.[0-9]+$"
		run --separate-stderr lead "$v" --version
		assert_output --regexp "^lead-$v \(leadkit\) "
	done
	run --separate-stderr lead --version
	assert_output --regexp '^lead \(leadkit\) [0-9.]+$'
}

@test "an unknown option: exit 2, a message and a hint, nothing on stdout; the same from lead VERB" {
	for v in $(verbs); do
		run -2 --separate-stderr "lead-$v" --bogus </dev/null
		assert_output ''
		assert_equal "${stderr_lines[0]}" "lead-$v: unrecognized option '--bogus'"
		assert_equal "${stderr_lines[1]}" "Try 'lead-$v --help' for more information."
		local err=$stderr
		run -2 --separate-stderr lead "$v" --bogus </dev/null
		assert_equal "$stderr" "$err"
		run -2 --separate-stderr "lead-$v" -Z </dev/null
		assert_regex "${stderr_lines[0]}" "^lead-$v: invalid option -- 'Z'"
	done
	run -2 --separate-stderr lead frobnicate
	assert_equal "${stderr_lines[0]}" 'lead: "frobnicate" is no verb (lead help lists them)'
	run -2 --separate-stderr lead
	assert_regex "${stderr_lines[0]}" '^lead: a verb is needed'
}

@test "lead VERB ARGS: the output, messages and exit status of lead-VERB ARGS" {
	for v in $(verbs); do
		local f
		f=$(input "$v")
		run --separate-stderr lk "$v" "$f"
		local out=$output err=$stderr st=$status
		cp base.db "$BATS_TEST_TMPDIR/l.db"
		# shellcheck disable=SC2086
		run --separate-stderr env LEADKIT_LEDGER="$BATS_TEST_TMPDIR/l.db" lead "$v" --as-of "$AS_OF" ${ARGS[$v]} "$f"
		assert_equal "$status" "$st"
		assert_equal "$output" "$out"
		assert_equal "$stderr" "$err"
		[[ -n $out ]] || fail "lead-$v printed nothing"
		run --separate-stderr lk "$v" missing.csv
		out=$output err=$stderr st=$status
		(( st == 1 )) || fail "lead-$v missing.csv: exit $st"
		# shellcheck disable=SC2086
		run --separate-stderr env LEADKIT_LEDGER="$BATS_TEST_TMPDIR/l.db" lead "$v" --as-of "$AS_OF" ${ARGS[$v]} missing.csv
		assert_equal "$status" "$st"
		assert_equal "$stderr" "$err"
		assert_regex "$stderr" "^lead-$v: "
	done
}

@test "--: what follows is a file, even if it starts with -" {
	for v in $(verbs); do
		local f
		f=$(input "$v")
		cp "$f" ./-in.csv
		run --separate-stderr lk "$v" "$f"
		local out=$output
		run --separate-stderr lk "$v" -- -in.csv
		assert_success
		assert_equal "$output" "$out"
	done
}

@test "stdin as -, and when no file is named" {
	for v in $(verbs); do
		local f
		f=$(input "$v")
		run --separate-stderr lk "$v" "$f"
		local out=$output
		run --separate-stderr lk "$v" - <"$f"
		assert_success
		assert_equal "$output" "$out"
		run --separate-stderr lk "$v" <"$f"
		assert_success
		assert_equal "$output" "$out"
	done
}

@test "a UTF-8 BOM on the input changes nothing" {
	for v in $(verbs); do
		local f
		f=$(input "$v")
		{ printf '\xef\xbb\xbf'; cat "$f"; } >"$BATS_TEST_TMPDIR/bom.csv"
		run --separate-stderr lk "$v" "$f"
		local out=$output
		run --separate-stderr lk "$v" "$BATS_TEST_TMPDIR/bom.csv"
		assert_success
		assert_equal "$output" "$out"
	done
}

@test "| head -1: quiet, the status of a program ended by its reader (0 or SIGPIPE)" {
	for v in $(verbs); do
		run --separate-stderr head_1 "$v" "$(input "$v" big)"
		# lead-tune's figures on the held-out leads are its report
		[[ $v == tune ]] && stderr=$(grep -v -e '^lead-tune: [0-9]* labelled leads' \
		    -e '^lead-tune: held out ' -e '^lead-tune: model, ' \
		    -e '^lead-tune: logistic, ' <<<"$stderr" || true)
		assert_equal "$stderr" ''
		(( status == 0 || status == 141 )) || fail "lead-$v | head -1: exit $status"
	done
}

@test "a write error (/dev/full): exit 1 and a message" {
	[[ -w /dev/full ]] || skip "no /dev/full"
	for v in $(verbs); do
		run --separate-stderr full "$v" "$(input "$v")"
		(( status == 1 )) || fail "lead-$v >/dev/full: exit $status"
		assert_regex "$stderr" "(^|"$'\n'")lead-$v: .*(write error|No space left on device)"
	done
}

# ---- strict numbers and dates ---------------------------------------

# bad_count VERB OPTION: OPTION of VERB refuses what is no whole number.
bad_count() {
	local v=$1 opt=$2 bad
	for bad in 2.5 0x10 inf 1e3 +5 ' 5' 5x '' ten -; do
		run -2 --separate-stderr lk "$v" "$opt" "$bad" </dev/null
		assert_output ''
		[[ ${stderr_lines[0]} == "lead-$v: $opt: \"$bad\" is not a "*number ]] ||
			fail "lead-$v $opt '$bad': ${stderr_lines[0]}"
	done
}

@test "a count (--gate, --limit): whole decimal numbers only, exit 2 for anything else" {
	bad_count route --gate
	bad_count route --limit
	run -2 --separate-stderr lk route --gate 2.5 </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-route: --gate: "2.5" is not a whole number'
	run -2 --separate-stderr lk route --gate ten </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-route: --gate: "ten" is not a number'
	run -2 --separate-stderr lk route --gate 99999999999999999999 </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-route: --gate: 99999999999999999999 is not between 0 and 1000000000'
	run --separate-stderr lk route --gate 007 leads.csv
	assert_success
}

@test "a duration (--overdue, --nurture-days, --max-age): whole days, or with a unit (h, d, w)" {
	local v opt bad
	for v in route:--overdue feedback:--nurture-days scrub:--max-age; do
		opt=${v#*:} v=${v%%:*}
		for bad in 2.5 0x10 inf 1e3 +5 ' 5' 5x -1 '' 3m; do
			run -2 --separate-stderr lk "$v" "$opt" "$bad" </dev/null
			assert_equal "${stderr_lines[0]}" "lead-$v: $opt: \"$bad\" is not a number of days"
		done
		run -2 --separate-stderr lk "$v" "$opt" 36h </dev/null
		assert_equal "${stderr_lines[0]}" "lead-$v: $opt: 36h is not a whole number of days"
		run -2 --separate-stderr lk "$v" "$opt" 99999 </dev/null
		assert_regex "${stderr_lines[0]}" "^lead-$v: $opt: 99999 is not between 0 and "
	done
	# 2w is 14 days: a lead overdue after 14 days is so after 2w
	run --separate-stderr lk route --overdue 2w leads.csv
	assert_success
	run --separate-stderr lk feedback --nurture-days 48h outcomes.csv
	assert_success
}

@test "a number (--sla): decimal, exit 2 for hex, inf, an exponent, blanks or a sign" {
	local bad
	for bad in 0x10 inf nan 1e3 +5 ' 5' 5x '' .5 5.; do
		run -2 --separate-stderr lead-report --report sla --sla "$bad" --ledger base.db
		assert_equal "${stderr_lines[0]}" "lead-report: --sla: \"$bad\" is not a number"
	done
	run --separate-stderr lead-report --report sla --sla 0.5 --ledger base.db
	assert_success
}

@test "a date (--as-of, --since, --until): one parser, the same dates everywhere" {
	local v bad
	for v in $(verbs); do
		for bad in never 2026-13-01 2026-02-30 31.02.2026 ''; do
			run -2 --separate-stderr "lead-$v" --as-of "$bad" </dev/null
			assert_equal "${stderr_lines[0]}" "lead-$v: --as-of: \"$bad\" is not a date"
		done
	done
	for v in --since --until; do
		run -2 --separate-stderr lead-report "$v" 2026-02-30 leads.csv
		assert_equal "${stderr_lines[0]}" "lead-report: $v: \"2026-02-30\" is not a date"
		run --separate-stderr lead-report "$v" 2026-03-01T10:00:00Z leads.csv
		assert_success
	done
}

# ---- completions and man pages against the table ------------------

# bash_offers WORDS...: what completions/lead.bash offers for the last of
# WORDS (the command line so far), one a line.
bash_offers() {
	# shellcheck disable=SC1091
	source "$ROOT/completions/lead.bash"
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	local fn
	fn=$(complete -p "$1" | sed 's/.*-F \([^ ]*\) .*/\1/')
	"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}"
}

@test "completions/lead.bash offers every option of every verb, to lead-VERB, lead VERB and lead run" {
	local v o offered
	for v in $(verbs); do
		for how in "lead-$v -" "lead $v -" "lead run import then $v -"; do
			# shellcheck disable=SC2086
			offered=$(bash_offers $how)
			for o in $(lead --list-options "$v"); do
				grep -qx -- "$o" <<<"$offered" ||
					fail "bash: '$how' does not offer $o"
			done
		done
	done
	offered=$(bash_offers lead '')
	for v in $(verbs) run help; do
		grep -qx -- "$v" <<<"$offered" || fail "bash: lead does not offer $v"
	done
	offered=$(bash_offers lead help '')
	grep -qx score <<<"$offered" || fail "bash: lead help does not offer the verbs"
	offered=$(bash_offers lead run score -r b2b.rules '')
	grep -qx then <<<"$offered" || fail "bash: lead run does not offer then"
	offered=$(bash_offers lead run score then '')
	grep -qx qualify <<<"$offered" || fail "bash: lead run ... then does not offer the verbs"
}

@test "completions/_lead offers every option of every verb, and lead's verbs" {
	local v o block common
	common=$(sed -n '/^_lead_common_args=(/,/^)/p' "$ROOT/completions/_lead")
	for v in $(verbs); do
		block=$(sed -n "/^_lead-$v() {/,/^}/p" "$ROOT/completions/_lead")
		[[ -n $block ]] || fail "_lead: no _lead-$v"
		for o in $(lead --list-options "$v"); do
			grep -qE -- "(^|[^-a-z])$o([]=+[':, }]|\$)" <<<"$block"$'\n'"$common" ||
				fail "_lead: _lead-$v does not offer $o"
		done
		grep -q "^  *'$v:" "$ROOT/completions/_lead" ||
			fail "_lead: lead's verbs lack $v"
	done
	head -1 "$ROOT/completions/_lead" | grep -q ' lead\( \|$\)'
}

# synopsis TEXT: TEXT's words, one a line, "usage:" left out.
words() {
	tr -s ' \t\n' '\n\n\n' | sed '/^$/d; /^usage:$/d'
}

@test "each man page's SYNOPSIS is its program's usage" {
	command -v mandoc >/dev/null || skip "no mandoc"
	local v man usage
	for v in $(verbs); do
		man=$(mandoc -T ascii -O width=200 "$ROOT/man/lead-$v.1" | col -b |
			sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | words)
		usage=$("lead-$v" -h | sed '/^$/q' | words)
		[[ $man == "$usage" ]] ||
			fail "lead-$v(1) SYNOPSIS is not its usage:"$'\n'"$(diff <(echo "$man") <(echo "$usage"))"
	done
}
