#!/usr/bin/env bats
# whole pipelines over the bundled samples

bats_require_minimum_version 1.5.0

load test_helper/common

EX="$BATS_TEST_DIRNAME/../share/leadkit/examples"

# reconciles STDERR: the stats line; every record is out or rejected.
# Sets IN, OUT, REJECTED.
reconciles() {
	[[ $1 =~ (^|$'\n')lead-import:\ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=([0-9]+)\ suppressed=0($'\n'|$) ]] ||
		fail "no stats line in: $1"
	IN=${BASH_REMATCH[2]} OUT=${BASH_REMATCH[3]} REJECTED=${BASH_REMATCH[4]}
	assert_equal "$((OUT + REJECTED))" "$IN"
}

@test "lead-import on the bundled samples: out + rejected = in" {
	[[ -f $EX/messe-2026.csv && -f $EX/webinar-2026-03.ndjson ]] ||
		skip "no bundled samples in $EX"
	local rej="$BATS_TEST_TMPDIR/rejects.ndjson"
	run --separate-stderr bash -c 'lead-import --country DE --source messe-2026 --stats --rejects "$3" -o ndjson "$1" "$2" | wc -l' _ \
	    "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson" "$rej"
	assert_success
	reconciles "$stderr"
	(( IN > 0 )) || fail "no records read"
	assert_equal "$output" "$OUT"
	assert_equal "$(wc -l <"$rej")" "$REJECTED"
}

@test "lead-import is clean under valgrind, threaded and not" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	local big="$BATS_TEST_TMPDIR/big.ndjson" rej="$BATS_TEST_TMPDIR/rej.ndjson"
	# more than one batch of records, so that the worker threads run
	for i in $(seq 1 1500); do
		printf '{"email":" U%d@Example.COM ","phone":"030 %07d","country":"Deutschland","name":"Anna Schmidt","events":[{"type":"visit","at":"05.03.2026"}]}\n' "$i" "$i"
	done >"$big"
	echo '{"broken": }' >>"$big"
	for threads in 1 2; do
		run --separate-stderr env LEADKIT_THREADS=$threads valgrind -q \
		    --error-exitcode=9 --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect \
		    lead-import --country DE --rejects "$rej" --stats \
		    "$big" "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson"
		assert_success
		assert_equal "${stderr_lines[-1]}" "lead-import: stats: in=1522 out=1520 rejected=2 suppressed=0"
	done
}

@test "lead-import | lead-score: every imported lead is scored and graded" {
	run --separate-stderr bash -c 'lead-import --country DE --as-of 2026-03-15 -o ndjson "$1" "$2" 2>/dev/null | lead-score -r b2b.rules --as-of 2026-03-31 --stats | jq -r "select(.grade != null and (.score | type) == \"number\") | .id" | wc -l' _ \
	    "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson"
	assert_success
	[[ $stderr =~ lead-score:\ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=0\ suppressed=0 ]] ||
		fail "no stats line in: $stderr"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	assert_equal "$output" "${BASH_REMATCH[2]}"
}

@test "lead-score is clean under valgrind, threaded and not, and --diff and --explain too" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	local big="$BATS_TEST_TMPDIR/big.ndjson" rej="$BATS_TEST_TMPDIR/rej.ndjson"
	for i in $(seq 1 700); do
		printf '{"id":"L%d","title":"Head of IT","employees":%d,"email_kind":"free","events":[{"type":"download","at":"2026-03-0%dT10:00:00Z"},{"type":"email_click","at":"2026-02-01"}]}\n' "$i" "$i" $((i % 9 + 1))
	done >"$big"
	echo '{"broken": }' >>"$big"
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	for threads in 1 2; do
		run --separate-stderr env LEADKIT_THREADS=$threads "${vg[@]}" \
		    lead-score -r b2b.rules --as-of 2026-03-31 --rejects "$rej" \
		    --stats "$big"
		assert_success
		assert_equal "${stderr_lines[-1]}" "lead-score: stats: in=701 out=700 rejected=1 suppressed=0"
	done
	run --separate-stderr "${vg[@]}" lead-score -r b2b.rules \
	    --diff xeducation.rules --as-of 2026-03-31 --rejects "$rej" "$big"
	assert_success
	run --separate-stderr "${vg[@]}" lead-score -r b2b.rules --explain \
	    --as-of 2026-03-31 --rejects "$rej" "$big"
	assert_success
}

