#!/usr/bin/env bats
# lead-scrub --list on real exports (issue 16, point 8): a Mailchimp
# unsubscribe or cleaned export, the US Do Not Call Registry's downloads
# and change lists, CRM do-not-call exports (HubSpot, Salesforce), a
# semicolon CSV from Excel with a BOM and sep=; a list of national numbers;
# and the lists that must be refused out loud.  Every phone field of a
# lead (phone, mobile) is asked; the default rules honour do_not_call.

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	LF="$FIX/exports/lists"
	LEADS="$LF/leads.ndjson"
	cd "$BATS_TEST_TMPDIR"
}

# scrub_jq FILTER ARGS...: each_jq over lead-scrub at the fixed time.
scrub_jq() {
	local filter=$1
	shift
	each_jq "$filter" lead-scrub --as-of "$AS_OF" "$@"
}

# hits LIST-ARGS...: the suppressed leads of leads.ndjson, each as
# [id, channel, ["field:key"...]], with no rules (only the lists).
hits() {
	scrub_jq 'select(.suppressed != "none") | [.id, .suppressed,
	    [.suppressed_by[] | .field + ":" + .key]]' -r /dev/null "$@" "$LEADS"
}

# refused LIST-ARGS... : scrubbing leads.ndjson fails with exit 1 before
# any lead is written, with one line on stderr (in $stderr).
refused() {
	run -1 --separate-stderr lead-scrub --as-of "$AS_OF" -r /dev/null "$@" "$LEADS"
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
}

# ---- e-mail systems ----------------------------------------------------

@test "Mailchimp unsubscribed export: its Email Address column, quoted fields, CRLF, a note over two lines; gmail match key" {
	run --separate-stderr hits --list "$LF/mailchimp-unsubscribed.csv"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["M1","email",["email:annlee@gmail.com"]]
	["M2","email",["email:jan.kowalski@firma.pl"]]
	["M3","email",["email:max@beispiel.de"]]
	EOF
}

@test "Mailchimp export: its Phone Number column is no do-not-call list (an unsubscribe stops e-mail only)" {
	run --separate-stderr scrub_jq '[.id, .suppressed]' -r /dev/null --list "$LF/mailchimp-unsubscribed.csv" <<<'{"id":"M2","phone":"+48581234567"}'
	assert_success
	assert_output '["M2","none"]'
}

@test "Mailchimp cleaned export: CLEAN_TIME and no UNSUB columns, an e-mail list all the same" {
	run --separate-stderr hits --list "$LF/mailchimp-cleaned.csv"
	assert_success
	assert_output '["M4","email",["email:bounced@example.org"]]'
}

@test "the certificate of a CSV list: kind email, its entries counted, the header not among them" {
	run --separate-stderr lead-scrub -r /dev/null --certificate c.json --list "$LF/mailchimp-unsubscribed.csv" "$LEADS"
	assert_success
	run jq -c '.lists[0] | [.name, .kind, .keys, .matched]' c.json
	# three addresses, one with a match key of its own
	assert_output '["mailchimp-unsubscribed","email",4,3]'
}

# ---- the US registry ---------------------------------------------------

@test "US registry: AAA,NNNNNNN and ten-digit downloads are US numbers, asked of phone and mobile" {
	run --separate-stderr hits --list "$LF/dnc-registry-area-codes.txt" --list "$LF/dnc-registry-212.txt"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["R1","phone",["phone:+12012345678"]]
	["R2","phone",["mobile:+12012345679"]]
	["R3","phone",["phone:+12125550199","mobile:+16175550123"]]
	EOF
}

@test "US registry: a change list applied to the compiled download adds and deletes" {
	run --separate-stderr lead-scrub --compile --as-of "$AS_OF" --changes "$LF/dnc-registry-changes.txt" "$LF/dnc-registry-area-codes.txt" dnc.idx
	assert_success
	run --separate-stderr hits --list dnc.idx
	assert_success
	assert_output - <<-'EOF'
	["R2","phone",["mobile:+12012345679"]]
	["R4","phone",["phone:+12012345680"]]
	EOF
}

