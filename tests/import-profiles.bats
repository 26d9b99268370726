#!/usr/bin/env bats
# lead-import on real exports: profiles, value maps, --show-mapping, ids,
# repeated columns.  Fixtures in fixtures/exports/crm/ are written from each
# system's documented export format.

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	CRM="$FIX/exports/crm"
}

# crm FILTER FILE ARGS...: the records of FILE, each through jq -c FILTER,
# with nothing on stderr.
crm() {
	local filter=$1 file=$2
	shift 2
	run --separate-stderr import_jq "$filter" "$@" "$CRM/$file"
	assert_success
	assert_equal "$stderr" ''
}

# ---- one export per system -----------------------------------------------

@test "HubSpot: Record ID, lifecycle stage, lead status, mobile, score" {
	crm '[.source_system, .source_id, .first_name, .last_name, .email, .phone, .mobile, .title, .company, .country, .created_at]' hubspot.csv
	assert_output - <<-'EOF'
	["hubspot","101","Anna","Schmidt","anna.schmidt@acme-corp.de","+49301234567","+4915123456789","Head of IT","Acme Corp GmbH","DE","2026-03-02T09:15:00Z"]
	["hubspot","102","Piet","de Vries","piet@voorbeeld.nl",null,"+31612345678","Inkoper","Voorbeeld B.V.","NL","2026-03-03T14:02:00Z"]
	["hubspot","103","Ewa","Nowak","ewa.nowak@przyklad.pl","+48221234567",null,"CEO","Przykład Sp. z o.o.","PL","2026-03-04T08:30:00Z"]
	EOF
	# the lifecycle stage, else the lead status; the value as written kept
	crm '[.status, .crm_status, .source, .crm_score, .employees, .employees_raw, ."Contact owner"]' hubspot.csv
	assert_output - <<-'EOF'
	["mql","Marketing Qualified Lead","Organic Search",42,250,null,"Jan Weber"]
	["won","customer","Paid Social",88,51,"51-200","Jan Weber"]
	["sal","Attempted to Contact","Direct Traffic",null,null,null,null]
	EOF
	crm '.missing_fields' hubspot.csv
	assert_line --index 1 '[]'	# a mobile is a phone
}

@test "Salesforce: Lead ID, salutation, status, revenue with currency, opt-out, do not call" {
	crm '[.source_system, .source_id, .salutation, .first_name, .last_name, .title, .company, .email, .phone, .mobile, .country]' salesforce.csv
	assert_output - <<-'EOF'
	["salesforce","00Q5g00000AbCdEFG1","Mr.","Lukas","Becker","CTO","Becker & Söhne KG","l.becker@becker-soehne.de","+49897654321",null,"DE"]
	["salesforce","00Q5g00000AbCdEFG2","Ms.","Sophie","Martin","Buyer","Martin SARL","sophie.martin@martin-sarl.fr",null,"+33612345678","FR"]
	["salesforce","00Q5g00000AbCdEFG3",null,"Tom","Baker",null,"Baker Ltd","tom@baker-ltd.co.uk",null,null,"GB"]
	EOF
	# Email Opt Out is inverted consent; Do Not Call is do_not_call
	crm '[.status, .crm_status, .source, .employees, .annual_revenue, .consent, .do_not_call, .Rating]' salesforce.csv
	assert_output - <<-'EOF'
	["sal","Working - Contacted","Web",120,24000,true,true,"Hot"]
	["won","Closed - Converted","Trade Show",12,1250000,false,false,"Warm"]
	["lead","Open - Not Contacted","Partner",null,null,true,false,null]
	EOF
	# M/D/YYYY, settled by a day above 12
	crm '.created_at' salesforce.csv
	assert_line --index 0 '"2026-11-24"'
	assert_line --index 1 '"2026-03-15"'
}

@test "Pipedrive: Person - and Organization - columns, labelled e-mails and phones" {
	crm '[.source_system, .source_id, .name, .first_name, .last_name, .email, .phone, .mobile, .title, .company, .source, .created_at, ."Lead - Title"]' pipedrive.csv
	assert_output - <<-'EOF'
	["pipedrive","7c1f0d2e-1a2b-4c3d-9e8f-001122334455","Marta Kowalczyk","Marta","Kowalczyk","marta.k@gmail.com","+48123456789",null,"Dyrektor zakupów","Budimex-Test S.A.","Web forms","2026-02-10T10:00:00Z","Budimex-Test deal"]
	["pipedrive","7c1f0d2e-1a2b-4c3d-9e8f-001122334456","Hans Müller","Hans","Müller","hans.mueller@mueller-maschinen.de",null,"+491711234567","Geschäftsführer","Müller Maschinen GmbH","Prospector","2026-02-11T16:45:00Z","Müller lead"]
	EOF
}