@test "lead-import | lead-score | lead-qualify: every lead gets a stage, in = out" {
	run --separate-stderr bash -c 'set -o pipefail; lead-import --country DE --as-of 2026-03-15 --rejects /dev/null -o ndjson "$1" "$2" | lead-score -r b2b.rules --as-of 2026-03-31 | lead-qualify -r bant.rules --as-of 2026-03-31 --stats | jq -r ".status" | sort | uniq -c | wc -l' _ \
	    "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson"
	assert_success
	[[ $stderr =~ lead-qualify:\ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=0\ suppressed=0 ]] ||
		fail "no stats line in: $stderr"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	(( output >= 3 )) || fail "only $output different statuses"
}

@test "lead-qualify is clean under valgrind, threaded and not, and with --summary" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	local big="$BATS_TEST_TMPDIR/big.ndjson" rej="$BATS_TEST_TMPDIR/rej.ndjson"
	for i in $(seq 1 700); do
		printf '{"id":"L%d","status":"%s","email":"a%d@example.com","budget":%d,"authority":"decision_maker","need":"high","timeline_days":%d,"company":"Acme","events":[{"type":"demo_request","at":"2026-03-2%dT10:00:00Z"}]}\n' \
		    "$i" "$( ((i % 3)) && echo sql || echo won)" "$i" $((i * 100)) $((i % 200)) $((i % 9))
	done >"$big"
	echo '{"broken": }' >>"$big"
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	local def
	for def in bant.rules ald.rules abc.rules; do
		for threads in 1 2; do
			run --separate-stderr env LEADKIT_THREADS=$threads "${vg[@]}" \
			    lead-qualify -r "$def" --as-of 2026-03-31 --rejects "$rej" \
			    --stats "$big"
			assert_success
			assert_equal "${stderr_lines[-1]}" "lead-qualify: stats: in=701 out=700 rejected=1 suppressed=0"
		done
	done
	run --separate-stderr "${vg[@]}" lead-qualify -r bant.rules --summary \
	    --as-of 2026-03-31 --rejects "$rej" "$big"
	assert_success
}

@test "lead-dedupe is clean under valgrind, in every mode and with --against" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	local big="$BATS_TEST_TMPDIR/big.ndjson" rej="$BATS_TEST_TMPDIR/rej.ndjson"
	local ref="$BATS_TEST_TMPDIR/customers.ndjson"
	# 300 people, each twice (written differently) or once
	for i in $(seq 1 300); do
		printf '{"id":"L%d","first_name":"Anna%d","last_name":"Schmidt","email":"anna%d@example.com","company":"Acme %d","company_key":"acme %d","created_at":"2026-03-0%dT10:00:00Z","events":[{"type":"visit","at":"2026-03-01"}]}\n' "$i" "$i" "$i" "$i" "$i" $((i % 9 + 1))
		((i % 2)) && printf '{"id":"D%d","first_name":"ANNA%d","last_name":"Schmidt","email":"Anna%d+x@example.com","company_key":"acme %d","n_visit":"2","events":[{"type":"download","at":"2026-03-02"}]}\n' "$i" "$i" "$i" "$i"
	done >"$big"
	echo '{"broken": }' >>"$big"
	head -n 20 "$big" | sed 's/"id":"/"kind":"customer","id":"C/' >"$ref"
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	for mode in --mark --drop --merge; do
		run --separate-stderr "${vg[@]}" lead-dedupe "$mode" \
		    --against "$ref" --rejects "$rej" --stats "$big"
		assert_success
	done
	assert_equal "${stderr_lines[-1]}" "lead-dedupe: stats: in=451 out=300 rejected=1 suppressed=150"
}