@test "a number on the lead in both phone and mobile is one hit, of phone" {
	run --separate-stderr scrub_jq '.suppressed_by' -r /dev/null --list "$LF/dnc-registry-212.txt" <<<'{"phone":"+12125550199","mobile":"+1 212 555 0199"}'
	assert_success
	assert_output '[{"list":"dnc-registry-212","version":"'"$(date -u -r "$LF/dnc-registry-212.txt" +%F)"'","key":"+12125550199","field":"phone","channel":"phone"}]'
}

@test "a mobile that cannot be read is unchecked, named as mobile" {
	run --separate-stderr scrub_jq '[.suppressed, .suppressed_by]' -r /dev/null --list "$LF/dnc-registry-212.txt" <<<'{"phone":"+12125550100","mobile":"0170 1234567"}'
	assert_success
	assert_output '["phone",[{"list":"dnc-registry-212","version":"'"$(date -u -r "$LF/dnc-registry-212.txt" +%F)"'","key":"+12125550100","field":"phone","channel":"phone"},{"unchecked":"mobile","reason":"national number and no default country","channel":"phone"}]]'
}

# ---- CRM exports -------------------------------------------------------

@test "HubSpot export: Phone Number and Mobile Phone Number, only the rows whose Do Not Call is true" {
	run --separate-stderr hits --list "$LF/hubspot-do-not-call.csv"
	assert_success
	assert_equal "$stderr" ''
	# C2 (false) and C4 (empty) are not on it; Dora's national UK mobile
	# is read with the row's Country/Region
	assert_output - <<-'EOF'
	["C1","phone",["phone:+14155550101","mobile:+14155550102"]]
	["C3","phone",["mobile:+447700900456"]]
	EOF
}

@test "Salesforce export with Do Not Call and Email Opt Out: two lists in one file, refused until the columns are named" {
	refused --list "$LF/salesforce-contacts.csv"
	assert_regex "$stderr" '^lead-scrub: .*salesforce-contacts\.csv:1: a do-not-call and an e-mail opt-out column: .*--column NAME=COLUMN \(the columns: Contact ID, First Name'
	run --separate-stderr hits --list "sf-dnc=$LF/salesforce-contacts.csv" --column sf-dnc=Phone --column sf-dnc=Mobile \
	    --list "sf-optout=$LF/salesforce-contacts.csv" --column sf-optout=Email
	assert_success
	# national numbers with the row's Mailing Country; Do Not Call 1/0
	# chooses the phone list's rows, Email Opt Out the e-mail list's
	assert_output - <<-'EOF'
	["S1","phone",["phone:+14155550100"]]
	["S2","email",["email:bob@acme.example"]]
	["S3","phone",["phone:+48581234568","mobile:+48601234567"]]
	EOF
}

@test "Excel CSV: a BOM, sep=; a quoted ';', German national numbers with the row's Land, Nicht anrufen ja/nein" {
	run --separate-stderr hits --list "$LF/excel-nicht-anrufen.csv"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["G1","phone",["phone:+49301234567","mobile:+491701234567"]]
	["G2","phone",["phone:+41446681800"]]
	["N2","phone",["phone:+491701234567"]]
	EOF
}

@test "a one-column list whose header names its column: the header is no entry" {
	printf 'E-Mail\r\nmax@beispiel.de\r\n' >emails.csv
	run --separate-stderr lead-scrub -r /dev/null --certificate c.json --list emails.csv "$LEADS"
	assert_success
	run jq -c '.lists[0] | [.kind, .keys, .matched]' c.json
	assert_output '["email",1,1]'
}

