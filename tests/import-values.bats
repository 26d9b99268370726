#!/usr/bin/env bats
# lead-import: the value rules of issue 16 (point 7): placeholders by kind,
# "Last, First", salutations and titles, phones in scientific notation.
# Fixtures: tests/fixtures/exports/values/, written after the export formats
# of Excel (CSV UTF-8 with BOM, semicolons and CRLF in German and Dutch
# locales; long numbers in General cells saved as shown, "4,93512E+11"),
# CRM contact exports with a full-name column, and form-tool webhooks.

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	VAL="$FIX/exports/values"
}

# values FILTER ARGS...: each record of lead-import ARGS through jq FILTER.
values() {
	import_jq "$@"
}

# ---- placeholders by kind ----------------------------------------------

@test "placeholders: Null, Nan, None are kept as person names, dropped elsewhere with _raw" {
	run --separate-stderr values '[.first_name, .last_name, .company, .company_raw, .title, .title_raw, .quality_flags]' <<-'EOF'
	{"first_name":"Nan","last_name":"Null","company":"None","title":"null"}
	{"first_name":"NULL","last_name":"None"}
	{"first_name":"Nic","last_name":"Geen"}
	{"first_name":"Anna","last_name":"Kein","company":"NaN"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Nan","Null",null,"None",null,"null",["placeholder_value"]]
	["Null","None",null,null,null,null,[]]
	["Nic","Geen",null,null,null,null,[]]
	["Anna","Kein",null,"NaN",null,null,["placeholder_value"]]
	EOF
	assert_equal "$stderr" ''
}

@test "placeholders: a full name None is a name; n/a, unknown, - are not" {
	run --separate-stderr values '[.name, .name_raw, .last_name, .quality_flags]' <<-'EOF'
	{"name":"None"}
	{"name":"Null"}
	{"name":"n/a"}
	{"name":"unknown"}
	{"name":"-"}
	{"name":"???"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["None",null,"None",[]]
	["Null",null,"Null",[]]
	[null,"n/a",null,["placeholder_value"]]
	[null,"unknown",null,["placeholder_value"]]
	[null,"-",null,["placeholder_value"]]
	[null,"???",null,["placeholder_value"]]
	EOF
}

@test "placeholders: form ones are dropped from names, each kept in its _raw" {
	run --separate-stderr values '[.first_name, .first_name_raw, .last_name, .last_name_raw, .quality_flags]' <<-'EOF'
	{"first_name":"-","last_name":"--"}
	{"first_name":"N/A","last_name":"n/a"}
	{"first_name":"?","last_name":"unknown"}
	{"first_name":"keine Angabe","last_name":"k.A."}
	{"first_name":"brak","last_name":"onbekend"}
	{"first_name":"xxx","last_name":"Kowalski"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[null,"-",null,"--",["placeholder_value"]]
	[null,"N/A",null,"n/a",["placeholder_value"]]
	[null,"?",null,"unknown",["placeholder_value"]]
	[null,"keine Angabe",null,"k.A.",["placeholder_value"]]
	[null,"brak",null,"onbekend",["placeholder_value"]]
	[null,"xxx","Kowalski",null,["placeholder_value"]]
	EOF
}

@test "placeholders: every canonical field keeps a dropped value in <field>_raw" {
	run --separate-stderr values '[.city_raw, .salutation_raw, .status_raw, .email_raw, .country_raw, .need_raw, .industry_raw]' <<-'EOF'
	{"city":"unknown","salutation":"-","status":"n/a","email":"none","country":"?","need":"tbd","industry":"Select"}
	EOF
	assert_success
	assert_output '["unknown","-","n/a","none","?","tbd","Select"]'
}

@test "placeholders: a non-canonical column drops word and form placeholders unflagged, without _raw" {
	run --separate-stderr values '[.note, .note_raw, .memo, .quality_flags]' <<-'EOF'
	{"note":"null","memo":"Nan","last_name":"Weber"}
	{"note":"n/a","memo":"ok","last_name":"Weber"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[null,null,null,[]]
	[null,null,"ok",[]]
	EOF
}

@test "placeholders: a second column fills a field whose first held a placeholder; the _raw stays" {
	local f
	f=$(tmpfile dup.csv 'Company,Company Name,Last Name\nn/a,Acme Logistik GmbH,Weber\n')
	run --separate-stderr values '[.company, .company_raw, .quality_flags]' "$f"
	assert_success
	assert_output '["Acme Logistik GmbH","n/a",["placeholder_value"]]'
}

@test "placeholders: CSV output has a column for each _raw; none is lost" {
	local f
	f=$(tmpfile raw.csv 'first_name,last_name,company\n-,Weber,Acme\nAnna,Schmidt,n/a\n')
	run --separate-stderr lead_import -o csv "$f"
	assert_success
	assert_equal "$stderr" ''
	run --separate-stderr bash -c "lead-import --as-of $AS_OF -o ndjson '$f' | jq -c '[.first_name, .first_name_raw, .company, .company_raw]'"
	assert_success
	assert_output - <<-'EOF'
	[null,"-","Acme",null]
	["Anna",null,null,"n/a"]
	EOF
}

@test "placeholders.txt: an unknown kind is a data error naming file and line" {
	local share="$BATS_TEST_TMPDIR/share"
	cp -r "$LEADKIT_SHARE" "$share"
	printf 'null\tmaybe\n' >>"$share/placeholders.txt"
	LEADKIT_SHARE=$share run --separate-stderr lead-import <<<'{"last_name":"Weber"}'
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "lead-import: $share/placeholders.txt:$(wc -l <"$share/placeholders.txt"): kind \"maybe\" is not form or word"
}

@test "placeholders.txt: a user's entry of kind word is kept in names only" {
	local share="$BATS_TEST_TMPDIR/share"
	cp -r "$LEADKIT_SHARE" "$share"
	printf 'Blank\tword\n' >>"$share/placeholders.txt"
	LEADKIT_SHARE=$share run --separate-stderr import_jq '[.last_name, .city, .city_raw]' <<<'{"last_name":"Blank","city":"blank"}'
	assert_success
	assert_output '["Blank",null,"blank"]'
}

# ---- Last, First --------------------------------------------------------

@test "name: Last, First is split the right way round" {
	run --separate-stderr values '[.name, .first_name, .last_name]' <<-'EOF'
	{"name":"Müller, Hans"}
	{"name":"MÜLLER, HANS"}
	{"name":"van der Meer, Joost"}
	{"name":"Müller-Lüdenscheidt,Hans Peter"}
	{"name":"Hans Müller"}
	{"name":"Smith, John, Jr."}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Müller, Hans","Hans","Müller"]
	["MÜLLER, HANS","Hans","Müller"]
	["van der Meer, Joost","Joost","van der Meer"]
	["Müller-Lüdenscheidt,Hans Peter","Hans Peter","Müller-Lüdenscheidt"]
	["Hans Müller","Hans","Müller"]
	["Smith, John, Jr.","Smith, John,","Jr."]
	EOF
}

@test "last_name: Müller, Hans without a first name is split; with one it is left alone" {
	run --separate-stderr values '[.first_name, .last_name]' <<-'EOF'
	{"last_name":"Müller, Hans"}
	{"first_name":"","last_name":"Müller, Hans"}
	{"first_name":"-","last_name":"Weber, Karl"}
	{"first_name":"Hans","last_name":"Müller, Hans"}
	{"first_name":"Müller, Hans"}
	{"last_name":" , "}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Hans","Müller"]
	["Hans","Müller"]
	["Karl","Weber"]
	["Hans","Müller, Hans"]
	["Müller, Hans",null]
	[null,","]
	EOF
}

# ---- salutations and titles ---------------------------------------------

@test "titles: academic titles and salutations go to salutation, not the first name" {
	run --separate-stderr values '[.first_name, .last_name, .salutation]' <<-'EOF'
	{"name":"Prof. Dr. Hans Müller"}
	{"name":"Dr. med. Anna Schmidt"}
	{"name":"Dr.-Ing. Karl Weber"}
	{"name":"Dipl.-Kfm. Peter Braun"}
	{"name":"Mag. Eva Huber"}
	{"name":"mgr inż. Jan Kowalski"}
	{"name":"dr hab. Piotr Wiśniewski"}
	{"name":"ir. Joost van der Meer"}
	{"name":"drs. Anna de Vries"}
	{"name":"Herr Hans Müller"}
	{"name":"Frau Anna Schmidt"}
	{"name":"Mr John Smith"}
	{"name":"Mrs Mary Johnson"}
	{"name":"Ms Jane Doe"}
	{"name":"Pan Jan Kowalski"}
	{"name":"Pani Anna Nowak"}
	{"name":"dhr. Joost de Vries"}
	{"name":"mevr. Anna Bakker"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Hans","Müller","Prof. Dr."]
	["Anna","Schmidt","Dr. med."]
	["Karl","Weber","Dr.-Ing."]
	["Peter","Braun","Dipl.-Kfm."]
	["Eva","Huber","Mag."]
	["Jan","Kowalski","mgr inż."]
	["Piotr","Wiśniewski","dr hab."]
	["Joost","van der Meer","ir."]
	["Anna","de Vries","drs."]
	["Hans","Müller","Herr"]
	["Anna","Schmidt","Frau"]
	["John","Smith","Mr"]
	["Mary","Johnson","Mrs"]
	["Jane","Doe","Ms"]
	["Jan","Kowalski","Pan"]
	["Anna","Nowak","Pani"]
	["Joost","de Vries","dhr."]
	["Anna","Bakker","mevr."]
	EOF
}

@test "titles: a name that starts like a title stays a name" {
	run --separate-stderr values '[.first_name, .last_name, .salutation]' <<-'EOF'
	{"name":"Pan Wei"}
	{"name":"Ing Wang"}
	{"name":"Drake Bell"}
	{"name":"Herrmann Fischer"}
	{"name":"Frauke Meier"}
	{"name":"Mrsic Ana"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Pan","Wei",null]
	["Ing","Wang",null]
	["Drake","Bell",null]
	["Herrmann","Fischer",null]
	["Frauke","Meier",null]
	["Mrsic","Ana",null]
	EOF
}

@test "titles: from first_name and last_name columns too" {
	run --separate-stderr values '[.first_name, .last_name, .salutation]' <<-'EOF'
	{"first_name":"Dr. Hans","last_name":"Müller"}
	{"first_name":"Hans","last_name":"Prof. Dr. Müller"}
	{"first_name":"Herr","last_name":"Weber"}
	{"first_name":"Prof. Dr. Anna","last_name":"Dr. Schmidt"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Hans","Müller","Dr."]
	["Hans","Müller","Prof. Dr."]
	[null,"Weber","Herr"]
	["Anna","Schmidt","Prof. Dr."]
	EOF
}

@test "titles: a salutation the record has is kept and extended, never overwritten" {
	run --separate-stderr values '[.first_name, .salutation]' <<-'EOF'
	{"name":"Dr. Hans Müller","salutation":"Herr"}
	{"name":"Dr. Hans Müller","salutation":"Herr Dr."}
	{"name":"Prof. Dr. Hans Müller","salutation":"Dr."}
	{"first_name":"Dr. Eva","last_name":"Huber","salutation":"Frau  Dr."}
	{"name":"Hans Müller","salutation":"Herr"}
	{"name":"Dr. Hans Müller","salutation":"n/a"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Hans","Herr Dr."]
	["Hans","Herr Dr."]
	["Hans","Prof. Dr."]
	["Eva","Frau Dr."]
	["Hans","Herr"]
	["Hans","Dr."]
	EOF
}

@test "titles: a full name beside first and last names still gives the salutation" {
	run --separate-stderr values '[.name, .first_name, .last_name, .salutation]' <<<'{"name":"Dr. Hans Müller","first_name":"Hans","last_name":"Müller"}'
	assert_success
	assert_output '["Dr. Hans Müller","Hans","Müller","Dr."]'
}

@test "titles: after the comma of Last, First, and trailing" {
	run --separate-stderr values '[.first_name, .last_name, .salutation]' <<-'EOF'
	{"name":"Müller, Prof. Dr. Hans"}
	{"name":"Hans Müller, Dr."}
	{"name":"Müller, Hans, Dr. med."}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["Hans","Müller","Prof. Dr."]
	["Hans","Müller","Dr."]
	["Hans","Müller","Dr. med."]
	EOF
}

@test "titles.txt: a line without a kind is a data error naming file and line" {
	local share="$BATS_TEST_TMPDIR/share"
	cp -r "$LEADKIT_SHARE" "$share"
	printf 'Sir\n' >>"$share/titles.txt"
	LEADKIT_SHARE=$share run --separate-stderr lead-import <<<'{"last_name":"Weber"}'
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "lead-import: $share/titles.txt:$(wc -l <"$share/titles.txt"): \"Sir\" has no kind (TEXT<TAB>salutation or TEXT<TAB>title)"
}

@test "titles.txt: an entry a user adds is used" {
	local share="$BATS_TEST_TMPDIR/share"
	cp -r "$LEADKIT_SHARE" "$share"
	printf 'Sir\tsalutation\n' >>"$share/titles.txt"
	LEADKIT_SHARE=$share run --separate-stderr import_jq '[.first_name, .salutation]' <<<'{"name":"Sir John Smith"}'
	assert_success
	assert_output '["John","Sir"]'
}

# ---- phones in scientific notation --------------------------------------

@test "phone: Excel's scientific notation is flagged and kept raw, never a number" {
	run --separate-stderr values '[.phone, .phone_raw, .quality_flags]' -c DE <<-'EOF'
	{"phone":"4,93512E+11"}
	{"phone":"4.93512E+11"}
	{"phone":"4,93512E11"}
	{"phone":"4.93512e+11"}
	{"phone":" 4,93512E+11 "}
	{"phone":"0351 4567890"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[null,"4,93512E+11",["invalid_phone","phone_scientific"]]
	[null,"4.93512E+11",["invalid_phone","phone_scientific"]]
	[null,"4,93512E11",["invalid_phone","phone_scientific"]]
	[null,"4.93512e+11",["invalid_phone","phone_scientific"]]
	[null," 4,93512E+11 ",["invalid_phone","phone_scientific"]]
	["+493514567890",null,[]]
	EOF
}

@test "mobile: scientific notation is flagged and kept raw like phone" {
	run --separate-stderr values '[.phone, .mobile, .mobile_raw, .quality_flags]' -c DE <<-'EOF'
	{"phone":"0351 4567890","mobile":"4,91712E+11"}
	{"phone":"0351 4567890","mobile":"0171 2345678"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["+493514567890",null,"4,91712E+11",["invalid_phone","phone_scientific"]]
	["+493514567890","+491712345678",null,[]]
	EOF
}

# ---- the fixtures, field by field ---------------------------------------

@test "fixture messe-de.csv (Excel, de-DE): names, salutations, placeholders, phones" {
	run --separate-stderr values '[.salutation, .first_name, .last_name, .first_name_raw, .last_name_raw, .company, .company_raw, .phone, .phone_raw, .mobile, .mobile_raw, .quality_flags]' \
	    -m Anrede=salutation -m Mobil=mobile "$VAL/messe-de.csv"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["Herr","Hans","Müller",null,null,"Elbtal Maschinenbau GmbH",null,"+493514567890",null,null,"4,91712E+11",["invalid_phone","phone_scientific"]]
	["Frau Prof. Dr.","Anna","Null",null,null,"Nordlicht Consulting AG",null,"+49402345678",null,null,null,[]]
	[null,null,"Schmidt","k.A.",null,"Rheinblick Logistik GmbH",null,"+492213456789",null,null,null,["placeholder_value"]]
	["Herr",null,null,"-","-",null,"keine Angabe",null,null,"+491712345678",null,["placeholder_value"]]
	[null,"Karl","Weber",null,null,"Weber & Söhne KG",null,null,"4,93512E+11",null,null,["invalid_phone","phone_scientific"]]
	["Frau","Nan","Li",null,null,"Spreewald Optik GmbH",null,"+49305678901",null,null,null,[]]
	["Herr Dipl.-Ing.","Jürgen","Becker",null,null,"Becker Anlagenbau GmbH",null,"+497119650742",null,"+491719876543",null,[]]
	EOF
}

@test "fixture beurs-nl.csv (Excel, nl-NL): aanhef and titles, Last, First, placeholders" {
	run --separate-stderr values '[.salutation, .first_name, .last_name, .name_raw, .company, .company_raw, .phone, .quality_flags]' -c NL "$VAL/beurs-nl.csv"
	assert_success
	assert_output - <<-'EOF'
	["dhr. ir.","Joost","van der Meer",null,"Polder Techniek B.V.",null,"+31101234567",[]]
	["mevr. drs.","Anna","de Vries",null,null,"onbekend","+31612345678",["placeholder_value"]]
	[null,"Pieter","Bakker",null,"Bakker Installatie B.V.",null,"+31207654321",[]]
	[null,null,null,"n.v.t.","Zeeland Havendiensten B.V.",null,"+31118123456",["placeholder_value"]]
	EOF
}

@test "fixture targi-pl.csv: Polish titles, Pan/Pani, the surname Pan, brak" {
	run --separate-stderr values '[.salutation, .first_name, .last_name, .company, .company_raw, .phone, .quality_flags]' -c PL "$VAL/targi-pl.csv"
	assert_success
	assert_output - <<-'EOF'
	["mgr inż.","Jan","Kowalski","Kowalski Sp. z o.o.",null,"+48221234567",[]]
	["Pani","Anna","Nowak",null,"brak","+48601234567",["placeholder_value"]]
	["dr hab.","Piotr","Wiśniewski","Politechnika Gdańska",null,"+48583471234",[]]
	[null,"Pan","Wei","Wei Trading Sp. z o.o.",null,"+48227654321",[]]
	[null,"Tomasz","Zieliński","Zieliński i Wspólnicy",null,"+48123456789",[]]
	EOF
}

@test "fixture contacts-us.csv: Full Name as Last, First, with titles; None is a name" {
	run --separate-stderr values '[.salutation, .first_name, .last_name, .name_raw, .phone, .phone_raw, .quality_flags]' -c US "$VAL/contacts-us.csv"
	assert_success
	assert_output - <<-'EOF'
	[null,"Jane","Smith",null,"+14155550134",null,[]]
	["Dr.","Robert","Brown",null,null,"1.41555E+10",["invalid_phone","phone_scientific"]]
	["Mrs.","Mary","Johnson",null,"+12125550188",null,[]]
	[null,null,"None",null,"+16465550199",null,[]]
	[null,null,null,"N/A","+13105550177",null,["placeholder_value"]]
	EOF
}

@test "fixture webhook.ndjson: word placeholders kept in names only, raws and flags" {
	run --separate-stderr values '[.salutation, .first_name, .last_name, .company_raw, .title_raw, .first_name_raw, .name_raw, .phone_raw, .mobile, .mobile_raw, .quality_flags]' "$VAL/webhook.ndjson"
	assert_success
	assert_output - <<-'EOF'
	[null,"Null","Nan","null","none",null,null,"4.93512E+11","+491712345678",null,["placeholder_value","invalid_phone","phone_scientific"]]
	["Mr",null,"Okafor",null,"-","N/A",null,null,null,null,["placeholder_value"]]
	[null,null,null,null,null,null,"unknown",null,null,null,["placeholder_value"]]
	["Dr.","John","Smith",null,null,null,null,null,null,"1,41555E+10",["invalid_phone","phone_scientific"]]
	["Frau Dr.","Eva","Huber",null,null,null,null,null,null,null,[]]
	EOF
}

@test "fixtures: every record comes out (in = out, nothing rejected)" {
	local f n
	for f in "$VAL"/*.csv "$VAL"/*.ndjson; do
		n=$(lead-import -o ndjson --rejects "$BATS_TEST_TMPDIR/rej" "$f" | wc -l)
		if [[ $f == *.csv ]]; then
			assert_equal "$n" "$(($(wc -l <"$f") - 1))"
		else
			assert_equal "$n" "$(wc -l <"$f")"
		fi
		assert_equal "$(wc -c <"$BATS_TEST_TMPDIR/rej")" 0
	done
}

@test "phone: a JSON number is read as its text; in scientific notation it is flagged" {
	run --separate-stderr values '[.phone, .phone_raw, .mobile, .quality_flags]' -c DE <<-'EOF'
	{"phone":4.93512e11}
	{"phone":3514567890,"mobile":"0171 2345678"}
	{"phone":true}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[null,"4.93512e11",null,["invalid_phone","phone_scientific"]]
	["+493514567890",null,"+491712345678",[]]
	[null,true,null,["wrong_type"]]
	EOF
}