@test "lead-import | lead-dedupe --merge | lead-score: a duplicate becomes one scored lead" {
	run --separate-stderr bash -c 'lead-import --country DE --as-of 2026-03-15 -o ndjson "$1" "$2" 2>/dev/null | lead-dedupe --merge --stats | lead-score -r b2b.rules --as-of 2026-03-31 | jq -r "select(.merged_ids != null) | .merged_ids | length"' _ \
	    "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson"
	assert_success
	assert_output 2
	assert_equal "$stderr" "lead-dedupe: stats: in=20 out=19 rejected=0 suppressed=1"
}

# scrub_data: leads and lists for the lead-scrub valgrind tests, in the
# test's temporary directory (which becomes the working directory).
# 1500 leads (more than one batch, so that the worker threads run) and
# a broken line; a registry download (AAA,NNNNNNN, a BOM, a comment, a
# blank line, a CRLF line) and its change list; text lists of every kind.
scrub_data() {
	cd "$BATS_TEST_TMPDIR"
	local i
	for i in $(seq 1 1500); do
		if ((i % 11 == 0)); then
			printf '{"id":"L%d","phone":"(415) 555-%04d","country":"US","email":"U%d@Example.com","consent":%s,"domain":"%s"}\n' \
			    "$i" "$i" "$i" "$( ((i % 5)) && echo true || echo false)" "$( ((i % 7)) && echo acme.com || echo x.sales.competitor.com)"
		else
			printf '{"id":"L%d","phone":"+1415555%04d","email":"u%d@example.com","consent":%s,"domain":"%s"}\n' \
			    "$i" "$i" "$i" "$( ((i % 5)) && echo true || echo false)" "$( ((i % 7)) && echo acme.com || echo x.sales.competitor.com)"
		fi
	done >leads.ndjson
	echo '{"broken": }' >>leads.ndjson
	{
		printf '\xef\xbb\xbf# do not call, area code 415\n\n'
		for i in $(seq 1 3 1500); do printf '415,555%04d\n' "$i"; done
		printf '4155559999\r\n14155559998\n'
	} >dnc.txt
	printf '4155550002,A\n415,5550003,a\n4155550004 ,D\n415,5550005,d\n' >changes.txt
	printf '4155550006,A\n415,5550007,D\n' >changes2.txt
	printf '# unsubscribed\nu2@example.com\nU6@Example.COM\n  u10+x@example.com\t\nu12@gmail.com\n' >unsub.txt
	printf 'competitor.com\nbücher.de\n' >domains.txt
	printf 'L13\nL14\n' >ids.txt
	{
		printf '%s' u20@example.com | sha256sum | cut -c1-64
		printf '%s' +14155550021 | sha256sum | cut -c1-64
	} >hashed.txt
	printf '%s' u30@example.com | md5sum | cut -c1-32 >md5.txt
}

