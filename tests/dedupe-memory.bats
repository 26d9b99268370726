#!/usr/bin/env bats
# lead-dedupe --memory: past the budget the leads' keys go to a temporary
# file and the pairs are found in passes over it; the output is the same,
# byte for byte, in every mode, as when everything stays in memory

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	DF="$FIX/dedupe"
}

# same ARGS...: lead-dedupe ARGS gives the same stdout, stderr, status
# (and --dupes file, when ARGS name dupes.ndjson) with --memory 1K (every
# lead in passes) as without; the output is kept in $BATS_TEST_TMPDIR/out.
same() {
	local t=$BATS_TEST_TMPDIR
	run --separate-stderr lead-dedupe "$@"
	local out=$output err=$stderr st=$status
	[[ -f "$t/dupes.ndjson" ]] && mv "$t/dupes.ndjson" "$t/dupes.mem"
	run --separate-stderr lead-dedupe --memory 1K "$@"
	assert_equal "$status" "$st"
	assert_equal "$output" "$out"
	assert_equal "$stderr" "$err"
	if [[ -f "$t/dupes.mem" ]]; then
		cmp "$t/dupes.mem" "$t/dupes.ndjson"
		rm "$t/dupes.mem" "$t/dupes.ndjson"
	fi
	printf '%s\n' "$out" >"$t/out"
}

# many N [PEOPLE]: N leads of PEOPLE people (default 40), each written
# several ways (typos in the name, other e-mail domains, a phone or not),
# some sharing a role address, in the order they came; prints the file's
# path.
many() {
	python3 - "$1" "${2:-40}" >"$BATS_TEST_TMPDIR/many.ndjson" <<-'EOF'
	import json, random, sys
	random.seed(7)
	first = ["Anna", "Peter", "Maria", "Jan", "Eva", "Tom", "Lena", "Paul"]
	last = ["Schmidt", "Weber", "Berg", "Kaya", "Novak"]
	for i in range(int(sys.argv[1])):
	    p = random.randrange(int(sys.argv[2]))
	    f, l = first[p % 8], last[p // 8 % 5]
	    if random.random() < 0.2:
	        f = f[:-1] + "x"
	    lead = {"id": "L%d" % i, "first_name": f, "last_name": l,
	            "email": random.choice(["%s.%s@acme%d.de" % (f, l, p),
	                                    "info@acme%d.de" % (p % 3)]),
	            "company": "Acme %d" % p, "city": "Berlin" if p < 40 else "City %d" % (p % 997)}
	    if random.random() < 0.5:
	        lead["phone"] = "+4930%07d" % p
	    print(json.dumps(lead))
	EOF
	printf '%s\n' "$BATS_TEST_TMPDIR/many.ndjson"
}

@test "the fixtures: mark, drop with --dupes, merge and --stats give the same with --memory 1K" {
	for f in "$DF"/*.ndjson "$DF/leads.csv"; do
		same "$f"
		same --stats --merge "$f"
		same --drop --dupes "$BATS_TEST_TMPDIR/dupes.ndjson" "$f"
	done
}

@test "2000 leads of 40 people in passes: the same clusters, reasons, possible duplicates and merges" {
	local f
	f=$(many 2000)
	same "$f"
	run jq -s '[.[] | select(.dup_of)] | length' "$BATS_TEST_TMPDIR/out"
	(( output > 1000 ))
	run jq -s '[.[] | select(.possible_duplicate)] | length' "$BATS_TEST_TMPDIR/out"
	(( output > 0 ))
	same --merge "$f"
	same --drop --dupes "$BATS_TEST_TMPDIR/dupes.ndjson" -o csv "$f"
	# a budget that holds a few hundred leads: a switch midway, several passes
	run --separate-stderr lead-dedupe "$f"
	local all=$output
	run --separate-stderr lead-dedupe --memory 100K "$f"
	assert_success
	assert_equal "$output" "$all"
}

@test "70000 leads: the pairs set aside in two buckets come back in order" {
	local f t=$BATS_TEST_TMPDIR
	f=$(many 70000 20000)
	lead-dedupe --merge "$f" >"$t/a.ndjson"
	lead-dedupe --merge --memory 8M "$f" >"$t/b.ndjson"
	cmp "$t/a.ndjson" "$t/b.ndjson"
	run jq -s 'length' "$t/b.ndjson"
	(( output < 70000 ))
}

@test "--against: reference records are met in the passes as in memory" {
	cd "$DF"
	same -m people.match --against customers.ndjson --against partners.csv --stats against.ndjson
	same -m people.match --merge --against customers.ndjson against.ndjson
	run jq -s '[.[] | select(.existing_id)] | length' "$BATS_TEST_TMPDIR/out"
	(( output > 0 ))
}

@test "CRM exports, imported, then deduplicated: the same with --memory 1K" {
	for f in "$FIX"/exports/crm/*.csv; do
		lead_import "$f" >"$BATS_TEST_TMPDIR/in.ndjson" 2>/dev/null || true
		same "$BATS_TEST_TMPDIR/in.ndjson"
		same -m accounts.match "$BATS_TEST_TMPDIR/in.ndjson"
	done
}

@test "the febrl person records with the persons model: the same in passes" {
	need_shared febrl/dataset1.csv
	same -m persons.match "$SHARED/febrl/dataset1.csv"
	same -m persons.match --merge "$SHARED/febrl/dataset2.csv"
}

@test "lead run: --memory in a chain gives what the chain gives without" {
	local f
	f=$(many 500)
	run --separate-stderr lead run dedupe --merge then score -r b2b.rules < "$f"
	assert_success
	local all=$output
	run --separate-stderr lead run dedupe --merge --memory 1K then score -r b2b.rules < "$f"
	assert_success
	assert_equal "$output" "$all"
}

@test "--memory takes bytes or K, M, G; anything else is a usage error (exit 2)" {
	run lead-dedupe --memory 512M "$DF/leads.ndjson"
	assert_success
	run lead-dedupe --memory 2g "$DF/leads.ndjson"
	assert_success
	run lead-dedupe --memory 4096 "$DF/leads.ndjson"
	assert_success
	for bad in 0 '' 5X 1.5G -1 M 1GB ' 1G' 2048G 99999999999999999999; do
		run -2 --separate-stderr lead-dedupe --memory "$bad" "$DF/leads.ndjson"
		assert_output ''
		assert_regex "$stderr" '^lead-dedupe: --memory: .*(not a size|not between 1 and)'
	done
}

@test "--memory goes with finding duplicates only: not with --undo or --accounts (exit 2)" {
	run -2 --separate-stderr lead-dedupe --undo --memory 1G "$DF/leads.ndjson"
	assert_regex "$stderr" '^lead-dedupe: --undo goes with none'
	run -2 --separate-stderr lead-dedupe --accounts "$FIX/dedupe-accounts/salesforce-accounts.csv" --memory 1G "$DF/leads.ndjson"
	assert_regex "$stderr" '^lead-dedupe: --accounts looks for no duplicates'
}
