#!/usr/bin/env bats
# lead-import: whole files as they come: encodings, UTF-16, Excel's sep=
# line and empty rows, report footers, and bad files (empty, cut short,
# binary, mixed delimiters, invalid UTF-8, a JSON array, a 10 MB cell)

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	BAD="$FIX/exports/bad"
	cd "$BAD"
}

# stats_ok STDERR-LINE: a --stats line whose counts reconcile.
stats_ok() {
	local in out rej sup
	[[ $1 =~ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=([0-9]+)\ suppressed=([0-9]+) ]] ||
		fail "not a stats line: $1"
	in=${BASH_REMATCH[1]} out=${BASH_REMATCH[2]}
	rej=${BASH_REMATCH[3]} sup=${BASH_REMATCH[4]}
	((in == out + rej + sup)) || fail "in != out + rejected + suppressed: $1"
}

# ---- empty and cut short ---------------------------------------------------

@test "an empty file: nothing, exit 0" {
	run --separate-stderr lead_import --stats empty.csv
	assert_success
	assert_output ''
	assert_equal "$stderr" 'lead-import: stats: in=0 out=0 rejected=0 suppressed=0'
}

@test "a header-only CSV: nothing, exit 0" {
	run --separate-stderr lead_import --stats header-only.csv
	assert_success
	assert_output ''
	assert_equal "$stderr" 'lead-import: stats: in=0 out=0 rejected=0 suppressed=0'
}

@test "a CSV cut inside a quoted field: the rows before come out, the cut one is rejected" {
	local rej="$BATS_TEST_TMPDIR/rej.ndjson"
	run --separate-stderr import_jq '[.email, .Notes]' --stats --rejects "$rej" truncated.csv
	assert_success
	assert_output '["anna.schmidt@acme-corp.de","Met at booth 12"]'
	assert_equal "$stderr" 'lead-import: stats: in=2 out=1 rejected=1 suppressed=0'
	run jq -c '[.reject_line, .reject_reason, (.raw | startswith("ben.meyer@beta-gmbh.de,Ben,Meyer,\"Wants a demo,"))]' "$rej"
	assert_output '[3,"unterminated quoted field",true]'
}

@test "NDJSON cut inside its last line: the lines before come out, the cut one is rejected" {
	run -1 --separate-stderr import_jq '.email' --stats truncated.ndjson
	assert_output '"anna.schmidt@acme-corp.de"'
	assert_equal "${#stderr_lines[@]}" 2
	assert_regex "${stderr_lines[0]}" '^lead-import: truncated\.ndjson:2: invalid JSON at column [0-9]+: '
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=2 out=1 rejected=1 suppressed=0'
}

# ---- not text at all ---------------------------------------------------------

@test "a gzip file: refused in one message with a hint, exit 1" {
	run -1 --separate-stderr lead_import --stats leads.csv.gz
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: leads.csv.gz: a gzip file, not CSV or NDJSON: the file is not read (gunzip it first)'
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=0 out=0 rejected=0 suppressed=0'
	assert_equal "${#stderr_lines[@]}" 2
}

@test "a PNG image: refused in one message, exit 1" {
	run -1 --separate-stderr lead_import logo.png
	assert_output ''
	assert_equal "$stderr" 'lead-import: logo.png: a PNG image, not CSV or NDJSON: the file is not read'
}

@test "an Excel workbook (.xlsx): refused, the hint says to save it as CSV UTF-8" {
	run -1 --separate-stderr lead_import leads.xlsx
	assert_output ''
	assert_equal "$stderr" 'lead-import: leads.xlsx: a ZIP archive (an Excel .xlsx workbook?), not CSV or NDJSON: the file is not read (save the sheet as "CSV UTF-8")'
}

@test "any binary file: one message, not thousands of rejects" {
	local f="$BATS_TEST_TMPDIR/blob.bin"
	python3 -c 'import sys, random; random.seed(7); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(200000)))' >"$f"
	run -1 --separate-stderr lead_import --stats "$f"
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead-import: $f: a binary file, not CSV or NDJSON: the file is not read"
	assert_equal "${#stderr_lines[@]}" 2
}

@test "a binary file among others: it alone is skipped, exit 1" {
	run -1 --separate-stderr import_jq '.email' --stats leads.csv.gz header-only.csv mixed-delimiters.csv --rejects /dev/null
	assert_output - <<-'EOF'
	"anna.schmidt@acme-corp.de"
	"carla.rossi@gamma.it"
	EOF
	assert_equal "${stderr_lines[0]}" 'lead-import: leads.csv.gz: a gzip file, not CSV or NDJSON: the file is not read (gunzip it first)'
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=3 out=2 rejected=1 suppressed=0'
}