@test "lead-scrub is clean under valgrind: --compile with --changes, text lists and indexes, threaded and not, --certificate, --mode drop --suppressed" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	scrub_data
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	# compile: a text list with change lists, an index updated with one,
	# a list from standard input
	run --separate-stderr "${vg[@]}" lead-scrub --compile --name dnc \
	    --date 2026-03-01 --changes changes.txt dnc.txt dnc.idx
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr "${vg[@]}" lead-scrub --compile \
	    --date 2026-03-02 --changes changes2.txt dnc.idx dnc2.idx
	assert_success
	run --separate-stderr bash -c '"$@" <unsub.txt' _ "${vg[@]}" \
	    lead-scrub --compile --kind email --name unsub-idx \
	    --date 2026-03-01 - unsub.idx
	assert_success
	# every kind of list, text and index; mark mode
	local lists=(--list dnc2.idx --list unsub.txt --list unsub.idx
	    --list domains.txt --list blocked=ids.txt --channel blocked=email
	    --list hashed.txt --list md5.txt)
	local threads
	for threads in 1 2; do
		run --separate-stderr env LEADKIT_THREADS=$threads "${vg[@]}" \
		    lead-scrub "${lists[@]}" --certificate cert.json \
		    --as-of 2026-03-15 --rejects rej.ndjson --stats leads.ndjson
		assert_success
		assert_equal "${stderr_lines[-1]}" "lead-scrub: stats: in=1501 out=1500 rejected=1 suppressed=0"
		assert_equal "$(jq -r .leads cert.json)" 1500
		assert_equal "$(jq -c '[.lists[] | .matched > 0] | all' cert.json)" true
	done
	# CSV out (suppressed_by as JSON text), and a list gone stale
	run --separate-stderr "${vg[@]}" lead-scrub "${lists[@]}" -o csv \
	    --max-age 0 --as-of 2027-06-01 --rejects rej.ndjson --stats \
	    leads.ndjson
	assert_success
	assert_equal "${stderr_lines[-1]}" "lead-scrub: stats: in=1501 out=1500 rejected=1 suppressed=0"
	# drop mode: what leaves stdout plus what is suppressed is every lead
	local for_
	for for_ in any phone email; do
		for threads in 1 2; do
			run --separate-stderr env LEADKIT_THREADS=$threads \
			    "${vg[@]}" lead-scrub "${lists[@]}" --mode drop \
			    --for "$for_" --suppressed sup.ndjson \
			    --certificate cert.json --as-of 2026-03-15 \
			    --rejects rej.ndjson --stats leads.ndjson
			assert_success
			[[ ${stderr_lines[-1]} =~ ^lead-scrub:\ stats:\ in=1501\ out=([0-9]+)\ rejected=1\ suppressed=([0-9]+)$ ]] ||
				fail "no stats line in: $stderr"
			assert_equal "$((BASH_REMATCH[1] + BASH_REMATCH[2]))" 1500
			assert_equal "$(wc -l <sup.ndjson)" "${BASH_REMATCH[2]}"
			assert_equal "${#lines[@]}" "${BASH_REMATCH[1]}"
			(( BASH_REMATCH[2] > 0 )) || fail "--for $for_: nothing dropped"
		done
	done
	# drop without --suppressed: only counted
	run --separate-stderr "${vg[@]}" lead-scrub "${lists[@]}" --mode drop \
	    --as-of 2026-03-15 --rejects rej.ndjson --stats leads.ndjson
	assert_success
}

# A long e-mail entry: its normal form, a NUL and its match key take more
# than the 64 bytes listkey_entry's scratch buffer has at first (it once
# read them out of the buffer it was growing: a use-after-free).
@test "lead-scrub is clean under valgrind with long e-mail list entries" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' firstname.lastname+promotions@company-name.com \
	    averyveryverylonglocalpartwithoutanytag@subdomain.example-company.com \
	    a.very.long.local.part.name+newsletter@some-long-domain-name.example.com \
	    >long.txt
	printf '{"email":"firstname.lastname@company-name.com"}\n' >lead.ndjson
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	run --separate-stderr "${vg[@]}" lead-scrub --compile long.txt long.idx
	assert_success
	run --separate-stderr "${vg[@]}" lead-scrub --list long.txt \
	    --as-of 2026-03-15 lead.ndjson
	assert_success
	# the +tag entry stops the address without the tag
	assert_equal "$(jq -r .suppressed <<<"$output")" email
}

