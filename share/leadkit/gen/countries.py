#!/usr/bin/env python3
"""Generate share/leadkit/countries.tsv (python3, stdlib only).

Usage:
    python3 countries.py METADATA_JSON [OUTPUT]

METADATA_JSON is libphonenumber-js's metadata file (metadata.max.json from
the unpacked npm tarball; metadata.min.json also works but then nsn lengths
fall back to the country's general possible lengths).  OUTPUT defaults to
countries.tsv next to this script's parent directory.

Country codes and names come from Debian's iso-codes package:
    /usr/share/iso-codes/json/iso_3166-1.json
    /usr/share/locale/{de,nl,pl}/LC_MESSAGES/iso_3166-1.mo

Compact metadata format (libphonenumber-js >= 1.7.x, "v4"; see the package's
es6/metadata.js, class NumberingPlan):
    country = [ 0 calling_code, 1 idd_prefix, 2 national_number_pattern,
                3 possible_lengths, 4 formats, 5 national_prefix,
                6 national_prefix_formatting_rule,
                7 national_prefix_for_parsing, 8 national_prefix_transform_rule,
                9 national_prefix_is_optional_when_formatting,
                10 leading_digits, 11 types, 12 default_idd_prefix, 13 ext ]
    types   = [ 0 fixed_line, 1 mobile, 2 toll_free, ... ]
    type    = [ pattern, possible_lengths? ]  (absent lengths => country's)
Absent values are stored as 0/null.  country_calling_codes maps a calling
code to its countries, the first one being the "main country" for the code.
"""

import gettext
import json
import os
import sys
import unicodedata

ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
LOCALEDIR = "/usr/share/locale"
LANGS = ("de", "nl", "pl")