@test "a JSON array file: refused, the message names JSON array and jq" {
	run -1 --separate-stderr lead_import array.json
	assert_output ''
	assert_equal "$stderr" "lead-import: array.json:1: a JSON array, not NDJSON (one object a line; try jq -c '.[]')"
}

# ---- delimiters --------------------------------------------------------------

@test "mixed delimiters: the odd row is rejected, the reason names its delimiter" {
	run -1 --separate-stderr import_jq '.email' --stats mixed-delimiters.csv
	assert_output - <<-'EOF'
	"anna.schmidt@acme-corp.de"
	"carla.rossi@gamma.it"
	EOF
	assert_equal "${stderr_lines[0]}" "lead-import: mixed-delimiters.csv:3: 1 field, but the header has 3 (the row seems separated by ';', the header by ',')"
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=3 out=2 rejected=1 suppressed=0'
}

@test "Excel's sep=; line sets the delimiter and is no header; empty rows are skipped and counted" {
	run --separate-stderr import_jq '[.first_name, .last_name, .city, .email]' --stats excel-sep-line.csv
	assert_success
	assert_output - <<-'EOF'
	["Jürgen","Müller","Köln","j.mueller@mueller-soehne.de"]
	["Klaus","Weiß","München","k.weiss@weiss-mb.de"]
	EOF
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=2 out=2 rejected=0 suppressed=0 skipped=2'
	stats_ok "${stderr_lines[1]}"
}

@test "sep= names any delimiter, quoted or not, and is no record with -H either" {
	local f
	f=$(tmpfile pipe.csv 'sep=|\nemail|note\na@acme-corp.de|x,y\n')
	run --separate-stderr import_jq '[.email, .note]' "$f"
	assert_success
	assert_output '["a@acme-corp.de","x,y"]'
	f=$(tmpfile tab.csv '"sep=\t"\nemail\tnote\na@acme-corp.de\tx;y\n')
	run --separate-stderr import_jq '[.email, .note]' "$f"
	assert_success
	assert_output '["a@acme-corp.de","x;y"]'
	f=$(tmpfile noh.csv 'sep=;\na@acme-corp.de;x\n')
	run --separate-stderr import_jq '[.col1, .col2]' -H "$f"
	assert_success
	assert_output '["a@acme-corp.de","x"]'
}

@test "a first line that only starts like sep= is the header" {
	local f
	f=$(tmpfile sepx.csv 'sep=x,email\n1,a@acme-corp.de\n')
	run --separate-stderr import_jq '[."sep=x", .email]' "$f"
	assert_success
	assert_output '["1","a@acme-corp.de"]'
}

@test "empty rows (;;; and blank fields) are no leads: skipped, counted apart from in" {
	local f
	f=$(tmpfile empty-rows.csv ';;;\nemail;first_name;last_name;note\na@acme-corp.de;Anna;Schmidt;x\n;;;\n ; ;\t;\n"";"";"";""\nb@acme-corp.de;;;\n')
	run --separate-stderr import_jq '.email' --stats "$f"
	assert_success
	assert_output - <<-'EOF'
	"a@acme-corp.de"
	"b@acme-corp.de"
	EOF
	assert_equal "$stderr" 'lead-import: stats: in=2 out=2 rejected=0 suppressed=0 skipped=4'
}

@test "no row skipped: the stats line is as before, without skipped=" {
	run --separate-stderr lead_import --stats -o ndjson duplicate-header.csv
	assert_success
	assert_equal "$stderr" 'lead-import: stats: in=2 out=2 rejected=0 suppressed=0'
}

# ---- encodings ---------------------------------------------------------------

@test "German Excel CSV in windows-1252: the header is read right, said on stderr" {
	run --separate-stderr import_jq '[.first_name, .last_name, .company, ."Straße", .postcode, .city, .email]' excel-de-cp1252.csv
	assert_success
	assert_output - <<-'EOF'
	["Jürgen","Müller","Müller & Söhne GmbH","Hauptstraße 5","50667","Köln","j.mueller@mueller-soehne.de"]
	["Klaus","Weiß","Weiß Maschinenbau AG","Bahnhofstraße 12","80335","München","k.weiss@weiss-mb.de"]
	EOF
	assert_equal "$stderr" 'lead-import: excel-de-cp1252.csv:1: not UTF-8: read as windows-1252 (--encoding names another encoding)'
}