@test "Zoho: Record Id, Created Time, Email Opt Out, lead status (BOM, CRLF)" {
	crm '[.source_system, .source_id, .salutation, .first_name, .last_name, .title, .company, .email, .phone, .mobile, .country, .created_at]' zoho.csv
	assert_output - <<-'EOF'
	["zoho","zcrm_4876876000000123001","Dr.","Katrin","Vogel","Einkaufsleiterin","Vogel Logistik GmbH","k.vogel@vogel-logistik.de","+4940555123",null,"DE","2026-03-05T11:20:00Z"]
	["zoho","zcrm_4876876000000123002","Mr.","Mark","Jansen","Owner","Jansen BV","mark@jansen-bv.nl",null,"+31687654321","NL","2026-03-06T09:00:00Z"]
	EOF
	crm '[.status, .crm_status, .source, .employees, .consent, ."Lead Owner"]' zoho.csv
	assert_output - <<-'EOF'
	["sal","Contacted","Trade Show",45,true,"Jan Weber"]
	["disqualified","Junk Lead","Cold Call",5,false,"Jan Weber"]
	EOF
}

@test "Mautic: title is the salutation, position the job title, points the CRM score" {
	crm '[.source_system, .source_id, .salutation, .first_name, .last_name, .title, .company, .email, .phone, .mobile, .country]' mautic.csv
	assert_output - <<-'EOF'
	["mautic","101","Mrs","Julia","Fischer","Marketing Manager","Fischer Medien GmbH","julia.fischer@fischer-medien.de","+49221987654",null,"DE"]
	["mautic","102","Dr.","Stefan","Wolf","Head of R&D","Wolf Pharma AG","s.wolf@wolf-pharma.ch",null,"+41791234567","CH"]
	EOF
	crm '[.crm_score, .status, .crm_status, .created_at, .last_active]' mautic.csv
	assert_output - <<-'EOF'
	[35,"mql","MQL","2026-03-01T08:00:00Z","2026-03-10 12:00:00"]
	[120,"won","Customer","2026-02-15T10:30:00Z",null]
	EOF
}

@test "LinkedIn Lead Gen Forms: Email Address, Company Size bands, a consent question" {
	crm '[.source_system, .source_id, .created_at, .first_name, .last_name, .email, .phone, .company, .title, .country, .campaign]' linkedin.csv
	assert_output - <<-'EOF'
	["linkedin","urn:li:leadFormResponse:aa11bb22","2026-03-07T15:22:10Z","Olivia","Brown","olivia.brown@northwind-example.co.uk","+442079460958","Northwind Traders","VP Sales","GB","Q1 DACH Demo"]
	["linkedin","urn:li:leadFormResponse:cc33dd44","2026-03-08T09:05:44Z","Lars","Hansen","lars@hansen-example.dk",null,"Hansen ApS","Founder","DK","Q1 DACH Demo"]
	EOF
	# the band's lower bound, the band kept; "Checked" is consent
	crm '[.employees, .employees_raw, .consent]' linkedin.csv
	assert_output - <<-'EOF'
	[51,"51-200",true]
	[10001,null,false]
	EOF
}

@test "Facebook Lead Ads: l: and p: prefixes stripped, full_name split, offset time to UTC" {
	crm '[.source_system, .source_id, .created_at, .name, .first_name, .last_name, .email, .phone, .company, .title, .campaign, .channel, .is_organic]' facebook.csv
	assert_output - <<-'EOF'
	["facebook","1234567890123456","2026-03-09T09:15:22Z","Maximilian Schneider","Maximilian","Schneider","max.schneider@schneider-bau.de","+4915112345678","Schneider Bau GmbH","Bauleiter","Messe 2026 Leads","fb","0"]
	["facebook","1234567890123457","2026-03-09T10:40:05Z","Lea Braun","Lea","Braun","lea.braun@web.de","+491702223334",null,null,null,"ig","1"]
	EOF
}

@test "Dutch fair list: Tussenvoegsel joined into the last name, Aanhef, interest levels" {
	crm '[.salutation, .first_name, .last_name, .Tussenvoegsel, .email, .phone, .company, .campaign, .need]' fair-nl.csv --country NL
	assert_output - <<-'EOF'
	["Dhr.","Jan","van der Berg","van der","jan@vdberg-techniek.nl","+31201234567","Van der Berg Techniek B.V.","Vakbeurs 2026","high"]
	["Mevr.","Anouk","Smit",null,"anouk.smit@smit-example.nl",null,"Smit Advies","Vakbeurs 2026","medium"]
	EOF
}