# Extra names people type into lead forms (beyond iso-codes and its
# de/nl/pl translations).  A name must identify exactly one country.
ALIASES = {
    "AD": ["Andorre"],
    "AE": ["UAE", "U.A.E.", "Emirates", "Arab Emirates", "VAE", "V.A.E.",
           "Emiraty Arabskie", "ZEA", "Émirats arabes unis"],
    "AF": ["Afganistan"],
    "AL": ["Shqipëria", "Albanie"],
    "AR": ["Argentine", "República Argentina"],
    "AT": ["Österreich", "Oesterreich", "Osterreich", "Autriche", "Austria",
           "Austrija"],
    "AU": ["Australien", "Commonwealth of Australia", "Australie"],
    "AX": ["Aland", "Åland", "Aland Islands", "Ahvenanmaa"],
    "BA": ["Bosnia", "Bosnia-Herzegovina", "Bosnia & Herzegovina",
           "Bosnien", "Bosna i Hercegovina", "BiH"],
    "BE": ["Belgique", "België", "Belgien", "Belgium", "Belgio", "Bélgica",
           "Belgia"],
    "BG": ["България", "Bulgarie"],
    "BL": ["St. Barthélemy", "St Barts", "St. Barts", "Saint Barts",
           "St. Barth"],
    "BN": ["Brunei"],
    "BO": ["Bolivia", "Bolivien", "Boliwia"],
    "BQ": ["Caribbean Netherlands", "Caribisch Nederland", "Bonaire",
           "Sint Eustatius", "Saba"],
    "BR": ["Brasil", "Brésil"],
    "BS": ["The Bahamas"],
    "BY": ["Belorussia", "Byelorussia", "Weißrussland", "Weissrussland",
           "Białoruś", "Беларусь"],
    "CA": ["Kanada", "Canadá"],
    "CD": ["DR Congo", "D.R. Congo", "DRC", "Congo-Kinshasa",
           "Congo (Kinshasa)", "Democratic Republic of the Congo",
           "Democratic Republic of Congo", "Kongo-Kinshasa", "Zaire"],
    "CG": ["Congo-Brazzaville", "Congo (Brazzaville)", "Republic of Congo",
           "Kongo-Brazzaville"],
    "CH": ["Schweiz", "Suisse", "Svizzera", "Svizra", "Switzerland",
           "Zwitserland", "Szwajcaria", "Confoederatio Helvetica", "Helvetia",
           "Suiza"],
    "CI": ["Ivory Coast", "Cote d'Ivoire", "Elfenbeinküste",
           "Côte d’Ivoire"],
    "CN": ["PRC", "P.R. China", "P.R.C.", "PR China", "Mainland China",
           "中国", "Chine"],
    "CV": ["Cape Verde", "Kapverden"],
    "CW": ["Curacao"],
    "CY": ["Chypre", "Κύπρος"],
    "CZ": ["Czech Republic", "Czechia", "Czech", "Tschechien",
           "Tschechische Republik", "Česko", "Česká republika",
           "Tsjechische Republiek", "Republika Czeska", "Czechy",
           "République tchèque"],
    "DE": ["Deutschland", "Germany", "Niemcy", "Duitsland", "BRD",
           "Allemagne", "Alemania", "Germania", "Bundesrepublik", "FRG",
           "F.R.G.", "Federal Republic of Germany", "Niemiec"],
    "DK": ["Danmark", "Dänemark", "Danemark", "Dinamarca"],
    "DZ": ["Algérie"],
    "EE": ["Eesti", "Estland"],
    "EG": ["Ägypten", "Égypte"],
    "ES": ["España", "Espana", "Espagne", "Spanien", "Spagna", "Hiszpania",
           "Spanje"],
    "FI": ["Suomi", "Finnland", "Finlande"],
    "FK": ["Falkland Islands", "Falklands", "Islas Malvinas"],
    "FM": ["Micronesia", "Mikronesien"],
    "FO": ["Faroe", "Faroes", "Faeroe Islands", "Føroyar", "Färöer"],
    "FR": ["France", "Frankreich", "Frankrijk", "Francja", "Francia",
           "République française", "Republique francaise"],
    "GB": ["UK", "U.K.", "United Kingdom", "Great Britain", "Britain",
           "England", "Scotland", "Wales", "Northern Ireland",
           "Groot-Brittannië", "Wielka Brytania", "Großbritannien",
           "Grossbritannien", "Vereinigtes Königreich",
           "Verenigd Koninkrijk", "Zjednoczone Królestwo", "Anglia",
           "Engeland", "Schottland", "Schotland", "Szkocja", "Walia",
           "Nordirland", "Noord-Ierland", "Irlandia Północna",
           "Great Britain and Northern Ireland", "Royaume-Uni",
           "Reino Unido", "Regno Unito", "Grande-Bretagne", "Cymru"],
    "GL": ["Kalaallit Nunaat"],
    "GM": ["The Gambia"],
    "GR": ["Hellas", "Ελλάδα", "Grèce", "Grecia"],
    "HK": ["Hong Kong SAR", "Hongkong SAR", "Hong Kong, China",
           "香港"],
    "HR": ["Hrvatska", "Croatie"],
    "HU": ["Magyarország", "Hongrie"],
    "IE": ["Éire", "Republic of Ireland", "Irlande", "Irlanda"],
    "IN": ["Bharat", "Inde"],
    "IR": ["Iran", "Persia", "Islamic Republic of Iran"],
    "IS": ["Ísland", "Islande"],
    "IT": ["Italia", "Italien", "Italie", "Włochy", "Wlochy", "Italië"],
    "JP": ["Nippon", "Nihon", "日本", "Japon"],
    "KN": ["St. Kitts and Nevis", "St Kitts and Nevis",
           "Saint Kitts & Nevis", "St. Kitts & Nevis", "St. Kitts"],
    "KP": ["DPRK", "D.P.R.K.", "Korea (North)", "North Korea"],
    "KR": ["South Korea", "Korea", "Republic of Korea", "Korea (South)",
           "S. Korea", "Südkorea", "Zuid-Korea", "Korea Południowa",
           "대한민국", "한국", "Corée du Sud"],
    "KZ": ["Qazaqstan", "Казахстан"],
    "LA": ["Laos"],
    "LC": ["St. Lucia", "St Lucia", "Saint Lucia"],
    "LI": ["Fürstentum Liechtenstein"],
    "LT": ["Lietuva", "Litauen", "Litwa", "Lituanie"],
    "LU": ["Luxemburg", "Lëtzebuerg", "Luksemburg", "Luxembourg"],
    "LV": ["Latvija", "Lettland", "Letland", "Łotwa", "Lettonie"],
    "MA": ["Maroc", "Marokko", "Maroko", "Marruecos"],
    "MD": ["Moldova", "Moldau", "Moldavia", "Mołdawia"],
    "ME": ["Crna Gora", "Црна Гора"],
    "MF": ["Saint Martin", "St. Martin", "Saint-Martin"],
    "MK": ["Macedonia", "FYROM", "F.Y.R.O.M.", "Republic of Macedonia",
           "Mazedonien", "Macedonië", "Северна Македонија", "Makedonija"],
    "MM": ["Burma", "Birma", "Myanmar (Burma)"],
    "MO": ["Macau", "Macao SAR", "Macau SAR", "澳門"],
    "MT": ["Malte"],
    "MX": ["México", "Mexique", "Mexiko"],
    "NL": ["Holland", "The Netherlands", "the Netherlands", "Nederland",
           "Niederlande", "Holandia", "Pays-Bas", "Países Bajos",
           "Paesi Bassi", "Olanda", "Netherland", "Holanda"],
    "NO": ["Norge", "Noreg", "Norwegen", "Norvège", "Noruega"],
    "NZ": ["Aotearoa", "Neuseeland", "Nouvelle-Zélande"],
    "PH": ["Pilipinas"],
    "PL": ["Polska", "Polen", "Poland", "Pologne", "Polonia",
           "Rzeczpospolita Polska", "Republic of Poland"],
    "PM": ["St. Pierre and Miquelon", "Saint-Pierre-et-Miquelon"],
    "PS": ["Palestine", "Palestinian Territories", "Palästina",
           "Palestina", "Palestyna"],
    "PT": ["Portugalia", "República Portuguesa"],
    "RE": ["Reunion", "La Réunion"],
    "RO": ["România", "Rumänien", "Roumanie", "Rumunia"],
    "RS": ["Srbija", "Србија", "Serbien", "Serbie"],
    "RU": ["Russia", "Russland", "Rusland", "Rosja", "Russie", "Rusia",
           "Россия", "Rossija", "Rossiya", "Russian Federation"],
    "SA": ["KSA", "K.S.A.", "Saudi", "Saudi Arabia", "Saudi-Arabien",
           "Arabie saoudite"],
    "SE": ["Sverige", "Schweden", "Suède", "Suecia"],
    "SH": ["Saint Helena", "St. Helena", "St Helena"],
    "SI": ["Slovenija", "Slowenien", "Slovénie"],
    "SJ": ["Svalbard", "Spitsbergen"],
    "SK": ["Slovensko", "Slowakei", "Slovaquie", "Slovak Republic"],
    "ST": ["São Tomé and Príncipe", "Sao Tome"],
    "SX": ["Sint Maarten"],
    "SY": ["Syria", "Syrien", "Syrie"],
    "SZ": ["Swaziland", "eSwatini", "Swasiland"],
    "TL": ["East Timor", "Osttimor"],
    "TR": ["Turkey", "Türkei", "Turkije", "Turcja", "Türkiye", "Turkiye",
           "Turquie", "Turquía", "Türkiye Cumhuriyeti"],
    "TT": ["Trinidad", "Trinidad & Tobago"],
    "TW": ["Taiwan", "Republic of China", "R.O.C.", "Taiwan (R.O.C.)",
           "Chinese Taipei", "臺灣", "台灣"],
    "TZ": ["Tanzania"],
    "UA": ["Україна", "Ukrajina", "Ukraina"],
    "US": ["USA", "U.S.A.", "U.S.", "US of A", "United States of America",
           "United States", "America", "Amerika", "Ameryka",
           "Vereinigte Staaten", "Vereinigte Staaten von Amerika",
           "Verenigde Staten", "Verenigde Staten van Amerika",
           "Stany Zjednoczone", "Stany Zjednoczone Ameryki", "Estados Unidos",
           "États-Unis", "Etats-Unis", "Stati Uniti"],
    "VA": ["Holy See", "Vatican", "Vatican City", "Vatican City State",
           "Vatikan", "Vatikanstadt", "Vaticaanstad", "Watykan",
           "Città del Vaticano", "Stato della Città del Vaticano"],
    "VC": ["St. Vincent and the Grenadines", "St Vincent and the Grenadines",
           "Saint Vincent", "St. Vincent"],
    "VE": ["Venezuela"],
    "VG": ["BVI", "British Virgin Islands"],
    "VI": ["USVI", "US Virgin Islands", "U.S. Virgin Islands"],
    "VN": ["Vietnam", "Viet Nam", "Việt Nam"],
    "ZA": ["RSA", "Südafrika", "Suid-Afrika", "Afrique du Sud"],
}