@test "Polish Excel CSV in windows-1250 is told from windows-1252" {
	run --separate-stderr import_jq '[.first_name, .last_name, .company, .city]' excel-pl-cp1250.csv
	assert_success
	assert_output - <<-'EOF'
	["Łukasz","Wróblewski","Żuraw Sp. z o.o.","Wrocław"]
	["Małgorzata","Ślęzak","Gęś i Syn","Łódź"]
	EOF
	assert_equal "$stderr" 'lead-import: excel-pl-cp1250.csv:1: not UTF-8: read as windows-1250 (--encoding names another encoding)'
}

@test "--encoding given: no guess, no message" {
	run --separate-stderr import_jq '.city' --encoding windows-1252 excel-de-cp1252.csv
	assert_success
	assert_output - <<-'EOF'
	"Köln"
	"München"
	EOF
	assert_equal "$stderr" ''
}

@test "--encoding takes the usual names in any case" {
	local name
	for name in windows-1252 WINDOWS-1252 cp1252 CP1252 Windows1252 iso-8859-1 ISO_8859-1 latin1 Latin-1 \
	    iso-8859-15 latin9 windows-1250 cp1250 latin2 utf-8 UTF8 utf-16 UTF-16LE utf-16be auto; do
		run --separate-stderr lead_import --encoding "$name" empty.csv
		assert_success
		assert_equal "$stderr" ''
	done
}

@test "--encoding of an unknown name is a usage error naming the known ones" {
	run -2 --separate-stderr lead_import --encoding ebcdic empty.csv
	assert_output ''
	assert_regex "${stderr_lines[0]}" '^lead-import: --encoding: "ebcdic" is not one of utf-8, windows-1252 \(cp1252\), .*iso-8859-1 \(latin1\), .*iso-8859-15 \(latin9\), .*utf-16'
	assert_equal "${stderr_lines[1]}" "Try 'lead-import --help' for more information."
}

@test "--encoding iso-8859-15: 0xA4 is the euro sign" {
	local f
	f=$(tmpfile l9.csv 'last_name,note\nM\xfcller,100 \xa4\n')
	run --separate-stderr import_jq '[.last_name, .note]' --encoding latin9 "$f"
	assert_success
	assert_output '["Müller","100 €"]'
}

@test "--encoding utf-8 on a windows-1252 header: the file is refused, never a shifted header" {
	run -1 --separate-stderr lead_import --encoding utf-8 --stats excel-de-cp1252.csv
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: excel-de-cp1252.csv:1: the header row: invalid UTF-8 (use --encoding latin1 or cp1252 to convert): the file is not read'
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=0 out=0 rejected=0 suppressed=0'
}

@test "damaged UTF-8: the bad row is rejected with a hint, the others come out right" {
	run -1 --separate-stderr import_jq '[.email, .city]' --stats invalid-utf8.csv
	assert_output - <<-'EOF'
	["anna.schmidt@acme-corp.de","Köln"]
	["carla.rossi@gamma.it","Zürich"]
	EOF
	assert_equal "${stderr_lines[0]}" 'lead-import: invalid-utf8.csv:3: invalid UTF-8 (use --encoding latin1 or cp1252 to convert)'
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=3 out=2 rejected=1 suppressed=0'
}

@test "bytes no code page has: the file is refused in one message naming --encoding" {
	run -1 --separate-stderr lead_import --stats not-text-encoding.csv
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: not-text-encoding.csv:2: not UTF-8, and not windows-1252 or windows-1250 either (byte 0x81): the file is not read (name its encoding with --encoding)'
	assert_equal "${#stderr_lines[@]}" 2
}

@test "windows-1252 NDJSON is read too" {
	local f
	f=$(tmpfile l1.ndjson '{"last_name":"M\xfcller","city":"K\xf6ln"}\n')
	run --separate-stderr import_jq '[.last_name, .city]' "$f"
	assert_success
	assert_output '["Müller","Köln"]'
	assert_equal "$stderr" "lead-import: $f:1: not UTF-8: read as windows-1252 (--encoding names another encoding)"
}

# ---- UTF-16 ------------------------------------------------------------------