@test "a header and no rows: an empty list, warned of" {
	printf '"Email Address","First Name"\n' >empty.csv
	run --separate-stderr scrub_jq '.suppressed' -r /dev/null --list empty.csv <<<'{"email":"a@b.com"}'
	assert_success
	assert_output '"none"'
	assert_equal "$stderr" 'lead-scrub: empty.csv: list empty is empty'
}

@test "a bad cell or a footer row is warned of and skipped; mostly bad cells refuse the list" {
	printf 'Email,Name\nann@x.com,Ann\nnot an address,Bob\nc@x.com,Cy\n"Generated By: Jane Doe 4/11/2026"\nd@x.com,Di\n' >some.csv
	run --separate-stderr scrub_jq '.suppressed' -r /dev/null --list some.csv <<<'{"email":"c@x.com"}'
	assert_success
	assert_output '"email"'
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[0]}" 'lead-scrub: some.csv:3: column Email: "not an address": not an e-mail address; skipped'
	assert_equal "${stderr_lines[1]}" 'lead-scrub: some.csv:5: a row of 1 fields, the header has 2; skipped'
	printf 'Email,Name\nAnn Lee,Ann\nBob Ray,Bob\nc@x.com,Cy\n' >bad.csv
	run -1 --separate-stderr lead-scrub -r /dev/null --list bad.csv "$LEADS"
	assert_output ''
	# each bad cell warned of, then the list refused
	assert_equal "${#stderr_lines[@]}" 3
	assert_regex "${stderr_lines[2]}" "bad\.csv: 2 of 3 cells or rows are no entries of the list's kind \(email\)"
}

# ---- national numbers --------------------------------------------------

@test "national numbers need a country: an error naming --country, exit 1" {
	refused --list "$LF/national-numbers.txt"
	assert_regex "$stderr" "^lead-scrub: .*national-numbers\.txt:2: \"030 12345678\" is a national number, and the list's country is not known: give it with --country CC"
}

@test "--country CC reads a list's national numbers; --country NAME=CC one list's" {
	run --separate-stderr hits --list "$LF/national-numbers.txt" --country DE
	assert_success
	assert_output - <<-'EOF'
	["G1","phone",["mobile:+491701234567"]]
	["N2","phone",["phone:+491701234567"]]
	["N3","phone",["phone:+4922198765"]]
	EOF
	run --separate-stderr hits --list "rob=$LF/national-numbers.txt" --country rob=DE --list "$LF/dnc-registry-212.txt"
	assert_success
	assert_line '["N3","phone",["phone:+4922198765"]]'
	assert_line '["R3","phone",["phone:+12125550199","mobile:+16175550123"]]'
}

@test "a national number in a CSV column without a country column or --country: refused with the column" {
	printf 'Name;Telefon\nAnna;030 1234567\n' >t.csv
	refused --list t.csv
	assert_regex "$stderr" '^lead-scrub: t\.csv:2: column Telefon: "030 1234567" is a national number'
	run --separate-stderr hits --list t.csv --country de
	assert_success
	assert_output '["G1","phone",["phone:+49301234567"]]'
}

@test "--country: no such code, a NAME that is no list: exit 2" {
	run -2 --separate-stderr lead-scrub --country XX --list "$LF/national-numbers.txt" </dev/null
	assert_regex "$stderr" '^lead-scrub: --country XX: "XX" is no country code'
	run -2 --separate-stderr lead-scrub --country zz=DE --list "$LF/national-numbers.txt" </dev/null
	assert_regex "$stderr" '^lead-scrub: --country zz=DE: no list is called zz'
	run -2 --separate-stderr lead-scrub --compile --country DE --country US "$LF/national-numbers.txt" x.idx
	assert_regex "$stderr" 'one --country'
}

# ---- lists that are not what they seem ---------------------------------

@test "a list of names is of no known kind: refused, never an id list that matches nothing" {
	refused --list "$LF/names.txt"
	assert_regex "$stderr" '^lead-scrub: .*names\.txt: 3 of 3 entries are no e-mail, phone number, domain, digest or id \(the first: "Ann Lee"\)'
}