# Latin letters without a decomposition, as lib/base/fold.h maps them.
_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th",
                        "æ": "ae", "œ": "oe", "ı": "i"})


def fold(s):
    """like lib/base/fold.h fold_key: NFKC case fold, marks stripped, a few
    Latin letters mapped, non-alphanumerics to single spaces."""
    s = unicodedata.normalize("NFKC", s).casefold().translate(_EXTRA)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    out = []
    for c in s:
        out.append(c if c.isalnum() else " ")
    return " ".join("".join(out).split())


def type_lengths(country, idx):
    """possible lengths of one number type, None if the type is absent."""
    types = country[11] if len(country) > 11 else None
    if not types or len(types) <= idx or not types[idx]:
        return None
    t = types[idx]
    if len(t) > 1 and t[1]:
        return list(t[1])
    return list(country[3] or [])


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: countries.py METADATA_JSON [OUTPUT]")
    meta_path = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = sys.argv[2] if len(sys.argv) > 2 else \
        os.path.join(os.path.dirname(here), "countries.tsv")

    with open(meta_path, encoding="utf-8") as f:
        meta = json.load(f)
    with open(ISO_JSON, encoding="utf-8") as f:
        iso = json.load(f)["3166-1"]
    tr = {l: gettext.translation("iso_3166-1", LOCALEDIR, languages=[l])
          for l in LANGS}

    mc = meta["countries"]
    main_for_code = {code: ccs[0]
                     for code, ccs in meta["country_calling_codes"].items()}

    rows = {}
    for c in iso:
        a2 = c["alpha_2"]
        names = [c["name"]] + [tr[l].gettext(c["name"]) for l in LANGS]
        for k in ("official_name", "common_name"):
            if k in c:
                names.append(c[k])
        for k in ("official_name", "common_name"):
            if k in c:
                names += [tr[l].gettext(c[k]) for l in LANGS]
        names += ALIASES.get(a2, [])
        seen, uniq = set(), []
        for n in names:
            n = " ".join(n.split())
            assert "|" not in n and "\t" not in n, n
            if n and n.casefold() not in seen:
                seen.add(n.casefold())
                uniq.append(n)
        cc = tp = nmin = nmax = ""
        m = mc.get(a2)
        if m:
            cc = m[0]
            tp = m[5] or ""
            lens = set()
            for idx in (0, 1):  # fixed line, mobile
                l = type_lengths(m, idx)
                if l:
                    lens.update(l)
            if not lens:
                lens = set(m[3] or [])
            if lens:
                nmin, nmax = str(min(lens)), str(max(lens))
        rows[a2] = [a2, c["alpha_3"], cc, tp, nmin, nmax, uniq]

    for a2 in ALIASES:
        if ALIASES[a2] and a2 not in rows:
            sys.exit("alias for unknown country " + a2)

    # A folded name must identify one row.  A row's English short name
    # always keeps it; otherwise the first row by alpha2 does, and the
    # loser's copy is dropped with a message on stderr.
    owner = {}
    for a2, r in sorted(rows.items()):
        owner.setdefault(fold(r[6][0]), a2)
    for a2, r in sorted(rows.items()):
        keep = []
        for n in r[6]:
            k = fold(n)
            o = owner.setdefault(k, a2)
            if o == a2:
                keep.append(n)
            else:
                sys.stderr.write("collision: %r (%s) already names %s; "
                                 "dropped from %s\n" % (n, k, o, a2))
        r[6] = keep

    # Order: by alpha2, then move each calling code's main country in front
    # of the first other country sharing the code.
    order = sorted(rows)
    for code, main_a2 in sorted(main_for_code.items()):
        sharers = [a for a in order if rows[a][2] == code]
        if main_a2 not in rows or len(sharers) < 2:
            continue
        first = sharers[0]
        if first != main_a2:
            order.remove(main_a2)
            order.insert(order.index(first), main_a2)

    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# leadkit countries: ISO 3166-1 + phone metadata; TAB-separated: "
                "alpha2 alpha3 calling_code trunk_prefix nsn_min nsn_max "
                "names('|'-separated); generated by gen/countries.py, "
                "see PROVENANCE.md\n")
        for a2 in order:
            r = rows[a2]
            f.write("\t".join(r[:6] + ["|".join(r[6])]) + "\n")


if __name__ == "__main__":
    main()