@test "Excel's Unicode Text (UTF-16LE, BOM, TAB) is read" {
	run --separate-stderr import_jq '[.first_name, .last_name, .company, .city, .email]' --stats unicode-text-utf16le.txt
	assert_success
	assert_output - <<-'EOF'
	["Jürgen","Müller","Müller & Söhne GmbH","Köln","j.mueller@mueller-soehne.de"]
	["Łukasz","Wróblewski","Żuraw Sp. z o.o.","Wrocław","l.wroblewski@zuraw.pl"]
	EOF
	assert_equal "$stderr" 'lead-import: stats: in=2 out=2 rejected=0 suppressed=0'
}

@test "UTF-16BE with a BOM is read" {
	run --separate-stderr import_jq '[.first_name, .city]' unicode-text-utf16be.txt
	assert_success
	assert_output - <<-'EOF'
	["Jürgen","Köln"]
	["Łukasz","Wrocław"]
	EOF
	assert_equal "$stderr" ''
}

@test "UTF-16 from standard input, and as CSV out" {
	run --separate-stderr bash -c 'lead-import --as-of 2026-01-01 -o csv - <unicode-text-utf16le.txt | cut -d, -f1-2'
	assert_success
	assert_line --index 0 'first_name,last_name'
	assert_line --index 1 'Jürgen,Müller'
	assert_equal "$stderr" ''
}

@test "UTF-16LE without a BOM is read, said on stderr" {
	run --separate-stderr import_jq '.city' utf16le-no-bom.txt
	assert_success
	assert_output - <<-'EOF'
	"Köln"
	"Wrocław"
	EOF
	assert_equal "$stderr" 'lead-import: utf16le-no-bom.txt: no byte order mark, but read as utf-16le (--encoding names another encoding)'
}

@test "UTF-16 cut inside a character: one message, the rows before come out" {
	local f="$BATS_TEST_TMPDIR/cut16.txt"
	head -c 301 unicode-text-utf16le.txt >"$f"
	run -1 --separate-stderr import_jq '.first_name' "$f"
	assert_output '"Jürgen"'
	assert_equal "${stderr_lines[0]}" "lead-import: $f: the file ends inside a utf-16le character"
}

@test "NDJSON in UTF-16 is read" {
	local f="$BATS_TEST_TMPDIR/u16.ndjson"
	{ printf '\xff\xfe'; printf '{"email":"a@acme-corp.de","city":"K\xc3\xb6ln"}\n' | iconv -f UTF-8 -t UTF-16LE; } >"$f"
	run --separate-stderr import_jq '[.email, .city]' "$f"
	assert_success
	assert_output '["a@acme-corp.de","Köln"]'
}

# ---- report footers ----------------------------------------------------------

@test "a Salesforce report's footer is skipped and counted, said on stderr" {
	# the Salesforce profile keeps Lead Status as crm_status
	run --separate-stderr import_jq '[.email, .crm_status]' --stats salesforce-report-footer.csv
	assert_success
	assert_output - <<-'EOF'
	["anna.schmidt@acme-corp.de","Open - Not Contacted"]
	["ben.meyer@beta-gmbh.de","Working - Contacted"]
	EOF
	assert_equal "${stderr_lines[0]}" 'lead-import: salesforce-report-footer.csv:5: a report footer of 3 lines, not leads: skipped'
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=2 out=2 rejected=0 suppressed=0 skipped=3'
}

@test "an older Salesforce footer, with the report's and the company's names, is skipped whole" {
	run --separate-stderr import_jq '.email' --stats salesforce-report-footer-old.csv
	assert_success
	assert_output '"anna.schmidt@acme-corp.de"'
	assert_equal "${stderr_lines[0]}" 'lead-import: salesforce-report-footer-old.csv:5: a report footer of 5 lines, not leads: skipped'
	# 5 footer lines and 2 empty rows ("")
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=1 out=1 rejected=0 suppressed=0 skipped=7'
}

@test "a one-cell row that is no known footer stays a bad record" {
	local f
	f=$(tmpfile one.csv 'email,note\na@acme-corp.de,x\n\nSee you at the fair!\n')
	run -1 --separate-stderr import_jq '.email' --stats "$f"
	assert_output '"a@acme-corp.de"'
	assert_equal "${stderr_lines[0]}" "lead-import: $f:4: 1 field, but the header has 2"
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=2 out=1 rejected=1 suppressed=0'
}

