#!/usr/bin/env bats
# lead-import: options, input conventions, normalization, ids, rejects

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	IMP="$FIX/import"
}

# ---- options and usage -------------------------------------------------

@test "-h prints usage to stdout and exits 0" {
	run --separate-stderr lead-import -h
	assert_success
	assert_line --index 0 --partial 'usage: lead-import '
	assert_output --partial '--require FIELDS'
	assert_equal "$stderr" ''
}

@test "--help is the same as -h" {
	run --separate-stderr lead-import -h
	local short=$output
	run --separate-stderr lead-import --help
	assert_success
	assert_line --index 0 --partial 'usage: lead-import '
	assert_equal "$output" "$short"
	assert_equal "$stderr" ''
}

@test "-V and --version print the program and version" {
	run --separate-stderr lead-import -V
	assert_success
	assert_output --regexp '^lead-import \(leadkit\) [0-9]+\.[0-9]+\.[0-9]+$'
	run --separate-stderr lead-import --version
	assert_success
	assert_output --regexp '^lead-import \(leadkit\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "-- ends the options: a file named -x is read" {
	cd "$BATS_TEST_TMPDIR"
	printf 'note\nhello\n' >./-x
	run --separate-stderr import_jq '.note' -- -x
	assert_success
	assert_output '"hello"'
	# no column names a way to reach anyone: said once
	assert_equal "$stderr" "lead-import: warning: no column mapped to a contact field (email, phone, mobile or a name): see --show-mapping, and map one with -m \"Column=email\""
}

@test "an unknown long option exits 2 with a message and the --help hint" {
	run -2 --separate-stderr lead-import --no-such-option
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead-import: unrecognized option '--no-such-option'"
	assert_equal "${stderr_lines[1]}" "Try 'lead-import --help' for more information."
}

@test "an unknown short option exits 2 with a message and the --help hint" {
	run -2 --separate-stderr lead-import -x </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead-import: invalid option -- 'x'"
	assert_equal "${stderr_lines[1]}" "Try 'lead-import --help' for more information."
}

@test "a bad -i value exits 2" {
	run -2 --separate-stderr lead-import -i xml </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: -i: "xml" is not a format (csv or ndjson)'
	assert_equal "${stderr_lines[1]}" "Try 'lead-import --help' for more information."
}

@test "a bad -o value exits 2" {
	run -2 --separate-stderr lead-import -o yaml </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: -o: "yaml" is not a format (csv or ndjson)'
}

@test "a two-character -d exits 2" {
	run -2 --separate-stderr lead-import -d ';;' </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: -d: ";;" is not a one-character delimiter'
	assert_equal "${stderr_lines[1]}" "Try 'lead-import --help' for more information."
}

@test "--as-of garbage exits 2" {
	run -2 --separate-stderr lead-import --as-of garbage </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: --as-of: "garbage" is not a date'
}

@test "--encoding of an unknown name exits 2" {
	run -2 --separate-stderr lead-import --encoding klingon </dev/null
	assert_output ''
	assert_regex "${stderr_lines[0]}" '^lead-import: --encoding: "klingon" is not one of utf-8, windows-1252 \(cp1252\), '
}

@test "--country XX exits 2" {
	run -2 --separate-stderr lead-import --country XX </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: --country: "XX" is not a country'
	assert_equal "${stderr_lines[1]}" "Try 'lead-import --help' for more information."
}

@test "--require with an unknown field exits 2" {
	run -2 --separate-stderr lead-import --require nosuchfield </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: --require: "nosuchfield" is not a canonical field (see lead(7))'
}

@test "--map without '=' exits 2" {
	run -2 --separate-stderr lead-import --map foo </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: --map: "foo" is not Source=field'
	assert_equal "${stderr_lines[1]}" "Try 'lead-import --help' for more information."
}

@test "--map-file with a missing file exits 1 with the path and strerror" {
	cd "$BATS_TEST_TMPDIR"
	run -1 --separate-stderr lead-import --map-file nosuch.map </dev/null
	assert_output ''
	assert_equal "$stderr" 'lead-import: nosuch.map: No such file or directory'
}

# ---- formats and input conventions --------------------------------------

@test "NDJSON in gives NDJSON out" {
	run --separate-stderr lead_import "$IMP/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 3
	run jq -c '[.id, .email, .phone, .country, .imported_at]' <<<"$output"
	assert_success
	assert_line --index 0 --regexp '^\["lk-[0-9a-f]{16}","anna.schmidt@acme-corp.de","\+49301234567","DE","2026-01-01T00:00:00Z"\]$'
	assert_line --index 1 --regexp '^\["lk-[0-9a-f]{16}","piet@voorbeeld.nl","\+31201234567","NL","2026-01-01T00:00:00Z"\]$'
	assert_line --index 2 --regexp '^\["lk-[0-9a-f]{16}","jan.kowalski@gmail.com",null,"PL","2026-01-01T00:00:00Z"\]$'
}

@test "CSV in gives CSV out by default" {
	run --separate-stderr lead_import "$IMP/leads.csv"
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 --regexp '^first_name,last_name,email,phone,company,title,country,Notes,'
	assert_line --index 1 --regexp '^Anna,Schmidt,anna\.schmidt@acme-corp\.de,\+49301234567,Acme Corp GmbH,CTO,DE,"likes, commas",'
	assert_line --index 2 --regexp '^Piet,de Vries,piet@voorbeeld\.nl,\+31201234567,Voorbeeld B\.V\.,Inkoper,NL,plain,'
}

@test "-o csv turns NDJSON into CSV" {
	run --separate-stderr lead_import -o csv "$IMP/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 4
	assert_line --index 0 --regexp '^id,first_name,last_name,email,phone,company,title,country,source,'
	assert_line --index 1 --regexp '^lk-[0-9a-f]{16},Anna,Schmidt,anna\.schmidt@acme-corp\.de,\+49301234567,Acme Corp GmbH,CTO,DE,web,'
}

@test "-o ndjson turns CSV into NDJSON" {
	run --separate-stderr import_jq '[.first_name, .Notes, .country]' "$IMP/leads.csv"
	assert_success
	assert_output - <<-'EOF'
	["Anna","likes, commas","DE"]
	["Piet","plain","NL"]
	EOF
}