# Keys of SHA-256 lists spread over the whole 64-bit range: an index
# updated with --changes whose last bucket reaches 2^64, and keys at both
# ends of the range.
@test "lead-scrub --compile is clean under valgrind on hashed lists: an index updated with --changes, keys at both ends" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	cd "$BATS_TEST_TMPDIR"
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	local z=000000000000000000000000000000000000000000000000
	# keys 1 and 0xfff0...: hi2 wraps to 0; the update crashes
	printf '0000000000000001%s\nfff0000000000000%s\n' "$z" "$z" >a.txt
	printf '0000000000000002%s,A\n' "$z" >a-changes.txt
	run --separate-stderr lead-scrub --compile a.txt a.idx
	assert_success
	run --separate-stderr "${vg[@]}" lead-scrub --compile \
	    --changes a-changes.txt a.idx a2.idx
	assert_success
	# keys 0x1000... and 0xff00...: the update exits 0, the index it
	# writes does not open
	printf '1000000000000000%s\nff00000000000000%s\n' "$z" "$z" >b.txt
	printf '2000000000000000%s,A\n' "$z" >b-changes.txt
	run --separate-stderr lead-scrub --compile b.txt b.idx
	assert_success
	run --separate-stderr "${vg[@]}" lead-scrub --compile \
	    --changes b-changes.txt b.idx b2.idx
	assert_success
	printf '{"email":"a@b.com"}\n' >lead.ndjson
	run --separate-stderr "${vg[@]}" lead-scrub --list b2.idx \
	    --as-of 2026-03-15 lead.ndjson
	assert_success
	assert_equal "$stderr" ""
	# both ends of the range
	printf '0000000000000000%s\nffffffffffffffff%s\n' "$z" "$z" >ends.txt
	run --separate-stderr "${vg[@]}" lead-scrub --compile ends.txt ends.idx
	assert_success
}

@test "lead-scrub --compile: a list compiled with its changes is the list compiled, then updated with them" {
	cd "$BATS_TEST_TMPDIR"
	printf '415,5550001\n415,5550002\n415,5550003\n' >dnc.txt
	printf '415,5550001,D\n4155550004,A\n' >changes.txt
	printf '{"phone":"+1415555000%d"}\n' 1 2 3 4 >leads.ndjson
	run lead-scrub --compile --date 2026-03-01 --changes changes.txt \
	    dnc.txt at-once.idx
	assert_success
	run lead-scrub --compile --date 2026-03-01 dnc.txt plain.idx
	assert_success
	run lead-scrub --compile --changes changes.txt plain.idx updated.idx
	assert_success
	run --separate-stderr bash -c 'lead-scrub --list "$1" --as-of 2026-03-15 leads.ndjson | jq -r .suppressed | paste -sd " "' _ at-once.idx
	assert_success
	assert_output "none phone phone phone"
	run --separate-stderr bash -c 'lead-scrub --list "$1" --as-of 2026-03-15 leads.ndjson | jq -r .suppressed | paste -sd " "' _ updated.idx
	assert_success
	assert_output "none phone phone phone"
}

# loop_data: a routed ledger and a CRM export for the closed-loop tests,
# in the test's temporary directory.
loop_data() {
	cd "$BATS_TEST_TMPDIR" || return 1
	cp "$FIX/feedback/leads.ndjson" leads.ndjson
	printf '%s\n' 'id,status,reason,date,amount' \
	    'F1,accepted,,2026-11-05,' 'F2,lost,nurture,2026-11-06,' \
	    'F3,rejected,bad_data,2026-11-06,' 'F4,won,,2026-11-07,12000' \
	    'F9,won,,2026-11-07,' >crm.csv
}