@test "footer lines followed by more leads are bad records, not a footer" {
	local f
	f=$(tmpfile mid.csv 'email,note\na@acme-corp.de,x\n\n"Grand Totals (1 records)"\nb@acme-corp.de,y\n')
	run -1 --separate-stderr import_jq '.email' --stats "$f"
	assert_output - <<-'EOF'
	"a@acme-corp.de"
	"b@acme-corp.de"
	EOF
	assert_equal "${stderr_lines[0]}" "lead-import: $f:4: 1 field, but the header has 2"
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=3 out=2 rejected=1 suppressed=0'
}

@test "one-cell rows right after the data are not swallowed by a footer after them" {
	local f
	f=$(tmpfile glued.csv 'email,note\na@acme-corp.de,x\nb@acme-corp.de\n\n"Confidential Information - Do Not Distribute"\n')
	run -1 --separate-stderr import_jq '.email' --stats "$f"
	assert_output '"a@acme-corp.de"'
	# the reader reads ahead (the date order): the footer may be said first
	assert_equal "${#stderr_lines[@]}" 3
	assert_equal "${stderr_lines[2]}" 'lead-import: stats: in=2 out=1 rejected=1 suppressed=0 skipped=1'
	[[ $stderr == *"lead-import: $f:3: 1 field, but the header has 2"* ]] ||
		fail "no reject of line 3 in: $stderr"
	[[ $stderr == *"lead-import: $f:5: a report footer of 1 line, not leads: skipped"* ]] ||
		fail "no footer in: $stderr"
}

# ---- big and many ------------------------------------------------------------

@test "a 10 MB cell comes out whole" {
	local f="$BATS_TEST_TMPDIR/big.csv"
	{
		printf 'email,note\na@acme-corp.de,"'
		head -c 10485760 /dev/zero | tr '\0' 'x'
		printf '"\nb@acme-corp.de,small\n'
	} >"$f"
	run --separate-stderr bash -c 'lead-import --stats -o ndjson "$1" | jq -c "[.email, (.note | length)]"' _ "$f"
	assert_success
	assert_output - <<-'EOF'
	["a@acme-corp.de",10485760]
	["b@acme-corp.de",5]
	EOF
	assert_equal "$stderr" 'lead-import: stats: in=2 out=2 rejected=0 suppressed=0'
}

@test "duplicate header names: the second is named Email_2" {
	run --separate-stderr import_jq '[.email, .Email_2]' duplicate-header.csv
	assert_success
	assert_line --index 0 '["anna.schmidt@acme-corp.de","anna@gmail.com"]'
	assert_regex "${lines[1]}" ',"ben\.meyer@beta-gmbh\.de"\]$'
}

@test "| head -1 on a large windows-1252 or UTF-16 input is quiet" {
	local f="$BATS_TEST_TMPDIR/many.csv" g="$BATS_TEST_TMPDIR/many16.txt"
	{ printf 'email;city\n'; seq 100000 | sed 's/.*/u&@acme-corp.de;K\xf6ln/'; } >"$f"
	{ printf '\xff\xfe'; { printf 'email\tcity\n'; seq 100000 | sed 's/.*/u&@acme-corp.de\tKöln/'; } | iconv -f UTF-8 -t UTF-16LE; } >"$g"
	run --separate-stderr bash -c 'lead-import -o ndjson "$1" | head -1 | jq -r .city' _ "$f"
	assert_success
	assert_output 'Köln'
	assert_equal "$stderr" "lead-import: $f:2: not UTF-8: read as windows-1252 (--encoding names another encoding)"
	run --separate-stderr bash -c 'lead-import -o ndjson "$1" | head -1 | jq -r .city' _ "$g"
	assert_success
	assert_output 'Köln'
	assert_equal "$stderr" ''
}

@test "a large file with a footer and empty rows, on several threads: the counts reconcile" {
	local f="$BATS_TEST_TMPDIR/sf.csv"
	{
		printf '"Email","City"\n'
		seq 5000 | sed 's/.*/"u&@acme-corp.de","K\xf6ln"/'
		printf ',\n\n"Grand Totals (5000 records)"\n\n"Confidential Information - Do Not Distribute"\n'
		printf '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
	} >"$f"
	LEADKIT_THREADS=2 run --separate-stderr bash -c 'lead-import --stats -o ndjson "$1" | jq -r .city | sort | uniq -c' _ "$f"
	assert_success
	assert_output --regexp '^ *5000 Köln$'
	assert_equal "${stderr_lines[1]}" "lead-import: $f:5004: a report footer of 3 lines, not leads: skipped"
	assert_equal "${stderr_lines[2]}" 'lead-import: stats: in=5000 out=5000 rejected=0 suppressed=0 skipped=4'
}