@test "-o csv then -o ndjson round-trips the values" {
	local csv="$BATS_TEST_TMPDIR/out.csv"
	lead_import -o csv "$IMP/leads.ndjson" >"$csv"
	run --separate-stderr import_jq '[.id, .email, .company, .missing_fields]' "$csv"
	assert_success
	assert_line --index 0 --regexp '^\["lk-[0-9a-f]{16}","anna.schmidt@acme-corp.de","Acme Corp GmbH",\[\]\]$'
	assert_line --index 2 --regexp '^\["lk-[0-9a-f]{16}","jan.kowalski@gmail.com","Przykład Sp. z o.o.",\["phone"\]\]$'
}

@test "-i csv reads a file starting with '{' as CSV" {
	local f
	f=$(tmpfile brace.csv '{a},note\n1,2\n')
	run --separate-stderr import_jq '[."{a}", .note]' -i csv "$f"
	assert_success
	assert_output '["1","2"]'
}

@test "-i ndjson makes a CSV file's lines bad records" {
	run -1 --separate-stderr lead_import -i ndjson "$IMP/one.csv"
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead-import: $IMP/one.csv:1: invalid JSON at column 1: expected a JSON object"
}

@test "-d ';' reads a semicolon-separated file" {
	local f
	f=$(tmpfile semi.csv 'email;note\na@acme-corp.de;x,y\n')
	run --separate-stderr import_jq '[.email, .note]' -d ';' "$f"
	assert_success
	assert_output '["a@acme-corp.de","x,y"]'
}

@test "-t reads a tab-separated file" {
	local f
	f=$(tmpfile tab.tsv 'email\tnote\na@acme-corp.de\tx,y\n')
	run --separate-stderr import_jq '[.email, .note]' -t "$f"
	assert_success
	assert_output '["a@acme-corp.de","x,y"]'
}

@test "the delimiter is sniffed from the header line" {
	local f
	f=$(tmpfile semi.csv 'email;note\na@acme-corp.de;x,y\n')
	run --separate-stderr import_jq '[.email, .note]' "$f"
	assert_success
	assert_output '["a@acme-corp.de","x,y"]'
}

@test "-d and -t set the CSV output delimiter" {
	run --separate-stderr lead_import -o csv -d ';' <<<'{"a":"1","b":"x,y"}'
	assert_success
	assert_line --index 0 --regexp '^a;b;missing_fields;'
	assert_line --index 1 --regexp '^1;x,y;'
	run --separate-stderr lead_import -o csv -t <<<'{"a":"1","b":"x;y"}'
	assert_success
	assert_line --index 0 --regexp $'^a\tb\tmissing_fields\t'
	assert_line --index 1 --regexp $'^1\tx;y\t'
}

@test "-H: no header row, columns are col1, col2, ..." {
	local f
	f=$(tmpfile nohead.csv 'a@acme-corp.de,x\nb@acme-corp.de,y\n')
	run --separate-stderr import_jq '[.col1, .col2, .email]' -H "$f"
	assert_success
	assert_output - <<-'EOF'
	["a@acme-corp.de","x",null]
	["b@acme-corp.de","y",null]
	EOF
}

@test "unquoted spaces are kept without --trim" {
	local f
	f=$(tmpfile sp.csv 'foo,bar\n  x  ,"  y  "\n')
	run --separate-stderr import_jq '[.foo, .bar]' "$f"
	assert_success
	assert_output '["  x  ","  y  "]'
}

@test "--trim strips unquoted spaces only" {
	local f
	f=$(tmpfile sp.csv 'foo,bar\n  x  , "  y  "\n')
	run --separate-stderr import_jq '[.foo, .bar]' --trim "$f"
	assert_success
	assert_output '["x","  y  "]'
}

@test "stdin via -" {
	run --separate-stderr import_jq '.email' - <"$IMP/two.csv"
	assert_success
	assert_output - <<-'EOF'
	"b@acme-corp.de"
	"c@acme-corp.de"
	EOF
}

@test "stdin when no file is named" {
	run --separate-stderr import_jq '.email' <"$IMP/two.csv"
	assert_success
	assert_output - <<-'EOF'
	"b@acme-corp.de"
	"c@acme-corp.de"
	EOF
}

@test "several files in one run: records and counts add up" {
	run --separate-stderr import_jq '.email' --stats "$IMP/one.csv" "$IMP/two.csv" "$IMP/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 6
	assert_line --index 0 '"a@acme-corp.de"'
	assert_line --index 2 '"c@acme-corp.de"'
	assert_line --index 5 '"jan.kowalski@gmail.com"'
	assert_equal "$stderr" 'lead-import: stats: in=6 out=6 rejected=0 suppressed=0'
}

@test "a missing file is reported, the others processed, exit 1" {
	cd "$IMP"
	run -1 --separate-stderr import_jq '.email' --stats one.csv nosuch.csv two.csv
	assert_output - <<-'EOF'
	"a@acme-corp.de"
	"b@acme-corp.de"
	"c@acme-corp.de"
	EOF
	assert_equal "${stderr_lines[0]}" 'lead-import: nosuch.csv: No such file or directory'
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=3 out=3 rejected=0 suppressed=0'
}

# ---- normalization ---------------------------------------------------------

@test "email: trimmed, lower case, IDN domain to ASCII" {
	run --separate-stderr import_jq '[.email, .email_kind, .domain]' <<<'{"email":"  Jörg@Bücher.DE "}'
	assert_success
	# the non-ASCII local part is kept (RFC 6531) and lower-cased
	assert_output '["jörg@xn--bcher-kva.de","corporate","xn--bcher-kva.de"]'
}

@test "email: non-ASCII upper case in the local part is lower-cased" {
	run --separate-stderr import_jq '.email' <<<'{"email":"ÄNNE.Ö@Beispiel.DE"}'
	assert_success
	assert_output '"änne.ö@beispiel.de"'
}

@test "email: mailto: and angle brackets are removed" {
	run --separate-stderr import_jq '.email' <<<'{"email":"mailto:Ann <Ann@ACME-corp.de>"}'
	assert_success
	assert_output '"ann@acme-corp.de"'
}