@test "Tussenvoegsel is joined into the last name without a profile too" {
	run --separate-stderr import_jq '[.first_name, .last_name, .Tussenvoegsel]' <<<'{"Voornaam":"Jan","Tussenvoegsel":"van der","Achternaam":"Berg","email":"jan@vdberg-techniek.nl"}'
	assert_success
	assert_output '["Jan","van der Berg","van der"]'
	run --separate-stderr lead-import --show-mapping "$CRM/fair-nl.csv"
	assert_line --index 1 'profile: fair (trade-fair lead list (German, Dutch)), 4 of its 11 header columns'
	assert_line --regexp '^  Tussenvoegsel +-> last_name +profile, joined in front$'
}

# ---- profiles: recognised, forced, overridden ------------------------------

@test "a file no profile knows has none, and the synonyms map it" {
	run --separate-stderr lead-import --show-mapping "$FIX/import/leads.csv"
	assert_success
	assert_line --index 1 'profile: none'
	run --separate-stderr import_jq '[.source_system, .first_name]' "$FIX/import/leads.csv"
	assert_line --index 0 '[null,"Anna"]'
}

@test "--profile forces a profile; none turns recognition off" {
	local f
	f=$(tmpfile m.csv 'title,firstname,lastname,email\nDr.,Eva,Klein,eva@klein-example.de\n')
	# too few of Mautic's header columns to recognise it
	run --separate-stderr import_jq '[.title, .salutation, .source_system]' "$f"
	assert_output '["Dr.",null,null]'
	run --separate-stderr import_jq '[.title, .salutation, .source_system]' --profile mautic "$f"
	assert_success
	assert_output '[null,"Dr.","mautic"]'
	run --separate-stderr import_jq '[.status, ."Lifecycle Stage", .source_system]' --profile none "$CRM/hubspot.csv"
	assert_success
	# the synonym still maps the column, but no profile gives a system
	assert_line --index 0 '["mql",null,null]'
}

@test "--profile with an unknown name is a usage error listing the profiles" {
	run -2 --separate-stderr lead-import --profile nosuch </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-import: --profile: no profile "nosuch" (there are: facebook, fair, hubspot, linkedin, mautic, pipedrive, salesforce, zoho, none)'
}

@test "-m overrides a profile and a column's own canonical name" {
	# Mautic's profile makes title the salutation: -m takes it back
	crm '[.title, .salutation, .position]' mautic.csv -m 'title=title' -m 'position=job_position'
	assert_line --index 0 '["Mrs",null,null]'
	run --separate-stderr import_jq '.job_position' -m 'title=title' -m 'position=job_position' "$CRM/mautic.csv"
	assert_line --index 0 '"Marketing Manager"'
	# a column named like a canonical field, remapped (was ignored)
	run --separate-stderr import_jq '[.phone, .mobile]' -m 'phone=mobile' <<<'{"email":"a@acme-corp.de","phone":"+4915112345678"}'
	assert_success
	assert_output '[null,"+4915112345678"]'
}

@test "--map-file overrides a profile; -m overrides --map-file" {
	local map
	map=$(tmpfile m.map 'Lead Status = crm_lead_status\nRating = status map:rating\n')
	printf 'value rating Hot = sql\n' >/dev/null
	run --separate-stderr import_jq '[.status, .crm_lead_status]' --map-file "$map" "$CRM/salesforce.csv"
	# no value map "rating": the profile's own maps and values.map only
	assert_success
	assert_line --index 0 '[null,"Working - Contacted"]'
	run --separate-stderr import_jq '[.status, .crm_lead_status]' --map-file "$map" -m 'Lead Status=status' "$CRM/salesforce.csv"
	assert_line --index 0 '["sal",null]'
}

# ---- value maps ------------------------------------------------------------