@test "lead-route | lead-feedback | lead-scrub: the loop closes, every lead accounted for" {
	loop_data
	run --separate-stderr lead-route --roster "$FIX/feedback/roster.csv" \
	    --ledger l.db --as-of 2026-11-01T09:00:00Z --stats leads.ndjson
	assert_success
	[[ ${stderr_lines[-1]} =~ in=([0-9]+)\ out=([0-9]+)\ rejected=0 ]] ||
		fail "no stats: $stderr"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	# the unknown lead F9 is rejected; the others recorded
	run --separate-stderr lead-feedback --ledger l.db \
	    --as-of 2026-11-08T00:00:00Z --rejects rej.ndjson --stats crm.csv
	assert_success
	assert_equal "${stderr_lines[-1]}" "lead-feedback: stats: in=5 out=4 rejected=1 suppressed=0"
	# F3's bad data stops every channel of it in lead-scrub
	run --separate-stderr bash -c 'lead-scrub --list l.db leads.ndjson |
	    jq -r "select(.suppressed != \"none\") | .id"'
	assert_success
	assert_output F3
	# F2 comes back on its recycle day, once
	run --separate-stderr lead-feedback --ledger l.db --recycle \
	    --as-of 2027-02-05T00:00:00Z
	assert_success
	assert_equal "$(jq -r .id <<<"$output")" F2
	run --separate-stderr lead-feedback --ledger l.db --recycle \
	    --as-of 2027-02-05T00:00:00Z
	assert_output ""
	# the export labels the won lead 1, the lost ones 0
	run --separate-stderr bash -c 'lead-feedback --ledger l.db --export |
	    jq -r "select(.outcome_label != null) | \"\(.id) \(.outcome_label)\""'
	assert_output $'F2 0\nF3 0\nF4 1'
}

@test "lead-route, lead-feedback and lead-scrub --list LEDGER are clean under valgrind" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	loop_data
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	run --separate-stderr "${vg[@]}" lead-route -r example \
	    --roster "$FIX/route/roster.csv" --ledger l.db \
	    --escalations esc.ndjson --as-of 2026-11-01T09:00:00Z leads.ndjson
	assert_success
	run --separate-stderr "${vg[@]}" lead-route --reassign \
	    --roster "$FIX/feedback/roster.csv" --ledger l.db \
	    --as-of 2026-11-01T10:00:00Z leads.ndjson
	assert_success
	run --separate-stderr "${vg[@]}" lead-route --claim partner-nord \
	    --roster "$FIX/feedback/roster.csv" --ledger l.db
	assert_success
	run --separate-stderr "${vg[@]}" lead-feedback --ledger l.db \
	    --as-of 2026-11-08T00:00:00Z --rejects rej.ndjson crm.csv
	assert_success
	local mode
	for mode in --export --recycle; do
		run --separate-stderr "${vg[@]}" lead-feedback --ledger l.db \
		    "$mode" --as-of 2027-03-01T00:00:00Z
		assert_success
	done
	run --separate-stderr "${vg[@]}" lead-scrub --list l.db leads.ndjson
	assert_success
	assert_equal "$stderr" ""
}

@test "lead-report is clean under valgrind: groups, partials, every format, the ledger's reports" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	loop_data
	lead-route --roster "$FIX/feedback/roster.csv" --ledger l.db \
	    --as-of 2026-11-01T09:00:00Z leads.ndjson >/dev/null
	lead-feedback --ledger l.db --as-of 2026-11-08T00:00:00Z \
	    --rejects rej.ndjson crm.csv >/dev/null
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	local fmt all=(--report funnel --report groups --report rate
	    --report score --report dq)
	for fmt in text csv ndjson markdown html; do
		run --separate-stderr "${vg[@]}" lead-report -g source -g country \
		    "${all[@]}" --where 'score >= 0' -o "$fmt" \
		    "$FIX/report/leads.ndjson"
		assert_success
		assert_equal "$stderr" ""
	done
	run --separate-stderr bash -c '"$@" >p.ndjson' _ "${vg[@]}" \
	    lead-report --partial -g source "$FIX/report/leads.ndjson"
	assert_success
	run --separate-stderr "${vg[@]}" lead-report --merge --report groups p.ndjson
	assert_success
	run --separate-stderr "${vg[@]}" lead-report --ledger l.db \
	    --roster "$FIX/feedback/roster.csv" --report speed --report sla \
	    --report aging --report coverage --report fairness -o html \
	    --as-of 2026-11-09T00:00:00Z
	assert_success
	assert_equal "$stderr" ""
}