@test "email_kind: corporate, free, disposable, role" {
	run --separate-stderr import_jq '[.email_kind, .domain, .quality_flags]' <<-'EOF'
	{"email":"jan@acme-corp.de"}
	{"email":"jan@gmail.com"}
	{"email":"jan@mailinator.com"}
	{"email":"info@acme-corp.de"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["corporate","acme-corp.de",[]]
	["free",null,[]]
	["disposable",null,["disposable_email"]]
	["role","acme-corp.de",[]]
	EOF
}

@test "email: a test domain is flagged test_email" {
	run --separate-stderr import_jq '.quality_flags' <<<'{"email":"a@example.com"}'
	assert_success
	assert_output '["test_email"]'
}

@test "email: an invalid address goes to email_raw, flagged invalid_email" {
	run --separate-stderr import_jq '[.email, .email_raw, .email_kind, .quality_flags, (.missing_fields | index("email") != null)]' <<<'{"email":"not an email"}'
	assert_success
	assert_output '[null,"not an email",null,["invalid_email"],true]'
}

@test "phone: national number to E.164 with --country DE" {
	run --separate-stderr import_jq '.phone' --country DE <<<'{"phone":"030 1234567"}'
	assert_success
	assert_output '"+49301234567"'
}

@test "phone: national number with the record's country" {
	run --separate-stderr import_jq '[.phone, .country]' <<-'EOF'
	{"phone":"030 1234567","country":"DE"}
	{"phone":"020 7946 0958","country":"UK"}
	{"phone":"020 1234567","country":"Nederland"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["+49301234567","DE"]
	["+442079460958","GB"]
	["+31201234567","NL"]
	EOF
}

@test "phone: the record's country wins over --country" {
	run --separate-stderr import_jq '.phone' --country DE <<<'{"phone":"020 7946 0958","country":"GB"}'
	assert_success
	assert_output '"+442079460958"'
}

@test "phone: +44 (0)20 7946 0958 drops the (0)" {
	run --separate-stderr import_jq '.phone' <<<'{"phone":"+44 (0)20 7946 0958"}'
	assert_success
	assert_output '"+442079460958"'
}

@test "phone: an extension goes to phone_ext" {
	run --separate-stderr import_jq '[.phone, .phone_ext]' -c DE <<<'{"phone":"0171 1234567 x12"}'
	assert_success
	assert_output '["+491711234567","12"]'
}

@test "phone: invalid numbers go to phone_raw, flagged invalid_phone" {
	run --separate-stderr import_jq '[.phone, .phone_raw, .quality_flags]' <<-'EOF'
	{"phone":"12","country":"DE"}
	{"phone":"030 1234567"}
	EOF
	assert_success
	# too short; and national with no country to go by
	assert_output - <<-'EOF'
	[null,"12",["invalid_phone"]]
	[null,"030 1234567",["invalid_phone"]]
	EOF
}

@test "names: caps lock title-cased, mixed case and particles kept" {
	run --separate-stderr import_jq '[.first_name, .last_name]' <<-'EOF'
	{"first_name":"JEAN-PIERRE","last_name":"O'NEIL"}
	{"first_name":"joost","last_name":"van der meer"}
	{"first_name":"Anna","last_name":"van der Meer"}
	{"first_name":"  Anna   Maria ","last_name":"McDonald"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Jean-Pierre","O'Neil"]
	["Joost","Van der Meer"]
	["Anna","van der Meer"]
	["Anna Maria","McDonald"]
	EOF
}

@test "company: company_key drops legal forms, company kept as typed" {
	run --separate-stderr import_jq '[.company, .company_key]' <<-'EOF'
	{"company":"Müller GmbH & Co. KG"}
	{"company":"ACME, Inc."}
	{"company":"Przykład Sp. z o.o."}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Müller GmbH & Co. KG","muller"]
	["ACME, Inc.","acme"]
	["Przykład Sp. z o.o.","przyklad"]
	EOF
}

@test "website: domain derived from it" {
	run --separate-stderr import_jq '[.website, .domain]' <<-'EOF'
	{"website":"https://www.Example.co.uk/about?x"}
	{"website":"WWW.Bücher.de"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["https://www.Example.co.uk/about?x","example.co.uk"]
	["WWW.Bücher.de","xn--bcher-kva.de"]
	EOF
}

@test "country: names in EN/DE/NL/PL to alpha-2" {
	run --separate-stderr import_jq '.country' <<-'EOF'
	{"country":"Deutschland"}
	{"country":"Niemcy"}
	{"country":"Duitsland"}
	{"country":"UK"}
	{"country":"Germany"}
	{"country":"Polska"}
	{"country":"nl"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	"DE"
	"DE"
	"DE"
	"GB"
	"DE"
	"PL"
	"NL"
	EOF
}

@test "country: an unknown one goes to country_raw, flagged unknown_country" {
	run --separate-stderr import_jq '[.country, .country_raw, .quality_flags]' <<<'{"country":"Narnia"}'
	assert_success
	assert_output '[null,"Narnia",["unknown_country"]]'
}

@test "dates: day.month.year, ISO with offset; month/day never guessed from the country" {
	run --separate-stderr import_jq '[.created_at, .created_at_raw]' <<-'EOF'
	{"created_at":"05.03.2024"}
	{"created_at":"03/05/2024","country":"US"}
	{"created_at":"03/05/2024","country":"DE"}
	{"created_at":"2024-03-05T10:00:00+01:00"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["2024-03-05",null]
	[null,"03/05/2024"]
	[null,"03/05/2024"]
	["2024-03-05T09:00:00Z",null]
	EOF
}

@test "dates: a bad one goes to created_at_raw, flagged bad_date" {
	run --separate-stderr import_jq '[.created_at, .created_at_raw, .quality_flags]' <<<'{"created_at":"not a date"}'
	assert_success
	assert_output '[null,"not a date",["bad_date"]]'
}

@test "booleans: ja/nee/tak/x/nein to true/false" {
	run --separate-stderr import_jq '.consent' <<-'EOF'
	{"consent":"ja"}
	{"consent":"nee"}
	{"consent":"tak"}
	{"consent":"x"}
	{"consent":"nein"}
	{"consent":true}
	EOF
	assert_success
	assert_output - <<-'EOF'
	true
	false
	true
	true
	false
	true
	EOF
}

@test "booleans: a bad one goes to consent_raw, flagged bad_boolean" {
	run --separate-stderr import_jq '[.consent, .consent_raw, .quality_flags]' <<<'{"consent":"maybe"}'
	assert_success
	assert_output '[null,"maybe",["bad_boolean"]]'
}

@test "placeholders: Select, N/A, - become missing, flagged placeholder_value" {
	run --separate-stderr import_jq '[.company, .title, .quality_flags, (.missing_fields | index("company") != null)]' <<-'EOF'
	{"company":"Select","title":"CEO"}
	{"company":"N/A","title":"CEO"}
	{"company":"-","title":"CEO"}
	{"company":"Acme","title":"CEO"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[null,"CEO",["placeholder_value"],true]
	[null,"CEO",["placeholder_value"],true]
	[null,"CEO",["placeholder_value"],true]
	["Acme","CEO",[],false]
	EOF
}

@test "placeholders: listed punctuation is missing, unflagged outside canonical fields; other symbols stay" {
	run --separate-stderr import_jq '[.note, .company, .quality_flags]' <<-'EOF'
	{"note":"--","company":"Acme"}
	{"note":"?","company":"???"}
	{"note":"n/a x","company":"Acme"}
	{"note":"+","company":"Acme"}
	{"note":"€","company":"Acme"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[null,"Acme",[]]
	[null,null,["placeholder_value"]]
	["n/a x","Acme",[]]
	["+","Acme",[]]
	["€","Acme",[]]
	EOF
}

@test "numbers: employees range, revenue with currency, timeline in days" {
	run --separate-stderr import_jq '[.employees, .employees_raw, .annual_revenue, .timeline_days]' <<-'EOF'
	{"employees":"51-200","annual_revenue":"€1.200.000","timeline_days":"3 months"}
	{"employees":"250","annual_revenue":"1,5 Mio","timeline_days":"2 Wochen"}
	{"employees":12,"annual_revenue":50000,"timeline_days":30}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[51,"51-200",1200000,90]
	[250,null,1500000,14]
	[12,null,50000,30]
	EOF
}

@test "numbers: unreadable ones go to _raw, flagged bad_number" {
	run --separate-stderr import_jq '[.employees, .employees_raw, .quality_flags]' <<<'{"employees":"lots"}'
	assert_success
	assert_output '[null,"lots",["bad_number"]]'
}

@test "a full name column Name is split into first and last name" {
	local f
	f=$(tmpfile name.csv 'Name,E-Mail\nJoost van der Meer,j@acme-corp.de\nANNA SCHMIDT,a@acme-corp.de\n')
	run --separate-stderr import_jq '[.name, .first_name, .last_name]' "$f"
	assert_success
	assert_output - <<-'EOF'
	["Joost van der Meer","Joost","van der Meer"]
	["ANNA SCHMIDT","Anna","Schmidt"]
	EOF
}

@test "German column names map to canonical fields" {
	run --separate-stderr import_jq '[.first_name, .last_name, .email, .phone, .company, .title, .country, .missing_fields]' "$IMP/de.csv"
	assert_success
	assert_output '["Jörg","Müller","joerg.mueller@beispiel.de","+49301234567","Beispiel GmbH","Einkaufsleiter","DE",[]]'
}

@test "Dutch column names map to canonical fields" {
	run --separate-stderr import_jq '[.first_name, .last_name, .email, .phone, .company, .title, .country, .missing_fields]' "$IMP/nl.csv"
	assert_success
	assert_output '["Jan","de Vries","jan@voorbeeld.nl","+31201234567","Voorbeeld BV","Inkoper","NL",[]]'
}

@test "Polish column names map to canonical fields" {
	run --separate-stderr import_jq '[.first_name, .last_name, .email, .phone, .company, .title, .country, .missing_fields]' "$IMP/pl.csv"
	assert_success
	assert_output '["Jan","Kowalski","jan@przyklad.pl","+48221234567","Przykład Sp. z o.o.","Prezes","PL",[]]'
}

@test "of two columns mapping to one field, the first wins, the other fills in" {
	local f
	f=$(tmpfile two.csv 'E-Mail,Email Address\n,b@acme-corp.de\na@acme-corp.de,z@acme-corp.de\n')
	run --separate-stderr import_jq '[.email, ."Email Address"]' "$f"
	assert_success
	assert_output - <<-'EOF'
	["b@acme-corp.de","b@acme-corp.de"]
	["a@acme-corp.de","z@acme-corp.de"]
	EOF
}

@test "--map Src=email maps a column" {
	local f
	f=$(tmpfile m.csv 'Src,Other\nA@Acme-Corp.de,zzz\n')
	run --separate-stderr import_jq '[.email, .Src, .Other]' --map 'Src=email' "$f"
	assert_success
	assert_output '["a@acme-corp.de",null,"zzz"]'
}

@test "--map overrides the built-in synonyms" {
	local f
	f=$(tmpfile m.csv 'Firma\nAcme\n')
	run --separate-stderr import_jq '[.company, .industry]' --map 'Firma=industry' "$f"
	assert_success
	assert_output '[null,"Acme"]'
}

@test "--map-file maps columns; --map wins over it" {
	local f
	f=$(tmpfile m.csv 'Mail Address,Firmierung\na@acme-corp.de,Acme GmbH\n')
	run --separate-stderr import_jq '[.email, .company, .title]' --map-file "$IMP/columns.map" "$f"
	assert_success
	assert_output '["a@acme-corp.de","Acme GmbH",null]'
	run --separate-stderr import_jq '[.email, .company, .title]' --map-file "$IMP/columns.map" --map 'Firmierung=title' "$f"
	assert_success
	assert_output '["a@acme-corp.de",null,"Acme GmbH"]'
}

@test "unmapped columns pass through unchanged" {
	run --separate-stderr lead_import <<<'{"x":1.50,"y":[1, 2],"Zz Top":"  a  b ","email":"a@acme-corp.de"}'
	assert_success
	assert_output --regexp '^\{"x":1\.50,"y":\[1, 2\],"Zz Top":"  a  b ","email":"a@acme-corp\.de",'
}

@test "missing_fields lists the missing essentials in order" {
	run --separate-stderr import_jq '.missing_fields' <<-'EOF'
	{"email":"a@acme-corp.de"}
	{}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["first_name","last_name","phone","company","title","country"]
	["first_name","last_name","email","phone","company","title","country"]
	EOF
}

@test "fake names: Test Test flagged fake_name" {
	run --separate-stderr import_jq '.quality_flags' <<-'EOF'
	{"first_name":"Test","last_name":"Test"}
	{"first_name":"Anna","last_name":"Schmidt"}
	{"company":"Test GmbH"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["fake_name"]
	[]
	["fake_company"]
	EOF
}

@test "fake names: a full name Mickey Mouse flagged fake_name" {
	run --separate-stderr import_jq '[.first_name, .last_name, .quality_flags]' <<-'EOF'
	{"name":"Mickey Mouse"}
	{"name":"Max Mustermann"}
	{"name":"Max Müller"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Mickey","Mouse",["fake_name"]]
	["Max","Mustermann",["fake_name"]]
	["Max","Müller",[]]
	EOF
}

@test "fake names: first_name Mickey, last_name Mouse flagged fake_name" {
	run --separate-stderr import_jq '.quality_flags' <<-'EOF'
	{"first_name":"Mickey","last_name":"Mouse"}
	{"first_name":"John","last_name":"Doe"}
	{"first_name":"Max","last_name":"Mustermann"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["fake_name"]
	["fake_name"]
	["fake_name"]
	EOF
}

# ---- ids and source -------------------------------------------------------

@test "id: a given id is the system's: source_id, and the id derived from it" {
	run --separate-stderr import_jq '[.id, .source_id]' <<<'{"id":"X-1","email":"a@acme-corp.de"}'
	assert_success
	assert_output --regexp '^\["lk-[0-9a-f]{16}","X-1"\]$'
	# leadkit's own ids are kept, and --keep-ids keeps any
	run --separate-stderr import_jq '.id' <<<'{"id":"lk-0123456789abcdef","email":"a@acme-corp.de"}'
	assert_output '"lk-0123456789abcdef"'
	run --separate-stderr import_jq '.id' --keep-ids <<<'{"id":"X-1","email":"a@acme-corp.de"}'
	assert_output '"X-1"'
}

@test "id: derived id is lk- and 16 hex digits, stable across runs" {
	run --separate-stderr import_jq '.id' "$IMP/leads.ndjson"
	assert_success
	local first=$output
	assert_line --index 1 --regexp '^"lk-[0-9a-f]{16}"$'
	run --separate-stderr import_jq '.id' --as-of 2030-06-01T12:00:00Z "$IMP/leads.ndjson"
	assert_success
	assert_equal "$output" "$first"
}

@test "id: depends on source and email, not on other fields" {
	run --separate-stderr import_jq '.id' <<-'EOF'
	{"email":"a@acme-corp.de","source":"web","first_name":"Anna"}
	{"email":"A@Acme-Corp.de","source":"web","first_name":"Other"}
	{"email":"a@acme-corp.de","source":"fair"}
	{"email":"b@acme-corp.de","source":"web"}
	EOF
	assert_success
	assert_equal "${#lines[@]}" 4
	assert_equal "${lines[0]}" "${lines[1]}"
	[[ ${lines[0]} != "${lines[2]}" ]] || fail "a different source gives the same id"
	[[ ${lines[0]} != "${lines[3]}" ]] || fail "a different email gives the same id"
}

@test "--source fills source only where it is missing" {
	run --separate-stderr import_jq '[.source, .id]' --source web <<-'EOF'
	{"email":"a@acme-corp.de","source":"fair"}
	{"email":"a@acme-corp.de"}
	{"email":"a@acme-corp.de","source":"web"}
	EOF
	assert_success
	run jq -r '.[0]' <<<"$output"
	assert_output - <<-'EOF'
	fair
	web
	web
	EOF
	# the filled-in source goes into the id like a given one
	run --separate-stderr import_jq '.id' --source web <<-'EOF'
	{"email":"a@acme-corp.de"}
	{"email":"a@acme-corp.de","source":"web"}
	EOF
	assert_equal "${lines[0]}" "${lines[1]}"
}

# ---- --require, --stats, rejects -----------------------------------------

@test "--require email rejects records without email" {
	local f rej="$BATS_TEST_TMPDIR/rej.ndjson"
	f=$(tmpfile req.csv 'email,phone\na@acme-corp.de,\n,030 1234567\n,\nnot-an-email,\n')
	run --separate-stderr import_jq '.email' --require email --rejects "$rej" --stats "$f"
	assert_success
	assert_output '"a@acme-corp.de"'
	# line 4, every field empty, is no record: skipped
	assert_equal "$stderr" 'lead-import: stats: in=3 out=1 rejected=2 suppressed=0 skipped=1'
	run jq -c '[.reject_reason, .reject_line, (.reject_file | endswith("/req.csv"))]' "$rej"
	assert_output - <<-'EOF'
	["missing required field email",3,true]
	["missing required field email",5,true]
	EOF
}

@test "--require 'email|phone' takes either" {
	local f rej="$BATS_TEST_TMPDIR/rej.ndjson"
	f=$(tmpfile req.csv 'email,phone,note\na@acme-corp.de,,\n,030 1234567,\n,,x\n')
	run --separate-stderr import_jq '[.email, .phone]' --require 'email|phone' -c DE --rejects "$rej" --stats "$f"
	assert_success
	assert_output - <<-'EOF'
	["a@acme-corp.de",null]
	[null,"+49301234567"]
	EOF
	assert_equal "$stderr" 'lead-import: stats: in=3 out=2 rejected=1 suppressed=0'
	run jq -c '[.reject_reason, .reject_line]' "$rej"
	assert_output '["missing required field email|phone",4]'
}

@test "--require 'email,company': both groups needed" {
	run --separate-stderr import_jq '.email' --require 'email,company' --rejects /dev/null --stats <<-'EOF'
	{"email":"a@acme-corp.de","company":"Acme"}
	{"email":"b@acme-corp.de"}
	{"company":"Acme"}
	EOF
	assert_success
	assert_output '"a@acme-corp.de"'
	assert_equal "$stderr" 'lead-import: stats: in=3 out=1 rejected=2 suppressed=0'
}

@test "--stats prints in/out/rejected/suppressed on stderr" {
	run --separate-stderr lead_import --stats "$IMP/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_equal "$stderr" 'lead-import: stats: in=3 out=3 rejected=0 suppressed=0'
}

@test "rejects without --rejects: reported on stderr, exit 1" {
	cd "$IMP"
	run -1 --separate-stderr import_jq '.email' broken-quotes.csv
	assert_output - <<-'EOF'
	"a@acme-corp.de"
	"c@acme-corp.de"
	EOF
	assert_equal "${stderr_lines[0]}" 'lead-import: broken-quotes.csv:3: 3 fields, but the header has 2'
	assert_equal "${stderr_lines[1]}" 'lead-import: broken-quotes.csv:6: unterminated quoted field'
	assert_equal "${#stderr_lines[@]}" 2
}

@test "rejects without --rejects: the first 100, then a count" {
	local f="$BATS_TEST_TMPDIR/many.csv"
	{ echo email; for ((i = 0; i < 150; i++)); do echo x,; done; } >"$f"
	run -1 --separate-stderr lead_import "$f"
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 101
	assert_equal "${stderr_lines[99]}" "lead-import: $f:101: 2 fields, but the header has 1"
	assert_equal "${stderr_lines[100]}" 'lead-import: 50 more rejected records not shown (use --rejects FILE)'
}

@test "--rejects FILE: exit 0, NDJSON with reason, file, line and raw" {
	cd "$IMP"
	local rej="$BATS_TEST_TMPDIR/rej.ndjson"
	run --separate-stderr import_jq '.email' --rejects "$rej" --stats broken-quotes.csv
	assert_success
	assert_equal "$stderr" 'lead-import: stats: in=4 out=2 rejected=2 suppressed=0'
	run jq -c . "$rej"
	assert_output - <<-'EOF'
	{"raw":"b@acme-corp.de,x,extra","reject_reason":"3 fields, but the header has 2","reject_file":"broken-quotes.csv","reject_line":3}
	{"raw":"d@acme-corp.de,\"never closed\nand more","reject_reason":"unterminated quoted field","reject_file":"broken-quotes.csv","reject_line":6}
	EOF
}

@test "--rejects FILE: a record rejected after parsing keeps its fields" {
	local rej="$BATS_TEST_TMPDIR/rej.ndjson"
	run --separate-stderr lead_import --require phone --rejects "$rej" <<<'{"email":"a@acme-corp.de","x":"y"}'
	assert_success
	assert_output ''
	run jq -c '[.email, .x, .raw, .reject_reason, .reject_file, .reject_line]' "$rej"
	assert_output '["a@acme-corp.de","y",null,"missing required field phone","(stdin)",1]'
}

# ---- bad input --------------------------------------------------------------

@test "a UTF-8 BOM is stripped from the first column name" {
	run --separate-stderr import_jq 'keys_unsorted[0:2]' "$IMP/bom-comma.csv"
	assert_success
	assert_output '["email","company"]'
}

@test "a ';'-separated CSV with a BOM is sniffed, first column mapped" {
	run --separate-stderr import_jq '[.email, .company, .country]' "$IMP/bom-semicolon.csv"
	assert_success
	assert_output '["anna@acme-corp.de","Acme GmbH","DE"]'
}

@test "Latin-1 without --encoding: read as windows-1252, said on stderr" {
	cd "$IMP"
	run --separate-stderr import_jq '[.last_name, .city]' latin1.csv
	assert_success
	assert_output '["Müller","Köln"]'
	assert_equal "$stderr" 'lead-import: latin1.csv:2: not UTF-8: read as windows-1252 (--encoding names another encoding)'
}

@test "Latin-1 with --encoding utf-8: rejected, reason mentions --encoding" {
	cd "$IMP"
	run -1 --separate-stderr lead_import --encoding utf-8 latin1.csv
	assert_output ''
	assert_equal "$stderr" 'lead-import: latin1.csv:2: invalid UTF-8 (use --encoding latin1 or cp1252 to convert)'
}

@test "Latin-1 with --encoding latin1 comes out as UTF-8" {
	run --separate-stderr import_jq '[.last_name, .city]' --encoding latin1 "$IMP/latin1.csv"
	assert_success
	assert_output '["Müller","Köln"]'
	run --separate-stderr bash -c 'lead-import --encoding latin1 -o ndjson "$1" | grep -c "\"last_name\":\"Müller\""' _ "$IMP/latin1.csv"
	assert_output 1
}

@test "--encoding latin1 converts only lines that are not UTF-8" {
	run --separate-stderr import_jq '[.last_name, .city]' --encoding latin1 "$IMP/mixed-encoding.csv"
	assert_success
	assert_output - <<-'EOF'
	["Müller","Köln"]
	["Müller","Köln"]
	EOF
}

@test "cp1252: 0x80 is the euro sign" {
	run --separate-stderr import_jq '[.last_name, .note]' --encoding cp1252 "$IMP/cp1252.csv"
	assert_success
	assert_output '["Müller","Preis 100€"]'
}

@test "Latin-1 in NDJSON: rejected with a hint, converted with --encoding" {
	local f
	f=$(tmpfile l1.ndjson '{"last_name":"M\xfcller"}\n')
	run -1 --separate-stderr lead_import --encoding utf-8 "$f"
	assert_equal "$stderr" "lead-import: $f:1: invalid JSON at column 16: invalid UTF-8 in string (use --encoding latin1 or cp1252 to convert)"
	run --separate-stderr import_jq '.last_name' --encoding latin1 "$f"
	assert_success
	assert_output '"Müller"'
}

@test "broken quotes: wrong field count and unterminated quote at EOF" {
	cd "$IMP"
	local rej="$BATS_TEST_TMPDIR/rej.ndjson"
	run --separate-stderr import_jq '[.email, .note]' --rejects "$rej" broken-quotes.csv
	assert_success
	assert_output - <<-'EOF'
	["a@acme-corp.de","ok"]
	["c@acme-corp.de","two\nlines"]
	EOF
	run jq -c '[.reject_line, .reject_reason]' "$rej"
	assert_output - <<-'EOF'
	[3,"3 fields, but the header has 2"]
	[6,"unterminated quoted field"]
	EOF
}

@test "NDJSON: an invalid line in the middle is rejected, the others pass" {
	cd "$IMP"
	local rej="$BATS_TEST_TMPDIR/rej.ndjson"
	run --separate-stderr import_jq '.email' --rejects "$rej" --stats bad-line.ndjson
	assert_success
	assert_output - <<-'EOF'
	"a@acme-corp.de"
	"b@acme-corp.de"
	"c@acme-corp.de"
	EOF
	assert_equal "$stderr" 'lead-import: stats: in=4 out=3 rejected=1 suppressed=0'
	run jq -c '[.reject_line, .raw]' "$rej"
	assert_output '[3,"{\"email\": broken}"]'
	run jq -r '.reject_reason' "$rej"
	assert_output --regexp '^invalid JSON at column [0-9]+: '
}

@test "NDJSON: blank lines are skipped, line numbers stay right" {
	local f
	f=$(tmpfile blank.ndjson '\n{"email":"a@acme-corp.de"}\n\n  \n[1]\n{"email":"b@acme-corp.de"}\n')
	run -1 --separate-stderr import_jq '.email' "$f"
	assert_output - <<-'EOF'
	"a@acme-corp.de"
	"b@acme-corp.de"
	EOF
	assert_equal "$stderr" "lead-import: $f:5: invalid JSON at column 1: expected a JSON object"
}

@test "a JSON array file is an error naming JSON array" {
	cd "$IMP"
	run -1 --separate-stderr lead_import array.json
	assert_output ''
	assert_equal "$stderr" "lead-import: array.json:1: a JSON array, not NDJSON (one object a line; try jq -c '.[]')"
}

@test "empty input: an empty file gives nothing, exit 0" {
	run --separate-stderr lead_import --stats "$IMP/empty.csv"
	assert_success
	assert_output ''
	assert_equal "$stderr" 'lead-import: stats: in=0 out=0 rejected=0 suppressed=0'
}

@test "empty input: /dev/null and empty stdin give nothing, exit 0" {
	run --separate-stderr lead_import --stats /dev/null
	assert_success
	assert_output ''
	assert_equal "$stderr" 'lead-import: stats: in=0 out=0 rejected=0 suppressed=0'
	run --separate-stderr lead_import --stats </dev/null
	assert_success
	assert_output ''
	assert_equal "$stderr" 'lead-import: stats: in=0 out=0 rejected=0 suppressed=0'
}

@test "a header-only CSV gives nothing, exit 0" {
	local f
	f=$(tmpfile head.csv 'email,company\n')
	run --separate-stderr lead_import --stats "$f"
	assert_success
	assert_output ''
	assert_equal "$stderr" 'lead-import: stats: in=0 out=0 rejected=0 suppressed=0'
}

@test "a 1 MB field round-trips intact" {
	local f="$BATS_TEST_TMPDIR/big.csv" nd="$BATS_TEST_TMPDIR/big.ndjson"
	local out="$BATS_TEST_TMPDIR/big.out.csv"
	{
		printf 'note,email\n"'
		head -c 1048576 /dev/zero | tr '\0' 'a'
		printf ',b""c",x@acme-corp.de\nsmall,y@acme-corp.de\n'
	} >"$f"
	run --separate-stderr bash -c 'lead-import --stats -o ndjson "$1" >"$2"' _ "$f" "$nd"
	assert_success
	assert_equal "$stderr" 'lead-import: stats: in=2 out=2 rejected=0 suppressed=0'
	run jq -r '[(.note | length), .note[-8:], .email] | @tsv' "$nd"
	assert_output - <<-'EOF'
	1048580	aaaa,b"c	x@acme-corp.de
	5	small	y@acme-corp.de
	EOF
	# and back to CSV: the same cell, quoted the same way
	lead-import -o csv "$nd" >"$out"
	local in2 out2
	in2=$(sed -n 2p "$f")
	out2=$(sed -n 2p "$out")
	assert_equal "${#in2}" 1048598
	[[ $out2 == "$in2",* ]] || fail "the 1 MB cell did not come back as it was"
}

@test "CRLF line endings" {
	cd "$IMP"
	run --separate-stderr import_jq '[.email, .note]' crlf.csv
	assert_success
	assert_output - <<-'EOF'
	["a@acme-corp.de","one"]
	["b@acme-corp.de","two"]
	EOF
}

@test "quoted newlines and doubled quotes; later line numbers still right" {
	cd "$IMP"
	run -1 --separate-stderr import_jq '[.email, .note]' multiline.csv
	assert_output - <<-'EOF'
	["a@acme-corp.de","first\nsecond"]
	["b@acme-corp.de","say \"hi\""]
	["d@acme-corp.de","ok"]
	EOF
	assert_equal "${stderr_lines[0]}" 'lead-import: multiline.csv:5: 3 fields, but the header has 2'
	assert_equal "${stderr_lines[1]}" 'lead-import: multiline.csv:9: 1 field, but the header has 2'
}

@test "blank lines between records are skipped" {
	cd "$IMP"
	run --separate-stderr import_jq '[.email, .note]' --stats blank-lines.csv
	assert_success
	assert_output - <<-'EOF'
	["a@acme-corp.de","one"]
	["b@acme-corp.de","two"]
	EOF
	assert_equal "$stderr" 'lead-import: stats: in=2 out=2 rejected=0 suppressed=0'
}

@test "CSV header: a repeated name gets _2, an empty one colN" {
	local f
	f=$(tmpfile dup.csv 'a,a,,b\n1,2,3,4\n')
	run --separate-stderr import_jq '[keys_unsorted[0:4], .a, .a_2, .col3, .b]' "$f"
	assert_success
	assert_output '[["a","a_2","col3","b"],"1","2","3","4"]'
}

@test "CSV header: thousands of equal names are renamed quickly" {
	local f="$BATS_TEST_TMPDIR/wide.csv"
	awk 'BEGIN { for (r = 0; r < 2; r++) for (i = 1; i <= 4000; i++)
		printf "%s%s", (r ? "x" : "a"), (i < 4000 ? "," : "\n") }' >"$f"
	run --separate-stderr timeout 10 bash -c 'lead-import -o ndjson "$1" | jq -c "[.a, .a_2, .a_4000]"' _ "$f"
	assert_success
	assert_output '["x","x","x"]'
}

@test "CSV: invalid UTF-8 after a bare CR rejects the row it is in" {
	local f
	f=$(tmpfile cr.csv 'a\nx\r\377\ny\n')
	run --separate-stderr lead_import --encoding utf-8 -o ndjson "$f"
	assert_failure 1
	assert_equal "${#lines[@]}" 2
	assert_equal "$(jq -r .a <<<"${lines[0]}")" x
	assert_equal "$(jq -r .a <<<"${lines[1]}")" y
	assert_equal "${stderr_lines[0]}" "lead-import: $f:2: invalid UTF-8 (use --encoding latin1 or cp1252 to convert)"
	assert_equal "${stderr_lines[1]}" "lead-import: warning: no column mapped to a contact field (email, phone, mobile or a name): see --show-mapping, and map one with -m \"Column=email\""
}

@test "CSV: invalid UTF-8 on the first line of a multi-line field rejects its row" {
	local f
	f=$(tmpfile ml.csv 'a,b\n"x\377\ny",1\n"ok",2\n')
	run --separate-stderr lead_import --encoding utf-8 -o ndjson "$f"
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_equal "$(jq -r .a <<<"${lines[0]}")" ok
	assert_equal "${stderr_lines[0]}" "lead-import: $f:2: invalid UTF-8 (use --encoding latin1 or cp1252 to convert)"
	assert_equal "${stderr_lines[1]}" "lead-import: warning: no column mapped to a contact field (email, phone, mobile or a name): see --show-mapping, and map one with -m \"Column=email\""
}

@test "CSV: a NUL byte in a field rejects the record" {
	local f
	f=$(tmpfile nul.csv 'email,company\na@b.de,Ac\000me\nc@d.de,Fine\n')
	run --separate-stderr lead_import -o ndjson "$f"
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_equal "$(jq -r .company <<<"${lines[0]}")" Fine
	assert_equal "$stderr" "lead-import: $f:2: a NUL byte in a field"
}

@test "a write error on stdout is reported, exit 1" {
	[[ -w /dev/full ]] || skip "no /dev/full"
	run -1 --separate-stderr bash -c 'lead-import "$1" >/dev/full' _ "$IMP/leads.csv"
	assert_equal "$stderr" 'lead-import: standard output: write error: No space left on device'
}

@test "--rejects FILE that cannot be created exits 1" {
	run -1 --separate-stderr lead_import --require phone --rejects "$BATS_TEST_TMPDIR/no/such/dir/r.ndjson" "$IMP/one.csv"
	assert_equal "${stderr_lines[0]}" "lead-import: $BATS_TEST_TMPDIR/no/such/dir/r.ndjson: No such file or directory"
}

# ---- CSV output -------------------------------------------------------------

@test "CSV output quotes only where needed" {
	run --separate-stderr lead_import -o csv <<<'{"a":"plain","b":"x,y","c":"say \"hi\"","d":"l1\nl2","e":"semi;colon"}'
	assert_success
	assert_line --index 0 --regexp '^a,b,c,d,e,missing_fields,quality_flags,imported_at,id,'
	assert_line --index 1 'plain,"x,y","say ""hi""","l1'
	assert_line --index 2 --regexp '^l2",semi;colon,"\[""first_name"",.*\]",\[\],2026-01-01T00:00:00Z,lk-[0-9a-f]{16},'
}

@test "CSV output: the header has the fields of the first 1000 records" {
	run --separate-stderr lead_import -o csv --stats <<-'EOF'
	{"a":"1","email":"a@acme-corp.de"}
	{"a":"2","extra":"z"}
	{"a":"3"}
	EOF
	assert_success
	assert_equal "${#lines[@]}" 4
	assert_line --index 0 --regexp '^a,email,[a-z_,]*,extra(,|$)'
	assert_line --index 2 --regexp '^2,.*,z(,|$)'
	assert_equal "${stderr_lines[0]}" 'lead-import: stats: in=3 out=3 rejected=0 suppressed=0'
}

@test "CSV output: a field first seen after 1000 records is rejected, kept in --rejects" {
	local in="$BATS_TEST_TMPDIR/in.ndjson" rej="$BATS_TEST_TMPDIR/rej.ndjson"
	{ for i in $(seq 1000); do printf '{"a":"%d"}\n' "$i"; done
	  printf '{"a":"late","extra":"z"}\n{"a":"last"}\n'; } >"$in"
	run -1 --separate-stderr lead_import -o csv --stats "$in"
	assert_equal "${#lines[@]}" 1002
	assert_line --index 1001 --regexp '^last,'
	assert_equal "${stderr_lines[0]}" "lead-import: $in:1001: field \"extra\" is not in the CSV header written before it (use -o ndjson)"
	assert_equal "${stderr_lines[1]}" 'lead-import: stats: in=1002 out=1001 rejected=1 suppressed=0'
	run --separate-stderr lead_import -o csv --rejects "$rej" "$in"
	assert_success
	run jq -c '[.a, .extra, .reject_line]' "$rej"
	assert_output '["late","z",1001]'
}

@test "| head -1 on a large input is quiet" {
	run --separate-stderr bash -c '
		{ echo email; seq 200000 | sed "s/.*/u&@acme-corp.de/"; } |
		    lead-import --as-of 2026-01-01T00:00:00Z | head -1'
	assert_success
	assert_output --regexp '^email,email_kind,domain,'
	assert_equal "$stderr" ''
}

@test "| head -1 on large NDJSON output is quiet" {
	run --separate-stderr bash -c '
		{ echo email; seq 200000 | sed "s/.*/u&@acme-corp.de/"; } |
		    lead-import -o ndjson --stats | head -1'
	assert_success
	assert_output --regexp '^\{"email":"u1@acme-corp.de",'
	assert_equal "$stderr" ''
}

# ---- real data ---------------------------------------------------------------

@test "real data: xeducation leads-train.csv imports every record" {
	need_shared xeducation/leads-train.csv
	run --separate-stderr bash -c 'lead-import --stats "$1" | wc -l' _ "$SHARED/xeducation/leads-train.csv"
	assert_success
	# an anonymised data set: no contact column, which is said
	assert_equal "${stderr_lines[0]}" 'lead-import: stats: in=6468 out=6468 rejected=0 suppressed=0'
	assert_equal "${stderr_lines[1]}" "lead-import: warning: no column mapped to a contact field (email, phone, mobile or a name): see --show-mapping, and map one with -m \"Column=email\""
}

@test "real data: dedupe messy input reconciles with --rejects" {
	need_shared dedupe-csv-example/csv_example_messy_input.csv
	local rej="$BATS_TEST_TMPDIR/rej.ndjson"
	run --separate-stderr bash -c 'lead-import --stats --rejects "$2" "$1" >/dev/null' _ \
	    "$SHARED/dedupe-csv-example/csv_example_messy_input.csv" "$rej"
	assert_success
	assert_equal "${#stderr_lines[@]}" 1
	[[ $stderr =~ ^lead-import:\ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=([0-9]+)\ suppressed=0$ ]] ||
		fail "bad stats line: $stderr"
	assert_equal "${BASH_REMATCH[1]}" 3337
	assert_equal "$((BASH_REMATCH[2] + BASH_REMATCH[3]))" 3337
	assert_equal "$(wc -l <"$rej")" "${BASH_REMATCH[3]}"
}

@test "real data: febrl dataset1 reconciles, given_name becomes first_name" {
	need_shared febrl/dataset1.csv
	local out="$BATS_TEST_TMPDIR/febrl.ndjson"
	run --separate-stderr bash -c 'lead-import --stats --rejects /dev/null -o ndjson "$1" >"$2"' _ \
	    "$SHARED/febrl/dataset1.csv" "$out"
	assert_success
	[[ $stderr =~ ^lead-import:\ stats:\ in=1000\ out=([0-9]+)\ rejected=([0-9]+)\ suppressed=0$ ]] ||
		fail "bad stats line: $stderr"
	assert_equal "$((BASH_REMATCH[1] + BASH_REMATCH[2]))" 1000
	run jq -c 'select(.source_id == "rec-122-org") | [.first_name, .last_name, .given_name, .surname]' "$out"
	assert_output '["Lachlan","Berry",null,null]'
	run jq -s '[.[] | select(has("given_name"))] | length' "$out"
	assert_output 0
}