@test "a CSV whose header names no e-mail or phone column: refused, the header no entry" {
	refused --list "$LF/unknown-header.csv"
	assert_regex "$stderr" 'unknown-header\.csv: 3 of 3 entries are no'
	# naming the column makes the first line the header; its values
	# are no e-mails or phones either
	refused --list "$LF/unknown-header.csv" --column Kontakt
	assert_regex "$stderr" 'unknown-header\.csv: 2 of 2 entries are no'
}

@test "--column: a column the header does not have is an error listing the columns" {
	refused --list "$LF/hubspot-do-not-call.csv" --column Fax
	assert_regex "$stderr" 'hubspot-do-not-call\.csv:1: no column "Fax" \(the columns: Record ID, First Name, Last Name, Email, Phone Number'
}

@test "--compile refuses what --list refuses, and leaves no index" {
	run -1 --separate-stderr lead-scrub --compile "$LF/names.txt" n.idx
	assert_regex "$stderr" 'names\.txt: 3 of 3 entries are no'
	[ ! -e n.idx ]
	run -1 --separate-stderr lead-scrub --compile "$LF/national-numbers.txt" n.idx
	assert_regex "$stderr" 'is a national number'
	[ ! -e n.idx ]
	run -1 --separate-stderr lead-scrub --compile "$LF/salesforce-contacts.csv" n.idx
	[ ! -e n.idx ]
}

@test "--compile of CSV exports and national numbers: the index gives what the file gives" {
	run --separate-stderr lead-scrub --compile "$LF/mailchimp-unsubscribed.csv" mc.idx
	assert_success
	run --separate-stderr lead-scrub --compile --country DE "$LF/national-numbers.txt" de.idx
	assert_success
	run --separate-stderr lead-scrub --compile --column Phone --column Mobile "$LF/salesforce-contacts.csv" sf.idx
	assert_success
	run --separate-stderr hits --list mc.idx --list de.idx --list sf.idx
	assert_success
	local got=$output
	run --separate-stderr hits --list "$LF/mailchimp-unsubscribed.csv" --list national-numbers="$LF/national-numbers.txt" --country national-numbers=DE \
	    --list "$LF/salesforce-contacts.csv" --column salesforce-contacts=Phone --column salesforce-contacts=Mobile
	assert_success
	assert_equal "$got" "$output"
	run --separate-stderr lead-scrub --compile --kind email "$LF/salesforce-contacts.csv" e.idx
	assert_success
	run --separate-stderr hits --list e.idx
	assert_output '["S2","email",["email:bob@acme.example"]]'
}

# ---- the default rules -------------------------------------------------

@test "default rules: do_not_call = true suppresses phone, consent = false e-mail, each rule named" {
	run --separate-stderr scrub_jq '[.id, .suppressed, [.suppressed_by[] | .reason]]' <<-'EOF'
	{"id":"D1","phone":"+14155550100","do_not_call":true}
	{"id":"D2","phone":"+14155550100","do_not_call":false}
	{"id":"D3","email":"a@b.com","phone":"+14155550100","do_not_call":true,"consent":false}
	{"id":"D4","email":"a@b.com","consent":true}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["D1","phone",["do not call"]]
	["D2","none",[]]
	["D3","all",["no e-mail consent","do not call"]]
	["D4","none",[]]
	EOF
}

@test "default rules: a CSV lead's Do Not Call as lead-import writes it (true) from CSV" {
	printf 'id,phone,do_not_call\nD1,+14155550100,true\nD2,+14155550100,false\n' >l.csv
	run --separate-stderr lead-scrub -o ndjson l.csv
	assert_success
	run jq -c '[.id, .suppressed]' <<<"$output"
	assert_output - <<-'EOF'
	["D1","phone"]
	["D2","none"]
	EOF
}