@test "value maps: lifecycle values, unknown ones kept raw and flagged" {
	run --separate-stderr import_jq '[.status, .crm_status, .status_raw, .quality_flags]' <<-'EOF'
	{"email":"a@acme-corp.de","Lifecycle Stage":"marketingqualifiedlead"}
	{"email":"a@acme-corp.de","Lifecycle Stage":"Sales Qualified Lead"}
	{"email":"a@acme-corp.de","Lifecycle Stage":"Opportunity"}
	{"email":"a@acme-corp.de","Lifecycle Stage":"Subscriber"}
	{"email":"a@acme-corp.de","Lead Status":"Closed - Not Converted"}
	{"email":"a@acme-corp.de","status":"won"}
	{"email":"a@acme-corp.de","Lifecycle Stage":"Evangelist-ish"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["mql","marketingqualifiedlead",null,[]]
	["sql","Sales Qualified Lead",null,[]]
	["opportunity","Opportunity",null,[]]
	["prospect","Subscriber",null,[]]
	["disqualified","Closed - Not Converted",null,[]]
	["won","won",null,[]]
	[null,"Evangelist-ish",null,["unknown_status"]]
	EOF
}

@test "value maps: opt-out columns invert consent in every language" {
	run --separate-stderr import_jq '[.consent, .consent_raw]' <<-'EOF'
	{"email":"a@acme-corp.de","Email Opt Out":"1"}
	{"email":"a@acme-corp.de","Email Opt Out":"0"}
	{"email":"a@acme-corp.de","Do Not Email":"true"}
	{"email":"a@acme-corp.de","Unsubscribed":"ja"}
	{"email":"a@acme-corp.de","Unsubscribed":"nein"}
	{"email":"a@acme-corp.de","Opted Out":"tak"}
	{"email":"a@acme-corp.de","Opted Out":"nie"}
	{"email":"a@acme-corp.de","Opted Out":"x"}
	{"email":"a@acme-corp.de","Opted Out":"maybe"}
	{"email":"a@acme-corp.de","Einwilligung":"ja"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[false,null]
	[true,null]
	[false,null]
	[false,null]
	[true,null]
	[false,null]
	[true,null]
	[false,null]
	[null,"maybe"]
	[true,null]
	EOF
}

@test "value maps: do-not-call, need levels in four languages, bands, old country codes" {
	run --separate-stderr import_jq '[.do_not_call, .need, .employees, .country]' <<-'EOF'
	{"email":"a@acme-corp.de","Do Not Call":"yes","Need":"hoch","Company Size":"10.001+","Land":"D"}
	{"email":"a@acme-corp.de","DNC":"0","Need":"gemiddeld","Company Size":"1-10","Land":"A"}
	{"email":"a@acme-corp.de","Nicht anrufen":"ja","Need":"niski","Company Size":"201-500 employees","Land":"CH"}
	{"email":"a@acme-corp.de","Need":"Wysoki","Land":"UK"}
	{"email":"a@acme-corp.de","Need":"Integration with SAP","Land":"GB"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[true,"high",10001,"DE"]
	[false,"medium",1,"AT"]
	[true,"low",201,"CH"]
	[null,"high",null,"GB"]
	[null,"Integration with SAP",null,"GB"]
	EOF
}

# ---- --show-mapping ----------------------------------------------------------

@test "--show-mapping: profile, columns and by what, value maps, left over; no record read" {
	run --separate-stderr lead-import --show-mapping -m 'Contact owner=owner' "$CRM/hubspot.csv"
	assert_success
	assert_equal "$stderr" ''
	assert_line --index 0 "file: $CRM/hubspot.csv"
	assert_line --index 1 'profile: hubspot (HubSpot contacts export), 8 of its 10 header columns'
	assert_line --index 2 'source_system: hubspot'
	assert_line --regexp '^  Record ID +-> source_id +profile$'
	assert_line --regexp '^  Lifecycle Stage +-> status +profile, values: lifecycle$'
	assert_line --regexp '^  Lead Status +-> status +profile, when the first is empty, values: lifecycle$'
	assert_line --regexp '^  Contact owner +-> owner +option$'
	assert_line --regexp '^  lifecycle: [0-9]+ values, value as written kept in crm_status, any other is no value \(flagged unknown_<field>\)$'
	assert_line 'left over (passed through as they are): none'
	refute_output --partial 'anna.schmidt'
}

@test "--show-mapping: Salesforce's date order, the columns left over, a repeated column" {
	run --separate-stderr lead-import --show-mapping "$CRM/salesforce.csv" "$CRM/duplicate-email.csv"
	assert_success
	assert_line 'date order: mdy'
	assert_line --regexp '^  Email Opt Out +-> consent +profile, values: optout$'
	assert_line 'left over (passed through as they are):'
	assert_line '  Rating'
	assert_line "file: $CRM/duplicate-email.csv"
	assert_line --regexp '^  Email_2 +-> email +duplicate, when the first is empty$'
}

@test "--show-mapping warns when no column maps to a contact field" {
	local f
	f=$(tmpfile anon.csv 'Lead Number,Lead Origin,Total Visits\n1,API,5\n')
	run --separate-stderr lead-import --show-mapping "$f"
	assert_success
	assert_line --partial 'warning: no column maps to a contact field'
	assert_line '  Lead Number'
}

@test "a run where no contact field maps warns once on stderr, with the hint" {
	local f
	f=$(tmpfile anon.csv 'Lead Number,Lead Origin,Total Visits\n1,API,5\n2,API,7\n3,Web,1\n')
	run --separate-stderr lead_import -o ndjson "$f"
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" 'lead-import: warning: no column mapped to a contact field (email, phone, mobile or a name): see --show-mapping, and map one with -m "Column=email"'
	# threaded too: once
	run --separate-stderr bash -c 'for i in $(seq 3000); do echo "$i,API,5"; done | cat "$1" - | LEADKIT_THREADS=2 lead-import -o ndjson | wc -l' _ "$f"
	assert_output 3003
	assert_equal "${#stderr_lines[@]}" 1
	# a contact column, even empty in some records: no warning
	run --separate-stderr lead_import -o ndjson "$CRM/hubspot.csv"
	assert_equal "$stderr" ''
}

# ---- identity ------------------------------------------------------------------

@test "ids: HubSpot's 101 and Mautic's 101 are two leads, each keeping its own id" {
	run --separate-stderr bash -c 'lead-import -o ndjson "$1" "$2" | jq -r "select(.source_id == \"101\") | [.source_system, .id] | @tsv"' _ "$CRM/hubspot.csv" "$CRM/mautic.csv"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --regexp $'^hubspot\tlk-[0-9a-f]{16}$'
	assert_line --index 1 --regexp $'^mautic\tlk-[0-9a-f]{16}$'
	[[ ${lines[0]#*$'\t'} != "${lines[1]#*$'\t'}" ]] || fail "one id for two systems"
}

@test "ids: stable across runs, and depend on system and source id only" {
	run --separate-stderr import_jq '.id' "$CRM/hubspot.csv"
	local first=$output
	run --separate-stderr import_jq '.id' --as-of 2030-01-01 "$CRM/hubspot.csv"
	assert_equal "$output" "$first"
	run --separate-stderr import_jq '.id' <<-'EOF'
	{"id":"101","source_system":"hubspot","email":"a@acme-corp.de"}
	{"id":"101","source_system":"hubspot","email":"other@acme-corp.de"}
	{"source_id":"101","source_system":"hubspot"}
	{"id":"101","source_system":"mautic","email":"a@acme-corp.de"}
	EOF
	assert_equal "${lines[0]}" "${lines[1]}"
	assert_equal "${lines[0]}" "${lines[2]}"
	assert_equal "${lines[0]}" "$(head -1 <<<"$first")"
	[[ ${lines[0]} != "${lines[3]}" ]] || fail "another system, the same id"
}

@test "ids: --source-system names the system; an lk- id is kept; --keep-ids keeps any" {
	run --separate-stderr import_jq '[.source_system, .source_id]' --source-system crm-a <<<'{"id":"7","email":"a@acme-corp.de"}'
	assert_output '["crm-a","7"]'
	run --separate-stderr import_jq '.id' --source-system crm-a <<<'{"id":"7","email":"a@acme-corp.de"}'
	local a=$output
	run --separate-stderr import_jq '.id' --source-system crm-b <<<'{"id":"7","email":"a@acme-corp.de"}'
	[[ $a != "$output" ]] || fail "--source-system does not change the id"
	# the record's own source_system wins over the option and the profile
	run --separate-stderr import_jq '.source_system' --source-system crm-a <<<'{"id":"7","source_system":"mine"}'
	assert_output '"mine"'
	run --separate-stderr import_jq '[.id, .source_id]' <<<'{"id":"lk-00112233445566ff","email":"a@acme-corp.de"}'
	assert_output '["lk-00112233445566ff",null]'
	run --separate-stderr import_jq '[.id, .source_id]' --keep-ids "$CRM/mautic.csv"
	assert_line --index 0 '["101","101"]'
	# an id next to a source_id is kept in id_raw
	run --separate-stderr import_jq '[.source_id, .id_raw]' <<<'{"id":"X-9","source_id":"55","email":"a@acme-corp.de"}'
	assert_output '["55","X-9"]'
	run -2 --separate-stderr lead-import --source-system ''
}

# ---- repeated columns --------------------------------------------------------------

@test "a repeated Email column fills email when the first is empty" {
	crm '[.email, .Email_2, .first_name, .company]' duplicate-email.csv
	assert_output - <<-'EOF'
	["anna.schmidt@acme-corp.de","anna.schmidt@acme-corp.de","Anna","Acme Corp GmbH"]
	["piet@voorbeeld.nl","piet.private@gmail.com","Piet","Voorbeeld B.V."]
	EOF
}
